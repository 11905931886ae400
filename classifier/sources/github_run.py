"""GitHub run source: the failed jobs' logs, matching artifacts and check-run annotations of one run,
plus workspace files when running inside the failing job.

Every fault becomes a `Problem` naming the job or artifact (logs expired, rate limited, job unreadable);
jobs still running are skipped with a note. Downloads are spooled to a work folder so big logs are
streamed, never held in memory.
"""

from __future__ import annotations

import fnmatch
import glob
import io
import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from classifier.errors import GitHubError, LimitExceeded
from classifier.github.api import ArtifactInfo, CheckAnnotation, GitHubClient, JobInfo, LogsUnavailable, RunInfo
from classifier.model import Problem, RunContext
from classifier.settings import Settings
from classifier.sources.base import Document
from classifier.sources.files import Limits, iter_documents

FAILED = {"failure", "timed_out"}
DOWNLOAD_WORKERS = 4

Item = Document | Problem


@dataclass(frozen=True, slots=True)
class Target:
    """Which run to read, resolved from settings and the runner's context."""

    repository: str
    run_id: int
    run_attempt: int  # 0: the latest
    event: str
    pr_number: int | None
    workspace: str
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RunMaterial:
    run: RunContext
    items: tuple[Item, ...]
    notes: tuple[str, ...]


def read_event(path: str) -> dict[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def resolve_target(settings: Settings, environ: Mapping[str, str]) -> Target:
    """The run to analyse: an explicit run_id, the triggering run of a `workflow_run` event, or this run."""
    payload = read_event(environ.get("GITHUB_EVENT_PATH", ""))
    event = environ.get("GITHUB_EVENT_NAME", "")
    run_id, attempt = settings.run_id, settings.run_attempt
    pr_number: int | None = None
    explicit = environ.get("INPUT_RUN_ID", "").strip() not in {"", "0"}
    if explicit and environ.get("INPUT_RUN_ATTEMPT", "").strip() in {"", "0"}:
        attempt = 0  # GITHUB_RUN_ATTEMPT is this run's, not the given run's: take its latest
    triggering = payload.get("workflow_run") if event == "workflow_run" else None
    if isinstance(triggering, dict):
        if not explicit:
            run_id = int(triggering.get("id") or run_id)
            attempt = int(triggering.get("run_attempt") or 0)
        prs = triggering.get("pull_requests") or []
        if prs and isinstance(prs[0], dict):
            pr_number = int(prs[0].get("number") or 0) or None
    pull = payload.get("pull_request")
    if isinstance(pull, dict) and pull.get("number"):
        pr_number = int(pull["number"])
    return Target(settings.repository, run_id, attempt, event, pr_number, environ.get("GITHUB_WORKSPACE", ""), payload)


def run_context(target: Target, info: RunInfo | None, settings: Settings, actor: str = "") -> RunContext:
    pr = target.pr_number
    if pr is None and info is not None and info.pull_requests:
        pr = info.pull_requests[0]
    return RunContext(
        repository=target.repository,
        workflow=info.name if info else "",
        run_id=target.run_id or None,
        run_attempt=(info.run_attempt if info else target.run_attempt) or None,
        branch=info.head_branch if info else "",
        sha=info.head_sha if info else "",
        pr_number=pr,
        actor=(info.actor if info else "") or actor,
        event=(info.event if info else "") or target.event,
        server_url=settings.github_server_url,
    )


def _file_opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


def _renamed(item: Item, real: str, display: str) -> Item:
    """Show `display` where the files source used the spool or absolute path."""
    if isinstance(item, Problem):
        return replace(item, source=item.source.replace(real, display, 1), message=item.message.replace(real, display))
    return replace(item, name=item.name.replace(real, display, 1))


def file_documents(path: Path, display: str, limits: Limits = Limits()) -> list[Item]:  # noqa: B008
    """One file through the safe files source (zip members streamed, `.gz` decompressed), named `display`."""
    return [_renamed(item, str(path), display) for item in iter_documents([str(path)], limits)]


def workspace_documents(patterns: tuple[str, ...], workspace: str) -> list[Item]:
    """Files under the workspace matching `paths` globs."""
    root = Path(workspace or ".").resolve()
    items: list[Item] = []
    seen: set[Path] = set()
    for pattern in patterns:
        for match in sorted(glob.glob(str(root / pattern), recursive=True)):
            path = Path(match)
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            display = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            items.extend(file_documents(path, display))
    return items


def _log_name(job: JobInfo) -> str:
    return f"{job.name}.log" if job.run_attempt <= 1 else f"{job.name} (attempt {job.run_attempt}).log"


def _fetch_problem(source: str, exc: Exception) -> Problem:
    if isinstance(exc, LogsUnavailable):
        return Problem(source, f"logs expired or deleted ({exc}); nothing to read", kind="fetch")
    if isinstance(exc, LimitExceeded):
        return Problem(source, str(exc), kind="limit")
    return Problem(source, f"unreadable: {exc}", kind="fetch")


def _annotations_document(check_run: str, found: list[CheckAnnotation]) -> Document:
    payload = [
        {
            "path": a.path,
            "start_line": a.start_line,
            "end_line": a.end_line,
            "annotation_level": a.level,
            "title": a.title,
            "message": a.message,
            "raw_details": a.raw_details,
        }
        for a in found
    ]
    data = json.dumps(payload, indent=1).encode()

    def opener() -> BinaryIO:
        return io.BytesIO(data)

    return Document(f"{check_run} (check-run annotations)", opener, len(data), job=check_run, format_hint="annotations")


class RunReader:
    """Reads one run through a `GitHubClient` into documents and problems."""

    def __init__(self, client: GitHubClient, settings: Settings, workdir: Path) -> None:
        self._client = client
        self._settings = settings
        self._workdir = workdir
        self.notes: list[str] = []

    def read(self, target: Target) -> RunMaterial:
        items: list[Item] = []
        info: RunInfo | None = None
        repo = target.repository
        if self._client.has_token and repo and target.run_id:
            try:
                info = self._client.get_run(repo, target.run_id)
            except GitHubError as exc:
                items.append(Problem(f"run {target.run_id}", f"run metadata unreadable: {exc}", kind="fetch"))
            if info is not None:
                items.extend(self._run_items(repo, target, info))
        elif not self._client.has_token:
            self.notes.append(
                "No GitHub token: job logs, artifacts and check annotations were not read; "
                "only workspace files were analysed."
            )
        else:
            self.notes.append("No repository or run id: only workspace files were analysed.")
        if self._settings.paths:
            items.extend(workspace_documents(self._settings.paths, target.workspace))
        return RunMaterial(run_context(target, info, self._settings), tuple(items), tuple(self.notes))

    def _run_items(self, repo: str, target: Target, info: RunInfo) -> list[Item]:
        attempt = target.run_attempt or info.run_attempt
        items: list[Item] = []
        if self._settings.read_job_logs:
            items.extend(self._job_logs(repo, target.run_id, attempt))
        if self._settings.artifact_patterns:
            items.extend(self._artifacts(repo, target.run_id))
        if info.check_suite_id:
            items.extend(self._check_annotations(repo, info.check_suite_id))
        return items

    def _job_logs(self, repo: str, run_id: int, attempt: int) -> list[Item]:
        try:
            jobs = self._client.list_jobs(repo, run_id)
        except GitHubError as exc:
            return [Problem(f"run {run_id}", f"job list unreadable: {exc}", kind="fetch")]
        self._note_retries(jobs, attempt)
        failed: list[JobInfo] = []
        for job in jobs:
            if job.run_attempt != attempt:
                continue
            if job.status != "completed":
                self.notes.append(
                    f"Job '{job.name}' is still {job.status or 'running'}: its log is not "
                    "available until it finishes; skipped."
                )
            elif job.conclusion in FAILED:
                failed.append(job)
        with ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS) as pool:  # logs download in parallel
            items: list[Item] = list(pool.map(lambda job: self._job_log(repo, job), failed))
        for job in failed:
            if job.failed_steps:
                self.notes.append(f"Job '{job.name}' failed at: {', '.join(s.name for s in job.failed_steps)}.")
        if not any(job.run_attempt == attempt for job in jobs):
            self.notes.append(f"Run {run_id} has no jobs in attempt {attempt}.")
        elif not items:
            self.notes.append(f"No finished failed jobs in attempt {attempt} of run {run_id}.")
        return items

    def _note_retries(self, jobs: list[JobInfo], attempt: int) -> None:
        current = {job.name: job for job in jobs if job.run_attempt == attempt}
        for job in jobs:
            now = current.get(job.name)
            if job.run_attempt < attempt and job.conclusion in FAILED and now and now.conclusion == "success":
                self.notes.append(
                    f"Job '{job.name}' failed in attempt {job.run_attempt} and passed in "
                    f"attempt {attempt}: likely flaky."
                )

    def _job_log(self, repo: str, job: JobInfo) -> Item:
        name = _log_name(job)
        dest = self._workdir / f"job-{job.id}.log"
        try:
            size = self._client.download_job_log(repo, job.id, dest)
        except (GitHubError, LimitExceeded) as exc:
            return _fetch_problem(name, exc)
        step = job.failed_steps[0].name if len(job.failed_steps) == 1 else ""
        return Document(
            name, _file_opener(dest), size, job=job.name, step=step, format_hint="gha_log", url=job.html_url
        )

    def _artifacts(self, repo: str, run_id: int) -> list[Item]:
        try:
            artifacts = self._client.list_artifacts(repo, run_id)
        except GitHubError as exc:
            return [Problem(f"run {run_id} artifacts", f"artifact list unreadable: {exc}", kind="fetch")]
        items: list[Item] = []
        for artifact in artifacts:
            if any(fnmatch.fnmatchcase(artifact.name, p) for p in self._settings.artifact_patterns):
                items.extend(self._artifact(artifact))
        return items

    def _artifact(self, artifact: ArtifactInfo) -> list[Item]:
        dest = self._workdir / f"artifact-{artifact.id}.zip"
        display = f"{artifact.name}.zip"
        try:
            self._client.download_artifact(artifact, dest)
        except (GitHubError, LimitExceeded) as exc:
            return [_fetch_problem(display, exc)]
        return file_documents(dest, display)

    def _check_annotations(self, repo: str, suite_id: int) -> list[Item]:
        try:
            found = self._client.check_annotations(repo, suite_id)
        except GitHubError as exc:
            return [Problem(f"check suite {suite_id}", f"annotations unreadable: {exc}", kind="fetch")]
        by_run: dict[str, list[CheckAnnotation]] = {}
        for annotation in found:
            if annotation.level in {"failure", "warning"}:
                by_run.setdefault(annotation.check_run, []).append(annotation)
        return [_annotations_document(name, group) for name, group in by_run.items()]
