"""Test-harness failure lines are candidates (ScalaTest, TAP, Test::More); a passed test's result line never
is, whatever its name says; a message taken from under the matched line spans that line too."""

from __future__ import annotations

from classifier.extract import extract_document, gha_log
from classifier.model import ErrorRecord, Location, Role
from tests.extract.helpers import bytes_doc


def _records(text: str) -> tuple[ErrorRecord, ...]:
    return extract_document(bytes_doc("job.log", text.encode())).records


def _causes(text: str) -> list[ErrorRecord]:
    return [record for record in _records(text) if record.role is Role.CAUSE]


# TAP version 13 specification, "Example" (testanything.org/tap-version-13-specification.html)
TAP_13 = """\
TAP version 13
1..4
ok 1 - Input file opened
not ok 2 - First line of the input valid
  ---
  message: 'First line invalid'
  severity: fail
  data:
    got: 'Flirble'
    expect: 'Fnible'
  ...
ok 3 - Read the rest of the file
not ok 4 - Summarized correctly # TODO Not written yet
  ---
  message: "Can't make summary yet"
  severity: todo
  ...
"""


def test_a_tap_not_ok_line_is_a_failed_test_and_a_todo_one_is_not() -> None:
    # the log scanner's reading of TAP lines in a job's log (a TAP document on its own is read by tap.py,
    # tests/extract/test_tap_reports.py, this example too)
    records = gha_log.extract(bytes_doc("job.log", TAP_13.encode())).records
    [failed] = [record for record in records if record.role is Role.CAUSE]
    assert failed.line_start == 4
    assert failed.test_id == "First line of the input valid"
    assert failed.message == "not ok 2 - First line of the input valid"
    assert failed.line_end == 11  # through the `...` of its YAML diagnostics


# Test::More documentation, `is()` (metacpan.org/pod/Test::More): what a failing `is` prints
TEST_MORE = """\
not ok 17 - Is foo the same as bar?
#   Failed test 'Is foo the same as bar?'
#   at foo.t line 139.
#          got: 'waffle'
#     expected: 'yarblokos'
"""


def test_a_test_more_failure_names_its_test_and_where_it_failed() -> None:
    causes = _causes(TEST_MORE)
    assert {record.test_id for record in causes} == {"Is foo the same as bar?"}
    detailed = next(record for record in causes if record.location is not None)
    assert detailed.location == Location("foo.t", 139)


# ScalaTest's standard-out reporter layout (`*** FAILED ***`, the reason indented below with its
# `(File.scala:line)`), shown through sbt's `[info] `: the quick-start ExampleSpec (scalatest.org/quick_start)
# with its second test failing
SCALATEST = """\
[info] ExampleSpec:
[info] A Stack
[info] - should pop values in last-in-first-out order
[info] - should throw NoSuchElementException if an empty stack is popped *** FAILED ***
[info]   Expected exception java.util.NoSuchElementException to be thrown, but no exception was thrown \
(ExampleSpec.scala:20)
[info] Run completed in 76 milliseconds.
[info] Total number of tests run: 2
[info] Suites: completed 1, aborted 0
[info] Tests: succeeded 1, failed 1, canceled 0, ignored 0, pending 0
[info] *** 1 TEST FAILED ***
"""


def test_a_scalatest_failure_is_its_test_with_the_reason_below_it() -> None:
    [failed] = _causes(SCALATEST)
    assert failed.test_id == "should throw NoSuchElementException if an empty stack is popped"
    assert failed.message.startswith("Expected exception java.util.NoSuchElementException to be thrown")
    assert failed.location == Location("ExampleSpec.scala", 20)
    assert (failed.line_start, failed.line_end) == (4, 5)  # the header and the reason it quotes


def test_a_passed_test_whose_name_reads_like_an_error_is_no_cause() -> None:
    # `pytest -v` result lines (docs.pytest.org, "How to parametrize fixtures and test functions"), with
    # parameters that read like errors, as a command-line tool's own tests have them
    log = """\
test_rules.py::test_match[Permission denied] PASSED                      [ 50%]
test_rules.py::test_match[fatal: Not a git repository] PASSED            [100%]
"""
    assert _causes(log) == []


def test_a_passed_mocha_test_is_not_even_a_warning() -> None:
    # mocha's spec reporter (mochajs.org, "spec"): a passed test's line under its suite
    log = "  Array\n    #indexOf()\n      ✓ should return -1 when the value is not present (fails to error out)\n"
    assert _records(log) == ()


def test_a_message_taken_from_the_next_line_spans_it() -> None:
    # rake's documented abort (ruby/rake `rake` with no Rakefile): `rake aborted!` and the reason below it; the
    # record starts at the reason's line, where its message is (LineMatch.at), as Gradle's deepest cause does
    log = "$ rake\nrake aborted!\nNo Rakefile found (looking for: rakefile, Rakefile, rakefile.rb, Rakefile.rb)\n"
    [aborted] = _causes(log)
    assert aborted.message.startswith("No Rakefile found")
    assert (aborted.line_start, aborted.line_end) == (3, 3)


# A test script that died (perlfunc `die`: `open(...) or die "Can't open $file: $!"` prints `msg at FILE line N.`)
# under prove (Test::Harness's `t/x.t .. ` header and its `Dubious, test returned N` verdict)
PROVE_DIED = """\
t/basic.t .... ok
t/config.t ... Can't open t/data/app.conf: No such file or directory at t/config.t line 9.
# Looks like your test exited with 2 before it could output anything.
t/config.t ... Dubious, test returned 2 (wstat 512, 0x200)
No subtests run
"""


def test_a_test_script_s_die_message_is_a_cause_of_that_test_at_its_line() -> None:
    died, dubious = _causes(PROVE_DIED)
    assert died.message == "Can't open t/data/app.conf: No such file or directory at t/config.t line 9."
    assert died.test_id == dubious.test_id == "t/config.t"
    assert died.location == Location("t/config.t", 9)
