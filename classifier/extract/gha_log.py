"""Raw CI job logs: GitHub Actions job logs (timestamps, `##[group]`, `##[error]`, `::error` commands) and
plain CI logs (Travis, GitLab, Jenkins, a build's console output).

The scanner streams: it reads big binary chunks cut at a newline, lowercases each chunk once, finds
candidate lines with `bytes.find` of a few keywords and runs the real matchers (runners.py, buildkit.py)
on those lines only. Memory stays bounded by the chunk size whatever the log size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from ahocorasick_rs import BytesAhoCorasick, MatchKind

from classifier.extract import buildkit, runners
from classifier.extract.text import bounded_context, clean_line, clip
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, Severity, SourceKind
from classifier.sources.base import Document

CHUNK_BYTES = 8 << 20
OVERLAP_LINES = 48  # lines of the previous chunk kept for look-back
MAX_RECORDS = 2000
# Found in one Aho-Corasick pass; rarer evidence (DNS, disk, OOM) is matched on these lines and in the
# context around them.
KEYWORDS: tuple[bytes, ...] = (
    b"err",
    b"fail",
    b"exception",
    b"fatal",
    b"killed",
    b"not found",
    b"denied",
    b"##[",
    b"exit",
    "●".encode(),
    b"non-zero",
    b"could not",
    b"timed out",
    b"refused",
    b".rst:",
)
# Candidate lines that are known noise, rejected on their lowered bytes before decoding.
NOISE: tuple[bytes, ...] = (
    b"failures: 0, errors: 0",
    b"npm http ",
    b" debug ",
    b"[debug]",
    b"trace:",
    b"errors=0, failures=0",
    b"[info] download",
    b"stderr",
    b"interrupt",
    # Maven's trailer after a failed build: help links, never the cause
    b"[error] -> [help",
    b"[error] [help ",
    b"[error] to see the full stack trace",
    b"[error] for more information about the errors",
    b"[error] re-run maven",
    b"[error] after correcting the problems",
)
MAX_REPEATS = 3  # the same message from the same tool is kept this many times per document
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))  # ASCII lowercase, faster than lower()
_ANT_TASK_RE = re.compile(r"^\s*\[[a-z][\w-]*\] ")  # Ant's "    [javac] " task prefix
COMMAND_RE = re.compile(r"^::(?P<level>error|warning)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")
PROP_RE = re.compile(r"(\w+)=([^,]*)")


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
    truncated: bool = False

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
        if record.framework == "pytest" and record.test_id and self._merge_pytest(record):
            return
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

    def _merge_pytest(self, record: ErrorRecord) -> bool:
        """A `FAILED test - msg` summary line names the test of an earlier `E   msg` record."""
        waiting = self.pending_tests.get(record.message)
        if not waiting:
            return False
        index = waiting.pop(0)
        self.records[index] = replace(self.records[index], test_id=record.test_id)
        return True


def extract(doc: Document) -> Extraction:
    """Scan one log document."""
    scan = _Scan(doc)
    try:
        with doc.opener() as stream:
            for buf, start, first_line in iter_chunks(stream):
                _scan_chunk(scan, buf, start, first_line)
    except OSError as exc:
        scan.problems.append(Problem(doc.name, f"could not read: {exc}"))
    _finish(scan)
    return Extraction(tuple(scan.records), tuple(scan.problems))


def iter_chunks(stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[bytes, int, int]]:
    """Yield (buffer, offset where new text starts, line number of the buffer's first line).

    Each buffer ends at a newline and starts with the last OVERLAP_LINES lines of the previous one.
    """
    carry = b""
    overlap = b""
    line_no = 1
    while True:
        data = stream.read(chunk_bytes)
        if not data:
            if carry:
                yield overlap + carry + b"\n", len(overlap), line_no
            return
        data = carry + data if carry else data
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) < 2 * chunk_bytes:
                carry = data
                continue
            cut = len(data) - 1  # a giant line: cut it
        body, carry = data[: cut + 1], data[cut + 1 :]
        buf = overlap + body if overlap else body
        yield buf, len(overlap), line_no
        pos = len(buf) - 1
        for _ in range(OVERLAP_LINES):
            pos = buf.rfind(b"\n", 0, pos)
            if pos < 0:
                break
        keep = pos + 1 if pos >= 0 else 0
        line_no += buf.count(b"\n", 0, keep)
        overlap = buf[keep:]


_KEYWORD_MATCHER = BytesAhoCorasick(list(KEYWORDS), matchkind=MatchKind.LeftmostFirst)
_NOISE_MATCHER = BytesAhoCorasick(list(NOISE))


def _candidates(low: bytes, start: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines containing a keyword, known noise left out, in order.

    One Aho-Corasick pass finds every keyword at once (over 1 GB/s); line bounds are looked up once per line.
    """
    found: list[tuple[int, int]] = []
    line_end = -1
    for _index, pos, _stop in _KEYWORD_MATCHER.find_matches_as_indexes(low):
        if pos < start or pos <= line_end:
            continue
        line_start = low.rfind(b"\n", 0, pos) + 1
        line_end = low.find(b"\n", pos)
        if line_end < 0:
            line_end = len(low)
        if not _is_noise(low[line_start : min(line_end, line_start + 400)]):
            found.append((line_start, line_end))
    return found


def _lines_before(buf: bytes, line_start: int, count: int) -> list[str]:
    lines: list[str] = []
    end = line_start - 1
    while count > 0 and end > 0:
        begin = buf.rfind(b"\n", 0, end) + 1
        lines.append(clean_line(buf[begin:end])[1])
        end = begin - 1
        count -= 1
    lines.reverse()
    return lines


def _lines_after(buf: bytes, line_end: int, count: int) -> list[str]:
    lines: list[str] = []
    begin = line_end + 1
    while count > 0 and begin < len(buf):
        end = buf.find(b"\n", begin)
        if end < 0:
            end = len(buf)
        lines.append(clean_line(buf[begin:end])[1])
        begin = end + 1
        count -= 1
    return lines


def _scan_chunk(scan: _Scan, buf: bytes, start: int, first_line: int) -> None:
    low = buf.translate(_LOWER)
    line_no = first_line
    counted_to = 0
    for line_start, line_end in _candidates(low, start):
        line_no += buf.count(b"\n", counted_to, line_start)
        counted_to = line_start
        if line_no < scan.skip_until:
            continue
        timestamp, text = clean_line(buf[line_start:line_end])
        if text:
            _scan_line(scan, buf, line_start, line_end, line_no, timestamp, text)


def _is_noise(line: bytes) -> bool:
    if line.endswith((b"[error]", b"[error]\r", b"[error] ", b"[error] \r")):  # Maven's empty error lines
        return True
    if _NOISE_MATCHER.find_matches_as_indexes(line):
        return True
    return b"-werror" in line and b"error:" not in line


def _scan_line(
    scan: _Scan, buf: bytes, line_start: int, line_end: int, line_no: int, timestamp: str, text: str
) -> None:
    if text.startswith("##["):
        _marker(scan, buf, line_start, line_end, line_no, timestamp, text)
        return
    if text.startswith("::"):
        _command(scan, line_no, timestamp, text)
        return
    if buildkit.is_candidate(text):
        before = _lines_before(buf, line_start, buildkit.WINDOW)
        after = _lines_after(buf, line_end, buildkit.WINDOW)
        hit = buildkit.match_error(text, before, after)
        if hit is not None:
            scan.add(_record(scan, hit.match, line_no, timestamp, hit.context, SourceKind.BUILDKIT))
            scan.skip_until = line_no + hit.skip + 1
            return
    text = _ANT_TASK_RE.sub("", buildkit.strip_output_prefix(text), count=1)
    wanted = runners.wants_following(text, text.lower())
    following = _lines_after(buf, line_end, runners.FOLLOWING_LINES) if wanted else ()
    match = runners.match_line(text, following)
    if match is None or _repeated(scan, match):
        return
    before = _lines_before(buf, line_start, match.before)
    if match.framework == "go" and match.test_id:
        match = _go_assertion(match, before)
    context = [*before, text, *_lines_after(buf, line_end, match.after)]
    scan.add(_record(scan, match, line_no, timestamp, bounded_context(context), SourceKind.RUNNER))


_GO_ASSERT_RE = re.compile(r"^\s+(?P<file>[\w./-]+_test\.go):(?P<line>\d+): (?P<msg>.+)")


def _go_assertion(match: runners.LineMatch, before: list[str]) -> runners.LineMatch:
    """`--- FAIL: TestX` takes its message and location from the `x_test.go:14: ...` line above it."""
    for line in reversed(before):
        if line.lstrip().startswith(("=== RUN", "--- FAIL", "--- PASS")):
            break
        m = _GO_ASSERT_RE.match(line)
        if m:
            return replace(
                match, message=m.group("msg").strip(), location=Location(m.group("file"), int(m.group("line")))
            )
    return match


def _repeated(scan: _Scan, match: runners.LineMatch) -> bool:
    """True once a message was seen MAX_REPEATS times (retries, repeated stack traces)."""
    key = (match.message, match.framework)
    count = scan.seen.get(key, 0)
    scan.seen[key] = count + 1
    return count >= MAX_REPEATS and not match.test_id


def _marker(scan: _Scan, buf: bytes, line_start: int, line_end: int, line_no: int, timestamp: str, text: str) -> None:
    """`##[group]Run x` starts a step; `##[error]` / `##[warning]` are the runner's own error lines."""
    if text.startswith("##[group]"):
        title = text[9:].strip()
        if title.startswith("Run ") and not scan.doc.step:
            scan.step = clip(title[4:], 200)
        return
    for tag, severity in (("##[error]", Severity.ERROR), ("##[warning]", Severity.WARNING)):
        if text.startswith(tag):
            body = text[len(tag) :].strip()
            if not body or _repeats_last(scan, body):
                return
            match = runners.match_line(body) or runners.LineMatch(body, "", "", before=6, after=0)
            match = replace(match, severity=severity)
            context = [*_lines_before(buf, line_start, match.before), body]
            scan.add(_record(scan, match, line_no, timestamp, bounded_context(context), SourceKind.GHA_LOG))
            return


def _repeats_last(scan: _Scan, body: str) -> bool:
    return any(record.message == body for record in scan.records[-3:])


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
    """`failed to solve` is a symptom unless nothing else was found."""
    if any(record.role is Role.CAUSE for record in scan.records):
        return
    for index, record in enumerate(scan.records):
        if record.kind is SourceKind.BUILDKIT:
            scan.records[index] = replace(record, role=Role.CAUSE)
