"""Which failure leads: a line the program under test logged is not a verdict on it, a crash report leads
what follows it in its step, and a failed step without a cause failed for the warnings it printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract.text import strip_ansi
from classifier.link.lead import is_logged
from classifier.link.shapes import Shape, shape_of
from classifier.model import ErrorRecord, SourceKind
from tests.core.ci_logs import failures_of

# `go test -v` output (cmd/go `testflag` docs: `=== RUN`, `--- FAIL: TestX (0.00s)`, the t.Errorf line
# indented below, `FAIL pkg 0.01s`), with what the code under test logs through getlantern/golog, whose
# documented line is `LEVEL prefix: file.go:line message` (github.com/getlantern/golog README).
GO_RUN = """\
$ go test -v ./proxied
=== RUN   TestParallelPreferChained
ERROR flashlight: pac.go:217 Unable to execute /home/travis/.byteexec/pac-cmd: signal: trace/breakpoint trap (core dumped)
ERROR flashlight: pac.go:217   at github.com/getlantern/flashlight/app.doPACOn (pac.go:217)
--- FAIL: TestParallelPreferChained (2.62s)
\tproxied_test.go:126: Should be true: Unexpected response
FAIL
FAIL\tgithub.com/getlantern/flashlight/proxied\t7.831s
The command "go test -v ./proxied" exited with 1.
"""  # noqa: E501


def test_the_failed_test_leads_not_an_error_line_the_program_logged_while_it_ran(tmp_path: Path) -> None:
    [failure, *_] = failures_of(tmp_path, GO_RUN)
    assert "TestParallelPreferChained" in failure.root.record.test_id
    assert failure.classification.category == "assertion_failure"
    shown = [e.occurrence.record.message for f in failures_of(tmp_path, GO_RUN) for e in f.evidence]
    assert not any(message.startswith("ERROR flashlight") for message in shown)  # warnings of the run


@pytest.mark.parametrize(
    "line",
    [
        "ERROR flashlight: pac.go:217 Unable to set up PAC",  # getlantern/golog
        "ERROR:root:Houston, we have a major problem",  # Python logging's default format (logging HOWTO)
        "ERROR [main] com.x.Y - Document is invalid",  # log4j's `%-5p [%t] %c - %m` (PatternLayout docs)
        "ERROR [main] util.DomHelper$StartHandler (DomHelper.java:363) - Document is invalid",  # `%c (%F:%L) - %m`
        "ERROR:urllib3.connectionpool:Retrying after connection broken",
        "ERROR 2019-08-05T01:10:17.922 12858 libuv_process_spawn:79: uv_spawn failed: no such file or directory",
        "E0805 01:10:17.922000 12858 server.cc:79] Check failed: fd >= 0",  # glog's documented line layout
    ],
)
def test_logged_lines(line: str) -> None:
    assert is_logged(line)


@pytest.mark.parametrize(
    "line",
    [
        "ERROR: Could not find a version that satisfies the requirement foo==9.9",  # pip: the tool's own error
        "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory",
        "ERROR  Failed to compile with 1 error",
        "ERROR: Job failed: exit code 1",
    ],
)
def test_a_tool_s_own_error_lines_are_not_logged_lines(line: str) -> None:
    assert not is_logged(line)


# AddressSanitizer's report (google/sanitizers wiki, AddressSanitizerExampleUseAfterFree), then what the
# test harness reports once the process is gone: a Lua `assert` in the helper that checks the logs
# (`path:line: assertion failed!`, Lua 5.1 reference manual `assert`), which reads like a linter's finding.
CRASH_THEN_ASSERT = """\
$ ci/script.sh
[ RUN      ] :Man highlight_line() clears backspaces: 17.73 ms OK
=================================================================
==9901==ERROR: AddressSanitizer: heap-use-after-free on address 0x60700000dfb5 at pc 0x45917b bp 0x7fff4490c700 sp 0x7fff4490c6f8
READ of size 1 at 0x60700000dfb5 thread T0
    #0 0x45917a in main use-after-free.c:5
    #1 0x7fce9f25e76c in __libc_start_main /build/buildd/eglibc-2.15/csu/libc-start.c:226
SUMMARY: AddressSanitizer: heap-use-after-free use-after-free.c:5 main
==9901==ABORTING
test/helpers.lua:156: assertion failed!
stack traceback:
\ttest/helpers.lua:156: in function 'check_logs'
The command "ci/script.sh" exited with 1.
"""  # noqa: E501


def test_a_sanitizer_report_leads_the_failures_that_follow_it_in_its_step(tmp_path: Path) -> None:
    [failure, *others] = failures_of(tmp_path, CRASH_THEN_ASSERT)
    assert "AddressSanitizer: heap-use-after-free" in failure.root.record.message
    assert failure.classification.category == "crash"
    assert any("assertion failed" in f.root.record.message for f in others)


# `swiftlint lint --strict` (fail on warnings: realm/SwiftLint issue #254) with its default xcode reporter's
# lines and its recap (realm/SwiftLint issue #6413), as a Travis step that it failed.
SWIFTLINT_STRICT = """\
$ ./build.sh verify-swiftlint
Linting Swift files in current working directory
Linting 'Realm.swift' (1/2)
Linting 'Object.swift' (2/2)
/Users/travis/build/realm/realm-cocoa/RealmSwift/Realm.swift:156:13: warning: Colon Violation: Colons should be next to the identifier when specifying a type. (colon)
/Users/travis/build/realm/realm-cocoa/RealmSwift/Object.swift:20:1: warning: Trailing Whitespace Violation: Lines should not have trailing whitespace. (trailing_whitespace)
Done linting! Found 2 violations, 0 serious in 2 files.
The command "./build.sh verify-swiftlint" exited with 3.
"""  # noqa: E501


def test_a_strict_linter_s_warnings_are_the_causes_of_the_step_they_failed(tmp_path: Path) -> None:
    [failure, *_] = failures_of(tmp_path, SWIFTLINT_STRICT)
    assert "Colon Violation" in failure.root.record.message
    messages = [e.occurrence.record.message for f in failures_of(tmp_path, SWIFTLINT_STRICT) for e in f.evidence]
    assert not any(m.startswith("Done linting!") for m in messages if m == failure.root.record.message)


# The same run as SwiftLint prints it when it lints file by file: the warning comes between the progress lines,
# so the step's last output line (`Linting 'File20.swift' (20/20)`, which states no problem) is no cause.
SWIFTLINT_INTERLEAVED = (
    "$ ./build.sh verify-swiftlint\n"
    "Linting 'Realm.swift' (1/20)\n"
    "/Users/travis/build/realm/realm-cocoa/RealmSwift/Realm.swift:156:13: warning: Colon Violation: Colons should "
    "be next to the identifier when specifying a type. (colon)\n"
    + "".join(f"Linting 'File{n}.swift' ({n}/20)\n" for n in range(2, 21))
    + "Done linting! Found 1 violation, 0 serious in 20 files.\n"
    'The command "./build.sh verify-swiftlint" exited with 3.\n'
)


def test_a_strict_linter_s_warning_leads_its_step_s_last_output_line(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, SWIFTLINT_INTERLEAVED)
    assert "Colon Violation" in failure.root.record.message


# travis_retry (travis-ci/travis-build lib/travis/build/bash/travis_retry.bash: `The command "x" failed.
# Retrying, N of 3.` and `The command "x" failed 3 times.`) around an xcodebuild that finds no simulator
# (`xcodebuild: error: Unable to find a destination matching the provided destination specifier:`), in red
# (`ANSI_RED`) as travis_retry prints them.
RETRIED = """\
$ travis_retry xcodebuild -scheme App -destination "platform=tvOS Simulator,name=Apple TV 1080p" test
xcodebuild: error: Unable to find a destination matching the provided destination specifier:
\t\t{ platform:tvOS Simulator, name:Apple TV 1080p }

\x1b[31;1mThe command "xcodebuild -scheme App -destination platform=tvOS Simulator,name=Apple TV 1080p test" failed. Retrying, 2 of 3.\x1b[0m

xcodebuild: error: Unable to find a destination matching the provided destination specifier:
\t\t{ platform:tvOS Simulator, name:Apple TV 1080p }

\x1b[31;1mThe command "xcodebuild -scheme App -destination platform=tvOS Simulator,name=Apple TV 1080p test" failed 3 times.\x1b[0m

The command "travis_retry xcodebuild -scheme App -destination "platform=tvOS Simulator,name=Apple TV 1080p" test" exited with 70.
"""  # noqa: E501


def test_travis_retry_s_notices_are_symptoms_of_the_error_each_attempt_printed(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, RETRIED)
    assert failure.root.record.message.startswith("xcodebuild: error: Unable to find a destination")
    assert any("exited with 70" in e.occurrence.record.message for e in failure.evidence)
    for line in RETRIED.splitlines():
        if "failed. Retrying" in line or "failed 3 times" in line:
            notice = ErrorRecord("job.log", SourceKind.RUNNER, strip_ansi(line))
            assert shape_of(notice) is Shape.SYMPTOM


# A Travis log whose set-up (before the first `$ command`, the CI system's own lines) printed a failed
# download, then ran its step, which died without a marker line (the log ends there): bitcoin's functional
# test runner (test/functional/test_framework/test_node.py raises `Node returned non-zero exit code`).
SETUP_THEN_STEP = """\
Worker information
hostname: travis-job-1
Setting environment variables from repository settings
curl: (6) Could not resolve host: cli-assets.heroku.com
travis_time:start:0aa46a18\x1b[0K$ test/functional/test_runner.py --combinedlogslen=4000
wallet_basic.py failed, Duration: 12 s
Traceback (most recent call last):
  File "test/functional/test_framework/test_framework.py", line 199, in main
    self.stop_nodes()
AssertionError: [node 0] Node returned non-zero exit code (-6) when stopping
"""


def test_an_error_of_the_set_up_the_job_went_on_from_comes_after_its_step_s_failure(tmp_path: Path) -> None:
    [failure, *others] = failures_of(tmp_path, SETUP_THEN_STEP)
    assert failure.root.record.message.startswith("AssertionError: [node 0]")
    assert any(f.root.record.message.startswith("curl: (6)") for f in others)
