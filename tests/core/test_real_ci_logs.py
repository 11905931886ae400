"""Real CI job logs pasted in public issue threads and CI log archives, end to end (rules only).

Each sample is trimmed to the part around the failure; its origin is in the comment above it. The
assertions are what the developer reading the log would call the failure: the root-cause line once,
with a sensible category, and nothing for a log that passed.
"""

from __future__ import annotations

from pathlib import Path

from classifier.model import Location
from tests.core.ci_logs import failures_of as _failures


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
    assert root.message.startswith(
        "error TS2305: Module '\"../../../../../scripts/boundary-scan.mjs\"' has no exported member"
    )
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
    message = failure.root.record.message  # the code and npm's explanation under it
    assert message.startswith("npm error code EUSAGE: `npm ci` can only install packages when your package.json")
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


# rubyforgood/human-essentials, a GitHub Actions RSpec run (public CI log excerpt, stored-text id 2461127757; trimmed):
# two request specs fail with one error raised in one view partial. RSpec prints the raised class alone on the line
# under `Failure/Error:`; a failed expectation (RSPEC_PROFILE above) prints its message there instead.
RSPEC_RAISED = """\
  5) Events When signed in GET #index with type filter should not include the adjustment
     Failure/Error: <%= event.user.name %>

     ActionView::Template::Error:
       undefined method `name' for nil:NilClass
     # ./app/views/events/_event_row.html.erb:8:in `_app_views_events__event_row_html_erb__1937987899306049892_158860'
     # ./spec/requests/events_requests_spec.rb:61:in `block (5 levels) in <top (required)>'

  6) Events When signed in GET #index with date filter should not include the old donation
     Failure/Error: <%= event.user.name %>

     ActionView::Template::Error:
       undefined method `name' for nil:NilClass
     # ./app/views/events/_event_row.html.erb:8:in `_app_views_events__event_row_html_erb__1937987899306049892_158860'
     # ./spec/requests/events_requests_spec.rb:115:in `block (5 levels) in <top (required)>'

Finished in 1 minute 44.61 seconds (files took 8.25 seconds to load)
254 examples, 6 failures
"""


def test_an_error_raised_in_rspec_examples_is_one_runtime_failure_with_its_class(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RSPEC_RAISED)
    assert failure.root.record.message == "Failure/Error: <%= event.user.name %>"
    assert failure.root.record.exception_type == "ActionView::Template::Error"
    assert failure.classification.category == "runtime_error"
    # each example's record names its example; one exception thrown at one place (the view's first frame) joins them
    tests = {evidence.occurrence.record.test_id for evidence in failure.evidence}
    assert "Events When signed in GET #index with date filter should not include the old donation" in tests
    assert (
        failure.root.record.test_id
        == "Events When signed in GET #index with type filter should not include the adjustment"
    )


# A Rakefile running rspec, its output kept in a student's notes on practica6 of LPP (stored public text id
# 30021498453; one run, trimmed): four examples raising errors at four places are four failures, each its example's.
RSPEC_FOUR = """\
Failures:

  1) Fraccion Sumar fracciones y mostrar el resultado reducido
     Failure/Error: (@a + @b).should
     NoMethodError:
       undefined method `+' for #<Fraccion:0x00000001a28658 @numerador=15, @denominador=5>
     # ./spec/fraccion_rspec.rb:59:in `block (2 levels) in <top (required)>'

  2) Fraccion Restar fracciones y mostrar el resultado reducido
     Failure/Error: (@a - @b).should
     NameError:
       uninitialized constant Fraccion::Fracciones
     # ./lib/fraccion.rb:65:in `-'
     # ./spec/fraccion_rspec.rb:63:in `block (2 levels) in <top (required)>'

  3) Fraccion Multiplicar fracciones y mostrar el resultado reducido
     Failure/Error: (@a * @b).should
     NoMethodError:
       undefined method `*' for #<Fraccion:0x00000001a31bb8 @numerador=15, @denominador=5>
     # ./spec/fraccion_rspec.rb:67:in `block (2 levels) in <top (required)>'

  4) Fraccion Dividir fracciones y mostrar el resultado reducido
     Failure/Error: (@a / @b).should
     NoMethodError:
       undefined method `/' for #<Fraccion:0x00000001a4a258 @numerador=15, @denominador=5>
     # ./spec/fraccion_rspec.rb:71:in `block (2 levels) in <top (required)>'

Finished in 0.00806 seconds
15 examples, 4 failures

Failed examples:

rspec ./spec/fraccion_rspec.rb:58 # Fraccion Sumar fracciones y mostrar el resultado reducido
rspec ./spec/fraccion_rspec.rb:62 # Fraccion Restar fracciones y mostrar el resultado reducido
rspec ./spec/fraccion_rspec.rb:66 # Fraccion Multiplicar fracciones y mostrar el resultado reducido
rspec ./spec/fraccion_rspec.rb:70 # Fraccion Dividir fracciones y mostrar el resultado reducido
rake aborted!
Command failed with status (1): [rspec -I. spec/fraccion_rspec.rb --format ...]
"""


def test_rspec_examples_raising_at_different_places_are_one_failure_each(tmp_path: Path) -> None:
    failures = _failures(tmp_path, RSPEC_FOUR)
    assert [failure.root.record.test_id for failure in failures] == [
        "Fraccion Sumar fracciones y mostrar el resultado reducido",
        "Fraccion Restar fracciones y mostrar el resultado reducido",
        "Fraccion Multiplicar fracciones y mostrar el resultado reducido",
        "Fraccion Dividir fracciones y mostrar el resultado reducido",
    ]
    assert failures[1].root.record.exception_type == "NameError"
    assert failures[1].root.record.location == Location("spec/fraccion_rspec.rb", 63)


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


# `gh run view --log-failed` output pasted into a repository's notes, its tabs turned into spaces.
GH_CLI_SPACES = "".join(
    f'test    Run pytest -m "not slow"        {line}\n'
    for line in """\
2026-08-29T15:15:44.0286845Z =================================== FAILURES ===================================
2026-08-29T15:15:44.0287497Z ______________________ test_encode_is_stable_and_ordered _______________________
2026-08-29T15:15:44.0288282Z     def test_encode_is_stable_and_ordered():
2026-08-29T15:15:44.0288948Z >       assert encode(0) == "asoufiane"
2026-08-29T15:15:44.0289386Z E       AssertionError: assert 'a' == 'asoufiane'
2026-08-29T15:15:44.0290780Z tests/test_store.py:7: AssertionError
2026-08-29T15:15:44.0296701Z =========================== short test summary info ============================
2026-08-29T15:15:44.0297671Z FAILED tests/test_store.py::test_encode_is_stable_and_ordered - AssertionError: \
assert 'a' == 'asoufiane'
2026-08-29T15:15:44.0300018Z 1 failed, 16 passed, 3 deselected, 1 warning in 0.40s
2026-08-29T15:15:44.1004029Z ##[error]Process completed with exit code 1.""".splitlines()
)


def test_gh_cli_columns_pasted_with_spaces_are_a_prefix_too(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GH_CLI_SPACES)
    assert failure.root.record.message == "AssertionError: assert 'a' == 'asoufiane'"
    assert failure.root.record.timestamp.startswith("2026-08-29T15:15:44")
    assert failure.classification.category == "assertion_failure"


def test_the_classic_docker_builder_step_output(tmp_path: Path) -> None:
    # https://github.com/tonkeeper/opentonapi/issues/92: the step's last output line says what went wrong
    gopath = """\
Step 4/12 : RUN go mod download
 ---> Running in 29855834daca
$GOPATH/go.mod exists but should not
The command '/bin/sh -c go mod download' returned a non-zero code: 1
"""
    [failure] = _failures(tmp_path, gopath, "gopath.log")
    assert failure.root.record.message == "$GOPATH/go.mod exists but should not"
    # https://github.com/jina-ai/node-DeepResearch/issues/53: the step's compiler errors are records of their
    # own, so the builder's line is their symptom, not a second failure
    tsc = """\
Step 6/18 : RUN npm run build --ignore-scripts
 ---> Running in f275012e0ff2
> tsc
src/tools/__tests__/evaluator.test.ts(28,11): error TS2345: Argument of type 'string' is not assignable to \
parameter of type 'AnswerAction'.
src/tools/__tests__/evaluator.test.ts(41,11): error TS2345: Argument of type 'string' is not assignable to \
parameter of type 'AnswerAction'.
The command '/bin/sh -c npm run build --ignore-scripts' returned a non-zero code: 2
"""
    [failure] = _failures(tmp_path, tsc, "tsc.log")
    assert failure.root.record.code == "TS2345"
    assert failure.classification.category == "compilation_error"


def test_go_module_errors_in_a_buildkit_recap(tmp_path: Path) -> None:
    # https://github.com/anselm94/googlekeepclone/issues/9 (BuildKit's tty progress and its recap block)
    log = """\
 => ERROR [gobuilder 8/9] RUN go mod download                                                        11.2s
------
#0 10.78 go: github.com/99designs/gqlgen@v0.13.0 requires
#0 10.78        sourcegraph.com/sourcegraph/appdash-data@v0.0.0-20151005221446-73f23eafcf67: unrecognized import \
path "sourcegraph.com/sourcegraph/appdash-data": reading https://sourcegraph.com/sourcegraph/appdash-data?go-get=1: \
404 Not Found
------
Dockerfile:9
--------------------
   9 | >>> RUN go mod download
--------------------
ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
"""
    [failure] = _failures(tmp_path, log)
    assert "unrecognized import path" in failure.root.record.message
    assert failure.classification.category == "dependency_error"


def test_a_package_build_failing_under_pip_is_one_dependency_failure(tmp_path: Path) -> None:
    # https://github.com/python-gitlab/python-gitlab/issues/2376 (GitLab CI): pip frames the package's own
    # build output; GitLab's artifact upload after the failure is no second failure
    log = """\
        File "/tmp/pip-install-bix7_0gu/pycrypto_1138/setup.py", line 278, in run
          raise RuntimeError("autoconf error")
      RuntimeError: autoconf error
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
error: legacy-install-failure
× Encountered error while trying to install package.
╰─> pycrypto
Uploading artifacts for failed job
Uploading artifacts...
WARNING: testOutput: no matching files. Ensure that the artifact path is relative to the working directory
ERROR: No files to upload
Cleaning up project directory and file based variables
ERROR: Job failed: exit code 1
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "RuntimeError: autoconf error"
    assert failure.classification.category == "dependency_error"


def test_buildkit_rpc_error_repeating_the_step_error_is_its_wrapper(tmp_path: Path) -> None:
    # https://github.com/GaloisInc/crucible/issues/1175 (BuildKit, the runner's disk full)
    write = "write /usr/local/rustup/toolchains/nightly/lib/librustc_macros-1f5c.so: no space left on device"
    log = f"""\
#55 importing to docker
#55 loading layer 7e0bd5b881d4 471.54MB / 471.54MB 15.0s done
#55 ERROR: {write}

#54 exporting to docker image format
#54 sending tarball 32.9s done
#54 ERROR: rpc error: code = Unknown desc = {write}
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == write
    assert failure.classification.category == "resource_exhaustion"


def test_ansible_task_failures_are_their_result_message(tmp_path: Path) -> None:
    # https://github.com/rcbops/ansible-lxc-rpc/issues/498 (Jenkins with timestamps, Ansible 1.x output)
    old = """\
00:01:35.361 TASK: [dev-setup-rpc | Install pip requirements] ******************************
00:01:35.540 failed: [node17] => {"failed": true}
00:01:35.540 msg: Failed to find required executable pip
00:01:35.541
00:01:35.541 FATAL: all hosts have already failed -- aborting
"""
    [failure] = _failures(tmp_path, old, "old.log")
    assert (failure.root.record.message, failure.root.record.framework) == (
        "Failed to find required executable pip",
        "ansible",
    )
    assert failure.classification.category == "configuration_error"
    # the current form (Ansible docs, "Error handling in playbooks"): the result is one JSON object
    new = (
        "TASK [install packages] ********************************************************\n"
        'fatal: [localhost]: FAILED! => {"changed": false, "msg": "No package matching \'libfoo-dev\' is available"}\n'
        "PLAY RECAP *********************************************************************\n"
        "localhost                  : ok=1    changed=0    unreachable=0    failed=1    skipped=0\n"
    )
    [failure] = _failures(tmp_path, new, "new.log")
    assert failure.root.record.message == "No package matching 'libfoo-dev' is available"
    assert failure.classification.category == "dependency_error"


def test_composer_names_the_problem_not_its_headline(tmp_path: Path) -> None:
    # https://github.com/Project-CleverWeb/LastAutoIndex/issues/3 (composer require)
    log = """\
Loading composer repositories with package information
Updating dependencies (including require-dev)
Your requirements could not be resolved to an installable set of packages.

  Problem 1
    - Installation request for projectcleverweb/lastautoindex ^1.1 -> satisfiable by \
(lastautoindex 1.1.0).
    - projectcleverweb/lastautoindex 1.1.0 requires digitalnature/php-ref dev-master -> no matching package found.

Potential causes:
 - A typo in the package name
Installation failed, deleting ./composer.json.
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.endswith(
        "projectcleverweb/lastautoindex 1.1.0 requires digitalnature/php-ref dev-master -> no matching package found."
    )
    assert failure.classification.category == "dependency_error"


def test_taskcluster_killing_a_task_at_its_limit_is_a_timeout(tmp_path: Path) -> None:
    # https://github.com/mozilla-mobile/android-components/issues/7970 (Taskcluster)
    log = """\
[task 2020-08-04T19:15:36.931Z]   3m 56s matrix-2qpukqas88rsc Nexus6-21 FINISHED

[taskcluster:error] Task timeout after 2400 seconds. Force killing container.
[taskcluster 2020-08-04 19:32:36.497Z] === Task Finished ===
[taskcluster 2020-08-04 19:32:36.498Z] Unsuccessful task run with exit code: -1 completed in 2425.656 seconds
"""
    [failure] = _failures(tmp_path, log)
    assert "Task timeout after 2400 seconds" in failure.root.record.message
    assert failure.classification.category == "timeout"


def test_two_jest_tests_whose_names_share_a_prefix_are_two_failures(tmp_path: Path) -> None:
    # https://github.com/JeanPaiva42/jest-an-issue/issues/47 (jest's default reporter)
    block = """\
  ● example tests › {name}

    expect(received).toBe(expected) // Object.is equality

    Expected: {expected}
    Received: {received}

      at Object.<anonymous> (tests/example-test.test.js:{line}:23)

"""
    log = (
        " FAIL  tests/example-test.test.js\n"
        + block.format(name="test that always fails", expected="true", received="false", line=4)
        + block.format(name="test that always fails too", expected="false", received="true", line=12)
        + "Tests:       2 failed, 1 passed, 3 total\n"
    )
    failures = _failures(tmp_path, log)
    assert [f.root.record.test_id for f in failures] == [
        "example tests › test that always fails",
        "example tests › test that always fails too",
    ]
    assert {f.classification.category for f in failures} == {"assertion_failure"}


def test_ansible_missing_module_or_collection_is_a_dependency_failure(tmp_path: Path) -> None:
    # https://github.com/ansible-middleware/keycloak/pull/49 (GitHub Actions, molecule)
    log = """\
ERROR! couldn't resolve module/action 'community.docker.docker_container'. This often indicates a misspelling, \
missing collection, or incorrect module path.

  The error appears to be in '/opt/hostedtoolcache/Python/3.9.16/x64/lib/python3.9/site-packages/molecule_docker/\
playbooks/destroy.yml': line 8, column 7, but may
  be elsewhere in the file depending on the exact syntax problem.
"""
    [failure] = _failures(tmp_path, log)
    assert failure.classification.category == "dependency_error"
