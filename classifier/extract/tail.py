"""A failed command's last output as its cause, when nothing in its step has an error shape.

A project's own script (`Run 'make docs' to create man/x.1`), a checker printing its findings as plain
lines (LaTeX's `Overfull \\hbox` under a script failing on it, a linter's `file is not gofmted`), a format
check printing the diff it wants applied: the command exits non-zero and its failure marker (`The command
"x" exited with 1.`, `Process completed with exit code 1.`, `make: *** [t] Error 1`, `exit status 1`) is
the only error line. What the command printed last before that marker is the evidence (lookback.py reads
the step's window; this module picks from it): its last block of output lines (at most TAIL lines, up to a
section break of blank lines or the step's start, the marker's own wrapper lines left out) is the record's
context, and its message is the block's most telling line, where the record starts: the last one stating a
problem, else a linter's first finding it reported as a warning (phpcs fails on its warnings), else a
program's usage message (`usage: ssh [-46AaC...]`: it was called wrongly), else a location line, else the first
`diff --git` of a diff (the file a format check wants changed), else the last line that says something (not a
progress bar, a separator, a `Done.` or the CI system's own phase lines: the GitLab runner's `Cleaning up
project directory and file based variables` after the script).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract import runners
from classifier.extract.judge import located, location, states_problem, tagged_marker
from classifier.extract.steps import WindowLine
from classifier.extract.text import bounded_context, clip
from classifier.link.shapes import with_step
from classifier.link.verdict import Verdict, line_verdict
from classifier.model import ErrorRecord, Role, Severity, SourceKind
from classifier.sources.base import Document

TAIL = 12  # the command's last output lines that are its evidence, at most
DIFF_TAIL = 60  # ... or back to the start of the diff it printed last
BREAK = 3  # a gap of this many lines (blank ones) ends the block
_USAGE = re.compile(r"(?i)^usage: \S")

_DIFF_START = re.compile(r"^(?:diff (?:--git |-\S+ )*\S+ \S+$|--- a/\S)")
_DIFF_LINE = re.compile(
    r"^(?:[ +\\-]|@@ -\d|diff |index [0-9a-f]+\.\.|(?:new|deleted) file mode |similarity index |rename (?:from|to) "
    r"|(?:old|new) mode )|^$"
)
# Lines that say nothing: progress bars, separators, spinners, timings, `Done.`
_IDLE = re.compile(
    r"^[\W_]*$|^[✓✔→x?.\s]+$|^(?:done|ok|finished|success)\W*$|^\d+(?:\.\d+)?\s*%|^(?:real|user|sys)\s+\d"
    r"|^travis_(?:fold|time)|^=?\d+,finish=\d+|^process \S+ has finished|^checking \S+: [✓✔→x?]"
    # the GitLab runner's own phases after the script (its sections, clean-up, artifacts and cache)
    # (pasted from the job page, a phase line ends with its duration: `... file based variables 00:01`)
    r"|^section_(?:start|end):\d+:[\w-]+|^cleaning up (?:project directory and )?file based variables(?: \d\d:\d\d)?$"
    r"|^uploading artifacts\b|^running after_script(?: \d\d:\d\d)?$|^saving cache\b",
    re.IGNORECASE,
)


def tail_block(window: Sequence[WindowLine], marker_line: int) -> tuple[list[WindowLine], bool]:
    """The command's last block of output before line `marker_line` and whether it is a diff: wrapper and
    marker lines just above the marker (`npm ERR!`, `exit status 1`) are left out, then lines are taken
    back to a section break, or back to the first file header of the diff the command printed last."""
    lines = [line for line in window if line.number < marker_line]
    while lines and (
        tagged_marker(lines[-1].text) or (_IDLE.search(lines[-1].text) and not _DIFF_LINE.match(lines[-1].text))
    ):
        lines.pop()
    diff = _diff_start(lines)
    if diff is not None:
        return lines[diff:], True
    while lines and (tagged_marker(lines[-1].text) or _IDLE.search(lines[-1].text.strip())):
        lines.pop()
    if not lines:
        return [], False
    block = [lines[-1]]
    for line in reversed(lines[:-1]):
        if len(block) >= TAIL or block[-1].number - line.number >= BREAK:
            break
        block.append(line)
    block.reverse()
    return block, False


def _diff_start(lines: Sequence[WindowLine]) -> int | None:
    """The index of the first file header of the unified diff that ends `lines` (within DIFF_TAIL lines)."""
    found = None
    for index in range(len(lines) - 1, max(-1, len(lines) - 1 - DIFF_TAIL), -1):
        text = lines[index].text
        if not _DIFF_LINE.match(text):
            break
        if _DIFF_START.match(text):
            found = index
    return found


def telling(block: Sequence[WindowLine]) -> tuple[int, bool]:
    """The index of the block's most telling line (see the module docstring), and whether it states a
    problem or a location (else it is only the last thing the command said)."""
    said = [index for index, line in enumerate(block) if not _IDLE.search(line.text.strip())]
    for pick in (states_problem, _usage, _located):
        found = [index for index in said if pick(block[index].text)]
        if found:
            return found[-1], True
    return (said[-1] if said else len(block) - 1), False


def context(block: Sequence[WindowLine]) -> tuple[str, ...]:
    """The block's lines as a record's context, bounded."""
    return bounded_context([line.text for line in block[-20:]])


def _usage(text: str) -> bool:
    """A program's usage message (`usage: ssh [-46AaC...]`): it was called wrongly (a variable left empty)."""
    return _USAGE.match(text) is not None


def _located(text: str) -> bool:
    return located(text) is not None


def message(block: Sequence[WindowLine], index: int) -> str:
    return clip(block[index].text.strip())


def cause(doc: Document, anchor: ErrorRecord, command: str, window: Sequence[WindowLine]) -> ErrorRecord | None:
    """The record of the command's last output block before the marker `anchor`, or None when it printed
    nothing. A line stating no problem and no location keeps the step in its message, so unrelated jobs
    whose commands end alike never merge."""
    block, diff = tail_block(window, anchor.line_start or 0)
    if not block:
        return None
    index, specific = (0, True) if diff else telling(block)
    warned = None if diff or states_problem(block[index].text) else _warning_finding(block)
    if warned is not None:
        return _finding_record(doc, anchor, command, block, *warned)
    if not specific and any(line_verdict(line.text) is Verdict.SUCCESS for line in block):
        return None  # its last output says it passed (`Tests: 435 passed, 435 total`): no cause in it
    text = message(block, index)
    step = anchor.step or command or doc.step
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=text if specific or not step else clip(with_step(text, step)),
        line_start=block[index].number,  # on the line its message is
        line_end=block[-1].number,
        context=context(block),
        location=location(text),
        tool_hint="format" if diff else "",
        job=doc.job,
        step=step,
        timestamp=anchor.timestamp,
    )


def _warning_finding(block: Sequence[WindowLine]) -> tuple[int, runners.LineMatch] | None:
    """The block's first finding a linter reported as a warning (phpcs' `  13 | WARNING | msg` row), completed from
    the block's lines (the file its report's header names), with its index; None when there is none."""
    for index, line in enumerate(block):
        text = line.text.rstrip()
        m = runners.match_line(text)
        if m is not None and m.tool_hint == "lint" and m.severity is Severity.WARNING and m.role is Role.CAUSE:
            before = [kept.text for kept in block[max(0, index - m.before) : index]]
            return index, runners.in_block(m, before, [kept.text for kept in block[index + 1 :]], text)
    return None


def _finding_record(
    doc: Document, anchor: ErrorRecord, command: str, block: Sequence[WindowLine], index: int, m: runners.LineMatch
) -> ErrorRecord:
    """A linter that fails on its warnings (phpcs, a `--max-warnings 0` run): its first warning is the failed
    command's cause, on its own line, with the report's block as context."""
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=clip(m.message),
        line_start=block[index].number,
        line_end=block[-1].number,
        context=context(block),
        location=m.location,
        framework=m.framework,
        tool_hint=m.tool_hint,
        code=m.code,
        job=doc.job,
        step=anchor.step or command or doc.step,
        timestamp=anchor.timestamp,
    )
