"""A test run's own log output is not the root cause of its failed tests: a timeout or a network error the
run logged, which no failed test shows, is a warning; a test failure that carries its located reason is not a
bare header for an exception logged after it."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# ScalaTest's standard-out reporter layout through sbt (`[info] - test *** FAILED ***`, the reason indented
# below with its `(File.scala:line)`, scalatest.org/quick_start's ExampleSpec made to fail), with what a test
# of a network client logs while it runs: a peer that timed out (java.util.concurrent.TimeoutException) and a
# host it could not reach (java.net.UnknownHostException), as a client under test logs them.
SBT_RUN = """\
$ sbt test
[info] ClientSpec:
[info] - should retry on a slow peer
java.util.concurrent.TimeoutException: Futures timed out after [100 milliseconds]
Error: getaddrinfo ENOTFOUND peer.invalid
[info] - should pop values in last-in-first-out order *** FAILED ***
[info]   2 did not equal 1 (ExampleSpec.scala:16)
[info] - should keep the order of requests
java.lang.Exception: fail
[info] Run completed in 76 milliseconds.
[info] *** 1 TEST FAILED ***
[error] Failed: Total 3, Failed 1, Errors 0, Passed 2
[error] (test:test) sbt.TestsFailedException: Tests unsuccessful
The command "sbt test" exited with 1.
"""


def test_the_failed_test_leads_not_the_timeout_or_network_error_its_run_logged(tmp_path: Path) -> None:
    [failure, *_] = failures_of(tmp_path, SBT_RUN)
    assert failure.root.record.test_id == "should pop values in last-in-first-out order"
    assert failure.root.record.message == "2 did not equal 1 (ExampleSpec.scala:16)"
    assert failure.classification.category == "assertion_failure"


def test_an_exception_logged_after_a_located_test_failure_is_not_its_root(tmp_path: Path) -> None:
    [failure, *_] = failures_of(tmp_path, SBT_RUN)
    messages = [evidence.occurrence.record.message for evidence in failure.evidence]
    assert "java.lang.Exception: fail" not in messages


def test_a_test_script_s_die_message_leads_prove_s_verdict_on_it(tmp_path: Path) -> None:
    # prove (Test::Harness) over a script that died: perlfunc `die` prints `msg at FILE line N.`
    log = """\
$ make test
t/config.t ... Can't open t/data/app.conf: No such file or directory at t/config.t line 9.
# Looks like your test exited with 2 before it could output anything.
t/config.t ... Dubious, test returned 2 (wstat 512, 0x200)
No subtests run
Result: FAIL
make: *** [test_dynamic] Error 255
The command "make test" exited with 2.
"""
    [failure] = failures_of(tmp_path, log)
    assert failure.root.record.line_start == 2
    assert len(failure.evidence) >= 3  # the verdict, make's and Travis's markers attach to it
