"""Compiled languages: gcc/clang/ld, MSVC and .NET, go, rustc/cargo; location-shaped lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import LineMatch, build_file, explained, framework_for, loc, with_symbol
from classifier.model import Location, Role, Severity


def go_module(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The go command failing to resolve a module (`go mod download`, `go build`): `go: x@v1.2.3: reading
    https://...: 404 Not Found`, `x@v1: unrecognized import path "x": ...` (dependency); or to read go.mod:
    `go: errors parsing go.mod:` (the error is on the next line: `go.mod:5: unknown directive: toolchain`),
    a configuration error of the project's build file."""
    message = m.group(0).strip()
    if message.endswith(":"):
        message = explained(message, following)
    hint = "configuration" if _GO_MOD_FILE.search(message) else "dependency"
    return LineMatch(message, "go", hint, before=2, after=4)


# go.mod itself is malformed or too new for the go command (`unknown directive: toolchain`, `invalid go
# version`, `go.mod requires go >= 1.21.1 (running go 1.21.0; GOTOOLCHAIN=local)`): the build file is wrong,
# nothing failed to download (the Go Modules Reference, "go.mod files")
_GO_MOD_FILE = re.compile(
    r"errors parsing go\.mod|go\.mod requires go >= |go\.mod:\d+: (?:unknown directive|invalid go version|usage:)"
)


def _rust_location(following: Sequence[str]) -> Location | None:
    """rustc's ` --> src/x.rs:2:9` arrow within the four lines below a diagnostic."""
    found = _rust_arrow(following)
    return found[0] if found else None


def _rust_arrow(following: Sequence[str]) -> tuple[Location, int] | None:
    """The location of rustc's arrow within the four lines below a diagnostic, and its line's distance."""
    for distance, line in enumerate(following[:4], start=1):
        arrow = _RUST_ARROW.match(line)
        if arrow:
            return loc(arrow.group("file"), arrow.group("line"), arrow.group("col")), distance
    return None


def rust_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    location = _rust_location(following)
    return LineMatch(
        m.group(0).strip(), "cargo", "compilation", code=m.group("code") or "", location=location, before=0, after=10
    )


# rustc's arrow (GitHub's web view prints a problem matcher's annotation as `Error:    --> src/x.rs:2:9`)
_RUST_ARROW = re.compile(r"^\s*(?:Error: +)?--> (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)")


_COMPILERS = frozenset(
    ("gcc", "clang", "as", "go", "cargo", "javac", "kotlin", "scalac", "swift", "dotnet", "mypy", "haskell", "elixir")
) | {"zig", "nim", "ocaml", "crystal"}


# XCTest (xcodebuild, swift test) reports a failed assertion as `File.swift:536: error: -[Module.Class test] : msg`
_XCTEST_SELECTOR = re.compile(r"^-\[(?P<cls>[\w.]+) (?P<test>\w+)\] : (?P<msg>\S.*)$")


def compiler(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`path:line[:col]: error: msg`; GHC puts the message on the indented lines below `path:l:c: error:`; XCTest
    names the failed test's selector before its message (`-[Module.Class test] : msg`): a test failure."""
    path = m.group("file")
    message = with_symbol((m.group("msg") or "").strip(), following) or " ".join(
        line.strip() for line in following[:3] if line.startswith((" ", "\t")) and line.strip()
    )
    if not message:
        return None
    level = m.group("level").lower()
    if level == "note":
        return None  # gcc/clang/mypy notes explain the diagnostic above them (they stay in its context)
    selector = _XCTEST_SELECTOR.match(message)
    if selector is not None and "error" in level:  # XCTest's own failure line: the test's selector, its message
        test = f"{selector.group('cls').rsplit('.', 1)[-1]}.{selector.group('test')}"
        where = loc(path, m.group("line"), m.group("col"))
        return LineMatch(selector.group("msg"), "xctest", "test", test_id=test, location=where, before=0, after=4)
    framework = framework_for(path)
    if framework == "python":
        framework = "mypy"  # `x.py:3: error: msg  [code]`: a type checker, so compilation (taxonomy)
    severity = Severity.ERROR if "error" in level.lower() else Severity.WARNING
    hint = "compilation" if framework in _COMPILERS else "configuration" if build_file(path) else "lint"
    return LineMatch(
        message,
        framework,
        hint,
        severity=severity,
        location=loc(path, m.group("line"), m.group("col")),
        before=0,
        after=4,
    )


def ghc_unlocated(_m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """GHC's error without a place (`<no location info>: error:`, a link or load step), its message on the
    indented lines below (`    loadArchive "/nix/store/...": failed`)."""
    message = " ".join(line.strip() for line in following[:3] if line.startswith((" ", "\t")) and line.strip())
    return LineMatch(message, "haskell", "compilation", before=0, after=4) if message else None


# MSVC's own codes in the same `file(line,col): error CODE:` shape (cl C1xxx-C4xxx, link LNK, cl driver D).
_MSVC_CODE = re.compile(r"^(?:C\d{4}|LNK\d{4}|D\d{4})$")


def _sdk_hint(code: str, hint: str) -> str:
    """NuGet's codes are the restore's (a dependency), the .NET SDK's NETSDK codes the project's setup."""
    return "dependency" if code.startswith("NU") else "configuration" if code.startswith("NETSDK") else hint


def dotnet(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "warning" else Severity.ERROR
    code = m.group("code")
    msvc_code = _MSVC_CODE.match(code) is not None
    hint = _sdk_hint(code, "compilation" if msvc_code or code.startswith(("CS", "FS", "BC")) else "build")
    return LineMatch(
        m.group("msg").strip(),
        "msvc" if msvc_code else "dotnet",
        hint,
        severity=severity,
        code=m.group("code"),
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


def kotlinc(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """kotlinc's `e:` / `w:` line: the severity letter, the file, the line and column, the message."""
    severity = Severity.ERROR if m.group("level") == "e" else Severity.WARNING
    location = loc(m.group("file"), m.group("line"), m.group("col"))
    return LineMatch(m.group("msg").strip(), "kotlin", "compilation", severity=severity, location=location, after=4)


def bare_location(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`path:12:3: message` without an error word (go build, golangci-lint, flake8)."""
    path = m.group("file")
    framework = framework_for(path)
    if not framework or (path.endswith("_test.go") and "/" not in path and not m.group("col")):
        return None  # `x_test.go:9: msg` (base name, no column) is a test's t.Error line, shown with its FAIL
    hint = "compilation" if framework == "go" else "lint"
    return LineMatch(
        m.group("msg").strip(), framework, hint, location=loc(path, m.group("line"), m.group("col")), before=0, after=4
    )


def linker(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`ld.lld: error: undefined symbol: foo` (and ld/gold/mold/lld-link); the `>>> referenced by` line below."""
    message = m.group("msg").strip()
    if message.startswith("ld returned"):
        return None  # collect2's symptom line
    ref = next((line.strip() for line in following[:3] if line.lstrip().startswith(">>> referenced by")), "")
    return LineMatch(message, "ld", "link", details=ref, before=0, after=6)


def program_error(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A program's own error, no file or line of the input named: `armclang: error: unsupported option '--c99'`.
    Left to the other lines: an exception's name in front (`HTTPError: error: ...`), and a verdict on a step or a
    command (`validate: error: failed to validate ...`, ninja's `rebuilding 'build.ninja': subcommand failed`,
    `dpkg-buildpackage: error: debian/rules build gave error exit status 2`), which the lines that know it read."""
    message = m.group("msg")
    if m.group("tool").endswith(("Error", "Exception", "Warning")) or _VERDICT.search(message):
        return None
    return LineMatch(m.string.strip(), "", "", before=1, after=2)


_VERDICT = re.compile(
    r"(?i)^failed to |\bfailed\.?$|\bexit (?:status|code)\b|\bexited with\b|\breturned (?:non-zero|\d)"
)


# MSBuild's own files: a diagnostic located in one is the build's (NuGet.targets' restore), not the code's
_MSBUILD_FILE = re.compile(r"(?i)\.(?:targets|props|\w*proj|sln)$")


def msvc(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`file.cpp(18) : fatal error C1083: Cannot open include file` and `x.obj : error LNK2019: ...`; NuGet's
    `App.csproj : error NU1101: Unable to find package X` and the SDK's `error NETSDK1045: ...`. A code-less
    error is the code's (`x.cpp(12): error : msg`) unless it is located in one of MSBuild's files; the lines
    below it with its head and an indented message are the rest of its message (NuGet.targets' `error : Unable
    to load the service index ...` then `error :   Response status code does not indicate success: 401`)."""
    level = m.group("level")
    code = m.groupdict().get("code") or ""
    severity = Severity.WARNING if level.lower() == "warning" else Severity.ERROR
    file = m.groupdict().get("file") or ""
    if not code:
        hint = "build" if _MSBUILD_FILE.search(file) else "compilation"
    else:
        hint = "link" if code.startswith("LNK") else "compilation" if code[:1] in "CF" or code[:2] == "BC" else "build"
    hint = _sdk_hint(code, hint)
    location = loc(file, m.groupdict().get("line"), m.groupdict().get("col")) if m.groupdict().get("line") else None
    head = m.string[: m.start("msg")]
    rest = []
    for line in following:
        if not (line.startswith(head) and line[len(head) : len(head) + 1].isspace() and line[len(head) :].strip()):
            break
        rest.append(_PROJECT_SUFFIX.sub("", line[len(head) :].strip()))
    message = " ".join((m.group("msg").strip(), *rest))
    return LineMatch(
        message, "msvc", hint, severity=severity, code=code, location=location, before=0, after=3, span=len(rest)
    )


_PROJECT_SUFFIX = re.compile(r" \[[^\[\]]+\.(?:\w*proj|sln)\]$")


def windows_command(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """cmd.exe's `'x' is not recognized as an internal or external command,` (its `operable program or batch
    file.` on the next line): the command is not installed or not on the PATH."""
    rest = following[0].strip() if following else ""
    span = 1 if rest.startswith("operable program or batch file") else 0
    message = f"{m.string.strip()} {rest}" if span else m.string.strip()
    return LineMatch(message, "cmd", "configuration", before=2, after=3, span=span)


def rust_diagnostic(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`error: msg` / `error[E0425]: msg` / `warning: msg` with rustc's ` --> src/x.rs:2:9` below (cargo, clippy);
    the lines down to the arrow are the diagnostic's (`span`)."""
    arrow = _rust_arrow(following)
    if arrow is None:
        return None
    location, span = arrow
    level = m.group("level")
    lint = next((n.group("lint") or n.group("denied") for n in map(_LINT_NOTE.search, following[:12]) if n), "")
    return LineMatch(
        m.group("msg").strip(),
        "cargo",
        "lint" if lint or "clippy" in (m.group("code") or "") else "compilation",
        severity=Severity.WARNING if level == "warning" else Severity.ERROR,
        code=m.group("code") or lint,
        location=location,
        before=0,
        after=10,
        span=span,
    )


# the lint that reported it: `#[deny(x)]` in the code, or denied on the command line (`-D clippy::x` implied by
# `-D warnings`: clippy and rustc lints made errors in CI)
_LINT_NOTE = re.compile(
    r"= note: (?:`#\[(?:deny|warn|forbid)\((?P<lint>[\w:]+)\)\]`|`-D (?P<denied>[\w:-]+)` implied by `-D warnings`)"
)
_PANIC_AT = re.compile(r"(?P<file>[^\s:]+\.rs):(?P<line>\d+):(?P<col>\d+)")


def rust_panic(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`thread 'tests::x' panicked at 'msg', src/lib.rs:5:9` or (Rust >= 1.73) `... panicked at src/lib.rs:5:9:`
    with the message on the next line."""
    thread = m.group("thread")
    rest = m.group("rest").strip()
    at = _PANIC_AT.search(rest)
    quoted = re.match(r"^'(?P<msg>.*)', ", rest)
    after = next((line.strip() for line in following[:3] if line.strip()), rest)
    message = quoted.group("msg") if quoted else after
    location = loc(at.group("file"), at.group("line"), at.group("col")) if at else None
    test = thread if thread not in ("main", "<unnamed>") else ""
    return LineMatch(
        message,
        "cargo",
        "test" if test else "panic",
        exception_type="panic",
        test_id=test,
        location=location,
        before=1,
        after=6,
    )


def location_line(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`path.ext:line[:col] msg (rule)` or `path.ext:line:col: C: msg`: a linter's finding without an error word.

    Kept only for a known source extension and with a rule id or a severity letter, so a grep hit or a
    traceback frame is not a finding.
    """
    path = m.group("file")
    framework = framework_for(path)
    rule = m.group("rule") or ""
    sev = m.group("sev") or ""
    # `- error:`: lint.py; `0x1abb in test.x (test.exe.obj)`: a Zig stack frame's address
    if not framework or not (rule or sev) or m.group("msg").startswith(("in ", "- ", "0x")):
        return None
    severity = Severity.WARNING if sev in ("C", "R", "W") else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        framework,
        "lint",
        severity=severity,
        code=rule,
        location=loc(path, m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


def cmake_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`CMake Error at CMakeLists.txt:12 (find_package):` and its indented message lines below (CMake's
    message(FATAL_ERROR) format); `Could NOT find X` / a missing package configuration is a dependency."""
    body = []
    indent = len(m.string) - len(m.string.lstrip())  # a nested build (pip, uv) indents CMake's whole output
    for line in following[:8] if not (m.group("msg") or "").strip() else ():  # `CMake Error: msg` has no body
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if line.strip():
            body.append(line.strip())
    message = " ".join(body)[:500] or (m.group("msg") or "").strip() or m.string.strip()
    lowered = message.lower()
    hint = "dependency" if "could not find" in lowered or "package configuration file" in lowered else "configuration"
    location = loc(m.group("file"), m.group("line")) if m.group("file") else None
    if _NO_COMPILER.match(message):  # told after the failed compiler check CMake reported above it
        return LineMatch(message, "cmake", hint, Role.SYMPTOM, location=location, before=6, after=2)
    return LineMatch(message, "cmake", hint, location=location, before=0, after=len(body) + 2)


_NO_COMPILER = re.compile(r"^CMAKE_\w+_COMPILER not set, after EnableLanguage$")


_DOTNET_EXC = re.compile(r"^(?P<exc>[A-Z][\w.]*(?:Exception|Error)) : ")


def xunit_console(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """xUnit.net's console runner (and `dotnet test`'s `[xUnit.net 00:00:01.02]` lines): `Ns.Class.Test [FAIL]`
    and the assertion or exception below it (`Assert.Equal() Failure`, `System.Exception : msg`)."""
    detail = next((line.strip() for line in following[:3] if line.strip()), "")
    return _dotnet_case(m, _XUNIT_PREFIX.sub("", detail), "xunit")


_XUNIT_PREFIX = re.compile(r"^\[xUnit\.net [\d:.]+\]\s*")


def vstest_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`dotnet test`'s console logger (`  Failed Ns.Class.Test [12 ms]`, `  Error Message:`, the message) and the
    Microsoft.Testing.Platform runner (`failed Test (6s 220ms)`, the message indented below it)."""
    lines = [line.strip() for line in following[:4] if line.strip()]
    if lines and lines[0] == "Error Message:":
        lines = lines[1:]
    detail = lines[0] if lines and not lines[0].startswith(("at ", "Stack Trace:", "Failed ", "failed ")) else ""
    found = _dotnet_case(m, detail, "dotnet")
    # its `Error Message:` block is this failure's (the scanner reads nothing in it)
    heading = next((i for i, line in enumerate(following[:2]) if line.strip() == "Error Message:"), None)
    return replace(found, span=heading + 2) if heading is not None and detail else found


def _dotnet_case(m: re.Match[str], detail: str, tool: str) -> LineMatch:
    """A failed .NET test case: its message line (or the header line) and, for `Type : msg`, the exception."""
    exc = _DOTNET_EXC.match(detail)
    return LineMatch(
        detail or m.string.strip(),
        tool,
        "test_error" if exc else "test",
        exception_type=exc.group("exc").rsplit(".", 1)[-1] if exc else "",
        test_id=m.group("test").strip(),
        before=0,
        after=10,
    )


def werror(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """gcc's `cc1: some warnings being treated as errors` (`cc1plus: all warnings ...` under -Werror): a symptom,
    unless warnings and no error precede it in its block (werror_cause)."""
    return LineMatch(m.string.strip(), "gcc", "werror", Role.SYMPTOM, before=8, after=2)


# a gcc/clang warning line: `x.c:12:3: warning: msg [-Wflag]`
_GCC_WARNING = re.compile(
    r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?P<line>\d+):(?:(?P<col>\d+):)? warning: (?P<msg>.+\[-W[\w=+-]+\])$"
)
_GCC_ERROR = re.compile(r"^(?:[A-Za-z]:)?[^\s:]+\.\w+:\d+:(?:\d+:)? (?:fatal )?error: ")


def werror_cause(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """`cc1: some warnings being treated as errors` under a gcc warning and no error: that warning failed the
    compile (the record starts at it, `lead`); under an error it stays that error's symptom."""
    for above, line in enumerate(reversed(before), start=1):
        text = line.strip()
        if _GCC_ERROR.match(text):
            return match
        warned = _GCC_WARNING.match(text)
        if warned:
            place = loc(warned.group("file"), warned.group("line"), warned.group("col"))
            message = warned.group("msg").strip()
            return replace(match, message=message, tool_hint="compilation", role=Role.CAUSE, location=place, lead=above)
    return match
