"""A third set of real CI job logs from public issue threads, end to end (rules only): CI systems, tools and
languages the first two sets (test_real_ci_logs.py, test_real_ci_logs_2.py) did not cover, and green jobs
whose logs print error-looking lines.

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category; and no failure at all for a job that passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.ci_logs import failures_of as _failures

# --- line prefixes, success markers and benign lines -----------------------------------------------------

# https://github.com/cockroachdb/cockroach/issues/67220 (TeamCity build log: `[hh:mm:ss] :` then tabs)
TEAMCITY_TABS = (
    "[17:17:13] :\t\t [Run Bazel test] //pkg/sql/colexec:colexec_test"
    "                                          TIMEOUT in 300.1s\n"
    "[17:17:13] :\t\t [Run Bazel test] Executed 376 out of 376 tests: 375 tests pass and 1 fails locally.\n"
    "[17:17:13]W:\t\t [Run Bazel test] INFO: Build completed, 1 test FAILED, 8099 total actions\n"
    "[17:17:13]W:\t\t [Run Bazel test] ERROR: exit status 3\n"
)


def test_teamcity_prefix_with_tabs(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TEAMCITY_TABS)
    assert failure.root.record.message.startswith("//pkg/sql/colexec:colexec_test")
    assert failure.classification.category == "timeout"


# https://github.com/microsoft/bond/issues/526 (AppVeyor: "Master branch passes but log shows error")
APPVEYOR_GREEN = """\
  '"gbc"' is not recognized as an internal or external command,
  operable program or batch file.
C:\\projects\\bond\\cs\\build\\nuget\\Common.targets(100,5): error MSB3073: The command ""gbc" c# \
--import-dir="C:\\projects\\bond\\idl"" exited with code 9009. [C:\\projects\\bond\\cs\\src\\core\\Bond.csproj]
Build success
"""

# https://github.com/apache/celix/issues/747 (codecov's uploader hit a rate limit and said it exits 0)
CODECOV_EXIT_ZERO = """\
[2024-05-24T03:23:57.885Z] ['info'] Detected GitHub Actions as the CI provider.
[2024-05-24T03:23:58.197Z] ['error'] There was an error running the uploader: Error uploading to \
[https://codecov.io:](https://codecov.io/) Error: There was an error fetching the storage URL during POST: 429 - \
{'detail': ErrorDetail(string='Rate limit reached. Please upload with the Codecov repository upload token to \
resolve issue. Expected time to availability: 1495s.', code='throttled')}
[2024-05-24T03:23:58.198Z] ['info'] Codecov will exit with status code 0. If you are expecting a non-zero exit \
code, please pass in the `-Z` flag
"""

# https://github.com/actions/cache/issues/1625 (a post-job cache save another job already made; step green)
CACHE_RESERVED = """\
Post job cleanup.
/usr/bin/tar --posix -cf cache.tzst --exclude cache.tzst -P -C /home/runner/work/ORG/REPO --files-from manifest.txt
Failed to save: Unable to reserve cache with key KEY, another job may be creating this cache.
Warning: Cache save failed.
"""


@pytest.mark.parametrize(
    "log", [APPVEYOR_GREEN, CODECOV_EXIT_ZERO, CACHE_RESERVED], ids=["appveyor", "codecov", "cache"]
)
def test_green_jobs_have_no_failure(tmp_path: Path, log: str) -> None:
    assert _failures(tmp_path, log) == []


# https://github.com/segmentio/action-destinations/pull/362 (jest: three suites never ran, one missing module;
# the summary's last row says every test that ran passed)
JEST_SUITES = """\
 FAIL  packages/destination-actions/src/destinations/cordial/page/__tests__/snapshot.test.ts
  ● Test suite failed to run

    Cannot find module '@segment/actions-core' from \
'packages/destination-actions/src/destinations/cordial/page/__tests__/snapshot.test.ts'

      at Resolver.resolveModule (node_modules/jest-resolve/build/resolver.js:324:11)

 FAIL  packages/destination-actions/src/destinations/cordial/track/__tests__/snapshot.test.ts
  ● Test suite failed to run

    Cannot find module '@segment/actions-core' from \
'packages/destination-actions/src/destinations/cordial/track/__tests__/snapshot.test.ts'

      at Resolver.resolveModule (node_modules/jest-resolve/build/resolver.js:324:11)

Test Suites: 2 failed, 41 passed, 43 total
Tests:       312 passed, 312 total
"""


def test_jest_suites_that_never_ran_are_one_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JEST_SUITES)
    assert failure.root.record.message == "● Test suite failed to run: Cannot find module '@segment/actions-core'"
    assert failure.classification.category == "dependency_error"


# --- wrappers and symptoms -------------------------------------------------------------------------------

# https://github.com/catppuccin/nix/issues/675 (nix: every dependent derivation reports the one that failed)
NIX_CASCADE = """\
error: hash mismatch in fixed-output derivation \
'/nix/store/4jjkv2hxvlysqrfrabnngprzyj3rjrji-vscode-extension-catppuccin-vscode-pnpm-deps.drv':
         specified: sha256-ksxzTirYEzgaQOJ+43K6SUAD/UA1b3Mtyc3HDGtMXeM=
            got:    sha256-sSblc1BAmHRqDW+u1JKDLMt8HlX12ilGMiBcmxovzZ0=
error: Cannot build '/nix/store/v7y5h9rdqvnaaxdjqhgnyyc7s4kczs3w-vscode-extension-catppuccin-vscode.drv'.
       Reason: 1 dependency failed.
error: 1 dependencies of derivation '/nix/store/h3vym2kzpbmpcqfc75j0f907pnp0r5hx-home-manager-files.drv' failed to build
"""

# https://github.com/pytest-dev/pytest/issues/7359 (pre-commit: the hook's status line, then its output)
PRE_COMMIT_MYPY = """\
black....................................................................Passed
mypy.....................................................................Failed
- hook id: mypy
- exit code: 1

src/_pytest/config/__init__.py:1076: error: Argument 1 to "Version" has incompatible type \
"Union[str, List[str]]"; expected "str"  [arg-type]
Found 1 error in 1 file (checked 2 source files)
"""

# https://github.com/JuliaLang/julia/issues/57751 (Buildkite: Julia's Test, then the runner's own summary)
JULIA_TEST = """\
Error in testset Pkg:
Test Failed at /cache/build/julia-master/share/julia/stdlib/v1.13/Pkg/test/new.jl:232
  Expression: did_install_artifact[] == 1
   Evaluated: 0 == 1
ERROR: LoadError: Test run finished with errors
in expression starting at /cache/build/julia-master/share/julia/test/runtests.jl:89
ERROR: A test has failed. Please submit a bug report (https://github.com/JuliaLang/julia/issues)
"""

# https://github.com/pacoorozco/probind/issues/80 (composer: a PHP extension the locked packages require)
COMPOSER_EXTENSION = """\
Installing dependencies from lock file (including require-dev)
Verifying lock file contents can be installed on current platform.
Your lock file does not contain a compatible set of packages. Please run composer update.

  Problem 1
    - rlanvin/php-ip is locked to version v2.0.0 and an update of this package was not requested.
    - rlanvin/php-ip v2.0.0 requires ext-gmp * -> it is missing from your system. Install or enable PHP's gmp extension.
"""

# https://github.com/airsdk/Adobe-Runtime-Support/issues/2657 (Android lint: the same line printed as lint's own
# summary and inside Gradle's failure block; the error-level one decides its category)
ANDROID_LINT = """\
> Task :app:lintVitalRelease
1 errors, 0 warnings
Lint found fatal errors while assembling a release target.

FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':app:lintVitalRelease'.
> Lint found fatal errors while assembling a release target.

BUILD FAILED in 1m 2s
"""

WRAPPED = [
    (NIX_CASCADE, "error: hash mismatch in fixed-output derivation", "dependency_error"),
    (PRE_COMMIT_MYPY, 'Argument 1 to "Version" has incompatible type', "lint_error"),
    (
        JULIA_TEST,
        "Test Failed at /cache/build/julia-master/share/julia/stdlib/v1.13/Pkg/test/new.jl:232: Expression: "
        "did_install_artifact[] == 1; Evaluated: 0 == 1",
        "assertion_failure",
    ),
    (COMPOSER_EXTENSION, "- rlanvin/php-ip v2.0.0 requires ext-gmp * -> it is missing", "dependency_error"),
    (ANDROID_LINT, "Lint found fatal errors while assembling a release target.", "lint_error"),
]


@pytest.mark.parametrize(
    ("log", "message", "category"), WRAPPED, ids=["nix", "pre-commit", "julia", "composer", "lint"]
)
def test_the_cause_once_not_its_wrappers(tmp_path: Path, log: str, message: str, category: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith(message)
    assert failure.classification.category == category


# --- categories of what the logs say --------------------------------------------------------------------

CASES = [
    (  # https://github.com/ocaml/dune/issues/8657 (opam prefixes the build output with `# `)
        '# File "otherlibs/stdune/src/stdune.ml", line 31, characters 21-31:\n'
        "# 31 |     Ordering.of_int (Pp.compare (fun a b -> Ordering.to_int (compare a b)) x y)\n"
        "# Error: Unbound value Pp.compare\n",
        "Error: Unbound value Pp.compare",
        "compilation_error",
    ),
    (  # https://github.com/actions/setup-dotnet/issues/172 (dotnet restore)
        "D:\\a\\s\\Settings.Net\\Settings.Net.csproj : error NU1102: Unable to find package Newtonsoft.Json with "
        "version (>= 12.0.3) [D:\\a\\s\\Settings.Net.sln]\nError: Process completed with exit code 1.\n",
        "D:\\a\\s\\Settings.Net\\Settings.Net.csproj : error NU1102",
        "dependency_error",
    ),
    (  # https://github.com/radareorg/radare2/pull/13345 (AppVeyor MSBuild: node prefix, a `(x86)` path)
        "     3>C:\\Program Files (x86)\\Microsoft Visual Studio\\2019\\Community\\MSBuild\\Microsoft\\VC\\v160\\"
        "Microsoft.CppBuild.targets(379,5): error MSB8020: The build tools for v142_xp (Platform Toolset = "
        "'v142_xp') cannot be found. [C:\\projects\\r2\\build\\REGEN.vcxproj]\n",
        "The build tools for v142_xp (Platform Toolset = 'v142_xp') cannot be found.",
        "configuration_error",
    ),
    (  # https://github.com/MRPT/mrpt/pull/750 (AppVeyor: a test binary whose DLL is missing, 0xC0000135)
        "C:\\Program Files (x86)\\Microsoft Visual Studio\\2017\\Community\\Common7\\IDE\\VC\\VCTargets\\"
        'Microsoft.CppCommon.targets(171,5): error MSB6006: "cmd.exe" exited with code -1073741515. '
        "[c:\\projects\\mrpt\\build\\tests\\run_tests_mrpt_hwdrivers.vcxproj]\n",
        '"cmd.exe" exited with code -1073741515.',
        "crash",
    ),
    (  # https://github.com/JuliaLang/METADATA.jl/pull/12159 (Julia PkgEval: the test process got SIGABRT)
        "failed process: Process(`/opt/julia-0.5.2/bin/julia --check-bounds=yes /mnt/Julz/test/runtests.jl`, "
        "ProcessSignaled(6)) [0]\n\nERROR: Julz had test errors\n",
        "failed process: Process(",
        "crash",
    ),
    (  # https://github.com/GoogleCloudPlatform/continuous-deployment-on-kubernetes/issues/23 (Jenkins, kubectl)
        "[Pipeline] sh\n[staging] Running shell script\n+ kubectl --namespace=production apply -f k8s/services/\n"
        'error validating "k8s/services/backend.yaml": error validating data: unexpected type: object; if you '
        "choose to ignore these errors, turn validation off with --validate=false\n[Pipeline] }\n"
        "[Pipeline] End of Pipeline\nERROR: script returned exit code 1\nFinished: FAILURE\n",
        'error validating "k8s/services/backend.yaml"',
        "configuration_error",
    ),
    (  # https://github.com/fedejaure/cookiecutter-modern-pypackage/issues/612 (nox, poetry)
        "nox > inv coverage\n\nCurrent Python version (3.12.2) is not allowed by the project (<3.12,>=3.11).\n"
        "nox > Command inv coverage failed with exit code 1\nnox > Session coverage failed.\n",
        "Current Python version (3.12.2) is not allowed by the project",
        "configuration_error",
    ),
    (  # github file found by content (a GitHub Actions step compiling an Inno Setup installer)
        "Compiling [Code] section\nError on line 96 in D:\\a\\x\\x\\Packaging\\Windows\\x.iss: Column 39:\n"
        "Unknown identifier 'AnsiLastChar'\nCompile aborted.\nError: Process completed with exit code 1.\n",
        "Error on line 96 in D:\\a\\x\\x\\Packaging\\Windows\\x.iss: Column 39:",
        "compilation_error",
    ),
    (  # https://github.com/cmap/cmapR/issues/8 (R CMD check: a test file R cannot parse)
        "* checking tests ...\n  Running 'testthat.R'\n ERROR\nRunning the tests in 'tests/testthat.R' failed.\n"
        "  Error in parse(text = lines, n = -1, srcfile = srcfile) : \n"
        "    testthat/test_GCT_class.R:3:70: unexpected '{'\n  Execution halted\n",
        "Error in parse(",
        "compilation_error",
    ),
    (  # https://github.com/inpsyde/reusable-workflows/issues/14 (GitHub Actions, jest)
        "Run ./node_modules/.bin/jest --reporters=default --reporters=github-actions\n\n"
        "Error: Could not resolve a module for a custom reporter.\n  Module name: github-actions\n"
        "    at normalizeReporters (/home/runner/work/p/p/node_modules/jest-config/build/normalize.js:540:33)\n"
        "Error: Process completed with exit code 1.\n",
        "Error: Could not resolve a module for a custom reporter.",
        "configuration_error",
    ),
    (  # https://github.com/sersoft-gmbh/xcodebuild-action/issues/8 (GitHub Actions web copy: line numbers between)
        "  ** TEST FAILED **\n36\n  \n37\n  The following build commands failed:\n38\n"
        "  \tCodeSign ../DerivedData/App-.../Build/Products/Debug/App.app\n39\n  (1 failure)\n40\n"
        "  Error: Xcodebuild action failed (65)!\n",
        "The following build commands failed: CodeSign ../DerivedData/App-.../Build/Products/Debug/App.app",
        "configuration_error",
    ),
    (  # https://github.com/eclipse-openj9/openj9/issues/8282 (Jenkins pipeline: the timeout step)
        "20:43:36      [javac] Compiling 29 source files to /home/u/workspace/openjdk.test.lang/bin\n"
        "Cancelling nested steps due to timeout\n"
        "Body did not finish within grace period; terminating with extreme prejudice.\n"
        "[Pipeline] End of Pipeline\nFinished: ABORTED\n",
        "Cancelling nested steps due to timeout",
        "timeout",
    ),
]


@pytest.mark.parametrize(("log", "message", "category"), CASES, ids=[case[2] + str(i) for i, case in enumerate(CASES)])
def test_the_cause_once_with_its_category(tmp_path: Path, log: str, message: str, category: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith(message)
    assert failure.classification.category == category


# https://github.com/hashicorp/terraform/issues/22410 (GitLab: terraform could not take its state lock)
TERRAFORM_LOCK = """\
Error: Error locking state: Error acquiring the state lock: 2 error(s) occurred:

* ConditionalCheckFailedException: The conditional request failed
	status code: 400, request id: 1GC9H7U16EQSUEAN9VOF0QNMPRVV4KQNSO5AEMVJF66Q9ASUAAJG

Terraform acquires a state lock to protect the state from being written
by multiple users at the same time.
ERROR: Job failed: exit code 1
"""

# https://github.com/Krukov/cashews/issues/258 (codecov's uploader throttled, and the step failed)
CODECOV_THROTTLED = """\
[2024-08-12T19:47:58.788Z] ['error'] There was an error running the uploader: Error uploading to \
[https://codecov.io:](https://codecov.io/) Error: There was an error fetching the storage URL during POST: 429 - \
{'detail': ErrorDetail(string='Rate limit reached. Please upload with the Codecov repository upload token to \
resolve issue. Expected time to availability: 771s.', code='throttled')}
Error: Codecov: Failed to properly upload: The process '/home/runner/work/_actions/codecov/codecov-action/v3/dist/\
codecov' failed with exit code 255
"""


@pytest.mark.parametrize("log", [TERRAFORM_LOCK, CODECOV_THROTTLED], ids=["terraform-lock", "codecov-429"])
def test_shared_state_and_throttling_are_infrastructure(tmp_path: Path, log: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.classification.category == "infrastructure_error"
