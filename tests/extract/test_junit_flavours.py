"""JUnit XML written by other tools than Surefire and pytest: one right failure each (message, location,
category) and the totals. Samples trimmed from the tools' own test expectations (origins in each comment);
the placeholders those expectations hold (`%s`, `<line number>`, `*`) are filled in.
"""

from __future__ import annotations

from classifier import model
from classifier.extract import junit
from classifier.model import Location
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import FIXTURES, bytes_doc

RULES = load_rules([], load_taxonomy("ci"))
JUNIT = FIXTURES / "junit"


def _category(record: model.ErrorRecord) -> str:
    match = RULES.classify(record, normalize(record.message, "v1").text)
    return match.category if match is not None else ""


# github.com/sebastianbergmann/phpunit, end-to-end test `--log-junit php://stdout StatusTest` (its EXPECTF
# output), three of its cases; the file paths as on a GitHub runner.
PHPUNIT = (JUNIT / "phpunit.xml").read_bytes()


def test_phpunit_s_failure_text_gives_the_message_and_the_assertion_s_line() -> None:
    result = junit.extract(bytes_doc("phpunit.xml", PHPUNIT))
    failure, error = result.records
    assert failure.message == "Failed asserting that false is true."  # not the `Class::test` echo above it
    assert failure.location == Location("tests/StatusTest.php", 25)  # the assertion's line, workspace stripped
    assert error.message == "RuntimeException: error with custom message"
    assert [_category(r) for r in result.records] == ["assertion_failure", "runtime_error"]
    assert result.tests == model.TestTotals(run=3, failed=2, skipped=1)


# github.com/catchorg/Catch2, tests/SelfTest/Baselines/junit.exception-generated.approved.txt
CATCH2 = (JUNIT / "catch2.xml").read_bytes()


def test_catch2_s_placeholder_message_gives_way_to_the_exception_text_and_its_place() -> None:
    (record,) = junit.extract(bytes_doc("catch2.xml", CATCH2)).records
    assert record.message == "first iteration error"
    assert record.location == Location("Exception.tests.cpp", 23)
    assert _category(record) == "runtime_error"


# github.com/google/googletest, googletest/test/gtest_xml_output_unittest.py, EXPECTED_NON_EMPTY_XML (two suites)
GTEST = (JUNIT / "googletest.xml").read_bytes()


def test_googletest_s_failure_is_located_by_its_first_line_and_a_disabled_test_is_skipped() -> None:
    result = junit.extract(bytes_doc("gtest.xml", GTEST))
    (record,) = result.records  # one test with two failed expectations: one failure
    assert record.test_id == "MixedResultTest.Fails"
    assert record.message == "Expected equality of these values: 1 2"
    assert record.location == Location("gtest_xml_output_unittest_.cc", 65)
    assert _category(record) == "assertion_failure"
    assert result.tests == model.TestTotals(run=4, failed=1, skipped=1)


def test_a_host_and_port_alone_on_a_line_is_no_place() -> None:
    text = "<testsuite><testcase name='t' classname='C'><failure>example.com:8080\nrefused</failure></testcase>"
    text += "</testsuite>"
    (record,) = junit.extract(bytes_doc("x.xml", text.encode())).records
    assert record.location is None and record.message == "example.com:8080"


def test_jest_junit_s_failure_is_located_by_its_first_frame_outside_node_modules() -> None:
    result = junit.extract(bytes_doc("jest-junit.xml", (JUNIT / "jest-junit-own.xml").read_bytes()))
    (record,) = result.records
    assert record.message == "foobar"  # jest's `●` header left out
    assert record.location == Location("path/to/failing.test.js", 26, 15)
    assert _category(record) == "assertion_failure"
    assert result.tests == model.TestTotals(run=1, failed=1, skipped=0)
