"""What the summary and the PR comment show per failed job, derived from an `Analysis` (pure).

`jobs_of` returns `Analysis.jobs` when the pipeline filled them in; otherwise it derives one job per failed
input from the primary cause (the fallback for callers that build an `Analysis` by hand). The link helpers
build GitHub URLs: a file at the analysed commit, a line of a job's log (`…/job/<id>#step:<n>:<line>`, from
where each step begins in the downloaded log: `RunAccess.log_steps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from classifier.access import LogSteps, PathContext, RunAccess
from classifier.model import (
    Analysis,
    Evidence,
    Failure,
    FingerprintStats,
    JobResult,
    Link,
    Location,
    Occurrence,
    RunContext,
)
from classifier.report.untrusted import url_path


@dataclass(frozen=True, slots=True)
class RunLinks:
    """Web URLs of the analysed run and commit (empty when the run is not known), and what turns a log
    path into a repository path."""

    run: str = ""
    commit: str = ""
    blob_base: str = ""  # `<server>/<repo>/blob/<sha>/`
    paths: PathContext = field(default_factory=PathContext)
    logs: tuple[LogSteps, ...] = ()  # where each step begins in each downloaded job log

    def steps_of(self, log: str) -> LogSteps | None:
        return next((found for found in self.logs if found.log == log), None)


def run_links(run: RunContext, access: RunAccess | None = None) -> RunLinks:
    paths, logs = (access.paths, access.log_steps) if access is not None else (PathContext(), ())
    if not run.repository:
        return RunLinks(paths=paths, logs=logs)
    base = f"{run.server_url.rstrip('/')}/{run.repository}"
    run_url = f"{base}/actions/runs/{run.run_id}" if run.run_id else ""
    if run_url and run.run_attempt and run.run_attempt > 1:
        run_url += f"/attempts/{run.run_attempt}"
    commit = f"{base}/commit/{run.sha}" if run.sha else ""
    blob = f"{base}/blob/{run.sha}/" if run.sha else ""
    return RunLinks(run_url, commit, blob, paths, logs)


def location_url(links: RunLinks, location: Location | None) -> str:
    """The file and line at the analysed commit, or "" when the path is not repository-relative."""
    if location is None or not links.blob_base:
        return ""
    path = location.file.removeprefix("./")
    if not path or path.startswith("/") or ".." in path.split("/") or ":" in path or "\\" in path:
        return ""
    anchor = f"#L{location.line}" if location.line else ""
    return f"{links.blob_base}{url_path(path)}{anchor}"


@dataclass(frozen=True, slots=True)
class LogLine:
    """A line of a job's log as the web view shows it: its step and its number within the step."""

    url: str  # `…/job/<id>#step:<n>:<line>`, or the job's log without an anchor
    step: str = ""  # the step's name ("": not known)
    number: int = 0  # the step's number
    line: int = 0  # within the step


def log_line(links: RunLinks, job_url: str, occurrence: Occurrence) -> LogLine | None:
    """Where a record is in its job's log, linked at its step and line when the log's steps are known."""
    if not job_url.startswith(("https://", "http://")):
        return None
    record = occurrence.record
    steps = links.steps_of(record.source)
    found = steps.locate(record.line_start) if steps is not None and record.line_start else None
    if found is None or not steps or steps.job_url != job_url:
        return LogLine(job_url)
    step, line = found
    return LogLine(f"{job_url}#step:{step.number}:{line}", step.name, step.number, line)


def log_url(links: RunLinks, job_url: str, occurrence: Occurrence) -> str:
    """The job's log; at the step and line (`#step:<n>:<line>`) when the log's steps are known."""
    found = log_line(links, job_url, occurrence)
    return found.url if found is not None else ""


def history(stats: FingerprintStats | None) -> str:
    """ "new", "seen N times in M runs since <date>", or "" without a store."""
    if stats is None:
        return ""
    if stats.is_new:
        return "new"
    since = stats.first_seen[:10]
    in_runs = f" in {stats.runs} runs" if stats.runs > 1 else ""
    times = "once" if stats.occurrence_count == 1 else f"{stats.occurrence_count} times"
    return f"seen {times}{in_runs} since {since}" if since else f"seen {times}{in_runs}"


def jobs_of(analysis: Analysis) -> Sequence[JobResult]:
    """The failed jobs to show: `Analysis.jobs`, or one per failed input when the pipeline left them empty."""
    if analysis.jobs:
        return analysis.jobs
    return _derived_jobs(analysis)


def failed_jobs(analysis: Analysis) -> tuple[JobResult, ...]:
    return tuple(job for job in jobs_of(analysis) if job.failures)


def _derived_jobs(analysis: Analysis) -> tuple[JobResult, ...]:
    stats = {r.group.fingerprint.value: r.stats for r in analysis.groups}
    occurrences = {r.group.fingerprint.value: r.group.occurrences for r in analysis.groups}
    order: dict[str, list[Failure]] = {}
    urls: dict[str, str] = {}
    inputs: dict[str, list[str]] = {}
    for item in analysis.inputs:
        name = item.job
        inputs.setdefault(name, []).append(item.path)
        urls.setdefault(name, item.url)
        if item.primary is None:
            continue
        value = item.primary.fingerprint.value
        label = analysis.classification_for(value)
        if label is None:
            continue
        same = [o for o in occurrences.get(value, ()) if o is not item.primary and o.record.source == item.path]
        evidence = (Evidence(item.primary, Link.ROOT), *_linked(same))
        known = order.setdefault(name, [])
        message = item.primary.record.message
        if all(f.fingerprint != value and f.root.record.message != message for f in known):
            known.append(Failure(name, item.primary, label, evidence, stats.get(value)))
    return tuple(
        JobResult(name=name, url=urls.get(name, ""), inputs=tuple(inputs[name]), failures=tuple(found))
        for name, found in order.items()
    )


def _linked(same: Iterable[Occurrence]) -> tuple[Evidence, ...]:
    return tuple(Evidence(occurrence, Link.SAME_FAILURE) for occurrence in same)


__all__ = [
    "LogLine",
    "RunLinks",
    "failed_jobs",
    "history",
    "jobs_of",
    "location_url",
    "log_line",
    "log_url",
    "run_links",
]
