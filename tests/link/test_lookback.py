"""Root cause first when a log shows only markers: the last specific line before the failure marker, and
a bare marker that keeps its step's command in its fingerprint (classifier/extract/lookback.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract import extract_document
from classifier.fingerprint import identify
from classifier.link.shapes import Shape, shape_of
from classifier.model import ErrorRecord, Link, SourceKind
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from tests.link.test_jobs import links, run, write

# The findbugs-maven-plugin `check` goal prints each bug at INFO level, then Maven's failure block (the
# plugin's own output format: "Total bugs: N", then "<message> [<class>] At <File>.java:[line N] <TYPE>").
FINDBUGS = (
    "[INFO] --- findbugs-maven-plugin:3.0.3:check (default) @ app ---\n"
    "[INFO] BugInstance size is 1\n"
    "[INFO] Error size is 0\n"
    "[INFO] Total bugs: 1\n"
    "[INFO] Dead store to count in com.example.Counter.run() [com.example.Counter] At Counter.java:[line 12] "
    "DLS_DEAD_LOCAL_STORE\n"
    "[INFO] ------------------------------------------------------------------------\n"
    "[INFO] Reactor Summary:\n"
    "[INFO] app ................................................ FAILURE [ 12.521 s]\n"
    "[INFO] ------------------------------------------------------------------------\n"
    "[INFO] BUILD FAILURE\n"
    "[INFO] ------------------------------------------------------------------------\n"
    "[ERROR] Failed to execute goal org.codehaus.mojo:findbugs-maven-plugin:3.0.3:check (default) on project app: "
    "failed with 1 bugs and 0 errors -> [Help 1]\n"
)


def test_a_checker_finding_before_the_maven_failure_is_the_root(tmp_path: Path) -> None:
    analysis = run([write(tmp_path, "mvn.log", "$ mvn -B verify\n" + FINDBUGS)], tmp_path)
    (job,) = analysis.jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("Dead store to count in com.example.Counter.run()")
    assert failure.root.record.location is not None and failure.root.record.location.line == 12
    assert failure.classification.category == "lint_error"  # the wrapper's, the finding has none of its own
    assert (Link.WRAPPER, failure.evidence[-1].occurrence.record.message) in links(failure)
    assert all("Error size is 0" not in message for _, message in links(failure))


def test_the_last_specific_line_of_the_failing_step_beats_earlier_noise(tmp_path: Path) -> None:
    # Travis: the step's shell script fails on an unknown command (bash's own wording), no keyword line.
    log = (
        "$ ./setup.sh\n"
        "something went wrong but carried on: see setup.log\n"
        'The command "./setup.sh" exited with 0.\n'
        "$ ./travis.sh\n"
        "Running the checks\n"
        "./travis.sh: line 61: stringEcho: command not found\n"
        "cleaning up\n"
        'The command "./travis.sh" exited with 127.\n'
    )
    (job,) = run([write(tmp_path, "travis.log", log)], tmp_path).jobs
    assert [f.root.record.message for f in job.failures] == ["./travis.sh: line 61: stringEcho: command not found"]
    assert job.failures[0].root.record.step == "./travis.sh"


def test_a_python_assertion_without_a_keyword_line_is_found_before_the_summary(tmp_path: Path) -> None:
    # nose's report of a failed numpy test (an `AssertionError:` with its message on the next lines)
    log = (
        "$ ./tools/travis-test.sh\n"
        "......F....\n"
        "FAIL: numpy.core.tests.test_datetime.TestDateTime.test_datetime_array_str\n"
        "Traceback (most recent call last):\n"
        '  File "numpy/testing/utils.py", line 408, in assert_equal\n'
        "    raise AssertionError(msg)\n"
        "AssertionError: \n"
        "Items are not equal:\n"
        " ACTUAL: \"['2010'  'NaT' '2030']\"\n"
        "Ran 6790 tests in 52.686s\n"
        "FAILED (KNOWNFAIL=13, SKIP=3, failures=1)\n"
        'The command "./tools/travis-test.sh" exited with 1.\n'
    )
    (job,) = run([write(tmp_path, "nose.log", log)], tmp_path).jobs
    root = job.failures[0].root.record
    assert root.exception_type == "AssertionError" and shape_of(root) is Shape.CAUSE


def _gha(step: str, output: str, stamp: str) -> str:
    return (
        f"{stamp}T10:00:00.0000000Z ##[group]Run {step}\n"
        f"{stamp}T10:00:00.0000000Z {step}\n"
        f"{stamp}T10:00:00.1000000Z shell: /usr/bin/bash -e {{0}}\n"
        f"{stamp}T10:00:00.2000000Z ##[endgroup]\n"
        f"{stamp}T10:00:01.0000000Z {output}\n"
        f"{stamp}T10:00:02.0000000Z ##[error]Process completed with exit code 1.\n"
    )


def _bare_marker_fingerprint(path: Path) -> tuple[str, ErrorRecord]:
    (doc,) = [d for d in iter_documents([str(path)]) if isinstance(d, Document)]
    records = extract_document(doc).records
    (marker,) = [r for r in records if "exit code 1" in r.message]
    return identify(marker).fingerprint.value, marker


def test_a_bare_exit_code_keeps_its_step_so_unrelated_jobs_never_merge(tmp_path: Path) -> None:
    lint = write(tmp_path, "lint.log", _gha("make lint", "checking 12 files", "2026-07-01"))
    lint_again = write(tmp_path, "lint2.log", _gha("make lint", "checking 14 files", "2026-07-02"))
    tests = write(tmp_path, "test.log", _gha("npm test", "checking 12 files", "2026-07-01"))
    first, marker = _bare_marker_fingerprint(lint)
    assert marker.message == "Process completed with exit code 1. (step: make lint)"
    assert "checking 12 files" in marker.context  # the step's last lines are its evidence
    assert _bare_marker_fingerprint(lint_again)[0] == first  # the same job across runs: one failure
    assert _bare_marker_fingerprint(tests)[0] != first  # two different jobs: two failures
    (job,) = run([lint], tmp_path).jobs
    assert job.failures[0].root.record.step == "make lint"


@pytest.mark.parametrize(
    "summary",
    [
        "Executed 529 tests, with 1 failure (0 unexpected) in 12.887 (13.516) seconds",  # XCTest
        "Result: FAIL",  # prove (Perl)
        "** TEST FAILED **",  # xcodebuild
        "3 failing",  # mocha
        "12 examples, 2 failures",  # rspec
        "Tests: 10, Assertions: 12, Failures: 1.",  # PHPUnit
        "80% tests passed, 1 tests failed out of 5",  # CTest
        "!!!!!!!!!!!!!!!!!!!! stopping after 1 failures !!!!!!!!!!!!!!!!!!!!",  # pytest -x
    ],
)
def test_test_run_summaries_are_symptoms(summary: str) -> None:
    assert shape_of(ErrorRecord("job.log", SourceKind.RUNNER, summary)) is Shape.SYMPTOM


def test_sbt_compilation_failed_is_a_wrapper() -> None:
    line = "[error] (akka-stream / Compile / compileIncremental) Compilation failed"
    assert shape_of(ErrorRecord("job.log", SourceKind.RUNNER, line)) is Shape.WRAPPER


# terasolunaorg/guideline's .travis.yml fails the job when its Sphinx build logged a warning, with an echo no
# error matcher knows (the line mentions warnings); Travis echoes each command as `$ cmd`.
FAILS_ON_WARNINGS = """$ sh ./build-html_en.sh 2>> $ERROR_LOG_FILE
build succeeded.
The command "sh ./build-html_en.sh 2>> $ERROR_LOG_FILE" exited with 0.
$ if [[ $ERROR_COUNT -ne 0 || $WARNING_COUNT -ne 0 ]]; then echo "Build is failed. Please fix errors or warnings."; exit 1; fi
Build is failed. Please fix errors or warnings.
"""  # noqa: E501


def test_a_log_without_error_lines_that_ends_failed_has_its_failure(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "travis.log", FAILS_ON_WARNINGS)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message == "Build is failed. Please fix errors or warnings."
    assert failure.root.record.step.startswith("if [[ $ERROR_COUNT -ne 0")
    passed = FAILS_ON_WARNINGS.replace("exit 1; fi\nBuild is failed. Please fix errors or warnings.\n", "fi\n")
    (job,) = run([write(tmp_path, "passed.log", passed)], tmp_path / "passed").jobs
    assert not job.failures
