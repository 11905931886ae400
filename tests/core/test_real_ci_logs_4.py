"""A fourth set of real CI job logs from public issue threads, end to end (rules only): CI systems, tools and
log prefixes the first three sets (test_real_ci_logs*.py) did not cover.

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# --- line prefixes -----------------------------------------------------------------------------------------

# https://github.com/awslabs/ami-builder-packer/issues/3 (AWS CodeBuild: `[Container] date time` on every line;
# the only failure is CodeBuild's own line, which names the command)
CODEBUILD = """\
[Container] 2018/02/02 22:24:57 Entering phase POST_BUILD
[Container] 2018/02/02 22:24:57 Running command test -s ami_id.txt || exit 1

[Container] 2018/02/02 22:24:57 Command did not exit successfully test -s ami_id.txt || exit 1 exit status 1
[Container] 2018/02/02 22:24:57 Phase complete: POST_BUILD Success: false
"""


def test_codebuild_prefix_and_its_failed_command(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CODEBUILD)
    assert failure.root.record.message == "Command did not exit successfully test -s ami_id.txt || exit 1 exit status 1"


# https://github.com/buildkite/elastic-ci-stack-for-aws/pull/705 (Buildkite's log view copied: `  | ` gutter)
BUILDKITE_GUTTER = """\
  | ==> Builds finished but no artifacts were created.
  | panic: runtime error: invalid memory address or nil pointer dereference
  | 2020/09/07 05:03:47 packer: [signal SIGSEGV: segmentation violation code=0x1 addr=0x80 pc=0xd37c8f]
"""

# https://github.com/rancher-sandbox/rancher-desktop/issues/6005 (nektos/act: `| ` before a step's output)
ACT_GUTTER = """\
| Creating cluster "testing" ...
| ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged \
testing-control-plane kubeadm init --skip-phases=preflight --config=/kind/kubeadm.conf --skip-token-print --v=6" \
failed with error: exit status 137
[Create Cluster/create-cluster] exitcode '1': failure
"""


def test_pipe_gutter_is_a_prefix(tmp_path: Path) -> None:
    [panic] = _failures(tmp_path, BUILDKITE_GUTTER, "buildkite.log")
    # the runtime's `[signal SIGSEGV: ...]` line below the panic names the signal (a crash, test_real_ci_logs_7.py)
    message = "panic: runtime error: invalid memory address or nil pointer dereference [SIGSEGV]"
    assert panic.root.record.message == message
    [kind] = _failures(tmp_path, ACT_GUTTER, "act.log")
    assert kind.root.record.message.startswith("ERROR: failed to create cluster: failed to init node with kubeadm")


def test_a_markdown_table_row_keeps_its_gutter(tmp_path: Path) -> None:
    from classifier.extract.prefix import strip_prefix

    assert strip_prefix("| failed | 3 |").text == "| failed | 3 |"
    assert strip_prefix("  | panic: x").text == "panic: x"


# --- test runners and package managers ---------------------------------------------------------------------

# https://github.com/zingolabs/zingolib/issues/1422 (cargo-nextest's final summary: three FAIL lines)
NEXTEST_SUMMARY = """\
------------
     Summary [1103.134s] 308 tests run: 305 passed (92 slow), 3 failed, 22 skipped
        FAIL [ 112.112s] libtonode-tests::chain_generics chain_generics::simpool_change_10_000_sapling_to_transparent
        FAIL [ 111.447s] libtonode-tests::chain_generics chain_generics::simpool_zero_value_change_orchard_to_sapling
        FAIL [ 154.246s] libtonode-tests::concrete fast::received_tx_status_pending_to_confirmed_with_mempool_monitor
error: test run failed
"""

# https://github.com/mrcjkb/rustaceanvim/issues/460 (cargo-nextest: the FAIL line, then the test's own panic)
NEXTEST_PANIC = """\
        FAIL [   0.007s] workspace_crate2::workspace_integration test_fail

--- STDERR:              workspace_crate2::workspace_integration test_fail ---
thread 'test_fail' panicked at workspace_crate2/tests/workspace_integration.rs:3:5:
assertion `left == right` failed
  left: 1
 right: 2
------------
     Summary [   0.008s] 2 tests run: 1 passed, 1 failed, 0 skipped
        FAIL [   0.007s] workspace_crate2::workspace_integration test_fail
error: test run failed
"""


def test_nextest_failed_tests_not_its_verdict(tmp_path: Path) -> None:
    failures = _failures(tmp_path, NEXTEST_SUMMARY, "summary.log")
    assert [f.root.record.test_id for f in failures] == [
        "chain_generics::simpool_change_10_000_sapling_to_transparent",
        "chain_generics::simpool_zero_value_change_orchard_to_sapling",
        "fast::received_tx_status_pending_to_confirmed_with_mempool_monitor",
    ]
    [panic] = _failures(tmp_path, NEXTEST_PANIC, "panic.log")
    assert panic.root.record.message == "assertion `left == right` failed"
    assert panic.classification.category == "assertion_failure"


# https://github.com/Mr-Homeless/waldo/issues/120 (Yarn Berry prints the lockfile diff under YN0028 first)
YARN_LOCKFILE_DIFF = """\
➤ YN0000: ┌ Post-resolution validation
  ➤ YN0000: │    version: 4.9.4
  ➤ YN0028: │ -  resolution: "typescript@patch:typescript@npm%3A4.9.4#~builtin<compat/typescript>::version=4.9.4&\
hash=d73830"
  ➤ YN0028: │ +  resolution: "typescript@patch:typescript@npm%3A4.9.4#~builtin<compat/typescript>::version=4.9.4&\
hash=23ec76"
  ➤ YN0000: │    bin:
  ➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.
  ➤ YN0000: └ Completed in 0s 303ms
  ➤ YN0000: Failed with errors in 0s 879ms
"""


def test_yarn_lockfile_diff_lines_are_not_failures(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, YARN_LOCKFILE_DIFF)
    assert failure.root.record.message.startswith("The lockfile would have been modified by this install")
    assert failure.classification.category == "dependency_error"


# https://github.com/microsoft/agent-framework/pull/5961 (uv: the resolver's verdict, then its reason)
UV_NO_SOLUTION = """\
  × No solution found when resolving dependencies for split
  (markers: python_full_version >= '3.11' and sys_platform == 'darwin')
  Because there are no versions of durabletask and
  agent-framework-durabletask depends on durabletask>=1.3.0,<2,
  we can conclude that agent-framework-durabletask's requirements
  are unsatisfiable.
Error: Process completed with exit code 1.
"""

# https://github.com/Project-MONAI/MONAI/issues/5161 (conda, copied from the GitHub web view: step links between)
CONDA_NOT_FOUND = """\
Solving environment: ...working... failed
[57](https://github.com/Project-MONAI/MONAI/actions/runs/3065299666/jobs/4949421279#step:5:58)
ResolvePackageNotFound:
[59](https://github.com/Project-MONAI/MONAI/actions/runs/3065299666/jobs/4949421279#step:5:60)
  - nni
"""


def test_uv_and_conda_resolution_failures(tmp_path: Path) -> None:
    [uv] = _failures(tmp_path, UV_NO_SOLUTION, "uv.log")
    assert uv.root.record.message.startswith("No solution found when resolving dependencies for split Because")
    assert "durabletask" in uv.root.record.message
    assert uv.classification.category == "dependency_error"
    [conda] = _failures(tmp_path, CONDA_NOT_FOUND, "conda.log")
    assert conda.root.record.message == "ResolvePackageNotFound: nni"
    assert conda.classification.category == "dependency_error"


# --- categories by message ---------------------------------------------------------------------------------

# https://github.com/systemd/systemd/pull/22103 (meson: a build-description error at its meson.build position)
MESON_SETUP = """\
meson.build:1003:8: ERROR: Command "/usr/bin/clang -print-targets" failed with status 1.

A full log can be found at /home/runner/work/systemd/systemd/build/meson-logs/meson-log.txt
"""

# https://github.com/golangci/golangci-lint-action/issues/28 (golangci-lint's github-actions format: no location,
# the linter's name closes the message)
GOLANGCI_ERRCHECK = """\
##[error]Error return value of `reqCapability` is not checked (errcheck)
"""

# https://github.com/internetarchive/internetarchivebot/pull/100 (PHPStan's result block on GitHub Actions)
PHPSTAN_COUNT = """\
 54/54 [▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓] 100%

Error:  [ERROR] Found 112 errors
"""


def test_categories_by_message(tmp_path: Path) -> None:
    [meson] = _failures(tmp_path, MESON_SETUP, "meson.log")
    assert meson.classification.category == "configuration_error"
    [errcheck] = _failures(tmp_path, GOLANGCI_ERRCHECK, "golangci.log")
    assert errcheck.classification.category == "lint_error"
    [phpstan] = _failures(tmp_path, PHPSTAN_COUNT, "phpstan.log")
    assert phpstan.classification.category == "lint_error"


# --- green jobs --------------------------------------------------------------------------------------------

# https://github.com/triton-inference-server/perf_analyzer/pull/330 (pip's note on conflicts among the packages
# already installed: printed after an install that succeeded; the maintainers say it is safe to ignore)
PIP_CONFLICT_NOTE = """\
Installing collected packages: protobuf, genai-perf
ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. \
This behaviour is the source of the following dependency conflicts.
grpcio-tools 1.64.0 requires protobuf<6.0dev,>=5.26.1, but you have protobuf 4.25.6 which is incompatible.
Successfully installed genai-perf-0.0.13 protobuf-4.25.6
"""


def test_pip_conflict_note_after_a_successful_install_is_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, PIP_CONFLICT_NOTE) == []


# https://github.com/HdrHistogram/HdrHistogram_py/issues/7 (tox runs pytest with a path that does not exist)
PYTEST_PATH_NOT_FOUND = """\
py27 runtests: commands[0] | py.test -q -s --basetemp=/home/u/HdrHistogram_py/.tox/py27/tmp \\

no tests ran in 0.00 seconds
ERROR: file not found: \\
ERROR: InvocationError: '/home/u/hdr/.tox/py27/bin/py.test -q -s --basetemp=/home/u/hdr/.tox/py27/tmp \\\\'
___________________________________ summary ____________________________________
ERROR:   py27: commands failed
"""


def test_pytest_given_a_missing_path_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PYTEST_PATH_NOT_FOUND)
    assert failure.root.record.message == "ERROR: file not found: \\"
    assert failure.classification.category == "configuration_error"


# https://github.com/NMF-earth/nmf-app/issues/367 (GitHub Actions, `yarn test --ci`: every test passed, yet yarn
# says the command failed; the log shows no cause, so yarn's wrapper is the failure, not jest's last line)
JEST_ALL_PASSED_YARN_FAILED = """\
Run yarn test --ci
Test Suites: 68 passed, 68 total
Tests:       435 passed, 435 total
Snapshots:   145 passed, 145 total
Time:        120.703 s
Ran all test suites.
error Command failed with exit code 1.
Error: Process completed with exit code 1.
"""


def test_a_command_whose_last_output_says_it_passed_has_no_cause_in_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JEST_ALL_PASSED_YARN_FAILED)
    assert failure.root.record.message == "error Command failed with exit code 1."
