"""What every line matcher shares: the match type, locations, exception names, symptom builders."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from classifier.fastinit import fast_init
from classifier.model import Location, Role, Severity


@fast_init
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
    span: int = 0  # next lines that belong to the failure itself (TAP's YAML block, Gradle's `* What went wrong:`
    # block, tsc's message chain): the record spans them and the scanner matches nothing in them
    lead: int = 0  # lines above whose text the failure took as its own (go's `x_test.go:14: msg` over its
    # `--- FAIL`): the record starts there, so its lines are the ones its message came from
    at: int = 0  # the line below the matched one its message was read from (Gradle's deepest `> cause` under
    # `* What went wrong:`), within its span: the record starts there

    def shift(self, span: int, above: int) -> int:
        """Where the record starts from the matched line: `lead` lines up (at most `above`), or `at` lines down
        (within its `span`)."""
        return (self.at if 0 < self.at <= span else 0) - min(self.lead, above)


Builder = Callable[[re.Match[str], Sequence[str]], LineMatch | None]

EXC = r"(?P<exc>[A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt|Timeout|Warning))"


_EXC_RE = re.compile(rf"^{EXC}(?::\s*(?P<msg>.*))?$")

# A build description: its diagnostics (`meson.build:12:4: ERROR: ...`) are configuration errors, not lint.
BUILD_FILE = re.compile(
    r"(?:^|[/\\])(?:meson\.build|meson_options\.txt|meson\.options|CMakeLists\.txt|[\w.-]+\.cmake)$"
)
_BUILD_FILE_ENDS = ("meson.build", "meson_options.txt", "meson.options", "CMakeLists.txt", ".cmake")


def build_file(path: str) -> bool:
    """Whether a diagnostic's path is a build description (`BUILD_FILE`); a path without a line break ends as
    every match does, so the regex is searched only in the paths that end so."""
    return path.endswith(_BUILD_FILE_ENDS) and BUILD_FILE.search(path) is not None


_EXT_FRAMEWORK = {
    ".py": "python",
    ".go": "go",
    ".rs": "cargo",
    ".ts": "tsc",
    ".tsx": "tsc",
    ".js": "node",
    ".jsx": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".vue": "node",
    ".rb": "ruby",
    ".php": "php",
    ".hs": "haskell",
    ".lhs": "haskell",
    ".zig": "zig",
    ".nim": "nim",
    ".ml": "ocaml",
    ".mli": "ocaml",
    ".cr": "crystal",
    ".ex": "elixir",
    ".exs": "elixir",
    ".erl": "erlang",
    ".lua": "lua",
    ".pl": "perl",
    ".pm": "perl",
    ".sh": "shell",
    ".bash": "shell",
    ".md": "markdown",
    ".dart": "dart",
    ".r": "r",
    ".css": "css",
    ".scss": "css",
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
    ".s": "as",  # GNU as (`x.S:43: Error: bad instruction`), also a gcc-driven `.S`
    ".asm": "as",
    ".swift": "swift",
    ".cs": "dotnet",
    ".rst": "sphinx",
}


def framework_for(path: str) -> str:
    dot = path.rfind(".")
    return _EXT_FRAMEWORK.get(path[dot:].lower(), "") if dot >= 0 else ""


GUTTERS = "│┃║"  # box-drawing gutters a tool draws before its nested output (goreleaser's `│ ERROR: ...`)


def ungutter(match: LineMatch) -> LineMatch:
    """The match with its message without the box-drawing gutter before it: the gutter is layout, not text."""
    message = match.message
    if message[:1] in GUTTERS and message[1:].strip():
        return replace(match, message=message[1:].strip())
    return match


def loc(path: str, line: str | None, col: str | None = None) -> Location:
    return Location(path, int(line) if line else None, int(col) if col else None)


def exc_of(text: str) -> tuple[str, str]:
    """("ValueError", "bad value") from "ValueError: bad value"; ("", text) otherwise."""
    m = _EXC_RE.match(text.strip())
    return (m.group("exc"), text.strip()) if m else ("", text.strip())


def symptom(framework: str, hint: str = "") -> Builder:
    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, hint, Role.SYMPTOM, before=6, after=2)

    return build


def cause(framework: str, hint: str = "") -> Builder:
    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, hint)

    return build


def coded_location(framework: str, hint: str, after: int) -> Builder:
    """`path:line:col ... CODE: msg` diagnostics (tsc, flake8/pycodestyle/ruff, pylint): the message, the
    code and the location come from the pattern's named groups msg, code, file, line and col."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(
            m.group("msg").strip(),
            framework,
            hint,
            code=m.group("code"),
            location=loc(m.group("file"), m.group("line"), m.group("col")),
            before=0,
            after=after,
        )

    return build


# Windows crash statuses (ntstatus.h) a process dies with, by their code
_NTSTATUS = {
    0xC0000005: "access violation",
    0xC0000374: "heap corruption",
    0xC00000FD: "stack overflow",
    0xC0000409: "stack buffer overrun",
    0xC0000094: "integer divide by zero",
    0xC000008E: "float divide by zero",
    0xC0000095: "integer overflow",
    0xC000001D: "illegal instruction",
    0xC0000096: "privileged instruction",
    0xC0000420: "assertion failure",
    0xC0000602: "fail fast exception",
    0x80000003: "breakpoint",
    0xC0000135: "DLL not found",
    0xC0000139: "entry point not found",
    0xC0000142: "DLL initialization failed",
}


def ntstatus(code: str) -> str:
    """The crash a Windows status names, from its code as printed (`-1073741819`, `3221225477`, `0xc0000005`)."""
    try:
        value = int(code, 16) if code.lower().startswith("0x") else int(code)
    except ValueError:
        return ""
    return _NTSTATUS.get(value & 0xFFFFFFFF, "") if value < 0 or value > 0x7FFFFFFF else ""


def exit_code(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A command's exit status: a symptom; a Windows crash status (-1073741819) names the crash it reports."""
    code = m.group("code")
    if code == "0":
        return None
    hint = "oom" if code == "137" else "timeout" if code == "124" else "exit_code"
    kind = ntstatus(code)
    return LineMatch(m.string.strip(), "", hint, Role.SYMPTOM, exception_type=kind, code=code, before=8, after=0)


_SYMBOL_RE = re.compile(r"^\s*(?:\[ERROR\]\s*)?symbol\s*:\s*(?P<symbol>.+)$")


def with_symbol(message: str, following: Sequence[str]) -> str:
    """javac's `cannot find symbol` names the symbol on the next lines: `cannot find symbol: class Foo`."""
    if not message.startswith("cannot find symbol") or ":" in message:
        return message
    for line in following[:3]:
        m = _SYMBOL_RE.match(line)
        if m:
            return f"{message}: {' '.join(m.group('symbol').split())}"
    return message


EXPLANATION_CHARS = 300  # of one explanation line taken into a message


def explanation(following: Sequence[str], prefix: str = "", lines: int = 1) -> str:
    """The first `lines` non-blank lines after a header, without their tool `prefix` (`npm error `): what a
    tool prints under a line that only names the problem (`go: errors parsing go.mod:`, `npm error code
    EUSAGE`). Stops at a line without the prefix; "" when there is none."""
    found: list[str] = []
    for line in following[:8]:
        if prefix and not line.startswith(prefix.rstrip()):
            break
        text = line[len(prefix) :].strip() if prefix else line.strip()
        if text:
            found.append(text[:EXPLANATION_CHARS])
            if len(found) == lines:
                break
    return " ".join(found)


def explained(message: str, following: Sequence[str], prefix: str = "") -> str:
    """`header: explanation` when the tool printed the explanation on the lines under the header."""
    more = explanation(following, prefix)
    return f"{message.rstrip(':').rstrip()}: {more}" if more else message
