"""NUnit XML test results, NUnit 2 and NUnit 3.

NUnit 2 (`<test-results>` root, schema "NUnit 2.5 results", docs.nunit.org/2.6/XmlFormat.html): nested
`<test-suite><results>` with `<test-case name executed success result>` and `<failure><message>
<stack-trace>` or `<reason><message>`. NUnit 3 (`<test-run>` root, or a bare `<test-suite>`, "Test Result
XML Format", docs.nunit.org/articles/nunit/technical-notes/usage/Test-Result-XML-Format.html):
`<test-case fullname result="Passed|Failed|Skipped|Inconclusive|Warning" label>` with `<failure><message>
<stack-trace>`; a suite failed in its (OneTime)SetUp/TearDown (`site="SetUp"`) with no failed case is a
record of its own.

One record per failed test case (kind junit, the test-report kind; framework dotnet; tool_hint `test`,
`test_error` for errors and invalid tests, or an infrastructure hint found in the message). The message is
NUnit's failure message on one line; `Type : message` gives the exception type; the first stack frame
with a source line gives the location. Totals count every test case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml
from collections.abc import Iterator

from classifier.extract.reportio import (
    cap,
    child_text,
    children,
    dotnet_failure,
    exception_prefix,
    local,
    one_line,
    parse_xml,
    short_type,
    text_lines,
    totals,
)
from classifier.extract.sniff import Format, Head, Structure
from classifier.model import ErrorRecord, Extraction, Problem
from classifier.sources.base import Document

ROOTS = ("test-results", "test-run", "test-suite")
_NUNIT3_TYPE_SEP = " : "  # NUnit 3 prints unexpected exceptions as "System.X : message"
_SKIPPED_V2 = ("Ignored", "Skipped", "Inconclusive", "NotRunnable")


def detect(head: Head) -> bool:
    """An NUnit root: `<test-run>`, `<test-results>`, or an NUnit 3 `<test-suite>` (it has a type)."""
    root = head.root
    if root is None:
        return False
    return root.name in ("test-run", "test-results") or (root.name == "test-suite" and bool(root.attr("type")))


def extract(doc: Document) -> Extraction:
    root = parse_xml(doc, ROOTS, "an NUnit report")
    if isinstance(root, Problem):
        return Extraction(problems=(root,))
    outcomes: list[str] = []
    records, problems = cap(doc, _records(doc, root, outcomes))
    return Extraction(records, problems, totals(outcomes))


def _records(doc: Document, root: ET.Element, outcomes: list[str]) -> Iterator[ErrorRecord]:
    for case in (e for e in root.iter() if local(e.tag) == "test-case"):
        outcome, error = _outcome(case)
        outcomes.append(outcome)
        if outcome == "failed":
            yield _record(doc, case, error)
    for suite in (e for e in root.iter() if local(e.tag) == "test-suite"):
        if suite.get("site") in ("SetUp", "TearDown") and suite.get("result") == "Failed" and not _failed_case(suite):
            yield _record(doc, suite, True)


def _outcome(case: ET.Element) -> tuple[str, bool]:
    """(passed | failed | skipped, whether the failure is an error rather than an assertion)."""
    result = case.get("result", "")
    label = case.get("label", "")
    if result == "Failed":
        return "failed", label in ("Error", "Invalid", "Cancelled")
    if result in ("Failure", "Error"):  # NUnit 2.5+
        return "failed", result == "Error"
    if result in ("Skipped", "Inconclusive", *_SKIPPED_V2) or case.get("executed") == "False":
        return "skipped", False
    if case.get("success") == "False" or (not result and children(case, "failure")):
        return "failed", False
    return "passed", False


def _failed_case(suite: ET.Element) -> bool:
    return any(local(e.tag) == "test-case" and _outcome(e)[0] == "failed" for e in suite.iter())


def _record(doc: Document, elem: ET.Element, error: bool) -> ErrorRecord:
    found = children(elem, "failure") or children(elem, "reason")
    failure = found[0] if found else None
    raw = child_text(failure, "message")
    stack = child_text(failure, "stack-trace")
    lines = text_lines(raw)
    exc_type = ""
    first = lines[0].strip() if lines else ""
    if _NUNIT3_TYPE_SEP in first and "." in first.split(_NUNIT3_TYPE_SEP, 1)[0]:
        head, rest = first.split(_NUNIT3_TYPE_SEP, 1)
        if " " not in head.strip():
            exc_type = short_type(head)
            lines[0] = f"{head.strip()}: {rest}"
    exc_type = exc_type or exception_prefix(first)
    test_id = elem.get("fullname") or elem.get("name") or ""
    outcome = "error" if error else "failure"
    message = one_line(" ".join(lines)) or f"{outcome}: {test_id}"
    return dotnet_failure(
        doc,
        message=message,
        stack=stack,
        exception_type=exc_type,
        test_id=test_id,
        hint="test_error" if error or exc_type else "test",
        details=f"outcome={outcome}; format=nunit; site={elem.get('site', 'Test')}",
    )


FORMAT = Format("nunit", (Structure.XML,), detect, extract)
