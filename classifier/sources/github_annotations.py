"""What the reader learns from a downloaded job log besides its text: which failed jobs' check-run annotations
are worth an API call, where each step begins (for log-line links); and the annotations as a document.

The runner writes every annotation it creates into the step's log as a `##[error]`, `##[warning]` or
`##[notice]` line (actions/runner `ExecutionContext.AddIssue`: the issue's message, or for a problem matcher
the matched line, with the level's tag); what only the annotation adds is a file and line. So a failed job's
annotation list is fetched only when it can add something: its check run (from one list of the check suite's
check runs, `output.annotations_count`) has more annotations than its log has issue lines of the runner's
own (exit code, cancellation, time limit, deprecated Node.js: no location), or its log has any other issue
line (a workflow command or problem matcher, which may carry a location), or its log could not be read.
"""

from __future__ import annotations

import io
import json
import mmap
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from classifier.access import StepStart
from classifier.github.api import CheckAnnotation, JobInfo, StepInfo
from classifier.github.log_steps import step_starts
from classifier.sources.base import Document

ISSUE_LINE = re.compile(rb"##\[(?:error|warning|notice)\]([^\r\n]*)")
RUNNER_OWN = re.compile(
    r"^(?:Process completed with exit code \d+\.?"
    r"|The operation was canceled\.?"
    r"|The job running on runner .* has exceeded the maximum execution time of \d+ minutes\.?"
    r"|The job was canceled because .*"
    r"|The runner has received a shutdown signal.*"
    r"|Node\.js \d+ actions are deprecated\..*"
    r"|The following actions use a deprecated Node\.js version.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class IssueLines:
    """The annotation lines of one job log."""

    own: int = 0  # the runner's own messages: no file or line to add
    other: int = 0  # workflow commands and problem matchers: their annotation may carry a location


def count_issue_lines(messages: Iterable[str]) -> IssueLines:
    own = other = 0
    for message in messages:
        if RUNNER_OWN.match(message.strip()):
            own += 1
        else:
            other += 1
    return IssueLines(own, other)


def issue_lines(path: Path) -> IssueLines | None:
    """The issue lines of a downloaded log (a C-speed scan), or None when there is no log to scan."""
    try:
        with path.open("rb") as handle:
            if path.stat().st_size == 0:
                return IssueLines()
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                found = [m.group(1).decode("utf-8", "replace") for m in ISSUE_LINE.finditer(data)]
    except (OSError, ValueError):
        return None
    return count_issue_lines(found)


def log_step_starts(path: Path, steps: Sequence[StepInfo]) -> tuple[StepStart, ...]:
    """Where each step begins in a downloaded job log (see `classifier.github.log_steps`); () without one."""
    try:
        with path.open("rb") as handle:
            if not steps or path.stat().st_size == 0:
                return ()
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return step_starts(data, steps)
    except (OSError, ValueError):
        return ()


def needs_annotations(count: int | None, lines: IssueLines | None) -> bool:
    """Whether the annotation list of a failed job can add to its log (`count`: None when unknown)."""
    if count is None or lines is None:
        return True
    return lines.other > 0 or count > lines.own


def annotations_document(job: JobInfo, found: list[CheckAnnotation]) -> Document:
    """A job's failure-level annotations as a JSON document for the `annotations` extractor."""
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

    name = f"{job.name} (check-run annotations)"
    return Document(name, opener, len(data), job=job.name, format_hint="annotations", url=job.html_url)


__all__ = [
    "IssueLines",
    "annotations_document",
    "count_issue_lines",
    "issue_lines",
    "log_step_starts",
    "needs_annotations",
]
