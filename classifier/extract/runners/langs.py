"""Less common ecosystems' build tools and test runners: their verdicts and error shapes.

* cabal: cabal-install's own error (`cabal: The pkg-config package x is required but it could`, wrapped onto the
  next line), not its `cabal: Failed to build x` verdict; `cabal: Error: some packages failed to install:`
  (cabal-install 1.x) and `Error: [Cabal-7125]` over
  `Failed to build x. The failure occurred during the configure step.` are its verdicts on the build, symptoms
  of GHC's error above or below them; another `Error: [Cabal-N]` is cabal's own error, its text on the next line.
  GHC's location alone on a line over `error: [GHC-88464]` (a wrapped paste): the error at that place.
* Zig's build runner: `error: the following command failed with 1 compilation errors:`, `error: The following
  command exited with error code 1:` / `terminated unexpectedly:` and zig 0.10's step line `error: a.out...` are
  verdicts on the compiler run above them (symptoms).
* Nim: `Error: execution of an external program failed: 'x'` (nim r / testament) and nimble's task running a
  command that failed (`nimscript.nim(260, 7) Error: unhandled exception: FAILED: cmd [OSError]`, `Error:
  Exception raised during nimble script execution`) are symptoms of the command's output above them; the
  unittest module's `x.nim(215, 21): Check failed: expr` and `Unhandled exception: msg [UnpackDefect]` in a test
  are its failure, named by the `[FAILED] test name` line below (itself a symptom).
* cpanm's `! Installing X failed. See ... for details.`, `! Configure failed for X`, `! Installing the
  dependencies failed: Module 'X' is not installed`: dependencies (never TeX's `! ` errors); its `! Bailing out`
  a symptom. Dart's pub: `pub get failed (1)`, its verdict
  on the solver's explanation above it (pybuild.py reads that, as Poetry's)
* Psalm's rows (`ERROR: InvalidArgument - src/x.php:3:1 - msg`, its GitHub format shown as `Error: x.php:3:1:
  InvalidArgument: msg`): lint at their place. RuboCop's `N files inspected, M offenses detected` and `RuboCop
  failed!`: its verdicts (symptoms, lint). Zig's `error: failed to check cache: 'x' file_hash FileNotFound`: a
  file the build names that is not there.
* Julia's `ERROR: Package X errored during testing` after its tests' summary: a symptom.
* R: rlang's `Error in `f()`:` over its `! msg` line; `ERROR: lazy loading failed for package` after the error
  that stopped the install, `Status: 1 ERROR` (R CMD check's tally) and testthat's `── Test failures ───
  testthat ──` banner over the tests' output are symptoms of the error under them.
* Lua: the interpreter's uncaught error `lua: x.lua:120: attempt to ...` (also luajit, a versioned lua5.1, a
  path before it, and the `...` Lua puts before a long path): a runtime error at that place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, loc, symptom
from classifier.model import Role

_NIM_FAILED = re.compile(r"^\s*\[FAILED\] (?P<test>\S.*?)\s*$")
_NIM_TEST_END = re.compile(r"^\s*\[(?:OK|SKIPPED|Suite)\]")


def _nim_test(following: Sequence[str]) -> str:
    """The test the unittest module names failed below a check or exception (`  [FAILED] test name`), within
    the lines it prints for that one failure."""
    for line in following[:6]:
        found = _NIM_FAILED.match(line)
        if found:
            return found.group("test")
        if _NIM_TEST_END.match(line):
            break
    return ""


def nim_check(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The unittest module's `tests/x.nim(215, 21): Check failed: exitCode == 1`: an assertion in a test."""
    where = loc(m.group("file"), m.group("line"), m.group("col"))
    message = f"Check failed: {m.group('msg').strip()}"
    return LineMatch(message, "nim", "test", test_id=_nim_test(following), location=where, before=1, after=4)


def nim_unhandled(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`Unhandled exception: Can't obtain a value from a `none` [UnpackDefect]` inside a unittest test."""
    exc = m.group("exc")
    return LineMatch(m.group("msg").strip(), "nim", "", exception_type=exc, test_id=_nim_test(following), after=4)


def nim_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`[FAILED] test name`: the unittest module's verdict on a test, a symptom of the check or exception above."""
    return LineMatch(m.string.strip(), "nim", "test", Role.SYMPTOM, test_id=m.group("test"), before=6, after=1)


def cabal_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`Error: [Cabal-7107]` and its text on the next line; `Failed to build x` there is the build's verdict."""
    text = next((line.strip() for line in following[:2] if line.strip()), "")
    if text.startswith("Failed to build ") or not text:
        return LineMatch(f"{m.string.strip()} {text}".strip(), "cabal", "compilation", Role.SYMPTOM, before=6, after=4)
    hint = "dependency" if "resolve dependencies" in text else ""
    return LineMatch(text, "cabal", hint, code=m.group("code"), before=0, after=6, span=1, at=1)


def cabal_said(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """cabal-install's own error (`cabal: The pkg-config package x is required but it could` and the rest of the
    sentence it wrapped at 80 columns onto the next line)."""
    message = m.group("msg").strip()
    if message.startswith(("Failed to build", "Failed to install")):  # cabal 2/3's verdict on the build above
        return LineMatch(message, "cabal", "compilation", Role.SYMPTOM, before=6, after=2)
    more = following[0].strip() if following else ""
    span = 1 if more[:1].islower() else 0
    if span:
        message = f"{message} {more}"
    lowered = message.lower()
    hint = "dependency" if "is required but it could" in lowered or "resolve dependencies" in lowered else ""
    return LineMatch(message, "cabal", hint, before=2, after=4, span=span)


def ghc_wrapped(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """GHC's place alone on its line: GHC 7 and older over the indented message of an error (a warning says
    `x.hs:3:1: Warning:`), a wrapped paste of a newer one over `error: [GHC-88464]` and the message below it."""
    head = following[0].strip() if following else ""
    code = re.match(r"^error: \[(?P<code>GHC-\d+)\]$", head)
    if code is None and not (following and following[0][:1] in (" ", "\t") and head):
        return None
    lines = following[1:4] if code else following[:3]
    indent = len(following[0]) - len(following[0].lstrip()) if not code else 0
    message = next((line.strip() for line in lines if line.strip()), "")
    if not code:  # the message's lines: those indented as its first one
        message = " ".join(line.strip() for line in lines if len(line) - len(line.lstrip()) >= indent > 0)
    where = loc(m.group("file"), m.group("line"), m.group("col"))
    span = (2 if message else 1) if code else 1
    return LineMatch(
        message or head,
        "haskell",
        "compilation",
        code=code.group("code") if code else "",
        location=where,
        before=0,
        after=4,
        span=span,
    )


def rlang_error(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """rlang's form of an R error: `Error in `test_dir()`:` over its `! No test files found` line."""
    bullet = following[0].strip() if following else ""
    if not bullet.startswith("! "):
        return None
    return LineMatch(
        f"Error in `{m.group('call')}`: {bullet[2:].strip()}", "r", "", exception_type="Error", after=6, span=1
    )


def cpanm(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """cpanm's `! Installing Foo::Bar failed. See build.log for details.`, `! Configure failed for Foo-1.0. See ...`,
    `! Installing the dependencies failed: Module 'X' is not installed`: a dependency that did not install."""
    return LineMatch(m.group("msg").strip(), "cpanm", "dependency", before=2, after=3)


def psalm_row(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Psalm's console row (`ERROR: InvalidArgument - src/x.php:203:31 - Argument 1 of f expects ...`) and its
    GitHub format as the job's log shows it (`Error: lib/x.php:315:48: InvalidArgument: Argument 1 ...`)."""
    where = loc(m.group("file"), m.group("line"), m.group("col"))
    return LineMatch(m.group("msg").strip(), "psalm", "lint", code=m.group("code"), location=where, before=0, after=2)


def lua_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The Lua interpreter's uncaught error: `lua: build-aux/luke:120: attempt to concatenate a nil value`."""
    return LineMatch(
        m.group("msg").strip(), "lua", "", location=loc(m.group("file"), m.group("line")), before=2, after=6
    )


# (needle in the lowered line, pattern matched at the line's start, builder)
ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        "some packages failed to install",
        r"^cabal(?:\.exe)?: Error: some packages failed to install:?$",
        symptom("cabal", "compilation"),
    ),
    ("cabal: ", r"^cabal(?:\.exe)?: (?!Error: some packages)(?P<msg>[A-Z].+)$", cabal_said),
    ("error: [cabal-", r"^Error: \[(?P<code>Cabal-\d+)\]$", cabal_error),
    (".hs:", r"^\s*(?P<file>\S+\.l?hs):(?P<line>\d+):(?P<col>\d+):$", ghc_wrapped),
    (
        "compilation error",
        r"^error: the following command failed with \d+ compilation errors?:$",
        symptom("zig", "compilation"),
    ),
    (
        "error: the following command ",
        r"^error: The following command (?:exited with error code \d+|terminated "
        r"unexpectedly):$",
        symptom("zig", "exit_code"),
    ),
    ("error: ", r"^error: [\w.+-]+\.\.\.$", symptom("zig", "exit_code")),
    (
        "execution of an external program failed",
        r"^Error: execution of an external program failed: .+$",
        symptom("nim", "exit_code"),
    ),
    (
        "unhandled exception: failed: ",
        r"^\S*nimscript\.nim\(\d+, \d+\) Error: unhandled exception: FAILED: .+$",
        symptom("nimble", "exit_code"),
    ),
    (
        "exception raised during nimble script",
        r"^\s*Error:\s+Exception raised during nimble script execution$",
        symptom("nimble", "exit_code"),
    ),
    ("check failed: ", r"^\s*(?P<file>\S+\.nim)\((?P<line>\d+), (?P<col>\d+)\): Check failed: (?P<msg>.+)$", nim_check),
    ("unhandled exception: ", r"^\s*Unhandled exception: (?P<msg>.+) \[(?P<exc>[A-Z]\w*)\]$", nim_unhandled),
    ("[failed] ", r"^\s*\[FAILED\] (?P<test>\S.*?)\s*$", nim_failed),
    ("! installing ", r"^(?:STDERR: )?! (?P<msg>Installing \S+ failed\.) See \S+ for details\..*$", cpanm),
    ("! configure failed for ", r"^(?:STDERR: )?! (?P<msg>Configure failed for \S+\.) See \S+ for details\..*$", cpanm),
    ("! installing the dependencies failed: ", r"^! (?P<msg>Installing the dependencies failed: .+)$", cpanm),
    ("! bailing out the installation for ", r"^! Bailing out the installation for \S+\.?$", symptom("cpanm")),
    ("pub get failed", r"^pub (?:get|upgrade) failed \(\d+\)$", symptom("pub", "dependency")),
    (
        ".php:",
        r"^ERROR: (?P<code>[A-Z][A-Za-z]+) - (?P<file>\S+\.php):(?P<line>\d+):(?P<col>\d+) - (?P<msg>.+)$",
        psalm_row,
    ),
    (
        ".php:",
        r"^Error: (?P<file>\S+\.php):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z][A-Za-z]+): (?P<msg>.+)$",
        psalm_row,
    ),
    ("offenses detected", r"^\d+ files? inspected, [1-9]\d* offenses? detected\b.*$", symptom("rubocop", "lint")),
    ("rubocop failed!", r"^RuboCop failed!$", symptom("rubocop", "lint")),
    (
        "file_hash filenotfound",
        r"^error: failed to check cache: '(?P<file>[^']+)' file_hash FileNotFound$",
        cause("zig", "configuration"),
    ),
    ("errored during testing", r"^ERROR: Package \S+ errored during testing$", symptom("julia", "test")),
    ("error in `", r"^Error in `(?P<call>[^`]+)`:$", rlang_error),
    ("lazy loading failed", r"^ERROR: lazy loading failed for package .+$", symptom("r", "compilation")),
    ("status: ", r"^Status: \d+ ERRORs?(?:, \d+ (?:WARNING|NOTE)s?)*$", symptom("rcmdcheck")),
    ("── test failures ─", r"^── Test failures ─+ testthat ─+$", symptom("testthat", "test")),
    (
        "lua:",
        r"^(?:\S*[/\\])?lua(?:jit)?[\d.]*: (?P<file>\S+?\.lua|\S+/[\w.-]+):(?P<line>\d+): (?P<msg>\S.*)$",
        lua_error,
    ),
)

# lines whose matchers read the next ones
FOLLOWING = ("cabal: ", "error: [cabal-", ".hs:", "check failed: ", "unhandled exception: ")
