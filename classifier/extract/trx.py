"""TRX, the Visual Studio / VSTest test results file (`dotnet test --logger trx`, MSTest, vstest.console).

Schema: the TeamTest 2010 namespace (`http://microsoft.com/schemas/VisualStudio/TeamTest/2010`,
vstst.xsd shipped with Visual Studio): `<TestRun><Results><UnitTestResult testId testName outcome>
<Output><ErrorInfo><Message><StackTrace>`, `<TestDefinitions><UnitTest id><TestMethod className name>`,
`<ResultSummary><Counters total failed ...><RunInfos><RunInfo outcome><Text>`. Data-driven tests nest
their rows in `<InnerResults>`; the parent result is the one counted.

One record per failed, errored, timed-out or aborted result (kind junit, the test-report kind; framework
dotnet; tool_hint `test`, `test_error` when the message names an exception, `timeout` for a timeout, or an
infrastructure hint found in the message) and one per run-level error that is not an echo of a failed
test (`The test host process crashed`). Test id = `className.testName`; location from the first stack
frame with a source line. Totals count every top-level result.
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
    text_lines,
    totals,
)
from classifier.extract.runners import infra_hint
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Problem, SourceKind
from classifier.sources.base import Document

ROOTS = ("TestRun",)
_FAILED = ("Failed", "Error", "Timeout", "Aborted")
_PASSED = ("Passed", "PassedButRunAborted", "Completed", "Warning")


def detect(head: Head) -> bool:
    """A TRX root: `<TestRun>` in the TeamTest namespace (CppUnit's `<TestRun>` has none of TRX's parts)."""
    root = head.root
    if root is None or root.name != "TestRun":
        return False
    return "TeamTest" in root.namespace or head.contains(b"<Results", b"<TestDefinitions", b"<ResultSummary")


def extract(doc: Document) -> Extraction:
    root = parse_xml(doc, ROOTS, "a TRX report")
    if isinstance(root, Problem):
        return Extraction(problems=(root,))
    outcomes: list[str] = []
    records, problems = cap(doc, _records(doc, root, outcomes))
    return Extraction(records, problems, totals(outcomes))


def _classes(root: ET.Element) -> dict[str, str]:
    """testId -> class name, from the test definitions."""
    names: dict[str, str] = {}
    for definitions in children(root, "TestDefinitions"):
        for test in definitions:
            method = children(test, "TestMethod")
            if method and test.get("id"):
                names[test.get("id", "")] = method[0].get("className", "").split(",", 1)[0].strip()
    return names


def _records(doc: Document, root: ET.Element, outcomes: list[str]) -> Iterator[ErrorRecord]:
    classes = _classes(root)
    for results in children(root, "Results"):
        for result in results:
            outcome = result.get("outcome", "")
            outcomes.append("failed" if outcome in _FAILED else "passed" if outcome in _PASSED else "skipped")
            if outcome in _FAILED:
                yield _record(doc, result, _test_id(result, classes), outcome)
    for summary in children(root, "ResultSummary"):
        for infos in children(summary, "RunInfos"):
            for info in infos:
                text = child_text(info, "Text")
                if info.get("outcome") == "Error" and text.strip() and "[FAIL]" not in text:
                    yield _run_error(doc, text)


def _test_id(result: ET.Element, classes: dict[str, str]) -> str:
    name = result.get("testName", "")
    cls = classes.get(result.get("testId", ""), "")
    return f"{cls}.{name}" if cls and name and not name.startswith(cls + ".") else name or cls


def _error_info(result: ET.Element) -> ET.Element | None:
    """The result's own ErrorInfo, else the first one of its inner (data row) results."""
    for elem in result.iter():
        if local(elem.tag) == "ErrorInfo":
            return elem
    return None


def _record(doc: Document, result: ET.Element, test_id: str, outcome: str) -> ErrorRecord:
    info = _error_info(result)
    raw = child_text(info, "Message")
    stack = child_text(info, "StackTrace")
    lines = text_lines(raw)
    first = lines[0].strip() if lines else ""
    if " : " in first and " " not in first.split(" : ", 1)[0]:  # NUnit's "System.X : message"
        lines[0] = first.replace(" : ", ": ", 1)
    message = one_line(" ".join(lines)) or f"{outcome.lower()}: {test_id}"
    exc_type = exception_prefix(lines[0] if lines else "")
    hint = "timeout" if outcome == "Timeout" else "test_error" if exc_type or outcome == "Error" else "test"
    return dotnet_failure(
        doc,
        message=message,
        stack=stack,
        exception_type=exc_type,
        test_id=test_id,
        hint=hint,
        details=f"format=trx; outcome={outcome}",
    )


def _run_error(doc: Document, text: str) -> ErrorRecord:
    message = one_line(text)
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context(text_lines(text)),
        exception_type=exception_prefix(message),
        framework="dotnet",
        tool_hint=infra_hint(message) or "test_error",
        job=doc.job,
        step=doc.step,
        details="format=trx; outcome=run_error",
    )


FORMAT = Format("trx", (Structure.XML,), detect, extract)
