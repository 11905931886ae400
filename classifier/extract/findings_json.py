"""Linter findings in JSON, whatever the tool: objects with a message, a line and a file, found by shape.

Formats: the JSON outputs of linters that share no schema but the same parts, e.g. hadolint `-f json` and
shellcheck `-f json` (a list of `{file, line, column, level, code, message}`), shellcheck `-f json1`
(`{comments: [...]}`), pylint `--output-format=json` (`{path, line, column, type, symbol, message}`),
ruff `--output-format=json` (`{filename, location: {row, column}, code, message}`), mypy `-O json`,
rubocop `--format json` (`{files: [{path, offenses: [{severity, message, cop_name, location: {line}}]}]}`),
golangci-lint `--out-format json` (`{Issues: [{FromLinter, Text, Severity, Pos: {Filename, Line}}]}`),
bandit `-f json` (`{results: [{filename, line_number, issue_text, issue_severity, test_id}]}`) and phpstan
`--error-format=json` (`{files: {"<path>": {messages: [{message, line}]}}}`); one finding per line (JSON
Lines) as mypy `-O json` writes them (`{file, line, column, end_line, message, hint, code, severity}`).

Type checkers are compilers (taxonomy: `compilation_error`): a finding with mypy's `hint` and `end_line`
keys, or a document with pyright `--outputjson`'s `generalDiagnostics`, is framework mypy/pyright with
tool_hint `compilation`; mypy's `hint` (the explanation under its message) is the record's context.

A finding is a JSON object with a message (`message`, `msg`, `text`, `issue_text`, `description`) and a line
(`line`, `line_number`, `row`, `startLine`, ... on the object or in its `location`/`Pos`/`range`/`start`);
its file is on the object, in that nested object, or on an enclosing object (or the key naming it). The
severity (`severity`, `level`, `type`, `issue_severity`) maps error/fatal/high to an error and warning/
info/style/convention/low/medium to a warning; none is an error. The code is `code`, `rule`, `ruleId`,
`symbol`, `cop_name`, `test_id` or `FromLinter`. The walk is bounded in depth and the records in number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import iter_json_lines, read_json
from classifier.extract.reportio import cap, one_line, repo_path
from classifier.extract.sniff import Format, Head, Structure
from classifier.model import ErrorRecord, Extraction, Location, Problem, Severity, SourceKind
from classifier.sources.base import Document

_MESSAGE = ("message", "msg", "text", "Text", "issue_text", "description")
_LINE = ("line", "line_number", "lineNumber", "Line", "row", "startLine", "start_line", "beginLine", "line_start")
_COLUMN = ("column", "col", "Column", "startColumn", "start_column", "column_number", "col_offset")
_PATH = ("file", "filename", "fileName", "Filename", "path", "filePath", "file_path", "uri")
_NESTED = ("location", "Pos", "pos", "position", "range", "start", "region", "span", "begin")
_SEVERITY = ("severity", "level", "type", "Severity", "issue_severity")
_CODE = ("code", "rule", "ruleId", "rule_id", "check_name", "symbol", "cop_name", "test_id", "FromLinter")
_ERRORS = frozenset({"error", "fatal", "critical", "high", "blocker", "failure", "e", "f"})
_WARNINGS = frozenset(
    {"warning", "warn", "info", "information", "style", "note", "convention", "refactor", "low", "medium"}
    | {"minor", "major", "hint", "suggestion", "w", "c", "r", "i"}
)
MAX_DEPTH = 6
MAX_HINT_LINES = 20


def detect(head: Head) -> bool:
    """A message, a line and a file key (or a `files` map) somewhere in the head."""
    return (
        head.contains(*(f'"{key}"'.encode() for key in _MESSAGE))
        and head.contains(*(f'"{key}"'.encode() for key in _LINE))
        and head.contains(b'"files"', *(f'"{key}"'.encode() for key in _PATH))
    )


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    lines: list[Problem] = []
    if isinstance(value, Problem):
        parsed = list(iter_json_lines(doc))  # JSON Lines: one finding per line (mypy -O json)
        values = [item[1] for item in parsed if not isinstance(item, Problem)]
        if not values:
            return Extraction(problems=(value,))
        value, lines = values, [item for item in parsed if isinstance(item, Problem)]
    records, problems = cap(doc, _walk(doc, value, "", 0, None))
    problems = (*lines, *problems)
    if not records and not problems:
        problems = (Problem(doc.name, "no findings (objects with a message, a line and a file)", kind="unsupported"),)
    return Extraction(records, problems)


def _walk(doc: Document, value: Any, path: str, depth: int, checker: str | None) -> Iterator[ErrorRecord]:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(doc, item, path, depth + 1, checker)
        return
    if not isinstance(value, Mapping):
        return
    if checker is None and depth == 0:
        checker = next((name for key, name in _TYPE_CHECKERS.items() if key in value), None)
    own = _text(value, _PATH) or path
    record = _finding(doc, value, own, checker)
    if record is not None:
        yield record
        return
    for key, item in value.items():
        if isinstance(item, (list, Mapping)):
            named = key if isinstance(key, str) and ("/" in key or "." in key) and isinstance(item, Mapping) else ""
            yield from _walk(doc, item, named or own, depth + 1, checker)


# Type checkers known by a key of their output: mypy's findings carry `hint` and `end_line`, pyright's
# document holds `generalDiagnostics` (its ranges count lines from 0).
_TYPE_CHECKERS = {"generalDiagnostics": "pyright"}
_MYPY_KEYS = frozenset({"hint", "end_line", "severity", "message"})


def _finding(doc: Document, obj: Mapping[str, Any], path: str, checker: str | None) -> ErrorRecord | None:
    message = _text(obj, _MESSAGE)
    nested: Mapping[str, Any] = next((obj[key] for key in _NESTED if isinstance(obj.get(key), Mapping)), {})
    if isinstance(nested.get("start"), Mapping):
        nested = {**nested, **nested["start"]}  # tflint's range: {filename, start: {line, column}}
    line = _first(_int(obj, _LINE), _int(nested, _LINE))
    if not message or line is None:
        return None
    path = _text(nested, _PATH) or path
    column = _first(_int(obj, _COLUMN), _int(nested, _COLUMN))
    severity, code = _severity_and_code(obj)
    if obj.keys() >= _MYPY_KEYS:
        checker = "mypy"
    if checker == "pyright":
        line += 1  # pyright's ranges count lines from 0
    hint = obj.get("hint")
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=one_line(message),
        severity=severity,
        location=Location(repo_path(path), line, column) if path else None,
        context=tuple(hint.splitlines()[:MAX_HINT_LINES]) if isinstance(hint, str) else (),
        framework=checker or "lint",
        tool_hint="compilation" if checker else "lint",
        job=doc.job,
        step=doc.step,
        code=code,
        details="format=findings_json",
    )


def _severity_and_code(obj: Mapping[str, Any]) -> tuple[Severity, str]:
    rule = obj.get("rule")
    inner = rule if isinstance(rule, Mapping) else {}  # tflint: rule {name, severity}
    word = (_text(obj, _SEVERITY) or _text(inner, _SEVERITY)).lower()
    severity = Severity.WARNING if word in _WARNINGS else Severity.ERROR
    code = _text(obj, _CODE) or _text(inner, ("name", "id"))
    if not code:
        number = obj.get("code")
        code = f"SC{number}" if isinstance(number, int) and 1000 <= number <= 9999 else ""  # shellcheck
    return severity, code


def _first(a: int | None, b: int | None) -> int | None:
    return a if a is not None else b


def _text(obj: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:2000]
    return ""


def _int(obj: Mapping[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


FORMAT = Format("findings_json", (Structure.JSON, Structure.JSONL), detect, extract)
