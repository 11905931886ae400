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


def _fingerprint(path: Path, wanted: str) -> tuple[str, ErrorRecord]:
    (doc,) = [d for d in iter_documents([str(path)]) if isinstance(d, Document)]
    records = extract_document(doc).records
    (record,) = [r for r in records if wanted in r.message]
    return identify(record).fingerprint.value, record


def test_a_bare_exit_code_keeps_its_step_so_unrelated_jobs_never_merge(tmp_path: Path) -> None:
    # the step printed nothing: its marker names the step
    lint = write(tmp_path, "lint.log", _gha("make lint", "", "2026-07-01"))
    tests = write(tmp_path, "test.log", _gha("npm test", "", "2026-07-01"))
    first, marker = _fingerprint(lint, "exit code 1")
    assert marker.message == "Process completed with exit code 1. (step: make lint)"
    assert _fingerprint(tests, "exit code 1")[0] != first  # two different jobs: two failures
    (job,) = run([lint], tmp_path).jobs
    assert job.failures[0].root.record.step == "make lint"


def test_a_step_without_an_error_line_has_its_last_output_as_cause(tmp_path: Path) -> None:
    # what the step printed last is the evidence; a line stating no problem keeps the step in its message
    lint = write(tmp_path, "lint.log", _gha("make lint", "checking 12 files", "2026-07-01"))
    lint_again = write(tmp_path, "lint2.log", _gha("make lint", "checking 14 files", "2026-07-02"))
    tests = write(tmp_path, "test.log", _gha("npm test", "checking 12 files", "2026-07-01"))
    first, cause = _fingerprint(lint, "checking")
    assert cause.message == "checking 12 files (step: make lint)" and shape_of(cause) is Shape.CAUSE
    assert cause.line_start == cause.line_end == 5
    assert _fingerprint(lint_again, "checking")[0] == first  # the same job across runs: one failure
    assert _fingerprint(tests, "checking")[0] != first  # two different jobs: two failures
    (job,) = run([lint], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.step == "make lint" and failure.root.record.message.startswith("checking 12")
    assert (Link.SYMPTOM, "Process completed with exit code 1.") in links(failure)


# `gofmt -d` prints the diff it wants applied (the expected output quoted in golang/go issue 1916,
# https://github.com/golang/go/issues/1916); a check step fails on it with nothing else to say.
GOFMT_DIFF = (
    "diff gofmt-test.go gofmt/gofmt-test.go",
    "--- /tmp/gofmt793939221\t2011-06-04 17:13:50.000000000 +0200",
    "+++ /tmp/gofmt532065648\t2011-06-04 17:13:50.000000000 +0200",
    "@@ -1,5 +1,5 @@",
    " package main",
    " ",
    " func main() {",
    "-return",
    "+   return",
    " }",
)


def test_a_format_check_diff_is_the_cause_of_its_step(tmp_path: Path) -> None:
    lines = [
        "2026-07-01T10:00:00.0000000Z ##[group]Run gofmt -d . | tee /tmp/d && test ! -s /tmp/d",
        "2026-07-01T10:00:00.1000000Z ##[endgroup]",
        "2026-07-01T10:00:00.2000000Z go: downloading example.com/x v1.0.0",
        *(f"2026-07-01T10:00:01.0000000Z {line}" for line in GOFMT_DIFF),
        "2026-07-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.",
    ]
    (job,) = run([write(tmp_path, "fmt.log", "\n".join(lines) + "\n")], tmp_path).jobs
    (failure,) = job.failures
    root = failure.root.record
    assert root.message == "diff gofmt-test.go gofmt/gofmt-test.go" and root.tool_hint == "format"
    assert (root.line_start, root.line_end) == (4, 13)  # the whole diff, not the download before it
    assert failure.classification.category == "lint_error"
    assert (Link.SYMPTOM, "Process completed with exit code 1.") in links(failure)


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


def test_an_earlier_failed_step_gets_its_cause_too(tmp_path: Path) -> None:
    # two steps fail far apart (Travis runs every `script:` command); the first one's cause is bash's own
    # wording (no keyword a matcher knows), found before its marker like the last step's
    log = (
        "$ ./travis.sh\n"
        "Running the checks\n"
        "./travis.sh: line 61: stringEcho: command not found\n"
        'The command "./travis.sh" exited with 127.\n'
        "$ ./build.sh\n"
        + "".join(f"compiling unit {n}\n" for n in range(300))
        + "./build.sh: line 9: mkae: command not found\n"
        'The command "./build.sh" exited with 127.\n'
    )
    (doc,) = [d for d in iter_documents([str(write(tmp_path, "travis.log", log))]) if isinstance(d, Document)]
    causes = [r.message for r in extract_document(doc).records if shape_of(r) is Shape.CAUSE]
    assert causes == [
        "./travis.sh: line 61: stringEcho: command not found",
        "./build.sh: line 9: mkae: command not found",
    ]
