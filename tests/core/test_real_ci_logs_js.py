"""Real JavaScript/TypeScript CI job logs (npm, yarn, esbuild, webpack, Playwright, Nx, Grunt, Node), end to end
with rules only: the root-cause line once, first, with its category; a wrapper's verdict is no failure of its own.

Each sample is trimmed to the part around the failure, with its origin in the comment above it.
"""

from __future__ import annotations

from pathlib import Path

from classifier.model import Failure
from tests.core.ci_logs import failures_of as _failures


def _line(failure: Failure) -> int | None:
    return failure.root.record.line_start


# An Azure Pipelines npm task's log (publish), pasted in a public chat export (read_file id 40930549312): the task's
# own `##[error]Error: Npm failed with return code: 128` is its verdict on npm, whose git error is the cause.
AZURE_NPM_TASK = """\
2025-08-28T05:54:25.8436381Z [command]/opt/hostedtoolcache/node/16.20.2/x64/bin/npm publish
2025-08-28T05:54:27.7958240Z npm notice Publishing to https://itsals.pkgs.visualstudio.com/_packaging/npm_***/npm/registry/
2025-08-28T05:54:27.7958601Z npm ERR! code 128
2025-08-28T05:54:27.7958904Z npm ERR! An unknown git error occurred
2025-08-28T05:54:27.7959349Z npm ERR! command git --no-replace-objects ls-remote ssh://git@github.com/dist/x.git
2025-08-28T05:54:27.7959782Z npm ERR! git@github.com: Permission denied (publickey).
2025-08-28T05:54:27.7960125Z npm ERR! fatal: Could not read from remote repository.
2025-08-28T05:54:27.7969841Z npm ERR! command failed
2025-08-28T05:54:27.8006730Z ##[error]Error: Npm failed with return code: 128
2025-08-28T05:54:27.8013414Z ##[section]Finishing: npm publish
"""

# PhET's CT report of a Grunt build (https://github.com/phetsims/bending-light/issues/406): Grunt's
# `Fatal error: tsc failed with code: 1` wraps tsc's diagnostics printed under it (not a Swift `Fatal error:`).
GRUNT_TSC = """\
Running "build" task
Fatal error: tsc failed with code: 1
stdout:
js/common/view/WavelengthControl.ts(43,74): error TS2345: Argument of type '{ cursorStroke: string; }' is not \
assignable to parameter of type 'WavelengthSliderOptions'.

2 problems found.
"""


def test_a_wrapper_that_names_a_return_code_is_no_failure_of_its_own(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, AZURE_NPM_TASK)
    assert "Permission denied (publickey)" in failure.root.record.message
    [failure] = _failures(tmp_path, GRUNT_TSC, "grunt.log")
    assert failure.root.record.message.startswith("error TS2345: Argument of type")
    assert failure.classification.category == "compilation_error"


# https://github.com/h5bp/create-html5-boilerplate/issues/296 (GitHub Actions, `npm ci`): npm's message has no
# `code` line and no error word.
NPM_CI_SYNC = (
    "npm ERR! `npm ci` can only install packages when your package.json and package-lock.json or "
    "npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.\n"
)

# https://github.com/staticfuse/create-gatsby-theme-publisher/issues/5 (yarn 1): the package's own error line,
# then yarn's `error Found incompatible module` about it.
YARN_ENGINE = """\
error @staticfuse/gatsby-theme-publisher@0.10.10: The engine "node" is incompatible with this module. Expected \
version ">=10.16". Got "10.15.3"
error Found incompatible module
info Visit https://docs.example.org/en/docs/cli/install for documentation about this command.
"""

# https://github.com/jonssonyan/cf-workers-proxy/issues/16 (a Cloudflare Pages build, `hh:mm:ss.mmm | `): yarn 4
# prints the lockfile's diff under YN0028, lines starting `+` or `-` without a space after them too.
YARN_BERRY_DIFF = """\
14:23:30.405 | ➤ YN0028: │ +"cf-workers-proxy@workspace:.":
14:23:30.406 | ➤ YN0028: │ +  version: 0.0.0-use.local
14:23:30.406 | ➤ YN0028: │ +
14:23:30.406 | ➤ YN0028: │ +"prettier@npm:^2.8.7":
14:23:30.406 | ➤ YN0028: │ +  linkType: hard
14:23:30.406 | ➤ YN0000: │
14:23:30.407 | ➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.
14:23:30.407 | ➤ YN0000: └ Completed
14:23:30.407 | ➤ YN0000: · Failed with errors in 0s 129ms
14:23:30.421 | Failed: error occurred while installing tools or dependencies
"""

# https://github.com/yarnpkg/berry/issues/6025 (a tekton CI job): the exit code is the package's build script's.
YARN_BERRY_BUILD = (
    "➤ YN0009: │ isolated-vm@npm:4.5.0 couldn't be built successfully (exit code 1, logs can be found here: "
    "/tmp/xfs-b6e2a035/build.log)\n"
)


def test_package_manager_errors_without_a_code_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NPM_CI_SYNC)
    assert failure.classification.category == "dependency_error"
    [failure] = _failures(tmp_path, YARN_ENGINE, "engine.log")
    assert _line(failure) == 1
    assert failure.classification.category == "dependency_error"
    [failure] = _failures(tmp_path, YARN_BERRY_DIFF, "berry.log")
    assert failure.root.record.message.startswith("The lockfile would have been modified")
    [failure] = _failures(tmp_path, YARN_BERRY_BUILD, "build.log")
    assert failure.root.record.message.startswith("isolated-vm@npm:4.5.0 couldn't be built")
    assert failure.classification.category == "dependency_error"


# https://github.com/evanw/esbuild/issues/2459 (CircleCI, `vite build`): esbuild's `✘ [ERROR]`, then its summary
# `Build failed with 1 error:` telling the error again.
ESBUILD_VITE = """\

✘ [ERROR] Could not resolve "/root/circleci-milo_vin-workingDir/npx"

failed to load config from /root/circleci-milo_vin-workingDir/npx
error during build:
Error: Build failed with 1 error:
error: Could not resolve "/root/circleci-milo_vin-workingDir/npx"
    at failureErrorWithLog (/usr/local/lib/node_modules/vite/node_modules/esbuild/lib/main.js:1624:15)

Exited with code exit status 1
"""

# https://github.com/sindresorhus/serialize-error/issues/89 (AWS SAM's esbuild step quoting esbuild)
ESBUILD_SAM = """\
Build Failed
Error: NodejsNpmEsbuildBuilder:EsbuildBundle - Esbuild Failed: ✘ [ERROR] Could not resolve "serialize-error"

    src/trigger-post-confirmation.ts:2:31:
      2 │ import { serializeError } from "serialize-error";
        ╵                                ~~~~~~~~~~~~~~~~~

1 error
"""

# https://github.com/spruceid/didkit/issues/87 (GitHub Actions, webpack 5): the error under `ERROR in <module>`.
WEBPACK = """\
> webpack --mode development

ERROR in ../pkg/didkit_wasm.js 372:16-63
Module not found: Error: Can't resolve 'wasm-loader' in '/home/runner/work/didkit/didkit/didkit/lib/wasm/loader'
 @ ./didkit-loader.js 4:0-54 8:21-27 10:8-12 11:18-24 12:9-15
"""


def test_bundlers_errors(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, ESBUILD_VITE)
    assert (_line(failure), failure.root.record.message) == (
        2,
        'Could not resolve "/root/circleci-milo_vin-workingDir/npx"',
    )
    [failure] = _failures(tmp_path, ESBUILD_SAM, "sam.log")
    assert failure.root.record.location is not None
    assert failure.root.record.location.file == "src/trigger-post-confirmation.ts"
    assert failure.classification.category == "compilation_error"
    [failure] = _failures(tmp_path, WEBPACK, "webpack.log")
    assert failure.root.record.message.startswith("Module not found: Error: Can't resolve 'wasm-loader'")
    assert failure.classification.category == "dependency_error"


# https://github.com/Significant-Gravitas/AutoGPT/issues/11789 (GitHub Actions, Playwright 1.5x list reporter)
PLAYWRIGHT = """\
    Retry #1 ───────────────────────────────────────────────────────────────────────────────────────

    Error: expect(locator).toBeVisible() failed

    Locator: getByRole('heading', { name: 'Test Agent' })
    Expected: visible
    Timeout: 8000ms
    Error: element(s) not found

    Call log:
      - Expect "toBeVisible" with timeout 8000ms
      - waiting for getByRole('heading', { name: 'Test Agent' })

        at isVisible (/home/runner/work/AutoGPT/AutoGPT/autogpt_platform/frontend/src/tests/utils/assertion.ts:4:20)
"""


def test_a_playwright_assertion_with_its_detail_lines_is_one_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PLAYWRIGHT)
    assert failure.root.record.message.endswith("(Error: element(s) not found)")
    assert failure.classification.category == "assertion_failure"


# https://github.com/nrwl/nx/issues/20784 (GitLab, Nx 17 running vite builds; the task printed no error)
NX_NO_CAUSE = """\
  qualifications: [vite:dts] Declaration files built in 8961ms.
  qualifications:

    >  NX   Running target build for 3 projects and 8 tasks they depend on failed
    Tasks not run because their dependencies failed or --nx-bail=true:

    - orchestrator:build:production

    Failed tasks:

    - qualification-project:build:production
    Cleaning up project directory and file based variables
    00:01
  ERROR: Job failed: command terminated with exit code 1
"""


def test_nx_names_the_task_that_failed_when_it_printed_nothing(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NX_NO_CAUSE)
    assert _line(failure) == 4
    assert failure.root.record.message == "Nx task failed: qualification-project:build:production"


# https://github.com/aquiladev/ipfs-action/issues/77 (GitHub Actions, a node action): a promise rejected with no Error
UNHANDLED_REJECTION = """\
node:internal/process/promises:289
            triggerUncaughtException(err, true /* fromPromise */);
            ^

[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch \
block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \
"#<Object>".] {
  code: 'ERR_UNHANDLED_REJECTION'
}

Node.js v20.13.1
"""

# https://github.com/sourcegraph/sourcegraph-extension-api/issues/108 (Travis, a passing mocha run): Node < 15
# only warned of an unhandled rejection and went on
UNHANDLED_WARNING = """\
  Controller
    ✓ creates clients for the environment
(node:5764) UnhandledPromiseRejectionWarning: Error: connection is not used in unit test
    at Object.createMessageTransports (/home/travis/build/sourcegraph/x/src/client/controller.test.ts:22:23)
"""

# https://github.com/Rasmus-M/js99er-angular/issues/13 (Angular CLI 10 `ng build --prod`)
NG_TS5083 = """\
An unhandled exception occurred: error TS5083: Cannot read file 'C:/js99er-angular/tsconfig.base.json'.

See "C:\\Users\\pjdup\\AppData\\Local\\Temp\\ng-R0qoX3\\angular-errors.log" for further details.
"""


def test_node_and_cli_deaths(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, UNHANDLED_REJECTION)
    assert failure.classification.category == "runtime_error"
    assert _failures(tmp_path, UNHANDLED_WARNING, "warning.log") == []
    [failure] = _failures(tmp_path, NG_TS5083, "ng.log")
    assert failure.root.record.message.startswith("error TS5083: Cannot read file")
    assert failure.classification.category == "configuration_error"


# https://github.com/karma-runner/karma/issues/2652 (Bitbucket Pipelines): the reason under the browser's header
KARMA = """\
07 04 2017 15:21:29.405:WARN [HeadlessChrome 0.0.0 (Linux 0.0.0)]: Disconnected (1 times), because no message \
in 10000 ms.
HeadlessChrome 0.0.0 (Linux 0.0.0) ERROR
  Disconnected, because no message in 10000 ms.
"""

# https://github.com/locaweb/locawebstyle/issues/1368 (jasmine's CI runner)
JASMINE = """\
..............F.......
          Track Events:  Collapses When click on #closed_collapse_sample > a which is a trigger to open a collapse \
should call ga with expected options as arguments

          Expected false to be true.
          Error: Expected false to be true.
    at stack (http://localhost:53118/__jasmine__/jasmine.js:1441)
"""

# https://github.com/hemanth/generator-pwa/issues/10 (ava 0.14): test files whose process died before reporting
AVA = """\
   1 passed
   3 exceptions

  ✖ test/temp/test/js/app.js exited with a non-zero exit code: 1


  ✖ test/temp/test/server.js exited with a non-zero exit code: 1
"""


def test_browser_and_test_runner_reasons(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, KARMA)
    assert _line(failure) == 3
    assert failure.classification.category == "timeout"
    [failure] = _failures(tmp_path, JASMINE, "jasmine.log")
    assert failure.classification.category == "assertion_failure"
    first, *_ = _failures(tmp_path, AVA, "ava.log")
    assert _line(first) == 4
    assert first.classification.category == "crash"
