"""Report-format extractors on small real samples (tests/fixtures/reports, origins in each file) and on
hostile or broken input: NUnit, xUnit.net, TRX, checkstyle, SARIF, ESLint JSON, and the JUnit totals."""

from __future__ import annotations

from classifier import model
from classifier.extract import checkstyle, eslint_json, junit, nunit, sarif, trx, xunit
from classifier.extract.reportio import MAX_RECORDS, repo_path
from classifier.model import Location, Severity, SourceKind
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc

REPORTS = FIXTURES / "reports"


def test_nunit3_failures_with_message_location_and_totals() -> None:
    result = nunit.extract(file_doc(REPORTS / "nunit3-failures.xml"))
    assert result.problems == ()
    assert result.tests == model.TestTotals(run=2, failed=2, skipped=0)
    first = result.records[0]
    assert first.kind is SourceKind.JUNIT
    assert first.test_id == "MonoTouchFixtures.Foundation.TimerTest.Bug17793"
    assert first.message == "Not signalled twice in 5s Expected: True But was: False"
    assert first.exception_type == ""
    assert first.location == Location("xamarin-macios/tests/monotouch-test/Foundation/TimerTest.cs", 48)
    assert (first.framework, first.tool_hint) == ("dotnet", "test")
    assert [r.test_id.rsplit(".", 1)[-1] for r in result.records] == ["Bug17793", "Bug2443"]


def test_nunit_exception_type_error_label_and_setup_failure() -> None:
    xml = b"""<test-run id="2" total="2" failed="2"><test-suite type="TestFixture" fullname="A.B" result="Failed"
      site="SetUp" label="Error"><failure><message>System.InvalidOperationException : db down</message></failure>
      <test-case fullname="A.B.T1" result="Skipped" label="Ignored"/></test-suite>
      <test-case fullname="A.C.T2" result="Failed" label="Error"><failure>
      <message><![CDATA[System.NullReferenceException : Object
      reference not set]]></message>
      <stack-trace>at A.C.T2() in D:\\a\\repo\\repo\\src\\C.cs:line 7</stack-trace></failure>
      </test-case></test-run>"""
    result = nunit.extract(bytes_doc("TestResult.xml", xml))
    by_id = {r.test_id: r for r in result.records}
    assert by_id["A.C.T2"].exception_type == "NullReferenceException"
    assert by_id["A.C.T2"].message == "System.NullReferenceException: Object reference not set"
    assert by_id["A.C.T2"].tool_hint == "test_error"
    assert by_id["A.C.T2"].location == Location("src/C.cs", 7)
    assert by_id["A.B"].exception_type == "InvalidOperationException"  # the fixture's setup failed
    assert "site=SetUp" in by_id["A.B"].details
    assert result.tests == model.TestTotals(run=2, failed=1, skipped=1)


def test_nunit2_success_attribute_and_ignored() -> None:
    xml = b"""<test-results name="x.dll" total="3" failures="1" not-run="1"><test-suite name="x"><results>
      <test-case name="N.T.Ok" executed="True" success="True"/>
      <test-case name="N.T.Bad" executed="True" success="False"><failure><message><![CDATA[  Expected: 30
  But was:  20
]]></message></failure></test-case>
      <test-case name="N.T.Later" executed="False"><reason><message>not now</message></reason></test-case>
      </results></test-suite></test-results>"""
    result = nunit.extract(bytes_doc("nunit2.xml", xml))
    assert [(r.test_id, r.message) for r in result.records] == [("N.T.Bad", "Expected: 30 But was: 20")]
    assert result.tests == model.TestTotals(run=3, failed=1, skipped=1)


def test_xunit2_failure_and_totals() -> None:
    result = xunit.extract(file_doc(REPORTS / "xunit2.xml"))
    assert result.problems == ()
    assert result.tests == model.TestTotals(run=2, failed=1, skipped=0)
    (record,) = result.records
    assert record.test_id == "csharp_xunit_calc.CalcTests.FailingTest"
    assert record.message == "Assert.Equal() Failure Expected: 5 Actual: 4"
    assert record.location == Location("/Users/smsf/exps/csharp-xunit-calc/test/CalcTests.cs", 21)
    assert (record.framework, record.tool_hint) == ("dotnet", "test")


def test_xunit1_and_assembly_errors() -> None:
    xml = b"""<assembly name="t.dll" run-date="2012-01-14" total="2" passed="1" failed="1" skipped="0">
      <class name="N.C"><test name="N.C.Ok" result="Pass"/><test name="N.C.Boom" result="Fail">
      <failure exception-type="System.IO.IOException"><message>disk gone</message></failure>
      </test></class></assembly>"""
    result = xunit.extract(bytes_doc("xunit1.xml", xml))
    assert [(r.test_id, r.exception_type, r.tool_hint) for r in result.records] == [
        ("N.C.Boom", "IOException", "test_error")
    ]
    v2 = b"""<assemblies><assembly name="a.dll" test-framework="xUnit.net 2.4"><errors><error type="assembly-cleanup"
      name="a.dll"><failure exception-type="System.Exception"><message>cleanup failed</message></failure></error>
      </errors></assembly></assemblies>"""
    errors = xunit.extract(bytes_doc("errors.xml", v2))
    assert [(r.message, r.details) for r in errors.records] == [
        ("cleanup failed", "format=xunit; outcome=error; error=assembly-cleanup")
    ]
    assert errors.tests == model.TestTotals()


def test_trx_failures_test_ids_and_run_errors() -> None:
    ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"
    xml = f"""<?xml version="1.0" encoding="utf-8"?><TestRun xmlns="{ns}"><Results>
      <UnitTestResult testId="1" testName="Adds" outcome="Passed"/>
      <UnitTestResult testId="2" testName="Divides" outcome="Failed"><Output><ErrorInfo><Message>Test method
       Calc.Tests.Divides threw exception: System.DivideByZeroException: Attempted to divide by zero.</Message>
       <StackTrace>   at Calc.Tests.Divides() in /home/runner/work/calc/calc/Calc.Tests/Tests.cs:line 14</StackTrace>
      </ErrorInfo></Output></UnitTestResult>
      <UnitTestResult testId="3" testName="Slow" outcome="Timeout"/>
      <UnitTestResult testId="4" testName="Later" outcome="NotExecuted"/></Results>
      <TestDefinitions><UnitTest id="2" name="Divides"><TestMethod className="Calc.Tests, Calc.Tests, Version=1.0"
      name="Divides"/></UnitTest></TestDefinitions>
      <ResultSummary outcome="Failed"><Counters total="4" failed="1" timeout="1"/><RunInfos>
      <RunInfo outcome="Error"><Text>The active test run was aborted. Reason: Test host process crashed</Text></RunInfo>
      <RunInfo outcome="Error"><Text>[xUnit.net 00:00:01.01]     Calc.Tests.Divides [FAIL]</Text></RunInfo>
      </RunInfos></ResultSummary></TestRun>""".encode()
    result = trx.extract(bytes_doc("run.trx", xml))
    assert result.problems == ()
    assert result.tests == model.TestTotals(run=4, failed=2, skipped=1)
    by_id = {r.test_id: r for r in result.records}
    divides = by_id["Calc.Tests.Divides"]
    assert divides.location == Location("Calc.Tests/Tests.cs", 14)
    assert divides.message.startswith("Test method Calc.Tests.Divides threw exception: System.DivideByZeroException")
    assert by_id["Slow"].tool_hint == "timeout"
    assert by_id[""].message == "The active test run was aborted. Reason: Test host process crashed"
    assert len(result.records) == 3  # the "[FAIL]" run message repeats a test failure and is left out


def test_checkstyle_severities_code_and_exception() -> None:
    xml = b"""<?xml version="1.0"?><checkstyle version="10.12"><file name="/home/runner/work/app/app/src/A.java">
      <error line="3" column="5" severity="error" message="Line is longer than 100 characters (found 120)."
       source="com.puppycrawl.tools.checkstyle.checks.sizes.LineLengthCheck"/>
      <error line="9" severity="warning" message="&apos;x&apos; hides a field."
       source="com.puppycrawl.tools.checkstyle.checks.coding.HiddenFieldCheck#m1"/>
      <error line="1" severity="info" message="fyi" source="x"/></file>
      <file name="web/app.js">
      <error line="2" column="1" severity="error" message="Unexpected var." source="eslint.rules.no-var"/>
      <exception><![CDATA[com.puppycrawl.tools.checkstyle.api.CheckstyleException: Exception was thrown while processing
      at com.puppycrawl.tools.checkstyle.Checker.processFile(Checker.java:301)
      at com.puppycrawl.tools.checkstyle.Checker.processFiles(Checker.java:311)]]></exception></file></checkstyle>"""
    result = checkstyle.extract(bytes_doc("checkstyle-result.xml", xml))
    records = result.records
    assert [(r.severity, r.code, r.tool_hint, r.framework) for r in records] == [
        (Severity.ERROR, "LineLengthCheck", "checkstyle", "checkstyle"),
        (Severity.WARNING, "HiddenFieldCheck", "checkstyle", "checkstyle"),
        (Severity.ERROR, "no-var", "lint", "eslint"),
        (Severity.ERROR, "", "checkstyle", "checkstyle"),
    ]
    assert records[0].location == Location("src/A.java", 3, 5)
    assert records[1].message == "'x' hides a field."
    assert records[3].exception_type == "CheckstyleException"
    assert result.tests is None


def test_sarif_levels_rule_defaults_message_strings_and_suppressions() -> None:
    log = b"""{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{
      "tool": {"driver": {"name": "CodeQL", "rules": [
        {"id": "js/sql-injection", "defaultConfiguration": {"level": "error"},
         "messageStrings": {"default": {"text": "Query built from {0}."}}}]}},
      "results": [
        {"ruleId": "js/sql-injection", "message": {"id": "default", "arguments": ["user input"]},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/db.js", "uriBaseId": "%SRCROOT%"},
           "region": {"startLine": 12, "startColumn": 3}}}]},
        {"ruleId": "js/unused", "level": "note", "message": {"text": "unused"}},
        {"ruleId": "js/unused", "message": {"text": "suppressed"}, "suppressions": [{"kind": "inSource"}]},
        {"ruleId": "js/x", "kind": "pass", "message": {"text": "fine"}},
        {"ruleId": "js/y", "message": {"text": "plain warning"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///home/runner/work/r/r/a%20b.js"}}}]}],
      "invocations": [{"executionSuccessful": false, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "Out of memory."},
         "exception": {"kind": "System.OutOfMemoryException"}}]}]
    }]}"""
    result = sarif.extract(bytes_doc("results.sarif", log))
    assert result.problems == ()
    records = result.records
    assert [(r.severity, r.code, r.message) for r in records] == [
        (Severity.ERROR, "js/sql-injection", "Query built from user input."),
        (Severity.WARNING, "js/y", "plain warning"),
        (Severity.ERROR, "", "Out of memory."),
    ]
    assert records[0].location == Location("src/db.js", 12, 3)
    assert records[1].location == Location("a b.js")
    assert (records[0].framework, records[0].tool_hint, records[0].kind) == ("codeql", "lint", SourceKind.RUNNER)
    assert (records[2].tool_hint, records[2].exception_type) == ("tool_error", "OutOfMemoryException")


def test_sarif_bad_shapes_are_problems() -> None:
    assert sarif.extract(bytes_doc("a.sarif", b'{"version": "2.1.0", "runs": null}')).problems
    bad = sarif.extract(bytes_doc("b.sarif", b'{"version": "2.1.0", "runs": [{"results": 42}]}'))
    assert "runs[0].results is not a list" in bad.problems[0].message
    assert sarif.extract(bytes_doc("c.sarif", b'{"version": "2.1.0"')).problems[0].source == "c.sarif"


def test_eslint_json_severity_fatal_and_paths() -> None:
    report = b"""[{"filePath": "/home/runner/work/web/web/src/a.ts", "messages": [
        {"ruleId": "no-unused-vars", "severity": 2, "message": "'x' is defined but never used.",
         "line": 1, "column": 7},
        {"ruleId": "semi", "severity": 1, "message": "Missing semicolon.", "line": 2, "column": 10},
        {"ruleId": null, "fatal": true, "severity": 2, "message": "Parsing error: Unexpected token )", "line": 4}],
      "errorCount": 2, "warningCount": 1},
      {"filePath": "src/b.ts", "messages": [], "errorCount": 0, "warningCount": 0}]"""
    result = eslint_json.extract(bytes_doc("eslint.json", report))
    assert [(r.severity, r.code, r.tool_hint) for r in result.records] == [
        (Severity.ERROR, "no-unused-vars", "eslint"),
        (Severity.WARNING, "semi", "eslint"),
        (Severity.ERROR, "", "compilation"),
    ]
    assert result.records[0].location == Location("src/a.ts", 1, 7)
    wrong = eslint_json.extract(bytes_doc("other.json", b'[{"name": "x"}]'))
    assert wrong.records == () and wrong.problems[0].kind == "unsupported"


def test_xml_formats_refuse_hostile_and_corrupt_input() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><test-run>&a;</test-run>'
    for module, name in ((nunit, "n.xml"), (xunit, "x.xml"), (trx, "t.trx"), (checkstyle, "c.xml")):
        hostile = module.extract(bytes_doc(name, bomb))
        assert hostile.records == () and hostile.problems[0].source == name
        corrupt = module.extract(bytes_doc(name, b"<assemblies><assembly>"))
        assert corrupt.problems and corrupt.problems[0].line == 1
    assert "not a TRX report" in trx.extract(bytes_doc("t.trx", b"<checkstyle/>")).problems[0].message


def test_record_cap_is_a_limit_problem() -> None:
    errors = "".join(f'<error line="{i}" severity="error" message="m{i}"/>' for i in range(MAX_RECORDS + 5))
    xml = f'<checkstyle><file name="a">{errors}</file></checkstyle>'.encode()
    result = checkstyle.extract(bytes_doc("big.xml", xml))
    assert len(result.records) == MAX_RECORDS
    assert result.problems[0].kind == "limit" and "5 more" in result.problems[0].message


def test_repo_path_strips_ci_workspaces_and_file_uris() -> None:
    assert repo_path("/home/runner/work/repo/repo/src/a.py") == "src/a.py"
    assert repo_path("D:\\a\\repo\\repo\\src\\A.cs") == "src/A.cs"
    assert repo_path("/__w/repo/repo/lib/x.js") == "lib/x.js"
    assert repo_path("C:\\actions-runner\\_work\\proj\\proj\\tests\\T.cs") == "tests/T.cs"
    assert repo_path("/var/lib/jenkins/workspace/my-job/src/Main.java") == "src/Main.java"
    assert repo_path("file:///C:/code/a%20b.c") == "C:/code/a b.c"
    assert repo_path("file:src/A.java") == "src/A.java"
    assert repo_path("./pkg/x.go") == "pkg/x.go"
    assert repo_path("/home/runner/work/repo/repo/") == "/home/runner/work/repo/repo/"


def test_junit_totals_and_go_junit_report_message() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "go-junit-report.xml"))
    assert result.tests == model.TestTotals(run=5, failed=1, skipped=2)
    (record,) = result.records
    assert record.test_id == "package/fail.TestOne"
    assert record.message == "Error message"  # not the attribute's "Failed"
    assert record.location == Location("fail_test.go", 6)
    assert record.framework == "go"


def test_junit_jest_expect_message_without_header_or_stack() -> None:
    text = (
        "  \u25cf Cart \u203a adds\n\n    expect(received).toBe(expected) // Object.is equality\n\n"
        "    Expected: 2\n    Received: 3\n      at Object.<anonymous> (src/cart.test.js:4:17)"
    )
    xml = (
        '<testsuites><testsuite name="cart"><testcase classname="Cart adds" name="Cart adds" file="src/cart.test.js">'
        f"<failure message={_quoted(text)}>{_escaped(text)}</failure></testcase></testsuite></testsuites>"
    ).encode()
    (record,) = junit.extract(bytes_doc("junit.xml", xml)).records
    assert record.message == "expect(received).toBe(expected) // Object.is equality Expected: 2 Received: 3"
    assert record.test_id == "src/cart.test.js::Cart adds"
    assert record.exception_type == ""


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(text: str) -> str:
    return '"' + _escaped(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


def test_fixture_eslint_docs_json_and_checkstyle_agree() -> None:
    as_json = eslint_json.extract(file_doc(REPORTS / "eslint.json"))
    as_xml = checkstyle.extract(file_doc(REPORTS / "eslint-checkstyle.xml"))
    severities = [r.severity for r in as_json.records]
    assert (severities.count(Severity.ERROR), severities.count(Severity.WARNING)) == (5, 4)  # errorCount, warningCount
    assert [r.severity for r in as_xml.records] == severities
    assert [r.code for r in as_xml.records] == [r.code for r in as_json.records]
    assert as_json.records[0].message == "'addOne' is defined but never used."
    assert as_xml.records[0].framework == "eslint" and as_xml.records[0].tool_hint == "lint"
    assert as_json.records[0].location == as_xml.records[0].location
    assert as_json.records[0].location is not None and as_json.records[0].location.line == 1


def test_fixture_clang_sarif_artifact_index() -> None:
    (record,) = sarif.extract(file_doc(REPORTS / "clang.sarif")).records
    assert record.message == "expected ';' after top level declarator"
    assert record.location == Location("/main.cpp", 3, 14)  # uri from run.artifacts[0]
    assert (record.severity, record.code) == (Severity.WARNING, "clang.unittest")  # no level: warning


def test_gotestsum_junit_messages_are_the_tests_own_words() -> None:
    result = junit.extract(file_doc(FIXTURES / "junit" / "gotestsum.xml"))
    assert result.tests == model.TestTotals(run=7, failed=5, skipped=1)
    by_test = {r.test_id.rsplit("/", 1)[-1]: r for r in result.records}
    assert {name: r.message for name, r in by_test.items()} == {
        "TestMain": "sometimes main can exit 2",
        "withfails.TestFailed": "this failed",
        "withfails.TestFailedWithStderr": "also failed",
        "c": "failed",
        "withfails.TestNestedWithFailure": "--- FAIL: TestNestedWithFailure (0.00s)",  # not "=== RUN ..."
    }
    assert by_test["withfails.TestFailed"].location == Location("fails_test.go", 34)
    # the parent's bare `--- FAIL` restates its failed subtest `TestNestedWithFailure/c`
    assert by_test["withfails.TestNestedWithFailure"].role is model.Role.SYMPTOM
    assert by_test["c"].role is model.Role.CAUSE


def test_go_testify_error_block_under_an_empty_go_line() -> None:
    text = (
        "=== RUN   TestCalculate\n    calc_test.go:12: \n"
        "        \tError Trace:\t/home/runner/work/calc/calc/calc_test.go:12\n"
        "        \tError:      \tNot equal: \n        \t            \texpected: 4\n"
        "        \t            \tactual  : 5\n        \tTest:       \tTestCalculate\n--- FAIL: TestCalculate (0.00s)\n"
    )
    xml = f'<testsuite><testcase classname="calc" name="TestCalculate"><failure message="Failed">{text}</failure>'
    (record,) = junit.extract(bytes_doc("go.xml", (xml + "</testcase></testsuite>").encode())).records
    assert record.message == "Not equal: expected: 4 actual : 5"
    assert record.location == Location("calc_test.go", 12)
