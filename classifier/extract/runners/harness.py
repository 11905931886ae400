"""Test-harness failure lines that name a failed test in the run's own output: ScalaTest, TAP, Test::More, Tasty.

* ScalaTest's standard-out reporter (org.scalatest.tools.StringReporter, shown by sbt as `[info] `):
  `- <test name> *** FAILED ***`, the reason indented on the next line, ending in `(File.scala:NN)`.
* TAP (Test Anything Protocol, testanything.org/tap-version-13-specification.html): a test line
  `not ok <number> - <description>`; a `# TODO` or `# SKIP` directive makes it no failure.
* Perl Test::More (Test::Builder's diagnostics on stderr): `#   Failed test '<name>'` and
  `#   at t/foo.t line 17.` under it (`#   Failed (TODO) test` is no failure); a script's `die` message
  (perlfunc: `msg at FILE line N.`), a test's when prove shows it after the script's `t/x.t .. ` header.
* R's testthat (3e reporters, `testthat::test_check`): `── Failure (test-x.R:3:5): test name ───` or
  `── Error (…): …` with the expectation's message on the next lines; testthat 2's `── 1. Failure: test name
  (@test-x.R#3) ──`; testthat 1's `1. Failure (at test-x.R#3): test name`. testthat runs the files of
  `tests/testthat/`, which the bare file name is in; its closing `Error: Test failures` is the
  run's verdict (a symptom).
* shunit2 (kward/shunit2, its assert functions' failure messages): `ASSERT:[message ]expected:<x> but was:<y>`
  and a test function that failed otherwise, `shunit2:ERROR test_x() returned non-zero return code.`
* googletest's console (`path/x.cc:53: Failure` over the check that failed, `[  FAILED  ] Suite.Test` after it; an
  exception the test threw: `unknown file: Failure` over `C++ exception with description "x" thrown in the test body.`).
* Tasty (Haskell, its README's example output): `  name:   FAIL (0.06s)` with the reason indented under it
  (the record spans it); `name:   OK` is a passed test.
* The Dart test runner's expanded reporter (`dart test`, `flutter test` on CI): `00:01 +0 -1: [path.dart: ]test
  name [E]`, the error indented under it, then its stack (`test/a_test.dart 28:7  main.<fn>`): the test's name
  as the JSON reporter gives it; flutter_test's `Test failed. See exception logs above.` is a symptom of the
  exception report printed above it; a suite that did not load (`loading x_test.dart [E]`) with the
  compiler's `x.dart:3:37: Error: ...` under it is that compilation error.
A passed test's result line (`tests/x.py::test_y PASSED [ 18%]`, TAP `ok 3`, go `--- PASS:`, mocha `✓ x`) is never an
error whatever text its name carries (`passed_result`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, framework_for, loc, symptom
from classifier.model import Role

_SCALA_WHERE = re.compile(r"\((?P<file>[\w$.-]+\.(?:scala|java|kt)):(?P<line>\d+)\)\s*$")
_SBT_LEVEL = re.compile(r"^\[(?:info|error)\]\s?")
_PERL_AT = re.compile(r"^#?\s*at (?P<file>\S+) line (?P<line>\d+)\.?$")


def scalatest_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`- test name *** FAILED ***` and its reason on the next line (`2 did not equal 1 (Spec.scala:16)`)."""
    reason = next((text for line in following[:2] if (text := _SBT_LEVEL.sub("", line).strip())), "")
    where = _SCALA_WHERE.search(reason)
    location = loc(where.group("file"), where.group("line")) if where else None
    return LineMatch(
        reason or m.string.strip(), "scalatest", "test", test_id=m.group("test"), location=location, after=4
    )


def tap_not_ok(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """TAP `not ok 3 - description` with its YAML diagnostics block (`---` to `...`, TAP 13) as its lines;
    None with a TODO or SKIP directive (the spec: not a failure)."""
    if m.group("directive"):
        return None
    test = (m.group("desc") or "").strip() or f"test {m.group('num') or ''}".strip()
    span = _yaml_block(following)
    return LineMatch(m.string.strip(), "tap", "test", test_id=test, before=0, after=max(6, span), span=span)


def _yaml_block(following: Sequence[str]) -> int:
    """Lines of the TAP 13 YAML block under a test line (through its `...`, or as far as it is indented)."""
    if not following or following[0].strip() != "---" or not following[0].startswith((" ", "\t")):
        return 0
    for index, line in enumerate(following[1:], 2):
        if line.strip() == "...":
            return index
        if line.strip() and not line.startswith((" ", "\t")):
            return index - 1
    return len(following)


def perl_failed_test(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Test::More's `#   Failed test 'name'` with the `#   at t/x.t line N.` line below it; an unnamed test's
    `#   Failed test at t/x.t line N.` names its place itself (and is known by its script, as prove names it)."""
    where = next((found for line in following[:2] if (found := _PERL_AT.match(line.strip()))), None)
    if m.groupdict().get("file"):
        where = m
    location = loc(where.group("file"), where.group("line")) if where else None
    framework = framework_for(location.file) if location is not None else ""
    return LineMatch(
        m.string.strip().lstrip("#").strip(),
        framework or "perl",
        "test",
        test_id=m.group("test") or (location.file if m.groupdict().get("file") and location else ""),
        location=location,
        before=0,
        after=6,
    )


def perl_died(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A Perl program's `die` message (perlfunc `die`: `msg at FILE line N.`), under prove's `t/x.t .. `
    header when a test script died: a cause at that place, of that test."""
    message = m.group("msg").strip()
    if _NOT_DEATH.search(message):
        return None
    location = loc(m.group("file"), m.group("line"))
    said = m.string[m.start("msg") :].strip()  # without prove's `t/x.t .... ` header
    return LineMatch(said, "perl", "", test_id=m.group("test") or "", location=location)  # its words decide


_TESTTHAT_DIR = "tests/testthat/"  # where testthat keeps a package's test files (its documentation)


_TESTTHAT_HEADER = re.compile(r"^(?:──|(?:\d+\. )?(?:Failure|Error)(?: \(|: ))")  # the next failure's header


def testthat_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """testthat's failure header: the expectation's message under it (else the header without its number),
    the test and its file and line."""
    found = m.groupdict()
    file = found["file"] or found.get("file2") or ""
    where = None
    if file:
        path = file if "/" in file else _TESTTHAT_DIR + file
        where = loc(path, found["line"] or found.get("line2"), found.get("col"))
    said = next((text for line in following[:3] if (text := line.strip())), "")
    if not said or _TESTTHAT_HEADER.match(said):
        said = m.string.strip().lstrip("─ ").strip(" ─")
        said = re.sub(r"^\d+\. ", "", said)
    hint = "test" if m.group("kind") == "Failure" else "test_error"
    return LineMatch(said, "testthat", hint, test_id=m.group("test"), location=where, after=6)


def tasty_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Tasty's `name: FAIL (0.06s)` with the reason indented under it (a location, `expected: x`, a diff
    between rules): the record spans the indented block; its message is the block's first telling line."""
    indent = len(m.string) - len(m.string.lstrip())
    span = 0
    for index, line in enumerate(following, 1):
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        span = index
    while span and not following[span - 1].strip():
        span -= 1
    reason = next((text for line in following[:span] if (text := line.strip()) and not _RULE.match(text)), "")
    where = _TASTY_WHERE.match(reason)
    location = loc(where.group("file"), where.group("line")) if where else None
    return LineMatch(
        reason or m.string.strip(), "tasty", "test", test_id=m.group("test"), location=location, after=4, span=span
    )


def dart_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`00:01 +0 -1: test name [E]` and the indented error under it (the record spans it)."""
    span = 0
    for index, line in enumerate(following[:DART_ERROR_LINES], 1):
        if line.strip() and not line.startswith((" ", "\t")):
            break
        span = index
    while span and not following[span - 1].strip():
        span -= 1
    block = [line.strip() for line in following[:span] if line.strip()]
    frame = next((f for line in block if (f := _DART_FRAME.match(line)) and ":" not in f.group("file")), None)
    location = loc(frame.group("file"), frame.group("line"), frame.group("col")) if frame else None
    message = block[0] if block else m.string.strip()
    test = _DART_SUITE.sub("", _DART_PLATFORM.sub("", m.group("test")))
    hint = "test_error" if test.startswith("loading ") else "test"
    if test.startswith("loading "):
        test = test[len("loading ") :]
        compiled = next((c for line in block if (c := _DART_COMPILE.search(line))), None)
        if compiled:  # the suite did not compile: the compiler's first error is the failure
            message, hint = compiled.group("msg").strip(), "compilation"
            location = loc(compiled.group("file"), compiled.group("line"), compiled.group("col"))
    role = Role.SYMPTOM if message.startswith("Test failed. See exception logs above.") else Role.CAUSE
    return LineMatch(message, "dart", hint, role, test_id=test, location=location, before=0, after=span, span=span)


def shunit2_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """shunit2's `ASSERT:msg` (an assertion of the running test) or `shunit2:ERROR test_x() returned ...`."""
    test = m.groupdict().get("test") or ""
    hint = "test_error" if test else "test"
    return LineMatch(m.string.strip(), "shunit2", hint, test_id=test, before=2, after=0)


DART_ERROR_LINES = 60  # lines of an `[E]` test's error and stack read under it
_DART_FRAME = re.compile(r"^(?P<file>[^\s()]+\.dart) (?P<line>\d+):(?P<col>\d+)\s")
_DART_COMPILE = re.compile(r"(?:^|\s)(?P<file>[^\s:]+\.dart):(?P<line>\d+):(?P<col>\d+): Error: (?P<msg>.+)")
_DART_PLATFORM = re.compile(r"^\[[^\]]+\] ")  # `[VM, Kernel] ` when several platforms or compilers run
_DART_SUITE = re.compile(r"^\S+\.dart: ")  # the suite's path, printed when several suites run
_RULE = re.compile(r"^[\W_]*$")  # a separator line
_TASTY_WHERE = re.compile(r"^(?P<file>[\w./-]+\.\w+):(?P<line>\d+):")
_NOT_DEATH = re.compile(r"(?i)\bwarn|deprecat|^use of uninitiali[sz]ed\b")
# googletest's failure body (its own golden output, googletest-output-test-golden-lin.txt): what it checked, up to its
# `Stack trace:` / `Google Test trace:` lines, a blank line, the next failure or the test's result line
_GTEST_END = re.compile(
    r"^(?:Stack trace:|Google Test trace:|\[ {2}FAILED {2}\]|\[ {7}OK \]|\S+:\d+: Failure$|unknown file:)"
)
_GTEST_THROWN = re.compile(r"^C\+\+ exception with description \"(?P<what>.*)\" thrown in (?P<where>.+?)\.?$")
GTEST_BODY = 6  # lines of one failure's body read, at most


def gtest_failure(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """googletest's `path/x.cc:53: Failure` (`unknown file: Failure` for an exception the test threw), the check
    that failed on the lines under it (`Expected equality of these values:`, `Value of: x`, `Failed`): one
    located assertion failure, its message the body on one line; its test is named by in_block (test_gtest)."""
    body: list[str] = []
    for line in following[:GTEST_BODY]:
        if not line.strip() or _GTEST_END.match(line.strip()):
            break
        body.append(line.strip())
    if not body:
        return None
    thrown = _GTEST_THROWN.match(body[0])
    file = m.group("file")
    return LineMatch(
        " ".join(body),
        "googletest",
        "test_error" if thrown else "test",
        exception_type="C++ exception" if thrown else "",
        location=None if file == "unknown file" else loc(file, m.group("line")),
        before=6,
        after=len(body) + 2,
        span=len(body),
    )


_GTEST_RUN = re.compile(r"^\[ RUN {6}\] (?P<test>\S+)")
_GTEST_FAILED = re.compile(r"^\[ {2}FAILED {2}\] (?P<test>[^\s,]+)(?: \(\d+ ms\))?$")


def test_gtest(match: LineMatch, before: Sequence[str], after: Sequence[str]) -> LineMatch:
    """A googletest failure named by its test: the `[ RUN      ] Suite.Test` above it (before the previous test's
    result line), else the `[  FAILED  ] Suite.Test` below it."""
    for line in reversed(before):
        text = line.strip()
        run = _GTEST_RUN.match(text)
        if run is not None:
            return replace(match, test_id=run.group("test"))
        if text.startswith(("[       OK ]", "[  FAILED  ]")):
            break
    for line in after:
        failed = _GTEST_FAILED.match(line.strip())
        if failed is not None:
            return replace(match, test_id=failed.group("test"))
        if line.strip().startswith("[ RUN      ]"):
            break
    return match


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (": failure", r"^(?P<file>[^\s:]+|unknown file):(?: ?(?P<line>\d+):)? Failure$", gtest_failure),
    (
        "── ",
        r"^── (?:\d+\. )?(?P<kind>Failure|Error)(?: \('?(?P<file>[^():\s']+\.[Rr]):(?P<line>\d+):(?P<col>\d+)'?\))?: "
        r"(?P<test>.+?)(?:\s+\(@(?P<file2>[^#\s]+\.[Rr])#(?P<line2>\d+)\))?\s*─*$",
        testthat_failed,
    ),
    (
        " (at ",  # testthat 1's `1. Failure (at test-x.R#3): test name`
        r"^(?:\d+\. )?(?P<kind>Failure|Error) \(at (?P<file>[^#\s()]+\.[Rr])#(?P<line>\d+)\): (?P<test>\S.*?)\s*$",
        testthat_failed,
    ),
    (
        "error: test",
        r"^Error: Test failures\.?$",
        symptom("testthat", "test"),
    ),
    ("*** failed ***", r"^-\s+(?P<test>\S.*?)\s+\*\*\* FAILED \*\*\*$", scalatest_failed),
    (
        "not ok",
        r"^\s*not ok\b(?: (?P<num>\d+))?(?: -)?(?P<desc>[^#]*)(?:#\s*(?P<directive>(?i:todo|skip))\b.*|#.*)?$",
        tap_not_ok,
    ),
    (
        "failed test",
        r"^#\s+Failed test(?: '(?P<test>.*)'| in .*| at (?P<file>\S+) line (?P<line>\d+)\.|)$",
        perl_failed_test,
    ),
    ("assert:", r"^ASSERT:\S.*", shunit2_failed),
    ("shunit2:error", r"^shunit2:ERROR (?P<test>\w+)\(\) returned non-zero return code\.?$", shunit2_failed),
    (
        " line ",
        r"^(?:(?P<test>\S+\.t)\s*\.{2,}\s*)?(?P<msg>\S.*?)"
        r" at (?P<file>[^\s()]+\.(?:pl|pm|t|cgi)) line (?P<line>\d+)\.$",
        perl_died,
    ),
    (" [e]", r"^(?:(?:\d+:)?\d+:\d+ )?\+\d+(?: ~\d+)?(?: -\d+)?: (?P<test>.+?) \[E\]\s*$", dart_failed),
    # Tasty (Haskell): `  name:      FAIL (0.06s)`, `FAIL` alone without --timing (not cabal's `Test suite x: FAIL`)
    ("fail", r"^\s*(?!Test suite )(?!\d+:\s)(?P<test>\S.*?):\s+FAIL(?: \(\d+(?:\.\d+)?m?s\))?$", tasty_failed),
)
FOLLOWING = (
    ": failure",  # googletest: the check that failed under its place
    "*** failed ***",
    "failed test",
    "not ok",
    "── failure",
    "── error",
    ". failure: ",
    ". error: ",
    "fail (",
    " [e]",
)  # needles whose matchers read the next lines

_PASSED = re.compile(
    r"^\S+::\S.*\s(?:PASSED|SKIPPED|XFAIL|XPASS)(?:\s+\[\s*\d+%\])?$"  # pytest -v
    r"|^ok \d+\b"  # TAP
    r"|^--- (?:PASS|SKIP): "  # go test -v
    r"|^[✓✔] \S"  # mocha's spec reporter, jest's verbose one
    r"|^(?:PASS|XFAIL|SKIP): \S"  # Automake's test driver and DejaGnu (FAIL, XPASS and ERROR are failures)
    r"|^UNSUPPORTED: \S.* :: |^Expectedly Failed\s*:\s*\d+"  # lit: a test not run here, its expected failures' count
    r"|^\S.*:\s+OK(?: \(\d+(?:\.\d+)?m?s\))?$"  # Tasty (Haskell): `name:     OK (0.16s)`
    # CTest: a test starting (`Start 46: links-violation`) or passed (`45/50 Test #45: x ....   Passed 0.01 sec`)
    r"|^Start\s+\d+: \S+$|^\d+/\d+ Test\s+#\d+: \S+ \.+\s+Passed\s+[\d.]+ sec$"
    r"|^# (?:FAIL|ERROR|XPASS):\s+0$"  # Automake's test-suite.log header: none failed (`# ERROR: 0`)
)


def passed_result(text: str) -> bool:
    """Whether the line is a test runner's result line for a test that passed or was skipped."""
    return _PASSED.match(text.strip()) is not None
