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


# ctest --output-junit (CMake >= 3.21): `<failure message="Failed"/>` (an empty message before CMake 3.26) and the
# test's output only in the testcase's `<system-out>`; the fixture's comment gives the writer's source and origins.
CTEST = (JUNIT / "ctest.xml").read_bytes()


def test_ctest_s_placeholder_failure_takes_the_last_error_of_the_test_s_own_output() -> None:
    result = junit.extract(bytes_doc("junit.xml", CTEST))
    failed = {r.test_id: r for r in result.records}
    record = failed["logging"]
    assert record.message == "Expected: (3) >= (a[i]), actual: 3 vs 6"  # googletest's last failure, not `Failed`
    assert record.location == Location("googletest-output-test_.cc", 1020)
    assert "googletest-output-test_.cc:1020: Failure" in record.context
    assert result.tests == model.TestTotals(run=3, failed=2, skipped=0)


def test_ctest_s_real_failure_message_is_kept_over_an_error_line_of_its_output() -> None:
    failed = {r.test_id: r for r in junit.extract(bytes_doc("junit.xml", CTEST)).records}
    record = failed["configure_bad"]
    assert record.message == "Error regular expression found in output. Regex=[CMake Error]"
    assert record.location is None  # the output's `CMakeLists.txt:3` is not taken either
    assert record.context == ()


def test_an_empty_failure_message_takes_a_matcher_s_error_from_system_err() -> None:
    # the same testcase shape with an empty message and the error in <system-err> (CTest before 3.26 wrote
    # message=""); the traceback is CPython's own form
    xml = b"""<testsuite name="t" tests="1" failures="1"><testcase name="py" classname="py" status="fail">
<failure message=""/><system-out>collecting...</system-out><system-err>Traceback (most recent call last):
  File "/src/check.py", line 4, in &lt;module&gt;
    import yaml
ModuleNotFoundError: No module named 'yaml'
</system-err></testcase></testsuite>"""
    (record,) = junit.extract(bytes_doc("junit.xml", xml)).records
    assert record.message == "ModuleNotFoundError: No module named 'yaml'"
    assert record.exception_type == "ModuleNotFoundError"
