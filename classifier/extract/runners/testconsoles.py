"""More test runners' console lines naming a failed test, each one failure of that test with its reason.

* Boost.Test: `x.cpp(63): error: in "suite/test": check a == b has failed` (a failed check), `unknown
  location(0): fatal error: in "test": std::domain_error: msg` (an exception or a system error escaped the test);
  its `x.cpp(451): last checkpoint` line and the `*** 2 failures are detected in the test module "M"` verdict are
  symptoms of them.
* Robot Framework's console: `Name :: doc    | FAIL |`, the reason on the lines under it up to the `----` rule; a
  suite's own `| FAIL |` line (its `2 tests, 1 passed, 1 failed` statistics under it) is a symptom.
* The JUnit Platform console's tree (`--details tree`, Gradle's tree listeners): `│  ├─ name ✘ message`, the
  message continuing on the lines under it up to the next tree line.
* Karma's progress reporter: `Chrome 120.0 (Linux x86_64) Suite test name FAILED` and the expectation indented under
  it; its `Executed 3 of 3 (1 FAILED)` and `TOTAL: 1 FAILED, 2 SUCCESS` lines are symptoms.
* Cucumber's (Ruby) pretty formatter: a step's error as `message (Some::ErrorClass)` over the step's backtrace
  (`./features/step_definitions/x.rb:12:in ...`), named by its `Scenario: name  # features/x.feature:7` header above
  (named_by_header names any error under such a header, behave's `Assertion Failed: msg` too); the rake task's
  `Cucumber failed` is a symptom.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, loc, symptom
from classifier.model import Role

MAX_MESSAGE = 12  # lines of a failure's message read under its header
# Gradle's test logging of TestNG names the test by its full path, `Gradle suite > Gradle test > pkg.Cls.test FAILED`
# (or `... > pkg.Cls > test FAILED`); consoles.py reads it with the exception under it as it reads `Cls > test FAILED`
GRADLE_SUITE = (
    r"^Gradle (?:suite|Test Executor \d+) > Gradle test > (?P<cls>[A-Za-z_$][\w$]*(?:\.[\w$]+)*?)"
    r"(?: > (?P<test>\S.*?)|\.(?P<method>[\w$]+(?:\[[^\]]*\])?(?:\(.*\))?)) FAILED$"
)


def boost_test(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Boost.Test's `file(N): error: in "test": msg` (a failed check) or `fatal error` (an exception escaped)."""
    fatal = m.group("level") == "fatal error"
    where = None if m.group("file").startswith("unknown location") else loc(m.group("file"), m.group("line"))
    return LineMatch(
        m.group("msg").strip(),
        "boost.test",
        "test_error" if fatal else "test",
        test_id=m.group("test"),
        location=where,
        before=2,
        after=4,
    )


_RULE = re.compile(r"^(?:-{20,}|={20,})\s*$")
_ROBOT_STATS = re.compile(r"^\d+ (?:critical )?(?:tests?|tasks?)(?: total)?, \d+ passed, \d+ failed\b")


def robot_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Robot Framework's `Name :: doc   | FAIL |`: the test's reason on the lines under it (a suite's line,
    its statistics under it, is a symptom)."""
    if following and _ROBOT_STATS.match(following[0].strip()):
        return LineMatch(m.string.strip(), "robot", "test", Role.SYMPTOM, before=2, after=2)
    span = 0
    while span < min(len(following), MAX_MESSAGE) and not _RULE.match(following[span]):
        span += 1
    message = next((line.strip() for line in following[:span] if line.strip()), m.string.strip())
    name = m.group("test").split(" :: ", 1)[0].strip()
    raised = any(line.startswith("Traceback (most recent call last)") for line in following[:span])
    hint = "test_error" if raised else "test"  # a library's or keyword's traceback: an error, not a failed check
    return LineMatch(message, "robot", hint, test_id=name, before=0, after=max(span, 2), span=span)


_TREE_LINE = re.compile(r"^\s*[│├└╷╵]")


def junit_tree(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The JUnit Platform tree's `├─ name ✘ message`: its message, continued on the lines under it up to the
    next tree line; a line with no message (a container) is a symptom of its tests' failures."""
    said = m.group("msg").strip()
    if not said:
        return LineMatch(m.string.strip(), "junit-platform", "test", Role.SYMPTOM, before=2, after=2)
    span = 0
    while span < min(len(following), MAX_MESSAGE) and not _TREE_LINE.match(following[span]):
        span += 1
    while span and not following[span - 1].strip():
        span -= 1
    return LineMatch(said, "junit-platform", "test", test_id=m.group("test").strip(), before=2, after=span, span=span)


def karma_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Karma's `Browser 1.0 (OS) Suite test FAILED`: the expectation indented under it, the record spanning
    the indented lines (the frames Jasmine prints)."""
    span = 0
    while span < min(len(following), MAX_MESSAGE) and following[span][:1] in (" ", "\t") and following[span].strip():
        span += 1
    message = following[0].strip() if span else m.string.strip()
    return LineMatch(message, "karma", "test", test_id=m.group("test").strip(), before=0, after=span, span=span)


_RUBY_FRAME = re.compile(r"^\s+(?:\./|/)?[\w./-]+\.(?:rb|feature):\d+:in ")


def cucumber_error(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """A Cucumber step's error, `message (Some::ErrorClass)` over the step's Ruby backtrace (the test's name is its
    scenario's header above: named_by_header)."""
    if not following or not _RUBY_FRAME.match(following[0]):
        return None
    exc = m.group("exc").rsplit("::", 1)[-1]
    checked = re.search(r"Expectation|Assertion", exc) is not None  # RSpec's expectations: a failed check
    return LineMatch(
        f"{m.group('exc')}: {m.group('msg').strip()}" if m.group("msg") else m.group("exc"),
        "cucumber",
        "test" if checked else "test_error",
        exception_type="" if checked else exc,
        before=8,
        after=3,
    )


def behave_assertion(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """behave's `Assertion Failed: msg` under the step that failed (its scenario names it: named_by_header)."""
    return LineMatch(m.string.strip(), "behave", "test", before=10, after=2)


_SCENARIO = re.compile(r"^\s*Scenario(?: Outline)?: (?P<name>\S.*?)(?:\s+#\s+\S+\.feature:\d+)?\s*$")


_JUNIT4_CASE = re.compile(r"^\d+\) (?P<test>\S.*\([\w.$]+\))\s*$")


def named_by_header(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """An error printed under its test's header: JUnit 4's text runner's numbered case right above it (`1) testX(
    com.x.ATest)` under `There were 2 failures:`, Bazel's test.log), else a Gherkin runner's `Scenario: name  #
    features/x.feature:7` header (Cucumber's and behave's pretty formatters) above it: that test's failure (a
    cause without a test id only)."""
    if match.test_id or match.role is not Role.CAUSE:
        return match
    case = _JUNIT4_CASE.match(before[-1].strip()) if before else None
    if case is not None:
        return replace(match, test_id=case.group("test"))
    for line in reversed(before):
        found = _SCENARIO.match(line)
        if found is not None:
            return replace(match, test_id=found.group("name"))
    return match


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    *(
        (
            needle,
            r'^(?P<file>[^\s(][^()]*?)\((?P<line>\d+)\): (?P<level>fatal error|error): in "(?P<test>[^"]+)":\s+'
            r"(?P<msg>\S.*)$",
            boost_test,
        )
        for needle in (': error: in "', ': fatal error: in "')
    ),
    ("): last checkpoint", r"^[^\s(][^()]*\(\d+\): last checkpoint\b.*$", symptom("boost.test", "test")),
    (
        "detected in the test ",
        r'^\*{3} \d+ failures? (?:is|are) detected in the test (?:module|suite) "[^"]*"\s*$',
        symptom("boost.test", "test"),
    ),
    ("| fail |", r"^(?P<test>\S.*?)\s+\| FAIL \|\s*$", robot_failed),
    ("✘", r"^[│├└ ]*[├└]─ (?P<test>\S.*?) ✘(?P<msg>.*)$", junit_tree),
    (
        "executed ",
        r"^[A-Z]\w*(?: [\w.]+)* \([^()]+\): Executed \d+ of \d+ .*\(\d+ FAILED\).*$",
        symptom("karma", "test"),
    ),
    ("total: ", r"^TOTAL: \d+ FAILED, \d+ SUCCESS\s*$", symptom("karma", "test")),
    ("failed", r"^[A-Z]\w*(?: [\w.]+)* \([^()]+\) (?P<test>\S.*?) FAILED$", karma_failed),
    ("error)", r"^\s+(?:(?P<msg>\S.*?) )?\((?P<exc>[A-Z]\w*(?:::[A-Z]\w*)*Error)\)\s*$", cucumber_error),
    ("cucumber failed", r"^Cucumber failed\s*$", symptom("cucumber", "test")),  # its rake task's verdict
    ("assertion failed: ", r"^\s+Assertion Failed: (?P<msg>\S.*)$", behave_assertion),
)
FOLLOWING = ("| fail |", "✘", "error)")  # needles whose matchers read the next lines (` FAILED` is read already)
