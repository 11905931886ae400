"""GitHub run source: the failed jobs' logs, their failure-level check-run annotations and matching artifacts
of one run attempt, plus workspace files when running inside the failing job.

Only failed jobs are read (see `github_jobs`): a run with 128 jobs and 5 failures costs about a dozen API
calls, not one per job. Every fault becomes a `Problem` naming the job or artifact; when the run itself
cannot be read (run, job list, or every failed job's log refused) the material says so in
`access.unreadable` with the endpoint and the permission that fixes it, and is never taken for a run
without failures. Downloads are spooled to a work folder so big logs are streamed, never held in memory.
"""

from __future__ import annotations

import fnmatch
import glob
import mmap
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from classifier.access import AccessProblem, DockerBuild, LogSteps, PathContext, RunAccess
from classifier.errors import GitHubError, LimitExceeded
from classifier.extract.time_limit import JOB_LIMIT_MINUTES
from classifier.github.api import ArtifactInfo, CheckAnnotation, GitHubClient, JobInfo, LogsUnavailable, RunInfo
from classifier.github.http import ApiFailure
from classifier.github.paths import docker_builds
from classifier.model import Problem, RunContext
from classifier.sources.base import Document
from classifier.sources.baseline_run import Baseline, fetch_baseline
from classifier.sources.files import Limits, iter_documents
from classifier.sources.github_annotations import (
    annotations_document,
    issue_lines,
    log_step_starts,
    needs_annotations,
)
from classifier.sources.github_jobs import (
    failure_level,
    hit_time_limit,
    ran_its_limit,
    ran_minutes,
    select_jobs,
    stated_limit,
    time_limit_text,
)
from classifier.sources.github_limits import own_limits
from classifier.sources.github_target import (
    RunSettings,
    Target,
    find_fork_pull,
    read_event,
    resolve_target,
    run_context,
)

__all__ = ["RunMaterial", "RunReader", "Target", "file_documents", "read_event", "resolve_target", "run_context"]
DOWNLOAD_WORKERS = 4
BUILD_COMMAND = re.compile(rb"docker(?:[ \t]+buildx)?[ \t]+build[ \t]")  # a literal first: a fast scan
MAX_BUILDS = 20
TAIL_BYTES = 64 << 10

Item = Document | Problem


@dataclass(frozen=True, slots=True)
class RunMaterial:
    run: RunContext
    items: tuple[Item, ...]
    notes: tuple[str, ...]
    access: RunAccess = field(default_factory=RunAccess)
    baseline: dict[str, list[str]] = field(default_factory=dict)  # job name -> lines of its passing log


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


def _builds(path: Path) -> tuple[DockerBuild, ...]:
    """`docker build` commands of a downloaded log (a C-speed scan: only matching lines are decoded)."""
    try:
        with path.open("rb") as handle:
            if path.stat().st_size == 0:
                return ()
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                lines = [_line_at(data, m.start()) for m in BUILD_COMMAND.finditer(data)]
    except (OSError, ValueError):
        return ()
    return docker_builds(lines[:MAX_BUILDS])


def _line_at(data: mmap.mmap, offset: int) -> str:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    return data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")


def _log_name(job: JobInfo) -> str:
    return f"{job.name}.log" if job.run_attempt <= 1 else f"{job.name} (attempt {job.run_attempt}).log"


def _fetch_problem(source: str, exc: Exception) -> Problem:
    if isinstance(exc, LogsUnavailable):
        return Problem(source, f"logs expired or deleted ({exc}); nothing to read", kind="fetch")
    if isinstance(exc, LimitExceeded):
        return Problem(source, str(exc), kind="limit")
    return Problem(source, f"unreadable: {exc}", kind="fetch")


@dataclass(slots=True)
class _Read:
    """What one reading gathered, before it becomes `RunMaterial`."""

    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    denied: list[AccessProblem] = field(default_factory=list)
    unreadable: AccessProblem | None = None
    pr_number: int | None = None
    baseline: Baseline = field(default_factory=lambda: Baseline({}))
    builds: list[DockerBuild] = field(default_factory=list)
    annotations_refused: bool = False
    log_steps: list[LogSteps] = field(default_factory=list)
    limits: dict[int, float] = field(default_factory=dict)  # job id -> its own timeout-minutes, when read

    def deny(self, exc: GitHubError) -> None:
        if isinstance(exc, ApiFailure) and exc.problem not in self.denied:
            self.denied.append(exc.problem)


class RunReader:
    """Reads one run attempt through a `GitHubClient` into documents, problems and access facts."""

    def __init__(self, client: GitHubClient, settings: RunSettings, workdir: Path) -> None:
        self._client = client
        self._settings = settings
        self._workdir = workdir

    def read(self, target: Target) -> RunMaterial:
        got = _Read()
        info: RunInfo | None = None
        repo = target.repository
        if self._client.has_token and repo and target.run_id:
            try:
                info = self._client.get_run(repo, target.run_id)
            except GitHubError as exc:
                got.items.append(Problem(f"run {target.run_id}", f"run metadata unreadable: {exc}", kind="fetch"))
                got.unreadable = exc.problem if isinstance(exc, ApiFailure) else None
            if info is not None:
                self._run_items(repo, target, info, got)
        elif not self._client.has_token:
            got.notes.append(
                "No GitHub token: job logs, artifacts and check annotations were not read; "
                "only workspace files were analysed."
            )
        else:
            got.notes.append("No repository or run id: only workspace files were analysed.")
        if self._settings.paths:
            got.items.extend(workspace_documents(self._settings.paths, target.workspace))
        run = run_context(target, info, self._settings)
        if got.pr_number is not None and run.pr_number is None:
            run = replace(run, pr_number=got.pr_number)
        access = RunAccess(
            api_calls=self._client.calls,
            unreadable=got.unreadable,
            denied=tuple(got.denied),
            baseline=got.baseline.ref,
            baseline_note=got.baseline.note,
            paths=PathContext(target.workspace, tuple(got.builds[:MAX_BUILDS])),
            log_steps=tuple(got.log_steps),
        )
        return RunMaterial(run, tuple(got.items), tuple(got.notes), access, got.baseline.lines)

    def _run_items(self, repo: str, target: Target, info: RunInfo, got: _Read) -> None:
        attempt = target.run_attempt or info.run_attempt
        suite = info.check_suite_id
        failed = self._failed_jobs(repo, info, attempt, suite, got) if self._settings.read_job_logs else []
        if got.unreadable is not None:
            return
        if self._settings.artifact_patterns:
            self._artifacts(repo, target.run_id, got)
        if target.pr_number is None and not info.pull_requests:
            pull, note = find_fork_pull(self._client, target, info)
            got.pr_number = pull.number if pull else None
            got.notes.extend([note] if note else [])
            target = replace(target, base_branch=pull.base_ref) if pull else target
        if self._settings.fetch_baseline and failed:
            branch = target.base_branch or info.head_branch
            got.baseline = fetch_baseline(self._client, repo, info, failed, branch, self._workdir)

    def _failed_jobs(self, repo: str, info: RunInfo, attempt: int, suite: int | None, got: _Read) -> list[JobInfo]:
        run_id = info.id
        try:
            jobs = self._client.list_jobs(repo, run_id)
        except GitHubError as exc:
            got.items.append(Problem(f"run {run_id}", f"job list unreadable: {exc}", kind="fetch"))
            got.unreadable = exc.problem if isinstance(exc, ApiFailure) else None
            return []
        chosen = select_jobs(jobs, attempt)
        for job in chosen.flaky:
            got.notes.append(
                f"Job '{job.name}' failed in attempt {job.run_attempt} and passed in attempt {attempt}: likely flaky."
            )
        for job in chosen.running:
            got.notes.append(
                f"Job '{job.name}' is still {job.status or 'running'}: its log is not "
                "available until it finishes; skipped."
            )
        counts = self._annotation_counts(repo, suite, got) if chosen.failed else {}
        annotations = self._annotations(list(chosen.cancelled), repo, got)
        timed_out = self._timed_out(repo, info, chosen.cancelled, annotations, got)
        failed = [*chosen.failed, *timed_out]
        for job in timed_out:
            step, minutes = job.running_step, got.limits.get(job.id)
            limit = f" ({minutes:g} minutes)" if minutes and minutes != JOB_LIMIT_MINUTES else ""
            got.notes.append(
                f"Job '{job.name}' was cancelled at its time limit{limit}" + (f" in '{step.name}'." if step else ".")
            )
        self._logs(repo, failed, got)
        wanted = [job for job in chosen.failed if self._wants_annotations(job, counts)]
        annotations.update(self._annotations(wanted, repo, got))
        for job in failed:
            found = failure_level(annotations.get(job.id, []))
            if found:
                got.items.append(annotations_document(job, found))
            if job.failed_steps:
                steps = ", ".join(s.name for s in job.failed_steps)
                got.notes.append(f"Job '{job.name}' failed at: {steps}" + ("" if steps.endswith(".") else "."))
        if not any(job.run_attempt == attempt for job in jobs):
            got.notes.append(f"Run {run_id} has no jobs in attempt {attempt}.")
        elif not failed:
            got.notes.append(f"No finished failed jobs in attempt {attempt} of run {run_id}.")
        return failed

    def _timed_out(
        self,
        repo: str,
        info: RunInfo,
        cancelled: tuple[JobInfo, ...],
        annotations: dict[int, list[CheckAnnotation]],
        got: _Read,
    ) -> list[JobInfo]:
        """The cancelled jobs that hit their time limit: by GitHub's annotation, by their times against the
        default limit or against their own `timeout-minutes` (read from the workflow file for the jobs whose
        annotations say nothing), else by the end of their log (when their annotations were not read)."""
        timed_out = [job for job in cancelled if hit_time_limit(annotations.get(job.id, [])) or ran_its_limit(job)]
        undecided = [job for job in cancelled if job.id not in annotations and job not in timed_out]
        got.limits = {job.id: stated for job in timed_out if (stated := stated_limit(annotations.get(job.id, [])))}
        silent = [job for job in cancelled if job not in timed_out and not failure_level(annotations.get(job.id, []))]
        own, note = own_limits(self._client, repo, info, silent)
        got.limits.update(own)
        got.notes.extend([note] if note else [])
        timed_out += [job for job in silent if job.id in own and ran_its_limit(job, own[job.id])]
        return timed_out + [job for job in undecided if job not in timed_out and self._log_says_time_limit(repo, job)]

    def _annotation_counts(self, repo: str, suite: int | None, got: _Read) -> dict[int, int] | None:
        """Annotations per check run of the run's suite (None: unknown, so every failed job's list is read)."""
        if not suite:
            return None
        try:
            return self._client.suite_annotation_counts(repo, suite)
        except GitHubError as exc:
            if isinstance(exc, ApiFailure) and exc.problem.status in {401, 403, 404}:
                got.deny(exc)
                got.notes.append(f"Check-run annotations not read: {exc}")
                got.annotations_refused = True  # the annotation lists need the same grant
            return None

    def _wants_annotations(self, job: JobInfo, counts: dict[int, int] | None) -> bool:
        count = None if counts is None else counts.get(job.check_run_id or job.id)
        return needs_annotations(count, issue_lines(self._workdir / f"job-{job.id}.log"))

    def _annotations(self, jobs: list[JobInfo], repo: str, got: _Read) -> dict[int, list[CheckAnnotation]]:
        """Annotations of these jobs (one call each, the first alone: after a refusal the rest are not
        asked for; then in parallel)."""

        def one(job: JobInfo) -> list[CheckAnnotation] | GitHubError:
            try:
                return self._client.job_annotations(repo, job)
            except GitHubError as exc:
                return exc

        found: dict[int, list[CheckAnnotation]] = {}
        if got.annotations_refused:
            return found
        first = [one(jobs[0])] if jobs else []
        if first and not isinstance(first[0], GitHubError):
            with ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS) as pool:
                first.extend(pool.map(one, jobs[1:]))
        for job, result in zip(jobs, first, strict=False):
            if isinstance(result, GitHubError):
                got.deny(result)
                got.notes.append(f"Check-run annotations not read: {result}")
                got.annotations_refused = True
                continue
            found[job.id] = result
        return found

    def _logs(self, repo: str, failed: list[JobInfo], got: _Read) -> None:
        with ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS) as pool:  # logs download in parallel
            results = list(pool.map(lambda job: self._job_log(repo, job, got.limits.get(job.id, 0.0)), failed))
        refused = [exc for _, exc in results if isinstance(exc, ApiFailure)]
        for item, _ in results:
            got.items.append(item)
        for job in failed:
            path = self._workdir / f"job-{job.id}.log"
            got.builds.extend(b for b in _builds(path) if b not in got.builds)
            starts = log_step_starts(path, job.steps)
            if starts:
                got.log_steps.append(LogSteps(_log_name(job), job.html_url, starts))
        if refused and all(exc is not None for _, exc in results):
            got.unreadable = refused[0].problem  # not one failed job's log could be read, and GitHub refused

    def _log_says_time_limit(self, repo: str, job: JobInfo) -> bool:
        """Without its annotations, the end of a cancelled job's log tells a time limit from fail-fast."""
        dest = self._workdir / f"job-{job.id}.log"
        try:
            self._client.download_job_log(repo, job.id, dest)
        except (GitHubError, LimitExceeded):
            return False
        with dest.open("rb") as handle:
            handle.seek(max(0, dest.stat().st_size - TAIL_BYTES))
            return time_limit_text(handle.read().decode("utf-8", "replace"))

    def _job_log(self, repo: str, job: JobInfo, limit: float) -> tuple[Item, Exception | None]:
        name = _log_name(job)
        dest = self._workdir / f"job-{job.id}.log"
        try:
            # a cancelled job's log may already be here (read to tell a time limit apart)
            size = dest.stat().st_size if dest.exists() else self._client.download_job_log(repo, job.id, dest)
        except (GitHubError, LimitExceeded) as exc:
            return _fetch_problem(name, exc), exc
        step = job.failed_steps[0].name if len(job.failed_steps) == 1 else ""
        document = Document(
            name,
            _file_opener(dest),
            size,
            job=job.name,
            step=step,
            format_hint="gha_log",
            url=job.html_url,
            ran_minutes=ran_minutes(job),
            limit_minutes=limit,
        )
        return document, None

    def _artifacts(self, repo: str, run_id: int, got: _Read) -> None:
        try:
            artifacts = self._client.list_artifacts(repo, run_id)
        except GitHubError as exc:
            got.deny(exc)
            got.items.append(Problem(f"run {run_id} artifacts", f"artifact list unreadable: {exc}", kind="fetch"))
            return
        for artifact in artifacts:
            if any(fnmatch.fnmatchcase(artifact.name, p) for p in self._settings.artifact_patterns):
                got.items.extend(self._artifact(artifact))

    def _artifact(self, artifact: ArtifactInfo) -> list[Item]:
        dest = self._workdir / f"artifact-{artifact.id}.zip"
        display = f"{artifact.name}.zip"
        try:
            self._client.download_artifact(artifact, dest)
        except (GitHubError, LimitExceeded) as exc:
            return [_fetch_problem(display, exc)]
        return file_documents(dest, display)
