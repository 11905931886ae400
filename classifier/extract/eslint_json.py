"""ESLint JSON reports (`eslint -f json`; the same shape from `-f json-with-metadata` under `results`).

Format: ESLint's "json" formatter (eslint.org/docs/latest/use/formatters/#json, the LintResult and
LintMessage types of the Node.js API): a list of `{filePath, messages: [{ruleId, severity: 1|2, message,
line, column, endLine, endColumn, fatal}], errorCount, warningCount, fatalErrorCount}`.

One record per message: severity 2 -> error, 1 -> warning (0 is off and skipped); kind runner (tool
output), framework `eslint`, tool_hint `eslint`, or `compilation` for a fatal parse error (`Parsing
error: ...`: the file does not parse); `code` = the rule id; location with a repository-relative path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import read_json
from classifier.extract.reportio import cap, one_line, repo_path
from classifier.extract.sniff import Format, Head, Structure
from classifier.model import ErrorRecord, Extraction, Location, Problem, Severity, SourceKind
from classifier.sources.base import Document

_SEVERITIES = {2: Severity.ERROR, 1: Severity.WARNING}


def detect(head: Head) -> bool:
    """An ESLint report: a list of `{filePath, messages}` (or `json-with-metadata`'s `{results, metadata}`)."""
    if head.is_array:
        return {"filePath", "messages"} <= head.keys
    return {"results", "metadata"} <= head.keys and head.contains(b'"filePath"')


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    if isinstance(value, Mapping) and isinstance(value.get("results"), list):
        value = value["results"]  # json-with-metadata
    if not isinstance(value, list) or any(not _is_result(item) for item in value):
        problem = Problem(doc.name, "not an ESLint JSON report (a list of {filePath, messages})", kind="unsupported")
        return Extraction(problems=(problem,))
    records, problems = cap(doc, (r for item in value for r in _messages(doc, item)))
    return Extraction(records, problems)


def _is_result(item: Any) -> bool:
    return isinstance(item, Mapping) and isinstance(item.get("messages"), list) and "filePath" in item


def _messages(doc: Document, result: Mapping[str, Any]) -> Iterator[ErrorRecord]:
    path = repo_path(str(result.get("filePath") or ""))
    for message in result["messages"]:
        if not isinstance(message, Mapping):
            continue
        severity = _SEVERITIES.get(_int(message.get("severity")) or 0)
        if severity is not None:
            yield _record(doc, path, message, severity)


def _record(doc: Document, path: str, message: Mapping[str, Any], severity: Severity) -> ErrorRecord:
    rule = str(message.get("ruleId") or "")
    fatal = bool(message.get("fatal"))
    text = one_line(str(message.get("message") or "")) or rule or "eslint error"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=text,
        severity=severity,
        location=Location(path, _int(message.get("line")), _int(message.get("column"))) if path else None,
        framework="eslint",
        tool_hint="compilation" if fatal else "eslint",
        job=doc.job,
        step=doc.step,
        code=rule,
        details="format=eslint_json; fatal" if fatal else "format=eslint_json",
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


FORMAT = Format("eslint_json", (Structure.JSON,), detect, extract)
