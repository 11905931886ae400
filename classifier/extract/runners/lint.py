"""Linter findings by shape: a location-shaped line, whatever the tool, read for its severity, code and rule.

Formats (each tool's default text output; reviewdog/errorformat keeps samples of most):

* `path:line[:col][:] msg` (flake8, pylint parseable, luacheck, buf, misspell, phpstan, erb-lint, ansible-lint,
  bandit, yamllint parsable, golint, rubocop/standardrb, psalm, hadolint, fasterer, dotenv-linter, sorbet);
* `path(line[,col]): msg` (MSBuild-style), `path[line, col]: msg` (tslint prose), `[path:line:col] msg`
  (protolint), `[path:line]: (error) msg` (cppcheck), `path: line N, col M, msg (W033)` (jshint);
* `path - SEVERITY: msg on line N` (puppet-lint) and `severity file=path message=msg line=N column=N`
  (scalastyle);
* rows under a file header: `  line:col  ✖  msg  rule` (stylelint), `  l:c-l:c  error  msg  rule` (remark,
  alex; eslint stylish rows are in js.py);
* shellcheck's tty format `^-- SC2086 (info): msg`.

A program name may come first (`lua: x.lua:1: msg`). The message may start with a severity (`[error]`,
`error -`, `- error:` (pyright), `(error)`, `W:`, `[W]`, make's `***`), a code (`[E201]`, `B404[bandit]:`,
`D100:`, `DL3008`, `MD013/line-length`, `C0111(missing-docstring)`, `Style/StringLiterals:`) and end with a
rule (`(line-length)`, `(W033)`); codespell's `teh ==> the` is a finding too.
An explicit warning, convention or info severity, or a `W` code, is a warning; an error severity, another code
or a rule is an error. A finding with none of these is kept only when its path has an extension and its
message reads like prose (not a traceback frame, a source line from grep, or a Python warning).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch, build_file, framework_for, loc
from classifier.model import Severity

_PROGRAM = r"(?:(?!(?:error|warning|note|info|fatal|debug)\b)[a-z][\w.+-]*: )?"  # `lua: x.lua:1: msg`
_PATH = r"(?P<file>(?:[A-Za-z]:)?[^\s:()\[\]'\"<>=,|*]+)"
# (regex, needle): the location shapes; each names file, line, col (optional) and msg
SHAPES = (
    (rf"^\s*{_PROGRAM}{_PATH}:(?P<line>\d+)(?::(?P<col>\d+))?(?P<sep>:\s*|\s+)(?P<msg>\S.*)$", ":"),
    (rf"^\s*{_PATH}\((?P<line>\d+)(?:,\s*(?P<col>\d+))?\):?\s+(?P<msg>\S.*)$", "("),
    (rf"^\s*{_PATH}\[(?P<line>\d+),\s*(?P<col>\d+)\]:\s*(?P<msg>\S.*)$", "["),
    (rf"^\[{_PATH}:(?P<line>\d+)(?::(?P<col>\d+))?\]:?\s+(?P<msg>\S.*)$", ":"),
    (rf"^{_PATH}: line (?P<line>\d+), col (?P<col>\d+), (?P<msg>\S.*)$", ", col "),
)
PUPPET = r"^(?P<file>\S+\.\w+) - (?P<sev>ERROR|WARNING): (?P<msg>.+?)(?: on line (?P<line>\d+))?$"
KEYVALUE = (
    r"^(?P<sev>error|warning) file=(?P<file>\S+) message=(?P<msg>.+?)(?: line=(?P<line>\d+))?(?: column=(?P<col>\d+))?$"
)
ROW = (
    r"^\s+(?P<line>\d+):(?P<col>\d+)(?:-\d+:\d+)?\s+(?P<sym>✖|×|⚠|‼|error|warning)\s+(?P<msg>.+?)"
    r"(?:\s{2,}(?P<rule>[\w/@.-]+))?\s*$"
)
SHELLCHECK = r"^\s*\^-+ SC(?P<code>\d{4})(?: \((?P<sev>error|warning|info|style)\))?: (?P<msg>.+)$"

_SEV = re.compile(
    r"^(?:\[(?P<b>error|warning|warn|info|note|fatal|E|W|C|R|I|F)\]"
    r"|\((?P<p>error|warning|style|performance|portability|information|info)\)"
    r"|(?P<w>(?:fatal )?error|warning|warn|info|note|ERROR|WARNING|WARN|INFO|FATAL|Error|Warning|LOW|MEDIUM|HIGH)"
    r"(?::| -|\s+(?=[A-Za-z]+\d+:))|(?P<l>[EWCRFI]):)\s*"
)
_CODE = re.compile(
    r"^\[?(?P<code>[A-Z][A-Z0-9]{0,5}\d{2,5}(?:/[\w-]+)*|[A-Za-z]+\d{2,5}(?=:)|[A-Z][A-Za-z]+/[A-Z]\w+)"
    r"(?:\[[\w-]+\]|\([\w-]+\))?(?:, [^\]]*)?\]?"
    r"(?::\s*|\s+)"
)
_RULE = re.compile(r"\s+[(\[](?P<rule>[a-z][\w/@.:-]*|[A-Z]\d{3,4})[)\]]$")
_PYRIGHT_RULE = re.compile(r"report[A-Z]\w+$")  # pyright's diagnostic rules: reportUndefinedVariable ...
_CODESPELL = re.compile(r"^\S+ ==> \S")  # codespell: `teh ==> the`
_WARNING_WORDS = frozenset(
    {"warning", "warn", "info", "note", "style", "performance", "portability", "information", "W", "C", "R", "I"}
)
_EXT = re.compile(r"(?:^|[/\\])(?:[^/\\]*[^/\\.]\.(?P<ext>[A-Za-z][\w-]{0,11})|\.[a-z][\w.-]*|[A-Z]\w*file)$")


def _extension(path: str) -> re.Match[str] | None:
    """`_EXT.search(path)`: no separator follows a match's first character, so it starts at the last one (or,
    without one, at the path's start) and is matched there alone."""
    last = max(path.rfind("/"), path.rfind("\\"))
    return _EXT.match(path, last) if last >= 0 else _EXT.match(path)


_NOT_SOURCE = frozenset({"com", "org", "net", "io", "local", "internal", "localdomain", "log", "go"})
# file types whose unmarked findings are believed without a directory in the path (`main.yml:1: msg`)
_KNOWN = frozenset(
    (
        *("py", "pyi", "rb", "js", "jsx", "mjs", "cjs", "ts", "tsx", "vue", "php", "go", "rs", "java", "kt", "kts"),
        *("scala", "swift", "c", "h", "cc", "cpp", "hpp", "m", "mm", "cs", "fs", "vb", "sh", "bash", "lua", "pl"),
        *("pm", "ex", "exs", "erl", "hs", "dart", "r", "css", "scss", "sass", "less", "md", "rst", "yml", "yaml"),
        *("toml", "proto", "tf", "hcl", "sql", "erb", "haml", "slim", "pp", "in", "env", "rake", "gradle", "groovy"),
        *("bzl", "jl", "ml", "sol", "nix", "svelte", "coffee", "ps1", "twig", "j2", "jinja", "tpl", "cmake"),
    )
)
_DATA = frozenset({"xml", "html", "json", "txt", "g", "properties"})  # no unmarked findings: build files, data
_PROSE = re.compile(r"^[A-Za-z\"'`‘“]\S*\s+\S")
_NOT_PROSE = re.compile(
    r"^(?:in|at|from|by|required|instantiated|included|import|def|class|return|func|var|let|const|if|for|while"
    r"|recipe|took|[A-Z]\w*Warning)\b|[;{}\\,]\s*$| = |==|->|=>|\+0x|^\S+\(\)$"
)


def _severity(word: str) -> Severity:
    last = word.rsplit(maxsplit=1)[-1].strip("[]():")
    return Severity.WARNING if last in _WARNING_WORDS or last.lower() in _WARNING_WORDS else Severity.ERROR


def _parts(msg: str) -> tuple[str, str, str, str]:
    """(severity word, code, rule, message) of a finding's message."""
    sev = code = rule = ""
    msg = msg[2:] if msg.startswith("- ") else msg  # pyright: `x.py:1:2 - error: msg`
    if msg.startswith("*** "):  # make: `Makefile:3: *** missing separator.  Stop.`
        sev = "error"
    for _ in range(2):  # `B404[bandit]: LOW: msg`, `DL3008 warning: msg`, `[error] msg`
        m = _SEV.match(msg)
        if m and not sev:
            sev = m.group("b") or m.group("p") or m.group("w") or m.group("l")
            msg = msg[m.end() :]
            continue
        c = _CODE.match(msg)
        if c and not code:
            code = c.group("code")
            msg = msg[c.end() :]
            continue
        break
    r = _RULE.search(msg)
    if r:
        rule = r.group("rule")
    return sev, code, rule, msg.strip()


_ADDRESS_FRAME = re.compile(r"^0x[0-9a-f]+ in \S")


def _unmarked_ok(path: str, ext: str, sep: str, text: str) -> bool:
    """A finding without severity, code or rule: a file path, a one-space separator, prose for a message."""
    if len(sep.lstrip(":")) > 1:  # `file:12:     text` (or an indented line) is a continuation or a frame
        return False
    if ext:
        if ext != ext.lower() or ext in _DATA or ("/" not in path and ext not in _KNOWN):
            return False  # `CheckListTest.test:146 msg` is a test's summary line; `build.xml:16:` Ant's
    elif not path.rsplit("/", 1)[-1].startswith("."):
        return False
    if _CODESPELL.match(text):
        return True
    if ext == "scala" and text.endswith(";"):
        text = text[:-1]  # scalac ends a message it details below with `;` (`type mismatch;` / ` found   : X`)
    return _PROSE.match(text) is not None and _NOT_PROSE.search(text) is None


def _finding(path: str, line: str | None, col: str | None, msg: str, sev: str = "", sep: str = ":") -> LineMatch | None:
    ext = _extension(path)
    if ext is None or (ext.group("ext") or "").lower() in _NOT_SOURCE or "//" in path:
        return None
    word, code, rule, text = _parts(msg)
    if _ADDRESS_FRAME.match(text):  # Zig's `x.zig:86:5: 0x22467a in test.sub (test)`: a stack frame, no finding
        return None
    sev = sev or word
    if sev == "note":
        return None  # a compiler's note explains the diagnostic above it (it stays in that one's context)
    if sev in ("LOW", "MEDIUM", "HIGH"):  # bandit's issue severity: only a high one is an error
        sev = "error" if sev == "HIGH" else "warning"
    if not (sev or code or rule) and not _unmarked_ok(path, ext.group("ext") or "", sep, text):
        return None
    severity = _severity(sev) if sev else Severity.WARNING if (code or rule).startswith("W") else Severity.ERROR
    checker = msg.startswith("- ") and _PYRIGHT_RULE.match(rule) is not None  # a type checker: compilation
    # sbt prints scalac's errors as `[error] x.scala:45: msg`: unmarked (scalastyle marks its own), the compiler's;
    # so does GHC before 8 (`x.hs:45:31: Not in scope: ...`; hlint marks its `Warning:`/`Suggestion:`)
    checker = checker or (framework_for(path) in ("scalac", "haskell") and not (sev or code or rule))
    return LineMatch(
        text or msg,
        "pyright" if checker and path.endswith((".py", ".pyi")) else framework_for(path) or "lint",
        "compilation" if checker else "configuration" if build_file(path) else "lint",
        severity=severity,
        code=code or rule,
        location=loc(path, line, col),
        before=0,
        after=2,
    )


def location_finding(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A location-shaped line (any of SHAPES) as a finding, when its message says it is one."""
    path = m.group("file")
    if path.endswith(".go"):
        return None  # go build/vet lines: native.bare_location
    indent = len(m.string) - len(m.string.lstrip())
    sep = m.groupdict().get("sep") or ":"
    if indent > 2:  # a stack frame or a continuation, unless the line says it is a finding
        sep = "  "
    return _finding(path, m.group("line"), m.groupdict().get("col"), m.group("msg"), sep=sep)


def marked_finding(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """puppet-lint's `path - ERROR: msg on line N` and scalastyle's `error file=path message=msg line=N`."""
    return _finding(m.group("file"), m.group("line"), m.groupdict().get("col"), m.group("msg"), m.group("sev"))


def table_row(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A `  line:col  ✖  msg  rule` row under its file's header line (stylelint's string formatter)."""
    severity = Severity.ERROR if m.group("sym") in ("✖", "×", "error") else Severity.WARNING
    return LineMatch(
        m.group("msg").strip(), "lint", "lint", severity=severity, code=m.group("rule") or "", before=1, after=1
    )


def shellcheck(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """shellcheck's tty format: `^-- SC2086 (info): msg` under the `In file line N:` header and the source line."""
    sev = m.group("sev") or "error"
    severity = Severity.ERROR if sev == "error" else Severity.WARNING
    code = f"SC{m.group('code')}"
    return LineMatch(m.group("msg").strip(), "shellcheck", "lint", severity=severity, code=code, before=3, after=1)


PYDOCSTYLE = r"^(?P<file>\S+\.pyi?):(?P<line>\d+) (?:at module level|in [\w ]+`[^`]*`):$"
_DOC_CODE = re.compile(r"^\s+(?P<code>D\d{3}): (?P<msg>.+)$")


def pydocstyle(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """pydocstyle's `path.py:12 in public function `f`:` header; the code and message are on the next line."""
    body = _DOC_CODE.match(following[0]) if following else None
    if body is None:
        return None
    return LineMatch(
        body.group("msg").strip(),
        "pydocstyle",
        "lint",
        code=body.group("code"),
        location=loc(m.group("file"), m.group("line")),
        before=0,
        after=1,
    )
