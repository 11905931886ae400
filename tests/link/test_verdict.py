"""How a log says it ended: success markers win only when they are last."""

from __future__ import annotations

import pytest

from classifier.link.verdict import Verdict, line_verdict, log_verdict


@pytest.mark.parametrize(
    "line",
    [
        "[INFO] BUILD SUCCESS",
        "BUILD SUCCESSFUL in 12s",
        "Done. Your build exited with 0.",
        "Job succeeded",
        "Finished: SUCCESS",
        "========================= 12 passed, 1 skipped in 3.02s =========================",
        "OK (skipped=2)",
        "test result: ok. 5 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out",
        "ok  \tgithub.com/x/y\t0.012s",
        "Tests:       3 passed, 3 total",
        "** TEST SUCCEEDED **",
        "2026-03-02T09:13:54.9927000Z Status: successful",
        # Surefire's totals with a flaky test that passed on its rerun, in a Jenkins log:
        # https://github.com/elastic/apm-agent-java/pull/3011
        "[2023-02-08T07:29:15.204Z] [WARNING] Tests run: 970, Failures: 0, Errors: 0, Skipped: 1, Flakes: 1",
        "17:24:26  Tests run: 1753, Failures: 0, Errors: 0, Skipped: 21, Flakes: 1",  # eclipse-xtext/xtext#2203
        # apt-get update's end when some index files could not be fetched: https://github.com/microsoft/WSL/issues/4792
        "W: Some index files failed to download. They have been ignored, or old ones used instead.",
    ],
)
def test_success_lines(line: str) -> None:
    assert line_verdict(line) is Verdict.SUCCESS


@pytest.mark.parametrize(
    "line",
    [
        "[INFO] BUILD FAILURE",
        "Done. Your build exited with 1.",
        "ERROR: Job failed: exit code 1",
        "Finished: FAILURE",
        "2026-03-02T09:13:54.9927000Z ##[error]Process completed with exit code 1.",
        "=========== 1 failed, 3 passed, 1 skipped, 1 error in 4.81s ===========",
        "FAILED (errors=6)",
        "test result: FAILED. 4 passed; 1 failed; 0 ignored",
        'The command "mvn verify -B" exited with 1.',
        "Tests:       1 failed, 2 passed, 3 total",
        "Build failed with 1 error",  # esbuild
        "Build FAILED.",  # MSBuild
    ],
)
def test_failure_lines(line: str) -> None:
    assert line_verdict(line) is Verdict.FAILURE


def test_the_last_marker_decides() -> None:
    assert log_verdict(["=== 3 passed in 1s ===", 'The command "make lint" exited with 2.']) is Verdict.FAILURE
    assert log_verdict(["FAILED (failures=1)", "retrying", "OK"]) is Verdict.SUCCESS
    assert log_verdict(["compiling", "error: something"]) is Verdict.UNKNOWN


def test_github_actions_log_that_ends_without_an_error_annotation_succeeded() -> None:
    tail = [
        "2023-09-21T13:03:53.9240434Z [command]/usr/bin/git config --local --unset-all x",
        "2023-09-21T13:03:53.9947700Z Cleaning up orphan processes",
    ]
    assert log_verdict(tail) is Verdict.SUCCESS
    failed = ["2023-09-21T13:03:50.0000000Z ##[error]Process completed with exit code 1.", *tail]
    assert log_verdict(failed) is Verdict.FAILURE


def test_the_open_build_service_workers_last_line_is_the_verdict() -> None:
    # A GBS (the OBS build script) log's end in an IoT.js build-for-Tizen guide (search tool's code corpus, stored
    # text 48256942750); Tizen's GBS manual (stored text 37862416513) prints it without a host
    success = [
        "[  495s] + exit 0",
        "[  495s] ... checking for files with abuild user/group",
        "[  495s] ",
        '[  495s] yourpc finished "build iotjs.spec" at Mon Feb 13 19:28:31 UTC 2017.',
        "[  495s] ",
    ]
    assert log_verdict(success) is Verdict.SUCCESS
    assert log_verdict(['  [    4s] finished "build dlog.spec" at Thu Sep 13 07:36:18 UTC 2012.']) is Verdict.SUCCESS
    # https://gitee.com/openeuler-risc-v/go-bindata/pulls/1 (openEuler's OBS worker; as in test_build_farm_lines)
    failed = ["[ 2013s] error: Bad exit status from /var/tmp/rpm-tmp.cj1QAl (%build)", "[ 2013s]"]
    failed.append('[ 2013s] oe-RISCV-worker29 failed "build go-bindata.spec" at Sat Apr  9 20:30:54 UTC 2022.')
    assert log_verdict(failed) is Verdict.FAILURE


def test_a_surefire_rerun_that_passed_ends_green_and_one_that_failed_does_not() -> None:
    # https://github.com/elastic/apm-agent-java/pull/3011 (trimmed)
    flaky = [
        "[2023-02-08T07:29:15.204Z] [WARNING] Flakes: ",
        "[2023-02-08T07:29:15.204Z] [ERROR]   Run 1: FlakyTest.passOnSecondRun:38 [This test is expected to fail]",
        "[2023-02-08T07:29:15.204Z] [INFO]   Run 2: PASS",
        "[2023-02-08T07:29:15.204Z] [WARNING] Tests run: 970, Failures: 0, Errors: 0, Skipped: 1, Flakes: 1",
    ]
    assert log_verdict(flaky) is Verdict.SUCCESS
    # https://github.com/apache/maven-pmd-plugin/pull/178: a failure in the totals is no success
    assert log_verdict(["[ERROR] Tests run: 50, Failures: 1, Errors: 0, Skipped: 0"]) is not Verdict.SUCCESS
    # a Maven class line is no total: it does not end the run
    assert (
        line_verdict("[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.001 s")
        is Verdict.UNKNOWN
    )


def test_circleci_s_step_exit_code_is_the_verdict_when_no_earlier_step_failed() -> None:
    # https://github.com/codecov/codecov-circleci-orb/issues/158: the uploader logged an error, the step exited 0
    green = [
        "[2023-05-08T10:12:06.059Z] ['error'] There was an error running the uploader: Error uploading to x",
        "",
        "CircleCI received exit code 0",
    ]
    assert log_verdict(green) is Verdict.SUCCESS
    # stored text 6238602782 of the search tool's code corpus (flake8's statistics under a CircleCI step)
    red = [
        "3     W292 no newline at end of file",
        "",
        "Exited with code exit status 1",
        "CircleCI received exit code 1",
    ]
    assert log_verdict(red) is Verdict.FAILURE
    # a step run `when: always` after the failed one exits 0: the job still failed
    assert log_verdict([*red, "#!/bin/bash -eo pipefail", "echo cleanup", "cleanup", green[-1]]) is Verdict.FAILURE


def test_yarn_berry_s_last_line_is_the_install_s_verdict() -> None:
    # `yarn install` of a Nuxt project (stored text 22506616463 of the search tool's code corpus, a package
    # manager comparison): YN0007 says `the last one failed` of builds it now runs; the install ends with warnings
    green = [
        "➤ YN0007: │ deasync@npm:0.1.24 must be built because it never has been before or the last one failed",
        "➤ YN0000: └ Completed in 25s 207ms",
        "➤ YN0000: Done with warnings in 38s 222ms",
    ]
    assert log_verdict(green) is Verdict.SUCCESS
    # a build that failed in a container build (stored text 23149205268, a Podman issue's output)
    red = [
        "➤ YN0009: │ puppeteer@npm:19.6.2 couldn't be built successfully (exit code 1, logs can be found here: "
        "/tmp/xfs-2807b8a5/build.log)",
        "➤ YN0000: └ Completed in 0s 487ms",
        "➤ YN0000: Failed with errors in 0s 792ms",
    ]
    assert log_verdict(red) is Verdict.FAILURE
