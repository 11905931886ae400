"""The passing log as evidence: the most recent successful run of the same workflow on the base branch.

For each failed job of the analysed run, the log of the job with the same name in that run is read (its
last `MAX_BASELINE_BYTES`), so lines that also occur when the job passes cannot be the cause. API calls are
bounded: one for the run list, the job list of that run until every wanted name is found (one page per
100 jobs), and one log per failed job, at most `MAX_BASELINE_LOGS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from classifier.access import BaselineRef
from classifier.errors import GitHubError, LimitExceeded
from classifier.github.api import GitHubClient, JobInfo, RunInfo

MAX_BASELINE_LOGS = 5
MAX_BASELINE_BYTES = 4 << 20
MAX_CANDIDATE_RUNS = 5


@dataclass(frozen=True, slots=True)
class Baseline:
    """Job name -> lines of its passing log; `ref` says which run, `note` why there is none."""

    lines: dict[str, list[str]]
    ref: BaselineRef | None = None
    note: str = ""


def _tail_lines(path: Path) -> list[str]:
    """The last MAX_BASELINE_BYTES of a log as lines (a cut first line is dropped)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - MAX_BASELINE_BYTES))
        data = handle.read()
    lines = data.decode("utf-8", "replace").splitlines()
    return lines[1:] if size > MAX_BASELINE_BYTES else lines


def _passing_jobs(client: GitHubClient, repo: str, run_id: int, wanted: set[str]) -> dict[str, JobInfo]:
    """Successful jobs of the run's latest attempt with a wanted name; stops paging once all are found."""
    found: dict[str, JobInfo] = {}
    for job in client.iter_jobs(repo, run_id, latest=True):
        if job.name in wanted and job.conclusion == "success":
            found[job.name] = job
            if len(found) == len(wanted):
                break
    return found


def fetch_baseline(
    client: GitHubClient, repo: str, info: RunInfo, failed: Sequence[JobInfo], branch: str, workdir: Path
) -> Baseline:
    """The passing logs of the failed jobs from the last successful run on `branch`; never raises."""
    if not failed:
        return Baseline({})
    if not (info.workflow_id and branch):
        return Baseline({}, note="No baseline: the run's workflow or base branch is unknown.")
    wanted = {job.name for job in failed[:MAX_BASELINE_LOGS]}
    try:
        runs = [run for run in client.successful_runs(repo, info.workflow_id, branch, MAX_CANDIDATE_RUNS)]
        runs = [run for run in runs if run.id != info.id]
        if not runs:
            return Baseline({}, note=f"No baseline: no successful run of this workflow on {branch}.")
        run = runs[0]
        jobs = _passing_jobs(client, repo, run.id, wanted)
    except GitHubError as exc:
        return Baseline({}, note=f"No baseline: {exc}")
    if not jobs:
        return Baseline({}, note=f"No baseline: run {run.id} on {branch} has no passing job of the same name.")

    def one(job: JobInfo) -> tuple[str, list[str]]:
        dest = workdir / f"baseline-{job.id}.log"
        try:
            client.download_job_log(repo, job.id, dest)
        except (GitHubError, LimitExceeded):
            return job.name, []
        return job.name, _tail_lines(dest)

    with ThreadPoolExecutor(max_workers=4) as pool:
        lines = {name: found for name, found in pool.map(one, jobs.values()) if found}
    if not lines:
        return Baseline({}, note=f"No baseline: the logs of run {run.id} could not be read.")
    return Baseline(lines, BaselineRef(run.id, run.html_url, branch, tuple(sorted(lines))))
