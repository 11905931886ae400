"""Test runners' console lines that name a failed test without an error word's usual shape.

* Gradle's test logging (`testLogging { events "failed" }`): `com.x.FooTest > bar FAILED` (nested classes and
  parameterized names add ` > ` parts), the exception indented under it: `java.lang.AssertionError at FooTest.java:9`
  (exceptionFormat short) or `org.opentest4j.AssertionFailedError: expected: <1> but was: <2>` with its `at` frames
  (full).
* The JUnit Platform console's `Failures (N):` entries (ConsoleLauncher, Gradle's old junitPlatformTest): `=>
  org.opentest4j.AssertionFailedError: msg` under the test's `JUnit Jupiter:FooTest:name` and `MethodSource [className
  = 'x.FooTest', methodName = 'bar', ...]` lines (in_block names it: junit_platform_test), its frames below without
  `at `.
* vitest's failed tests' section: ` FAIL  src/x.test.ts > suite > test`, the error it threw on the next lines
  (blocks.py joins the header and that exception).
* Swift Testing's `✘ Test "name" recorded an issue at File.swift:16:17: Expectation failed: x`; Catch2's console
  `path/x.cpp:13: FAILED:` over its assertion and expansion, named by the test case header above it.
* An error printed without its test's name (`AssertionError [ERR_ASSERTION]: ...`, bun's `error: expect(received)
  .toBe(expected)`, PHPUnit's `Failed asserting that ...` under Pest) takes it from the reporter's line next to it:
  node:test's `✖ name (1.18ms)`, Pest's `FAILED  Tests\\XTest > name`, mocha's `1) suite` / `test:` above it, bun's `✗
  name [1.48ms]` below it (named_by_reporter).
* busted (Lua, its terminal output handlers): `Failure → spec/x_spec.lua @ 7` (`->` in plain ASCII, `Error →` for a
  test that raised), the test's name on the next line(s), then the assertion's `spec/x_spec.lua:9: Expected ...` with
  its `Passed in:` / `Expected:` values and `stack traceback:`: one failure of that test at that line.
* clojure.test (`lein test`, `clojure -X:test`): `FAIL in (test-name) (file.clj:6)` over the `expected:` and `actual:`
  values (a message line between them when the `is` has one); `ERROR in (...)` when the test threw, the exception on
  its `actual:` line.
* Zig's test runner: `2/3 test.sub... FAIL (TestUnexpectedResult)` (`zig test`) and `error: 'test.name' failed:
  expected 3, found 2` (`zig build test` prefixes it with its step, `run test: `; Zig 0.16 prints the message on the
  next line), the first stack frame under it outside Zig's std library (`src/x.zig:86:5: 0x22467a in test.name
  (test)`) its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, loc
from classifier.extract.runners.testconsoles import FOLLOWING as TEST_CONSOLE_FOLLOWING
from classifier.extract.runners.testconsoles import GRADLE_SUITE, named_by_header

_ASSERTION = re.compile(r"(?i)assert|ComparisonFailure|ExpectationFailed")
# A JVM stack frame with or without `at ` (the JUnit console prints them bare): `org.junit.Assert.fail(Assert.java:89)`
_JVM_FRAME = re.compile(
    r"^\s*(?:at )?(?:\w+//)?(?P<where>[\w$.<>/-]+)\((?P<file>[\w$-]+\.(?:java|kt|groovy|scala)):(?P<line>\d+)\)"
)
_JVM_LIBRARY = re.compile(
    r"^(?:java|javax|jdk|sun|com\.sun|org\.junit|junit|org\.assertj|org\.hamcrest|org\.testng|org\.mockito"
    r"|org\.opentest4j|org\.spockframework|org\.codehaus\.groovy|groovy|kotlin|scala|org\.gradle)\."
)
_GRADLE_CAUSE = re.compile(
    r"^\s+(?P<exc>(?:[a-z_$][\w$]*\.)*[A-Z][\w$]*)(?:: (?P<msg>.*?))?"
    r"(?: at (?P<file>[\w$-]+\.(?:java|kt|groovy|scala)):(?P<line>\d+))?\s*$"
)


def _hint(exc: str) -> str:
    return "test" if _ASSERTION.search(exc) else "test_error"


def _place(lines: Sequence[str]) -> tuple[str, str] | None:
    """The first JVM frame outside the JDK and the test libraries among `lines`, as (file, line)."""
    for line in lines:
        frame = _JVM_FRAME.match(line)
        if frame is not None and not _JVM_LIBRARY.match(frame.group("where")):
            return frame.group("file"), frame.group("line")
    return None


def gradle_test(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Gradle's `com.x.FooTest > bar FAILED` and the exception indented under it (see the module docstring)."""
    first = next((line for line in following[:3] if line.strip()), "")
    cause = _GRADLE_CAUSE.match(first)
    if cause is None:
        return None
    exc, msg = cause.group("exc"), (cause.group("msg") or "").strip()
    place = (cause.group("file"), cause.group("line")) if cause.group("file") else _place(following[1:12])
    return LineMatch(
        f"{exc}: {msg}" if msg else exc,
        "gradle",
        _hint(exc),
        exception_type=exc.rsplit(".", 1)[-1],
        test_id=f"{m.group('cls')}.{(m.group('test') or m.groupdict().get('method') or '').strip()}",
        location=loc(*place) if place else None,
        before=0,
        after=10,
        span=1,
    )


def junit_platform(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The JUnit Platform console's `=> org.opentest4j.AssertionFailedError: msg` (see the module docstring)."""
    exc, msg = m.group("exc"), (m.group("msg") or "").strip()
    return LineMatch(
        f"{exc}: {msg}" if msg else exc,
        "junit-platform",
        _hint(exc),
        exception_type=exc.rsplit(".", 1)[-1],
        before=3,
        after=10,
    )


_JUNIT_SOURCE = re.compile(r"\bMethodSource \[className = '(?P<cls>[^']+)', methodName = '(?P<method>[^']+)'")
_JUNIT_NAME = re.compile(r"^\s*JUnit [\w ]+?:(?P<cls>[^:]+):(?P<name>.+?)\s*$")


def junit_platform_test(match: LineMatch, before: Sequence[str], after: Sequence[str]) -> LineMatch:
    """A JUnit Platform console entry named by its `MethodSource [className = ..., methodName = ...]` line above
    (else its `JUnit Jupiter:Class:name` line) and located at its first own frame below."""
    test = ""
    for line in reversed(before):
        source = _JUNIT_SOURCE.search(line)
        name = _JUNIT_NAME.match(line) if source is None else None
        if source is not None or name is not None:
            found = source or name
            test = f"{found.group('cls')}.{found.group('method' if source else 'name')}" if found else ""
            break
    place = _place(after[:10])
    return replace(match, test_id=test, location=loc(*place) if place else match.location)


def vitest_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """vitest's ` FAIL  src/x.test.ts > suite > test`: the failed test's header; its error follows (blocks.py)."""
    return LineMatch(m.string.strip(), "vitest", "test", test_id=m.group("test").strip(), before=0, after=8)


_ZIG_FRAME = re.compile(r"^\s*(?P<file>\S+\.zig):(?P<line>\d+):(?P<col>\d+): 0x[0-9a-f]+ in ")
_ZIG_LIBRARY = re.compile(r"[\\/]lib[\\/](?:zig[\\/])?std[\\/]")


def zig_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Zig's `error: 'test.name' failed: msg` (Zig 0.16: the message indented on the next line): the test's
    failure, at its first frame outside Zig's std library."""
    message = m.group("msg") or next((line.strip() for line in following[:1] if line[:1] in (" ", "\t")), "")
    if not message:
        return None
    place = None
    for line in following[:12]:
        frame = _ZIG_FRAME.match(line)
        if frame is not None and not _ZIG_LIBRARY.search(frame.group("file")):
            place = loc(frame.group("file"), frame.group("line"), frame.group("col"))
            break
    return LineMatch(
        message.strip(),
        "zig",
        "test",
        test_id=m.group("test"),
        location=place,
        before=0,
        after=8,
    )


def zig_test_fail(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`zig test`'s own runner: `2/3 test.sub... FAIL (TestUnexpectedResult)`, its error's trace below: the error
    and the code line of its first frame outside Zig's std library, located there."""
    place, code = None, ""
    for index, line in enumerate(following[:12]):
        frame = _ZIG_FRAME.match(line)
        if frame is not None and not _ZIG_LIBRARY.search(frame.group("file")):
            place = loc(frame.group("file"), frame.group("line"), frame.group("col"))
            code = following[index + 1].strip() if index + 1 < len(following) else ""
            break
    error = m.group("err")
    return LineMatch(
        f"{error}: {code}" if code else error,
        "zig",
        "test",
        exception_type=error,
        test_id=m.group("test"),
        location=place,
        before=0,
        after=8,
    )


def swift_issue(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Swift Testing's `✘ Test "name" recorded an issue at File.swift:16:17: Expectation failed: x` (its SF Symbol or
    ASCII mark first): a located failure of that test (`Caught error:` an error it threw)."""
    message = m.group("msg").strip()
    return LineMatch(
        message,
        "swift-testing",
        "test_error" if message.startswith("Caught error") else "test",
        test_id=m.group("test").strip('"'),
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=3,
    )


MAX_HEADER = 10  # lines read above a Catch2 failure for its test case's header
_CATCH_END = re.compile(r"^(?:={5,}|-{5,}|\.{5,}|\S.*?(?::\d+|\(\d+\)): (?:FAILED|PASSED):)")


def catch2_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Catch2's console reporter: `path/x.cpp:13: FAILED:` (`x.cpp(13): FAILED:` on Windows) over the assertion
    (`  REQUIRE( a == b )`) and its `with expansion:` / `due to unexpected exception with message:` lines: one
    located failure, named by the test case header above it (catch2_test)."""
    body: list[str] = []
    for line in following[:8]:
        if not line.strip() or _CATCH_END.match(line.strip()):
            break
        body.append(line.strip())
    if not body:
        return None
    thrown = any(line.startswith("due to unexpected exception") for line in body)
    return LineMatch(
        " ".join(body),
        "catch2",
        "test_error" if thrown else "test",
        location=loc(m.group("file"), m.group("line") or m.group("line2")),
        before=MAX_HEADER,
        after=len(body) + 1,
        span=len(body),
    )


_CATCH_RULE = re.compile(r"^-{10,}$")
_CATCH_PLACE = re.compile(r"^\S.*(?::\d+|\(\d+\))$")


def catch2_test(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """A Catch2 failure named by its test case: the header block above it (a rule of dashes, the test case's name,
    wrapped when long, its sections' names indented, a rule, the place `x.cpp:71`, a rule of dots in Catch2 2, 3)."""
    lines = [line.strip() for line in before]
    for index in range(len(lines) - 1, 1, -1):
        if _CATCH_PLACE.match(lines[index]) and _CATCH_RULE.match(lines[index - 1]):
            top = index - 2
            while top > 0 and lines[top - 1] and not _CATCH_RULE.match(lines[top - 1]):
                top -= 1
            edge = len(before[top - 1]) - len(before[top - 1].lstrip()) if top else 0  # the rule's indentation
            name = " ".join(lines[i] for i in range(top, index - 1) if len(before[i]) - len(before[i].lstrip()) <= edge)
            return replace(match, test_id=name) if name and not _CATCH_RULE.match(lines[top]) else match
    return match


_DOTNET_THROWN = re.compile(r"^(?P<exc>[A-Z][\w.]*(?:Exception|Error)) : ")


def vstest_message(_m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """VSTest's console logger: the `Error Message:` block under a failed test's line (its older `X Name [6s]`
    mark, which has no error word: named_by_reporter names the test from it), up to `Stack Trace:`."""
    said: list[str] = []
    for line in following[:6]:
        text = line.strip()
        if not text or text.startswith("Stack Trace:"):
            break
        said.append(text)
    if not said:
        return None
    thrown = _DOTNET_THROWN.match(said[0])
    return LineMatch(
        said[0],
        "dotnet",
        "test_error" if thrown else "test",
        exception_type=thrown.group("exc").rsplit(".", 1)[-1] if thrown else "",
        before=2,
        after=len(said) + 3,
        span=len(said),
    )


# A reporter's line naming the failed test next to the error it prints: above it node:test's spec reporter
# (`✖ name (1.18ms)`), Pest (`FAILED  Tests\\Feature\\XTest > name`), mocha's spec reporter (`  1) suite` then
# `       test:`); below it bun's (`✗ name [1.48ms]`, `(fail) name [0.12ms]`)
_NAMED_ABOVE = re.compile(
    r"^\s*(?:✖ (?P<node>\S.*?) \(\d+(?:\.\d+)?m?s\)|FAILED\s+(?P<pest>[A-Z]\w*(?:\\\w+)+ > \S.*?)(?:\s{2,}\w+)?"
    r"|X (?P<vstest>[\w.`+<>,$-]+(?:\(.*\))?) \[(?:<? ?\d+ ?(?:ms|s|m|h)\s?)+\])\s*$"
)
_MOCHA_SUITE = re.compile(r"^\s*\d+\) (?P<suite>\S.*?)\s*$")
_MOCHA_TEST = re.compile(r"^\s+(?P<test>\S.*):\s*$")
_NAMED_BELOW = re.compile(r"^(?:✗|\(fail\)) (?P<test>\S.*?) \[\d+(?:\.\d+)?m?s\]\s*$")


def named_by_reporter(match: LineMatch, before: Sequence[str], after: Sequence[str]) -> LineMatch:
    """An error a test reporter printed without its test's name on the same line, named by the reporter's line
    next to it (see above): the nearest above it, else the first below it (bun prints the name last)."""
    if (header := named_by_header(match, before)).test_id:  # JUnit 4's numbered case, a Gherkin `Scenario:`
        return header
    for index in range(len(before) - 1, -1, -1):
        named = _NAMED_ABOVE.match(before[index])
        if named is not None:
            return replace(match, test_id=(named.group("node") or named.group("pest") or named.group("vstest")).strip())
        test = _MOCHA_TEST.match(before[index])
        suite = _MOCHA_SUITE.match(before[index - 1]) if test is not None and index > 0 else None
        if test is not None and suite is not None:
            return replace(match, test_id=f"{suite.group('suite')} {test.group('test').strip()}")
    named = next((hit for hit in map(_NAMED_BELOW.match, after) if hit), None)
    return replace(match, test_id=named.group("test")) if named is not None else match


_BUSTED_SAID = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<msg>\S.*)$")
_BUSTED_HEADER = re.compile(r"^(?:Failure|Error) (?:→|->) ")
MAX_BUSTED = 40  # lines read under a busted failure for its block


def busted_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """busted's `Failure → spec/x_spec.lua @ 7`: the test's name below it, then the `file:line: message` the
    assertion raised; the record spans the block (values, then `stack traceback:` and its frames)."""
    index, said = next(
        ((i, hit) for i, line in enumerate(following[:4]) if (hit := _BUSTED_SAID.match(line.strip()))), (0, None)
    )
    if said is None or index == 0:
        return None
    name = " ".join(line.strip() for line in following[:index])
    span = index + 1
    blank = False
    for line in following[span:MAX_BUSTED]:
        text = line.strip()
        if _BUSTED_HEADER.match(text) or (blank and text and text != "stack traceback:" and line[:1] not in " \t<"):
            break
        blank = blank or not text
        span += 1
    while span > index + 1 and not following[span - 1].strip():
        span -= 1
    own = said.group("file") == m.group("file")
    where = loc(said.group("file"), said.group("line")) if own else loc(m.group("file"), m.group("line"))
    hint = "test" if m.group("kind") == "Failure" else "test_error"
    return LineMatch(said.group("msg"), "busted", hint, test_id=name, location=where, before=0, after=span, span=span)


_CLJ_VALUE = re.compile(r"^\s*(?:expected|actual|diff): ")
_CLJ_THROWN = re.compile(r"^\s*actual: (?P<exc>(?:[a-z_][\w$]*\.)+[A-Z][\w$]*)(?::\s*(?P<msg>.*))?$")


def clojure_test(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """clojure.test's `FAIL in (name) (file.clj:6)` / `ERROR in (...)`: its message (the `is` message, else the
    `expected:` line; the thrown exception for an ERROR) and its values as the record's span."""
    span = 0
    for line in following[:30]:
        if not line.strip() or line.startswith(("FAIL in ", "ERROR in ", "lein test ", "Ran ")):
            break
        span += 1
    body = [line.strip() for line in following[:span]]
    thrown = (
        next((t for t in map(_CLJ_THROWN.match, following[:span]) if t), None) if m.group("kind") == "ERROR" else None
    )
    said = (
        next((line for line in body if not _CLJ_VALUE.match(line)), "")
        if body and not _CLJ_VALUE.match(body[0])
        else ""
    )
    message = thrown.group(0).strip().removeprefix("actual:").strip() if thrown else said or (body[0] if body else "")
    return LineMatch(
        message or m.string.strip(),
        "clojure.test",
        "test_error" if m.group("kind") == "ERROR" else "test",
        exception_type=thrown.group("exc").rsplit(".", 1)[-1] if thrown else "",
        test_id=m.group("test"),
        location=loc(m.group("file"), m.group("line")),
        before=0,
        after=max(span, 4),
        span=min(span, 8),
    )


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("error message:", r"^\s*Error Message:\s*$", vstest_message),
    *(
        (needle, r"^(?P<kind>Failure|Error) (?:→|->) (?P<file>\S+) @ (?P<line>\d+)$", busted_failed)
        for needle in ("failure →", "failure ->", "error →", "error ->")
    ),
    *(
        (
            needle,
            r"^(?P<kind>FAIL|ERROR) in \((?P<test>[^()\s]+)\) \((?P<file>[\w./-]+):(?P<line>\d+)(?::\d+)?\)$",
            clojure_test,
        )
        for needle in ("fail in (", "error in (")
    ),
    (
        "recorded an issue at ",
        r'^\S*\s*Test (?P<test>"[^"]+"|[\w.]+\([^)]*\)) recorded an issue at (?P<file>[^\s:]+\.swift):(?P<line>\d+)'
        r":(?P<col>\d+): (?P<msg>\S.*)$",
        swift_issue,
    ),
    (": failed:", r"^(?P<file>\S.*?\.\w+)(?::(?P<line>\d+)|\((?P<line2>\d+)\)): FAILED:$", catch2_failed),
    ("fail (", r"^\d+/\d+ (?P<test>\S*?test\.\S.*?)\.\.\.\s?FAIL \((?P<err>\w+)\)\s*$", zig_test_fail),
    ("failed", r"^(?P<cls>[A-Za-z_$][\w$]*(?:\.[\w$]+)*) > (?P<test>\S.*?) FAILED$", gradle_test),
    ("gradle test > ", GRADLE_SUITE, gradle_test),  # TestNG under Gradle (testconsoles.py)
    ("=> ", r"^\s*=> (?P<exc>(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*)(?:: (?P<msg>.*))?$", junit_platform),
    ("fail", r"^\s*FAIL\s+\S+\.(?:[cm]?[jt]sx?|vue|svelte)\s+>\s+(?P<test>\S.*?)\s*$", vitest_failed),
    ("' failed:", r"^(?:[\w ]+: )?error: '(?P<test>[^']+)' failed:(?: (?P<msg>\S.*))?$", zig_failed),
)
FOLLOWING = (
    "error message:",
    "failure →",
    "failure ->",
    "error →",
    "error ->",
    "fail in (",
    "error in (",
    "' failed:",
    "... fail (",
    "...fail (",
    ": failed:",
    *TEST_CONSOLE_FOLLOWING,  # Robot's reason, the JUnit tree's message, Cucumber's backtrace (testconsoles.py)
)  # needles whose matchers read the next lines (Gradle's ` FAILED` is read already)
