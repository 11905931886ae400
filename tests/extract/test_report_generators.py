"""Test reports of more generators, read by content: each failed test once, with its own message, its place and
its outcome, skipped tests no failures. Samples trimmed from the generators' own test data (origin in each
comment; lines verbatim, some lines or elements left out).
"""

from __future__ import annotations

from classifier import model
from classifier.extract import extract_document
from classifier.model import ErrorRecord, Extraction, Location, Role, Severity
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc

REPORTS = FIXTURES / "reports"
JUNIT = FIXTURES / "junit"


def _read(name: str, text: str) -> Extraction:
    return extract_document(bytes_doc(name, text.encode()))


def _causes(result: Extraction) -> dict[str, ErrorRecord]:
    return {r.test_id: r for r in result.records if r.role is Role.CAUSE and r.severity is Severity.ERROR}


# github.com/golang/go, src/cmd/internal/test2json/testdata/panic.json: `go tool test2json` output has no
# Package; the goroutine trace's first frame outside the standard library is the panic's place.
TEST2JSON_PANIC = r"""{"Action":"output","Test":"TestPanic","Output":"--- FAIL: TestPanic (0.00s)\n"}
{"Action":"output","Test":"TestPanic","Output":"panic: oops [recovered]\n"}
{"Action":"output","Test":"TestPanic","Output":"\tpanic: oops\n"}
{"Action":"output","Test":"TestPanic","Output":"goroutine 7 [running]:\n"}
{"Action":"output","Test":"TestPanic","Output":"testing.tRunner.func1(0xc000092100)\n"}
{"Action":"output","Test":"TestPanic","Output":"\t/go/src/testing/testing.go:874 +0x3a3\n"}
{"Action":"output","Test":"TestPanic","Output":"panic(0x1110ea0, 0x116aea0)\n"}
{"Action":"output","Test":"TestPanic","Output":"\t/go/src/runtime/panic.go:679 +0x1b2\n"}
{"Action":"output","Test":"TestPanic","Output":"command-line-arguments.TestPanic(0xc000092100)\n"}
{"Action":"output","Test":"TestPanic","Output":"\ta_test.go:6 +0x39\n"}
{"Action":"fail","Test":"TestPanic"}
{"Action":"output","Output":"FAIL\tcommand-line-arguments\t0.042s\n"}
{"Action":"output","Output":"FAIL\n"}
{"Action":"fail"}
"""

# github.com/golang/go, src/cmd/internal/test2json/testdata/timeout.json: the running test timed out.
TEST2JSON_TIMEOUT = r"""{"Action":"start"}
{"Action":"run","Test":"Test"}
{"Action":"output","Test":"Test","Output":"=== RUN   Test\n"}
{"Action":"output","Test":"Test","Output":"panic: test timed out after 1s\n"}
{"Action":"output","Output":"FAIL\tp\t1.111s\n"}
{"Action":"fail"}
"""


def test_a_test2json_stream_without_package_is_read_as_go_test_json() -> None:
    result = _read("panic.json", TEST2JSON_PANIC)
    (record,) = _causes(result).values()
    assert (record.test_id, record.message) == ("TestPanic", "panic: oops [recovered]")
    assert record.location == Location("a_test.go", 6)
    assert result.tests == model.TestTotals(1, 1, 0) and not result.problems
    (timeout,) = _causes(_read("timeout.json", TEST2JSON_TIMEOUT)).values()
    assert (timeout.test_id, timeout.message) == ("Test", "panic: test timed out after 1s")
    assert timeout.tool_hint == "timeout"


# github.com/gotestyourself/gotestsum, testjson/testdata/input/go-test-json-with-parallel-fails.out (the lines of
# TestNestedParallelFailures and its subtest a, tests/fixtures/reports/gotest-subtests.jsonl): Go before 1.14
# prefixed a test's log line with its name; the parent fails only because its subtests did.


def test_go_subtest_failure_is_one_failure_with_its_own_line() -> None:
    result = extract_document(file_doc(REPORTS / "gotest-subtests.jsonl"))
    (record,) = _causes(result).values()
    assert record.test_id.endswith(".TestNestedParallelFailures/a")
    assert (record.message, record.location) == ("failed sub a", Location("fails_test.go", 50))
    parent = next(r for r in result.records if r.test_id.endswith(".TestNestedParallelFailures"))
    assert parent.role is Role.SYMPTOM
    assert result.tests == model.TestTotals(2, 2, 0)


# github.com/jstemmer/go-junit-report, testdata/105-report.xml, 013-report.xml, 017-report.xml and 036-report.xml
# (tests/fixtures/junit/go-junit-report-*.xml): go-junit-report's fixed messages (`Runtime error`, `Build error`,
# `Failed`) say nothing; the text does.
GO_JUNIT_REPORT = ("panic", "build-failed", "race", "benchfail")


def test_go_junit_report_messages_places_and_package_verdicts() -> None:
    results = {name: extract_document(file_doc(JUNIT / f"go-junit-report-{name}.xml")) for name in GO_JUNIT_REPORT}
    found = {key: (r.message, r.location) for result in results.values() for key, r in _causes(result).items()}
    assert found == {
        "package/name/panic.Failure": ("panic: init", Location("/src/package/name/panic/main_test.go", 6)),
        "package/name/failing1.[build failed]": ("undefined: x", Location("failing1/failing_test.go", 15)),
        "package/name/failing2.[build failed]": ("undefined: y", Location("failing2/another_failing_test.go", 20)),
        "package/name/setupfailing1.[setup failed]": (
            'cannot find package "other/package" in any of:',
            Location("setupfailing1/failing_test.go", 4),
        ),
        "package/race.TestRace": (
            "WARNING: DATA RACE",
            Location("/src/github.com/jstemmer/go-junit-report/testdata/src/race/race_test.go", 9),
        ),
        "package/name/benchfail.BenchmarkError": ("failure: package/name/benchfail.BenchmarkError", None),
        "package/name/benchfail.BenchmarkFatal": ("failure: package/name/benchfail.BenchmarkFatal", None),
    }
    verdict = next(r for r in results["benchfail"].records if r.test_id == "package/name/benchfail.Failure")
    assert (verdict.message, verdict.role) == ("exit status 1", Role.SYMPTOM)  # its benchmarks failed
    assert results["benchfail"].tests == model.TestTotals(4, 3, 1)  # the report's count: the package error is a case


# github.com/nextest-rs/nextest, fixtures/fixture-project-junit.xml (tests/fixtures/junit/nextest.xml): Rust 1.73+
# prints the panic's place on the header line and its message on the next.


def test_rust_panic_header_gives_the_place_and_the_next_line_the_message() -> None:
    (record,) = _causes(extract_document(file_doc(JUNIT / "nextest.xml"))).values()
    assert record.message == "assertion `left == right` failed: this is an assertion"
    assert record.location == Location("tests/basic.rs", 19, 5)


# github.com/lukejpreston/xunit-viewer, data/xunit-2.xml (an NUnit 3 report of the Unity Test Framework) and
# github.com/pester/Pester, results.NUnit2.5.xml and results.JUnitXml.xml (tests/fixtures/reports/unity-nunit3.xml,
# pester-nunit25.xml, pester-junit.xml): Unity's `(at file:line)` and PowerShell's `at <ScriptBlock>, file:N` frames.


def test_unity_and_pester_stack_frames_give_the_place() -> None:
    (unity,) = _causes(extract_document(file_doc(REPORTS / "unity-nunit3.xml"))).values()
    assert unity.test_id == "Tests.TestPersistence.TestBlockPersistenceFails"
    assert unity.location == Location("Assets/Scripts/DatabaseClient.cs", 120)
    nunit2 = extract_document(file_doc(REPORTS / "pester-nunit25.xml"))
    (pester,) = _causes(nunit2).values()
    assert pester.location == Location("C:/code/Pester/testing/mine.tests.ps1", 14)
    assert nunit2.tests == model.TestTotals(2, 1, 1)
    (as_junit,) = _causes(extract_document(file_doc(REPORTS / "pester-junit.xml"))).values()
    assert (as_junit.message, as_junit.location) == (
        "Expected $false, but got $true.",
        Location("C:/code/Pester/testing/mine.tests.ps1", 29),
    )


# github.com/apache/maven-surefire, surefire-report-parser/src/test/resources/test-reports/
# TEST-com.shape.PointTest.xml (Maven 2.0 beta, 2005; properties and most frames left out): no classname.
SUREFIRE_2005 = """<?xml version="1.0" encoding="UTF-8" ?>
<testsuite errors="0" tests="3" time="0.01" failures="1" name="com.shape.PointTest">
  <testcase time="0" name="testX"/>
  <testcase time="0" name="testXY">
    <failure type="junit.framework.AssertionFailedError" message="expected:&lt;0&gt; but was:&lt;1&gt;">
      junit.framework.AssertionFailedError: expected:&lt;0&gt; but was:&lt;1&gt;
      at junit.framework.Assert.fail(Assert.java:47)
      at com.shape.PointTest.testXY(PointTest.java:28)
      at sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
    </failure>
  </testcase>
</testsuite>
"""


def test_a_testcase_without_classname_is_placed_in_its_suite_s_class() -> None:
    (record,) = _causes(_read("TEST-com.shape.PointTest.xml", SUREFIRE_2005)).values()
    assert record.test_id == "testXY"  # the id stays the name (fingerprints, the peer's parse)
    assert record.location == Location("src/test/java/com/shape/PointTest.java", 28)


# github.com/tapjs/tap-parser, test/fixtures/yaml-freetext-literal.tap (`TAP Version 13`, its label block left
# out), and tape's readme (example/timing.js): tape indents its YAML and gives no message, only the values.
TAP_PARSER = """TAP Version 13
1..1
not ok 1 Numbers equal
  ---
  message: "Failed with error '42 is not 43'"
  severity: fail
  data:
    got: 42
    expected: 43
  ...
"""
TAPE = """TAP version 13
# timing test
ok 1 should be equal
not ok 2 should be equal
  ---
    operator: equal
    expected: 100
    actual:   107
  ...

1..2
# tests 2
# pass  1
# fail  1
"""


def test_tap_version_in_any_case_and_tape_s_compared_values() -> None:
    parsed = _read("results.tap", TAP_PARSER)
    (record,) = _causes(parsed).values()
    assert (record.test_id, record.message) == ("Numbers equal", "Failed with error '42 is not 43'")
    assert parsed.tests == model.TestTotals(1, 1, 0)
    (tape,) = _causes(_read("tape.tap", TAPE)).values()
    assert tape.message == "should be equal: expected 100, actual 107"


# github.com/johnterickson/cargo2junit, src/expected_outputs/failed.out (tests/fixtures/junit/cargo2junit.xml): its
# message attribute only names the test; Rust before 1.73 quoted the panic's message, over lines, before its place.
# github.com/fsharp/FAKE, Unity3DTestTools.fs's ReportSample (tests/fixtures/reports/unity-nunit262.xml): Mono's
# frames `at X () [0x00000] in /Users/.../SampleTests.cs:17` have no `line`.


def test_cargo2junit_panic_and_mono_frames() -> None:
    (record,) = _causes(extract_document(file_doc(JUNIT / "cargo2junit.xml"))).values()
    assert (record.test_id, record.message) == ("tests.fails", "assertion failed: `(left == right)`")
    assert record.location == Location("src/lib.rs", 10, 9)
    found = _causes(extract_document(file_doc(REPORTS / "unity-nunit262.xml")))
    exception, failing = found["UnityTest.SampleTests.ExceptionTest"], found["UnityTest.SampleTests.FailingTest"]
    sample = "/Users/devboy/Development/wooga/test/New Unity Project/Assets/UnityTestTools/Examples/UnitTestExamples"
    assert exception.location == Location(f"{sample}/Editor/SampleTests.cs", 17)
    assert failing.location == Location(f"{sample}/Editor/SampleTests.cs", 39)


# pytest --junitxml on a GitHub runner, as xRevx/UnitTestingExercise's README keeps it
# (tests/fixtures/junit/pytest-fail-xfail.xml): `pytest.fail()` without a reason writes message="Failed"; its text
# (pytest's longrepr) says it on the `E` line and where on the last line; xfails are skipped.


def test_pytest_failure_text_when_the_message_says_nothing() -> None:
    result = extract_document(file_doc(JUNIT / "pytest-fail-xfail.xml"))
    (record,) = _causes(result).values()
    assert (record.test_id, record.message) == ("test_employee.test_fail", "Failed")
    assert record.location == Location("test_employee.py", 70)
    assert result.tests == model.TestTotals(10, 1, 3)


# github.com/cpisciotta/xcbeautify, Tests/XcbeautifyLibTests/TestData/MixedTestLog_6_0_Expected_XML_Linux.txt
# (tests/fixtures/junit/xcbeautify.xml): xcbeautify (like xcpretty) leads the message with its place.


def test_a_message_led_by_its_place_gives_both() -> None:
    found = _causes(extract_document(file_doc(JUNIT / "xcbeautify.xml")))
    xctest = found["CaptureGroupTests.testForceFailure"]
    assert xctest.message == "XCTAssertTrue failed - True is never false."
    assert xctest.location == Location("Tests/XcbeautifyLibTests/CaptureGroupTests.swift", 34)
    assert found["SwiftTesting.testFailTrueIsFalse()"].message == "Swift testing test failed"


# github.com/spekt/junit.testlogger, docs/assets/TestResults.xml (tests/fixtures/junit/junit-testlogger.xml):
# `dotnet test --logger junit` writes the test assembly as the testcase's `file`; the stack frame is the place.


def test_a_binary_file_attribute_is_no_place() -> None:
    (record,) = _causes(extract_document(file_doc(JUNIT / "junit-testlogger.xml"))).values()
    assert record.test_id == "UnitTestLibrary1.MathTests.Multiply_ReturnsEight(1,0)"
    assert record.location is not None and record.location.file.endswith("/UnitTests/MathTests.cs")
    assert record.location.line == 40


# Playwright `--reporter=junit`, as daipresents' reporter notes publish it (tests/fixtures/junit/playwright.xml):
# the message attribute is the test's place and title, its text's first line restates both; the error and its
# frame follow.


def test_playwright_s_place_and_title_say_nothing() -> None:
    result = extract_document(file_doc(JUNIT / "playwright.xml"))
    (record,) = _causes(result).values()
    assert (record.test_id, record.message) == ("sample.spec.ts.faied test", "Test timeout of 30000ms exceeded.")
    assert record.location == Location("/Users/daipresents/Work/playwright/tests/sample.spec.ts", 35, 66)
    assert result.tests == model.TestTotals(3, 1, 0)
