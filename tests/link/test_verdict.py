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


# A successful job's log cut in its post steps (trimmed: the end of the last step's output, then the post steps up to
# before `Cleaning up orphan processes`): abathur/sudo-make-sense ci.log (stored text 17047634709 of the search
# tool's code corpus)
GHA_POST_STEPS = [
    "2021-03-15T22:04:35.2863739Z 0002f2b0: 0100 0000 0000 0000 0000 0000 0000 0000 1100 0000 0300 0000 0000 0000",
    "2021-03-15T22:04:35.2864307Z 0002f2d8: d0ea 0200 0000 0000 eb00 0000 0000 0000 0000 0000 0000 0000 0100 0000",
    "2021-03-15T22:04:35.2864307Z 0002f2d8: d0ea 0200 0000 0000 eb00 0000 0000 0000 0000 0000 0000 0000 0100 0000",
    "2021-03-15T22:04:35.3287912Z Post job cleanup.",
    "2021-03-15T22:04:35.4347106Z [command]/usr/bin/git version",
    "2021-03-15T22:04:35.4442167Z git version 2.30.1",
]
# A failed job's log at the same point: knative/func ci.log (stored text 53052455521), trimmed
GHA_FAILED_POST_STEPS = [
    "2025-10-09T08:21:00.8891244Z FAIL",
    "2025-10-09T08:21:04.2603854Z make: *** [Makefile:75: test] Error 1",
    "2025-10-09T08:21:05.1700511Z ##[error]Process completed with exit code 1.",
    "2025-10-09T08:21:05.1924449Z Post job cleanup.",
    "2025-10-09T08:21:05.2101022Z Post job cleanup.",
    '2025-10-09T08:21:05.4538456Z [command]"C:\\Program Files\\Git\\bin\\git.exe" version',
    "2025-10-09T08:21:05.4816158Z git version 2.51.0.windows.2",
]


def test_github_actions_log_that_reached_its_post_steps_without_an_error_annotation_succeeded() -> None:
    assert log_verdict(GHA_POST_STEPS) is Verdict.SUCCESS
    assert log_verdict(GHA_FAILED_POST_STEPS) is Verdict.FAILURE
    # the tail must hold the last step's end: a tail that begins with the post steps says nothing
    assert log_verdict(GHA_POST_STEPS[3:]) is Verdict.UNKNOWN


def test_phpunit_s_ok_lines_end_a_run_that_passed() -> None:
    # PHPUnit 10's end in a project README's sample output (stored text 36280704132 of the search tool's code corpus)
    assert log_verdict(["Time: 00:00.052, Memory: 6.00 MB", "", "OK (3 tests, 3 assertions)"]) is Verdict.SUCCESS
    # https://github.com/sebastianbergmann/phpunit/issues/2840: skipped tests, the counts line after the verdict
    passed = [
        "Time: 3.02 seconds, Memory: 50.00MB",
        "",
        "OK, but incomplete, skipped, or risky tests!",
        "Tests: 6, Assertions: 34, Skipped: 1.",
    ]
    assert log_verdict(passed) is Verdict.SUCCESS
    # https://github.com/GlotPress/GlotPress/issues/841 (trimmed): risky tests listed above the verdict
    risky = ["This test did not perform any assertions", "", "OK, but incomplete, skipped, or risky tests!"]
    assert log_verdict([*risky, "Tests: 334, Assertions: 1245, Skipped: 2, Risky: 4."]) is Verdict.SUCCESS
    # a run with a failure prints its counts after `FAILURES!`; they are no verdict of a pass
    assert log_verdict(["FAILURES!", "Tests: 5, Assertions: 2, Failures: 1, Incomplete: 1, Skipped: 1."]) is not (
        Verdict.SUCCESS
    )


def test_jest_s_summary_table_with_its_lines_under_it_is_the_run_s_verdict() -> None:
    # a tutorial's `npm test` output (stored text 18368874198 of the search tool's code corpus)
    passed = [
        "  ✓ Highest tier (1ms)",
        "",
        "Test Suites: 1 passed, 1 total",
        "Tests:       3 passed, 3 total",
        "Snapshots:   0 total",
        "Time:        1.665s",
        "Ran all test suites.",
    ]
    assert log_verdict(passed) is Verdict.SUCCESS
    # a failed run's table (stored text 38259526878): its rows say so whatever is under them
    failed = [
        "Test Suites: 1 failed, 1 total",
        "Tests:       2 failed, 1 passed, 3 total",
        "Snapshots:   0 total",
        "Time:        1.135s",
        "Ran all test suites matching /test.js/i.",
    ]
    assert log_verdict(failed) is Verdict.FAILURE


def test_mocha_s_passing_line_ends_a_run_that_passed_with_a_coverage_table_under_it() -> None:
    # a Hardhat lesson's run (stored text 978834724)
    assert log_verdict(["    ✔ should allow to withdraw a owner", "", "  6 passing (2s)"]) is Verdict.SUCCESS
    # nyc's table under mocha's summary (stored text 6422261659, its header rows)
    covered = [
        "  3 passing (2s)",
        "",
        "----------|----------|----------|----------|----------|-------------------|",
        "File      |  % Stmts | % Branch |  % Funcs |  % Lines | Uncovered Line #s |",
        "----------|----------|----------|----------|----------|-------------------|",
    ]
    assert log_verdict(covered) is Verdict.SUCCESS
    # a run with a failing test ends with the failure's report (stored text 24262393219, trimmed)
    failed = [
        "  1 passing (2s)",
        "  1 failing",
        "",
        "  1) LoanManager (unit tests)",
        "       Liquidate the Just Borrowed loan",
    ]
    assert log_verdict(failed) is not Verdict.SUCCESS


def test_vitest_s_summary_rows_are_the_run_s_verdict() -> None:
    # stored text 39802817823 of the search tool's code corpus (a README's run)
    assert log_verdict(["Test Files  2 passed (2)", "     Tests  28 passed (28)"]) is Verdict.SUCCESS
    # with its times and v8's coverage header under it (stored text 625778853)
    timed = [
        " Test Files  2 passed (2)",
        "      Tests  9 passed (9)",
        "   Start at  10:30:45",
        "   Duration  2.34s",
        "",
        " % Coverage report from v8",
    ]
    assert log_verdict(timed) is Verdict.SUCCESS
    # a suite that could not load fails the run whatever the tests' row says (stored text 67265802062)
    rows = ["     Test Files  1 failed | 14 passed (15)", "          Tests  569 passed (569)"]
    assert log_verdict(rows) is Verdict.FAILURE


# RSpec's deprecation section under a passing run's summary (https://github.com/briandunn/flatware/issues/50 for
# the section, https://github.com/rspec/rspec-core/issues/1339 for the summary above it; trimmed)
RSPEC_DEPRECATIONS = [
    "70 examples, 0 failures, 1 pending",
    "",
    "Deprecation Warnings:",
    "",
    "Using `stub` from rspec-mocks' old `:should` syntax without explicitly enabling the syntax is deprecated. Use the"
    " new `:expect` syntax or explicitly enable `:should` instead. Called from /Users/brian.dunn/hashrocket/"
    "vineti-platform/platform/spec/controllers/v1/login_controller_spec.rb:16:in `block (3 levels) in <main>'.",
    "",
    "",
    "If you need more of the backtrace for any of these deprecations to",
    "identify where to make the necessary changes, you can configure",
    "`config.raise_errors_for_deprecations!`, and it will turn the",
    "deprecation warnings into errors, giving you the full backtrace.",
    "",
    "1 deprecation warning total",
]


def test_rspec_s_deprecation_section_under_its_summary_leaves_the_summary_the_verdict() -> None:
    assert log_verdict(RSPEC_DEPRECATIONS) is Verdict.SUCCESS
    # without the summary above it the section says nothing
    assert log_verdict(RSPEC_DEPRECATIONS[2:]) is Verdict.UNKNOWN
