"""xUnit.net XML test results, v1 and v2.

v2 ("XML Format (v2)", xunit.net/docs/format-xml-v2): `<assemblies><assembly><collection><test name type
method result="Pass|Fail|Skip|NotRun">` with `<failure exception-type><message><stack-trace>`, and
`<errors><error type name><failure ...>` for cleanup failures outside any test. v1 (xUnit.net 1.x,
xunit.net/docs/format-xml-v1): `<assembly>` root (or several under `<assemblies>`) with `<class><test
result="Pass|Fail|Skip">` and the same `<failure>`.

One record per failed test and per assembly-level error (kind junit, the test-report kind; framework
dotnet; tool_hint `test` for assertion exceptions (`Xunit.Sdk.*`), `test_error` for others, or an
infrastructure hint found in the message). Test id = the test's `name`; exception type from
`exception-type`; location from the first stack frame with a source line. Totals count every test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml
from collections.abc import Iterator

from classifier.extract.reportio import (
    cap,
    child_text,
    children,
    dotnet_failure,
    local,
    one_line,
    parse_xml,
    short_type,
    totals,
)
from classifier.extract.sniff import Format, Head, Structure
from classifier.model import ErrorRecord, Extraction, Problem
from classifier.sources.base import Document

ROOTS = ("assemblies", "assembly")
_OUTCOMES = {"Pass": "passed", "Fail": "failed", "Skip": "skipped", "NotRun": "skipped"}
_ASSERTION_NAMESPACES = ("Xunit.Sdk.", "Xunit.", "Shouldly.", "FluentAssertions.", "NUnit.Framework.")


def detect(head: Head) -> bool:
    """An xUnit.net root: `<assemblies>`, or an `<assembly>` with run attributes."""
    root = head.root
    if root is None:
        return False
    run_attrs = ("run-date", "test-framework", "total")
    return root.name == "assemblies" or (root.name == "assembly" and any(root.attr(a) for a in run_attrs))


def extract(doc: Document) -> Extraction:
    root = parse_xml(doc, ROOTS, "an xUnit.net report")
    if isinstance(root, Problem):
        return Extraction(problems=(root,))
    outcomes: list[str] = []
    records, problems = cap(doc, _records(doc, root, outcomes))
    return Extraction(records, problems, totals(outcomes))


def _records(doc: Document, root: ET.Element, outcomes: list[str]) -> Iterator[ErrorRecord]:
    for elem in root.iter():
        tag = local(elem.tag)
        if tag == "test":
            outcome = _OUTCOMES.get(elem.get("result", ""), "passed")
            outcomes.append(outcome)
            if outcome == "failed":
                yield _record(doc, elem, elem.get("name") or _joined(elem), "")
        elif tag == "error" and children(elem, "failure"):
            yield _record(doc, elem, elem.get("name", ""), elem.get("type", "error"))


def _joined(test: ET.Element) -> str:
    return ".".join(part for part in (test.get("type", ""), test.get("method", "")) if part)


def _record(doc: Document, elem: ET.Element, test_id: str, error_kind: str) -> ErrorRecord:
    failure = children(elem, "failure")
    node = failure[0] if failure else None
    full_type = node.get("exception-type", "") if node is not None else ""
    message = one_line(child_text(node, "message")) or f"failure: {test_id or error_kind}"
    stack = child_text(node, "stack-trace")
    assertion = not error_kind and (
        not full_type or full_type.startswith(_ASSERTION_NAMESPACES) or "Assert" in short_type(full_type)
    )
    details = "format=xunit; outcome=" + ("failure" if assertion else "error")
    if error_kind:
        details += f"; error={error_kind}"
    return dotnet_failure(
        doc,
        message=message,
        stack=stack,
        exception_type=short_type(full_type),
        test_id=test_id,
        hint="test" if assertion else "test_error",
        details=details,
    )


FORMAT = Format("xunit", (Structure.XML,), detect, extract)
