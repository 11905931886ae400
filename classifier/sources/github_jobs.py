"""Which jobs of a run are read: the failed ones of the analysed attempt. Pure: no network.

Conclusions `failure` and `timed_out` are failures; `cancelled` is one only when the job hit its time
limit, which GitHub states in the job's failure annotation ("has exceeded the maximum execution time")
or in its log, or which the job's own times show (`started_at` to `completed_at` reached its limit, the
job's own `timeout-minutes` of the workflow file (github_limits.py) or the default 360 minutes: a job whose
annotations cannot be read). Jobs cancelled because a sibling failed (fail-fast)
or by a user are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from classifier.extract.time_limit import JOB_LIMIT_MINUTES, reached
from classifier.github.api import CheckAnnotation, JobInfo

FAILED = {"failure", "timed_out"}
TIME_LIMIT = re.compile(
    r"exceeded the maximum execution time|has timed out after \d+|timed out after \d+ minutes?", re.IGNORECASE
)
STATED_LIMIT = re.compile(r"maximum execution time of (\d+(?:\.\d+)?) minutes?", re.IGNORECASE)
MAX_CANCELLED_CHECKS = 10  # cancelled jobs whose annotations are read to tell a time limit from fail-fast


@dataclass(frozen=True, slots=True)
class Selection:
    failed: tuple[JobInfo, ...]  # failure / timed_out
    cancelled: tuple[JobInfo, ...]  # cancelled after they started: a time limit is possible
    running: tuple[JobInfo, ...]  # not finished: no log yet
    flaky: tuple[JobInfo, ...]  # failed in an earlier attempt, passed in this one


def started(job: JobInfo) -> bool:
    """The job ran something beyond setting up (fail-fast cancels jobs before or while they start)."""
    return any(step.number > 1 and step.conclusion not in {None, "skipped"} for step in job.steps)


def select_jobs(jobs: Sequence[JobInfo], attempt: int) -> Selection:
    current = [job for job in jobs if job.run_attempt == attempt]
    by_name = {job.name: job for job in current}
    flaky = tuple(
        job
        for job in jobs
        if job.run_attempt < attempt
        and job.conclusion in FAILED
        and (now := by_name.get(job.name)) is not None
        and now.conclusion == "success"
    )
    return Selection(
        failed=tuple(job for job in current if job.status == "completed" and job.conclusion in FAILED),
        cancelled=tuple(
            job for job in current if job.status == "completed" and job.conclusion == "cancelled" and started(job)
        )[:MAX_CANCELLED_CHECKS],
        running=tuple(job for job in current if job.status != "completed"),
        flaky=flaky,
    )


def ran_minutes(job: JobInfo) -> float:
    """How long the job ran by its `started_at` and `completed_at` (0 when either is missing or bad)."""
    try:
        began, ended = (datetime.fromisoformat(at) for at in (job.started_at, job.completed_at))
    except ValueError:
        return 0.0
    return max((ended - began).total_seconds() / 60, 0.0)


def ran_its_limit(job: JobInfo, limit: float = JOB_LIMIT_MINUTES) -> bool:
    """The job's own times reach its time limit (GitHub's default unless the workflow file set one)."""
    return reached(ran_minutes(job), limit)


def stated_limit(annotations: Iterable[CheckAnnotation]) -> float | None:
    """The time limit GitHub's annotation names (`... exceeded the maximum execution time of 30 minutes.`)."""
    for annotation in annotations:
        found = STATED_LIMIT.search(annotation.message) if annotation.level == "failure" else None
        if found:
            return float(found.group(1))
    return None


def hit_time_limit(annotations: Iterable[CheckAnnotation]) -> bool:
    """GitHub's own annotation says the job ran out of time."""
    return any(a.level == "failure" and TIME_LIMIT.search(a.message) for a in annotations)


def time_limit_text(text: str) -> bool:
    """The end of a job's log says it ran out of time."""
    return TIME_LIMIT.search(text) is not None


def failure_level(annotations: Iterable[CheckAnnotation]) -> list[CheckAnnotation]:
    """Only failure-level annotations are evidence (warnings such as runtime deprecations are not)."""
    return [a for a in annotations if a.level == "failure"]
