"""The last specific line before a log's failure marker, when the log shows nothing but markers.

When every record of a log is a wrapper or a symptom (classifier/link/shapes.py: `Process completed with
exit code 1`, `BUILD FAILURE`, `The command "x" exited with 1`, `make: *** [t] Error 1`, `Failed to
execute goal`), the cause was printed in a form the scanner's keywords missed: a checker's finding, an
exception line, a `path:line: msg` line. This pass reads the lines before the log's failure marker (the
first of its last run of markers) back to the start of the step (`##[group]Run x`, `$ x`, Maven's
`[INFO] --- plugin:goal ---`, Gradle's `> Task :x`, Azure's `##[section]Starting: x`; at most WINDOW
lines) and makes the last specific line a cause: a line a runner matcher knows, an exception line or a
location line beats a line with an error or problem word (`missing`, `exceeded`, `cannot`), and the last
one wins (the last error before the
marker beats earlier noise). A block of such lines (a linter's report) is one failure led by its first.
Each earlier run of markers (a retried command's first attempts, an earlier step that failed) whose step
shows no cause is read back the same way, from the scanner's step index only.

When nothing specific is before it, the lines after the marker are read (from the step index, else a
second, bounded read: at most AFTER lines past the last marker of its run, never into the next step):
Maven prints a goal's or a project's problem under `[ERROR] Failed to execute goal` / `The build could not
read 1 project`, Ant under `BUILD FAILED`; the first specific one is the cause. Inside a Maven plugin's own
section whose goal is the one that failed, the lines the plugin printed at `[WARNING]` are its findings
(`Missing header in: x.java`, `Rule violated for bundle`); a line tagged `[ERROR]` is an error whatever its
words; the line after Sphinx's `Warning, treated as error:` is one.

When nothing specific is there and the marker says only that its command failed, the command's last block
of output is the cause (tail.py: a project script's own message, a format check's diff). When the step
printed nothing, a marker without detail of its own (`Process completed with exit code 1.`)
takes the step's command into its message, so unrelated jobs' bare markers never share a fingerprint and
the same step fails the same way across runs; its context becomes the step's last lines. The step's lines
come from the scanner's step index (steps.py), kept as it read the log, so the log is not read again; only
a caller without one (or a window the index no longer holds) reads it again, streamed and bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import BinaryIO

from classifier.extract import buildkit, runners, tail
from classifier.extract.judge import PROMOTES_FAST as _PROMOTES_FAST
from classifier.extract.judge import TAG as _TAG
from classifier.extract.judge import exception as _exception
from classifier.extract.judge import location as _location
from classifier.extract.judge import tagged_marker as _tagged_marker
from classifier.extract.judge import tier as _tier
from classifier.extract.linematch import without_services
from classifier.extract.prefix import strip_prefix
from classifier.extract.steps import BOUNDARY, MAX_READ_LINE, WINDOW, StepIndex, WindowLine, read_window
from classifier.extract.text import bounded_context, clean, clip
from classifier.link.shapes import Shape, shape_of, with_step
from classifier.link.verdict import Verdict, line_verdict, log_verdict
from classifier.model import ErrorRecord, Extraction, Role, Severity, SourceKind
from classifier.sources.base import Document

MARKER_RUN = 200  # markers this close to each other are one report of one failure
BLOCK = 50  # lines of one contiguous block of findings walked back, at most
LAST_LINES = 12  # the step's last lines a bare marker keeps as its context
AFTER = 20  # lines read past the last marker of the run for the detail a wrapper prints under it
END_LINES = 40  # a log without error lines: its last lines read for a failure marker
EARLIER = 4  # earlier runs of markers read back, at most

_CUT = re.compile(r"(?i)\bcancel|shutdown signal|timed? ?out\b")  # markers of a step cut short, not failed
# Marker wording with no detail of its own: what is left once these and numbers are removed says nothing.
_GENERIC = re.compile(
    r"(?i)##\[error\]|\berror:?|process completed with exit code|\bbuild fail(?:ure|ed)\b|\bfailed\b|\bfailures?\b"
    r"|\berrors?\b|the operation was canceled|a task was canceled|the runner has received a shutdown signal"
    r"|command failed(?: with exit code)?|\bjob\b|npm err!|\bcode\b|elifecycle|errno|exit(?:ed)?(?: status| code)?"
    r"|\bwith\b|\btests?\b|\bskipped\b|\bexpected\b|\bthe command\b|[\W\d_]+"
)


def window_line(records: tuple[ErrorRecord, ...]) -> int | None:
    """The line whose step window `complete` reads for these records, or None when it reads none."""
    found = _read_back(records, _shapes(records))
    return None if found is None else found[1]


def _read_back(records: tuple[ErrorRecord, ...], shapes: list[Shape]) -> tuple[ErrorRecord, int] | None:
    """The marker whose step is read back, with its line: None when there is none or a cause is near it."""
    anchor = _anchor(records, shapes)
    if (
        anchor is None
        or anchor.line_start is None
        or _shows_cause(records, shapes, anchor.line_start - WINDOW, anchor.step)
    ):
        return None
    return anchor, anchor.line_start


def complete(doc: Document, extraction: Extraction, steps: StepIndex | None = None) -> Extraction:
    """The extraction with the cause found before its failure marker, when the failing step shows none
    (and before earlier runs of markers, see _earlier). The step's lines come from the scanner's step index
    when it holds them, else from a second read (for the last run only)."""
    done = _complete_last(doc, extraction, steps)
    if done is extraction or len(done.records) < 2:
        return done
    earlier = _earlier(doc, extraction.records, _shapes(extraction.records), steps)
    if not earlier:
        return done
    lines = {record.line_start for record in earlier}  # a warning-level record of the same line is replaced
    kept = [record for record in done.records if record.line_start not in lines]
    return replace(done, records=tuple(sorted((*kept, *earlier), key=lambda record: record.line_start or 0)))


def _complete_last(doc: Document, extraction: Extraction, steps: StepIndex | None) -> Extraction:
    if not extraction.records:
        marker = _end_marker(doc, steps) if steps is not None else ()
        if not marker:  # most logs without an error line (a million tiny files: no copy, no shapes)
            return extraction
        extraction = replace(extraction, records=marker)
    records = extraction.records
    shapes = _shapes(records)
    read_back = _read_back(records, shapes)
    if read_back is None:
        return extraction
    anchor, line = read_back
    found_window = steps.window(line) if steps is not None else None
    if found_window is None:
        try:
            with doc.opener() as stream:
                found_window = read_window(stream, line)
        except (OSError, ValueError, EOFError):
            return extraction
    command, window = found_window.command, _unprefixed(found_window.lines)
    if window and _shows_cause(records, shapes, window[0].number, anchor.step):
        return extraction
    markers = [r for r, shape in zip(records, shapes, strict=True) if _is_marker(r, shape)]
    goals = [r.message for r in markers if (r.line_start or 0) >= line]
    found = _cause(doc, anchor, command, window, _own_section(command, goals)) or _detail(doc, anchor, markers, steps)
    if found is None and _bare(anchor, command):
        found = tail.cause(doc, anchor, command, window)  # the command's last output block
    if found is not None:
        found = _with_block(found, records)
        kept = [record for record in records if record.line_start != found.line_start]
        merged = sorted((*kept, found), key=lambda record: record.line_start or 0)
        return replace(extraction, records=tuple(merged))
    step = command or anchor.step or doc.step
    if not step:
        return extraction
    last = tuple(kept_line.text for kept_line in window[-LAST_LINES:])
    return replace(
        extraction, records=tuple(_with_step(r, step, last) if (r.line_start or 0) >= line else r for r in records)
    )


def _end_marker(doc: Document, steps: StepIndex) -> tuple[ErrorRecord, ...]:
    """A log with no error line at all whose end says it failed (`Build failed.`, `Done. Your build exited
    with 1.`): its last failure marker, so the failing step's last specific line or its command is found."""
    tail = steps.tail(END_LINES)
    if log_verdict([line.text for line in tail]) is not Verdict.FAILURE:
        return ()
    line = next(line for line in reversed(tail) if line_verdict(line.text) is Verdict.FAILURE)
    text = _TAG.sub("", line.text).strip()
    return (
        ErrorRecord(
            source=doc.name,
            kind=SourceKind.RUNNER,
            message=clip(text),
            line_start=line.number,
            line_end=line.number,
            role=Role.SYMPTOM,
            tool_hint="exit_code",
            job=doc.job,
            step=steps.command_at(line.number) or doc.step,
        ),
    )


def _shapes(records: tuple[ErrorRecord, ...]) -> list[Shape]:
    """Each record's shape: computed once, read by _anchor and _shows_cause."""
    return [shape_of(record) for record in records]


def _shows_cause(
    records: tuple[ErrorRecord, ...], shapes: list[Shape], since: int, step: str = "", until: int = 0
) -> bool:
    """Whether an error that is a cause (not a marker, not a warning) lies at or after line `since`, in the
    step `step` when both name one (a cause of an earlier step is not what the failing step printed)."""
    pairs = zip(records, shapes, strict=True)
    return any(
        shape is Shape.CAUSE
        and record.severity is Severity.ERROR
        and (record.line_start or 0) >= since
        and (not until or (record.line_start or 0) <= until)
        and (not step or not record.step or record.step == step)
        for record, shape in pairs
    )


def _anchor(records: tuple[ErrorRecord, ...], shapes: list[Shape]) -> ErrorRecord | None:
    """The first marker of the log's last run of markers (each within MARKER_RUN lines of the next); the
    error-word lines the scanner keeps as warnings are not markers."""
    starts = _run_starts(records, shapes)
    return starts[-1] if starts else None


def _run_starts(records: tuple[ErrorRecord, ...], shapes: list[Shape]) -> list[ErrorRecord]:
    """The first marker of each run of markers, in log order."""
    markers = (r for r, shape in zip(records, shapes, strict=True) if _is_marker(r, shape))
    starts: list[ErrorRecord] = []
    last = None
    for record in sorted(markers, key=lambda record: record.line_start or 0):
        if last is None or (record.line_start or 0) - last > MARKER_RUN:
            starts.append(record)
        last = record.line_start or 0
    return starts


def _earlier(
    doc: Document, records: tuple[ErrorRecord, ...], shapes: list[Shape], steps: StepIndex | None
) -> list[ErrorRecord]:
    """The specific line before each earlier run of markers (a retried command's first attempts, an earlier
    step that failed the same way), when its step shows no cause: from the step index only, never a second
    read, at most EARLIER runs."""
    found: list[ErrorRecord] = []
    for anchor in _run_starts(records, shapes)[:-1][-EARLIER:] if steps is not None else ():
        held = steps.window(anchor.line_start or 0) if steps is not None else None
        if held is None or not held.lines:
            continue
        lines = _unprefixed(held.lines)
        if not _shows_cause(records, shapes, lines[0].number, anchor.step, anchor.line_start or 0):
            cause = _cause(doc, anchor, held.command, lines, False)
            found.extend(() if cause is None else (cause,))
    return found


def _is_marker(record: ErrorRecord, shape: Shape) -> bool:
    """A failure marker: an error that is no cause, or a wrapper even at warning level (Maven's `[ERROR] The
    build could not read 1 project` is kept as an error-word line)."""
    return shape is Shape.WRAPPER or (record.severity is Severity.ERROR and shape is not Shape.CAUSE)


def _own_section(command: str, goals: list[str]) -> bool:
    """Whether the step is the Maven plugin section (`plugin:version:goal (id) @ module`) of a goal that failed."""
    plugin = command.split(" ", 1)[0] if command.count(":") >= 2 else ""
    return bool(plugin) and any(plugin in goal for goal in goals)


def _cause(
    doc: Document, anchor: ErrorRecord, command: str, window: list[WindowLine], findings: bool
) -> ErrorRecord | None:
    tiers = [_tier(line.text, findings) for line in window]
    for index in range(1, len(tiers)):
        if _PROMOTES_FAST.search(window[index - 1].text) and window[index].text.strip():
            tiers[index] = (2, None)
    best = max((tier for tier, _ in tiers), default=0)
    if best == 0:
        return None
    last = max(index for index, (tier, _) in enumerate(tiers) if tier == best)
    first = last
    while first > 0 and last - first < BLOCK and tiers[first - 1][0] == best:
        first -= 1
    context = [entry.text for entry in window[first : last + 1][:20]]
    return _record(doc, anchor, command, window[first], tiers[first][1], context)


def _detail(
    doc: Document, anchor: ErrorRecord, markers: list[ErrorRecord], steps: StepIndex | None
) -> ErrorRecord | None:
    """The first specific line a wrapper prints under it (see the module docstring), or None."""
    start = anchor.line_start or 0
    stop = max((r.line_start or 0) for r in markers if (r.line_start or 0) >= start) + AFTER
    held = steps.lines_after(start) if steps is not None else None
    if held is not None:
        after = _unprefixed(_in_step(held, stop))
    else:
        try:
            with doc.opener() as stream:
                after = _unprefixed(_in_step(_read_after(stream, start), stop))
        except (OSError, ValueError, EOFError):
            return None
    tiers = [_tier(line.text) if not _tagged_marker(line.text) else (0, None) for line in after]
    best = max((tier for tier, _ in tiers), default=0)
    if best == 0:
        return None
    first = next(index for index, (tier, _) in enumerate(tiers) if tier == best)
    context = [entry.text for entry in after[first : first + 8]]
    return _record(doc, anchor, anchor.step or doc.step, after[first], tiers[first][1], context)


def _unprefixed(lines: Iterable[WindowLine]) -> list[WindowLine]:
    """The lines without BuildKit's step output prefix (`#9 7.312 `) or a package's prefix its neighbours share
    (turbo's `pkg:task: `): what the step's command printed, as the matchers read it and the card shows it."""
    lines = [
        WindowLine(line.number, strip_prefix(text).text)
        if (text := buildkit.strip_output_prefix(line.text)) is not line.text
        else line
        for line in lines
    ]
    texts = without_services([line.text for line in lines])
    pairs = zip(lines, texts, strict=True)
    return [line if text is line.text else WindowLine(line.number, text) for line, text in pairs]


def _in_step(lines: Iterator[WindowLine], stop: int) -> Iterator[WindowLine]:
    """The lines up to line `stop`, until the next step starts."""
    for line in lines:
        if line.number > stop:
            return
        if BOUNDARY.match(line.text) or line.text.startswith("##[group]"):
            return  # the next step: what it prints is not the failed one's detail
        yield line


def _read_after(stream: BinaryIO, start: int) -> Iterator[WindowLine]:
    """The cleaned lines after line `start`, read from the start of a stream."""
    whole = True
    number = 0
    while piece := stream.readline(MAX_READ_LINE):
        if whole:
            number += 1
            if number > start:
                yield WindowLine(number, clean(piece).text)
        whole = piece.endswith(b"\n")


def _record(
    doc: Document,
    anchor: ErrorRecord,
    command: str,
    line: WindowLine,
    match: runners.LineMatch | None,
    context: list[str],
) -> ErrorRecord:
    text = _TAG.sub("", line.text).strip()
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=clip(match.message if match else text),
        line_start=line.number,
        line_end=line.number,
        context=bounded_context(context),
        exception_type=match.exception_type if match else _exception(text),
        test_id=match.test_id if match else "",
        location=match.location if match else _location(text),
        framework=match.framework if match else "",
        tool_hint=match.tool_hint if match else "",
        job=doc.job,
        step=anchor.step or command or doc.step,  # the CI step the marker is in, else the window's
        timestamp=anchor.timestamp,
        code=match.code if match else "",
    )


def _with_block(found: ErrorRecord, records: tuple[ErrorRecord, ...]) -> ErrorRecord:
    """The cause with the context the scanner gave the same line (its block: a test's titles above an
    assertion), when that says more than the read-back window's block."""
    same = next((record for record in records if record.line_start == found.line_start), None)
    if same is None or len(same.context) <= len(found.context):
        return found
    return replace(found, context=same.context)


def _bare(marker: ErrorRecord, command: str) -> bool:
    """A marker that says no more than that its command failed (no timeout, no memory kill)."""
    if marker.tool_hint in ("oom", "timeout") or _CUT.search(marker.message):
        return False  # a step cut short: what it printed last is no cause
    if marker.message.startswith('The command "'):  # Travis: the command, its exit status, nothing else
        return True
    text = marker.message.replace(command, "") if command else marker.message
    return not _GENERIC.sub("", text.replace(marker.step, "") if marker.step else text).strip()


def _with_step(record: ErrorRecord, step: str, last: tuple[str, ...]) -> ErrorRecord:
    """A marker without detail names its step, so its fingerprint is the step's, not every job's; its
    context is the step's last lines (what it printed before it failed)."""
    if _GENERIC.sub("", record.message).strip() or step in record.message:
        return record
    context = bounded_context([*last, record.message])
    return replace(record, message=clip(with_step(record.message, step)), step=record.step or step, context=context)
