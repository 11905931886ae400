"""GitHub backlog source: the failed jobs of the last N hours of a repository or an organisation.

Built on `classifier.github.api.GitHubClient` (the one module that speaks to GitHub). Each failed job is
one `WorkItem` keyed `owner/repo/runs/<run>/attempts/<n>/jobs/<job>`; its log is downloaded only when the
item is processed, so shards and the checkpoint skip downloads too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from classifier.errors import GitHubError, LimitExceeded
from classifier.github.api import GitHubClient, JobInfo, RunInfo
from classifier.model import Problem, RunContext
from classifier.sources.base import Document, WorkItem

FAILED = {"failure", "timed_out"}


def organisation_repositories(client: GitHubClient, organisation: str) -> list[str]:
    """`owner/name` of every non-archived repository of the organisation."""
    return client.organization_repositories(organisation)


def failed_job_items(
    client: GitHubClient, repositories: Sequence[str], since: datetime, workdir: Path, max_runs: int = 1000
) -> Iterator[WorkItem | Problem]:
    for repo in repositories:
        try:
            runs = client.failed_runs(repo, since, max_runs)
        except GitHubError as exc:
            yield Problem(repo, f"failed runs unreadable: {exc}", kind="fetch")
            continue
        for info in runs:
            try:
                jobs = client.list_jobs(repo, info.id)
            except GitHubError as exc:
                yield Problem(f"{repo} run {info.id}", f"job list unreadable: {exc}", kind="fetch")
                continue
            for job in jobs:
                if job.conclusion in FAILED and job.run_attempt == info.run_attempt:
                    yield _item(client, repo, info, job, workdir)


def _item(client: GitHubClient, repo: str, info: RunInfo, job: JobInfo, workdir: Path) -> WorkItem:
    key = f"{repo}/runs/{info.id}/attempts/{job.run_attempt}/jobs/{job.id}"
    run = RunContext(
        repository=repo,
        workflow=info.name,
        run_id=info.id,
        run_attempt=job.run_attempt,
        branch=info.head_branch,
        sha=info.head_sha,
        pr_number=info.pull_requests[0] if info.pull_requests else None,
        actor=info.actor,
        event=info.event,
    )

    def load() -> list[Document | Problem]:
        dest = workdir / f"job-{job.id}.log"
        name = f"{repo}/actions/runs/{info.id}/job/{job.id} ({info.name} / {job.name})"  # id: link to jobs index
        try:
            size = client.download_job_log(repo, job.id, dest)
        except (GitHubError, LimitExceeded) as exc:
            return [Problem(name, f"log unavailable: {exc}", kind="fetch")]
        return [Document(name, lambda: dest.open("rb"), size, job=job.name, format_hint="gha_log", url=job.html_url)]

    return WorkItem(key, run, load)
