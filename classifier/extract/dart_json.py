"""Dart and Flutter test runs in the JSON reporter protocol (`dart test --reporter json`, `--file-reporter
json:x.json`, `flutter test --machine`).

Format: the test package's "JSON Reporter Protocol" (github.com/dart-lang/test, pkgs/test/doc/json_reporter.md):
one JSON object per line, `type` one of `start` (`protocolVersion`), `suite` (`suite: {id, path}`), `group`,
`testStart` (`test: {id, name, suiteID, line, column, url, root_url, root_line}`), `print` (`testID`,
`message`), `error` (`testID`, `error`, `stackTrace`, `isFailure`), `testDone` (`testID`, `result`
success/failure/error, `skipped`, `hidden`), `allSuites`, `done`. A test may report an error after its
`testDone`: it failed then. Lines that are not JSON (flutter's `[{"event":...}]` daemon lines, `Building
package executable...`) are skipped; a line that starts like JSON and does not parse is a Problem with its line.

One record per failed test (kind junit, the test-report kind; framework `dart`, `flutter` for a flutter_test
run): test id = the test's name (its groups' names before it, as the runner prints it), message = the first
error's first line; an `isFailure` error (a `TestFailure`, an `expect` not met) names no exception type and
is `test`, another error keeps its type (`StateError` for `Bad state:`, `TypeError` for `type 'X' is not a
subtype`, `FormatException: ...`) and is `test_error`, a `TimeoutException` or `Test timed out` is `timeout`.
flutter_test's `Test failed. See exception logs above.` takes its reason from the test's printed
`The following TestFailure was thrown running a test:` block (message `TestFailure: Expected: ...`, as the
log scanner reads that block). A suite that failed to load (the hidden `loading x_test.dart` test) is
`test_error`, or `compilation` when the compiler's `file.dart:3:37: Error: ...` is the reason (its location).
Location: the first stack frame in the suite's file (`test/a_test.dart 9:5  main.<fn>` or
`#0 main (file:///x/test/a_test.dart:23:9)`), else the first outside `package:`/`dart:` frames, else the
test's definition. Totals: the tests' `testDone` events that are not hidden.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifier.extract.jsonio import JSONTooDeep, loads_bounded
from classifier.extract.reportio import cap, one_line, repo_path, text_lines
from classifier.extract.runners import infra_hint
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context, clip
from classifier.model import ErrorRecord, Extraction, Location, Problem, SourceKind, TestTotals
from classifier.sources.base import Document

MAX_TESTS = 200_000  # tests remembered at once (a test's metadata is small)
KEEP_PRINTS = 60  # printed lines kept per failing test (flutter prints its exception report line by line)
KEEP_ERRORS = 3  # errors kept per test
HEAD_LINES = 64  # lines of a text head searched for the `start` event (`pub get` output may come first)

# The key each event type carries besides `type` (cargo's libtest JSON has `type` too, with `event`).
_EVENT_KEYS = {
    "start": "protocolVersion",
    "suite": "suite",
    "group": "group",
    "testStart": "test",
    "print": "testID",
    "error": "testID",
    "testDone": "testID",
    "allSuites": "count",
    "done": "success",
    "debug": "suiteID",
}
_TERSE_FRAME = re.compile(r"(?<![^\s])(?P<file>[^\s()]+\.dart) (?P<line>\d+):(?P<col>\d+)(?!\S)")
_VM_FRAME = re.compile(r"\((?P<file>(?:file://)?[^\s()]+\.dart):(?P<line>\d+)(?::(?P<col>\d+))?\)")
_COMPILE = re.compile(r"(?:^|\s)(?P<file>[^\s:]+\.dart):(?P<line>\d+):(?P<col>\d+): Error: (?P<msg>.+)")
_THROWN = re.compile(r"^The following (?P<exc>[\w.$<>]+?)(?: object)? was thrown\b.*:$")
_TYPE_PREFIX = re.compile(r"^(?P<exc>[A-Z]\w*(?:Error|Exception))\b")
_SAYINGS = (  # Dart's toString of core errors that do not start with their type
    ("Bad state:", "StateError"),
    ("Invalid argument", "ArgumentError"),
    ("Unsupported operation:", "UnsupportedError"),
    ("Null check operator used on a null value", "TypeError"),
    ("type '", "TypeError"),
    ("Concurrent modification", "ConcurrentModificationError"),
)
_SEE_ABOVE = "Test failed. See exception logs above."
_LOADING = "loading "


def is_event(value: Any) -> bool:
    """A JSON reporter event: a known `type` with the key that type carries, and no libtest `event`."""
    if not isinstance(value, Mapping) or "event" in value:
        return False
    key = _EVENT_KEYS.get(str(value.get("type")))
    return key is not None and key in value


def detect(head: Head) -> bool:
    """A JSON Lines head of reporter events, or a text head with the `start` event on a line of its own."""
    if head.structure is Structure.JSONL:
        return is_event(head.value)
    for raw in head.raw.split(b"\n", HEAD_LINES)[:HEAD_LINES]:  # no split past them
        line = raw.strip()
        if line.startswith(b"{") and b'"protocolVersion"' in line and b'"start"' in line:
            try:
                return is_event(loads_bounded(line))
            except ValueError:
                return False
    return False


@dataclass(slots=True)
class _Test:
    name: str
    suite: str  # the suite's path
    definition: Location | None
    prints: deque[str] = field(default_factory=lambda: deque(maxlen=KEEP_PRINTS))
    errors: list[tuple[str, str, bool]] = field(default_factory=list)  # (error, stack trace, isFailure)
    result: str = ""
    skipped: bool = False
    hidden: bool = False
    line: int = 0  # the line of its first error event


@dataclass(slots=True)
class _Run:
    suites: dict[int, str] = field(default_factory=dict)
    tests: dict[int, _Test] = field(default_factory=dict)
    failed: list[_Test] = field(default_factory=list)  # in the order of their first error
    flutter: bool = False
    events: int = 0


def extract(doc: Document) -> Extraction:
    run = _Run()
    problems: list[Problem] = []
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                text = raw.decode("utf-8", errors="replace").strip()
                if not text.startswith("{"):
                    continue  # flutter's daemon lines, the runner's own progress
                try:
                    event = loads_bounded(text)
                except (json.JSONDecodeError, JSONTooDeep) as exc:
                    problems.append(Problem(doc.name, f"invalid JSON line: {exc}", number))
                    continue
                if is_event(event):
                    run.events += 1
                    _handle(run, event, number)
    except OSError as exc:
        problems.append(Problem(doc.name, f"could not read: {exc}"))
    if not run.events:
        problems.append(Problem(doc.name, "not a Dart test JSON report (no reporter events)", kind="unsupported"))
        return Extraction(problems=tuple(problems))
    records, capped = cap(doc, (_record(doc, run, test) for test in run.failed))
    return Extraction(records, (*problems, *capped), _totals(run))


def _handle(run: _Run, event: Mapping[str, Any], number: int) -> None:
    kind = event["type"]
    if kind == "suite":
        suite = event["suite"]
        if isinstance(suite, Mapping) and isinstance(suite.get("id"), int):
            run.suites[suite["id"]] = str(suite.get("path") or "")
    elif kind == "testStart":
        test = event["test"]
        if isinstance(test, Mapping) and isinstance(test.get("id"), int) and len(run.tests) < MAX_TESTS:
            suite_id = test.get("suiteID")
            suite = run.suites.get(suite_id, "") if isinstance(suite_id, int) else ""
            run.tests[test["id"]] = _Test(str(test.get("name") or ""), suite, _definition(test))
    elif kind in ("print", "error", "testDone"):
        found = run.tests.get(event["testID"]) if isinstance(event["testID"], int) else None
        if found is not None:
            _test_event(run, found, event, number)


def _test_event(run: _Run, test: _Test, event: Mapping[str, Any], number: int) -> None:
    kind = event["type"]
    if kind == "print":
        message = str(event.get("message") or "")
        test.prints.extend(message.splitlines() or [""])
        run.flutter = run.flutter or "FLUTTER TEST FRAMEWORK" in message
    elif kind == "error":
        if not test.errors:
            test.line = number
            run.failed.append(test)
        if len(test.errors) < KEEP_ERRORS:
            stack = str(event.get("stackTrace") or "")
            run.flutter = run.flutter or "package:flutter_test/" in stack
            test.errors.append((str(event.get("error") or ""), stack, event.get("isFailure") is True))
    else:
        test.result = str(event.get("result") or "")
        test.skipped = event.get("skipped") is True
        test.hidden = event.get("hidden") is True


def _totals(run: _Run) -> TestTotals:
    done = [test for test in run.tests.values() if test.result and (not test.hidden or test.errors)]
    done = [test for test in done if not test.name.startswith(_LOADING) or test.errors]
    failed = sum(1 for test in done if test.errors or test.result in ("failure", "error"))
    skipped = sum(1 for test in done if test.skipped and not test.errors)
    return TestTotals(len(done), failed, skipped)


def _definition(test: Mapping[str, Any]) -> Location | None:
    for url_key, line_key, col_key in (("root_url", "root_line", "root_column"), ("url", "line", "column")):
        url, line, col = test.get(url_key), test.get(line_key), test.get(col_key)
        if isinstance(url, str) and url.startswith("file:") and isinstance(line, int):
            return Location(repo_path(url), line, col if isinstance(col, int) else None)
    return None


def _frames(stack: str) -> list[Location]:
    """Source frames in the order printed, `package:` and `dart:` ones left out."""
    text = stack.replace("\\", "/")
    found = sorted([*_TERSE_FRAME.finditer(text), *_VM_FRAME.finditer(text)], key=lambda m: m.start())
    return [
        Location(repo_path(m.group("file")), int(m.group("line")), int(m.group("col")) if m.group("col") else None)
        for m in found
        if not m.group("file").startswith(("package:", "dart:"))
    ]


def _location(stack: str, suite: str) -> Location | None:
    frames = _frames(stack)
    wanted = repo_path(suite) if suite else ""
    if wanted:
        for frame in frames:
            if frame.file and (wanted.endswith(frame.file) or frame.file.endswith(wanted)):
                return frame
    return frames[0] if frames else None


def _thrown(prints: deque[str]) -> tuple[str, str, list[str]]:
    """(thrown type, its first line, the block) from flutter_test's printed exception report."""
    lines = list(prints)
    for index, line in enumerate(lines):
        m = _THROWN.match(line.strip())
        if m:
            block = [text for text in lines[index : index + 20] if text.strip()]
            said = next((text.strip() for text in lines[index + 1 : index + 5] if text.strip()), "")
            return m.group("exc"), said, block
    return "", "", []


def _exception_type(error: str) -> str:
    m = _TYPE_PREFIX.match(error)
    if m:
        return m.group("exc")
    return next((name for saying, name in _SAYINGS if error.startswith(saying)), "")


def _record(doc: Document, run: _Run, test: _Test) -> ErrorRecord:
    error, stack, is_failure = test.errors[0]
    lines = text_lines(error)
    first = lines[0].strip() if lines else ""
    loading = test.name.startswith(_LOADING) and not test.definition
    exc_type = "" if is_failure else _exception_type(first)
    message = one_line(first) or "test failed"
    context = [*lines[1:], *text_lines(stack)]
    location = _location(stack, test.suite)
    hint = "test" if is_failure else "test_error"
    if first.startswith(_SEE_ABOVE):
        thrown, said, block = _thrown(test.prints)
        if thrown:
            exc_type = thrown
            message = clip(f"{thrown}: {said}" if said else thrown)
            context = block
            hint = "test" if thrown in ("TestFailure", "assertion") else "test_error"
            location = _location("\n".join(block), test.suite) or location
    compile_error = next((m for line in lines if (m := _COMPILE.search(line))), None)
    if loading and compile_error is not None:
        message, hint, exc_type = compile_error.group("msg").strip(), "compilation", ""
        location = Location(
            repo_path(compile_error.group("file")), int(compile_error["line"]), int(compile_error["col"])
        )
    if exc_type == "TimeoutException" or "Test timed out" in first:
        hint = "timeout"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        line_start=test.line,
        line_end=test.line,
        context=bounded_context(context),
        exception_type=exc_type,
        test_id=repo_path(test.name[len(_LOADING) :]) if loading else test.name,
        location=location or test.definition or (Location(repo_path(test.suite)) if test.suite else None),
        framework="flutter" if run.flutter else "dart",
        tool_hint=infra_hint(message) or hint,
        job=doc.job,
        step=doc.step,
        details="format=dart_json; load failure" if loading else "format=dart_json",
    )


FORMAT = Format("dart_json", (Structure.JSONL, Structure.TEXT), detect, extract)
