"""Checkstyle XML reports (Checkstyle's XMLLogger; also written by ESLint `-f checkstyle`, ktlint, detekt,
golangci-lint, PHP_CodeSniffer, SwiftLint and others).

Format: Checkstyle's XMLLogger output (checkstyle.org, "Command line" `-f xml`; no published schema):
`<checkstyle version><file name><error line column severity="error|warning|info|ignore" message
source/></file><exception>stack</exception></checkstyle>`; `<error>` may also sit directly under the root.

One record per `error` and `warning` (info/ignore are skipped) with its severity, location (the file name
made repository-relative) and `code` = the check (`source`, short name: `MethodNameCheck`; a module id
after `#` is dropped). kind runner (tool output); framework = the tool named by `source` (`checkstyle` for
`com.puppycrawl...`, `eslint` for `eslint.rules.*`, else `checkstyle`); tool_hint `checkstyle` for
Checkstyle itself, else `lint`. An `<exception>` (Checkstyle failed on a file) is an error record with
the first line of its stack trace.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml
from collections.abc import Iterator

from classifier.extract.reportio import cap, exception_prefix, local, one_line, parse_xml, repo_path, text_lines
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Location, Problem, Severity, SourceKind
from classifier.sources.base import Document

ROOTS = ("checkstyle",)
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}


def detect(head: Head) -> bool:
    """A `<checkstyle>` root."""
    return head.root is not None and head.root.name == "checkstyle"


def extract(doc: Document) -> Extraction:
    root = parse_xml(doc, ROOTS, "a checkstyle report")
    if isinstance(root, Problem):
        return Extraction(problems=(root,))
    records, problems = cap(doc, _records(doc, root))
    return Extraction(records, problems)


def _records(doc: Document, root: ET.Element) -> Iterator[ErrorRecord]:
    for elem, file in _items(root):
        tag = local(elem.tag)
        if tag == "error":
            severity = _SEVERITIES.get(elem.get("severity", "error").strip().lower())
            if severity is not None:
                yield _error(doc, elem, file, severity)
        elif tag == "exception":
            yield _exception(doc, elem, file)


def _items(root: ET.Element) -> Iterator[tuple[ET.Element, str]]:
    """(error or exception element, its file name or "") in document order."""
    for child in root:
        if local(child.tag) == "file":
            for item in child:
                yield item, child.get("name", "")
        else:
            yield child, ""


def _tool(source: str) -> tuple[str, str]:
    """(framework, tool_hint) from the `source` attribute."""
    lowered = source.lower()
    if not source or lowered.startswith("com.puppycrawl.tools.checkstyle"):
        return "checkstyle", "checkstyle"
    first = lowered.split(".", 1)[0]
    return (first if first.isalpha() and "." in lowered else "checkstyle"), "lint"


def _error(doc: Document, elem: ET.Element, file: str, severity: Severity) -> ErrorRecord:
    source = elem.get("source", "")
    framework, hint = _tool(source)
    check = source.split("#", 1)[0].rsplit(".", 1)[-1]
    message = one_line(elem.get("message", "")) or check or "checkstyle error"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=message,
        severity=severity,
        location=Location(repo_path(file), _int(elem.get("line")), _int(elem.get("column"))) if file else None,
        framework=framework,
        tool_hint=hint,
        job=doc.job,
        step=doc.step,
        code=check,
        details=f"format=checkstyle; source={source}" if source else "format=checkstyle",
    )


def _exception(doc: Document, elem: ET.Element, file: str) -> ErrorRecord:
    lines = text_lines(elem.text or "")
    message = one_line(lines[0]) if lines else "checkstyle exception"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.RUNNER,
        message=message,
        context=bounded_context(lines),
        exception_type=exception_prefix(message),
        location=Location(repo_path(file)) if file else None,
        framework="checkstyle",
        tool_hint="checkstyle",
        job=doc.job,
        step=doc.step,
        details="format=checkstyle; exception",
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdecimal() and int(value) > 0 else None


FORMAT = Format("checkstyle", (Structure.XML,), detect, extract)
