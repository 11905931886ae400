"""Where each step of a job begins in its log, for links to a log line: `…/job/<id>#step:<n>:<line>`.

A job's log (`GET /repos/{o}/{r}/actions/jobs/{id}/logs`) is its steps' logs one after the other, every line
prefixed by an ISO 8601 UTC timestamp (`2026-11-23T08:24:06.1234567Z `), after a few lines written before a
runner picked the job up. The web view numbers the lines of each step from 1 (the runner's step logger counts
them; an annotation's `logFileLineNumber` is that number). The jobs API gives each step's `number` and
`started_at` (whole seconds). A step begins at its first line at or after its start second; within that
second, and the one before (the API rounds), the line that opens a step is preferred: `##[group]Run …` for a
`run:` or `uses:` step, `Post job cleanup.` for a post step, `Current runner version` for "Set up job",
`Evaluate and set job outputs` or `Cleaning up orphan processes` for "Complete job".
Steps that were skipped or never started wrote nothing. Pure: works on the log's bytes (an mmap is fine),
finding line starts by binary search over the timestamps, so a 50 MB log costs a few dozen probes.
"""

from __future__ import annotations

import mmap
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from classifier.access import StepStart
from classifier.github.api import StepInfo

STAMP = 19  # "YYYY-MM-DDTHH:MM:SS": timestamps of the same form compare as strings
SETUP_MARKS = (b"Current runner version",)
RUN_MARKS = (b"##[group]Run ",)
POST_MARKS = (b"Post job cleanup.",)
COMPLETE_MARKS = (b"Evaluate and set job outputs", b"Cleaning up orphan processes")
CHUNK = 1 << 20
Buffer = bytes | mmap.mmap


def _second(iso: str, delta: int = 0) -> str:
    """`iso` cut to the second, moved by `delta` seconds; "" when it is not a timestamp."""
    try:
        when = datetime.strptime(iso[:STAMP], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return ""
    return (when + timedelta(seconds=delta)).strftime("%Y-%m-%dT%H:%M:%S")


def _stamp_at(data: Buffer, start: int) -> str:
    head = data[start : start + STAMP]
    return head.decode("ascii", "replace") if len(head) == STAMP and head[4:5] == b"-" else ""


def _line_start(data: Buffer, offset: int) -> int:
    """The start of the first line at or after `offset`."""
    if offset <= 0 or data[offset - 1 : offset] == b"\n":
        return max(offset, 0)
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1


def _lines_between(data: Buffer, start: int, end: int) -> int:
    """Newlines in data[start:end], a chunk at a time (an mmap has no `count`)."""
    return sum(data[at : min(at + CHUNK, end)].count(b"\n") for at in range(start, end, CHUNK))


def first_at(data: Buffer, second: str, low: int = 0) -> int:
    """Byte offset of the first line from `low` whose timestamp is at or after `second` (timestamps only
    grow in a job log; a line without one counts as later); len(data) when there is none."""
    lo, hi = _line_start(data, low), len(data)
    while lo < hi:
        mid = _line_start(data, (lo + hi) // 2)
        if mid >= hi:  # no line starts in the upper half: probe the first line
            mid = lo
        stamp = _stamp_at(data, mid)
        if stamp and stamp < second:
            lo = _line_start(data, mid + 1)
        else:
            hi = mid
    return lo


def _markers(step: StepInfo) -> tuple[bytes, ...]:
    if step.number == 1 or step.name == "Set up job":
        return SETUP_MARKS
    if step.name == "Complete job":
        return COMPLETE_MARKS
    return POST_MARKS if step.name.startswith("Post ") else RUN_MARKS


def _opening(data: Buffer, step: StepInfo, low: int, high: int) -> int:
    """The first line in [low, high) whose text, right after its timestamp, opens this step; -1 if none."""
    found = [at for mark in _markers(step) if (at := _opening_of(data, mark, low, high)) >= 0]
    return min(found, default=-1)


def _opening_of(data: Buffer, mark: bytes, low: int, high: int) -> int:
    position = low
    while position < high:
        hit = data.find(mark, position, high)
        if hit < 0:
            return -1
        start = data.rfind(b"\n", 0, hit) + 1
        if start >= low and hit - start <= STAMP + 10:  # e.g. "2026-11-23T08:24:06.1234567Z " then the mark
            return start
        position = hit + len(mark)
    return -1


def step_starts(data: Buffer, steps: Sequence[StepInfo]) -> tuple[StepStart, ...]:
    """Each executed step's first line (1-based) in the job log `data`, in step order; () for a log whose
    first line has no timestamp (not a job log as the API serves it: its lines cannot be placed)."""
    if not _stamp_at(data, 0):
        return ()
    found: list[StepStart] = []
    low, line, counted = 0, 1, 0
    for step in sorted(steps, key=lambda s: s.number):
        second = _second(step.started_at)
        if not second or step.conclusion == "skipped":
            continue
        earliest = first_at(data, _second(second, -1), low)
        opening = _opening(data, step, earliest, first_at(data, _second(second, 1), earliest))
        start = opening if opening >= 0 else first_at(data, second, low)
        if start >= len(data):
            break  # the log ends before this step: nothing of it (or later) was written
        line += _lines_between(data, counted, start)
        counted = start
        found.append(StepStart(step.number, step.name, line))
        low = _line_start(data, start + 1)
    return tuple(found)


__all__ = ["first_at", "step_starts"]
