"""The log excerpt shown under one root cause: its own lines only (pure).

An extracted record's context is a window of log lines around the error, and in a job with several failures
(cargo's `---- test stdout ----` blocks, jest's `●` blocks) that window runs into the next failure's block.
`own_excerpt` keeps the lines between the neighbouring failures' first mentions (their test id or message)
and between the log's section breaks (two blank lines) around the failure's own line (its message's first
mention, else its test's: a go test's `=== RUN` line comes before its failure), so each card shows
the evidence of its own failure. The runner's markers read as GitHub shows them (`##[error]x` is
`Error: x`, a group's title without its marker, `##[endgroup]` dropped; a BuildKit step's output line
without its `#9 7.312 ` step and time, and not again in BuildKit's recap), and the lines that are left lose
the indentation they all share (the context kept the block's; an excerpt is a part of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from classifier.extract.text import dedent
from classifier.model import ErrorRecord

MARKER_CHARS = 60  # a message is recognised by its first characters
MIN_MARKER = 6  # shorter test ids or messages are too common to tell one failure from another


# the runner's line markers as its log view shows them (actions/runner, Azure Pipelines' logging commands)
_MARKERS = (
    ("##[error]", "Error: "),
    ("##[warning]", "Warning: "),
    ("##[notice]", "Notice: "),
    ("##[debug]", "Debug: "),
    ("##[group]", ""),
    ("##[section]", ""),
    ("##[command]", ""),
)


# BuildKit's plain progress: a step's output line `#9 7.312 text` (step number, seconds since its start)
_STEP_OUTPUT = re.compile(r"^#\d+ \d{1,6}\.\d{1,3}(?: |$)")
_STEP_ERROR = re.compile(r"^#\d+ ERROR: ")


def _shown(line: str) -> str:
    if line[:1] == "#" and (step := _STEP_OUTPUT.match(line)):
        return line[step.end() :]
    for marker, word in _MARKERS:
        if line.startswith(marker):
            return word + line[len(marker) :].lstrip()
    return line


def display_context(lines: Iterable[str]) -> tuple[str, ...]:
    """Context lines as the runner's log view shows them: markers in words, `##[endgroup]` dropped; BuildKit's
    step output without its step number and time."""
    return tuple(_shown(line) for line in lines if not line.startswith("##[endgroup]"))


def markers(record: ErrorRecord) -> tuple[str, ...]:
    """What names this failure in a log line: its test id and the start of its message."""
    found = (record.test_id.strip(), record.message.strip()[:MARKER_CHARS])
    return tuple(marker for marker in found if len(marker) >= MIN_MARKER)


def own_excerpt(record: ErrorRecord, others: Iterable[str] = ()) -> tuple[str, ...]:
    """The record's context cut where another failure of the job (named by `others`) begins; empty when
    all that is left is the message itself."""
    lines = display_context(record.context)
    mine = markers(record)
    foreign = tuple(marker for marker in others if marker and marker not in mine)
    # the failure's own line: its message's first mention, else its test's (a go test's `=== RUN` line comes first)
    own = next((i for marker in reversed(mine) for i, line in enumerate(lines) if marker in line), None)
    if own is not None:

        def other(index: int) -> bool:
            """Another failure's line (named by another's marker, ours only inside that name: a test
            `x › fails` before `x › fails too`), or the second of two blank lines (the log's next section)."""
            line = lines[index]
            if not line.strip():
                return 0 < index < len(lines) and not lines[index - 1].strip()
            hits = [marker for marker in foreign if marker in line]
            return bool(hits) and not any(m in line and not any(m in hit for hit in hits) for m in mine)

        start = own
        while start > 0 and not other(start - 1):
            start -= 1
        end = own + 1
        while end < len(lines) and not other(end):
            end += 1
        lines = lines[start:end]
    lines = _without_recap(lines)
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if len(lines) == 1 and lines[0].strip() == record.message.strip():
        return ()
    return dedent(lines)


def _without_recap(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines up to BuildKit's recap of a failed step (`------`, ` > [stage 2/5] RUN x:`, its last output
    again) after the step's `#N ERROR:` line: the excerpt shows the output once."""
    failed = False
    for index, line in enumerate(lines):
        failed = failed or _STEP_ERROR.match(line) is not None
        if failed and line.strip() == "------":
            return lines[:index]
    return lines


__all__ = ["display_context", "markers", "own_excerpt"]
