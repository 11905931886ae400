"""Mocha JSON reporter output (`mocha --reporter json`).

Format: Mocha's built-in "JSON" reporter (mochajs.org/#json, lib/reporters/json.js): `{stats: {suites,
tests, passes, pending, failures, ...}, tests: [...], pending: [...], failures: [...], passes: [...]}`,
each test `{title, fullTitle, file, duration, currentRetry, err: {message, stack, ...}}`. A failed hook
(`"before each" hook for "x"`) is listed in `failures` only.

One record per entry of `failures` (kind junit, the test-report kind; framework mocha; tool_hint `test`,
or `test_error` for a failed hook): test id = `fullTitle`, message = the error's first line (ANSI removed,
`err.message`, else the stack's first line), exception type from the stack's `XError:` prefix (a bare
`Error` names none), location = the first stack frame in the test's file. Totals: `tests`, `failures`,
`pending`.
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

_LISTS = ("tests", "failures", "passes", "pending")


def detect(head: Head) -> bool:
    """Mocha's JSON: a `stats` object beside the test lists."""
    return "stats" in head.keys and bool(set(_LISTS) & head.keys) and "testResults" not in head.keys


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    if not isinstance(value, Mapping) or not isinstance(value.get("failures"), list):
        problem = Problem(doc.name, "not a mocha JSON report (no failures list)", kind="unsupported")
        return Extraction(problems=(problem,))
    records, problems = cap(doc, _records(doc, value["failures"]))
    return Extraction(records, problems, _totals(value))


def _list(value: Mapping[str, Any], key: str) -> list[Any]:
    found = value.get(key)
    return found if isinstance(found, list) else []


def _totals(report: Mapping[str, Any]) -> TestTotals:
    stats = report.get("stats")
    tests = _list(report, "tests")
    run = len(tests) if tests else _count(stats, "tests")
    return TestTotals(run, len(_list(report, "failures")), len(_list(report, "pending")))


def _count(stats: Any, key: str) -> int:
    value = stats.get(key) if isinstance(stats, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _records(doc: Document, failures: list[Any]) -> Iterator[ErrorRecord]:
    for test in failures:
        if isinstance(test, Mapping):
            yield _record(doc, test)


def _record(doc: Document, test: Mapping[str, Any]) -> ErrorRecord:
    found = test.get("err")
    err: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    stack = str(err.get("stack") or "")
    message = headline(str(err.get("message") or ""), 1) or headline(stack, 1) or "test failed"
    file = str(test.get("file") or "")
    title = str(test.get("title") or "")
    hook = title.startswith(('"before', '"after'))
    location = js_location(stack, file) or (Location(repo_path(file)) if file else None)
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context(text_lines(stack)),
        exception_type=exception_prefix(headline(stack, 1)),
        test_id=str(test.get("fullTitle") or title),
        location=location,
        framework="mocha",
        tool_hint=infra_hint(message) or ("test_error" if hook else "test"),
        job=doc.job,
        step=doc.step,
        details="format=mocha_json; hook" if hook else "format=mocha_json",
    )


FORMAT = Format("mocha_json", (Structure.JSON,), detect, extract)
