"""Failures printed in shapes the keyword scan missed, and lines that only looked like failures: Tasty's test
tree, make's marker after another process's unfinished line, a log's `nl` artifact, Electron's console lines."""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.extract.prefix import strip_prefix
from classifier.extract.text import clean
from classifier.model import ErrorRecord, Location, Role, Severity
from tests.core.ci_logs import failures_of
from tests.extract.helpers import bytes_doc


def _records(text: str) -> tuple[ErrorRecord, ...]:
    return extract_document(bytes_doc("job.log", text.encode())).records


# The example run in the Tasty README (github.com/UnkindPartition/tasty, "Example"), with --timing durations
# as pandoc's and purescript's CI print them; a passed test's name may say anything (`cannot`, `error`).
TASTY = """\
Tests
  Properties
    sort == sort . reverse:                         OK (0.02s)
      +++ OK, passed 100 tests.
    Fermat's little theorem:                        OK (0.01s)
      +++ OK, passed 100 tests.
  Unit tests
    RST inlines cannot start nor end with spaces:   OK
    List comparison (different length):             OK
    List comparison (same length):                  FAIL (0.01s)
      test/test.hs:28:
      expected: LT
       but got: GT

1 out of 5 tests failed (0.04s)
Test suite test: FAIL
"""


def test_tasty_failure_spans_its_reason_and_passed_tests_are_no_candidates() -> None:
    causes = [record for record in _records(TASTY) if record.role is Role.CAUSE]
    assert len(causes) == 1
    [failure] = causes
    assert failure.test_id == "List comparison (same length)"
    assert failure.framework == "tasty"
    assert (failure.line_start, failure.line_end) == (10, 13)  # the FAIL line through `but got: GT`
    assert failure.location is not None and (failure.location.file, failure.location.line) == ("test/test.hs", 28)
    assert not any("cannot start" in record.message for record in _records(TASTY))


def test_tasty_job_leads_with_the_failed_test(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, TASTY + 'The command "cabal test" exited with 1.\n')
    assert failure.root.record.test_id == "List comparison (same length)"


# GNU make under -j: a recipe's line left unfinished by another process, then make's marker on the same line
# (erlang/otp's `./scripts/build-otp` on Travis CI; the marker's wording is make's own, `make[4]: *** [t] Error 1`)
INTERLEAVED = """\
$ ./scripts/build-otp
Building OTP.................... failed.
(no logger present) unexpected logger message: {log,error,"Error in process ~p with exit value:~n~p~n",[]}
(no logger present) unexpected logger message: {log,error,"Error in process ~p with exit value:~n~p~n",[]}
done
(no logger pmake[4]: *** [obj/x86_64-unknown-linux-gnu/opt/smp/PROFILE] Error 1
make[4]: Leaving directory `/home/travis/build/erlang/otp/erts/emulator'
make[3]: *** [opt] Error 2
make: *** [emulator] Error 2
"""


def test_make_marker_after_an_unfinished_line_is_a_marker(tmp_path: Path) -> None:
    marker = next(record for record in _records(INTERLEAVED) if "PROFILE" in record.message)
    assert marker.role is Role.SYMPTOM
    [failure] = failures_of(tmp_path, INTERLEAVED)  # the block the build printed before make's markers
    assert failure.root.record.message == "Building OTP.................... failed."
    assert any("unexpected logger message" in line for line in failure.root.record.context)


def test_the_nl_artifact_is_no_part_of_a_line() -> None:
    """Some Travis CI macOS logs carry a literal `nl` before lines (alone on blank ones); a word that starts with
    `nl` keeps it."""
    assert clean(b'nl\x1b[0;mThe command "xcodebuild test" exited with 65.\r\n').text == (
        'The command "xcodebuild test" exited with 65.'
    )
    assertion = b"nl      \x1b[31mAssertionError: wanted 1 but got 2\r\n"
    assert clean(assertion).text == "      AssertionError: wanted 1 but got 2"
    assert clean(b"nl\r\n").text == ""
    assert clean(b"nlohmann_json found\n").text == "nlohmann_json found"


def test_electron_console_line_prefix_carries_its_level() -> None:
    """Electron/Chromium logging without the thread id: `[pid:MMDD/HHMMSS.us:LEVEL:file(line)]`."""
    line = strip_prefix("[9976:0502/212513.560209:INFO:CONSOLE(83)] \"Unable to open 'foo://a' resource\", source: x")
    assert line.level == "INFO"
    assert line.text.startswith('"Unable to open')


MOCHA_NL = """\
nl
  1 failing
nl
nl\x1b[0m  1) window namespace tests issue #25801 - default column when opening a file:
nl
nl      \x1b[31mAssertionError: wanted viewColumn:1 but got viewColumn:2
      \x1b[32m+ expected\x1b[0m \x1b[31m- actual\x1b[0m
nl      at Context.<anonymous> (extHostTypes.test.ts:12:3)
nl
The command "./scripts/test-integration.sh" exited with 1.
"""


def test_mocha_failure_under_the_nl_artifact() -> None:
    errors = [record for record in _records(MOCHA_NL) if record.severity is Severity.ERROR]
    assert errors[0].exception_type == "AssertionError"


# The PHPUnit manual's example of a failed assertion ("Assertions", assertEquals with arrays), as `phpunit`
# prints it: the header, the numbered case, its message, the diff and the test's line.
PHPUNIT = """\
PHPUnit 9.5.0 by Sebastian Bergmann and contributors.

F                                                                   1 / 1 (100%)

Time: 00:00.004, Memory: 4.00 MB

There was 1 failure:

1) ArrayDiffTest::testEquality
Failed asserting that two arrays are equal.
--- Expected
+++ Actual
@@ @@
 Array (
     0 => 1
     1 => 2
-    2 => 3
+    2 => 33
 )

/home/sb/ArrayDiffTest.php:7

FAILURES!
Tests: 1, Assertions: 1, Failures: 1.
"""

# PHPUnit 4.8 (composer/composer's Travis CI job): an error with its data set; the message names no error word
PHPUNIT_ERROR = """\
There were 2 errors:

1) Composer\\Test\\Repository\\ComposerRepositoryTest::testCanonicalizeUrl with data set #0 ('https://example.org/a')
Argument 4 passed to Composer\\Repository\\ComposerRepository::__construct() must be an instance of \
Composer\\Util\\HttpDownloader, none given

/home/travis/build/composer/composer/src/Composer/Repository/ComposerRepository.php:71
"""


def test_phpunit_numbered_case_under_its_header() -> None:
    [failure] = [record for record in _records(PHPUNIT) if record.role is Role.CAUSE]
    assert failure.test_id == "ArrayDiffTest::testEquality"
    assert failure.message == "Failed asserting that two arrays are equal."
    assert (failure.line_start, failure.line_end) == (9, 10)  # the numbered case and its message, not the header
    assert failure.location == Location("/home/sb/ArrayDiffTest.php", 7)
    [error] = [record for record in _records(PHPUNIT_ERROR) if record.role is Role.CAUSE]
    assert error.test_id == "Composer\\Test\\Repository\\ComposerRepositoryTest::testCanonicalizeUrl"
    assert error.message.startswith("Argument 4 passed to")
    assert error.tool_hint == "test_error"


# https://github.com/yahoo/CMAK/issues/540 (sbt 0.13: every test passed, then the forked test JVM exited)
SBT_FORK = """\
[info] Run completed in 2 minutes, 41 seconds.
[info] Total number of tests run: 150
[info] Suites: completed 14, aborted 0
[info] Tests: succeeded 150, failed 0, canceled 0, ignored 0, pending 0
[info] All tests passed.
[error] Error: Total 0, Failed 0, Errors 0, Passed 0
[error] Error during tests:
[error]         Running java with options -classpath /home/km/.sbt/boot/test-interface-1.0.jar sbt.ForkMain 35839 \
failed with exit code 1
[error] (test:test) sbt.TestsFailedException: Tests unsuccessful
[error] Total time: 198 s, completed Jul 26, 2018 9:53:38 AM
"""


def test_sbt_forked_jvm_exit_is_the_cause_and_zero_counts_are_no_problem(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, SBT_FORK)
    assert "sbt.ForkMain 35839 failed with exit code 1" in failure.root.record.message
    assert failure.classification.category == "crash"
    records = _records(SBT_FORK)
    assert not any(record.message.startswith("Suites: completed") for record in records)
    summary = next(record for record in records if record.message.startswith("Error: Total 0"))
    assert summary.role is Role.SYMPTOM


# https://github.com/mochajs/mocha-examples/pull/64 (GitHub Actions: lerna runs the example, its name before
# every line of its output)
LERNA_PREFIX = """\
example-selenium-app:        "before each" hook for "should render a message on a Google search result":
example-selenium-app:      SessionNotCreatedError: session not created: This version of ChromeDriver only \
supports Chrome version 105
example-selenium-app: Current browser version is 104.0.5112.101 with binary path /usr/bin/google-chrome
example-selenium-app:       at Object.throwDecodedError (node_modules/selenium-webdriver/lib/error.js:522:15)
example-selenium-app:       at parseHttpResponse (node_modules/selenium-webdriver/lib/http.js:589:13)
"""

# docker compose's service gutter (docs.docker.com, `docker compose up` output), a Python traceback's last line
COMPOSE_PREFIX = """\
web-1    | Traceback (most recent call last):
web-1    |   File "/code/app.py", line 3, in <module>
web-1    |     import redis
web-1    | ModuleNotFoundError: No module named 'redis'
web-1 exited with code 1
"""


def test_service_prefix_on_consecutive_lines(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, LERNA_PREFIX)
    assert failure.root.record.message.startswith("SessionNotCreatedError: session not created")
    assert failure.classification.category == "configuration_error"
    error = next(record for record in _records(COMPOSE_PREFIX) if record.exception_type)
    assert error.message == "ModuleNotFoundError: No module named 'redis'"


def test_a_tool_name_alone_is_no_service_prefix() -> None:
    """`cp: cannot stat` keeps its tool; one line with a name is not a run of a service's lines."""
    [record] = _records("cp: cannot stat 'dist/app.js': No such file or directory\n")
    assert record.message.startswith("cp: cannot stat")


# jest's verbose reporter (freeCodeCamp's client tests on Travis CI): `describe` blocks named after the
# functions they test; a title is no exception class, whatever it ends with
JEST_TITLES = """\
 PASS  src/utils/handled-error.test.js
  client/src utilities
    handled-error.js
      isHandledError
        \u2713 returns a boolean (17ms)
      wrapHandledError
        \u2713 returns an error with a handledError property (1ms)
"""


def test_a_describe_title_ending_in_error_is_no_exception() -> None:
    assert not [record for record in _records(JEST_TITLES) if record.exception_type]
    [record] = _records("java.lang.IllegalStateException\n")  # a qualified class alone on its line still is
    assert record.exception_type == "IllegalStateException"


# R CMD check's progress lines and a failed check's explanation under it (R's src/library/tools/R/check.R:
# `checking package dependencies ...`, `Package required but not available:`)
R_CHECK = """\
* checking for file 'pkg/DESCRIPTION' ... OK
* checking package dependencies ... ERROR
Package required but not available: 'lubridate'

See section 'The DESCRIPTION file' in the 'Writing R Extensions' manual.
The command "./travis-tool.sh run_tests" exited with 1.
"""


def test_r_cmd_check_error_is_explained_by_the_line_under_it(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, R_CHECK)
    record = failure.root.record
    assert record.message == "Package required but not available: 'lubridate'"
    assert (record.line_start, record.line_end) == (2, 3)


# Emacs's package.el on Travis CI (purcell/emacs.d): url.el tries each TLS program, then the backtrace; a
# host and its port is no file position
EMACS_TLS = """\
$ ./test-startup.sh
Opening TLS connection with `gnutls-cli --insecure -p 443 elpa.gnu.org'...failed
Opening TLS connection with `openssl s_client -connect elpa.gnu.org:443 -no_ssl2 -ign_eof'...
Opening TLS connection with `openssl s_client -connect elpa.gnu.org:443 -no_ssl2 -ign_eof'...failed
Debugger entered--Lisp error: (error "Could not create connection to elpa.gnu.org:443")
  signal(error ("Could not create connection to elpa.gnu.org:443"))
  error("Could not create connection to %s:%d" "elpa.gnu.org" 443)
  url-http([cl-struct-url "https" nil nil "elpa.gnu.org" nil "/packages/archive-contents" nil nil t nil t])
The command "./test-startup.sh" exited with 255.
"""


def test_a_host_and_port_is_no_location(tmp_path: Path) -> None:
    from classifier.extract.judge import location

    assert location("Opening TLS connection with `openssl s_client -connect elpa.gnu.org:443 -no_ssl2'") is None
    found = location("src/app.py:443: error here")
    assert found is not None and found.file == "src/app.py"
    [failure] = failures_of(tmp_path, EMACS_TLS)  # the block of lines stating the problem, not the port line
    assert failure.root.record.line_start == 4
    assert any("Could not create connection" in line for line in failure.root.record.context)


# OTP's error_logger report (kernel's error_logger format, as common_test prints it in a Travis CI log of
# processone/ejabberd): the header, then the report's `**` lines up to a blank line
ERLANG_REPORT = """\
=INFO REPORT==== 5-Jul-2019::07:41:12 ===
    application: lager
    exited: stopped

=ERROR REPORT==== 5-Jul-2019::07:41:12 ===
** gen_event handler cth_log_redirect crashed.
** Was installed in error_logger
** Reason == {timeout,{gen_server,call,
                                  [application_controller,
                                   which_applications]}}

"""


def test_erlang_error_report_spans_its_body() -> None:
    [record] = [record for record in _records(ERLANG_REPORT) if record.role is Role.CAUSE]
    assert record.message == "gen_event handler cth_log_redirect crashed."
    assert (record.line_start, record.line_end) == (5, 10)


def test_a_tools_own_level_after_its_name_is_no_service_prefix() -> None:
    """hashicorp/terraform-github-actions (nebari-dev/nebari#498): `validate: error: ...` is the action's own
    wrapper line; Terraform's diagnostic below stays the cause."""
    log = (
        "validate: info: validating Terraform configuration in infrastructure\n"
        "validate: error: failed to validate Terraform configuration in infrastructure\n"
    )
    assert not [record for record in _records(log) if record.role is Role.CAUSE]


# https://github.com/gaborcsardi/parsedate/issues/11 (R CMD check: the failed test run's own output explains it)
R_CHECK_TESTS = """\
* checking tests ... ERROR
Running the tests in 'tests/testthat.R' failed.
Last 13 lines of output:
  1. Failure (at test-iso8601.r#144): Pelago non-matching
"""


def test_r_cmd_check_test_run_leaves_the_cause_to_its_output() -> None:
    assert not [record for record in _records(R_CHECK_TESTS) if record.framework == "rcmdcheck"]
