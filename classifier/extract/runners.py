"""Line matchers for test runners, compilers and tools found in raw CI logs.

Covers pytest, Python tracebacks, go test, cargo/rustc, gcc/clang/ld, javac/Maven/Gradle, tsc, eslint,
jest, npm, pip, apt, and infrastructure evidence (OOM, timeouts, DNS/connection/TLS, disk full).
`match_line` is called by the log scanner on candidate lines only; `extract` runs the scanner on a
document so a plain tool output (no GitHub markers) can be read on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from classifier.model import Extraction, Location, Role, Severity
from classifier.sources.base import Document


@dataclass(frozen=True, slots=True)
class LineMatch:
    """What a matcher found on one line; the scanner turns it into an ErrorRecord."""

    message: str
    framework: str = ""
    tool_hint: str = ""
    role: Role = Role.CAUSE
    severity: Severity = Severity.ERROR
    exception_type: str = ""
    test_id: str = ""
    location: Location | None = None
    code: str = ""
    details: str = ""
    before: int = 3  # context lines wanted before and after the line
    after: int = 8


Builder = Callable[[re.Match[str], Sequence[str]], LineMatch | None]

EXC = r"(?P<exc>[A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt|Timeout|Warning))"
_EXC_RE = re.compile(rf"^{EXC}(?::\s*(?P<msg>.*))?$")
_EXT_FRAMEWORK = {
    ".py": "python",
    ".go": "go",
    ".rs": "cargo",
    ".ts": "tsc",
    ".tsx": "tsc",
    ".js": "node",
    ".java": "javac",
    ".kt": "kotlin",
    ".scala": "scalac",
    ".c": "gcc",
    ".h": "gcc",
    ".cc": "gcc",
    ".cpp": "gcc",
    ".cxx": "gcc",
    ".hpp": "gcc",
    ".m": "clang",
    ".swift": "swift",
    ".cs": "dotnet",
    ".rst": "sphinx",
}


def _framework_for(path: str) -> str:
    dot = path.rfind(".")
    return _EXT_FRAMEWORK.get(path[dot:].lower(), "") if dot >= 0 else ""


def _loc(path: str, line: str | None, col: str | None = None) -> Location:
    return Location(path, int(line) if line else None, int(col) if col else None)


def _exc_of(text: str) -> tuple[str, str]:
    """("ValueError", "bad value") from "ValueError: bad value"; ("", text) otherwise."""
    m = _EXC_RE.match(text.strip())
    return (m.group("exc"), text.strip()) if m else ("", text.strip())


# --- builders -----------------------------------------------------------------------------------------


def _symptom(framework: str, hint: str = "") -> Builder:
    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, hint, Role.SYMPTOM, before=6, after=2)

    return build


def _cause(framework: str, hint: str = "") -> Builder:
    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, hint)

    return build


def _exit_code(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    code = m.group("code")
    if code == "0":
        return None
    hint = "oom" if code == "137" else "timeout" if code == "124" else "exit_code"
    return LineMatch(m.string.strip(), "", hint, Role.SYMPTOM, code=code, before=8, after=0)


def _pytest_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    msg = (m.groupdict().get("msg") or "").strip()
    exc, _text = _exc_of(msg)
    role = Role.CAUSE
    return LineMatch(
        msg or m.group(0).strip(), "pytest", "", role, exception_type=exc, test_id=m.group("test"), before=0, after=2
    )


def _pytest_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    msg = (m.groupdict().get("msg") or "").strip()
    exc, _text = _exc_of(msg)
    hint = "collection" if "collecting" in m.group(0) or "::" not in m.group("test") else ""
    if exc in ("ImportError", "ModuleNotFoundError"):
        hint = "import"
    return LineMatch(
        msg or m.group(0).strip(), "pytest", hint, exception_type=exc, test_id=m.group("test"), before=0, after=8
    )


def _pytest_e(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    exc = m.group("exc")
    hint = "import" if exc in ("ImportError", "ModuleNotFoundError") else ""
    return LineMatch(m.group("body").strip(), "pytest", hint, exception_type=exc.rsplit(".", 1)[-1], before=10, after=3)


_JAVA_PACKAGES = ("java.", "javax.", "jakarta.", "org.", "com.", "io.", "net.", "kotlin.", "scala.", "android.")


_PYTHON_BUILTINS = frozenset(
    {
        "ValueError",
        "KeyError",
        "TypeError",
        "AttributeError",
        "ImportError",
        "ModuleNotFoundError",
        "AssertionError",
        "RuntimeError",
        "OSError",
        "IOError",
        "IndexError",
        "NameError",
        "ZeroDivisionError",
        "FileNotFoundError",
        "PermissionError",
        "SyntaxError",
        "IndentationError",
        "NotImplementedError",
        "RecursionError",
        "MemoryError",
        "TimeoutError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "KeyboardInterrupt",
        "SystemExit",
        "CalledProcessError",
        "JSONDecodeError",
        "FileExistsError",
        "IsADirectoryError",
        "BrokenPipeError",
        "OverflowError",
    }
)


def _exception_framework(exc: str) -> str:
    if exc.startswith(_JAVA_PACKAGES):
        return "java"
    if exc in _PYTHON_BUILTINS or ("." in exc and exc[:1].islower()):
        return "python"
    return ""


def _exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    exc = m.group("exc")
    fw = _exception_framework(exc)
    hint = "import" if exc in ("ImportError", "ModuleNotFoundError") else ""
    return LineMatch(m.group("body").strip(), fw, hint, exception_type=exc.rsplit(".", 1)[-1], before=10, after=3)


def _java_thread(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    exc = m.group("exc")
    return LineMatch(m.group("body").strip(), "java", "", exception_type=exc.rsplit(".", 1)[-1], before=1, after=10)


def _go_fail(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "go", "", test_id=m.group("test"), before=8, after=2)


def _go_panic(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "go", "panic", exception_type="panic", before=2, after=10)


def _rust_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    location = None
    for line in following[:4]:
        arrow = _RUST_ARROW.match(line)
        if arrow:
            location = _loc(arrow.group("file"), arrow.group("line"), arrow.group("col"))
            break
    return LineMatch(
        m.group(0).strip(), "cargo", "compilation", code=m.group("code") or "", location=location, before=0, after=10
    )


_RUST_ARROW = re.compile(r"^\s*--> (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)")


def _compiler(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    path = m.group("file")
    level = m.group("level").lower()
    framework = _framework_for(path)
    if framework == "python":
        framework = "mypy"
    severity = Severity.ERROR if "error" in level.lower() else Severity.WARNING
    hint = (
        "compilation"
        if framework in ("gcc", "clang", "go", "cargo", "javac", "kotlin", "scalac", "swift", "dotnet")
        else "lint"
    )
    return LineMatch(
        m.group("msg").strip(),
        framework,
        hint,
        severity=severity,
        location=_loc(path, m.group("line"), m.group("col")),
        before=0,
        after=4,
    )


def _dotnet(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "warning" else Severity.ERROR
    hint = "compilation" if m.group("code").startswith(("CS", "FS", "BC")) else "build"
    return LineMatch(
        m.group("msg").strip(),
        "dotnet",
        hint,
        severity=severity,
        code=m.group("code"),
        location=_loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


def _eslint_compact(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "Warning" else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        "eslint",
        "lint",
        severity=severity,
        location=_loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=1,
    )


def _python_lint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        m.group("msg").strip(),
        "flake8",
        "lint",
        location=_loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=1,
    )


def _bare_location(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`path:12:3: message` without an error word (go build, golangci-lint, flake8)."""
    path = m.group("file")
    framework = _framework_for(path)
    if not framework:
        return None
    hint = "compilation" if framework == "go" else "lint"
    return LineMatch(
        m.group("msg").strip(), framework, hint, location=_loc(path, m.group("line"), m.group("col")), before=0, after=4
    )


def _maven_javac(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    path = m.group("file")
    framework = "javac" if path.endswith(".java") else _framework_for(path) or "maven"
    msg = m.group("msg").strip()
    if _CHECKSTYLE_MSG.match(msg):
        return LineMatch(
            msg, "maven", "checkstyle", location=_loc(path, m.group("line"), m.group("col")), before=0, after=2
        )
    return LineMatch(
        msg, framework, "compilation", location=_loc(path, m.group("line"), m.group("col")), before=0, after=3
    )


_CHECKSTYLE_MSG = re.compile(r"^\(\w+\) \w+:|\[\w+\]$")


def _checkstyle(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        m.group("msg").strip(),
        "maven",
        "checkstyle",
        location=_loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


_PLUGIN_HINTS = (
    ("checkstyle", "checkstyle"),
    ("javadoc", "javadoc"),
    ("apache-rat", "license"),
    ("rat-plugin", "license"),
    ("license", "license"),
    ("enforcer", "enforcer"),
    ("findbugs", "findbugs"),
    ("spotbugs", "findbugs"),
    ("pmd", "pmd"),
    ("spotless", "format"),
    ("animal-sniffer", "compatibility"),
    ("jacoco", "coverage"),
)


def _maven_goal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    text = m.group(0).strip()
    plugin = m.group("plugin").lower()
    for needle, hint in _PLUGIN_HINTS:
        if needle in plugin:
            return LineMatch(text, "maven", hint, before=2, after=4)
    if "surefire" in plugin or "failsafe" in plugin:
        return LineMatch(text, "maven", "test", Role.SYMPTOM, before=4, after=2)
    if "compiler" in plugin:
        return LineMatch(text, "maven", "compilation", Role.SYMPTOM, before=4, after=2)
    if "dependency" in text.lower() or "resolve" in text.lower():
        return LineMatch(text, "maven", "dependency", before=2, after=4)
    return LineMatch(text, "maven", plugin.split(":")[-1], before=2, after=4)


def _tests_run(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    if m.group("f") == "0" and m.group("e") == "0":
        return None
    return LineMatch(m.group(0).strip(), "surefire", "test", Role.SYMPTOM, before=4, after=2)


def _surefire_case(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    test = f"{m.group('cls')}.{m.group('test')}" if m.group("cls") else m.group("test")
    detail = next((line.strip() for line in following[:2] if line.strip()), "")
    exc, _msg = _exc_of(detail)
    hint = "test_error" if m.group("kind") == "ERROR" else "test"
    return LineMatch(
        detail or m.string.strip(),
        "surefire",
        hint,
        exception_type=exc.rsplit(".", 1)[-1],
        test_id=test,
        before=0,
        after=10,
    )


def _unittest_case(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    hint = "test_error" if m.group("kind") == "ERROR" else "test"
    return LineMatch(
        m.string.strip(), "unittest", hint, test_id=f"{m.group('cls')}.{m.group('test')}", before=0, after=10
    )


def _test_detail(framework: str) -> Builder:
    """An assertion line under a test header (phpunit, rspec): the header is just above."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, "test", before=2, after=9)

    return build


_SUREFIRE_ENTRY = re.compile(
    r"^(?:\[ERROR\])?\s+(?P<test>[A-Za-z_][\w$]*(?:\.[\w$]+)+?)(?::(?P<line>\d+))?"
    r"(?:->\S+)*\s+(?:» )?(?P<msg>.+)$"
)


def _surefire_summary(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Failed tests:` / `Tests in error:` (and Maven 3's `[ERROR] Failures:`) and the first test below."""
    entry = next((e for e in (_SUREFIRE_ENTRY.match(line) for line in following[:2]) if e), None)
    if entry is None:
        return None
    hint = "test_error" if "rror" in m.group(0) else "test"
    return LineMatch(entry.group("msg").strip(), "surefire", hint, test_id=entry.group("test"), before=0, after=10)


def _gradle_failure(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Gradle's `* What went wrong:` block below the FAILURE line: its deepest `> cause` is the message."""
    lines = [line.rstrip() for line in following[:14]]
    if "* What went wrong:" not in lines:
        return LineMatch(m.string.strip(), "gradle", "", Role.SYMPTOM, before=6, after=8)
    block = []
    for line in lines[lines.index("* What went wrong:") + 1 :]:
        if line.startswith("* ") or not line.strip():
            break
        block.append(line.strip())
    causes = [line.lstrip("> ").strip() for line in block if line.startswith(">")]
    message = causes[-1] if causes else (block[0] if block else m.string.strip())
    lowered = " ".join(block).lower()
    hint = "compilation" if "compil" in lowered else "dependency" if "could not resolve" in lowered else ""
    return LineMatch(message, "gradle", hint, details=" / ".join(block)[:1000], before=0, after=11)


def _minitest(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    lines = [line.strip() for line in following[:3] if line.strip()]
    if not lines:
        return None
    header = re.match(r"^(?P<test>[\w:]+#\w+)", lines[0])
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


def _rspec_rerun(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "rspec", "test", test_id=m.group("test"), before=0, after=0)


def _ruby_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "ruby", "", exception_type=m.group("exc"), before=3, after=8)


def _phpt(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "phpt", "test", test_id=m.group("test"), before=4, after=0)


def _pytest_location(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`tests/x.py:45: AssertionError` closes a pytest failure block (the scanner merges it upward)."""
    return LineMatch(
        m.string.strip(),
        "pytest",
        "location",
        exception_type=m.group("exc"),
        location=_loc(m.group("file"), m.group("line")),
        before=11,
        after=0,
    )


def _pytest_summary(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(" ="), "pytest", "test", Role.SYMPTOM, before=6, after=0)


def _tsc(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        m.group("msg").strip(),
        "tsc",
        "compilation",
        code=m.group("code"),
        location=_loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=3,
    )


def _eslint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "warning" else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(), "eslint", "lint", severity=severity, code=m.group("rule") or "", before=1, after=1
    )


def _jest(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "jest", "", test_id=m.group("test").strip(), before=0, after=10)


def _npm_code(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    code = m.group("code")
    if code in ("ELIFECYCLE",):
        return LineMatch(m.group(0).strip(), "npm", "exit_code", Role.SYMPTOM, code=code, before=2, after=6)
    hint = {
        "ERESOLVE": "dependency",
        "E404": "dependency",
        "ETARGET": "dependency",
        "ENOTFOUND": "dns",
        "ECONNRESET": "network",
        "ETIMEDOUT": "timeout",
        "ENOSPC": "disk",
        "EACCES": "permission",
    }
    return LineMatch(m.group(0).strip(), "npm", hint.get(code, ""), code=code, before=1, after=8)


def _pip_dep(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "pip", "dependency", before=3, after=4)


def _apt(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "apt", "dependency", before=3, after=2)


_NOISE = re.compile(
    r"^(?:-> \[Help|Re-run Maven|For more information|To see the full stack|\[Help \d|"
    r"After correcting|mvn <goals>|$|Run with --(?:stacktrace|info|debug|scan)|"
    r"Get more help at|\* Try:|\* What went wrong:?$)"
)


def _generic(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    text = m.group(0).strip()
    if len(text) < 8 or _NOISE.match(m.group("rest").strip()):
        return None
    exc, _msg = _exc_of(m.group("rest"))
    return LineMatch(text, "", "", exception_type=exc)


# Ordered: specific before generic; first match wins. Each entry: (needle in lowered line, regex, builder).
_M: list[tuple[str, re.Pattern[str], Builder, bool]] = []
_SEARCH_NEEDLES = (
    "exit code",
    "non-zero",
    "tests run:",
    "undefined reference",
    "ld returned",
    "time elapsed",
    "failed to execute goal",
    "could not",
    "could not find a version",
    "no matching distribution",
    "resolutionimpossible",
)


def _add(needle: str, pattern: str, builder: Builder, flags: int = 0) -> None:
    _M.append((needle, re.compile(pattern, flags), builder, needle in _SEARCH_NEEDLES))


_add("job failed", r"^ERROR: Job failed\b.*", _symptom("gitlab", "exit_code"))
_add("exit code", r"(?:Process completed|exited|returned|failed) with exit code (?P<code>\d+)", _exit_code, re.I)
_add("exit code", r"\bexit code:? (?P<code>\d+)\b", _exit_code, re.I)
_add("exited with", r"^The command \".*\" exited with (?P<code>\d+)\.?$", _exit_code)
_add("non-zero", r"returned a non-zero code: (?P<code>\d+)", _exit_code)
_add("build failure", r"^(?:\[INFO\] |\[ERROR\] )?BUILD FAILURE\b.*", _symptom("maven"))
_add("build failed", r"^FAILURE: Build failed with an exception\.?$", _gradle_failure)
_add("build failed", r"^BUILD FAILED\b.*$", _symptom("gradle"))
_add("tests run:", r"Tests run: *(?P<n>\d+), *Failures: *(?P<f>\d+), *Errors: *(?P<e>\d+).*", _tests_run)
_add(
    "failed",
    r"^=*\s*(?:\d+ (?:failed|passed|errors?|skipped|deselected|xfailed|xpassed|warnings?)"
    r"(?:, )?)*\d+ (?:failed|errors?)\b.*? in [\d.]+s.*$",
    _pytest_summary,
)
_add("error", r"^make(?:\[\d+\])?: \*\*\* .*Error \d+.*$", _symptom("make", "exit_code"))
_add("command failed", r"^error Command failed with exit code \d+\.?$", _symptom("yarn", "exit_code"))
_add(
    "failed to execute goal",
    r"Failed to execute goal (?P<plugin>[\w.\-]+:[\w.\-]+)(?::[\w.\-]+)?(?::[\w.\-]+)?.*",
    _maven_goal,
)
_add(
    "could not",
    r"Could not (?:resolve dependencies|find artifact|transfer artifact|resolve all "
    r"(?:files|dependencies|artifacts)|GET|download).*",
    _cause("maven", "dependency"),
)
_add("compilation error", r"^(?:\[ERROR\] )?COMPILATION ERROR\s*:?.*", _symptom("maven", "compilation"))
_add(
    "error",
    r"^\[ERROR\] (?P<file>(?:[A-Za-z]:)?[^\s:\[]+\.\w+):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)",
    _maven_javac,
)
_add(
    "error",
    r"^\[(?:ERROR|WARN)\] (?P<file>[^\s:]+\.java):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+\[\w+\])$",
    _checkstyle,
)
# surefire / unittest test lines
_add(
    "time elapsed",
    r"^(?:\[ERROR\] )?(?P<test>[\w$.\[\]]+)(?:\((?P<cls>[\w$.]+)\))?\s+"
    r"Time elapsed: [\d.,]+ s(?:ec)?\s+<<< (?P<kind>FAILURE|ERROR)!",
    _surefire_case,
)
_add("failed (", r"^FAILED \((?:failures|errors)=\d+.*\)$", _symptom("unittest", "test"))
_add("error", r"^(?P<kind>ERROR|FAIL): (?P<test>\w+) \((?P<cls>[\w.]+)\)", _unittest_case)
_add("fail", r"^(?P<kind>ERROR|FAIL): (?P<test>\w+) \((?P<cls>[\w.]+)\)", _unittest_case)
# pytest
_add("failed", r"^FAILED (?P<test>\S+?)(?: - (?P<msg>.*))?$", _pytest_failed)
_add("error", r"^ERROR (?:collecting )?(?P<test>\S+?)(?: - (?P<msg>.*))?$", _pytest_error)
_add("error", r"^_+ ERROR collecting (?P<test>\S+) _+$", _pytest_error)
_add("e  ", rf"^E {{2,}}(?P<body>{EXC}(?::.*)?)$", _pytest_e)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): (?P<exc>[A-Z]\w*(?:Error|Exception|Failure|Exit))$", _pytest_location)
# phpunit, php, rspec, minitest, phpt, xctest
_add("failed asserting", r"^Failed asserting that .+", _test_detail("phpunit"))
_add("error", r"^(?:PHP )?(?:Fatal|Parse) error: .+", _cause("php", ""))
_add("failure/error", r"^\s*Failure/Error: .+", _test_detail("rspec"))
_add("", r"^(?:Failure|Error):$", _minitest)
_add("", r"^(?:\[ERROR\] )?(?:Failed tests|Tests in error|Failures|Errors):\s*$", _surefire_summary)
_add("rspec ./", r"^rspec (?P<test>\./\S+:\d+) # .+", _rspec_rerun)
_add("", r"^(?P<exc>[A-Z]\w*(?:::[A-Z]\w*)+): .+", _ruby_exception)
_add("fail", r"^FAIL .+\[(?P<test>[^\]]+\.phpt)\]$", _phpt)
_add("failed", r"^.*\bXCTAssert\w* failed\b.*", _cause("xctest", "test"))
# go
_add("--- fail", r"^\s*--- FAIL: (?P<test>\S+)(?: \([\d.]+s\))?", _go_fail)
_add("panic", r"^panic: .+", _go_panic)
_add("fail", r"^FAIL\s+\S+(?:\s+[\d.]+s|\s+\[[\w ]+\])?$", _symptom("go", "test"))
_add("fail", r"^FAIL$", _symptom("go", "test"))
# rust
_add("error", r"^error\[(?P<code>E\d+)\]: .+", _rust_error)
_add("error", r"^error: (?:test failed|could not compile|aborting due to).*", _symptom("cargo", "compilation"))
# ld
_add("undefined reference", r"undefined reference to .+", _cause("ld", "link"))
_add("ld returned", r"ld returned \d+ exit status", _symptom("ld", "link"))
# tsc, eslint, jest
_add("error", r"^(?P<file>[^\s(]+\.tsx?)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): (?P<msg>.+)", _tsc)
_add("error", r"^(?P<file>[^\s:]+\.tsx?):(?P<line>\d+):(?P<col>\d+) - error (?P<code>TS\d+): (?P<msg>.+)", _tsc)
_add(
    "error",
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.+?)(?:\s{2,}(?P<rule>\S+))?$",
    _eslint,
)
_add("●", r"^\s*● (?P<test>.+›.+)$", _jest)
_add("fail", r"^\s*FAIL\s+\S+\.(?:js|ts|jsx|tsx|mjs|cjs)\b.*", _symptom("jest", "test"))
# npm, pip, apt
_add("npm", r"^npm (?:ERR!|error) code (?P<code>E[\w]+)", _npm_code)
_add("npm", r"^npm (?:ERR!|error) (?:404 .+|missing script: .+|notarget .+)", _cause("npm", "dependency"))
_add(
    "npm",
    r"^npm (?:ERR!|error) (?:errno \d+|Exit status \d+|Failed at the .+|.*Command failed.*)$",
    _symptom("npm", "exit_code"),
)
_add("could not find a version", r"Could not find a version that satisfies the requirement", _pip_dep)
_add("no matching distribution", r"No matching distribution found for", _pip_dep)
_add("resolutionimpossible", r"ResolutionImpossible", _pip_dep)
_add("unable to locate package", r"^E: Unable to locate package .+", _apt)
_add("e: ", r"^E: (?:Package|Unable|Failed to fetch|Version|The repository).+", _apt)
# compilers with locations: "path:line:col: error: msg" (gcc, clang, mypy, go vet ...)
_COMPILER = (
    r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?P<line>\d+):(?:(?P<col>\d+):)? ?"
    r"(?P<level>(?:fatal )?error|Error|ERROR|warning|WARNING|note|info)(?:\[\w+\])?: (?P<msg>.+)"
)
_add("error", _COMPILER, _compiler)
_add("warning", _COMPILER, _compiler)
_add("note", _COMPILER, _compiler)
_add("info", _COMPILER, _compiler)
_add(
    "error",
    r"^(?P<file>(?:[A-Za-z]:)?[^():]+\.\w+)\((?P<line>\d+),(?P<col>\d+)\): (?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    _dotnet,
)
_add(
    "warning",
    r"^(?P<file>(?:[A-Za-z]:)?[^():]+\.\w+)\((?P<line>\d+),(?P<col>\d+)\): (?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    _dotnet,
)
_add(
    ", col ",
    r"^(?P<file>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<level>Error|Warning) - (?P<msg>.+)$",
    _eslint_compact,
)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<msg>[A-Z]{1,3}\d{2,4} .+)$", _python_lint)
_add("error", r"^(?P<file>[^\s:]+\.java):(?P<line>\d+): (?P<level>error): (?P<msg>.+)", _compiler)
_add(
    "error",
    r"^(?:e: )?(?:file://)?(?P<file>[^\s:]+\.kts?):? ?\(?(?P<line>\d+)[,:] ?(?P<col>\d+)\)?: "
    r"(?P<level>error)?:? ?(?P<msg>.+)",
    _compiler,
)
# exceptions
_add("exception in thread", rf"^Exception in thread \"[^\"]*\" (?P<body>{EXC}(?::.*)?)$", _java_thread)
_add("caused by", rf"^Caused by: (?P<body>{EXC}(?::.*)?)$", _java_thread)
_add("", rf"^(?P<body>{EXC}(?:: .*)?)$", _exception)
_add(".go:", r"^(?P<file>[^\s:]+\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)", _bare_location)
# generic
_add("", r"^(?:❌\s*|✖\s*|\[!\]\s*)?(?:ERROR:?|FATAL:?|Error:|error:|fatal:|Fatal:)\s*(?P<rest>.+)$", _generic)

# Infrastructure evidence overrides a tool's hint (a pip error caused by a full disk is about the disk).
# (needle in the lowered line, hint, pattern); the first hit wins.
_INFRA: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (needle, hint, re.compile(pattern))
    for needle, hint, pattern in (
        ("space", "disk", r"No space left on device|[Dd]isk quota exceeded"),
        ("enospc", "disk", r"\bENOSPC\b"),
        ("memory", "oom", r"OutOfMemoryError|\bMemoryError\b|[Oo]ut of memory|Cannot allocate memory"),
        ("killed", "oom", r"^Killed$|\bKilled\s*$|oom-?kill"),
        ("137", "oom", r"exit code 137|exit status 137"),
        ("exceeded the maximum execution", "timeout", r"has exceeded the maximum execution time"),
        ("timed out", "timeout", r"timed out"),
        ("timeout", "timeout", r"TimeoutError|TimeoutException"),
        ("deadline exceeded", "timeout", r"[Dd]eadline exceeded"),
        ("no output has been received", "timeout", r"No output has been received in the last"),
        ("resolve host", "dns", r"Could not resolve host"),
        ("name resolution", "dns", r"Temporary failure in name resolution"),
        ("name or service not known", "dns", r"Name or service not known"),
        ("getaddrinfo", "dns", r"getaddrinfo"),
        ("enotfound", "dns", r"\bENOTFOUND\b"),
        ("no such host", "dns", r"no such host"),
        ("cert", "tls", r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|x509: certificate"),
        ("ssl", "tls", r"SSLError|SSL routines"),
        ("refused", "network", r"Connection refused|\bECONNREFUSED\b"),
        ("econnreset", "network", r"\bECONNRESET\b"),
        ("reset by peer", "network", r"Connection reset by peer"),
        ("unreachable", "network", r"Network is unreachable"),
        ("connect", "network", r"Connection timed out|Failed to connect to|Could not connect to"),
        ("rate limit", "rate_limit", r"[Rr]ate limit exceeded"),
        ("too many requests", "rate_limit", r"[Tt]oo [Mm]any [Rr]equests|toomanyrequests"),
        ("denied", "permission", r"Permission denied"),
        ("eacces", "permission", r"\bEACCES\b"),
        ("not permitted", "permission", r"Operation not permitted"),
    )
)
_ERRORISH = re.compile(
    r"error|fail|fatal|killed|refused|exceeded|timed out|denied|unable|cannot|could not|"
    r"no space|out of memory|reset by peer|not known|unreachable|verify failed",
    re.I,
)
_LOG_NOISE_RE = re.compile(r"\b(?:INFO|WARN|WARNING|DEBUG|TRACE)\b|\[(?:INFO|WARNING|DEBUG)\]")
_GATE = re.compile(
    "|".join(
        "(?:" + re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern) + ")" for _n, pattern, _b, search in _M if not search
    )
)  # one C-level pass that rejects most candidate lines before the per-pattern loop
_SEARCH_ONLY = tuple(needle for needle, _p, _b, search in _M if search)
_ALWAYS = tuple(index for index, entry in enumerate(_M) if not entry[0])
_BY_NEEDLE: dict[str, list[int]] = {}
for _index, _entry in enumerate(_M):
    if _entry[0]:
        _BY_NEEDLE.setdefault(_entry[0], []).append(_index)
_HEADERS = frozenset(
    (
        "Failure:",
        "Error:",
        "Failed tests:",
        "Failed tests: ",
        "Tests in error:",
        "Tests in error: ",
        "[ERROR] Failures:",
        "[ERROR] Errors:",
        "[ERROR] Failures: ",
        "[ERROR] Errors: ",
    )
)
# lines whose matchers read the following lines
LOOKAHEAD_NEEDLES = ("error[", "<<< ", "build failed with an exception")


def wants_following(text: str, lowered: str) -> bool:
    """Whether the matchers need the next lines of this one (rustc locations, surefire and minitest cases)."""
    return text in _HEADERS or any(needle in lowered for needle in LOOKAHEAD_NEEDLES)


FOLLOWING_LINES = 14  # how many next lines the scanner passes when wants_following()


def infra_hint(text: str, lowered: str = "") -> str:
    """The infrastructure evidence in a line: disk, oom, timeout, dns, tls, network, rate_limit, permission."""
    lowered = lowered or text.lower()
    for needle, hint, pattern in _INFRA:
        if needle in lowered and pattern.search(text):
            return hint
    return ""


def match_line(text: str, following: Sequence[str] = ()) -> LineMatch | None:
    """Match one cleaned log line (no timestamp/ANSI); `following` are the next lines, for lookahead."""
    text = text[:2000]
    lowered = text.lower()
    stripped = text.lstrip()
    if (
        _GATE.match(text) is None
        and (stripped is text or _GATE.match(stripped) is None)
        and not any(needle in lowered for needle in _SEARCH_ONLY)
    ):
        return _infra_only(text, lowered)
    indexes = list(_ALWAYS)
    for needle, entries in _BY_NEEDLE.items():
        if needle in lowered:
            indexes.extend(entries)
    indexes.sort()
    found: LineMatch | None = None
    for index in indexes:
        _needle, pattern, builder, search = _M[index]
        if search:
            m = pattern.search(text)
        else:
            m = pattern.match(text)
            if m is None and stripped is not text:
                m = pattern.match(stripped)
        if m is None:
            continue
        found = builder(m, following)
        if found is not None:
            break
    if found is None:
        return _infra_only(text, lowered)
    hint = infra_hint(text, lowered)
    if hint and found.tool_hint not in ("oom", "timeout"):
        found = replace(found, tool_hint=hint)
    return found


def _infra_only(text: str, lowered: str) -> LineMatch | None:
    """A line no tool matcher knows, kept only for strong infrastructure evidence."""
    hint = infra_hint(text, lowered)
    if not hint or not _ERRORISH.search(text) or _LOG_NOISE_RE.search(text):
        return None
    return LineMatch(text.strip(), "", hint)


def extract(doc: Document) -> Extraction:
    """Scan a plain tool output (test runner, compiler) with the log scanner."""
    from classifier.extract import gha_log  # noqa: PLC0415 - gha_log imports this module

    return gha_log.extract(doc)
