"""Real CI job logs pasted in public issue threads and CI log archives, end to end (rules only).

Each sample is trimmed to the part around the failure; its origin is in the comment above it. The
assertions are what the developer reading the log would call the failure: the root-cause line once,
with a sensible category, and nothing for a log that passed.
"""

from __future__ import annotations

from pathlib import Path

from classifier.model import Analysis, Failure, RunContext
from classifier.pipeline import analyze
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

SETTINGS = load_settings({}, {"enable_error_classification": "false"})


def _failures(tmp_path: Path, log: str, name: str = "job.log") -> list[Failure]:
    path = tmp_path / name
    path.write_text(log, encoding="utf-8")
    store = SQLiteStore(tmp_path / f"{name}.db")
    analysis: Analysis = analyze(
        iter_documents([str(path)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
    )
    return [failure for job in analysis.jobs for failure in job.failures]


def _gh_cli(job: str, step: str, lines: str) -> str:
    """`gh run view --log-failed` output: every line is `job<TAB>step<TAB>timestamp text`."""
    return "".join(f"{job}\t{step}\t{line}\n" for line in lines.splitlines())


# https://github.com/chahyasantoso/motion5 CI log archive of run 32570446626 (`gh run view --log-failed`)
GH_CLI_TSC = _gh_cli(
    "quality (node 24)",
    "Run npm run typecheck",
    """\
2026-08-22T11:30:18.4694702Z ##[group]Run npm run typecheck
2026-08-22T11:30:18.4695075Z ^[[36;1mnpm run typecheck^[[0m
2026-08-22T11:30:18.4715541Z shell: /usr/bin/bash -e {0}
2026-08-22T11:30:18.4716521Z ##[endgroup]
2026-08-22T11:30:18.6377358Z > motion5@0.0.0 typecheck
2026-08-22T11:30:18.6377865Z > tsc --noEmit -p tsconfig.json
2026-08-22T11:30:20.7748514Z ##[error]packages/core/test/unit/scripts/boundary-scan.test.ts(12,3): error TS2305: \
Module '"../../../../../scripts/boundary-scan.mjs"' has no exported member 'importsTestingEntrypoint'.
2026-08-22T11:30:20.7949714Z ##[error]Process completed with exit code 2.""",
)


def test_gh_cli_job_and_step_columns_are_a_prefix(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GH_CLI_TSC)
    root = failure.root.record
    assert root.message.startswith("Module '\"../../../../../scripts/boundary-scan.mjs\"' has no exported member")
    assert root.location is not None and root.location.file.endswith("boundary-scan.test.ts")
    assert root.timestamp == "2026-08-22T11:30:20.7748514Z"
    assert failure.classification.category == "compilation_error"


# The same archive, run 32615237167: vitest output with its escapes written as text (`^[[31m`).
GH_CLI_VITEST = _gh_cli(
    "quality (node 24)",
    "Run npm test",
    """\
2026-08-23T03:24:13.1335816Z  ^[[31m❯^[[39m packages/core/test/unit/scripts/evidence-case-ids.test.ts \
^[[2m(^[[22m^[[2m2 tests^[[22m^[[2m | ^[[22m^[[31m1 failed^[[39m^[[2m)^[[22m^[[32m 28^[[2mms^[[22m^[[39m
2026-08-23T03:24:27.2524904Z ^[[31m⎯⎯⎯⎯⎯⎯⎯^[[39m^[[1m^[[41m Failed Tests 1 ^[[49m^[[22m^[[31m⎯⎯⎯⎯⎯⎯⎯^[[39m
2026-08-23T03:24:27.2528172Z ^[[41m^[[1m FAIL ^[[22m^[[49m packages/core/test/unit/scripts/evidence-case-ids.test.ts\
^[[2m > ^[[22mevidence case ids^[[2m > ^[[22mdeclares every citation case id exactly once across the suite
2026-08-23T03:24:27.2536311Z ^[[31m^[[1mAssertionError^[[22m: expected [ …(12) ] to deeply equal []^[[39m
2026-08-23T03:24:27.2557665Z ^[[36m ^[[2m❯^[[22m packages/core/test/unit/scripts/evidence-case-ids.test.ts:\
^[[2m146:24^[[22m^[[39m
2026-08-23T03:24:27.2581657Z ^[[2m Test Files ^[[22m ^[[1m^[[31m1 failed^[[39m^[[22m^[[2m | \
^[[22m^[[1m^[[32m131 passed^[[39m
2026-08-23T03:24:27.2645095Z ##[error]AssertionError: expected [ …(12) ] to deeply equal []
2026-08-23T03:24:27.3132732Z ##[error]Process completed with exit code 1.""",
)


def test_caret_written_escapes_are_removed(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GH_CLI_VITEST)
    assert failure.root.record.message == "AssertionError: expected [ …(12) ] to deeply equal []"
    assert failure.classification.category == "assertion_failure"
    assert all("^[[" not in e.occurrence.record.message for e in failure.evidence)


# The same archive, run 31498105915: npm 10 writes `npm error` where npm 6-9 wrote `npm ERR!`.
GH_CLI_NPM_CI = _gh_cli(
    "boundaries (node 24)",
    "Install locked dependencies",
    """\
2026-08-11T13:48:30.4071843Z ##[group]Run npm ci --ignore-scripts --no-audit --no-fund
2026-08-11T13:48:30.4132769Z ##[endgroup]
2026-08-11T13:48:31.3033869Z npm error code EUSAGE
2026-08-11T13:48:31.3098399Z npm error
2026-08-11T13:48:31.3100321Z npm error `npm ci` can only install packages when your package.json and \
package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.
2026-08-11T13:48:31.3101727Z npm error
2026-08-11T13:48:31.3102271Z npm error Missing: react@19.2.8 from lock file
2026-08-11T13:48:31.3102864Z npm error
2026-08-11T13:48:31.3103311Z npm error Clean install a project
2026-08-11T13:48:31.3104096Z npm error Usage:
2026-08-11T13:48:31.3104774Z npm error npm ci
2026-08-11T13:48:31.3162588Z npm error Run "npm help ci" for more info
2026-08-11T13:48:31.3525280Z ##[error]Process completed with exit code 1.""",
)


def test_npm_ci_with_a_stale_lock_file_is_a_dependency_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GH_CLI_NPM_CI)
    assert failure.root.record.message == "npm error code EUSAGE"
    assert failure.classification.category == "dependency_error"


def test_travis_ending_a_silent_job_is_a_timeout(tmp_path: Path) -> None:
    # https://github.com/openhab/static-code-analysis/issues/327 and travis-ci/travis-ci#2726 (Travis CI)
    log = (
        "No output has been received in the last 10m0s, this potentially indicates a stalled build or something "
        "wrong with the build itself.\n"
        "Check the details on how to adjust your build configuration on: https://docs.travis-ci.com/user/"
        "common-build-problems/#Build-times-out-because-no-output-was-received\n\nThe build has been terminated\n"
    )
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith("No output has been received in the last 10m0s")
    assert failure.classification.category == "timeout"


# https://github.com/conversation/rspec-queue/pull/3: an rspec failure, then `--profile`'s slowest examples.
RSPEC_PROFILE = """\
  1) RSpecQueue::Configuration#worker_count RSPEC_QUEUE_WORKERS env var set fails
     Failure/Error: expect(true).to eq false

       expected: false
            got: true

       (compared using ==)
     # ./spec/rspec_queue/configuration_spec.rb:25:in `block (4 levels) in <top (required)>'

Finished in 0.31236 seconds
(files took 0.10015 seconds to load)
2 examples, 1 failure
Top 5 slowest examples:
./spec/rspec_queue/configuration_spec.rb:12 took 0.01s, impact on build time is 0.0s (0.6%)
./spec/rspec_queue/configuration_spec.rb:20 took 0.0s, impact on build time is 0.0s (0.0%)
"""


def test_a_profile_listing_of_spec_locations_is_not_a_finding(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RSPEC_PROFILE)
    assert failure.root.record.message == "Failure/Error: expect(true).to eq false"
    assert failure.classification.category == "assertion_failure"


def test_msvc_codes_in_the_msbuild_shape_are_compiler_errors(tmp_path: Path) -> None:
    # https://github.com/DamRsn/NeuralNote/issues/140 (VS Code CMake Tools driving MSBuild)
    log = (
        "[cmake] -- The CXX compiler identification is MSVC 19.41.34120.0\n"
        "C:\\Users\\r\\NeuralNote\\Source\\Components\\NeuralNoteLNF.cpp(71,15): error C2065: 'LABEL_FONT': "
        "undeclared identifier [C:\\Users\\r\\NeuralNote\\build\\NeuralNote.vcxproj]\n"
        '[proc] The command: "C:\\Program Files\\CMake\\bin\\cmake.EXE" --build c:/Users/r/NeuralNote/build '
        "--config Debug --target ALL_BUILD -j 18 -- exited with code: 1\n"
        "[build] Build finished with exit code 1\n"
    )
    [failure] = _failures(tmp_path, log)
    assert (failure.root.record.code, failure.root.record.framework) == ("C2065", "msvc")
    assert failure.classification.category == "compilation_error"


def test_npm_run_all_exited_with_n_is_a_symptom_of_the_killed_task(tmp_path: Path) -> None:
    # https://github.com/microsoft/vscode/issues/185079 (Azure Pipelines, yarn + npm-run-all)
    log = """\
[extensions-ci           ] [05:07:35] [mangler] Starting prepare rename edits
[extensions-ci           ] Killed
[extensions-ci           ] error Command failed with exit code 137.
[hygiene                 ] error Command failed with signal "SIGTERM".
ERROR: "extensions-ci" exited with 137.
error Command failed with exit code 1.
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.endswith("Killed")
    assert failure.classification.category == "resource_exhaustion"


# https://github.com/GoogleCloudPlatform/serverless-spark-workshop/issues/36: Terraform >= 0.15 draws a box
# gutter around each diagnostic.
TERRAFORM_BOX = """\
╷
│ Error: Invalid reference
│
│   on .terraform/modules/workshop/terraform/main.tf line 866, in output "CUSTOM_CONTAINER_IMAGE_PATH":
│  866: value = "${local.location}-docker.pkg.dev/${local.project_id}/s8s-spark-image:${spark_container_img_tag}"
│
│ A reference to a resource type must be followed by at least one attribute
│ access, specifying the resource name.
╵
"""


def test_a_terraform_diagnostic_in_its_box_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TERRAFORM_BOX)
    assert failure.root.record.message == "Error: Invalid reference"
    assert failure.classification.category == "configuration_error"


def test_jenkins_tool_installation_and_gitlab_runner_preparation(tmp_path: Path) -> None:
    # https://github.com/apache/pulsar/issues/4870 (Jenkins): the configured Maven installation is empty
    jenkins = (
        "First time build. Skipping changelog.\n"
        "FATAL: Couldn?t find any executable in /home/jenkins/tools/maven/apache-maven-3.5.0\n"
        "Build step 'Invoke top-level Maven targets' marked build as failure\n"
        "Finished: FAILURE\n"
    )
    [failure] = _failures(tmp_path, jenkins, "jenkins.log")
    assert failure.root.record.message.startswith("FATAL: Couldn?t find any executable")
    assert failure.classification.category == "configuration_error"
    # https://github.com/cattle-ops/terraform-aws-gitlab-runner/issues/504 (GitLab): the runner's executor broke
    gitlab = (
        "Running with gitlab-runner 14.8.3 (16ae0625)\n"
        'Preparing the "docker+machine" executor\n'
        "Preparing environment\n"
        "ERROR: Job failed: prepare environment: exit code 255. Check "
        "https://docs.gitlab.com/runner/shells/index.html#shell-profile-loading for more information\n"
    )
    [failure] = _failures(tmp_path, gitlab, "gitlab.log")
    assert failure.classification.category == "infrastructure_error"


# A GitHub Actions log of `./gradlew assembleDebug` kept in the lf-media-player repository's notes:
# kotlinc's `e:` line (Kotlin >= 1.8 form, no error word) is the cause, Gradle's report wraps it.
GRADLE_KOTLIN = """\
2026-06-02T09:51:32.5641055Z > Task :app:kspDebugKotlin
2026-06-02T09:51:39.8650844Z e: file:///home/runner/work/lf-media-player/lf-media-player/app/src/main/java/com/byd/\
mediaplayer/ui/PlaylistPanel.kt:164:55 Val cannot be reassigned
2026-06-02T09:51:39.8652581Z > Task :app:compileDebugKotlin FAILED
2026-06-02T09:51:39.8656524Z FAILURE: Build failed with an exception.
2026-06-02T09:51:39.8657587Z * What went wrong:
2026-06-02T09:51:39.8658580Z Execution failed for task ':app:compileDebugKotlin'.
2026-06-02T09:51:39.8660035Z > A failure occurred while executing org.jetbrains.kotlin.compilerRunner.\
GradleCompilerRunnerWithWorkers$GradleKotlinCompilerWorkAction
2026-06-02T09:51:39.8661422Z    > Compilation error. See log for more details
2026-06-02T09:51:39.8666680Z BUILD FAILED in 1m 16s
2026-06-02T09:51:39.9485157Z ##[error]Process completed with exit code 1.
"""


def test_kotlinc_severity_letter_lines_are_the_compiler_errors(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GRADLE_KOTLIN)
    root = failure.root.record
    assert (root.message, root.framework) == ("Val cannot be reassigned", "kotlin")
    assert root.location is not None and (root.location.line, root.location.column) == (164, 55)
    assert failure.classification.category == "compilation_error"
    # the older form, `e: /path/A.kt: (12, 5): msg`, is read the same way
    [old] = _failures(tmp_path, "e: /src/app/A.kt: (12, 5): Unresolved reference: foo\n", "old.log")
    assert old.root.record.message == "Unresolved reference: foo"


def test_dotnet_test_failed_cases_carry_their_assertion(tmp_path: Path) -> None:
    # `dotnet test`'s console logger, in the form Microsoft Learn shows ("Unit testing C# with MSTest")
    vstest = """\
  Failed Prime.UnitTests.Services.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse [12 ms]
  Error Message:
   Assert.IsFalse failed. 1 should not be prime
  Stack Trace:
     at Prime.UnitTests.Services.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse() in \
/src/Prime.UnitTests/PrimeService_IsPrimeShould.cs:line 20

Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1, Duration: 12 ms - Prime.UnitTests.dll (net8.0)
"""
    [failure] = _failures(tmp_path, vstest, "vstest.log")
    root = failure.root.record
    assert root.test_id == "Prime.UnitTests.Services.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse"
    assert root.message == "Assert.IsFalse failed. 1 should not be prime"
    assert failure.classification.category == "assertion_failure"
    # https://github.com/microsoft/testfx/pull/6240: the Microsoft.Testing.Platform runner's own form
    mtp = """\
  failed Invalid_TestingProfile_Name_Should_Fail ("net9.0;net8.0;net7.0;net6.0;net462",Debug) (6s 220ms)
    Assert.AreEqual failed. Expected:<1>. Actual:<-532462766>.
      at MSTest.Acceptance.IntegrationTests.SdkTests.Invalid_TestingProfile_Name_Should_Fail(String multiTfm, \
BuildConfiguration buildConfiguration) in /_/test/IntegrationTests/MSTest.Acceptance.IntegrationTests/SdkTests.cs:280
"""
    [failure] = _failures(tmp_path, mtp, "mtp.log")
    assert failure.root.record.message == "Assert.AreEqual failed. Expected:<1>. Actual:<-532462766>."
    assert failure.classification.category == "assertion_failure"


def test_cocoapods_out_of_sync_is_a_dependency_failure(tmp_path: Path) -> None:
    # https://github.com/fastlane/fastlane/issues/19539 (GitHub Actions, xcodebuild through xcpretty)
    log = """\
▸ Running script '[CP] Check Pods Manifest.lock'

❌  error: The sandbox is not in sync with the Podfile.lock. Run 'pod install' or update your CocoaPods installation.


** ARCHIVE FAILED **
"""
    [failure] = _failures(tmp_path, log)
    assert "not in sync with the Podfile.lock" in failure.root.record.message
    assert failure.classification.category == "dependency_error"
