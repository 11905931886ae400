"""Test suites of large projects' own CI, as their buildbots and task logs print them.

* LLVM's lit (llvm.org/docs/CommandGuide/lit.html): one result line a test, `FAIL: LLVM :: path (12 of 345)`
  (also `TIMEOUT:`, `XPASS:` (an unexpected pass) and `UNRESOLVED:`), the test's
  `******************** TEST 'LLVM :: path' FAILED ********************` block under it, and at the end a list of
  them (`Failed Tests (2):`, `Timed Out Tests (1):`, `Unexpectedly Passed Tests (1):`) with one `  LLVM :: path` a
  test. `PASS:`, `XFAIL:` and `UNSUPPORTED:` results, the `Expectedly Failed Tests` and `Unsupported Tests` lists
  and the summary's `Expectedly Failed:  28` count are no failures (harness.py `passed_result`). lit's own
  `llvm-lit: .../TestingConfig.py:101: fatal: ...` is a configuration error, the traceback under it its own.
* rustc's compiletest (rustc-dev-guide, "Testing the compiler"): `---- [ui] tests/ui/x.rs stdout ----` over one
  test's output and libtest's `failures:` list of them (`    [ui] tests/ui/x.rs`); its `Some tests failed in
  compiletest suite=ui ...` is the run's verdict. ui_test (rustc's tools, Miri): `FAILED TEST: path` with its
  `error: ...` under it; its `Error: tests failed` is the verdict.
* wptrunner's mach formatter (mozlog; web-platform-tests' and Servo's `mach test-wpt`): `▶ FAIL [expected PASS]
  /path/test.html` with the `│ → message` gutter under it, and under `▶ Unexpected subtest result in /path:` a
  subtest's `│ FAIL [expected PASS] name` or `└ PASS [expected FAIL] name` (an unexpected pass fails the run too).
* The Eclipse OpenJ9 / Adoptium test kit (TKG) on their Jenkins: `FAILED test targets:` over the failed targets.
* CPython's regrtest (as buildbot.python.org runs it): its summary `3 tests failed:` over the indented names of the
  failed test modules; `== Tests result: FAILURE ==` is the run's verdict.
All name the failed test: causes with its id, so the three lines lit prints of one test are one failure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, symptom

_NAME = r"[\w.+-]+(?: :: [\w.+-]+)*? :: \S+"  # `LLVM :: path`, `libomptarget :: amdgcn-amd-amdhsa :: path`
_LISTED = re.compile(rf"^ {{2}}(?P<test>{_NAME})$")
_GUTTER = re.compile(r"^\s*[│└├]\s?")
_ARROW = re.compile(r"^\s*→\s*")


def lit_result(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`FAIL: LLVM :: CodeGen/x.ll (12 of 345)`: the test; its `*** TEST '...' FAILED ***` block follows."""
    return LineMatch(m.string.strip(), "lit", "test", test_id=m.group("test"), before=0, after=10)


def lit_block(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`******************** TEST 'LLVM :: x.ll' FAILED ********************`, its output below it."""
    return LineMatch(f"TEST '{m.group('test')}' FAILED", "lit", "test", test_id=m.group("test"), before=1, after=12)


def lit_fatal(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`llvm-lit: .../TestingConfig.py:101: fatal: unable to parse config file '...', traceback: Traceback ...`:
    lit could not configure the suite; the traceback it prints under the line is part of the message."""
    span = 0
    if m.string.rstrip().endswith("Traceback (most recent call last):"):
        while span < len(following) and following[span][:1] == " ":
            span += 1
        span += 1 if span < len(following) and following[span].strip() else 0  # the exception's own line
    details = following[span - 1].strip() if span else ""
    return LineMatch(m.string.strip(), "lit", "configuration", details=details, before=0, after=span, span=span)


def lit_list(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Failed Tests (2):` and its `  LLVM :: path` lines: the first test listed, the list as its lines
    (each listed test has its own result line above it in a whole log)."""
    listed = 0
    for line in following:
        if _LISTED.match(line) is None:
            break
        listed += 1
    if not listed:
        return None
    first = following[0].strip()
    return LineMatch(first, "lit", "test", test_id=first, before=0, after=listed, span=listed)


def compiletest_block(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """compiletest's `---- [ui] tests/ui/x.rs stdout ----`: the test whose output follows."""
    return LineMatch(m.string.strip(), "compiletest", "test", test_id=m.group("test"), before=0, after=12)


def compiletest_listed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A test in libtest's `failures:` list under a compiletest run (`    [ui] ui/x.rs`)."""
    return LineMatch(m.string.strip(), "compiletest", "test", test_id=m.group("test"), before=2, after=3)


def ui_test_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """ui_test's `FAILED TEST: path` and the first `error: ...` under its command line."""
    said = next((line.strip() for line in following[:6] if line.startswith("error: ")), "")
    return LineMatch(said or m.string.strip(), "ui_test", "test", test_id=m.group("test"), before=0, after=8)


def _block(following: Sequence[str]) -> int:
    """How many next lines are the `│`/`└` gutter of one wptrunner result."""
    count = 0
    for line in following:
        if _GUTTER.match(line) is None:
            break
        count += 1
        if line.lstrip().startswith("└"):
            break
    return count


def wpt_result(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """wptrunner's `▶ FAIL [expected PASS] /path` (its messages under it in the `│ →` gutter) or a subtest's
    `│ FAIL [expected PASS] name`; a result that was expected (`OK [expected OK]`) is none."""
    if m.group("status") == m.group("expected"):
        return None
    span = _block(following) if m.group("mark") == "▶" else 0
    said = [_ARROW.sub("", _GUTTER.sub("", line)).strip() for line in following[:span]]
    message = " ".join(m.group(0).split()[1:]) if m.group("mark") else m.group(0).strip()
    details = "\n".join(line for line in said if line)
    return LineMatch(message, "wptrunner", "test", test_id=m.group("test"), details=details, after=span, span=span)


def wpt_subtests(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`▶ Unexpected subtest result in /path:` with the subtest's result under it (`│ FAIL [expected PASS]
    name`, its `│   → message`): that result, the block as its lines."""
    span = _block(following)
    said = [_ARROW.sub("", _GUTTER.sub("", line)).strip() for line in following[:span]]
    said = [line for line in said if line]
    if not said:
        return None
    result = _WPT_RESULT.match(said[0])
    test = f"{m.group('test')}::{result.group('test')}" if result else m.group("test")  # one subtest of the file
    return LineMatch(said[0], "wptrunner", "test", test_id=test, details="\n".join(said[1:]), after=span, span=span)


def regrtest_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """CPython's regrtest summary, `3 tests failed:` over the indented names of the test modules: the modules,
    the first as the test (`test.test_urllib`, the package its unittest ids name, so a failed case of it shown
    above is the same failure)."""
    names: list[str] = []
    lines = 0
    for line in following[:10]:
        words = line.split()
        if not line.startswith("    ") or not words or not all(word.startswith("test_") for word in words):
            break
        names += words
        lines += 1
    if not names:
        return None
    message = f"{m.group(0).strip()} {' '.join(names)}"
    return LineMatch(message, "regrtest", "test", test_id=f"test.{names[0]}", before=2, after=lines, span=lines)


def tkg_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """The Eclipse OpenJ9 / Adoptium test kit's (TKG) summary: `FAILED test targets:` over its indented targets
    (`jdk_util_0 - Test results: passed: 675; failed: 2`, its `Failed test cases:` and `TEST: path` lines under
    it in newer kits): the first target is the test, its first failed case part of the message."""
    targets: list[str] = []
    cases: list[str] = []
    lines = 0
    for line in following[:12]:
        text = line.strip()
        if not line[:1].isspace() or not text:
            break
        lines += 1
        if text.startswith("TEST: "):
            cases.append(text)
        elif not text.startswith("Failed test cases"):
            targets.append(text.split(" - ", 1)[0])
    if not targets:
        return None
    message = f"FAILED test targets: {' '.join(targets)}" + (f" ({cases[0]})" if cases else "")
    return LineMatch(message, "tkg", "test", test_id=targets[0], after=lines, span=lines)


_WPT_STATUS = r"FAIL|ERROR|TIMEOUT|CRASH|PASS|NOTRUN|OK|PRECONDITION_FAILED|SKIP"
_WPT = (
    rf"^\s*(?:(?P<mark>[▶│└])\s*)?(?P<status>{_WPT_STATUS}) \[expected (?P<expected>[A-Z_]+)"
    rf"(?:, known intermittent \[[^\]]*\])?\] (?P<test>\S.*)$"
)
_WPT_RESULT = re.compile(_WPT)
ENTRIES: list[tuple[str, str, Builder]] = [
    (" :: ", rf"^(?:FAIL|TIMEOUT|XPASS|UNRESOLVED): (?P<test>{_NAME}) \(\d+ of \d+\)$", lit_result),
    (" :: ", rf"^\*{{10,}} TEST '(?P<test>{_NAME})' FAILED \*{{10,}}$", lit_block),
    ("tests (", r"^(?:Failed|Timed Out|Unexpectedly Passed|Unresolved) Tests \(\d+\):$", lit_list),
    # lit's configuration (lit.cfg/lit.site.cfg) stopped the run: `llvm-lit: .../config.py:306: fatal: ...`
    ("lit: ", r"^(?:llvm-)?lit(?:\.py)?: \S+:\d+: fatal: .+", lit_fatal),
    ("failed:", r"^\d+ tests? failed:$", regrtest_failed),
    ("tests result: failure", r"^(?:== )?Tests result: FAILURE(?: ==)?$", symptom("regrtest", "test")),
    ("failed test targets:", r"^FAILED test targets:$", tkg_failed),
    (" stdout ----", r"^---- \[(?P<mode>[\w-]+)\] (?P<test>\S+) stdout ----$", compiletest_block),
    ("    [", r"^ {4}\[(?P<mode>[a-z][\w-]*)\] (?P<test>\S+\.rs)$", compiletest_listed),
    ("some tests failed in compiletest", r"^Some tests failed in compiletest\b.*", symptom("compiletest", "test")),
    ("failed test: ", r"^FAILED TEST: (?P<test>\S.*)$", ui_test_failed),
    ("error: tests failed", r"^Error: tests failed$", symptom("ui_test", "test")),  # ui_test's verdict
    ("[expected ", _WPT, wpt_result),
    ("unexpected subtest result in ", r"^\s*▶ Unexpected subtest result in (?P<test>\S+):$", wpt_subtests),
]
