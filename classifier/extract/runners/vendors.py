"""Diagnostics in the shapes of vendor toolchains, IDEs and linters that print no `path:line: error:` line.

* the EDG front end's `"file", line N: error #20: msg` (TI cl2000/cl430/armcl, Green Hills, AMD's OpenCL
  compiler; the message may be on the next line) and Intel's numbered `file(N): error #6404: msg [NAME]`
  (ifort, icc classic); a numbered diagnostic without a location, `error #10234-D: unresolved symbols remain`
  (the TI linker; `#10xxx` are its codes) or ifx's `error #5633: **Internal compiler error: ...**`;
* the Eclipse compiler's (ecj) `1. ERROR in src/X.java (at line 12)` over the source line, its caret line and
  the message (`WARNING` and `INFO` warnings);
* a severity with a bracketed code first and the location last: IAR's `Error[Pe020]: msg path 82`
  (iccarm/iccstm8; XLINK's `Error[e46]: Undefined external ...` has no line), the legacy tfsec
  `[AWS017][ERROR] msg`, and a tool-tagged line `[dcc32 Error] Unit1.pas(43): E2003 msg` (Delphi);
* a row of Visual Studio's Error List copied to text: `Error<TAB>CODE<TAB>msg<TAB>project<TAB>file<TAB>line`;
* report rows under a file header: phpcs' `  12 | ERROR | [x] msg`, sqlfluff's `L:  13 | P:  67 | L018 | msg`;
* perlcritic's `msg at line 22, column 1.  See page 429 of PBP.  (Severity: 5)` (any severity: each
  violation fails the run);
* Flutter's reading of Xcode's errors: `Swift Compiler Error (Xcode): msg` with the location on the next line;
* HDL tools: Verilator's `%Error: cpu.v:138: msg` (`%Warning-WIDTH:`), Quartus' `Error (10161): Verilog HDL
  error at top.v(507): msg` (`Critical Warning (10191)` a warning), Synopsys VCS' `Error-[IND] Identifier not
  declared` with `file.sv, 66` below.

The severity word decides: an error is an error, a warning, remark, hint or note stays a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, framework_for, loc
from classifier.model import Severity

_WARNINGS = frozenset({"warning", "remark", "hint", "note", "info", "information", "low", "medium"})


def _severity(word: str) -> Severity:
    return Severity.WARNING if word.strip().lower().split()[-1] in _WARNINGS else Severity.ERROR


def _compiler(m: re.Match[str], message: str, framework: str, *, after: int) -> LineMatch:
    """A compiler's diagnostic at the match's `file`, `line` (and `col`), with its `level` and `code`; `framework`
    when the file's extension names none."""
    path = m.group("file")
    return LineMatch(
        message,
        framework_for(path) or framework,
        "compilation",
        severity=_severity(m.group("level")),
        code=m.group("code") or "",
        location=loc(path, m.group("line"), m.groupdict().get("col")),
        before=0,
        after=after,
    )


def edg(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`"main.c", line 40: error #20: identifier "x" is undefined`; the message may be on the indented next line."""
    message = (m.group("msg") or "").strip()
    if not message:
        message = next((line.strip() for line in following[:2] if line.startswith((" ", "\t")) and line.strip()), "")
    if not message:
        return None
    return _compiler(m, message, "edg", after=4)


def intel(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Intel's numbered diagnostics: `x.F90(254): error #6404: This name does not have a type ...   [IPOWC13]`."""
    return LineMatch(
        " ".join(m.group("msg").split()),
        "intel",
        "compilation",
        severity=_severity(m.group("level")),
        code=f"#{m.group('code')}",
        location=loc(m.group("file"), m.group("line")),
        before=0,
        after=3,
    )


def numbered_bare(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`error #10234-D: unresolved symbols remain` (TI's linker: codes from 10000), `error #5633: msg` (ifx)."""
    code = m.group("code")
    return LineMatch(
        m.group("msg").strip(),
        "edg",
        "link" if len(code) >= 5 and code.startswith("10") else "compilation",
        severity=_severity(m.group("level")),
        code=f"#{code}",
        before=0,
        after=2,
    )


_CARET = re.compile(r"^\s*\^+\s*$")
_ANT_TASK = re.compile(r"^\s*\[[a-z][\w-]*\] ")  # Ant's `    [javac] ` before each line of its task


def ecj(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """ecj's `1. ERROR in src/X.java (at line 12)`: the source line and its caret line below it, then the message
    (the record spans them); under Ant each line has its `[javac] ` prefix."""
    lines = [_ANT_TASK.sub("", line, count=1) for line in following[:5]]
    caret = next((index for index, line in enumerate(lines[:4]) if _CARET.match(line)), None)
    if caret is None or caret + 1 >= len(lines) or not lines[caret + 1].strip():
        return None
    path = m.group("file")
    return LineMatch(
        lines[caret + 1].strip(),
        framework_for(path) or "javac",
        "compilation",
        severity=Severity.ERROR if m.group("level") == "ERROR" else Severity.WARNING,
        location=loc(path, m.group("line")),
        before=0,
        after=caret + 2,
        span=caret + 2,
    )


def iar(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """IAR's `Error[Pe020]: identifier "X" is undefined D:\\src\\main.c 82` (the path and line last, a space or
    a tab apart); the linker's codes (XLINK `e46`, ILINK `Li005`) are link errors."""
    code = m.group("code")
    link = (code[:1] in "ew" and code[1:].isdigit()) or code[:1] == "L"
    file = m.group("file")
    return LineMatch(
        m.group("msg").strip(),
        "iar",
        "link" if link else "compilation",
        severity=_severity(m.group("level")),
        code=code,
        location=loc(file.strip(), m.group("line")) if file else None,
        before=0,
        after=2,
    )


def tagged(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A tool's tag with the severity, then a location: `[dcc32 Error] Unit1.pas(43): E2003 Undeclared identifier`."""
    return _compiler(m, m.group("msg").strip(), m.group("tool").lower(), after=2)


def bracketed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`[AWS017][ERROR] Resource 'x' defines an unencrypted S3 bucket` (tfsec before 0.39): code, then severity."""
    return LineMatch(
        m.group("msg").strip(), "lint", "lint", severity=_severity(m.group("level")), code=m.group("code"), after=3
    )


_MSVC_CODE = re.compile(r"^(?:C\d{4}|LNK\d{4}|D\d{4})$")
_OWN_CODE = re.compile(r"^(?:fatal error|error|warning) (?P<code>[A-Z]+\d+): ")


def error_list(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A row of Visual Studio's Error List pasted as text: severity, code, description, project, file, line (Visual
    Studio 2005: severity, index, `warning C4996: description`, file, line)."""
    code, message = m.group("code").strip(), m.group("msg").strip()
    own = _OWN_CODE.match(message)
    if own and (not code or code.isdigit()):  # Visual Studio 2005's list: an index, the code in the description
        code, message = own.group("code"), message[own.end() :]
    path = m.group("file").strip()
    msvc = _MSVC_CODE.match(code) is not None
    framework = "msvc" if msvc else "dotnet" if code.startswith(("CS", "BC", "FS")) else framework_for(path)
    return LineMatch(
        message,
        framework or "msvc",
        "link" if code.startswith("LNK") else "compilation",
        severity=_severity(m.group("level")),
        code=code,
        location=loc(path, m.group("line")) if path else None,
        before=0,
        after=1,
    )


def report_row(tool: str) -> Builder:
    """A violation row under its file's header (phpcs' full report, sqlfluff): line, severity or code, message."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        groups = m.groupdict()
        return LineMatch(
            m.group("msg").strip(),
            tool,
            "lint",
            severity=_severity(groups.get("sev") or "error"),
            code=groups.get("code") or "",
            before=6,  # its file's header above it (report_place)
            after=1,
        )

    return build


# The file header a report row sits under: phpcs' `FILE: /path/x.php`, sqlfluff's `== [models/x.sql] FAIL`
_REPORT_FILE = re.compile(r"^(?:FILE: (?P<phpcs>\S.*?)|== \[(?P<sqlfluff>[^\]]+)\] FAIL)\s*$")
_ROW_PLACE = re.compile(r"^\s*(?:L:\s*)?(?P<line>\d+) \|(?: P:\s*(?P<col>\d+) \|)?")


def report_place(match: LineMatch, text: str, before: Sequence[str]) -> LineMatch:
    """A report row located at its line of the file its header above names (the scanner's lines above it)."""
    row = _ROW_PLACE.match(text)
    for line in reversed(before):
        header = _REPORT_FILE.match(line.strip())
        if header is not None and row is not None:
            path = header.group("phpcs") or header.group("sqlfluff")
            return replace(match, location=loc(path, row.group("line"), row.group("col")))
    return match


def perlcritic(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """perlcritic's default verbosity: `[path: ]msg at line 22, column 1.  See page 429 of PBP.  (Severity: 5)`."""
    path = m.group("file") or ""
    location = loc(path, m.group("line"), m.group("col")) if path else None
    return LineMatch(
        m.group("msg").strip(),
        "perlcritic",
        "lint",
        code=f"severity {m.group('sev')}",
        location=location,
        before=0,
        after=1,
    )


_XCODE_LOCATION = re.compile(r"^\s*(?P<file>\S+\.\w+):(?P<line>\d+):(?P<col>\d+)\s*$")


def flutter_xcode(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Flutter's `Swift Compiler Error (Xcode): msg`, the file and position on the next line."""
    at = next((hit for hit in map(_XCODE_LOCATION.match, following[:1]) if hit), None)
    location = loc(at.group("file"), at.group("line"), at.group("col")) if at else None
    return LineMatch(
        m.group("msg").strip(),
        "xcode",
        "compilation",
        severity=_severity(m.group("kind")),
        location=location,
        before=0,
        after=2,
        span=1 if at else 0,
    )


def level_first(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The level, then the location: Verilator's `%Error: cpu.v:138: syntax error, ...` (`%Warning-WIDTH:`)."""
    return _compiler(m, m.group("msg").strip(), "hdl", after=2)


_AT_FILE = re.compile(r"\bat (?P<file>[^\s()]+\.\w+)\((?P<line>\d+)\)")


def numbered(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Quartus' `Error (10161): Verilog HDL error at sys_top.v(507): object "x" is not declared`: the level, the
    message number, the message naming its file; `Critical Warning (10191)` is a warning."""
    return _numbered(m, "quartus", _AT_FILE.search(m.group("msg")), after=2)


_COMMA_LOCATION = re.compile(r"^\s*(?P<file>\S+\.\w+), (?P<line>\d+)\s*$")


def synopsys(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Synopsys VCS: `Error-[IND] Identifier not declared`, then `file.sv, 66` and the explanation below."""
    at = next((hit for hit in map(_COMMA_LOCATION.match, following[:1]) if hit), None)
    return _numbered(m, "vcs", at, after=4)


def _numbered(m: re.Match[str], framework: str, at: re.Match[str] | None, *, after: int) -> LineMatch:
    """A numbered diagnostic (the match's `level`, `code` and `msg`) at the `file` and `line` that `at` found."""
    return LineMatch(
        m.group("msg").strip(),
        framework,
        "compilation",
        severity=_severity(m.group("level")),
        code=m.group("code"),
        location=loc(at.group("file"), at.group("line")) if at else None,
        before=0,
        after=after,
    )


_LEVEL = r"(?P<level>catastrophic error|fatal error|error|warning|remark)"
# (needle, pattern, builder): the table's entries (toolchains.py), in order
ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        '", line ',
        rf'^"(?P<file>[^"]+)", line (?P<line>\d+)(?: \(col\. (?P<col>\d+)\))?: {_LEVEL}(?: #(?P<code>\d+(?:-D)?))?:'
        r"\s*(?P<msg>.*)$",
        edg,
    ),
    (
        " #",
        rf"^(?P<file>(?:[A-Za-z]:)?[^\s():]+\.\w+)\((?P<line>\d+)\): {_LEVEL} #(?P<code>\d+): (?P<msg>\S.*)$",
        intel,
    ),
    (" #", rf"^{_LEVEL} #(?P<code>\d+)(?:-D)?: (?P<msg>\S.*)$", numbered_bare),
    ("(at line ", r"^\d+\. (?P<level>ERROR|WARNING|INFO) in (?P<file>\S.*?) \(at line (?P<line>\d+)\)\s*$", ecj),
    (
        "]: ",
        r"^(?P<level>Fatal [Ee]rror|Error|Warning|Remark)\[(?P<code>[A-Za-z]{1,3}\d+)\]: (?P<msg>.+?)"
        r"(?:[ \t]+(?P<file>(?:[A-Za-z]:[\\/]|[\\/]|\.{1,2}[\\/])[^\t]*?\.\w+|[^\s\\/]+[\\/]\S+\.\w+)"
        r"[ \t]+(?P<line>\d+))?\s*$",
        iar,
    ),
    (
        "] ",
        r"^\[(?P<tool>[A-Za-z][\w.]*) (?P<level>Fatal Error|Error|Warning|Hint)\] "
        r"(?P<file>[^\s()]+?\.\w+)\((?P<line>\d+)\):? (?:(?P<code>[EFWH]\d{4}):? )?(?P<msg>\S.*)$",
        tagged,
    ),
    (
        "][",
        r"^(?:\d+\)\s+)?\[(?P<code>[A-Z]+\d+)\]\[(?P<level>ERROR|WARNING|INFO|CRITICAL|HIGH|MEDIUM|LOW)\] "
        r"(?P<msg>\S.*)$",
        bracketed,
    ),
    (
        "\t",
        r"^(?P<level>Error|Warning)\t(?P<code>[^\t]*)\t(?P<msg>[^\t]+)(?:\t[^\t]*)?\t(?P<file>[^\t]*)\t(?P<line>\d+)"
        r"(?:\t.*)?$",
        error_list,
    ),
    ("| ", r"^\s*(?P<line>\d+) \| (?P<sev>ERROR|WARNING)\s*\| (?:\[[ x]\] )?(?P<msg>\S.*)$", report_row("phpcs")),
    (
        "| p: ",
        r"^L:\s*(?P<line>\d+) \| P:\s*(?P<col>\d+) \| (?P<code>[A-Z]{1,2}\d{2,3}|[a-z]+(?:\.\w+)*) \| (?P<msg>\S.*)$",
        report_row("sqlfluff"),
    ),
    (
        "(severity: ",
        r"^\s*(?:#\s+)?(?:(?P<file>[^\s:]+\.\w+): )?(?P<msg>\S.*?) at line (?P<line>\d+), column (?P<col>\d+)\."
        r"\s.*\(Severity: (?P<sev>[1-5])\)\s*$",
        perlcritic,
    ),
    (
        "%",
        r"^%(?P<level>Error|Warning)(?:-(?P<code>[A-Z][A-Z0-9_]*))?: (?P<file>[^\s:]+\.\w+):(?P<line>\d+):"
        r"(?:(?P<col>\d+):)? (?P<msg>\S.*)$",
        level_first,
    ),
    (
        "): ",
        r"^(?P<level>Error|Critical Warning|Warning) \((?P<code>\d{4,6})\): (?P<msg>\S.*)$",
        numbered,
    ),
    (
        "-[",
        r"^(?P<level>Error|Warning|Lint)-\[(?P<code>[A-Z][\w-]*)\] (?P<msg>\S.*)$",
        synopsys,
    ),
    (
        "(xcode): ",
        r"^(?P<kind>[A-Z][\w ]*?(?:Error|Warning|Issue)) \(Xcode\): (?P<msg>\S.*)$",
        flutter_xcode,
    ),
)
