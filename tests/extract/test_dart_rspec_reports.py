"""Dart/Flutter JSON reporter streams and RSpec JSON results: records, categories, totals, sniffing, bad input,
and a report's failure linked with the same test's log lines.

Fixtures (tests/fixtures/reports/, origins in its README.md): flutter-failures.jsonl (flutter/flutter's own
`dev/bots/test/tool_subsharding_test.dart` stream), flutter-load-failure.txt (a `flutter test --machine` run
whose suite did not compile, `pub get` lines first).
"""

from __future__ import annotations

import json
from pathlib import Path

from classifier import model
from classifier.extract import dart_json, detect_format, extract_document, rspec_json
from classifier.model import Location
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc
from tests.link.test_jobs import run

REPORTS = FIXTURES / "reports"
RULES = load_rules([], load_taxonomy("ci"))


def _category(record: model.ErrorRecord) -> str:
    match = RULES.classify(record, normalize(record.message, "v1").text)
    return match.category if match is not None else ""


def test_dart_failures_are_assertions_with_their_frame_and_totals() -> None:
    result = extract_document(file_doc(REPORTS / "flutter-failures.jsonl"))
    assert result.problems == ()
    # the hidden `loading` test is not counted; the test with an error after its testDone is one failure
    assert result.tests == model.TestTotals(run=3, failed=2, skipped=0)
    first, second = result.records
    assert first.test_id == "generateMetrics empty metrics"
    assert first.message == "Expected: <true> Actual: <false>"
    assert (first.exception_type, first.tool_hint, first.kind.value) == ("", "test", "junit")
    assert first.location == Location("test/tool_subsharding_test.dart", 28, 7)
    assert second.test_id == "generateMetrics missing success entry"
    assert [_category(r) for r in result.records] == ["assertion_failure", "assertion_failure"]


def test_a_suite_that_did_not_compile_is_a_compilation_failure_at_the_compiler_s_line() -> None:
    path = REPORTS / "flutter-load-failure.txt"
    assert detect_format(file_doc(path), path.read_bytes()) == "dart_json"  # `pub get` lines come first
    result = extract_document(file_doc(path))
    (record,) = result.records
    assert record.test_id == "jive-flutter/test/widget_test.dart"  # the workspace path made relative
    assert record.message.startswith("Error when reading 'lib/screens/management/manual_overrides_page.dart'")
    assert record.location == Location("lib/core/router/app_router.dart", 21, 8)
    assert record.tool_hint == "compilation"
    assert _category(record) == "compilation_error"
    assert result.tests == model.TestTotals(run=1, failed=1, skipped=0)


def _events(*events: dict[str, object]) -> bytes:
    return "\n".join(json.dumps(event) for event in events).encode()


START = {"protocolVersion": "0.1.1", "runnerVersion": "1.25.8", "pid": 1, "type": "start", "time": 0}
SUITE = {"suite": {"id": 0, "platform": "vm", "path": "test/widget_test.dart"}, "type": "suite", "time": 0}


def _test(number: int, name: str, line: int) -> dict[str, object]:
    url = "file:///home/runner/work/app/app/test/widget_test.dart"
    test = {"id": number, "name": name, "suiteID": 0, "groupIDs": [2], "line": line, "column": 5, "url": url}
    return {"test": test, "type": "testStart", "time": 1}


def _done(number: int, result: str, skipped: bool = False) -> dict[str, object]:
    return {"testID": number, "result": result, "skipped": skipped, "hidden": False, "type": "testDone", "time": 2}


# flutter_test reports a widget test's exception by printing FlutterError's report (as the issue thread
# github.com/flutter/flutter/issues/94456 shows for `--machine`; the block's text as quoted in
# github.com/fzyzcjy/flutter_convenient_test/issues/31), then the generic error of flutter_test's binding.dart.
FLUTTER_REPORT = """══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞════════════════════════════════════════════════════
The following TestFailure was thrown running a test:
Expected: <0>
  Actual: <1>
this expect should deliberately fail

When the exception was thrown, this was the stack:
#4      main.<anonymous closure> (file:///home/runner/work/app/app/test/widget_test.dart:23:9)
<asynchronous suspension>

The test description was:
  counter increments
════════════════════════════════════════════════════════════════════════════════════════════════════
"""


def test_flutter_s_printed_exception_report_gives_the_reason_and_other_errors_keep_their_type() -> None:
    see_above = "Test failed. See exception logs above.\nThe test description was: counter increments"
    data = _events(
        START,
        SUITE,
        _test(3, "counter increments", 20),
        *(
            {"testID": 3, "messageType": "print", "message": line, "type": "print"}
            for line in FLUTTER_REPORT.split("\n")
        ),
        {"testID": 3, "error": see_above, "stackTrace": "", "isFailure": False, "type": "error"},
        _done(3, "error"),
        _test(4, "parses a pet", 30),
        {
            "testID": 4,
            "error": "Bad state: No element",
            "stackTrace": "dart:core  List.first\ntest/widget_test.dart 33:18  main.<fn>\n",
            "isFailure": False,
            "type": "error",
        },
        _done(4, "error"),
        _test(5, "loads slowly", 40),
        {
            "testID": 5,
            "error": "TimeoutException after 0:00:30.000000: Test timed out after 30 seconds.",
            "stackTrace": "dart:isolate  _RawReceivePort._handleMessage\n",
            "isFailure": False,
            "type": "error",
        },
        _done(5, "error"),
        _test(6, "skipped one", 50),
        _done(6, "success", skipped=True),
        _test(7, "passes", 60),
        _done(7, "success"),
        {"success": False, "type": "done"},
    )
    result = dart_json.extract(bytes_doc("machine.log", data))
    widget, state, slow = result.records
    assert widget.message == "TestFailure: Expected: <0>"  # as the log scanner reads the printed block
    assert (widget.exception_type, widget.framework) == ("TestFailure", "flutter")
    assert widget.location == Location("test/widget_test.dart", 23, 9)
    assert (state.exception_type, state.tool_hint, state.location) == (
        "StateError",
        "test_error",
        Location("test/widget_test.dart", 33, 18),
    )
    assert slow.tool_hint == "timeout"
    assert slow.location == Location("test/widget_test.dart", 40, 5)  # no frame of its own: the test's definition
    assert [_category(r) for r in result.records] == ["assertion_failure", "runtime_error", "timeout"]
    assert result.tests == model.TestTotals(run=5, failed=3, skipped=1)


def test_dart_sniffing_takes_its_events_and_leaves_libtest_and_go_streams() -> None:
    libtest = REPORTS / "libtest.jsonl"
    assert detect_format(file_doc(libtest), libtest.read_bytes()) == "cargo_json"
    go = b'{"Action":"run","Package":"p","Test":"TestA"}\n{"Action":"fail","Package":"p","Test":"TestA"}\n'
    assert detect_format(bytes_doc("go.json", go), go) == "gotest_json"
    dart = _events(START, SUITE, _test(1, "a", 1), _done(1, "success"))
    assert detect_format(bytes_doc("results", dart), dart) == "dart_json"
    # a workflow log that shows the stream behind its timestamps stays a log
    logged = b"2025-01-01T00:00:00.000Z " + dart.replace(b"\n", b"\n2025-01-01T00:00:00.000Z ")
    assert detect_format(bytes_doc("log.txt", logged), logged) == "gha_log"


def test_a_corrupt_dart_stream_is_a_problem_with_its_line_and_the_rest_is_read() -> None:
    data = (
        _events(START, SUITE, _test(1, "a", 1))
        + b'\n{"testID":1,"error":"Expected: <1>\n'
        + _events(_done(1, "failure"))
    )
    result = dart_json.extract(bytes_doc("broken.json", data))
    (problem,) = result.problems
    assert (problem.source, problem.line) == ("broken.json", 4)
    assert result.tests == model.TestTotals(run=1, failed=1, skipped=0)
    empty = dart_json.extract(bytes_doc("other.json", b'{"a": 1}\n{"b": 2}\n'))
    assert empty.records == () and empty.problems[0].kind == "unsupported"


# rspec-core's own feature, features/formatters/json_formatter.feature ("Formatting example names for
# retry"): various_spec.rb with a failing, a passing and a pending example, run with `--format j`; the
# values are the ones the feature checks, the rest as rspec-core's JsonFormatter writes them.
RSPEC = {
    "version": "3.13.0",
    "seed": 4321,
    "examples": [
        {
            "id": "./various_spec.rb[1:1]",
            "description": "fails",
            "full_description": "Various fails",
            "status": "failed",
            "file_path": "./various_spec.rb",
            "line_number": 2,
            "run_time": 0.01,
            "pending_message": None,
            "exception": {
                "class": "RSpec::Expectations::ExpectationNotMetError",
                "message": '\nexpected: "succeed"\n     got: "fail"\n\n(compared using ==)\n',
                "backtrace": [
                    "/usr/local/bundle/gems/rspec-support-3.13.1/lib/rspec/support.rb:110:in `block'",
                    "./various_spec.rb:3:in `block (2 levels) in <top (required)>'",
                ],
            },
        },
        {
            "id": "./various_spec.rb[1:2]",
            "description": "succeeds",
            "full_description": "Various succeeds",
            "status": "passed",
            "file_path": "./various_spec.rb",
            "line_number": 6,
            "run_time": 0.0,
            "pending_message": None,
        },
        {
            "id": "./various_spec.rb[1:3]",
            "description": "pends",
            "full_description": "Various pends",
            "status": "pending",
            "file_path": "./various_spec.rb",
            "line_number": 10,
            "run_time": 0.0,
            "pending_message": "Not yet implemented",
        },
        {
            "id": "./various_spec.rb[1:4]",
            "description": "divides",
            "full_description": "Various divides",
            "status": "failed",
            "file_path": "./various_spec.rb",
            "line_number": 12,
            "run_time": 0.0,
            "pending_message": None,
            "exception": {
                "class": "ZeroDivisionError",
                "message": "divided by 0",
                "backtrace": ["./various_spec.rb:13:in `/'", "./various_spec.rb:13:in `block (2 levels)'"],
            },
        },
    ],
    "summary": {
        "duration": 0.02,
        "example_count": 4,
        "failure_count": 2,
        "pending_count": 1,
        "errors_outside_of_examples_count": 0,
    },
    "summary_line": "4 examples, 2 failures, 1 pending",
}


def test_rspec_failures_are_named_as_rspec_s_log_names_them() -> None:
    data = json.dumps(RSPEC).encode()
    assert detect_format(bytes_doc("rspec.json", data), data) == "rspec_json"
    result = extract_document(bytes_doc("rspec.json", data))
    assert result.tests == model.TestTotals(run=4, failed=2, skipped=1)
    expectation, division = result.records
    assert expectation.test_id == "Various fails"  # `  1) Various fails`, `rspec ./various_spec.rb:2 # Various fails`
    assert "example=./various_spec.rb:2" in expectation.details  # the rerun id
    assert expectation.message == 'expected: "succeed" got: "fail"'
    assert (expectation.exception_type, expectation.tool_hint) == ("", "test")
    assert expectation.location == Location("various_spec.rb", 3)  # the spec's frame, not the gem's
    assert (division.exception_type, division.tool_hint) == ("ZeroDivisionError", "test_error")
    assert [_category(r) for r in result.records] == ["assertion_failure", "runtime_error"]


# RSpec's report of a spec file that does not load (rspec-core lib/rspec/core/formatters/
# exception_presenter.rb and the `An error occurred while loading` notification of its runner).
RSPEC_LOAD = {
    "version": "3.13.0",
    "messages": [
        "\nAn error occurred while loading ./spec/user_spec.rb.\nFailure/Error: require 'missing'\n\n"
        "LoadError:\n  cannot load such file -- missing\n# ./spec/user_spec.rb:1:in `<top (required)>'\n",
        "Run options: exclude {:slow=>true}",
    ],
    "examples": [],
    "summary": {"example_count": 0, "failure_count": 0, "errors_outside_of_examples_count": 1},
    "summary_line": "0 examples, 0 failures, 1 error occurred outside of examples",
}


def test_an_rspec_error_outside_of_examples_is_a_failure_of_its_file() -> None:
    result = rspec_json.extract(bytes_doc("rspec.json", json.dumps(RSPEC_LOAD).encode()))
    (record,) = result.records
    assert (record.test_id, record.exception_type) == ("./spec/user_spec.rb", "LoadError")
    assert record.message == "cannot load such file -- missing"
    assert record.location == Location("spec/user_spec.rb", 1)
    assert result.tests == model.TestTotals(run=0, failed=0, skipped=0)


def test_rspec_sniffing_and_bad_input() -> None:
    other = json.dumps({"examples": [{"name": "x"}], "title": "an API schema"}).encode()
    assert detect_format(bytes_doc("schema.json", other), other) != "rspec_json"
    broken = json.dumps(RSPEC).encode()[:-40]
    result = rspec_json.extract(bytes_doc("rspec.json", broken))
    assert result.records == () and result.problems[0].source == "rspec.json"
    assert result.problems[0].line is not None


# The same failing example in rspec's own output (the format of rspec-core's failure notification and its
# rerun line, as features/command_line/... print them): the log's failure and the report's are one failure.
RSPEC_LOG = """Failures:

  1) Various fails
     Failure/Error: expect("fail").to eq("succeed")

       expected: "succeed"
            got: "fail"

       (compared using ==)
     # ./various_spec.rb:3:in `block (2 levels) in <top (required)>'

Finished in 0.02 seconds (files took 0.1 seconds to load)
2 examples, 1 failure

Failed examples:

rspec ./various_spec.rb:2 # Various fails
"""


def test_an_rspec_report_and_its_log_are_one_failure(tmp_path: Path) -> None:
    examples = RSPEC["examples"]
    assert isinstance(examples, list)
    report = dict(RSPEC, examples=examples[:3])
    (tmp_path / "rspec.json").write_text(json.dumps(report))
    (tmp_path / "test.log").write_text(RSPEC_LOG)
    analysis = run([tmp_path / "test.log", tmp_path / "rspec.json"], tmp_path)
    (job,) = analysis.jobs  # the report joins the log's job: the log names its failed example
    (failure,) = job.failures  # the report's failure, the log's `Failure/Error:` and its rerun line
    linked = {(e.occurrence.record.kind.value, e.occurrence.record.message[:14]) for e in failure.evidence}
    assert linked == {("junit", 'expected: "suc'), ("runner", "Failure/Error:"), ("runner", "rspec ./variou")}
    assert job.tests == model.TestTotals(run=3, failed=1, skipped=1)


# An RSpec run's output as rspec-3-book/book-code prints it (https://github.com/rspec-3-book/book-code/blob/
# master/09-configuring-rspec/sessions/rspec_runs/3.pml; the book's elided gem path written out, its wrapped
# rerun line joined): a gem's frames above the spec's, a `/` in the example's description.
BOOK_LOG = """$ rspec expect_with_spec.rb -rdate
..F

  1) Using different assertion/expectation libraries works with wrong
     Failure/Error: assert { result == 5 }

     Wrong::Assert::AssertionFailedError:
       Expected (result == 5), but
           result is 4
     # /usr/local/bundle/gems/wrong-0.7.1/lib/wrong/assert.rb:82:in `aver'
     # /usr/local/bundle/gems/wrong-0.7.1/lib/wrong/assert.rb:34:in `assert'
     # ./expect_with_spec.rb:20:in `block (2 levels) in <top (required)>'



Finished in 0.02747 seconds (files took 0.37437 seconds to load)
3 examples, 1 failure

Failed examples:

rspec ./expect_with_spec.rb:18 # Using different assertion/expectation libraries works with wrong
"""
BOOK_DESCRIPTION = "Using different assertion/expectation libraries works with wrong"
# The same run's `--format json` report (rspec-core's JsonFormatter fields) for its failed example.
BOOK_REPORT = {
    "version": "3.13.0",
    "examples": [
        {
            "id": "./expect_with_spec.rb[1:3]",
            "description": "works with wrong",
            "full_description": BOOK_DESCRIPTION,
            "status": "failed",
            "file_path": "./expect_with_spec.rb",
            "line_number": 18,
            "exception": {
                "class": "Wrong::Assert::AssertionFailedError",
                "message": "Expected (result == 5), but\n    result is 4\n",
                "backtrace": [
                    "/usr/local/bundle/gems/wrong-0.7.1/lib/wrong/assert.rb:82:in `aver'",
                    "./expect_with_spec.rb:20:in `block (2 levels) in <top (required)>'",
                ],
            },
        }
    ],
    "summary": {"example_count": 3, "failure_count": 1, "pending_count": 0, "errors_outside_of_examples_count": 0},
    "summary_line": "3 examples, 1 failure",
}


def test_an_rspec_failure_in_a_log_is_named_by_its_example_header_at_the_spec_s_frame() -> None:
    records = extract_document(bytes_doc("rspec.log", BOOK_LOG.encode())).records
    failure = next(r for r in records if r.message.startswith("Failure/Error:"))
    assert failure.test_id == BOOK_DESCRIPTION  # the numbered header above it, as the JSON's full_description
    assert failure.location == Location("expect_with_spec.rb", 20)  # the spec's frame, not the gem's
    rerun = next(r for r in records if r.message.startswith("rspec "))
    assert (rerun.test_id, rerun.location) == (BOOK_DESCRIPTION, Location("expect_with_spec.rb", 18))


def test_an_rspec_log_and_the_same_run_s_json_report_are_one_failure(tmp_path: Path) -> None:
    (tmp_path / "rspec.log").write_text(BOOK_LOG)
    (tmp_path / "rspec.json").write_text(json.dumps(BOOK_REPORT))
    (job,) = run([tmp_path / "rspec.log", tmp_path / "rspec.json"], tmp_path).jobs
    (failure,) = job.failures
    kinds = sorted(e.occurrence.record.kind.value for e in failure.evidence)
    assert kinds == ["junit", "runner", "runner"]  # the report's, the log's `Failure/Error:`, its rerun line


def test_a_flutter_report_and_the_printed_exception_in_its_log_are_one_failure(tmp_path: Path) -> None:
    see_above = "Test failed. See exception logs above.\nThe test description was: counter increments"
    prints = (
        {"testID": 3, "messageType": "print", "message": line, "type": "print"} for line in FLUTTER_REPORT.split("\n")
    )
    error = {"testID": 3, "error": see_above, "stackTrace": "", "isFailure": False, "type": "error"}
    (tmp_path / "machine.json").write_bytes(_events(START, SUITE, _test(3, "counter increments", 20), *prints, error))
    (tmp_path / "test.log").write_text(
        "00:02 +0: counter increments\n" + FLUTTER_REPORT + "00:02 +0 -1: Some tests failed.\n"
    )
    (job,) = run([tmp_path / "test.log", tmp_path / "machine.json"], tmp_path).jobs
    (failure,) = job.failures
    assert {e.occurrence.record.kind.value for e in failure.evidence} >= {"runner", "junit"}
    assert failure.classification.category == "assertion_failure"


# dart-lang/test's own test "runs failing tests with a stdout reporter and file reporter"
# (pkgs/test/test/runner/json_file_reporter_test.dart): the expanded reporter's output of three failing tests,
# and the JSON file reporter's events of the same run as its helpers (testStartJson, errorJson, testDoneJson)
# write them.
DART_EXPANDED = """\
+0: failure 1
+0 -1: failure 1 [E]
  oh no
  test.dart 6:31  main.<fn>

+0 -1: failure 2
+0 -2: failure 2 [E]
  oh no
  test.dart 7:31  main.<fn>

+0 -2: failure 3
+0 -3: failure 3 [E]
  oh no
  test.dart 8:31  main.<fn>

+0 -3: Some tests failed.
"""


def _dart_run() -> bytes:
    suite: dict[str, object] = {"suite": {"id": 0, "platform": "vm", "path": "test.dart"}, "type": "suite"}
    loading: dict[str, object] = {
        "test": {"id": 1, "name": "loading test.dart", "suiteID": 0, "groupIDs": []},
        "type": "testStart",
    }
    events: list[dict[str, object]] = [
        START,
        suite,
        loading,
        {"testID": 1, "result": "success", "skipped": False, "hidden": True, "type": "testDone", "time": 1},
    ]
    for number, line in ((3, 6), (4, 7), (5, 8)):
        test = {
            "id": number,
            "name": f"failure {number - 2}",
            "suiteID": 0,
            "groupIDs": [2],
            "line": line,
            "column": 7,
            "url": "file:///tmp/dart_test/test.dart",
        }
        stack = f"test.dart {line}:31  main.<fn>\n"
        events += [
            {"test": test, "type": "testStart", "time": 2},
            {"testID": number, "error": "oh no", "stackTrace": stack, "isFailure": True, "type": "error"},
            _done(number, "failure"),
        ]
    return _events(*events, {"success": False, "type": "done"})


def test_a_dart_run_s_json_report_and_its_expanded_log_are_one_failure_per_test(tmp_path: Path) -> None:
    (tmp_path / "tests.json").write_bytes(_dart_run())
    (tmp_path / "test.log").write_text(DART_EXPANDED)
    (job,) = run([tmp_path / "test.log", tmp_path / "tests.json"], tmp_path).jobs
    assert len(job.failures) == 3
    for number, failure in enumerate(job.failures, 1):
        evidence = {(e.occurrence.record.kind.value, e.occurrence.record.test_id) for e in failure.evidence}
        assert {("runner", f"failure {number}"), ("junit", f"failure {number}")} <= evidence
        assert failure.root.record.location == Location("test.dart", 5 + number, 31)
    assert job.tests == model.TestTotals(run=3, failed=3, skipped=0)


def test_flutter_s_e_line_under_its_exception_report_is_a_symptom_of_it(tmp_path: Path) -> None:
    # flutter test's expanded output: the exception report (FLUTTER_REPORT above), then the test's `[E]` line
    # with flutter_test's generic error under it (its binding.dart's text)
    failed = "  Test failed. See exception logs above.\n  The test description was: counter increments\n"
    log = f"00:02 +0: counter increments\n{FLUTTER_REPORT}00:02 +0 -1: counter increments [E]\n{failed}"
    (tmp_path / "test.log").write_text(log + "00:02 +0 -1: Some tests failed.\n")
    (job,) = run([tmp_path / "test.log"], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message == "TestFailure: Expected: <0>"
    said = [(e.occurrence.record.message, e.occurrence.record.test_id) for e in failure.evidence]
    assert ("Test failed. See exception logs above.", "counter increments") in said


def test_a_dart_suite_that_does_not_parse_is_the_compiler_s_error_in_the_log() -> None:
    # dart-lang/test's runner test "a test file fails to parse due to a missing semicolon" (the lines it
    # expects in order), with the expanded reporter's clock and counters
    log = (
        "00:00 +0: loading test.dart\n"
        "00:00 +0 -1: loading test.dart [E]\n"
        '  Failed to load "test.dart":\n'
        "  test.dart:1:14: Error: Expected ';' after this.\n"
        "  void main() {foo}\n"
        "               ^^^\n"
        "  \n"
        "00:00 +0 -1: Some tests failed.\n"
    )
    causes = [r for r in extract_document(bytes_doc("job.log", log.encode())).records if r.role.value == "cause"]
    (record,) = causes
    assert (record.test_id, record.message) == ("test.dart", "Expected ';' after this.")
    assert (record.location, record.tool_hint) == (Location("test.dart", 1, 14), "compilation")
