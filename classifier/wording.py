"""Words the reports share (pure): counted nouns (`1 root cause`, `2 root causes`) and a failure's message
as shown beside its test's name."""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.model import ErrorRecord, JobResult

_BULLETS = "●✕✖×✗ "  # a test runner's failure bullet before the test's name (jest `● x › y`)
_LINE_NUMBER = re.compile(r"^\d+\s+(?=\S)")  # the test's line before its message (Surefire's summary)
_GUTTERS = "│┃║"  # box-drawing gutters before a nested tool's lines


def plural(count: int, word: str, many: str = "") -> str:
    """`count` and the word, singular for one (`many` when the plural is not `word` + s)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"


def baseline_note(job: JobResult) -> str:
    """That a passing log was compared with the job's, and how many of its error-looking lines it showed too."""
    matched = plural(job.baseline_matched, "line")
    return f"compared with {baseline_source(job)}: {matched} also in it not taken as causes"


def baseline_source(job: JobResult) -> str:
    """The passing log compared with the job's: the run's URL (the action), else `the passing log` given for
    it (`analyze --baseline [JOB=]FILE`: `baseline:JOB`)."""
    if job.baseline.startswith(("https://", "http://")):
        return f"the passing run {job.baseline}"
    name = job.baseline.removeprefix("baseline:")
    return f"the passing log of {name}" if name else "the passing log"


def failed_where(jobs: Sequence[JobResult]) -> str:
    """`2 failed jobs`, `1 file` or `3 failed jobs and 1 file`: where the failures were, the jobs by name
    and the files read outside any job (a run's artifact, the CLI's inputs) by count."""
    named = sum(1 for job in jobs if job.name)
    files = sum(len(job.inputs) or 1 for job in jobs if not job.name)
    parts = [plural(named, "failed job")] if named else []
    parts += [plural(files, "file")] if files else []
    return " and ".join(parts) or plural(0, "failed job")


def shown_message(record: ErrorRecord) -> str:
    """The message without the test's name it starts with (`● suite › test: expect(…)` -> `expect(…)`):
    wherever the message is shown, the test's name is shown beside it; and without the box-drawing gutter
    a tool draws before its nested output (goreleaser's `│ ERROR: …`)."""
    test = record.test_id.strip()
    named = record.message.lstrip(_BULLETS)
    rest = named.removeprefix(test) if test else ""
    said = _LINE_NUMBER.sub("", rest[1:].strip()) if rest != named and rest.startswith(":") else ""
    if said and not said.isdigit():  # Surefire's `Class.test:433 msg`: the line number is no message
        return said
    message = record.message
    return message[1:].lstrip() if message[:1] in _GUTTERS and message[1:].strip() else message


__all__ = ["plural", "shown_message"]
