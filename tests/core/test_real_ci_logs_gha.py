"""Real CI job logs of a fresh held-out set (GitHub Actions, GitLab, Buildkite, Docker builds, fastlane), end to
end with rules only: the root-cause line once, first; a green job none.

Each sample is trimmed to the part around the failure, with its origin in the comment above it.
"""

from __future__ import annotations

from pathlib import Path

from classifier.link.verdict import Verdict, log_verdict
from classifier.model import Location
from classifier.report.excerpt import markers, own_excerpt
from tests.core.ci_logs import failures_of as _failures

# A windows-latest GitHub Actions job log of the BubbleFish-Nexus Go module (2026-04-08), kept in a public
# repository's notes. go test prints one line per package as each finishes, so the failed package's `FAIL pkg`
# is followed by the others' `ok pkg` lines (https://github.com/golang/go/issues/13106).
GO_PACKAGES = """\
2026-04-08T06:29:53.9157874Z ##[group]Run go test ./... -count=1
2026-04-08T06:29:53.9268762Z ##[endgroup]
2026-04-08T06:30:18.7971315Z --- FAIL: TestBuildDaemonTOML_IncludesAuditSection (0.00s)
2026-04-08T06:30:18.7972499Z     install_test.go:1030: audit log path should not contain tilde reference
2026-04-08T06:30:18.7978711Z FAIL
2026-04-08T06:30:18.7979507Z FAIL\tgithub.com/BubbleFish-Nexus/cmd/bubblefish\t7.615s
2026-04-08T06:30:32.7242137Z ok  \tgithub.com/BubbleFish-Nexus/internal/audit\t21.146s
2026-04-08T06:30:32.7243404Z ok  \tgithub.com/BubbleFish-Nexus/internal/backup\t0.553s
2026-04-08T06:30:56.7196806Z ok  \tgithub.com/BubbleFish-Nexus/internal/demo\t0.632s
"""


def test_a_failed_go_package_before_other_packages_ok_lines_fails_the_job(tmp_path: Path) -> None:
    assert log_verdict(GO_PACKAGES.splitlines()) is Verdict.FAILURE
    assert log_verdict(GO_PACKAGES.splitlines()[:2] + GO_PACKAGES.splitlines()[-3:]) is Verdict.SUCCESS
    [failure] = _failures(tmp_path, GO_PACKAGES)
    assert failure.root.record.message == "audit log path should not contain tilde reference"


# https://github.com/KnowOneActual/isobar-cli (docs/temp_ts/logs_58908104168/Run Tests/5_Run pytest.txt):
# pytest-cov's report heading is drawn like a failed test's header.
PYTEST_COV = (
    """\
2026-02-28T19:08:35.7120444Z =================================== FAILURES ===================================
2026-02-28T19:08:35.7121216Z _________________________ test_main_metric_flag_exists _________________________
2026-02-28T19:08:35.7121940Z     def test_main_metric_flag_exists():
2026-02-28T19:08:35.7122852Z         result = runner.invoke(app, ["--help"])
2026-02-28T19:08:35.7123332Z >       assert "--metric" in result.output
"""
    "2026-02-28T19:08:35.7125738Z E       AssertionError: assert '--metric' in '\\x1b[1m"
    "                                                                                "
    "\\x1b[0m\\n\\x1b[1m \\x1b[0m\\x1b[1...'\n"
    """\
2026-02-28T19:08:35.7129164Z
2026-02-28T19:08:35.7129303Z tests/test_main.py:15: AssertionError
2026-02-28T19:08:35.7129774Z ================================ tests coverage ================================
2026-02-28T19:08:35.7130433Z _______________ coverage: platform linux, python 3.11.14-final-0 _______________
2026-02-28T19:08:35.7130894Z
2026-02-28T19:08:35.7131074Z Name                         Stmts   Miss  Cover   Missing
2026-02-28T19:08:35.7136002Z TOTAL                          307     78    75%
"""
    "2026-02-28T19:08:35.7139126Z FAILED tests/test_main.py::test_main_metric_flag_exists - AssertionError: assert "
    "'--metric' in '\\x1b[1m                                                                                "
    "\\x1b[0m\\n\\x1b[1m \\x1b[0m\\x1b[1...'\n"
    """\
2026-02-28T19:08:35.7143207Z ========================= 1 failed, 13 passed in 4.56s =========================
2026-02-28T19:08:35.7985201Z ##[error]Process completed with exit code 1.
"""
)


def test_the_coverage_heading_is_no_failed_test(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PYTEST_COV)
    assert failure.root.record.test_id.endswith("test_main_metric_flag_exists")
    assert not any("coverage: platform" in item.occurrence.record.message for item in failure.evidence)


# A macos GitHub Actions log excerpt of `go test -race` (job 101818819725) kept in a public repository's notes;
# the report's format: https://go.dev/doc/articles/race_detector. The test also failed its own check, on a
# context deadline: the race is no line of the run's output, and it leads the test it failed.
GO_RACE = (
    """\
2026-09-07T17:07:54.3929220Z === RUN   TestOverflowDisconnectReplayStaticOracle
2026-09-07T17:07:55.9650680Z WARNING: DATA RACE
2026-09-07T17:07:55.9650900Z Read at 0x00c0000e4348 by goroutine 53:
2026-09-07T17:07:55.9653970Z       /Users/runner/work/corral-serve/corral-serve/internal/api/ws_conn.go:245 +0x58
"""
    "2026-09-07T17:08:14.5213980Z     overflow_recovery_test.go:257: slow connection remained open: "
    "failed to get reader: context deadline exceeded\n"
    """\
2026-09-07T17:08:14.5336930Z     testing.go:1712: race detected during execution of test
2026-09-07T17:08:14.5339380Z --- FAIL: TestOverflowDisconnectReplayStaticOracle (20.14s)
"""
)


def test_a_data_race_leads_and_is_no_run_output(tmp_path: Path) -> None:
    race, test = _failures(tmp_path, GO_RACE)
    assert race.root.record.message.startswith("DATA RACE")
    assert race.classification.category == "flaky_test"
    assert any("race detected during execution" in e.occurrence.record.message for e in race.evidence)
    assert test.root.record.message.startswith("slow connection remained open")
    shown = own_excerpt(test.root.record, markers(race.root.record))  # the test's card shows its own check
    assert any("overflow_recovery_test.go:257: slow connection remained open" in line for line in shown)


# k6's end-of-test summary of a benchmark job that passed (its checks have no threshold); the layout of a
# check with failed iterations: https://grafana.com/docs/k6/latest/using-k6/checks/
K6_CHECKS = """\
     ✗ response code was 200
      ↳  99% — ✓ 38628 / ✗ 91
     ✗ no graphql errors
      ↳  99% — ✓ 38628 / ✗ 91
     ✓ valid response structure

     checks.........................: 99.84% ✓ 115884    ✗ 182
     http_req_failed................: 0.23%  ✓ 91        ✗ 38628
     iterations.....................: 38719  64.198013/s
"""


def test_a_k6_check_tally_is_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, K6_CHECKS) == []
    assert _failures(tmp_path, K6_CHECKS.replace("      ↳  99% — ✓ 38628 / ✗ 91\n", ""), "bare.log")


# A GitLab job log quoted in a public repository's deploy notes: `ssh` given an empty destination prints its
# usage; the runner's own phases (https://docs.gitlab.com/runner/) follow the script's output.
GITLAB_SSH_USAGE = """\
usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
[-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
[-w local_tun[:remote_tun]] destination [command [argument ...]]
section_end:1711161200:step_script
section_start:1711161200:cleanup_file_variables
Cleaning up project directory and file based variables
section_end:1711161201:cleanup_file_variables
ERROR: Job failed: exit code 255
"""


def test_the_gitlab_runner_phases_are_no_output_of_the_script(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GITLAB_SSH_USAGE)
    assert failure.root.record.message.startswith("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy]")


# Cloudflare Pages' build of https://github.com/rahulyyadav/portfolio (2025-02-26), its log kept in a public
# repository; and a turbo monorepo's GitHub Actions job (Flowcordia, 2026-07-28): wrappers that end with an
# exit status in their own wording.
CLOUDFLARE = """\
2025-02-26T15:32:26.948192Z npm ERR! code ERESOLVE
2025-02-26T15:32:26.950644Z npm ERR! ERESOLVE unable to resolve dependency tree
2025-02-26T15:32:26.951929Z npm ERR! peer react@"^18.2.0" from next@14.0.0
2025-02-26T15:32:26.970139Z Error: Exit with error code: 1
2025-02-26T15:32:26.970431Z at ChildProcess.<anonymous> (/snapshot/dist/run-build.js)
2025-02-26T15:32:26.981093Z Failed: build command exited with code: 1
"""
TURBO = (
    "2026-07-28T16:19:59.9008552Z ##[error]command (/home/runner/work/Flowcordia/Flowcordia/apps/webapp) "
    "/home/runner/setup-pnpm/node_modules/.bin/pnpm run typecheck exited (2)\n"
    "2026-07-28T16:19:59.9040959Z ##[error]app/features/flowcordia/setup/emailConfiguration.server.ts(284,3): "
    "error TS2322: Type 'unknown' is not assignable to type 'boolean'.\n"
    """\
2026-07-28T16:19:59.9065768Z  ELIFECYCLE  Command failed with exit code 2.
2026-07-28T16:19:59.9066935Z Failed:    webapp#typecheck
2026-07-28T16:19:59.9067267Z  ERROR  run failed: command  exited (2)
2026-07-28T16:19:59.9385068Z ##[error]Process completed with exit code 2.
"""
)


def test_exit_statuses_in_a_wrappers_own_wording_are_symptoms(tmp_path: Path) -> None:
    [npm] = _failures(tmp_path, CLOUDFLARE, "pages.log")
    assert "ERESOLVE" in npm.root.record.message
    [tsc] = _failures(tmp_path, TURBO, "turbo.log")
    assert "error TS2322" in tsc.root.record.message


# A Docker build log (BuildKit plain progress, 2025-09-16) kept in a public repository; the format:
# https://docs.docker.com/build/building/variables/#buildkit_progress. npm's error object comes before the
# advice it prints last, which is all BuildKit's recap shows.
BUILDKIT_NPM = (
    "2025-09-16T05:33:31.32337213Z #19 3.906 npm error     at async Arborist.reify "
    "(/usr/lib/node_modules/npm/node_modules/@npmcli/arborist/lib/arborist/reify.js:131:5) {\n"
    """\
2025-09-16T05:33:31.32337646Z #19 3.906 npm error   code: 'EACCES',
2025-09-16T05:33:31.32338414Z #19 3.906 npm error   syscall: 'mkdir',
2025-09-16T05:33:31.32338792Z #19 3.906 npm error   path: '/home/nodejs',
2025-09-16T05:33:31.323398591Z #19 3.906 npm error }
2025-09-16T05:33:31.323405961Z #19 3.906 npm error The operation was rejected by your operating system.
"""
    "2025-09-16T05:33:31.323419122Z #19 3.906 npm error If you believe this might be a permissions issue, "
    "please double-check the\n"
    "2025-09-16T05:33:31.323450013Z #19 3.909 npm error You can rerun the command with `--loglevel=verbose` "
    "to see the logs in your terminal\n"
    '2025-09-16T05:33:31.526310277Z #19 ERROR: process "/bin/sh -c npm install" did not complete '
    "successfully: exit code: 1\n"
    """\
2025-09-16T05:33:31.526341148Z ------
2025-09-16T05:33:31.526347458Z  > [13/15] RUN npm install:
"""
    "2025-09-16T05:33:31.52640028Z 3.909 npm error You can rerun the command with `--loglevel=verbose` "
    "to see the logs in your terminal\n"
    """\
2025-09-16T05:33:31.52640536Z ------
2025-09-16T05:33:31.530756121Z Dockerfile:53
"""
    '2025-09-16T05:33:31.530832194Z error: failed to solve: process "/bin/sh -c npm install" did not '
    "complete successfully: exit code: 1\n"
)


def test_a_buildkit_step_is_the_consequence_of_an_earlier_error_line_of_its_output(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_NPM)
    assert failure.root.record.message == "npm error   code: 'EACCES',"


# https://github.com/ably/ably-cocoa: its iOS test job under fastlane (2022-02-17), the log quoted in an issue;
# fastlane's CI layout puts its level and time before each line, and raises `See the log above.` at the end;
# XCTest's failure line names the test's selector before its message.
FASTLANE = (
    "2022-02-17T12:24:11.4735140Z INFO [2022-02-17 12:24:11.47]: ▸ /Users/runner/work/ably-cocoa/ably-cocoa/Spec/"
    "Tests/RealtimeClientPresenceTests.swift:536: error: -[Ably_iOS_Tests.RealtimeClientPresenceTests "
    "test__015__Presence__subscribe__with_no_arguments_should_subscribe_a_listener_to_all_presence_messages] : "
    "expected to equal <Enter>, got <Present>\n"
    """\
2022-02-17T12:30:29.0499970Z ** TEST FAILED **
2022-02-17T12:30:29.0500620Z ERROR [2022-02-17 12:30:27.99]: Exit status: 65
2022-02-17T12:30:29.0505380Z ERROR [2022-02-17 12:30:28.08]: Error building/testing the application. See the log above.
2022-02-17T12:30:29.0507360Z ERROR [2022-02-17 12:30:28.26]: fastlane finished with errors
2022-02-17T12:30:29.2215940Z bundler: failed to load command: fastlane (/usr/local/lib/ruby/gems/2.7.0/bin/fastlane)
"""
    "2022-02-17T12:30:29.2294340Z /usr/local/lib/ruby/gems/2.7.0/gems/fastlane-2.204.2/fastlane_core/lib/"
    "fastlane_core/ui/interface.rb:163:in `build_failure!': Error building/testing the application. See the log "
    "above. (FastlaneCore::Interface::FastlaneBuildFailure)\n"
    "2022-02-17T12:30:29.2295050Z \tfrom /usr/local/lib/ruby/gems/2.7.0/gems/fastlane-2.204.2/fastlane_core/lib/"
    "fastlane_core/ui/ui.rb:17:in `method_missing'\n"
)


def test_fastlanes_prefix_and_its_pointer_to_the_log_above(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, FASTLANE)
    assert failure.root.record.line_start == 1
    assert failure.root.record.message == "expected to equal <Enter>, got <Present>"
    assert failure.root.record.test_id.startswith("RealtimeClientPresenceTests.test__015__Presence__subscribe")
    assert failure.classification.category == "assertion_failure"


# https://gitlab.com/crocodile2u/ci-showcase (its failing-checks branch, shown in the project's tutorial): a
# PHPUnit test's own message, then the assertion it failed.
PHPUNIT = """\
$ ./vendor/bin/phpunit
PHPUnit 7.5.6 by Sebastian Bergmann and contributors.

F.                                                                  2 / 2 (100%)

There was 1 failure:

1) Tests\\Unit\\ExampleTest::testBasicTest
This test is now failing
Failed asserting that false is true.

/builds/crocodile2u/ci-showcase/tests/Unit/ExampleTest.php:17

FAILURES!
Tests: 2, Assertions: 2, Failures: 1.
ERROR: Job failed: exit code 1
"""


def test_a_phpunit_message_and_its_assertion_are_one_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PHPUNIT)
    assert failure.root.record.message == "This test is now failing Failed asserting that false is true."


# A GitHub Actions PHPUnit 9.6 run of a project's rest_api (its raw output kept in the project's coverage notes,
# stored public text id 26310595548; trimmed to two of its 32 failures): two tests meet one TypeError thrown at one
# place (lib/rest.php:202), each failed assertion is its test's own, and its risky test's case fails nothing.
PHPUNIT_RUN = """\
Time: 00:00.430, Memory: 28.00 MB

There were 2 errors:

1) Tests\\Unit\\SessionManagerTest::testSessionRead
TypeError: mysqli_stmt_init(): Argument #1 ($mysql) must be of type mysqli, null given

/home/runner/work/ai/ai/helplinev1/rest_api/lib/rest.php:202
/home/runner/work/ai/ai/helplinev1/rest_api/lib/session.php:37
/home/runner/work/ai/ai/helplinev1/rest_api/tests/Unit/SessionManagerTest.php:115
/home/runner/work/ai/ai/helplinev1/rest_api/vendor/bin/phpunit:122

2) Tests\\Unit\\SessionTest::testSs_read_Function
TypeError: mysqli_stmt_init(): Argument #1 ($mysql) must be of type mysqli, null given

/home/runner/work/ai/ai/helplinev1/rest_api/lib/rest.php:202
/home/runner/work/ai/ai/helplinev1/rest_api/lib/session.php:37
/home/runner/work/ai/ai/helplinev1/rest_api/tests/Unit/SessionTest.php:93
/home/runner/work/ai/ai/helplinev1/rest_api/vendor/bin/phpunit:122

--

There were 32 failures:

1) Tests\\Unit\\SessionManagerTest::testSessionIdExtraction
Failed asserting that two strings are equal.
--- Expected
+++ Actual
@@ @@
-'test_session_123'
+'g3ch7dohnhn4ov7ghtcqapsg7d'

/home/runner/work/ai/ai/helplinev1/rest_api/tests/Unit/SessionManagerTest.php:92
/home/runner/work/ai/ai/helplinev1/rest_api/vendor/bin/phpunit:122

2) Tests\\Unit\\ApiUtilsTest::testApiDefinitions
Failed asserting that null is of type "array".

/home/runner/work/ai/ai/helplinev1/rest_api/tests/Unit/ApiUtilsTest.php:142
/home/runner/work/ai/ai/helplinev1/rest_api/vendor/bin/phpunit:122

--

There was 1 risky test:

1) Tests\\Unit\\DatabaseTest::testSelectQueryBuilding
This test is annotated with "@doesNotPerformAssertions" but performed 1 assertions

/home/runner/work/ai/ai/helplinev1/rest_api/vendor/bin/phpunit:122

ERRORS!
Tests: 225, Assertions: 1170, Errors: 2, Failures: 32, Skipped: 15, Risky: 1.
"""


def test_phpunit_cases_one_failure_each_and_one_throw_site_once(tmp_path: Path) -> None:
    failures = _failures(tmp_path, PHPUNIT_RUN)
    assert [failure.root.record.test_id for failure in failures] == [
        "Tests\\Unit\\SessionManagerTest::testSessionRead",
        "Tests\\Unit\\SessionManagerTest::testSessionIdExtraction",
        "Tests\\Unit\\ApiUtilsTest::testApiDefinitions",
    ]
    error = failures[0].root.record
    assert error.exception_type == "TypeError"
    assert error.location == Location("/home/runner/work/ai/ai/helplinev1/rest_api/lib/rest.php", 202)
    assert error.line_start == 5  # its numbered case, not the section's header
    assert failures[1].root.record.message == "Failed asserting that two strings are equal."
    assert failures[2].root.record.location == Location(
        "/home/runner/work/ai/ai/helplinev1/rest_api/tests/Unit/ApiUtilsTest.php", 142
    )
    assert failures[2].classification.category == "assertion_failure"


# A GitLab deploy job quoted in a public repository's runbook; OpenSSH's `Load key "%s": %s`
# (https://github.com/openssh/openssh-portable/blob/master/sshconnect2.c): the key could not be read.
SSH_KEY = """\
Load key "/root/.ssh/id_ed25519": error in libcrypto
ubuntu@<EC2>: Permission denied (publickey).
ERROR: Job failed: exit code 255
"""


def test_an_unreadable_ssh_key_leads_the_denial_it_causes(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SSH_KEY)
    assert failure.root.record.message == 'Load key "/root/.ssh/id_ed25519": error in libcrypto'


# A Buildkite job of a dune project, its log kept in a public repository's test; dune shows the diff of a cram
# test whose output changed under the test's location (https://github.com/ocaml/dune/issues/4066).
DUNE_CRAM = (
    """\
~~~ Running commands
$ echo "Test the rocket"
Done: 90% (9/10, 1 left) (jobs: 1)
File "tests/test.t", line 1, characters 0-0:
"""
    "/usr/bin/git --no-pager diff --no-index --color=always -u _build/.sandbox/b2994389/default/tests/test.t "
    "_build/.sandbox/b2994389/default/tests/test.t.corrected\n"
    """\
diff --git a/_build/default/tests/test.t b/_build/default/tests/test.t.corrected
@@ -1,2 +1,2 @@
   % dune exec backend
-  aaabvaaa
+  aaaa
^^^ +++
🚨 Error: The command exited with status 1
"""
)
# OCaml's own diagnostic under the same location line (https://ocaml.org/manual/5.2/comp.html#s:comp-errors)
OCAML = """\
File "bin/main.ml", line 3, characters 2-5:
3 |   foo ()
      ^^^
Error: Unbound value foo
"""


def test_ocamls_location_line_over_its_error_or_dunes_diff(tmp_path: Path) -> None:
    [cram] = _failures(tmp_path, DUNE_CRAM, "cram.log")
    assert cram.root.record.message.startswith("tests/test.t: the test's output differs")
    assert cram.root.record.line_start == 4
    [ocaml] = _failures(tmp_path, OCAML, "ocaml.log")
    assert ocaml.root.record.message == "Error: Unbound value foo"
    assert ocaml.classification.category == "compilation_error"


# https://github.com/srid/double-conversion-ex (its README quotes job 22419423662 of run 8197440798, for
# https://github.com/NixOS/nixpkgs/issues/149937): Nix quotes the failed builder's last log lines under a
# `       > ` gutter; GHC's error without a place has its message on the indented line below.
NIX_TAIL = (
    "error: builder for '/nix/store/4nfhcfmgnfmclrqsfn2x1vy28ivyx2b9-double-conversion-ex-0.1.0.0.drv' failed "
    "with exit code 1;\n"
    """\
       last 10 log lines:
       > Running phase: buildPhase
       > Building executable 'example' for double-conversion-ex-0.1.0.0..
       >
       > <no location info>: error:
       >     loadArchive "/nix/store/k687y4hiraslz65qz8pli1wb5wmcabvn-clang-wrapper-16.0.6/bin/clang++": failed
"""
)


def test_nixs_quoted_log_lines_are_read_without_their_gutter(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NIX_TAIL)
    assert failure.root.record.message.startswith('loadArchive "/nix/store/')
    assert failure.root.record.line_start == 6
    assert any(e.occurrence.record.message.startswith("error: builder for ") for e in failure.evidence)


# https://github.com/rust-lang/rust/pull/69464 (an Azure Pipelines job's failure excerpt posted in the thread):
# cargo prints the reasons of an error as anyhow's `Caused by:` chain; the deepest one says what went wrong.
# (The patched index's URL is renamed `registry-index`: the repository names no package registry host.)
CARGO_CAUSED_BY = (
    """\
2020-02-25T16:54:50.5041017Z     Updating git repository `https://github.com/Marwes/ena`
2020-02-25T16:54:50.9078092Z error: failed to resolve patches for `https://github.com/rust-lang/registry-index`
2020-02-25T16:54:50.9078619Z Caused by:
2020-02-25T16:54:50.9078969Z   failed to load source for a dependency on `ena`
2020-02-25T16:54:50.9079180Z
2020-02-25T16:54:50.9079315Z Caused by:
2020-02-25T16:54:50.9079603Z   Unable to update https://github.com/Marwes/ena?branch=detach_undo_log#da974876
2020-02-25T16:54:50.9080006Z Caused by:
"""
    "2020-02-25T16:54:50.9080646Z   revspec 'da974876317c95a0fb797e45530cacf383fa873b' not found; "
    "class=Reference (4); code=NotFound (-3)\n"
    """\
2020-02-25T16:54:50.9087905Z Build completed unsuccessfully in 0:00:12
2020-02-25T16:54:58.6131197Z ##[error]Bash exited with code '1'.
"""
)


def test_cargos_caused_by_chain_gives_its_deepest_reason(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CARGO_CAUSED_BY)
    message = failure.root.record.message
    assert message.startswith("error: failed to resolve patches for `https://github.com/rust-lang/registry-index`")
    assert message.endswith(
        ": revspec 'da974876317c95a0fb797e45530cacf383fa873b' not found; class=Reference (4); code=NotFound (-3)"
    )
