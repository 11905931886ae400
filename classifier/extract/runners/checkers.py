"""Linters, checkers and compilers with a shape of their own (entries of table.py, after vendors.py's).

* helm lint's `[ERROR] templates/x.yaml: msg` (a chart's file or `templates/`, whose message names the template
  and its line; `[WARNING]` a warning, `[INFO]` nothing);
* Spotless' `Step 'ktlint' found problem in 'x.kt':` over `Error on line: 219, column: 1`, `rule: x` (newer
  Spotless) and the step's message; the exception repeating them is part of the record;
* kubeconform's `file - Kind name is invalid: msg` (`failed validation:`);
* PureScript's `Error found:` / `Error 2 of 8:` over `in module X`, `at x.purs line N, column M - ...` and the
  message;
* Orange C's `Error( 11)    3D.c(218):  Syntax error: ) expected` (`Warning( 39)` a warning);
* protoc's `x.proto:41:1: msg` whatever its words (`warning:` a warning) and `x.proto: File not found.`;
* ruff's ` --> x.py:6:8` line (its full output format) under its `F401 [*] msg` finding, read like cfn-lint's;
* cpplint's `src/x.cc:5:  Add #include <string> for string  [build/include_what_you_use] [4]` (category and
  confidence last: each finding counts as one of its errors);
* Bandit's `>> Issue: [B201:flask_debug_true] msg` over `Severity: High   Confidence: Medium` and
  `Location: app.py:234:4` (a `Low` severity a warning);
* PHPStan's table: a file's header `  Line   src/Demo.php` over its rows `  6      msg` (the record is the header's,
  its message and line the first row's, and it spans the rows);
* qmake's `Project ERROR: Unknown module(s) in QT: qml quick`;
* ansible-lint's violation (`name[play]: All plays should be named.`) over its bare `play.yml:2` line, read like
  cfn-lint's;
* a bare location line (cfn-lint's `template.yaml:269:11`) under its coded finding (`E3012 Property ... should
  be of type String`; `W` and `I` codes warnings): alone it is an empty placeholder, which the scanner completes
  from the line above (`message_above`) or drops.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, framework_for, loc
from classifier.model import Role, Severity

_WARNINGS = frozenset({"warning", "info"})


def _severity(word: str) -> Severity:
    return Severity.WARNING if word.strip().lower() in _WARNINGS else Severity.ERROR


_EMBEDDED_AT = re.compile(r"\b(?P<file>[\w./-]+\.(?:ya?ml|tpl|txt|json)):(?P<line>\d+)")


def helm_lint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """helm lint's finding: `[ERROR] templates/: template: x/templates/secret.yaml:1:27: executing ...` (the chart
    file, or the template named in the message with its line)."""
    path = m.group("file")
    at = _EMBEDDED_AT.search(m.group("msg")) if path.endswith("/") else None
    message = f"{path}: {m.group('msg').strip()}"  # the file is part of helm's finding
    location = loc(at.group("file"), at.group("line")) if at else None if path.endswith("/") else loc(path, None)
    return LineMatch(
        message, "helm", "lint", severity=_severity(m.group("level")), location=location, before=1, after=1
    )


_SPOTLESS_AT = re.compile(r"^Error on line: (?P<line>\d+), column: (?P<col>\d+)$")


def spotless(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Spotless' `Step 'ktlint' found problem in 'x.kt':`, then `Error on line: 219, column: 1`, `rule: x` (newer
    Spotless) and the step's message (the record spans them)."""
    lines = [line.strip() for line in following[:3]]
    at = _SPOTLESS_AT.match(lines[0]) if lines else None
    rest = lines[1:] if at else lines
    rule = rest[0][6:] if rest and rest[0].startswith("rule: ") else ""
    rest = rest[1:] if rule else rest
    message = rest[0] if rest and rest[0] else f"{m.group('step')} found a problem"
    span = bool(at) + bool(rule) + bool(rest and rest[0])
    if at and len(following) > span and following[span] == f"java.lang.AssertionError: {lines[0]}":
        span += 2  # the step's exception repeats the line and the message
    path = m.group("file")
    return LineMatch(
        message,
        m.group("step").lower(),
        "lint",
        code=rule,
        location=loc(path, at.group("line"), at.group("col")) if at else loc(path, None),
        before=0,
        after=span,
        span=span,
    )


def kubeconform(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """kubeconform's `x.yaml - Kustomization flux-monitoring is invalid: problem validating schema ...`."""
    message = m.group(0)[m.end("file") + 3 :].strip()
    return LineMatch(message, "kubeconform", "lint", location=loc(m.group("file"), None), before=0, after=1)


_PURS_AT = re.compile(
    r"^\s*at (?P<file>\S+\.purs)(?: line (?P<line>\d+), column (?P<col>\d+)|:(?P<l2>\d+):(?P<c2>\d+))"
)


def purescript(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """PureScript's `Error found:` / `Error 2 of 8:`, then `in module X`, `at src/X.purs line 22, column 1 - ...`
    and the message, indented, after a blank line (the record spans to it)."""
    index = next((i for i, line in enumerate(following[:4]) if _PURS_AT.match(line)), -1)
    if index < 0:
        return None
    at = _PURS_AT.match(following[index])
    assert at is not None
    while index + 1 < len(following) and _PURS_AT.match(following[index + 1]):
        index += 1  # the places of the hints under the first (`at x.purs line 12, column 9 - ...`)
    below = next(((i, line.strip()) for i, line in enumerate(following[index + 1 : index + 4]) if line.strip()), None)
    if below is None:
        return None
    span = index + 2 + below[0]
    message = below[1]
    if message.endswith(":") and span < len(following) and following[span].strip():
        message, span = f"{message} {following[span].strip()}", span + 1  # `Unable to parse module:` and why
    location = loc(at.group("file"), at.group("line") or at.group("l2"), at.group("col") or at.group("c2"))
    return LineMatch(message, "purescript", "compilation", location=location, before=0, after=span, span=span)


def protoc_missing(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """protoc's `x.proto: File not found.` (an import or input protoc cannot find on its path)."""
    return LineMatch(m.group(0).strip(), "protobuf", "compilation", location=loc(m.group("file"), None), after=2)


def protoc(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """protoc's `x.proto:41:1: File recursively imports itself: a.proto -> b.proto`: an error whatever its words
    (`warning: Import x.proto is unused.` a warning)."""
    message = m.group("msg").strip()
    severity = Severity.WARNING if message.startswith("warning:") else Severity.ERROR
    location = loc(m.group("file"), m.group("line"), m.group("col"))
    return LineMatch(message, "protobuf", "compilation", severity=severity, location=location, before=0, after=2)


def bare_location(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A location alone on its line (cfn-lint's `template.yaml:269:11`): its finding is the line above, which the
    scanner reads (`message_above`); alone it is nothing (an empty message, a warning)."""
    return LineMatch(
        "", "", "", Role.SYMPTOM, Severity.WARNING, location=loc(m.group("file"), m.group("line"), m.group("col"))
    )


_CODED = re.compile(r"^(?P<code>[EWI]\d{4}) (?P<msg>\S.*)$")
# ruff's finding over its ` --> x.py:6:8` line (its full output format): `F401 [*] `uuid` imported but unused`
_RUFF = re.compile(r"^(?P<code>[A-Z]{1,4}\d{3,4}) (?:\[\*\] )?(?P<msg>\S.*)$")
_PYTHON = (".py", ".pyi", ".ipynb")
# ansible-lint's violation over its `play.yml:2` line: `name[play]: All plays should be named.` (a rule id with a
# dash or a bracketed tag, never a level word)
_ANSIBLE_RULE = re.compile(
    r"^(?P<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?:\[[\w-]+\])?|[a-z][a-z0-9-]*\[[\w-]+\]): (?P<msg>\S.*)$"
)


def message_above(match: LineMatch, above: Sequence[str]) -> LineMatch | None:
    """The finding of a bare location line from the line above it (`above`: that line, if any): cfn-lint's `E3012
    Property ... should be of type String` (`W` and `I` codes are warnings), ruff's `F401 [*] msg` over a Python
    file's ` --> x.py:6:8`; None when it is no coded finding."""
    where = match.location
    if where is not None and where.file.endswith(_PYTHON):
        ruff = _RUFF.match(above[-1].strip()) if above else None
        if ruff is None:
            return None
        return LineMatch(ruff.group("msg").strip(), "ruff", "lint", code=ruff.group("code"), location=where, after=8)
    rule = _ANSIBLE_RULE.match(above[-1].strip()) if above else None
    if rule is not None and where is not None and where.file.endswith((".yml", ".yaml")):
        message = rule.group("msg").strip()
        severity = Severity.WARNING if message.endswith("(warning)") else Severity.ERROR  # ansible-lint's warn_list
        return LineMatch(message, "ansible-lint", "lint", severity=severity, code=rule.group("code"), location=where)
    m = _CODED.match(above[-1].strip()) if above else None
    if m is None:
        return None
    severity = Severity.ERROR if m.group("code")[0] == "E" else Severity.WARNING
    message = m.group("msg").strip()
    return LineMatch(message, "cfn-lint", "lint", severity=severity, code=m.group("code"), location=match.location)


def orange_c(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Orange C's `Error( 11)    3D.c(218):  Syntax error: ) expected` (`Warning( 39)` a warning)."""
    path = m.group("file")
    return LineMatch(
        m.group("msg").strip(),
        framework_for(path) or "orangec",
        "compilation",
        severity=_severity(m.group("level")),
        code=m.group("code"),
        location=loc(path, m.group("line")),
        before=0,
        after=1,
    )


# (needle, pattern, builder): the table's entries (toolchains.py), after vendors.py's
def cpplint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """cpplint's `x.cc:5:  msg  [build/include_what_you_use] [4]`."""
    path = m.group("file")
    return LineMatch(
        m.group("msg").strip(),
        "cpplint",
        "lint",
        code=m.group("rule"),
        location=loc(path, m.group("line")),
        before=0,
        after=1,
    )


_BANDIT_SEVERITY = re.compile(r"^\s*Severity: (?P<sev>\w+)")
_BANDIT_AT = re.compile(r"^\s*Location: (?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?\s*$")


def bandit(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Bandit's `>> Issue: [B201:flask_debug_true] msg` and its indented `Severity:`, `CWE:`, `More Info:` and
    `Location: path:line:col` lines below it (the record spans them); a `Low` severity is a warning."""
    severity, location, span = Severity.ERROR, None, 0
    for index, line in enumerate(following[:6]):
        sev = _BANDIT_SEVERITY.match(line)
        at = _BANDIT_AT.match(line)
        if sev is not None and sev.group("sev").lower() == "low":
            severity = Severity.WARNING
        if at is not None:
            location, span = loc(at.group("file"), at.group("line"), at.group("col")), index + 1
            break
        if not line.startswith(" "):
            break
    return LineMatch(
        m.group("msg").strip(),
        "bandit",
        "lint",
        severity=severity,
        code=m.group("code"),
        location=location,
        before=0,
        after=span + 1,
        span=span,
    )


_PHPSTAN_ROW = re.compile(r"^\s*(?P<line>\d+)\s{2,}(?P<msg>\S.*)$")
_DASHES = re.compile(r"^\s*-+(?: -+)+\s*$")


def phpstan_table(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """PHPStan's table of one file: `  Line   src/Demo.php`, a dashed line, then its rows `  6      msg` (a row's
    message may go on on the lines below it); None without a row."""
    start = 1 if following and _DASHES.match(following[0]) else 0
    row = _PHPSTAN_ROW.match(following[start]) if len(following) > start else None
    if row is None:
        return None
    end = next((index for index, line in enumerate(following) if index > start and _DASHES.match(line)), start + 1)
    return LineMatch(
        row.group("msg").strip(),
        "phpstan",
        "lint",
        location=loc(m.group("file").strip(), row.group("line")),
        before=1,
        after=end + 1,
        span=end,
    )


def qmake(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """qmake's `Project ERROR: Unknown module(s) in QT: qml quick` (a `.pro` file's `error()` too)."""
    return LineMatch(m.group("msg").strip(), "qmake", "configuration", before=1, after=2)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("project error: ", r"^Project ERROR: (?P<msg>\S.*)$", qmake),
    (
        "] [",
        r"^(?P<file>[^\s:]+\.\w+):(?P<line>\d+):  (?P<msg>\S.*?)  \[(?P<rule>[a-z]+/[\w+-]+)\] \[[1-5]\]\s*$",
        cpplint,
    ),
    ("issue: [", r"^(?:>> )?Issue: \[(?P<code>[A-Z]\d+)(?::\w+)*\] (?P<msg>\S.*)$", bandit),
    ("line   ", r"^\s*Line {3}(?P<file>\S.*\.\w+)\s*$", phpstan_table),
    (
        "] ",
        r"^\[(?P<level>ERROR|WARNING)\] (?P<file>(?:templates|charts)/\S*|(?:Chart|values|requirements)\.ya?ml"
        r"|values\.schema\.json): (?P<msg>\S.*)$",
        helm_lint,
    ),
    ("found problem in", r"^Step '(?P<step>[^']+)' found problem in '(?P<file>[^']+)':$", spotless),
    (" is invalid: ", r"^(?P<file>\S+\.(?:ya?ml|json)) - [A-Z]\w* \S+ is invalid: \S.*$", kubeconform),
    (" failed validation: ", r"^(?P<file>\S+\.(?:ya?ml|json)) - [A-Z]\w* \S+ failed validation: \S.*$", kubeconform),
    ("error ", r"^Error (?:found|\d+ of \d+):$", purescript),
    (": file not found.", r"^(?P<file>[^\s:]+\.proto): File not found\.$", protoc_missing),
    (".proto:", r"^(?P<file>[^\s:]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>\S.*)$", protoc),
    (
        "error(",
        r"^(?P<level>Error)\(\s*(?P<code>\d+)\)\s+(?P<file>\S.*?\.\w+)\((?P<line>\d+)\):\s+(?P<msg>\S.*)$",
        orange_c,
    ),
    (
        "warning(",
        r"^(?P<level>Warning)\(\s*(?P<code>\d+)\)\s+(?P<file>\S.*?\.\w+)\((?P<line>\d+)\):\s+(?P<msg>\S.*)$",
        orange_c,
    ),
    ("-->", r"^-->\s*(?P<file>[^\s:]+\.(?:py|pyi|ipynb)):(?P<line>\d+):(?P<col>\d+)$", bare_location),
    (".yaml:", r"^(?P<file>[^\s:]+\.yaml):(?P<line>\d+)(?::(?P<col>\d+))?$", bare_location),
    (".yml:", r"^(?P<file>[^\s:]+\.yml):(?P<line>\d+)(?::(?P<col>\d+))?$", bare_location),
    (".json:", r"^(?P<file>[^\s:]+\.json):(?P<line>\d+):(?P<col>\d+)$", bare_location),
)
