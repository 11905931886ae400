"""`go test -json` event streams (test2json): one JSON object per line with Action, Package, Test, Output.

One record per failed test (`Action: fail` with a Test), its message the most telling output line
(a panic, a `x_test.go:12: ...` assertion, else the `--- FAIL` line) and its location from that line.
A failed package with no failed test (build failure, panic in TestMain, timeout) is a record of its own;
a package failure that only summarises failed tests is a symptom. Build errors (`build-output`) with
`file.go:line:col:` become compilation records. Non-JSON lines are skipped; memory per test is bounded.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from typing import Any

from classifier.extract.jsonio import loads_bounded
from classifier.extract.text import bounded_context, clip
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, SourceKind
from classifier.sources.base import Document

KEEP_LINES = 40
_ASSERT_RE = re.compile(r"^\s*(?P<file>[\w./-]+\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)")
_TELLING_RE = re.compile(r"^(?:panic: |fatal error: |\s*[\w./-]+\.go:\d+: |.*\b(?:Error|error|FAIL)\b)")


def is_gotest_json(head: bytes) -> bool:
    first = head.lstrip()[:300]
    return first.startswith(b"{") and b'"Action"' in first and (b'"Package"' in first or b'"ImportPath"' in first)


class _Output:
    """The last lines of one test's (or package's) output, and its first telling lines."""

    __slots__ = ("assertion", "lines", "other", "panic")

    def __init__(self) -> None:
        self.lines: deque[str] = deque(maxlen=KEEP_LINES)
        self.panic = self.assertion = self.other = ""

    def add(self, text: str) -> None:
        self.lines.append(text)
        if not self.panic and text.startswith(("panic: ", "fatal error: ")):
            self.panic = text
        elif not self.assertion and _ASSERT_RE.match(text):
            self.assertion = text
        elif not self.other and _TELLING_RE.match(text) and not text.startswith(("=== ", "--- ", "FAIL")):
            self.other = text

    def telling(self) -> str:
        return self.panic or self.assertion or self.other


def extract(doc: Document) -> Extraction:
    outputs: dict[tuple[str, str], _Output] = {}
    failed_tests: set[str] = set()
    ended: set[tuple[str, str]] = set()
    records: list[ErrorRecord] = []
    problems: list[Problem] = []
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                event = _event(raw)
                if event is not None:
                    _handle(doc, event, number, outputs, failed_tests, records, ended)
    except OSError as exc:
        problems.append(Problem(doc.name, f"could not read: {exc}"))
    return Extraction(tuple(records), tuple(problems))


def _event(raw: bytes) -> Mapping[str, Any] | None:
    if not raw.lstrip().startswith(b"{"):
        return None
    try:
        value = loads_bounded(raw.decode("utf-8", errors="replace"))
    except ValueError:  # broken or too deep
        return None
    return value if isinstance(value, Mapping) else None


def _handle(
    doc: Document,
    event: Mapping[str, Any],
    number: int,
    outputs: dict[tuple[str, str], _Output],
    failed_tests: set[str],
    records: list[ErrorRecord],
    ended: set[tuple[str, str]],
) -> None:
    action = str(event.get("Action", ""))
    package = str(event.get("Package") or event.get("ImportPath") or "").split(" ", 1)[0]
    test = str(event.get("Test") or "")
    if action in ("output", "build-output"):
        text = str(event.get("Output", "")).rstrip("\n")
        key = (package, "" if (package, test) in ended else test)  # output after a test ended is its package's
        outputs.setdefault(key, _Output()).add(text)
        if action == "build-output" and _build_error(doc, text, number, package, records):
            failed_tests.add(package)
        return
    if action in ("pass", "skip"):
        done = outputs.pop((package, test), None)
        if test and done is not None and done.panic:  # a panic printed under a passing test is its package's
            package_output = outputs.setdefault((package, ""), _Output())
            for line in (done.panic, *list(done.lines)[-KEEP_LINES // 2 :]):
                package_output.add(line)
        if test:
            ended.add((package, test))
        return
    if action not in ("fail", "build-fail"):
        return
    if not test and action == "fail":
        for key in [key for key in outputs if key[0] == package and key[1]]:
            # a test still running when its package failed (panic, timeout) failed without its own event
            failed_tests.add(package)
            records.append(_record(doc, number, package, key[1], outputs.pop(key), Role.CAUSE))
    output = outputs.pop((package, test), None) or _Output()
    if test:
        failed_tests.add(package)
        records.append(_record(doc, number, package, test, output, Role.CAUSE))
    elif action == "fail":
        role = Role.SYMPTOM if package in failed_tests else Role.CAUSE
        records.append(_record(doc, number, package, "", output, role))


def _build_error(doc: Document, text: str, number: int, package: str, records: list[ErrorRecord]) -> bool:
    m = _ASSERT_RE.match(text)
    if m is None:
        return False
    location = Location(m.group("file"), int(m.group("line")), int(m.group("col")) if m.group("col") else None)
    records.append(
        ErrorRecord(
            source=doc.name,
            kind=SourceKind.RUNNER,
            message=clip(m.group("msg")),
            line_start=number,
            line_end=number,
            context=(text,),
            location=location,
            framework="go",
            tool_hint="compilation",
            job=doc.job,
            step=doc.step,
            details=f"package={package}",
        )
    )
    return True


def _record(doc: Document, number: int, package: str, test: str, output: _Output, role: Role) -> ErrorRecord:
    lines = list(output.lines)
    telling = output.telling()
    message = telling.strip() or (f"--- FAIL: {test}" if test else f"FAIL {package}")
    location = None
    m = _ASSERT_RE.match(telling)
    if m:
        location = Location(m.group("file"), int(m.group("line")), int(m.group("col")) if m.group("col") else None)
        message = m.group("msg").strip()
    hint = "test"
    if telling.startswith(("panic: ", "fatal error: ")):
        hint = "panic"
    elif any("[build failed]" in line for line in lines):
        hint = "compilation"
    if "test timed out" in telling:
        hint = "timeout"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=clip(message),
        line_start=number,
        line_end=number,
        context=bounded_context([line for line in lines if line.strip()][-12:]),
        role=role,
        exception_type="panic" if telling.startswith("panic: ") else "",
        test_id=f"{package}.{test}" if test else "",
        location=location,
        framework="go",
        tool_hint=hint,
        job=doc.job,
        step=doc.step,
        details=f"package={package}",
    )
