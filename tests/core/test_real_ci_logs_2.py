"""More real CI job logs from public issue threads, end to end (rules only): CI systems, tools and
infrastructure failures the first set (test_real_ci_logs.py) did not cover.

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.ci_logs import failures_of as _failures

# --- CI-system line prefixes ------------------------------------------------------------------------------

# https://github.com/npm/npm/issues/13155 (TeamCity: `[HH:MM:SS][block name] text`)
TEAMCITY_NPM = """\
[23:03:34][npm install] npm ERR! node v4.2.4
[23:03:34][npm install] npm ERR! code ECONNRESET
[23:03:34][npm install] npm ERR! errno ECONNRESET
[23:03:34][npm install] npm ERR! syscall read
[23:03:34][npm install] npm ERR! network read ECONNRESET
[23:03:34][npm install] npm ERR! network This is most likely not a problem with npm itself
"""

# https://github.com/GoogleCloudPlatform/emblem/issues/814 (Google Cloud Build: `Step #2 - "id": text`)
CLOUD_BUILD_TERRAFORM = """\
Starting Step #2 - "tf plan"
Step #2 - "tf plan": Already have image: hashicorp/terraform:1.0.0
Step #2 - "tf plan": ╷
Step #2 - "tf plan": │ Error: Unsupported argument
Step #2 - "tf plan": │
Step #2 - "tf plan": │   on main.tf line 4, in module "quizrd_ops":
Step #2 - "tf plan": │    4:   region          = var.region
Step #2 - "tf plan": │
Step #2 - "tf plan": │ An argument named "region" is not expected here.
Step #2 - "tf plan": ╵
Finished Step #2 - "tf plan"
ERROR
ERROR: build step 2 "hashicorp/terraform:1.0.0" failed: step exited with non-zero status: 1
"""

# https://github.com/SAP/jenkins-library/issues/3623 (SAP piper on Azure Pipelines: `error mavenBuild - `)
PIPER_MAVEN = """\
2022-03-10T14:01:33.2892838Z info  mavenBuild - [INFO] BUILD FAILURE
2022-03-10T14:01:33.2893531Z info  mavenBuild - [INFO] -------------------------------------------------------
2022-03-10T14:01:33.2926795Z error mavenBuild - [ERROR] Failed to execute goal \
org.apache.maven.plugins:maven-surefire-plugin:2.22.2:test (default-test) on project xxx: There are test failures.
2022-03-10T14:01:33.2927846Z error mavenBuild - [ERROR]
2022-03-10T14:01:33.2928508Z error mavenBuild - [ERROR] Please refer to /home/vsts/work/1/s/target/surefire-reports \
for the individual test results.
2022-03-10T14:01:33.2929322Z error mavenBuild - [ERROR] Please refer to dump files (if any exist) [date].dump, \
[date]-jvmRun[N].dump and [date].dumpstream.
"""


def test_teamcity_block_prefix(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TEAMCITY_NPM)
    assert failure.root.record.message.startswith("npm ERR! ")
    assert failure.root.record.timestamp == "23:03:34"
    assert failure.classification.category == "network_error"


def test_cloud_build_step_prefix_and_its_step_wrapper(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CLOUD_BUILD_TERRAFORM)
    assert failure.root.record.message == "Error: Unsupported argument"
    assert failure.classification.category == "configuration_error"


def test_piper_level_and_logger_prefix_and_surefire_report_pointers(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PIPER_MAVEN)
    assert failure.root.record.message.startswith("Failed to execute goal org.apache.maven.plugins:maven-surefire")
    assert failure.classification.category == "assertion_failure"


# --- one failure per cause: (origin, log, the cause's message starts with, its category) -------------------

CASES: list[tuple[str, str, str, str]] = [
    (
        "https://github.com/microsoft/playwright/issues/34564 (Azure Pipelines `Bash exited with code '1'.`)",
        """\
  1) [chromium] › tests/machines.spec.ts:30:7 › Machines › past machine is listed ──────────────

    Error: Timed out 15000ms waiting for expect(locator).toBeAttached()

    Locator: getByText('rdPlaywrightEndToEndpast')
    Expected: attached
    Received: <element(s) not found>

##[error]Bash exited with code '1'.
""",
        "Error: Timed out 15000ms waiting for expect(locator).toBeAttached()",
        "assertion_failure",
    ),
    (
        "https://github.com/kordamp/gm/issues/54 (gradle: `Compilation failed; see the compiler error output`)",
        """\
> Task :compileJava FAILED
/Users/misagh/Downloads/demo/src/main/java/com/example/demo/DemoApplication.java:11: error: not a statement
                xlvhxjkhvjkxchvkjxchvkjxchvjk
                ^
1 error

FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':compileJava'.
> Compilation failed; see the compiler error output for details.
""",
        "not a statement",
        "compilation_error",
    ),
    (
        "https://github.com/badboy/mdbook-open-on-gh/issues/11 (cargo install: `error: failed to compile`)",
        """\
error[E0432]: unresolved import `clap::crate_version`
 --> /home/runner/.cargo/registry/src/github.com-1ecc6299db9ec823/mdbook-open-on-gh-2.3.0/src/bin/x.rs:1:12
  |
1 | use clap::{crate_version, Arg, ArgMatches, Command};
  |            ^^^^^^^^^^^^^ no `crate_version` in the root

For more information about this error, try `rustc --explain E0432`.
error: could not compile `mdbook-open-on-gh` due to 2 previous errors
error: failed to compile `mdbook-open-on-gh v2.3.0`, intermediate artifacts can be found at `/tmp/cargo-installDf`
Error: Process completed with exit code 101.
""",
        "error[E0432]: unresolved import `clap::crate_version`",
        "compilation_error",
    ),
    (
        "https://github.com/elixir-lang/elixir/issues/13660 (mix: `** (CompileError) ... (errors have been logged)`)",
        """\
    error: undefined variable "unknown_var"
    │
  6 │     unknown_var
    │     ^^^^^^^^^^^
    │
    └─ test/foo_test.exs:6:5: FooTest."test greets the world"/1


== Compilation error in file test/foo_test.exs ==
** (CompileError) test/foo_test.exs: cannot compile module FooTest (errors have been logged)
""",
        'error: undefined variable "unknown_var"',
        "compilation_error",
    ),
    (
        "https://github.com/bitwalker/libcluster/issues/44 (mix: TokenMissingError)",
        """\
== Compilation error in file test/app_test.exs ==
** (TokenMissingError) test/app_test.exs:58: missing terminator: end (for "do" starting at line 1)
    (elixir) lib/code.ex:677: Code.require_file/2
""",
        "TokenMissingError: test/app_test.exs:58: missing terminator",
        "compilation_error",
    ),
    (
        "https://github.com/sachinkale/hotelonrails/issues/5 (bundler: the gem's build wrapper and its LoadError)",
        """\
Gem::Installer::ExtensionBuildError: ERROR: Failed to build gem native extension.

        /usr/bin/ruby1.9.1 extconf.rb
/usr/lib/ruby/1.9.1/rubygems/custom_require.rb:36:in `require': cannot load such file -- mkmf (LoadError)
	from /usr/lib/ruby/1.9.1/rubygems/custom_require.rb:36:in `require'
	from extconf.rb:13:in `<main>'

An error occurred while installing bcrypt-ruby (2.1.4), and Bundler cannot continue.
""",
        "LoadError: cannot load such file -- mkmf",
        "dependency_error",
    ),
    (
        "https://github.com/broadinstitute/cromwell/issues/2788 (sbt on Travis: scalac's `[error] x.scala:45: msg`)",
        """\
[error] /home/travis/build/broadinstitute/cromwell/cwl/src/main/scala/cwl/CommandLineTool.scala:45: \
value buildWomExecutable is not a member of object cwl.CwlExecutableValidation
[error]     CwlExecutableValidation.buildWomExecutable(taskDefinition.validNelCheck, inputFile)
[error]                             ^
[error] one error found
[error] (cwl/compile:compileIncremental) Compilation failed
""",
        "value buildWomExecutable is not a member of object",
        "compilation_error",
    ),
    (
        "https://github.com/commercialhaskell/stackage/issues/4665 (GHC: the message below `path:l:c: error:`)",
        """\
[10 of 11] Compiling Stack2nix.External.Stack

src/Stack2nix/External/Stack.hs:22:66: error:
    Module ‘Stack.Build.Source’ does not export ‘getGhcOptions’
   |
22 | import           Stack.Build.Source                             (getGhcOptions)
   |                                                                  ^^^^^^^^^^^^^
""",
        "Module ‘Stack.Build.Source’ does not export ‘getGhcOptions’",
        "compilation_error",
    ),
    (
        "https://github.com/bazelbuild/bazel/issues/24486 (Bazel CI: a failed CppLink action)",
        """\
ERROR: /workdir/src/main/cpp/BUILD:93:10: Linking src/main/cpp/client failed: (Exit 1): gcc failed: \
error executing CppLink command (from target //src/main/cpp:client)
FAILED: Build did NOT complete successfully
""",
        "ERROR: /workdir/src/main/cpp/BUILD:93:10: Linking src/main/cpp/client failed",
        "compilation_error",
    ),
    (
        "https://github.com/nd/lein-teamcity/issues/1 (TeamCity, Clojure's `compiling:(file:line:col)`)",
        """\
[10:56:14]:          [test] compile
[10:56:22]:          [test] Exception in thread "main" java.lang.RuntimeException: EOF while reading, \
starting at line 18, compiling:(imat_clj/test/handler.clj:19:1)
[10:56:22]:          [test]     at clojure.lang.Compiler.load(Compiler.java:7071)
""",
        "java.lang.RuntimeException: EOF while reading",
        "compilation_error",
    ),
    (
        "https://github.com/miurahr/py7zr/issues/402 (tox running mypy: its summary banner and result are symptoms)",
        """\
  mypy run-test: commands[0] | mypy py7zr
  py7zr/helpers.py:93: error: Unused "type: ignore" comment
  Found 1 error in 1 file (checked 13 source files)
  ERROR: InvocationError for command /home/runner/work/py7zr/py7zr/.tox/mypy/bin/mypy py7zr (exited with code 1)
  ___________________________________ summary ____________________________________
  ERROR:   mypy: commands failed
""",
        'Unused "type: ignore" comment',
        "compilation_error",
    ),
    (
        "https://github.com/taisei-project/taisei/issues/117 (Meson regenerating under ninja; the problem below)",
        """\
[1/2] Regenerating build files.
The Meson build system
Meson encountered an error:
Multiple producers for Ninja target "src/taisei@exe/core.c.o". Please rename your targets.
FAILED: build.ninja
/usr/bin/python3 /usr/share/meson/meson --internal regenerate /home/user/taisei /home/user/taisei/build
ninja: error: rebuilding 'build.ninja': subcommand failed
""",
        'Multiple producers for Ninja target "src/taisei@exe/core.c.o".',
        "configuration_error",
    ),
    (
        "https://github.com/actions/runner-images/issues/9823 (GitHub Actions: the hosted runner lost)",
        """\
> Task :app:compileReleaseKotlin
The hosted runner: GitHub Actions 8 lost communication with the server. Anything in your workflow that \
terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.
""",
        "The hosted runner: GitHub Actions 8 lost communication with the server.",
        "infrastructure_error",
    ),
    (
        "https://github.com/AntennaPod/AntennaPod/issues/2131 (CircleCI 1.0 over its memory limit)",
        """\
:app:transformClassesWithDexForDebug
Your build has exceeded the memory limit of 4G on 1 container. The results of this build are likely invalid.
Exited with code 137
""",
        "Your build has exceeded the memory limit of 4G on 1 container.",
        "resource_exhaustion",
    ),
    (
        "https://github.com/Homebrew/linuxbrew-core/pull/1759 (Travis ending a job over its log limit)",
        """\
A    /home/linuxbrew/.cache/Homebrew/clang-format--svn/lib/Target/SystemZ/SystemZScheduleZ13.td


The log length has exceeded the limit of 4 MB (this usually means that the test suite is raising the same \
exception over and over).

The job has been terminated
""",
        "The log length has exceeded the limit of 4 MB",
        "infrastructure_error",
    ),
    (
        "https://github.com/jenkinsci/docker/issues/895 (Jenkins pipeline, kubectl apply)",
        """\
[Pipeline] sh
+ kubectl apply -f springBootMongo.yml
unable to recognize "springBootMongo.yml": no matches for kind "ReplicationController" in version "v1"
unable to recognize "springBootMongo.yml": no matches for kind "Service" in version "v1"
[Pipeline] End of Pipeline
ERROR: script returned exit code 1
Finished: FAILURE
""",
        'unable to recognize "springBootMongo.yml": no matches for kind "ReplicationController"',
        "configuration_error",
    ),
    (
        "https://github.com/openfoodfacts/openfoodfacts-ios/pull/691 (GitHub Actions, swift build)",
        """\
Run swift build -v
xcrun --sdk macosx --find xctest
error: root manifest not found
##[error]Process completed with exit code 1.
""",
        "error: root manifest not found",
        "configuration_error",
    ),
    (
        "https://github.com/kostiakoval/SpeedLog/pull/12 (Travis, xcodebuild's own error)",
        """\
xcodebuild: error: Failed to build project SpeedLog with scheme SpeedLog.
    Reason: A build only device cannot be used to run this target.
The command "xcodebuild -project SpeedLog.xcodeproj -scheme SpeedLog -sdk iphonesimulator build test" exited with 70.
""",
        "xcodebuild: error: Failed to build project SpeedLog with scheme SpeedLog.",
        "configuration_error",
    ),
    (
        "https://github.com/reposense/RepoSense/issues/594 (Cypress 3 giving up on an element)",
        """\
  1 failing
  1) code view can be closed:
     CypressError: Timed out retrying: Expected to find element: '#tabs-wrapper', but never found it.
      at Object.cypressErr (http://localhost:9000/__cypress/runner/cypress_runner.js:65283:11)
""",
        "CypressError: Timed out retrying: Expected to find element: '#tabs-wrapper'",
        "assertion_failure",
    ),
    (
        "https://github.com/wireapp/wire-desktop/issues/4266 (yarn failing to download a tarball)",
        """\
[2/4] Fetching packages...
error An unexpected error occurred: "https://registry.example/@hapi/address/-/address-4.0.1.tgz: \
Request failed \\"0 undefined\\"".
info Visit the yarn documentation for this command.
""",
        "error An unexpected error occurred:",
        "network_error",
    ),
    (
        "https://github.com/CeON/CERMINE/issues/112 (surefire's results: a failed test without a message)",
        """\
[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   ContentExtractorTest.getContentWithImagesTest:433
[INFO]
[ERROR] Tests run: 128, Failures: 1, Errors: 0, Skipped: 0
[INFO] BUILD FAILURE
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on \
project cermine-impl: There are test failures.
""",
        "ContentExtractorTest.getContentWithImagesTest:433",
        "assertion_failure",
    ),
]


@pytest.mark.parametrize(
    ("origin", "log", "message", "category"), CASES, ids=[case[3] + str(i) for i, case in enumerate(CASES)]
)
def test_the_cause_once_with_its_category(tmp_path: Path, origin: str, log: str, message: str, category: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith(message), origin
    assert failure.classification.category == category, origin


# https://github.com/browser-use/browser-use/pull/1214 (pre-commit: every failed hook is a finding)
PRE_COMMIT = """\
ruff.....................................................................Failed
- hook id: ruff
- files were modified by this hook

Found 1 error (1 fixed, 0 remaining).

check toml...............................................................Passed
check yaml...............................................................Passed
"""


def test_pre_commit_failed_hook_is_a_lint_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PRE_COMMIT)
    assert failure.root.record.message.startswith("ruff....")
    assert failure.classification.category == "lint_error"


# Origin: https://github.com/docker/build-push-action/issues/984 (BuildKit output of `go mod download`, trimmed)
BUILDKIT_GO_MOD = """\
#14 [builder 4/5] RUN go mod download
#14 0.326 go: errors parsing go.mod:
#14 0.326 /app/go.mod:5: unknown directive: toolchain
#14 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
------
 > [builder 4/5] RUN go mod download:
0.326 go: errors parsing go.mod:
0.326 /app/go.mod:5: unknown directive: toolchain
------
Dockerfile:6
--------------------
   6 | >>> RUN go mod download
--------------------
ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
"""


def test_an_explanation_under_a_buildkit_step_output_line_is_read_without_its_prefix(tmp_path: Path) -> None:
    """The step's output and BuildKit's ERROR line give one failure whose message carries go's explanation."""
    [failure] = _failures(tmp_path, BUILDKIT_GO_MOD)
    message = "go: errors parsing go.mod: /app/go.mod:5: unknown directive: toolchain"
    assert failure.root.record.message == message
    assert "#14" not in failure.root.record.message
    assert failure.classification.category == "configuration_error"  # go.mod itself is wrong, nothing to fetch
