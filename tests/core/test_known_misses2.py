"""Shapes earlier held-out sets missed (round 2), end to end with rules only, each on a trimmed real sample from
a source other than those sets (origin above each; read_file ids are files of the stored public repositories the
search tools read).
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract.prefix import strip_prefix
from tests.core.ci_logs import failures_of as _failures

# --- a monorepo runner's `pkg:task: ` before each line of a package's output ------------------------------------

# read_file id 52067436104 (whalli's notes on a Docker build of a turbo monorepo): tsc's errors under turbo's
# `@whalli/ui:build: ` prefix, the first without a file (a module it could not resolve)
TURBO_TSC = """\
@whalli/ui:build: error TS2307: Cannot find module 'react' or its corresponding type declarations.
@whalli/ui:build: error TS2307: Cannot find module '@radix-ui/react-dialog' or its corresponding type declarations.
@whalli/ui:build: error TS2307: Cannot find module 'lucide-react' or its corresponding type declarations.
@whalli/ui:build: tsconfig.json(2,14): error TS6053: File '@whalli/config/tsconfig-library.json' not found.
@whalli/ui:build: WARN Local package.json exists, but node_modules missing
"""


def test_turbo_task_prefix_is_no_part_of_the_message(tmp_path: Path) -> None:
    failures = _failures(tmp_path, TURBO_TSC)
    first = failures[0]
    told = "error TS2307: Cannot find module 'react' or its corresponding type declarations."
    assert first.root.record.message == told
    assert first.root.record.line_start == 1
    assert first.classification.category in ("compilation_error", "dependency_error")
    assert not any("@whalli/ui:build" in f.root.record.message for f in failures)


# read_file id 56546634754 (hrms-app's audit notes, `pnpm lint` under turbo): eslint's count of its findings,
# under the package's prefix, is the job's lint failure
TURBO_ESLINT_COUNT = """\
@hrms-app/web:lint: ✖ 387 problems (372 errors, 15 warnings)
@hrms-app/web:lint:   1 error and 0 warnings potentially fixable with the `--fix` option.
Tasks:    13 successful, 14 total
Failed:    @hrms-app/web#lint
"""


def test_eslint_count_under_a_task_prefix_is_a_lint_failure(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, TURBO_ESLINT_COUNT)
    assert failure.root.record.message == "✖ 387 problems (372 errors, 15 warnings)"
    assert failure.classification.category == "lint_error"


def test_task_names_with_colons_and_timestamps_before_them() -> None:
    # https://github.com/vercel/turborepo/pull/3945 (turbo's own integration test output, `my-app:error: `) and
    # read_file id 55730074485 (a Vercel build log: its `hh:mm:ss.mmm ` before turbo's prefix)
    log = (
        b"my-app:error: npm ERR! Lifecycle script `error` failed with error: \n"
        b"my-app:error: npm ERR! Error: command failed \n"
        b"11:02:31.280 @osha/regulatory-logic:build: \n"
        b"11:02:31.435 @osha/regulatory-logic:build: error TS5058: The specified path does not exist: 'x.json'.\n"
        b"11:02:31.443 @osha/regulatory-logic:build: npm error Lifecycle script `build` failed with error:\n"
    )
    from classifier.extract import linematch

    first_end = log.index(b"\n")
    verdict = linematch.verdict(log, first_end, strip_prefix(log[:first_end].decode()))
    assert verdict.text.startswith("npm ERR! Lifecycle script")
    third_end = log.index(b"\n", log.index(b"error TS5058"))
    line = log[log.rindex(b"\n", 0, third_end) + 1 : third_end].decode()
    verdict = linematch.verdict(log, third_end, strip_prefix(line))
    assert verdict.text == "error TS5058: The specified path does not exist: 'x.json'."
    # a tool's own `name: error: msg` keeps its name (no task part in it)
    assert linematch.without_services(["clang: error: x", "clang: error: y"]) == ["clang: error: x", "clang: error: y"]
    assert linematch.without_services(["app:build: error TS1: x", "app:build: y"]) == ["error TS1: x", "y"]
    # nor does a compiler's location, however alike two lines are
    compiler = ["x.c:5:3: error: a", "x.c:5:3: note: b"]
    assert linematch.without_services(compiler) == compiler
    # nor a word a tool starts its lines with (automake's results)
    assert linematch.without_services(["PASS: a.sh", "PASS: b.sh"]) == ["PASS: a.sh", "PASS: b.sh"]


# read_file id 12254585930 (a test failure analysis quoting jest's output): jest ran no test file
JEST_NO_TESTS = """\
No tests found, exiting with code 1
Run with `--passWithNoTests` to exit with code 0
In /home/runner/workspace
  88 files checked.
  testMatch: /home/runner/workspace/test/**/*.test.js - 24 matches
  testRegex:  - 0 matches
Pattern: demo/src/apiRoutes.test.js - 0 matches
"""


def test_jest_running_no_test_is_the_setup(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, JEST_NO_TESTS)
    assert failure.root.record.message == "No tests found, exiting with code 1"
    assert failure.classification.category == "configuration_error"


# --- a GitHub Actions log whose `]` the runner masked as a secret -----------------------------------------------

# read_file id 46376502612 (a GitHub Actions log of a Capacitor app's Android build; also m01 of ../fresh-misses2,
# a dev sample since): every `]` printed as `***`
MASKED_BRACKET = """\
##[group***Run cd android
./gradlew bundleRelease --no-daemon --stacktrace
##[endgroup***
> Task :capacitor-geolocation:compileReleaseKotlin FAILED
FAILURE: Build failed with an exception.
BUILD FAILED in 2m 48s
##[error***Process completed with exit code 1.
"""


def test_masked_bracket_marks_are_read_as_marks(tmp_path: Path) -> None:
    assert strip_prefix("2026-08-26T17:57:26.5809149Z ##[error***The runner has received a shutdown signal.").text == (
        "##[error]The runner has received a shutdown signal."
    )
    (failure,) = _failures(tmp_path, MASKED_BRACKET)
    assert failure.root.record.step == "cd android"
    assert "##[" not in failure.root.record.message


# --- a harness's header over the output it quotes ---------------------------------------------------------------

# read_file id 50993029905 (a rust-lang/rust Travis log, compiletest's run-make test): compiletest's `error: make
# failed` heads the make run's output; rustc's error in it is the failure
COMPILETEST_MAKE_FAILED = """\
[01:40:23] ---- [run-make] run-make-fulldeps/issue-19371 stdout ----
[01:40:23] error: make failed
[01:40:23] status: exit code: 2
[01:40:23] command: "make"
[01:40:23] stderr:
[01:40:23] ------------------------------------------
[01:40:23] error[E0425]: cannot find function `get_codegen_backend` in module `rustc_driver`
[01:40:23]   --> foo.rs:48:41
[01:40:23]    |
[01:40:23] 48 |     let codegen_backend = rustc_driver::get_codegen_backend(&sess);
[01:40:23]    |                                         ^^^^^^^^^^^^^^^^^^^ not found in `rustc_driver`
[01:40:23] error: aborting due to previous error
[01:40:23] make[1]: *** [all] Error 1
"""


def test_make_failed_header_is_no_failure_of_its_own(tmp_path: Path) -> None:
    failures = _failures(tmp_path, COMPILETEST_MAKE_FAILED)
    assert not any(f.root.record.message == "error: make failed" for f in failures)
    assert any("cannot find function `get_codegen_backend`" in f.root.record.message for f in failures)


# read_file id 25769917247 (a stable-kernel patch quoting a -Werror build, trimmed after its warning line): only
# gcc's notes and its verdict survive; the verdict says the compile failed
WERROR_NOTES_ONLY = """\
drivers/infiniband/ulp/ipoib/ipoib_vlan.c:187:48: note: directive
argument in the range [0, 65535]
  187 |         snprintf(intf_name, sizeof(intf_name), "%s.%04x",
      |                                                ^~~~~~~~~
cc1: all warnings being treated as errors
make[6]: *** [scripts/Makefile.build:244: drivers/infiniband/ulp/ipoib/ipoib_vlan.o] Error 1
make[6]: *** Waiting for unfinished jobs....
"""


def test_werror_verdict_over_notes_only_is_a_compile_failure(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, WERROR_NOTES_ONLY)
    assert failure.classification.category == "compilation_error"


# --- a trimmed console whose first line is a TAP test point ------------------------------------------------------

# https://github.com/libuv/libuv/issues/1645 (libuv's z/OS job on ci.nodejs.org): the agent's channel closed
# after a test passed; the log is no TAP document for its first line
TAP_FIRST_LINE_JENKINS = """\
ok 282 - tmpdir
FATAL: command execution failed
java.nio.channels.ClosedChannelException
\tat org.jenkinsci.remoting.protocol.impl.ChannelApplicationLayer.onReadClosed(ChannelApplicationLayer.java:208)
\tat org.jenkinsci.remoting.protocol.ApplicationLayer.onRecvClosed(ApplicationLayer.java:222)
\tat org.jenkinsci.remoting.protocol.ProtocolStack$Ptr.onRecvClosed(ProtocolStack.java:832)
\tat org.jenkinsci.remoting.protocol.FilterLayer.onRecvClosed(FilterLayer.java:287)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.onRecvClosed(SSLEngineFilterLayer.java:181)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.switchToNoSecure(SSLEngineFilterLayer.java:283)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.processWrite(SSLEngineFilterLayer.java:503)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.processQueuedWrites(SSLEngineFilterLayer.java:248)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.doSend(SSLEngineFilterLayer.java:200)
\tat org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.doCloseSend(SSLEngineFilterLayer.java:213)
"""


def test_console_starting_with_a_test_point_is_read_as_a_log(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, TAP_FIRST_LINE_JENKINS)
    assert failure.root.record.message == "java.nio.channels.ClosedChannelException"
    assert any(e.occurrence.record.message == "FATAL: command execution failed" for e in failure.evidence)
    assert failure.classification.category == "infrastructure_error"


# --- a terminal's line wrap pasted with the padding up to its width ---------------------------------------------

# read_file id 56712475190 (a syslog copied from a wider terminal, its 80-column rows padded to that width): the
# wrap splits a word
WRAPPED_KERNEL_LINE = (
    "Oct 27 14:58:30 x kernel: [   52.509381] pcieport 0000:00:1c.5: AER: Corrected e"
    + " " * 93
    + "rror received: id=00e5"
)


def test_terminal_wrap_padding_inside_a_word_is_joined() -> None:
    from classifier.extract.text import clean

    assert clean(WRAPPED_KERNEL_LINE.encode()).text.endswith("AER: Corrected error received: id=00e5")
    # a column gap that does not end a terminal row (its 80th character) stays
    row = "Name" + " " * 44 + "Stmts   Miss  Cover"
    assert clean(row.encode()).text == row


# --- dash's command not found ------------------------------------------------------------------------------------

# read_file id 58004604589 (notes on creating a Backstage app): `/bin/sh` is dash, which says `not found` where
# bash says `command not found`; the CLI's verdict on the command is its wrapper
DASH_NOT_FOUND = """\
executing yarn install
/bin/sh: 1: yarn: not found

Error: Could not execute command yarn install

🔥 Failed to create app!
"""


def test_dash_command_not_found_is_the_setup(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, DASH_NOT_FOUND)
    assert failure.root.record.message == "/bin/sh: 1: yarn: not found"
    assert failure.classification.category == "configuration_error"


# --- the Android Gradle plugin's connected tests without a device ----------------------------------------------

# read_file id 61165186680 (a CI failure analysis quoting an Android emulator job's log; the two lines as quoted)
AGP_NO_DEVICE = """\
> : No compatible devices connected.[TestRunner] FAILED
Found 1 connected device(s), 0 of which were compatible.
"""


def test_connected_tests_without_a_compatible_device_are_the_device(tmp_path: Path) -> None:
    (failure,) = _failures(tmp_path, AGP_NO_DEVICE)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "infrastructure_error"
