"""`go test -json` event streams (test2json, go.dev/cmd/test2json): one JSON object per line with Action, Package,
Test, Output (`go tool test2json` writes no Package: its keys and actions say what it is).

One record per failed test (`Action: fail` with a Test), its message the most telling output line
(a panic, a `x_test.go:12: ...` assertion, also as Go before 1.14 printed it, `TestA/x: x_test.go:12: ...`, else
the `--- FAIL` line) and its location from that line (a panic's: its first frame outside the standard library).
A test that failed only because its subtests did (nothing telling of its own) is their symptom. Totals count
every test and subtest that ended, and a test still running when its package failed as failed.
A failed package with no failed test (build failure, panic in TestMain, timeout) is a record of its own;
a package failure that only summarises failed tests is a symptom. Build errors (`build-output`) with
`file.go:line:col:` become compilation records. Non-JSON lines are skipped; memory per test is bounded.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifier.extract.gotext import go_trace_location
from classifier.extract.jsonio import loads_bounded
from classifier.extract.text import bounded_context, clip
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, SourceKind, TestTotals
from classifier.sources.base import Document

KEEP_LINES = 40
# `x_test.go:12: msg`; Go before 1.14 prefixed the test's name: `    TestA/sub: x_test.go:12: msg`
_ASSERT_RE = re.compile(r"^\s*(?:[\w/#.-]+: )?(?P<file>[\w./-]+\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)")
# test2json's actions and keys: a stream from `go tool test2json` (no `go test`) has no Package
ACTIONS = frozenset({"start", "run", "pause", "cont", "pass", "bench", "fail", "output", "skip", "build-output"})
KEYS = frozenset({"Time", "Action", "Package", "ImportPath", "Test", "Output", "Elapsed", "OutputType", "FailedBuild"})
_TELLING_RE = re.compile(r"^(?:panic: |fatal error: |\s*[\w./-]+\.go:\d+: |.*\b(?:Error|error|FAIL)\b)")


def is_gotest_json(keys: frozenset[str], first: object) -> bool:
    """The first event of a stream: test2json's keys only, with a Package or one of its actions."""
    if "Action" not in keys or not keys <= KEYS:
        return False
    return bool({"Package", "ImportPath"} & keys) or (isinstance(first, Mapping) and first.get("Action") in ACTIONS)


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


@dataclass(slots=True)
class _State:
    """What the stream told so far: the outputs of running tests, who failed, the test totals."""

    outputs: dict[tuple[str, str], _Output] = field(default_factory=dict)
    failed_packages: set[str] = field(default_factory=set)
    failed_parents: set[str] = field(default_factory=set)  # `package\0Test/` of tests with a failed subtest
    ended: set[tuple[str, str]] = field(default_factory=set)
    records: list[ErrorRecord] = field(default_factory=list)
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # tests run, failed, skipped (subtests too)

    def failed(self, doc: Document, number: int, package: str, test: str, output: _Output) -> None:
        """A failed test; one whose only failure is its subtests' (nothing telling of its own) restates them."""
        restates = not output.telling() and f"{package}\0{test}/" in self.failed_parents
        self.failed_packages.add(package)
        self.failed_parents.update(_parents(package, test))
        self.counts[0] += 1
        self.counts[1] += 1
        role = Role.SYMPTOM if restates else Role.CAUSE
        self.records.append(_record(doc, number, package, test, output, role))


def extract(doc: Document) -> Extraction:
    state = _State()
    problems: list[Problem] = []
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                event = _event(raw)
                if event is not None:
                    _handle(doc, event, number, state)
    except OSError as exc:
        problems.append(Problem(doc.name, f"could not read: {exc}"))
    tests = TestTotals(*state.counts) if any(state.counts) else None
    return Extraction(tuple(state.records), tuple(problems), tests=tests)


def _event(raw: bytes) -> Mapping[str, Any] | None:
    if not raw.lstrip().startswith(b"{"):
        return None
    try:
        value = loads_bounded(raw.decode("utf-8", errors="replace"))
    except ValueError:  # broken or too deep
        return None
    return value if isinstance(value, Mapping) else None


def _handle(doc: Document, event: Mapping[str, Any], number: int, state: _State) -> None:
    outputs = state.outputs
    action = str(event.get("Action", ""))
    package = str(event.get("Package") or event.get("ImportPath") or "").split(" ", 1)[0]
    test = str(event.get("Test") or "")
    if action in ("output", "build-output"):
        text = str(event.get("Output", "")).rstrip("\n")
        key = (package, "" if (package, test) in state.ended else test)  # output after a test ended: its package's
        outputs.setdefault(key, _Output()).add(text)
        if action == "build-output" and _build_error(doc, text, number, package, state.records):
            state.failed_packages.add(package)
        return
    if action in ("pass", "skip"):
        done = outputs.pop((package, test), None)
        if test and done is not None and done.panic:  # a panic printed under a passing test is its package's
            package_output = outputs.setdefault((package, ""), _Output())
            for line in (done.panic, *list(done.lines)[-KEEP_LINES // 2 :]):
                package_output.add(line)
        if test:
            state.ended.add((package, test))
            state.counts[0] += 1
            state.counts[2] += action == "skip"
        return
    if action not in ("fail", "build-fail"):
        return
    if not test and action == "fail":
        for key in [key for key in outputs if key[0] == package and key[1]]:
            # a test still running when its package failed (panic, timeout) failed without its own event
            state.failed(doc, number, package, key[1], outputs.pop(key))
    output = outputs.pop((package, test), None) or _Output()
    if test:
        state.failed(doc, number, package, test, output)
    elif action == "fail":
        role = Role.SYMPTOM if package in state.failed_packages else Role.CAUSE
        state.records.append(_record(doc, number, package, "", output, role))


def _parents(package: str, test: str) -> set[str]:
    """The keys under which a failed subtest is known to its parents (`A/b/c` -> `A/`, `A/b/`)."""
    parts = test.split("/")
    return {f"{package}\0{'/'.join(parts[:i])}/" for i in range(1, len(parts))}


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
    elif telling.startswith("panic: "):
        location = go_trace_location("\n".join(lines))  # the panicking frame outside the standard library
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
        test_id=(f"{package}.{test}" if package else test) if test else "",
        location=location,
        framework="go",
        tool_hint=hint,
        job=doc.job,
        step=doc.step,
        details=f"package={package}",
    )
