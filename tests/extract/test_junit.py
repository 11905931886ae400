"""JUnit XML extraction: flavours, flaky evidence, corrupt and hostile XML."""

from __future__ import annotations

from classifier.extract import extract_document, junit
from classifier.model import MAX_CONTEXT_LINES, Location, Severity, SourceKind
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc


def test_pytest_report_gives_one_record_per_failed_or_errored_case() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "pytest.xml"))
    assert result.problems == ()
    by_id = {r.test_id: r for r in result.records}
    assert set(by_id) == {
        "tests.test_pricing.test_discount_applies_to_total",
        "tests.test_inventory.test_reserve_stock",
    }
    failure = by_id["tests.test_pricing.test_discount_applies_to_total"]
    assert failure.kind is SourceKind.JUNIT
    assert failure.message == "AssertionError: assert Decimal('90.00') == Decimal('89.99')"
    assert failure.exception_type == "AssertionError"
    assert failure.framework == "pytest"
    assert failure.location == Location("tests/test_pricing.py", 41)
    assert failure.context[0].startswith("def test_discount_applies_to_total")
    assert len(failure.context) <= MAX_CONTEXT_LINES
    error = by_id["tests.test_inventory.test_reserve_stock"]
    assert error.tool_hint == "network"  # infrastructure evidence outranks "test_error"
    assert "Connection refused" in error.message


def test_surefire_flaky_failure_is_flaky_evidence_and_rerun_is_noted() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "surefire-rerun-flaky.xml"))
    by_id = {r.test_id: r for r in result.records}
    flaky = by_id["com.example.orders.OrderServiceTest.publishesOrderCreatedEvent"]
    assert flaky.tool_hint == "flaky"
    assert flaky.severity is Severity.WARNING
    assert flaky.exception_type == "ConditionTimeoutException"
    assert flaky.context[0].startswith("org.awaitility.core.ConditionTimeoutException")
    failed = by_id["com.example.orders.OrderServiceTest.rejectsEmptyOrder"]
    assert failed.message == "expected: <400> but was: <500>"
    assert failed.exception_type == "AssertionFailedError"
    assert "rerun failed" in failed.details
    assert failed.framework == "surefire"


def test_nested_suites_and_jest_and_bazel() -> None:
    nested = junit.extract(file_doc(FIXTURES / "junit" / "nested-suites.xml"))
    assert [(r.test_id, r.exception_type, r.message) for r in nested.records] == [
        ("pkg.Inner.test_bad", "ValueError", "boom")
    ]
    assert "suite=inner" in nested.records[0].details
    jest = junit.extract(file_doc(FIXTURES / "junit" / "jest-junit.xml"))
    assert [r.test_id for r in jest.records] == ["Cart applies discount"]  # classname == name: said once
    assert jest.records[0].message == "Error: expect(received).toBe(expected) // Object.is equality"
    bazel = junit.extract(file_doc(FIXTURES / "junit" / "bazel-error.xml"))
    assert [r.message for r in bazel.records] == ["exited with error code 1"]


def test_corrupt_xml_is_a_problem_with_its_line() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "corrupt.xml"))
    assert result.records == ()
    (problem,) = result.problems
    assert problem.source.endswith("corrupt.xml")
    assert problem.line == 6
    assert "corrupt XML" in problem.message


def test_billion_laughs_is_refused_without_expanding() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "billion-laughs.xml"))
    assert result.records == ()
    assert "unsafe XML refused" in result.problems[0].message


def test_external_entity_is_never_resolved() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "external-entity.xml"))
    assert result.records == ()
    assert result.problems and "unsafe XML refused" in result.problems[0].message
    assert all("root:" not in p.message for p in result.problems)


def test_other_xml_is_unsupported_and_dispatch_picks_junit() -> None:
    nunit = extract_document(file_doc(FIXTURES / "junit" / "not-junit.xml"))  # NUnit 3: read by nunit.py now
    assert nunit.problems == () and nunit.tests is not None and nunit.tests.run == 0
    pom = b'<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>'
    result = extract_document(bytes_doc("pom.xml", pom))
    assert result.problems[0].kind == "unsupported"
    assert "project" in result.problems[0].message
    xml = b"<testsuite name='s'><testcase classname='a' name='b'><error/></testcase></testsuite>"
    doc = bytes_doc("report.txt", xml)
    assert [r.test_id for r in extract_document(doc).records] == ["a.b"]


def test_a_jvm_case_is_located_at_its_first_frame_in_the_project_code() -> None:
    data = (FIXTURES / "junit" / "surefire-single-error.xml").read_bytes()
    (record,) = junit.extract(bytes_doc("core/target/surefire-reports/TEST-surefire.MyTest.xml", data)).records
    assert record.location == Location("core/src/test/java/surefire/MyTest.java", 24)
    assert record.source == "core/target/surefire-reports/TEST-surefire.MyTest.xml"  # the report stays the evidence
    (elsewhere,) = junit.extract(bytes_doc("reports/TEST-surefire.MyTest.xml", data)).records
    assert elsewhere.location == Location("src/test/java/surefire/MyTest.java", 24)
