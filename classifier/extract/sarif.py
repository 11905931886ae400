"""SARIF 2.1.0 logs (Static Analysis Results Interchange Format, OASIS Standard, sarif-v2.1.0-os).

`runs[].results[]` with `ruleId`/`rule.id`, `level` (`error|warning|note|none`; when absent, the rule's
`defaultConfiguration.level`, else `warning`, spec 3.27.10), `kind` (only `fail`, the default, is a
finding), `message.text` (or `message.id` looked up in the rule's `messageStrings`, `{0}` placeholders
filled from `arguments`), `locations[0].physicalLocation` (`artifactLocation.uri`, `region.startLine`,
`startColumn`; an `index` into `run.artifacts` instead of a uri); `suppressions` and `baselineState:
absent` mark results that are not current findings.
`runs[].invocations[].toolExecutionNotifications` / `toolConfigurationNotifications` of level `error`
(the tool itself failed) are records too.

One record per `error` or `warning` result (notes skipped) with that severity: kind runner (tool
output), framework = the tool's driver name lowercased (`codeql`, `semgrep`, `trivy`...), tool_hint
`lint` (a notification: `tool_error`), `code` = the rule id, location with a repository-relative path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import read_json
from classifier.extract.reportio import cap, one_line, repo_path
from classifier.extract.sniff import Format, Head, Structure
from classifier.model import ErrorRecord, Extraction, Location, Problem, Severity, SourceKind
from classifier.sources.base import Document

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}
_PLACEHOLDER_RE = re.compile(r"\{(\d+)\}")


def detect(head: Head) -> bool:
    """A SARIF log: an object with `runs` and `version` or `$schema` (or a `.sarif` name)."""
    if head.is_array or "runs" not in head.keys:
        return False
    return bool({"version", "$schema"} & head.keys) or head.name.endswith((".sarif", ".sarif.json"))


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    runs = value.get("runs") if isinstance(value, Mapping) else None
    if isinstance(value, Mapping) and "runs" in value and runs is None:
        return Extraction(problems=(Problem(doc.name, "SARIF log with null runs: the tool failed before it ran"),))
    if not isinstance(runs, list):
        return Extraction(problems=(Problem(doc.name, "not a SARIF log (no runs list)", kind="unsupported"),))
    invalid = tuple(
        Problem(doc.name, f"invalid SARIF: runs[{i}].results is not a list", kind="unsupported")
        for i, run in enumerate(runs)
        if not isinstance(run, Mapping) or ("results" in run and not isinstance(run["results"], list | None))
    )
    records, problems = cap(doc, (r for run in runs if isinstance(run, Mapping) for r in _run(doc, run)))
    return Extraction(records, invalid + problems)


def _map(value: Any, key: str) -> Mapping[str, Any]:
    found = value.get(key) if isinstance(value, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _list(value: Any, key: str) -> list[Any]:
    found = value.get(key) if isinstance(value, Mapping) else None
    return found if isinstance(found, list) else []


def _run(doc: Document, run: Mapping[str, Any]) -> Iterator[ErrorRecord]:
    driver = _map(_map(run, "tool"), "driver")
    tool = str(driver.get("name") or "sarif")
    rules = {str(r.get("id")): r for r in _list(driver, "rules") if isinstance(r, Mapping) and r.get("id")}
    by_index = [r for r in _list(driver, "rules") if isinstance(r, Mapping)]
    artifacts = _list(run, "artifacts")
    for result in _list(run, "results"):
        if isinstance(result, Mapping) and _current(result):
            rule = _rule(result, rules, by_index)
            severity = _SEVERITIES.get(str(result.get("level") or _default_level(rule)))
            if severity is not None:
                yield _result(doc, result, rule, tool, severity, artifacts)
    for invocation in _list(run, "invocations"):
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in _list(invocation, key):
                if isinstance(note, Mapping) and note.get("level", "warning") == "error":
                    yield _notification(doc, note, tool, artifacts)


def _current(result: Mapping[str, Any]) -> bool:
    """A finding now: kind fail, not suppressed, not gone from the baseline."""
    return (
        str(result.get("kind") or "fail") == "fail"
        and not _list(result, "suppressions")
        and result.get("baselineState") != "absent"
    )


def _rule(result: Mapping[str, Any], rules: Mapping[str, Any], by_index: list[Any]) -> Mapping[str, Any]:
    rule_id = str(result.get("ruleId") or _map(result, "rule").get("id") or "")
    if rule_id in rules:
        return dict(rules[rule_id])
    index = result.get("ruleIndex", _map(result, "rule").get("index"))
    if isinstance(index, int) and 0 <= index < len(by_index):
        return dict(by_index[index])
    return {"id": rule_id} if rule_id else {}


def _default_level(rule: Mapping[str, Any]) -> str:
    return str(_map(rule, "defaultConfiguration").get("level") or "warning")


def _message(message: Mapping[str, Any], rule: Mapping[str, Any]) -> str:
    text = message.get("text") or message.get("markdown")
    if not text and message.get("id"):
        text = _map(_map(rule, "messageStrings"), str(message["id"])).get("text")
    arguments = [str(a) for a in _list(message, "arguments")]
    text = str(text or "")
    if arguments:
        text = _PLACEHOLDER_RE.sub(lambda m: arguments[int(m[1])] if int(m[1]) < len(arguments) else m[0], text)
    return one_line(text)


def _location(result: Mapping[str, Any], artifacts: list[Any]) -> Location | None:
    for loc in _list(result, "locations"):
        physical = _map(loc, "physicalLocation")
        where = _map(physical, "artifactLocation")
        uri = str(where.get("uri") or _artifact_uri(where.get("index"), artifacts))
        if uri:
            region = _map(physical, "region")
            return Location(repo_path(uri), _int(region.get("startLine")), _int(region.get("startColumn")))
    return None


def _artifact_uri(index: Any, artifacts: list[Any]) -> str:
    """The uri of `run.artifacts[index]` (an artifactLocation may name its file by index only)."""
    if isinstance(index, int) and 0 <= index < len(artifacts):
        return str(_map(artifacts[index], "location").get("uri") or "")
    return ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _result(
    doc: Document,
    result: Mapping[str, Any],
    rule: Mapping[str, Any],
    tool: str,
    severity: Severity,
    artifacts: list[Any],
) -> ErrorRecord:
    rule_id = str(rule.get("id") or result.get("ruleId") or "")
    message = _message(_map(result, "message"), rule) or one_line(
        str(_map(rule, "shortDescription").get("text") or rule_id or "SARIF result")
    )
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=message,
        severity=severity,
        location=_location(result, artifacts),
        framework=tool.lower(),
        tool_hint="lint",
        job=doc.job,
        step=doc.step,
        code=rule_id,
        details=f"format=sarif; tool={tool}",
    )


def _notification(doc: Document, note: Mapping[str, Any], tool: str, artifacts: list[Any]) -> ErrorRecord:
    exception = _map(note, "exception")
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=_message(_map(note, "message"), {}) or one_line(str(exception.get("message") or "tool error")),
        exception_type=str(exception.get("kind") or "").rsplit(".", 1)[-1][:200],
        location=_location(note, artifacts),
        framework=tool.lower(),
        tool_hint="tool_error",
        job=doc.job,
        step=doc.step,
        code=str(_map(note, "descriptor").get("id") or _map(note, "associatedRule").get("id") or ""),
        details=f"format=sarif; tool={tool}; notification",
    )


FORMAT = Format("sarif", (Structure.JSON,), detect, extract)
