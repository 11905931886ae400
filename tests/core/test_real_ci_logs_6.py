"""A sixth set of real CI job logs from public issue threads, end to end (rules only): tools the first five sets
(test_real_ci_logs*.py) did not cover (the Dart analyzer, Flutter, CTest, sccache, buildx without emulation,
TFLint, Android instrumentation, Perl's test harness, hspec, Scala 3, Kotlin/Native, Poetry, mamba, Bazel's
remote cache, GitLab's artifact upload, kubectl rollouts, Karma, Dialyzer).

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category; a green job has none.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# --- analysers whose findings carry no error word ----------------------------------------------------------

# https://github.com/dart-lang/core/issues/165 (`dart analyze --fatal-infos`: infos and a warning fail the run)
DART_INFOS = """\
dart analyze --fatal-infos
Analyzing fixnum...                    0.7s

   info • lib/src/int32.dart:389:18 • 'List' is deprecated and shouldn't be used. Use a list literal, [], or the
          List.filled constructor instead. •
          deprecated_member_use
warning • pubspec.yaml:5:1 • The 'author' field is no longer used and can be removed. Try removing the field. •
          deprecated_field

2 issues found.
"""

# https://github.com/dart-lang/site-www/pull/3708 (the analyzer's errors, older `-` separators)
DART_ERRORS = """\
Analyzing misc...
  error - bin/cheatsheet/nullable.dart:7:13 - A value of type 'Null' can't be assigned to a variable of type \
'int'. - invalid_assignment

1 issue found.
"""

# https://github.com/osism/testbed/issues/1468 (TFLint's default formatter; it exits 2 on warnings)
TFLINT = """\
1 issue(s) found:

Warning: variable "flavor_node_alt" is declared but not used (terraform_unused_declarations)

  on variables.tf line 35:
  35: variable "flavor_node_alt" {

Reference: https://github.com/terraform-linters/tflint-ruleset-terraform/blob/v0.2.2/docs/rules/terraform_unused_declarations.md

ERROR: Job failed: exit code 2
"""

# https://github.com/beyond-all-reason/teiserver/issues/321 (Dialyzer through dialyxir: a finding's details
# `Pattern:` / `Type:` belong to it)
DIALYZER = """\
lib/teiserver_web/controllers/account/session_controller.ex:102:pattern_match
The pattern can never match the type.

Pattern:
{:ok, _user}, _conn

Type:
{:error, <<_::152>>}, _

________________________________________________________________________________
done (warnings were emitted)
Halting VM with exit status 2
"""


def test_analyser_findings_are_lint_or_compile_errors(tmp_path: Path) -> None:
    [dart] = _failures(tmp_path, DART_INFOS, "dart-infos.log")
    assert dart.root.record.message.startswith("warning • pubspec.yaml:5:1 • The 'author' field")
    assert dart.classification.category == "lint_error"
    [error] = _failures(tmp_path, DART_ERRORS, "dart-errors.log")
    assert error.root.record.code == "invalid_assignment"
    assert error.classification.category == "compilation_error"
    [tflint] = _failures(tmp_path, TFLINT, "tflint.log")
    assert tflint.root.record.message.startswith('Warning: variable "flavor_node_alt" is declared but not used')
    assert tflint.classification.category == "lint_error"
    [dialyzer] = _failures(tmp_path, DIALYZER, "dialyzer.log")
    assert dialyzer.root.record.message == (
        "lib/teiserver_web/controllers/account/session_controller.ex:102:pattern_match "
        "The pattern can never match the type."
    )
    assert dialyzer.classification.category == "lint_error"


# --- test drivers ------------------------------------------------------------------------------------------

# https://github.com/PDB-REDO/libcifpp/issues/11 (CTest under Gentoo's ebuild: the phase's error wraps it)
CTEST = """\
1/3 Test #2: structure-test ...................***Failed    0.47 sec
2/3 Test #3: unit-test ........................   Passed    0.64 sec

67% tests passed, 1 tests failed out of 3

The following tests FAILED:
\t  2 - structure-test (Failed)
Errors while running CTest
 * ERROR: sci-libs/libcifpp-2.0.3::gentoo failed (test phase):
 *   ctest failed
"""

# https://github.com/sky-map-team/stardroid/pull/137 (Travis: the app's process died on the emulator)
ANDROID = """\
:app:connectedDebugAndroidTest
Tests on test(AVD) - 6.0 failed: Instrumentation run failed due to 'Process crashed.'
:app:connectedDebugAndroidTest FAILED
FAILURE: Build failed with an exception.
* What went wrong:
Execution failed for task ':app:connectedDebugAndroidTest'.
> There were failing tests. See the report at: file:///home/travis/build/app/build/reports/index.html
"""

# https://github.com/animeshjain/flavor_test/issues/1 (flutter test: an `expect` that failed)
FLUTTER = """\
══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞════════════════════════════════════════════════════
The following TestFailure object was thrown running a test:
  Expected: no matching nodes in the widget tree
  Actual: _TextFinder:<exactly one widget with text "0" (ignoring offstage widgets)>
   Which: means one was found but none were expected

When the exception was thrown, this was the stack:
#4      main.<anonymous closure> (file:///Users/r/flavor_test/test/widget_test.dart:27:5)
════════════════════════════════════════════════════════════════════════════════════════════════════
00:15 +0 -1: Some tests failed.
"""

# https://github.com/IHaskell/IHaskell/issues/358 (hspec under cabal test)
HSPEC = """\
Failures:

  1) Code Evaluation evaluates expressions
       uncaught exception: ErrorCall (Expecting value!)

52 examples, 1 failure
Test suite hspec: FAIL
"""

# https://github.com/karma-runner/karma/issues/2652 (Karma: the browser stopped answering)
KARMA = """\
07 04 2017 15:21:19.403:INFO [HeadlessChrome 0.0.0 (Linux 0.0.0)]: Connected on socket NKuNZ76kZe8lL7FnAAAA
HeadlessChrome 0.0.0 (Linux 0.0.0) ERROR
  Disconnected, because no message in 10000 ms.
"""


def test_test_drivers_name_the_failed_test(tmp_path: Path) -> None:
    [ctest] = _failures(tmp_path, CTEST, "ctest.log")
    assert ctest.root.record.test_id == "structure-test"
    [android] = _failures(tmp_path, ANDROID, "android.log")
    assert android.root.record.message.startswith("Tests on test(AVD) - 6.0 failed: Instrumentation run failed")
    assert android.classification.category == "crash"
    [flutter] = _failures(tmp_path, FLUTTER, "flutter.log")
    assert flutter.root.record.message == "TestFailure: Expected: no matching nodes in the widget tree"
    assert flutter.classification.category == "assertion_failure"
    [hspec] = _failures(tmp_path, HSPEC, "hspec.log")
    assert hspec.root.record.exception_type == "ErrorCall"
    assert hspec.classification.category == "runtime_error"
    [karma] = _failures(tmp_path, KARMA, "karma.log")
    assert karma.root.record.message.endswith("ERROR: Disconnected, because no message in 10000 ms.")
    assert karma.classification.category == "timeout"


# --- installers and their verdicts -------------------------------------------------------------------------

# https://rt-cpan.github.io/Public/Bug/Display/132670 (Perl's harness: a module not installed)
PERL = """\
xt/10_perm.t ......... Can't locate Test/PAUSE/Permissions.pm in @INC (you may need to install the \
Test::PAUSE::Permissions module) (@INC contains: /home/j/Tk-Clock/blib/lib .) at xt/10_perm.t line 1.
BEGIN failed--compilation aborted at xt/10_perm.t line 1.
xt/10_perm.t ......... Dubious, test returned 2 (wstat 512, 0x200)
No subtests run
Result: FAIL
"""

# https://github.com/bghira/SimpleTuner/issues/1501 (Poetry's lock check, no error word)
POETRY = """\
Installing dependencies from lock file

pyproject.toml changed significantly since poetry.lock was last generated. Run `poetry lock` to fix the lock file.
"""

# https://github.com/geocompx/docker/issues/29 (micromamba in a classic `docker build`)
MAMBA = """\
Encountered problems while solving:
  - nothing provides requested quarto

The environment can't be solved, aborting the operation
error    libmamba Could not solve for environment specs
critical libmamba UnsatisfiableError
The command '/bin/sh -c micromamba install -y -n base -f /tmp/env.yaml' returned a non-zero code: 1
"""


def test_installers_report_the_missing_package_once(tmp_path: Path) -> None:
    [perl] = _failures(tmp_path, PERL, "perl.log")
    assert "Can't locate Test/PAUSE/Permissions.pm in @INC" in perl.root.record.message
    assert perl.classification.category == "dependency_error"
    [poetry] = _failures(tmp_path, POETRY, "poetry.log")
    assert poetry.root.record.message.startswith("pyproject.toml changed significantly since poetry.lock")
    assert poetry.classification.category == "dependency_error"
    [mamba] = _failures(tmp_path, MAMBA, "mamba.log")
    assert mamba.root.record.message == "Encountered problems while solving: nothing provides requested quarto"
    assert mamba.classification.category == "dependency_error"


# --- the machine, the cache, the CI system -----------------------------------------------------------------

# https://github.com/mozilla/sccache/issues/824 (the compiler cache's server, not the code)
SCCACHE = """\
   Compiling rustc_symbol_mangling v0.0.0 (/home/m/rust/src/librustc_symbol_mangling)
sccache: error: Server startup failed: Address already in use (os error 98)
error: could not compile `rustc_symbol_mangling`.
"""

# https://github.com/AxisCommunications/axis-aws-kinesis-vsp/issues/15 (buildx for arm32v7 without emulation)
BUILDX = """\
 > [base 2/6] RUN <<EOF (apt-get update...):
#0 0.252 exec /bin/sh: exec format error
------
ERROR: failed to solve: process "/bin/sh -c apt-get update" did not complete successfully: exit code: 1
"""

# https://github.com/bazelbuild/bazel/issues/27734 (Bazel 8 cannot reach its remote cache)
BAZEL = """\
ERROR: /home/j/.cache/bazel/external/rules_go/BUILD.bazel:77:15: GoToolchainBinaryBuild builder [for tool] \
failed: Failed to query remote execution capabilities: UNAVAILABLE: Unable to resolve host cache.example.org
Target //src/cli:cli failed to build
ERROR: Build did NOT complete successfully
"""

# https://github.com/sameersbn/docker-gitlab/issues/1726 (GitLab refuses the artifacts)
GITLAB_413 = """\
Uploading artifacts...
ERROR: Uploading artifacts to coordinator... too large archive  id=996 responseStatus=413 Request Entity Too \
Large status=413 Request Entity Too Large token=WEzVpnfj
FATAL: Too large
ERROR: Job failed: exit code 1
"""

# https://github.com/kubernetes/kubernetes/issues/95550 (azure/k8s-deploy waiting for the rollout)
ROLLOUT = """\
Waiting for deployment "app" rollout to finish: 1 out of 2 new replicas have been updated...
error: deployment "app" exceeded its progress deadline
"""


def test_machine_cache_and_ci_faults_are_not_the_code(tmp_path: Path) -> None:
    expected = {
        "sccache": (SCCACHE, "infrastructure_error", "sccache: error: Server startup failed"),
        "buildx": (BUILDX, "infrastructure_error", "exec /bin/sh: exec format error"),
        "bazel": (BAZEL, "network_error", "ERROR: /home/j/.cache/bazel/external/rules_go/BUILD.bazel:77:15"),
        "gitlab": (GITLAB_413, "infrastructure_error", "ERROR: Uploading artifacts to coordinator... too large"),
        "rollout": (ROLLOUT, "timeout", 'error: deployment "app" exceeded its progress deadline'),
    }
    for name, (log, category, start) in expected.items():
        [failure] = _failures(tmp_path, log, f"{name}.log")
        assert failure.root.record.message.startswith(start), name
        assert failure.classification.category == category, name


# --- green runs --------------------------------------------------------------------------------------------

# https://github.com/DynamoRIO/drmemory/issues/2533 (a warning about the warning limit; every test passed)
DRMEMORY_GREEN = """\
2025-01-13T22:50:33.8982650Z WARNING: maximum warning/error limit hit for drmemory-dbg-64!
2025-01-13T22:50:33.8983042Z   Manually verify whether it succeeded.
2025-01-13T22:50:33.8983292Z drmemory-dbg-64: all 103 tests passed
"""

# https://github.com/kubernetes/kubernetes/issues/95550 (the rollout that finished)
ROLLOUT_GREEN = """\
Waiting for deployment "app" rollout to finish: 1 out of 2 new replicas have been updated...
deployment "app" successfully rolled out
"""


def test_green_runs_have_no_failure(tmp_path: Path) -> None:
    for name, log in (("drmemory", DRMEMORY_GREEN), ("rollout", ROLLOUT_GREEN)):
        assert _failures(tmp_path, log, f"{name}.log") == [], name
