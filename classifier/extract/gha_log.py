"""Raw CI job logs: GitHub Actions job logs (timestamps, `##[group]`, `##[error]`, `::error` commands) and
plain CI logs (Travis, GitLab, Jenkins, a build's console output).

The scanner streams (logread.py): big binary chunks cut at a newline, lower-cased once, candidate lines
found in one Aho-Corasick pass over the vocabulary (vocabulary.toml). Each candidate is cleaned (escapes,
carriage-return progress, the prefixes of prefix.py) and given to the real matchers (runners, buildkit)
through linematch.py (which caches the verdict on a repeated line); a line with an `[ERROR]` tag is tried
again without it (`[INFO]` only for an exception or a test failure, as sbt prints them; never `[WARNING]`).
A record's context runs to the end of its block (indented and stack-frame lines). Memory stays bounded by
the chunk size whatever the log size; past MAX_RECORDS the scan stops. The step index (steps.py) follows
the chunks so lookback.py never reads the log again.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from classifier.extract import blocks, buildkit, linematch, lookback, runners
from classifier.extract.logread import (
    block_after,
    block_before,
    candidates,
    iter_chunks,
    lines_after,
    lines_before,
)
from classifier.extract.prefix import Stripped
from classifier.extract.steps import StepIndex
from classifier.extract.text import bounded_context, clean, clip, quoted_lines
from classifier.fastinit import fast_init, replace
from classifier.model import MAX_CONTEXT_LINES, ErrorRecord, Extraction, Location, Problem, Role, Severity, SourceKind
from classifier.sources.base import Document

MAX_RECORDS = 2000
MAX_WORD_RECORDS = 10  # error-word lines no matcher knows: the last ones of a document are kept
MAX_REPEATS = 3  # the same message from the same tool is kept this many times per document
COMMAND_RE = re.compile(r"^::(?P<level>error|warning)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")
PROP_RE = re.compile(r"(\w+)=([^,]*)")


@fast_init
@dataclass(frozen=True, slots=True)
class _WordLine:
    """An error-word line waiting for the end of its chunk: most are pushed out by later ones first."""

    match: runners.LineMatch
    line_start: int
    line_end: int
    line_no: int
    line: Stripped
    text: str
    step: str


@dataclass
class _Scan:
    """Mutable state of one document's scan."""

    doc: Document
    step: str = ""
    records: list[ErrorRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pending_tests: dict[str, list[int]] = field(default_factory=dict)  # pytest E-line message -> record idx
    seen: dict[tuple[str, str], int] = field(default_factory=dict)  # (message, framework) -> count
    skip_until: int = 0
    phpunit_failing: bool = True  # the last PHPUnit section header seen lists failed cases
    truncated: bool = False
    covered_until: int = 0  # the last line shown as context of a matched record
    stamped: int = 0  # records before this index carry the step the index saw (_stamp_steps)
    steps: StepIndex = field(default_factory=StepIndex)  # the running step's lines, for lookback.py
    # error-word lines kept (key, record); their context is read at the end of their chunk, if still kept
    word_lines: deque[tuple[str, ErrorRecord | _WordLine]] = field(
        default_factory=lambda: deque(maxlen=MAX_WORD_RECORDS)
    )

    def add(self, record: ErrorRecord) -> None:
        if len(self.records) >= MAX_RECORDS:
            if not self.truncated:
                self.truncated = True
                self.problems.append(
                    Problem(
                        self.doc.name, f"more than {MAX_RECORDS} errors; the rest skipped", record.line_start, "limit"
                    )
                )
            return
        last = self.records[-1] if self.records else None
        if last is not None and blocks.awaits_exception(last) and blocks.ends_block(last, record):
            if blocks.pytest_internal(last, record):
                return  # pytest's own exception while reporting a module's import: the module's own follows
            self.records[-1] = merged = blocks.merge_exception(last, record)
            if merged.framework == "pytest":  # the `FAILED test - msg` summary line gives the full test id
                self.pending_tests.setdefault(merged.message, []).append(len(self.records) - 1)
            return
        if blocks.repeats_test(self.records, record):
            return
        if blocks.cascades(self.records, record):  # a compiler's consequence of an unresolved name above
            record = replace(record, role=Role.SYMPTOM)
        if record.framework == "pytest" and record.test_id:  # a `FAILED test - msg` summary row
            kept = blocks.summary_row(self.records, self.pending_tests, record)
            if kept is None:
                return  # it named the test of an earlier `E   msg` record
            record = kept
        if record.tool_hint == "location" and self._merge_location(record):
            return
        if record.framework == "pytest" and not record.test_id:
            self.pending_tests.setdefault(record.message, []).append(len(self.records))
        self.records.append(record)

    def _merge_location(self, record: ErrorRecord) -> bool:
        """`tests/x.py:45: AssertionError` gives the location of the `E   AssertionError: ...` just above."""
        if not self.records:
            return False
        last = self.records[-1]
        near = (
            last.line_start is not None and record.line_start is not None and record.line_start - last.line_start <= 40
        )
        if (
            near
            and last.framework == "pytest"
            and last.location is None
            and last.exception_type == record.exception_type
        ):
            self.records[-1] = replace(last, location=record.location)
            return True
        return False


def extract(doc: Document) -> Extraction:
    """Scan one log document."""
    return scan_log(doc)[0]


def scan_log(doc: Document) -> tuple[Extraction, StepIndex]:
    """Scan one log document; the step index tells lookback.py the failing step's lines (no second read)."""
    scan = _Scan(doc)
    try:
        with doc.opener() as stream:
            for buf, start, first_line in iter_chunks(stream):
                if scan.steps.buf and (line := lookback.window_line(tuple(scan.records))) is not None:
                    scan.steps.keep(line)  # the failing step may be in the chunk about to go
                scan.steps.enter(buf, start, first_line)
                _scan_chunk(scan, buf, start, first_line)
                _settle_word_lines(scan, buf)
                _stamp_steps(scan)
                if scan.truncated:
                    break
            else:
                scan.steps.at_end = True
    except OSError as exc:
        scan.problems.append(Problem(doc.name, f"could not read: {exc}"))
    _finish(scan)
    return Extraction(tuple(scan.records), tuple(scan.problems)), scan.steps


def _scan_chunk(scan: _Scan, buf: bytes, start: int, first_line: int) -> None:
    low = buf.lower()  # bytes.lower: ASCII letters only
    line_no = first_line
    counted_to = 0
    for line_start, line_end in candidates(low, start):
        if scan.truncated:
            return
        line_no += buf.count(b"\n", counted_to, line_start)
        counted_to = line_start
        if line_no < scan.skip_until:
            continue
        line = clean(buf[line_start:line_end])
        if line.text:
            scan.steps.offsets[line_no] = line_start
            _scan_line(scan, buf, line_start, line_end, line_no, line)


def _scan_line(scan: _Scan, buf: bytes, line_start: int, line_end: int, line_no: int, line: Stripped) -> None:
    text, timestamp = line.text, line.timestamp
    if text.startswith(("##[", "##vso[")):
        _marker(scan, buf, line_start, line_end, line_no, timestamp, text)
        return
    if text.startswith("::"):
        _command(scan, line_no, timestamp, text)
        return
    if buildkit.is_candidate(text):
        before = lines_before(buf, line_start, buildkit.WINDOW)
        after = lines_after(buf, line_end, buildkit.WINDOW)
        hit = buildkit.match_error(text, before, after)
        if hit is not None:
            record = _record(scan, hit.match, line_no, timestamp, hit.context, SourceKind.BUILDKIT)
            scan.add(replace(record, line_start=line_no - hit.match.lead))  # a wrapped step's output line
            scan.skip_until = line_no + hit.skip + 1
            return
    found = linematch.verdict(buf, line_end, line)
    match, text, word = found.match, found.text, found.word
    match = runners.message_above(match, lines_before(buf, line_start, 1)) if match and not match.message else match
    if word:
        logged = linematch.is_logged_error(line, text)
        if line_no <= scan.covered_until and not logged:
            return  # already shown as a matched record's context (a line logged as an error is one of its own)
        match = linematch.word_match(text)
        match = linematch.logged_error(text, match) if logged else match
    if match is None or _repeated(scan, match) or not _phpunit_counts(scan, match):
        return
    if word:
        _keep_word_line(scan, _WordLine(match, line_start, line_end, line_no, line, text, scan.step))
        return
    record, shown = _block_record(scan, buf, _WordLine(match, line_start, line_end, line_no, line, text, scan.step))
    scan.covered_until = max(scan.covered_until, line_no + shown)
    if match.span:  # the lines of its block (Gradle's `* What went wrong:`) are no records of their own
        scan.skip_until = max(scan.skip_until, line_no + match.span + 1)
    scan.add(record)


def _phpunit_counts(scan: _Scan, match: runners.LineMatch) -> bool:
    """PHPUnit lists risky, skipped and incomplete tests, warnings and deprecations as numbered cases too, each
    list under its header: a case counts under `There were N errors:` / `failures:` only (or under none seen)."""
    if match.framework != "phpunit":
        return True
    failing = runners.phpunit_section_kind(match.message)
    if failing is not None:
        scan.phpunit_failing = failing
        return failing
    return scan.phpunit_failing or not match.test_id


def _block_record(scan: _Scan, buf: bytes, spot: _WordLine) -> tuple[ErrorRecord, int]:
    """The record of a matched line with its block as context, and how many lines after it are shown."""
    match, text = spot.match, spot.text
    indented = text[:1] in (" ", "\t")
    before = block_before(buf, spot.line_start, match.before, MAX_BEFORE, indented)
    after = block_after(buf, spot.line_end, match.after, MAX_CONTEXT_LINES - len(before) - 1)
    match = runners.in_block(match, before, after, text)  # what its block says of it (its test's header above)
    context = bounded_context([*before, spot.line.text, *after])
    record = _record(scan, match, spot.line_no, spot.line.timestamp, context, SourceKind.RUNNER)
    span = max(min(match.span, len(after)), quoted_lines(record.message, spot.line.text, after))
    record = replace(record, line_end=spot.line_no + span) if span else record
    record = replace(record, line_start=spot.line_no + shift) if (shift := match.shift(span, len(before))) else record
    return (replace(record, step=scan.doc.step or spot.step) if spot.step != scan.step else record), len(after)


MAX_BEFORE = 10  # lines looked back for an indented line's block header
_DIGITS_RE = re.compile(r"\d+")


def _keep_word_line(scan: _Scan, spot: _WordLine) -> None:
    """Keep the last MAX_WORD_RECORDS error-word lines; a line like one kept (digits aside) is not kept again."""
    key = _DIGITS_RE.sub("0", clip(spot.match.message))
    if all(kept != key for kept, _ in scan.word_lines):
        scan.word_lines.append((key, spot))


def _stamp_steps(scan: _Scan) -> None:
    """The chunk's records without a step name the step running at their line (`$ cmd` of Travis and GitLab,
    Maven's plugin section, Gradle's task): linking tells a step that failed from one the job went on from."""
    if not scan.records and not scan.word_lines:
        return
    for index in range(scan.stamped, len(scan.records)):
        scan.records[index] = _stamped(scan.steps, scan.records[index])
    scan.stamped = len(scan.records)
    for index, (key, kept) in enumerate(scan.word_lines):
        if isinstance(kept, ErrorRecord):
            scan.word_lines[index] = (key, _stamped(scan.steps, kept))


def _stamped(steps: StepIndex, record: ErrorRecord) -> ErrorRecord:
    if record.step or record.line_start is None:
        return record
    command = steps.command_at(record.line_start)
    return replace(record, step=command) if command else record


def _settle_word_lines(scan: _Scan, buf: bytes) -> None:
    """The kept error-word lines of this chunk get their context while the chunk is at hand."""
    for index, (key, kept) in enumerate(scan.word_lines):
        if isinstance(kept, _WordLine):
            scan.word_lines[index] = (key, _block_record(scan, buf, kept)[0])


def _repeated(scan: _Scan, match: runners.LineMatch) -> bool:
    """True once a message was seen MAX_REPEATS times (retries, repeated stack traces), unless it is an
    exception of a test's block (blocks.rescued: the 4th of 100 tests failing with one error still shows it)."""
    key = (match.message, match.framework)
    count = scan.seen.get(key, 0)
    scan.seen[key] = count + 1
    if count < MAX_REPEATS or match.test_id:
        return False
    return not (match.exception_type and scan.records and blocks.rescued(scan.records[-1]))


def _marker(scan: _Scan, buf: bytes, line_start: int, line_end: int, line_no: int, timestamp: str, text: str) -> None:
    """`##[group]Run x` starts a step; `##[error]` / `##[warning]` are the runner's own error lines;
    Azure Pipelines' `##vso[task.logissue type=error;sourcepath=a.cs;linenumber=3]msg` is a command."""
    if text.startswith("##vso["):
        _vso_issue(scan, line_no, timestamp, text)
        return
    if text.startswith("##[group]"):
        title = text[9:].strip()
        if title.startswith("Run ") and not scan.doc.step:
            scan.step = clip(title[4:], 200)
        return
    for tag, severity in (("##[error]", Severity.ERROR), ("##[warning]", Severity.WARNING)):
        if text.startswith(tag):
            body = text[len(tag) :].strip()
            if not body or _repeats_last(scan, body, line_no):
                return
            match = runners.match_line(body) or runners.LineMatch(body, "", "", before=6, after=0)
            match = replace(match, severity=severity)
            context = [*lines_before(buf, line_start, match.before), body]
            scan.add(_record(scan, match, line_no, timestamp, bounded_context(context), SourceKind.GHA_LOG))
            return


def _repeats_last(scan: _Scan, body: str, line_no: int) -> bool:
    """`##[error]` restating an error line at most 3 lines above; a retry failing again is a record of its own."""
    return any(r.message == body and line_no - (r.line_start or 0) <= 3 for r in scan.records[-3:])


def _command(scan: _Scan, line_no: int, timestamp: str, text: str) -> None:
    """`::error file=a.py,line=3,col=5,title=T::message` workflow commands."""
    m = COMMAND_RE.match(text)
    if m is None:
        return
    props = dict(PROP_RE.findall(m.group("props") or ""))
    location = None
    if props.get("file"):
        line = props.get("line", "")
        col = props.get("col", "")
        number = int(line) if line.isdecimal() else None
        location = Location(props["file"], number, int(col) if col.isdecimal() else None)
    severity = Severity.WARNING if m.group("level") == "warning" else Severity.ERROR
    message = m.group("msg").replace("%0A", "\n").replace("%25", "%").strip()
    found = runners.match_line(message.splitlines()[0] if message else "")
    match = runners.LineMatch(
        message,
        found.framework if found else "",
        found.tool_hint if found else "",
        severity=severity,
        exception_type=found.exception_type if found else "",
        location=location,
        details=props.get("title", ""),
    )
    scan.add(_record(scan, match, line_no, timestamp, bounded_context(message.splitlines()), SourceKind.GHA_LOG))


_VSO_RE = re.compile(r"^##vso\[task\.logissue (?P<props>[^\]]*)\](?P<msg>.*)$")
_VSO_PROPS = {"sourcepath": "file", "linenumber": "line", "columnnumber": "col", "code": "title"}


def _vso_issue(scan: _Scan, line_no: int, timestamp: str, text: str) -> None:
    m = _VSO_RE.match(text)
    if m is None:
        return
    props = dict(part.split("=", 1) for part in m.group("props").split(";") if "=" in part)
    level = "warning" if props.get("type") == "warning" else "error"
    named = ",".join(f"{_VSO_PROPS[key]}={value}" for key, value in props.items() if key in _VSO_PROPS)
    _command(scan, line_no, timestamp, f"::{level} {named}::{m.group('msg')}")


def _record(
    scan: _Scan, match: runners.LineMatch, line_no: int, timestamp: str, context: tuple[str, ...], kind: SourceKind
) -> ErrorRecord:
    doc = scan.doc
    return ErrorRecord(
        source=doc.name,
        kind=kind,
        message=clip(match.message),
        line_start=line_no,
        line_end=line_no,
        context=context,
        severity=match.severity,
        role=match.role,
        exception_type=match.exception_type,
        test_id=match.test_id,
        location=match.location,
        framework=match.framework,
        tool_hint=match.tool_hint,
        job=doc.job,
        step=doc.step or scan.step,
        timestamp=timestamp,
        code=match.code,
        details=match.details,
    )


def _finish(scan: _Scan) -> None:
    """`failed to solve` is a symptom unless nothing else was found; the kept error-word lines join in order."""
    if not any(record.role is Role.CAUSE for record in scan.records):
        for index, record in enumerate(scan.records):
            if record.kind is SourceKind.BUILDKIT:
                scan.records[index] = replace(record, role=Role.CAUSE)
    blocks.demote_stale_locks(scan.records)
    words = [record for _key, record in scan.word_lines if isinstance(record, ErrorRecord)]
    if words:
        room = max(0, MAX_RECORDS - len(scan.records))
        merged = [*scan.records, *words[-room:]] if room else scan.records
        scan.records = sorted(merged, key=lambda record: record.line_start or 0)
