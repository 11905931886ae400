"""Ruby, PHP, Elixir, Erlang and Swift test runners: rspec, minitest, phpunit, phpt, ExUnit, XCTest; exceptions.

XCTest's assertion lines as xcpretty prints them (xcpretty's formatter: `✗ testName, reason` as the test runs;
in its `Failures:` recap `  testName, reason` with the assertion's `  /path/File.swift:LINE` below it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, loc
from classifier.model import Location, Role, Severity


def test_detail(framework: str) -> Builder:
    """An assertion line under a test header (phpunit, rspec): the header is just above."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, "test", before=2, after=9)

    return build


# An error raised in an RSpec example prints its class alone on the first line under `Failure/Error:`
# (`NoMethodError:`, `ActionView::Template::Error:`) and its message below; a failed expectation prints its message.
_RSPEC_RAISED = re.compile(r"^(?P<exc>[A-Z]\w*(?:::[A-Z]\w*)*):$")


def rspec_failure(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """RSpec's `Failure/Error: code` line: the class of an error the example raised is its exception type."""
    first = next((line.strip() for line in following[:3] if line.strip()), "")
    raised = _RSPEC_RAISED.match(first)
    if raised is None:
        return LineMatch(m.string.strip(), "rspec", "test", before=2, after=9)
    return LineMatch(m.string.strip(), "rspec", "test_error", exception_type=raised.group("exc"), before=2, after=9)


# `Class#test_name [file:line]:`; spec-style classes and tests are describe strings (`minitest-rg#test_0002_fails`)
_MINITEST_CASE = re.compile(r"^(?P<test>[^#\s][^#]*#.+?)(?: \[[^\]]+\])?:$")
_MINITEST_NAME = re.compile(r"^(?P<test>[\w:]+#\w+)")


def minitest(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    lines = [line.strip() for line in following[:3] if line.strip()]
    if not lines:
        return None
    header = _MINITEST_CASE.match(lines[0]) or _MINITEST_NAME.match(lines[0])
    if header is None and not m.group(0)[:1].isdigit():
        return None  # a bare `Error:` over no test case is another tool's heading (ocp-build's, over its command)
    message = lines[1] if len(lines) > 1 else lines[0]
    exc = re.match(r"^(?P<exc>[A-Z][\w:]*(?:Error|Exception|Assertion|Failure)\w*):", message)
    hint = "test_error" if m.group(0).startswith("Error") else "test"
    return LineMatch(
        message,
        "minitest",
        hint,
        test_id=header.group("test") if header else "",
        exception_type=exc.group("exc") if exc else "",
        before=0,
        after=10,
    )


_PHPUNIT_CASE = re.compile(r"^\d+\) (?P<test>[A-Za-z_\\][\w\\]*::\w+)(?: with data set .*)?$")
_PHPUNIT_EXC = re.compile(r"^(?P<exc>[A-Za-z_\\][\w\\]*(?:Error|Exception))(?::| \{)")
_PHP_FRAME = re.compile(r"^(?P<file>\S+\.php):(?P<line>\d+)$")  # the trace under a case: `/path/FooTest.php:17`
CASE_NEEDLES = ("::test", " with data set ")  # a numbered case line the scanner reads on its own


def phpunit_problems(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """PHPUnit's `There were 5 errors:` (`There was 1 failure:`) over its numbered cases: a symptom of them when
    its first case is one the scanner reads on its own (phpunit_case: a `test*` method or a data set), else the
    record of that case, spanning the header through its message (a test named by an annotation)."""
    found = [(index, line.strip()) for index, line in enumerate(following[:FOLLOWING_CASE], 1) if line.strip()]
    if len(found) < 2 or _PHPUNIT_CASE.match(found[0][1]) is None:
        return None
    if any(needle in found[0][1].lower() for needle in CASE_NEEDLES):  # its cases are read: it counts them
        return LineMatch(m.string.strip(), "phpunit", "test", Role.SYMPTOM, before=0, after=0)
    case = _phpunit_case(found[0][1], following[found[0][0] :], m.group("kind").startswith("error"))
    return None if case is None else replace(case, after=case.span + found[0][0] + 9, span=case.span + found[0][0])


def phpunit_case(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """One numbered case of PHPUnit's report (`1) Ns\\FooTest::testBar with data set #0 (...)`) with its message
    below (the exception's, else the failed assertion's, after the test's own message when it gave one) and its
    place: the first `path.php:N` line of its trace outside vendor/ (an error's throw site, a failure's test
    line). An exception class before the message makes it an error (PHPUnit's errors section)."""
    return _phpunit_case(m.string.strip(), following, None)


# PHPUnit's other sections list numbered cases too (risky, skipped, incomplete tests, warnings, deprecations,
# notices): `There was 1 risky test:`; a case under them failed nothing
_PHPUNIT_SECTION = re.compile(r"^There (?:were \d+|was 1) (?P<kind>[\w ]+?):$")
PHPUNIT_SECTION = "section"  # the tool hint of a section header that fails nothing


def phpunit_other(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A PHPUnit section header whose cases fail nothing (gha_log reads no case under it)."""
    return LineMatch(m.string.strip(), "phpunit", PHPUNIT_SECTION, Role.SYMPTOM, Severity.WARNING, before=0, after=0)


def phpunit_section_kind(message: str) -> bool | None:
    """Whether a PHPUnit section header lists failed cases (errors, failures), None when it is no header."""
    m = _PHPUNIT_SECTION.match(message)
    return None if m is None else m.group("kind").split()[-1].rstrip("s") in ("error", "failure")


_PHPUNIT_ERRORS = re.compile(r"^There (?:were \d+|was 1) errors?:$")


def phpunit_section(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """A case right under `There were N errors:` (its block's lines above it) is an error."""
    if any(_PHPUNIT_ERRORS.match(line.strip()) for line in before):
        return replace(match, tool_hint="test_error")
    return match


def _phpunit_case(line: str, following: Sequence[str], errors: bool | None) -> LineMatch | None:
    case = _PHPUNIT_CASE.match(line)
    found = [(index, text.strip()) for index, text in enumerate(following[:FOLLOWING_LINES], 1) if text.strip()]
    if case is None or not found or _PHP_FRAME.match(found[0][1]) or _PHPUNIT_CASE.match(found[0][1]):
        return None
    span, message = found[0]
    if len(found) > 1 and found[1][1].startswith("Failed asserting that ") and not message.startswith("Failed "):
        span, assertion = found[1]  # the test's own message, then the assertion it failed: one failure
        message = f"{message} {assertion}"
    exc = _PHPUNIT_EXC.match(message)
    frames = []
    for _index, text in found[1:]:
        if _PHPUNIT_CASE.match(text) or text.startswith(("FAILURES!", "ERRORS!")):
            break  # the next case or the run's verdict
        frame = _PHP_FRAME.match(text)
        if frame is not None:
            frames.append(frame)
    place = next((f for f in frames if "/vendor/" not in f.group("file")), frames[0] if frames else None)
    error = errors if errors is not None else exc is not None
    return LineMatch(
        message,
        "phpunit",
        "test_error" if error else "test",
        exception_type=exc.group("exc").rsplit("\\", 1)[-1] if exc else "",
        test_id=case.group("test"),
        location=loc(place.group("file"), place.group("line")) if place else None,
        before=2,  # the section's header above its first case
        after=span + 9,  # the case's file and line after its diff
        span=span,
    )


FOLLOWING_CASE = 6  # lines read under PHPUnit's header for its first case and message
FOLLOWING_LINES = 14  # lines read under a case for its message and trace (runners.FOLLOWING_LINES)


def rspec_rerun(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`rspec ./spec/x_spec.rb:12 # Calculator#add returns the sum`: the example's full description is its
    test id (as its `Failure/Error:` record and the JSON report name it), the rerun id its location."""
    return LineMatch(
        m.string.strip(),
        "rspec",
        "test",
        test_id=m.group("desc").strip(),
        location=loc(m.group("file").removeprefix("./"), m.group("line")),
        before=0,
        after=0,
    )


_RSPEC_HEADER = re.compile(r"^\s*\d+\) (?P<desc>\S.*?)\s*$")  # `  1) Calculator#add returns the sum`
_SPEC_FILE = re.compile(r"^\./spec/|_spec\.rb$")  # the example's own file (RSpec's default pattern)
_RSPEC_FRAME = re.compile(r"^\s*# (?P<file>\./[^\s:]+\.rb):(?P<line>\d+)(?::in\b|$)")  # `# ./spec/x_spec.rb:12:in`


def rspec_example(match: LineMatch, before: Sequence[str], after: Sequence[str]) -> LineMatch:
    """RSpec's `Failure/Error:` takes its example's full description from the numbered header just above it
    (the block's header line) and its location from the first `# ./spec/x_spec.rb:N` frame below it, else its first
    `# ./path.rb:N` frame (frames of gems are absolute paths, the project's are relative)."""
    test_id = ""
    for line in reversed(before):
        header = _RSPEC_HEADER.match(line)
        if header:
            test_id = header.group("desc")
            break
        if not line.strip():
            break
    frames = [m for line in after if (m := _RSPEC_FRAME.match(line))]
    frame = next((m for m in frames if _SPEC_FILE.search(m.group("file"))), frames[0] if frames else None)
    location = loc(frame.group("file").removeprefix("./"), frame.group("line")) if frame else match.location
    return replace(match, test_id=match.test_id or test_id, location=location)


def ruby_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "ruby", "", exception_type=m.group("exc"), before=3, after=8)


def phpt(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "phpt", "test", test_id=m.group("test"), before=4, after=0)


def mozilla_harness(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Mozilla's test harnesses: `TEST-UNEXPECTED-FAIL | path/test_x.js | message` (also TIMEOUT, CRASH)."""
    kind = m.group("kind")
    hint = "timeout" if kind.endswith("TIMEOUT") else "crash" if "CRASH" in kind else "test"
    return LineMatch(
        m.group("msg").strip(), "mozharness", hint, test_id=m.group("test").strip(), code=kind, before=0, after=8
    )


def elixir_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Elixir's `** (RuntimeError) message` (ExUnit and mix); an indented `** (EXIT) reason` under another is the
    nested reason of the exit above it (`** (EXIT from #PID<0.94.0>) exited in: GenServer.stop(...)`)."""
    exc = m.group("exc")
    nested = exc == "EXIT" and m.string.startswith("    ") and " from #PID<" not in m.string
    role = Role.SYMPTOM if nested else Role.CAUSE
    return LineMatch(f"{exc}: {m.group('msg').strip()}", "elixir", "", role, exception_type=exc, before=4, after=8)


_EXS_LOCATION = re.compile(r"^(?P<file>\S+\.exs?):(?P<line>\d+)$")


def exunit_case(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """ExUnit's `  1) test adds (MathTest)`, its `test/math_test.exs:12` line and the failure below
    (`Assertion with == failed`, `** (RuntimeError) boom`), as `mix test` prints them (ExUnit docs)."""
    lines = [line.strip() for line in following[:4] if line.strip()]
    where = _EXS_LOCATION.match(lines[0]) if lines else None
    if where is None:
        return None
    message = lines[1] if len(lines) > 1 else m.string.strip()
    exc = re.match(r"^\*\* \((?P<exc>[\w.]+)\) ", message)
    if exc:
        message = f"{exc.group('exc')}: {message[exc.end() :]}"  # as elixir_exception words it
    return LineMatch(
        message,
        "exunit",
        "test_error" if exc else "test",
        exception_type=exc.group("exc") if exc else "",
        test_id=f"{m.group('module')}.{m.group('test')}",
        location=Location(where.group("file"), int(where.group("line"))),
        before=0,
        after=12,
    )


def tap_dubious(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Perl's TAP harness (prove): `t/foo.t ........ Dubious, test returned 1 (wstat 256, 0x100)`."""
    return LineMatch(m.string.strip(), "perl", "test", test_id=m.group("test") or "", before=2, after=3)


def rake_aborted(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`rake aborted!` and the error rake prints on the next line (`NameError: ...`, `Command failed ...`): the
    record starts at that line (`at`), where its message is."""
    at, reason = next(((i, line.strip()) for i, line in enumerate(following[:2], 1) if line.strip()), (0, ""))
    exc = re.match(r"^(?P<exc>[A-Z][\w:]*(?:Error|Exception)):", reason)
    if _RAKE_VERDICT.match(reason):  # a task's verdict (`Cucumber failed`): the task's own output told why
        return LineMatch(reason, "rake", "test", Role.SYMPTOM, before=6, after=2)
    exc_type = exc.group("exc") if exc else ""
    return LineMatch(reason or m.string.strip(), "rake", "", exception_type=exc_type, after=6, span=at, at=at)


_RAKE_VERDICT = re.compile(r"^[A-Z][\w ]{0,30} failed$")


def erlang_report(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """OTP's error_logger report (`=ERROR REPORT==== 5-Jul-2019::07:41:12 ===`, also CRASH and SUPERVISOR):
    its body up to the blank line is the record's span, the body's first line its message."""
    span = 0
    for index, line in enumerate(following, 1):
        if not line.strip():
            break
        span = index
    message = following[0].strip().lstrip("*").strip() if span else m.string.strip()
    return LineMatch(message, "erlang", "", details=m.string.strip(), before=0, after=max(4, span), span=span)


def eunit_error(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """EUnit's error for a test set it could not run (eunit_lib:format_error): `*** error reading file ***`,
    then its detail on a `**` line (`**not a directory: x.app`): the title and the detail are the message."""
    details: list[str] = []
    for line in following[:6]:
        text = line.strip()
        if not text.startswith("**") or text.startswith("***"):
            break
        details.append(text[2:].strip())
    if not details:
        return None
    # `**in function f/0 (x.erl, line 12)` names where; the `**error:reason` (exit, throw) line says what
    detail = next((d for d in details if d.startswith(("error:", "exit:", "throw:"))), details[0])
    return LineMatch(f"{m.group('title')}: {detail}", "eunit", "", before=2, after=4, span=len(details))


def erlang_ct(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Erlang common_test: `suite:case failed on line 939` and its `Reason: ...` line below."""
    reason = next((line.strip() for line in following[:3] if line.strip().startswith("Reason:")), "")
    message = reason.removeprefix("Reason:").strip() or m.string.strip()
    return LineMatch(message, "common_test", "test", test_id=m.group("test"), details=m.string.strip(), after=6)


def pester(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Pester (PowerShell): `[-] Describe it does x 12ms` and its `Expected ...` lines below."""
    test = m.group("test").strip()
    name, _, reason = test.partition(" -> ")
    detail = next((line.strip() for line in following[:2] if line.strip().startswith("Expected")), "")
    return LineMatch(reason or detail or test, "pester", "test", test_id=name.strip(), before=0, after=6)


# PHP's error display (its manual, "Error handling": `display_errors` / `log_errors`): `PHP Fatal error:  msg in
# /path/x.php on line 12` on the error log, `Fatal error: msg in ... on line 12` on the output; an uncaught
# exception says `... in /path/x.php:12` (PHP 7+). Both lines of one error read the same without the `PHP ` tag.
_PHP_ERROR = re.compile(
    r"^(?:PHP )?(?P<kind>(?:Recoverable )?[Ff]atal|Parse) error: +(?P<msg>.+?)"
    r"(?: in (?P<file>\S+?)(?: on line (?P<line>\d+)|:(?P<line2>\d+))\.?)?$"
)


def php_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A PHP fatal or parse error: the message without the file, which is the location."""
    found = _PHP_ERROR.match(m.string.strip())
    if found is None:
        return LineMatch(m.string.strip(), "php")
    message = f"{found.group('kind').capitalize()} error: {found.group('msg').strip()}"
    line = found.group("line") or found.group("line2")
    location = Location(found.group("file"), int(line)) if found.group("file") and line else None
    hint = "oom" if found.group("msg").startswith("Allowed memory size of") else ""
    return LineMatch(message, "php", hint, location=location)


_XCTEST_CASE = re.compile(r"^\s*(?:[✗✖] )?(?P<test>[A-Za-z_]\w*), ")
_XCTEST_FILE = re.compile(r"^\s*(?P<file>/\S+\.(?:swift|mm?)):(?P<line>\d+)\s*$")


_XCTEST_LINUX = re.compile(
    r"^(?P<file>\S+\.swift):(?P<line>\d+): error: (?P<cls>\w+)\.(?P<test>test\w*) : (?P<msg>\S.*)$"
)


def xctest_failure(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`XCTAssertTrue failed` in a line naming its test (xcpretty's `✗ testX, XCTAssertTrue failed`): the test; in
    xcpretty's recap the assertion's file and line follow within a few lines (blank ones between)."""
    text = m.string.strip()
    linux = _XCTEST_LINUX.match(text)
    if linux is not None:  # swift-corelibs-xctest: `X.swift:18: error: Class.testName : XCTAssertTrue failed - msg`
        test, where = f"{linux.group('cls')}.{linux.group('test')}", loc(linux.group("file"), linux.group("line"))
        return LineMatch(linux.group("msg"), "xctest", "test", test_id=test, location=where, before=0, after=4)
    case = _XCTEST_CASE.match(text)
    place = next((hit for hit in map(_XCTEST_FILE.match, following[:3]) if hit), None)
    location = loc(place.group("file"), place.group("line"), None) if place else None
    return LineMatch(text, "xctest", "test", test_id=case.group("test") if case else "", location=location)
