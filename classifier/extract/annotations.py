"""GitHub check-run annotations: the REST API's JSON (a list of objects with path, start_line, end_line,
annotation_level, message, title, raw_details; or `{"annotations": [...]}` / a check run's `output`), and
pipe-separated annotation message lines.

Pipe lines are read in two shapes: the quickfix form `path|line col N level| message` (as errorformat
writes it) and the seed's `level | path:line | title | message` form. Notices are not errors and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from classifier.extract.jsonio import read_json
from classifier.extract.text import bounded_context, clip, decode, first_line
from classifier.model import ErrorRecord, Extraction, Location, Problem, Severity, SourceKind
from classifier.sources.base import Document

LEVELS = {"failure": Severity.ERROR, "error": Severity.ERROR, "warning": Severity.WARNING}
QUICKFIX_RE = re.compile(
    r"^(?P<path>[^|]+)\|(?P<line>\d+)?(?: col (?P<col>\d+))?(?: (?P<level>\w+))?(?: \d+)?\| ?"
    r"(?P<msg>.*)$"
)
MAX_PIPE_BYTES = 64 << 20


def extract(doc: Document) -> Extraction:
    head = _head(doc)
    if head.lstrip()[:1] in (b"[", b"{"):
        return _from_json(doc)
    return _from_lines(doc)


def _head(doc: Document) -> bytes:
    try:
        with doc.opener() as stream:
            return stream.read(4096)
    except OSError:
        return b""


def _from_json(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    items: Any = value
    if isinstance(value, Mapping):
        output = value.get("output")
        items = value.get("annotations") or (output.get("annotations") if isinstance(output, Mapping) else None)
    if not isinstance(items, list):
        return Extraction(problems=(Problem(doc.name, "no annotation list found", kind="unsupported"),))
    records = []
    for item in items:
        if isinstance(item, Mapping):
            record = _record(doc, item)
            if record is not None:
                records.append(record)
    return Extraction(tuple(records))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _record(doc: Document, item: Mapping[str, Any]) -> ErrorRecord | None:
    level = str(item.get("annotation_level", "failure")).lower()
    if level not in LEVELS:
        return None
    message = str(item.get("message") or "").strip()
    title = str(item.get("title") or "").strip()
    raw = str(item.get("raw_details") or "")
    path = str(item.get("path") or "")
    line = _int(item.get("start_line"))
    location = Location(path, line, _int(item.get("start_column"))) if path and path != ".github" else None
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.ANNOTATION,
        message=clip(message or title or first_line(raw)),
        context=bounded_context([ln for ln in raw.splitlines() if ln.strip()]),
        severity=LEVELS[level],
        location=location,
        framework="github",
        job=doc.job,
        step=doc.step,
        details=clip(title, 500),
    )


def _from_lines(doc: Document) -> Extraction:
    try:
        with doc.opener() as stream:
            raw = stream.read(MAX_PIPE_BYTES)
    except OSError as exc:
        return Extraction(problems=(Problem(doc.name, f"could not read: {exc}"),))
    records = []
    problems = []
    for number, line in enumerate(decode(raw).splitlines(), start=1):
        if not line.strip():
            continue
        record = _pipe_record(doc, line, number)
        if record is None:
            problems.append(Problem(doc.name, "not an annotation line", number, "unsupported"))
        elif record.severity is not None:
            records.append(record)
    return Extraction(tuple(records), tuple(problems[:20]))


def _pipe_record(doc: Document, line: str, number: int) -> ErrorRecord | None:
    parts = [part.strip() for part in line.split(" | ")]
    if len(parts) >= 3 and parts[0].lower() in (*LEVELS, "notice"):
        path, _, pos = parts[1].rpartition(":")
        location = Location(path, int(pos)) if path and pos.isdecimal() else (Location(parts[1]) if parts[1] else None)
        message = parts[-1]
        title = " | ".join(parts[2:-1])
        severity = LEVELS.get(parts[0].lower(), Severity.WARNING)
        return _line_record(doc, message or title, title, location, severity, number, line)
    m = QUICKFIX_RE.match(line)
    if m is None:
        return None
    level = (m.group("level") or "error").lower()
    location = Location(
        m.group("path").strip(),
        int(m.group("line")) if m.group("line") else None,
        int(m.group("col")) if m.group("col") else None,
    )
    severity = Severity.WARNING if level.startswith("w") else Severity.ERROR
    return _line_record(doc, m.group("msg").strip(), "", location, severity, number, line)


def _line_record(
    doc: Document, message: str, title: str, location: Location | None, severity: Severity, number: int, line: str
) -> ErrorRecord:
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.ANNOTATION,
        message=clip(message),
        line_start=number,
        line_end=number,
        context=(clip(line, 1000),),
        severity=severity,
        location=location,
        framework="github",
        job=doc.job,
        step=doc.step,
        details=clip(title, 500),
    )
