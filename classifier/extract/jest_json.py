"""Jest `--json` results (also written by `--outputFile`; Vitest's `--reporter=json` has the same shape).

Format: Jest's AggregatedResult (jestjs.io/docs/cli#--json, @jest/test-result types): `{numTotalTests,
numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites, success, testResults: [{name,
status, message, assertionResults: [{ancestorTitles, title, fullName, status, failureMessages,
location}]}]}`. Older Jest names the failure text `failureMessage` on the suite.

One record per failed assertion result (kind junit, the test-report kind; framework jest; tool_hint
`test`, or an infrastructure hint found in the message): test id = `fullName`, message = the failure's
first line without ANSI colours (`Error: expect(received).toBe(expected) // Object.is equality`), the
rest up to the stack in the context; exception type from an `XError:` prefix (a bare `Error` names none);
location = `location` (with `--testLocationInResults`) or the first stack frame in the test file. A suite
that failed to run (no failed assertion, a message) is a `test_error` record with the file as test id.
Totals count assertion results (`pending`, `skipped`, `todo`, `disabled` are skipped).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import read_json
from classifier.extract.reportio import cap, exception_prefix, headline, js_location, repo_path, text_lines
from classifier.extract.runners import infra_hint
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Location, Problem, SourceKind, TestTotals
from classifier.sources.base import Document

_SKIPPED = ("pending", "skipped", "todo", "disabled")


def detect(head: Head) -> bool:
    """Jest's aggregated results: `testResults` with the `num*Tests` counters."""
    return "testResults" in head.keys and bool({"numTotalTests", "numFailedTests", "success"} & head.keys)


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    if not isinstance(value, Mapping) or not isinstance(value.get("testResults"), list):
        problem = Problem(doc.name, "not a jest JSON report (no testResults list)", kind="unsupported")
        return Extraction(problems=(problem,))
    suites = [suite for suite in value["testResults"] if isinstance(suite, Mapping)]
    outcomes: list[str] = []
    records, problems = cap(doc, (r for suite in suites for r in _suite(doc, suite, outcomes)))
    failed = sum(1 for outcome in outcomes if outcome == "failed")
    skipped = sum(1 for outcome in outcomes if outcome in _SKIPPED)
    return Extraction(records, problems, TestTotals(len(outcomes), failed, skipped))


def _assertions(suite: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = suite.get("assertionResults", suite.get("testResults"))  # testResults: Jest 20 and older
    return [a for a in found if isinstance(a, Mapping)] if isinstance(found, list) else []


def _suite(doc: Document, suite: Mapping[str, Any], outcomes: list[str]) -> Iterator[ErrorRecord]:
    file = str(suite.get("name") or suite.get("testFilePath") or "")
    assertions = _assertions(suite)
    for assertion in assertions:
        outcomes.append(str(assertion.get("status") or ""))
        if assertion.get("status") == "failed":
            yield _record(doc, assertion, file)
    message = str(suite.get("message") or suite.get("failureMessage") or "")
    broken = suite.get("status") == "failed" or bool(suite.get("testExecError"))
    if broken and message.strip() and not any(a.get("status") == "failed" for a in assertions):
        yield _suite_error(doc, file, message)


def _failure_text(assertion: Mapping[str, Any]) -> str:
    messages = assertion.get("failureMessages")
    if isinstance(messages, list) and messages:
        return str(messages[0])
    return ""


def _location(assertion: Mapping[str, Any], text: str, file: str) -> Location | None:
    where = assertion.get("location")
    if isinstance(where, Mapping) and isinstance(where.get("line"), int) and file:
        column = where.get("column")
        return Location(repo_path(file), where["line"], column if isinstance(column, int) and column > 0 else None)
    return js_location(text, file) or (Location(repo_path(file)) if file else None)


def _record(doc: Document, assertion: Mapping[str, Any], file: str) -> ErrorRecord:
    text = _failure_text(assertion)
    message = headline(text, 1) or "test failed"
    ancestors = assertion.get("ancestorTitles")
    titles = [str(t) for t in (ancestors if isinstance(ancestors, list) else []) if t]
    titles.append(str(assertion.get("title") or ""))
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context(text_lines(text)),
        exception_type=exception_prefix(message),
        test_id=str(assertion.get("fullName") or " ".join(t for t in titles if t)),
        location=_location(assertion, text, file),
        framework="jest",
        tool_hint=infra_hint(message) or "test",
        job=doc.job,
        step=doc.step,
        details="format=jest_json",
    )


def _suite_error(doc: Document, file: str, text: str) -> ErrorRecord:
    message = headline(text, 1) or "test suite failed to run"
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context(text_lines(text)),
        exception_type=exception_prefix(message),
        test_id=repo_path(file),
        location=js_location(text, file) or (Location(repo_path(file)) if file else None),
        framework="jest",
        tool_hint=infra_hint(message) or "test_error",
        job=doc.job,
        step=doc.step,
        details="format=jest_json; suite failed to run",
    )


FORMAT = Format("jest_json", (Structure.JSON,), detect, extract)
