"""Cargo `--message-format=json` streams, and libtest's JSON test events.

Formats: Cargo's JSON messages (doc.rust-lang.org/cargo/reference/external-tools.html#json-messages), one
object per line with `reason`: `compiler-message` carries a rustc diagnostic (rustc-dev-guide "JSON
output": `message: {message, code: {code}, level, spans: [{file_name, line_start, column_start,
is_primary}], rendered}`); `build-finished` says `success`. libtest's JSON (`cargo test -- -Z
unstable-options --format json`, also cargo-nextest's libtest-json): `{"type": "test", "event":
"ok|failed|ignored", "name", "stdout"}` and `{"type": "suite", ...}`.

Records (kind runner, framework cargo): one per `error` / `warning` diagnostic (notes and helps are
children, not records) with its severity, `code` (`E0308`, `clippy::needless_if`), the primary span as
location and the rendered text as context; tool_hint `lint` for clippy lints, else `compilation`.
`aborting due to N previous errors` and `N warnings emitted` are symptoms. One record per failed test
(tool_hint `test` for a failed assertion, `panic` for another panic) with the panic message and its
`src/lib.rs:10:9` location. Totals count test events. Non-JSON lines (cargo's own `error: could not
compile`) are skipped; a JSON line that does not parse is a Problem with its line number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import JSONTooDeep, loads_bounded
from classifier.extract.reportio import MAX_RECORDS, one_line, text_lines
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, Severity, SourceKind, TestTotals
from classifier.sources.base import Document

_REASONS = frozenset({"compiler-message", "compiler-artifact", "build-script-executed", "build-finished"})
_LEVELS = {"error": Severity.ERROR, "error: internal compiler error": Severity.ERROR, "warning": Severity.WARNING}
_SUMMARY_RE = re.compile(r"^(?:aborting due to |\d+ warnings? emitted|warning: \d+ warnings? emitted)")
_PANIC_NEW_RE = re.compile(r"panicked at (?P<file>[^\s:'][^\s:]*):(?P<line>\d+):(?P<col>\d+):\n(?P<msg>[^\n]*)")
_PANIC_OLD_RE = re.compile(r"panicked at '(?P<msg>.*?)', (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)", re.S)


def detect(head: Head) -> bool:
    """A cargo JSON stream (`reason`) or libtest JSON events (`type` suite/test with `event`); as text when
    cargo's own stderr lines (`error: could not compile`) are interleaved with the JSON lines."""
    if head.structure is Structure.TEXT:
        return _interleaved(head.raw)
    value = head.value if isinstance(head.value, Mapping) else {}
    if "reason" in head.keys:
        return str(value.get("reason", "compiler-message")) in _REASONS
    return {"type", "event"} <= head.keys and str(value.get("type", "suite")) in ("suite", "test", "bench")


def _interleaved(raw: bytes) -> bool:
    """Most head lines are cargo JSON messages, the first one among them."""
    if not raw.lstrip().startswith(b'{"reason":"'):
        return False  # the first non-blank line is none (most text: no need to split the head)
    lines = [line.strip() for line in raw.split(b"\n")[:200] if line.strip()]
    ours = sum(1 for line in lines if line.startswith(b'{"reason":"'))
    return bool(lines) and lines[0].startswith(b'{"reason":"') and ours >= 2 and 2 * ours >= len(lines)


def extract(doc: Document) -> Extraction:
    records: list[ErrorRecord] = []
    problems: list[Problem] = []
    outcomes: list[str] = []
    dropped = 0
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                event = _event(doc, raw, number, problems)
                for record in _records(doc, event, number, outcomes) if event is not None else ():
                    if len(records) < MAX_RECORDS:
                        records.append(record)
                    else:
                        dropped += 1
    except OSError as exc:
        problems.append(Problem(doc.name, f"could not read: {exc}"))
    if dropped:
        problems.append(Problem(doc.name, f"{dropped} more records dropped (at most {MAX_RECORDS})", kind="limit"))
    tests = TestTotals(len(outcomes), outcomes.count("failed"), outcomes.count("ignored")) if outcomes else None
    return Extraction(tuple(records), tuple(problems), tests)


def _event(doc: Document, raw: bytes, number: int, problems: list[Problem]) -> Mapping[str, Any] | None:
    text = raw.strip()
    if not text.startswith(b"{"):
        return None  # cargo's own text lines, a test's stray output
    try:
        value = loads_bounded(text.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        if len(problems) < 20:
            problems.append(Problem(doc.name, f"invalid JSON line: {exc.msg}", number))
        return None
    except JSONTooDeep as exc:
        if len(problems) < 20:
            problems.append(Problem(doc.name, str(exc), number, kind="limit"))
        return None
    return value if isinstance(value, Mapping) else None


def _records(doc: Document, event: Mapping[str, Any], number: int, outcomes: list[str]) -> Iterator[ErrorRecord]:
    if event.get("reason") == "compiler-message" and isinstance(event.get("message"), Mapping):
        record = _diagnostic(doc, event["message"], number, event)
        if record is not None:
            yield record
    elif event.get("type") == "test" and event.get("event") in ("ok", "failed", "ignored"):
        outcomes.append(str(event["event"]))
        if event["event"] == "failed":
            yield _test(doc, event, number)


def _diagnostic(doc: Document, message: Mapping[str, Any], number: int, event: Mapping[str, Any]) -> ErrorRecord | None:
    severity = _LEVELS.get(str(message.get("level") or ""))
    text = one_line(str(message.get("message") or ""))
    if severity is None or not text:
        return None
    code = message.get("code")
    code_text = str(code.get("code") or "") if isinstance(code, Mapping) else ""
    target = event.get("target")
    target = target if isinstance(target, Mapping) else {}
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=text,
        line_start=number,
        line_end=number,
        context=bounded_context(text_lines(str(message.get("rendered") or ""))),
        severity=severity,
        role=Role.SYMPTOM if _SUMMARY_RE.match(text) else Role.CAUSE,
        location=_primary_span(message),
        framework="cargo",
        tool_hint="lint" if code_text.startswith("clippy::") else "compilation",
        job=doc.job,
        step=doc.step,
        code=code_text,
        details=f"format=cargo_json; target={target.get('name', '')}" if target.get("name") else "format=cargo_json",
    )


def _primary_span(message: Mapping[str, Any]) -> Location | None:
    spans = message.get("spans")
    for span in spans if isinstance(spans, list) else []:
        if isinstance(span, Mapping) and span.get("is_primary") and span.get("file_name"):
            line, column = span.get("line_start"), span.get("column_start")
            line = line if isinstance(line, int) else None
            return Location(str(span["file_name"]), line, column if isinstance(column, int) else None)
    return None


def _test(doc: Document, event: Mapping[str, Any], number: int) -> ErrorRecord:
    output = str(event.get("stdout") or event.get("message") or "")
    m = _PANIC_NEW_RE.search(output) or _PANIC_OLD_RE.search(output)
    payload = one_line(m.group("msg").split("\n", 1)[0]) if m else ""
    location = Location(m.group("file"), int(m.group("line")), int(m.group("col"))) if m else None
    assertion = payload.startswith(("assertion", "assert"))
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=payload or f"test {event.get('name', '')} failed",
        line_start=number,
        line_end=number,
        context=bounded_context(text_lines(output)),
        exception_type="" if assertion or not m else "panic",
        test_id=str(event.get("name") or ""),
        location=location,
        framework="cargo",
        tool_hint="test" if assertion or not m else "panic",
        job=doc.job,
        step=doc.step,
        details="format=cargo_json; libtest",
    )


FORMAT = Format("cargo_json", (Structure.JSONL, Structure.JSON, Structure.TEXT), detect, extract)
