"""JUnit XML (the Ant/Surefire schema and its flavours: pytest, jest-junit, bazel, mocha, nested testsuites).

Parsed with defusedxml (no DTDs, no entities, no external references) and read through junitparser's element
classes. One record per failed or errored testcase; Surefire `flakyFailure`/`flakyError` on a passing testcase is a
record with tool_hint "flaky" (severity warning), `rerunFailure`/`rerunError` on a failing one adds "rerun failed"
to the details. Corrupt XML is a Problem with its line.

The message is the `message` attribute, or the text's first line when the attribute is empty, says nothing
(`Failed`) or is a placeholder (Catch2's `{Unknown expression after the reported line}`); ANSI colours, stack
frames, a line echoing the test's name (phpunit), a bare `FAILED:` header (Catch2) and a line that only gives the
failure's place are left out. Such a place line (googletest `x_test.cc:53`, phpunit `/src/tests/ATest.php:25`,
Catch2 `at x.cpp:23`), or the place leading the message (xcpretty, xcbeautify: `/src/ATests.swift:34 - XCTAssertTrue
failed`), is the location, before the testcase's `file` and `line` (the test's definition; a CI workspace path
made repository-relative; a compiled file, JunitXml.TestLogger's test DLL, is no place). When neither says
anything (ctest `--output-junit` writes `<failure message="Failed"/>` and the test's output only in the
testcase's `<system-out>`), the testcase's own
`<system-out>`/`<system-err>` gives the message and its place: the last error line by the log scanner's matchers,
else the last place line (`x.cc:53: Failure`) over its text. A go test line (`x_test.go:12: expected 1, got 2`,
go-junit-report and gotestsum; testify's `Error:` block when that line is empty) gives the message, the location
and framework go; go's `=== RUN` progress lines and `go test -bench` header lines are never the message, the race
detector's `WARNING: DATA RACE` outranks the test's log lines, and a panic's or race's first Go frame outside the
standard library is the location. go-junit-report's fixed `Runtime error` / `Build error`, an outcome word with only
the test's name (cargo2junit's `failed tests::fails`) and the test's place and title (Playwright's `a.spec.ts:29:5
title`; its text's `[chromium] › a.spec.ts:29:5 › title` line is left out too) say nothing. A Rust panic header
(`thread 't' panicked at src/a.rs:19:5:`, nextest) gives the location and its next line the message (before Rust 1.73:
`panicked at 'msg', src/a.rs:10:9`, cargo2junit: the message's first line); pytest's text its first `E` line and its
last `x.py:70: Type` line. A failure that only restates others of its suite is their symptom: a package's bare `exit
status 1` beside failed tests, a go test's `--- FAIL: T` while its subtest `T/x` failed. Without a `file` attribute, a
JVM stack trace's first frame in the project's own code (a class under the test class's top-level package) is the
location, as a source path by Maven/Gradle convention: `src/test/java/...` for the test class, `src/main/java/...` for
other classes (kotlin/groovy/scala by the frame's file), under the module that holds the report
(`core/target/surefire-reports/` -> `core/`); else a JavaScript stack's first frame outside node_modules (jest-junit,
mocha-junit-reporter); else a .NET, Unity or PowerShell (Pester) frame. Test totals (run, failed, skipped) count every
testcase; googletest's `status="notrun"` is skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml
from collections.abc import Iterator
from dataclasses import replace

from classifier.extract.gotext import (
    EXIT_STATUS_RE,
    GO_BENCH_HEADER_RE,
    GO_LINE_RE,
    GO_PANIC_RE,
    GO_RACE_RE,
    GO_RUNNER_RE,
    go_message,
    go_trace_location,
)
from classifier.extract.prefix import strip_prefix
from classifier.extract.reportio import (
    OUTPUT_SITE_RE,
    SITE_RE,
    dotnet_location,
    headline,
    js_location,
    leading_site,
    parse_xml,
    pytest_failure,
    repo_path,
    rust_panic,
    site,
)
from classifier.extract.runners import FOLLOWING_LINES, infra_hint, match_line
from classifier.extract.runners.system import error_word_line
from classifier.extract.text import bounded_context, clip, strip_ansi
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, Severity, SourceKind, TestTotals
from classifier.sources.base import Document

STACK_LINES = 12
ROOTS = ("testsuites", "testsuite")
FLAKY_TAGS = ("flakyFailure", "flakyError")
RERUN_TAGS = ("rerunFailure", "rerunError")


def parse(doc: Document) -> ET.Element | Problem:
    """The root element, parsed safely; a Problem for corrupt or hostile XML."""
    return parse_xml(doc, ROOTS, "a JUnit report")


def extract(doc: Document) -> Extraction:
    root = parse(doc)
    if isinstance(root, Problem):
        return Extraction(problems=(root,))
    records = tuple(_records(doc, root))
    return Extraction(records, tests=_totals(root))


def _totals(root: ET.Element) -> TestTotals:
    run = failed = skipped = 0
    for elem, _suite in _testcases(root):
        tags = {child.tag for child in elem}
        run += 1
        failed += bool(tags & {"failure", "error"})
        not_run = elem.get("status", "").lower() in _NOT_RUN or elem.get("result", "").lower() == "skipped"
        skipped += ("skipped" in tags or not_run) and not tags & {"failure", "error"}
    return TestTotals(run, failed, skipped)


def _testcases(root: ET.Element) -> Iterator[tuple[ET.Element, str]]:
    """Every testcase, however deeply suites nest, with its innermost suite's name."""
    stack: list[tuple[ET.Element, str]] = [(root, root.get("name", ""))]
    while stack:
        elem, suite = stack.pop()
        for child in elem:
            if child.tag == "testcase":
                yield child, suite
            elif child.tag == "testsuite":
                stack.append((child, child.get("name", "") or suite))


def _records(doc: Document, root: ET.Element) -> Iterator[ErrorRecord]:
    """The testcases' records; a failure that only restates others of its suite is their symptom."""
    found = list(_case_records(doc, root))
    failed = {(suite, name) for suite, name, record in found if record.severity is Severity.ERROR}
    for suite, name, record in found:
        yield replace(record, role=Role.SYMPTOM) if _restates(suite, name, record.message, failed) else record


def _restates(suite: str, name: str, message: str, failed: set[tuple[str, str]]) -> bool:
    """A package's bare `exit status 1` (go-junit-report's `Failure` case) beside failed tests of its suite, or a
    go test's own `--- FAIL: T` line with nothing else while one of its subtests `T/x` failed."""
    if EXIT_STATUS_RE.match(message):
        return any(other != name for other_suite, other in failed if other_suite == suite)
    if message.startswith(f"--- FAIL: {name}") and name:
        return any(other.startswith(name + "/") for other_suite, other in failed if other_suite == suite)
    return False


def _case_records(doc: Document, root: ET.Element) -> Iterator[tuple[str, str, ErrorRecord]]:
    from junitparser import Error, Failure, TestCase  # noqa: PLC0415 (its import reads package metadata: slow)

    for elem, suite in _testcases(root):
        name = elem.get("name", "") or ""
        case = TestCase.fromelem(elem)  # type: ignore[no-untyped-call]
        results = [r for r in case.result if isinstance(r, Error)] + [
            r for r in case.result if isinstance(r, Failure) and not isinstance(r, Error)
        ]  # an error (setup/teardown) outranks an assertion failure
        flaky = [child for child in elem if child.tag in FLAKY_TAGS]
        reruns = [child for child in elem if child.tag in RERUN_TAGS]
        if results:
            result = results[0]
            yield (
                suite,
                name,
                _record(
                    doc,
                    elem,
                    suite,
                    result.message or "",
                    result.type or "",
                    result.text or "",
                    "error" if isinstance(result, Error) else "failure",
                    bool(reruns),
                    Severity.ERROR,
                ),
            )
        elif flaky:
            first = flaky[0]
            yield (
                suite,
                name,
                _record(
                    doc,
                    elem,
                    suite,
                    first.get("message", ""),
                    first.get("type", ""),
                    _flaky_text(first),
                    "flaky",
                    False,
                    Severity.WARNING,
                ),
            )


def _flaky_text(elem: ET.Element) -> str:
    stack = elem.find("stackTrace")
    return (stack.text if stack is not None and stack.text else elem.text) or ""


def _record(
    doc: Document,
    elem: ET.Element,
    suite: str,
    message: str,
    exc_type: str,
    text: str,
    outcome: str,
    rerun_failed: bool,
    severity: Severity,
) -> ErrorRecord:
    classname = elem.get("classname", "") or ""
    name = elem.get("name", "") or ""
    file = elem.get("file", "") or ""
    line = elem.get("line", "")
    if classname and name and classname != name:
        test_id = f"{classname}.{name}"
    elif file and name:
        test_id = f"{file}::{name}"
    else:
        test_id = name or classname or suite
    text = _TITLE_LINE_RE.sub("", strip_ansi(text))  # Playwright's `[chromium] › a.spec.ts:29:5 › title ───`
    go_line = GO_LINE_RE.search(text)
    said = "" if _PLACEHOLDER_RE.match(message) else message
    lead = leading_site(said)  # xcpretty, xcbeautify: `/src/ATests.swift:34 - XCTAssertTrue failed - ...`
    said = lead[0] if lead else said
    telling = headline(_told(said, name, ""))
    output: tuple[str, Location | None, list[str]] | None = None
    race = GO_RACE_RE.search(text)
    pytest = None  # pytest's failure text, read when the message attribute says nothing
    if not telling or _says_nothing(telling, name):
        told = _told(GO_RUNNER_RE.sub("", text), name, message)
        pytest = None if go_line else pytest_failure(text)
        telling = (race.group(0) if race else "") or go_message(text, go_line) or (pytest[0] if pytest else "")
        telling = telling or headline(told, 1)
        output = None if telling else _output_error(elem, name)
        telling = telling or (output[0] if output else f"{outcome}: {test_id}")
    rust = rust_panic(text) if telling.startswith("thread '") else None
    if rust is not None:
        telling = rust[0]
    details = [f"outcome={outcome}"]
    if rerun_failed:
        details.append("rerun failed")
    if suite:
        details.append(f"suite={suite}")
    stack = [ln for ln in text.splitlines() if ln.strip()][:STACK_LINES] or (output[2] if output else [])
    location = (lead[1] if lead else None) or site(message) or site(text) or (output[1] if output else None)
    location = location or (rust[1] if rust else None)
    if location is None and (race or GO_PANIC_RE.search(text)):
        location = go_trace_location(text[race.start() :] if race else text)
    if location is None and file and not file.lower().endswith(_BINARIES):  # JunitXml.TestLogger: the test DLL
        location = Location(repo_path(file), int(line) if line and line.isdecimal() else None)
    location = location or _later_place(doc.name, text, classname or suite, go_line, pytest)
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=clip(telling),
        context=bounded_context(stack),
        severity=severity,
        role=Role.CAUSE,
        exception_type=_short_type(exc_type) or _type_from_message(telling),
        test_id=test_id,
        location=location,
        framework="go" if go_line and not file else _framework(doc.name, classname, file),
        tool_hint=_hint(outcome, telling),
        job=doc.job,
        step=doc.step,
        details="; ".join(details),
    )


def _later_place(
    report: str, text: str, owner: str, go_line: re.Match[str] | None, pytest: tuple[str, Location | None] | None
) -> Location | None:
    """Where the text says the failure happened when nothing before did: pytest's last `x.py:70: Failed` line, a go
    test line, the project's first JVM frame (without classname, the suite is the test's class: Surefire 2.0), a
    JavaScript frame outside node_modules (jest-junit, mocha-junit-reporter), a .NET, Unity or PowerShell frame."""
    if pytest and pytest[1]:
        return pytest[1]
    if go_line:
        return Location(go_line.group("file"), int(go_line.group("line")))
    return (_jvm_frame(text, owner, report) if owner else None) or js_location(text) or dotnet_location(text)


OUTPUT_CHARS = 200_000  # the tail of a testcase's output that is read


def _output_error(elem: ET.Element, name: str) -> tuple[str, Location | None, list[str]] | None:
    """The last error of the testcase's own `<system-out>`/`<system-err>` (CTest writes a test's output only
    there): the log scanner's line matchers' last error line (a cause before a symptom), else the last place
    line (googletest's `x.cc:53: Failure`, `file:N:`) with the first line under it that says something, else
    the last error-word line. The message, its location, the lines up to it as context."""
    text = "\n".join((child.text or "") for child in elem if child.tag in ("system-out", "system-err"))
    lines = [strip_prefix(strip_ansi(ln)).text.rstrip() for ln in text[-OUTPUT_CHARS:].splitlines()]
    best: tuple[int, str, Location | None] | None = None
    cause = False
    site: tuple[int, str, Location | None] | None = None
    word: tuple[int, str, Location | None] | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        found = match_line(line, lines[index + 1 : index + 1 + FOLLOWING_LINES])
        if found is not None and found.severity is Severity.ERROR and found.message.strip():
            if best is None or found.role is Role.CAUSE or not cause:
                best, cause = (index, found.message.strip(), found.location), found.role is Role.CAUSE
            continue
        place = OUTPUT_SITE_RE.match(line)
        said = headline(_told("\n".join(lines[index + 1 : index + 6]), name, ""), 1) if place else ""
        if place and said:
            site = (index, said, Location(repo_path(place.group("file")), int(place.group("line"))))
        elif found is None and (hit := error_word_line(line)) is not None and hit.severity is Severity.ERROR:
            word = (index, hit.message.strip(), hit.location)
    chosen = best or site or word
    if chosen is None:
        return None
    index, message, location = chosen
    return message, location, [ln for ln in lines[: index + 1] if ln.strip()][-STACK_LINES:]


_FRAME_RE = re.compile(
    r"^\s*at (?P<cls>[\w$.]+)\.[\w$<>-]+\((?P<file>[\w$-]+\.(?P<ext>java|kt|groovy|scala)):(?P<line>\d+)\)", re.M
)
_REPORT_DIR_RE = re.compile(r"^(?P<module>(?:[^/]+/)*?)(?:target/(?:surefire|failsafe)-reports|build/test-results)/")
_LANGUAGE = {"java": "java", "kt": "kotlin", "groovy": "groovy", "scala": "scala"}


def _jvm_frame(text: str, classname: str, report: str) -> Location | None:
    """The first stack frame in the project's own code (see the module docstring), or None."""
    parts = classname.split(".")
    package = ".".join(parts[: min(2, len(parts) - 1)]) if len(parts) > 1 else ""
    for m in _FRAME_RE.finditer(text):
        outer = m.group("cls").split("$", 1)[0]
        if not (outer.startswith(package + ".") if package else outer == classname):
            continue
        source_set = "test" if outer == classname else "main"
        module = _REPORT_DIR_RE.match(report.replace("\\", "/"))
        prefix = module.group("module") if module and not module.group("module").startswith("/") else ""
        directory = outer.rsplit(".", 1)[0].replace(".", "/")
        path = f"{prefix}src/{source_set}/{_LANGUAGE[m.group('ext')]}/{directory}/{m.group('file')}"
        return Location(path, int(m.group("line")))
    return None


# Messages that only restate the outcome (go-junit-report writes `Runtime error` / `Build error` for a package)
_SAYS_NOTHING = frozenset(
    {"failed", "failure", "fail", "error", "errored", "test failed", "assertion failed", "runtime error", "build error"}
)
_PLACE_RE = re.compile(r"^[^\s:]+\.\w+:\d+(?::\d+)?$")
_TITLE_LINE_RE = re.compile(r"^\s*(?:\[[^\]\n]*\] › )?[^\s:]+\.\w+:\d+:\d+ › .*$", re.MULTILINE)
_BINARIES = (".dll", ".exe", ".so", ".dylib", ".jar", ".class", ".pyc", ".wasm")  # a `file` that is no source
_NOT_RUN = frozenset({"notrun", "skipped", "disabled"})  # googletest's `status="notrun"` (a DISABLED_ test)
_PLACEHOLDER_RE = re.compile(r"^\s*\{[^{}]*\}\s*$")  # Catch2's `{Unknown expression after the reported line}`


def _says_nothing(message: str, name: str) -> bool:
    """An outcome word alone, or with only the test's own name (cargo2junit's `failed tests::fails`)."""
    said = message.lower().rstrip(".!")
    if said in _SAYS_NOTHING:
        return True
    word, _, rest = said.partition(" ")
    if _PLACE_RE.match(word) and rest and name.lower().endswith(rest):  # Playwright's `a.spec.ts:29:5 title`
        return True
    return bool(name) and word in _SAYS_NOTHING and rest.endswith(name.lower()) and " " not in rest


def _told(text: str, name: str, attribute: str) -> str:
    """A failure text without what says nothing of the failure: lines that only give its place, that echo
    the test's own name (phpunit's `Ns\\ATest::testB` first line), that repeat the `message` attribute, or
    a bare `FAILED:` header (Catch2)."""
    kept = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or SITE_RE.match(line) or line == attribute.strip() or _echoes(line, name):
            continue
        if line.lower().rstrip(":.!") in _SAYS_NOTHING or GO_BENCH_HEADER_RE.match(line):
            continue
        kept.append(raw)
    return "\n".join(kept)


def _echoes(line: str, name: str) -> bool:
    return bool(name) and " " not in line and (line == name or line.endswith(("::" + name, "." + name, "#" + name)))


_EXC_PREFIX = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt|Timeout)):")


def _type_from_message(message: str) -> str:
    m = _EXC_PREFIX.match(message)
    return m.group(1).rsplit(".", 1)[-1] if m else ""


def _hint(outcome: str, message: str) -> str:
    """flaky, an infrastructure hint found in the message (network, dns, oom...), else test / test_error."""
    if outcome == "flaky":
        return "flaky"
    return infra_hint(message) or ("test_error" if outcome == "error" else "test")


def _short_type(exc_type: str) -> str:
    exc_type = exc_type.strip()
    return exc_type.rsplit(".", 1)[-1] if exc_type and " " not in exc_type else exc_type[:200]


def _framework(name: str, classname: str, file: str) -> str:
    lowered = f"{name} {file}".lower()
    if file.endswith(".py") or "pytest" in lowered:
        return "pytest"
    if file.endswith((".js", ".ts", ".jsx", ".tsx")) or "jest" in lowered:
        return "jest"
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    if "surefire" in lowered or "failsafe" in lowered or base.startswith("TEST-"):
        return "surefire"
    return "junit"
