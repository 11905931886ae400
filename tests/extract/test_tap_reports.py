"""TAP documents read as test reports: failures, directives, subtests, places, totals, sniffing, bad input, and
a TAP report's failure linked with the same test's lines in the job's log.

Fixtures (tests/fixtures/reports/, origins in its README.md): node-test.tap (nodejs/node's own node:test TAP
snapshot `describe_it.snapshot`, trimmed), bats.tap (the stream bats-core's `test/bats.bats` replays).
"""

from __future__ import annotations

from pathlib import Path

from classifier import model
from classifier.extract import detect_format, extract_document, tap
from classifier.model import Location, Role
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc
from tests.extract.test_harness_lines import TAP_13
from tests.link.test_jobs import run

REPORTS = FIXTURES / "reports"
RULES = load_rules([], load_taxonomy("ci"))
DESCRIBE_IT = "/test/fixtures/test-runner/output/describe_it.js"


def _category(record: model.ErrorRecord) -> str:
    match = RULES.classify(record, normalize(record.message, "v1").text)
    return match.category if match is not None else ""


def test_node_test_failures_one_each_with_directives_and_subtests_read() -> None:
    path = REPORTS / "node-test.tap"
    assert detect_format(file_doc(path), path.read_bytes()) == "tap"
    result = extract_document(file_doc(path))
    assert result.problems == ()
    # a TODO `not ok` and a SKIP are no failures; a suite whose subtest failed is that subtest's failure
    assertion, thrown, cancelled, describe, timeout = result.records
    assert assertion.test_id == "async assertion fail"
    assert assertion.message == "Expected values to be strictly equal: true !== false"
    assert (assertion.exception_type, assertion.tool_hint) == ("AssertionError", "test")
    assert assertion.location == Location(DESCRIBE_IT, 52, 1)
    assert thrown.test_id == "subtest sync throw fail › +sync throw fail"
    assert thrown.tool_hint == "test_error"  # ERR_TEST_FAILURE: the test's code threw
    assert (cancelled.role, describe.role) == (Role.SYMPTOM, Role.CAUSE)  # cancelled by its suite, which threw
    assert describe.message == "thrown from describe"
    assert (timeout.test_id, timeout.tool_hint) == ("timeouts › timed out async test", "timeout")
    assert [_category(r) for r in (assertion, thrown, timeout)] == ["assertion_failure", "runtime_error", "timeout"]
    assert result.tests == model.TestTotals(run=9, failed=4, skipped=2)


# TAP version 13 specification, "Example" (testanything.org/tap-version-13-specification.html): TAP_13,
# shared with the log scanner's test of the same lines (tests/extract/test_harness_lines.py).


def test_the_specification_s_example_is_one_failure_with_its_yaml_message() -> None:
    result = extract_document(bytes_doc("results.tap", TAP_13.encode()))
    (record,) = result.records
    assert (record.test_id, record.message, record.line_start) == (
        "First line of the input valid",
        "First line invalid",
        4,
    )
    assert _category(record) == "assertion_failure"
    assert result.tests == model.TestTotals(run=4, failed=1, skipped=1)


def test_bats_tap_failure_takes_its_command_and_place() -> None:
    result = extract_document(file_doc(REPORTS / "bats.tap"))
    (record,) = result.records
    assert record.test_id == "a failing test"
    assert record.message == '`eval "( exit ${STATUS:-1} )"\' failed'
    assert record.location == Location("test/fixtures/bats/failing.bats", 4)
    assert result.tests == model.TestTotals(run=2, failed=1, skipped=0)


def test_tap_sniffing_leaves_logs_that_print_tap_lines() -> None:
    logged = b"2024-01-01T00:00:00.000Z 1..2\n2024-01-01T00:00:00.000Z not ok 1 a failing test\n"
    assert detect_format(bytes_doc("log.txt", logged), logged) == "gha_log"
    prose = b"ok, so the build broke again\nlet me look at it\nthe log is below\nnothing else\n"
    assert detect_format(bytes_doc("notes.txt", prose), prose) == "gha_log"
    bare = b"1..1\nok 1 works\n"
    assert detect_format(bytes_doc("result.txt", bare), bare) == "tap"


def test_tap_is_told_past_blank_lines_and_a_first_line_longer_than_the_quick_look() -> None:
    """The sniffer looks at the first kilobytes for the first line; a head whose first line starts later or runs
    longer is read whole, as before."""
    blank_first = b"\n" * 5000 + b"1..1\nok 1 works\n"
    assert detect_format(bytes_doc("result.txt", blank_first), blank_first) == "tap"
    long_first = b"ok 1 " + b"x" * 5000 + b"\n1..1\n"
    assert detect_format(bytes_doc("result.txt", long_first), long_first) == "tap"
    long_prose = b"ok, so " + b"y" * 5000 + b"\nmore prose\n"
    assert detect_format(bytes_doc("notes.txt", long_prose), long_prose) == "gha_log"


def test_a_yaml_block_that_never_ends_is_a_problem_with_its_line_and_a_bail_out_a_failure() -> None:
    data = b"TAP version 14\nnot ok 1 - breaks\n  ---\n  message: 'boom'\n"
    result = tap.extract(bytes_doc("cut.tap", data))
    (problem,) = result.problems
    assert (problem.source, problem.line) == ("cut.tap", 3)
    assert result.records[0].message == "boom"
    bailed = tap.extract(bytes_doc("bail.tap", b"TAP version 13\n1..3\nok 1 - a\nBail out! database down\n"))
    (record,) = bailed.records
    assert (record.message, record.role) == ("Bail out! database down", Role.CAUSE)
    short = tap.extract(bytes_doc("short.tap", b"1..3\nok 1 - a\n"))
    assert [r.message for r in short.records] == ["planned 3 tests, ran 1"]


# The bats run of bats.tap as the job's log shows it (bats' TAP formatter on the step's output).
BATS_LOG = """\
##[group]Run bats --tap test/fixtures/bats/failing.bats
1..2
not ok 1 a failing test
# (in test file test/fixtures/bats/failing.bats, line 4)
#   `eval "( exit ${STATUS:-1} )"' failed
ok 2 a succesful test
##[error]Process completed with exit code 1.
"""


def test_a_tap_report_and_its_log_are_one_failure(tmp_path: Path) -> None:
    (tmp_path / "bats.tap").write_bytes((REPORTS / "bats.tap").read_bytes())
    (tmp_path / "test.log").write_text(BATS_LOG)
    (job,) = run([tmp_path / "test.log", tmp_path / "bats.tap"], tmp_path).jobs
    (failure,) = job.failures
    assert {e.occurrence.record.kind.value for e in failure.evidence} >= {"runner", "junit"}
    assert job.tests == model.TestTotals(run=2, failed=1, skipped=0)
