"""The first part of the line-matcher table (table.py): what CI systems, build tools and test runners print
when a run fails, and crash reports.

Retry notices, exit codes and build results (GitLab, Travis, CircleCI, Maven, Gradle, make, yarn), Maven's goal and
dependency failures and javac/checkstyle lines, test runners' failure lines (surefire, unittest, pytest,
PHPUnit, RSpec, minitest, Pester, TAP, xUnit.net, ExUnit, Common Test, Mozilla's harnesses, pre-commit),
then crashes: sanitizers, fatal signals, glibc and heap checks, kernel reports, CHECK failures, Go's fatal
errors and races, V8 and C++ terminations, and the runtime and tool entries (runtime.py, tools.py).
Each entry: (needle in the lowered line, regex, builder, regex flags), in table order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import EXC, Builder, LineMatch, cause, exit_code, symptom
from classifier.extract.runners.consoles import ENTRIES as CONSOLE_ENTRIES
from classifier.extract.runners.crash import (
    GECKO_ENTRIES,
    HEAP,
    check_failed,
    cpp_terminate,
    fatal_signal,
    fuzzer_exception,
    gecko_abort,
    glibc_assert,
    go_fatal,
    go_race,
    heap_check,
    missing_library,
    numbered_signal,
    sanitizer,
    ubsan,
    v8_fatal,
)
from classifier.extract.runners.exits import ENTRIES as EXIT_ENTRIES
from classifier.extract.runners.harness import ENTRIES as HARNESS_ENTRIES
from classifier.extract.runners.jvm import (
    checkstyle,
    gradle_block,
    gradle_failure,
    gradle_nested,
    gradle_task_failed,
    maven_goal,
    maven_javac,
    surefire2_entry,
    surefire_case,
    surefire_entry,
    surefire_summary,
    tests_run,
)
from classifier.extract.runners.kernel import TITLE, kernel_title
from classifier.extract.runners.native import (
    xunit_console,
)
from classifier.extract.runners.python import (
    pytest_e,
    pytest_error,
    pytest_failed,
    pytest_header,
    pytest_location,
    pytest_summary,
    unittest_case,
)
from classifier.extract.runners.runtime import ENTRIES as RUNTIME_ENTRIES
from classifier.extract.runners.scripting import (
    CASE_NEEDLES,
    elixir_exception,
    erlang_ct,
    erlang_report,
    eunit_error,
    exunit_case,
    minitest,
    mozilla_harness,
    pester,
    php_error,
    phpt,
    phpunit_case,
    phpunit_other,
    phpunit_problems,
    rake_aborted,
    rspec_failure,
    rspec_rerun,
    ruby_exception,
    tap_dubious,
    test_detail,
    xctest_failure,
)
from classifier.extract.runners.testconsoles import ENTRIES as TEST_CONSOLE_ENTRIES
from classifier.extract.runners.tools import ENTRIES as TOOL_ENTRIES
from classifier.extract.runners.tools import YARN_BERRY
from classifier.model import Role, Severity

ENTRIES: list[tuple[str, str, Builder, int]] = []
RETRY = "retry"  # the tool hint of a retry notice


def retry_notice(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "", RETRY, Role.SYMPTOM, Severity.WARNING, before=0, after=0)


# Retry notices: the attempt above failed and the command runs again (travis_retry, nick-fields/retry, a script's
# or a package manager's `..., retrying...`); link/retry.py makes an attempt retried with success a warning.
# table.py tries them first: `Connection reset. Retrying in 5s` is the notice, not a network error of its own.
RETRY_ENTRIES: list[tuple[str, str, Builder, int]] = [
    ("retrying, ", r'^The command ".*" failed\. Retrying, \d+ of \d+\.?$', retry_notice, 0),
    ("attempt", r"^(?:::warning::)?Attempt #?\d+ failed\b.*", retry_notice, 0),
    ("attempt", r"^(?:[Aa]ttempt|[Tt]ry) #?\d+ ?(?:of|/) ?\d+ failed\b.*", retry_notice, 0),
    (
        "retrying",
        r"^.*\b[Rr]etrying(?: in \d+(?:\.\d+)? ?(?:ms|s|secs?|seconds?|minutes?))?(?:\.{1,3}|!)?$",
        retry_notice,
        0,
    ),
    # the Actions toolkit (checkout, setup-*), the runner's pulls and fetches, actions/artifact's downloads
    ("before trying again", r"^Waiting \d+ seconds? before trying again\.?$", retry_notice, 0),
    (
        "before retry",
        r"^(?:##\[warning\]|Warning: )?.+ failed with exit code \d+, back off [\d.]+ seconds? before retry",
        retry_notice,
        0,
    ),
    ("backoff for retry", r"^Exponential backoff for retry #\d+\b.*", retry_notice, 0),
    # curl --retry, Ansible's until/retries, pip's and npm's own request retries
    (
        "will retry in",
        r"^Warning: (?:Transient problem|Problem) ?: .*\bWill retry in \d+ seconds?\b.*",
        retry_notice,
        0,
    ),
    ("retries left", r"^FAILED - RETRYING: .*\(\d+ retries left\)\.?$", retry_notice, 0),
    ("retrying (retry(", r"^WARNING: Retrying \(Retry\(total=\d+.*", retry_notice, 0),
    ("will retry, error", r"^npm WARN retry will retry, error on last attempt: .*", retry_notice, 0),
]


def _add(needle: str, pattern: str, builder: Builder, flags: int = 0) -> None:
    ENTRIES.append((needle, pattern, builder, flags))


_add("failed", r'^The command ".*" failed \d+ times\.?$', symptom("travis", "exit_code"))  # travis_retry gave up


def forked_jvm(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """sbt's forked test JVM exited before reporting (a crash, `System.exit`, an unloadable test class)."""
    return LineMatch(m.string.strip(), "sbt", "forked_jvm", exception_type="forked JVM exit", before=6, after=4)


# sbt: the forked test JVM died (`Error during tests:` above it): the tests' process, not a command's status
_add(
    "forkmain",
    r"^(?:\[error\]\s*)?Running (?:java|\S+/java) with options .* sbt\.(?:\w+\.)?ForkMain \d+ "
    r"failed with exit code \d+$",
    forked_jvm,
)
_add(*YARN_BERRY)  # Yarn 2+ reports (tools.py), whose text may name an exit code
# ava: a test file whose process exited before its tests reported (an exception at import, `process.exit`)
_add("non-zero exit code", r"^\s*✖ (?P<file>\S+) exited with a non-zero exit code: \d+$", cause("ava", "crash"))
_add("exit code", r"(?:Process completed|exited|returned|failed) with exit code (?P<code>\d+)", exit_code, re.I)
_add("exit code", r"\bexit code:? (?P<code>-?\d+)\b", exit_code, re.I)  # Taskcluster's `exit code: -1` too
_add("exited with", r"^Process exited with code (?P<code>-?\d+)\b", exit_code)  # TeamCity's runner
# a wrapper's verdict on the tool it ran: Azure Pipelines' npm task (`Error: Npm failed with return code: 128`),
# Grunt's fatal error on a task's process (`Fatal error: tsc failed with code: 1`, before the Swift `Fatal error:`)
_add("with return code", r"^.* failed with return code:? (?P<code>-?\d+)\.?$", exit_code)
_add("failed with code", r"^.* failed with code:? (?P<code>-?\d+)\.?$", exit_code)
# AppVeyor's verdict on a build command, the Buildkite agent's on a job's (`user command error: exit status 1`)
_add("command exited with code", r"^Command exited with code (?P<code>-?\d+)$", exit_code)
_add("user command error", r"^user command error: exit status (?P<code>\d+)$", exit_code)
# Jenkins: a freestyle build step's verdict, a parallel branch that failed
_add("marked build as", r"^Build step '.+' marked build as failure$", symptom("jenkins", "exit_code"))
_add("failed in branch", r"^Failed in branch \S.*$", symptom("jenkins", "exit_code"))
_add("exited with", r"^The command \".*\" exited with (?P<code>\d+)\.?$", exit_code)
_add("exited with", r"^(?:Error: )?Exited with code (?:exit status )?(?P<code>\d+)$", exit_code)  # CircleCI, its CLI
_add("non-zero", r"returned a non-zero code: (?P<code>\d+)", exit_code)
_add("build failure", r"^(?:\[INFO\] |\[ERROR\] )?BUILD FAILURE\b.*", symptom("maven"))
_add("build failed", r"^FAILURE: Build failed with an exception\.?$", gradle_failure)
_add("what went wrong", r"^\* What went wrong:$", gradle_block)
_add("execution failed for task", r"^Execution failed for task '[^']+'\.$", gradle_task_failed)
_add("build failed", r"^BUILD FAILED\b.*$", symptom("gradle"))
_add("tests run:", r"Tests run: *(?P<n>\d+), *Failures: *(?P<f>\d+), *Errors: *(?P<e>\d+).*", tests_run)
_add(
    "failed",
    r"^=*\s*(?:\d+ (?:failed|passed|errors?|skipped|deselected|xfailed|xpassed|warnings?)"
    r"(?:, )?)*\d+ (?:failed|errors?)\b.*? in [\d.]+s.*$",
    pytest_summary,
)
# make's marker, also after another process's unfinished line (parallel output: `(no logger pmake[4]: *** [x] Error 1`)
_add(
    "error",
    r"^(?:.*?[^\w/.-])?g?make(?:\[\d+\])?: \*\*\* .*Error \d+.*$|^.*?make\[\d+\]: \*\*\* \[[^\]]*\] Error \d+.*$",
    symptom("make", "exit_code"),
)
_add("command failed", r"^error Command failed with exit code \d+\.?$", symptom("yarn", "exit_code"))
_add(
    "failed to execute goal",
    r"Failed to execute goal (?P<plugin>[\w.\-]+:[\w.\-]+)(?::[\w.\-]+)?(?::[\w.\-]+)?.*",
    maven_goal,
)
# Maven's error summary of a build that stopped without a goal's failure (`[ERROR] GC overhead limit exceeded ->
# [Help 1]`, `[ERROR] The build could not read 1 project -> [Help 1]`): the error itself
_add("[help ", r"^(?!Failed to execute goal )\w\S*(?: \S+)* -> \[Help \d+\]$", cause("maven"))
_add(
    "could not",
    r"Could not (?:resolve dependencies|collect dependencies|find artifact|transfer artifact|resolve all "
    r"(?:files|dependencies|artifacts)|GET|download).*",
    gradle_nested,
)
_add("compilation error", r"^(?:\[ERROR\] )?COMPILATION ERROR\s*:?.*", symptom("maven", "compilation"))
_add(
    "error",
    r"^\[ERROR\] (?P<file>(?:[A-Za-z]:)?[^\s:\[]+\.\w+):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)",
    maven_javac,
)
_add(
    "error",
    r"^\[(?:ERROR|WARN)\] (?P<file>[^\s:]+\.java):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+\[\w+\])$",
    checkstyle,
)
# surefire / unittest test lines
_add(
    "time elapsed",
    r"^(?:\[ERROR\] )?(?P<test>[\w$.\[\]]+)(?:\((?P<cls>[\w$.]+)\))?\s+"
    r"Time elapsed: [\d.,]+ s(?:ec)?\s+<<< (?P<kind>FAILURE|ERROR)!",
    surefire_case,
)
_add("failed (", r"^FAILED \((?:failures|errors)=\d+.*\)$", symptom("unittest", "test"))
_UNITTEST = r"^(?P<kind>ERROR|FAIL): (?P<test>\w+(?:\.\w+)*)(?: \((?P<cls>[\w.]+)\))?(?: \([^()]*\)| \[[^\]]*\])?\s*$"
_add("error", _UNITTEST, unittest_case)
_add("fail", _UNITTEST, unittest_case)
# pytest
_add("failed", r"^FAILED (?P<test>\S+?)(?: - (?P<msg>.*))?$", pytest_failed)
_add("error", r"^ERROR (?:collecting )?(?P<test>\S+?)(?: - (?P<msg>.*))?$", pytest_error)
_add("error", r"^_+ ERROR collecting (?P<test>\S+) _+$", pytest_error)
_add(
    "___ ",
    r"^_{3,} (?:(?P<phase>ERROR at (?:setup|teardown) of) )?"
    r"(?P<test>(?!ERROR collecting |summary _|coverage: platform )\S.*?) _{3,}$",
    pytest_header,
)
_add("e  ", rf"^E {{2,}}(?P<body>{EXC}(?::.*)?)$", pytest_e)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): (?P<exc>[A-Z]\w*(?:Error|Exception|Failure|Exit))$", pytest_location)
# Gradle's test logging, the JUnit Platform console, vitest's failed tests, Zig's test runner (consoles.py)
for _needle, _pattern, _builder in CONSOLE_ENTRIES:
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in TEST_CONSOLE_ENTRIES:  # Boost.Test, Robot, JUnit tree, Karma (testconsoles.py)
    _add(_needle, _pattern, _builder)
# phpunit, php, rspec, minitest, phpt, xctest
_add("report====", r"^=(?:ERROR|CRASH|SUPERVISOR) REPORT={4} .* ===$", erlang_report)  # OTP's error_logger
_add("error during tests", r"^Error during tests:$", symptom("sbt"))  # sbt: the reason is on the next lines
_add("total ", r"^(?:Error: )?Total \d+, Failed \d+, Errors \d+, Passed \d+\b.*$", symptom("sbt"))  # sbt's test summary
# sbt: the task that failed and its exception, `(core/test:test) sbt.TestsFailedException: Tests unsuccessful`,
# `(Compile / compileIncremental) Compilation failed`: the cause is printed above it
_add(
    ") ",
    r"^\((?P<task>[A-Za-z][\w.-]*(?:(?: / |/|:)[A-Za-z][\w.-]*)+)\) "
    r"(?:(?:[a-z]\w*\.)*[A-Z]\w*(?:Exception|Error|Failure)(?:: .+)?|Compilation failed)$",
    symptom("sbt"),
)
_add("failed asserting", r"^Failed asserting that .+", test_detail("phpunit"))
_add("there w", r"^There (?:were \d+|was 1) (?P<kind>errors?|failures?):$", phpunit_problems)
_add(
    "there w",
    r"^There (?:were \d+|was 1) (?:(?:risky|skipped|incomplete) tests?|[\w ]*(?:warning|deprecation|notice)s?):$",
    phpunit_other,
)
for _needle in CASE_NEEDLES:  # PHPUnit's numbered case: `1) Ns\\FooTest::testBar`, its message and trace below
    _add(_needle, r"^\d+\) [A-Za-z_\\][\w\\]*::\w+(?: with data set .*)?$", phpunit_case)
_add("error", r"^(?:PHP (?:Fatal|Parse) error: .+|(?:Fatal|Parse) error: .*\.php\b.*)", php_error)
_add("failure/error", r"^\s*Failure/Error: .+", rspec_failure)
_add("", r"^(?:\d+\) )?(?:Failure|Error):$", minitest)
_add("[-]", r"^\s*\[-\] (?P<test>.+?)(?: \d+(?:\.\d+)?m?s)?$", pester)
_add("dubious", r"^(?:(?P<test>\S+?)\s*\.{2,}\s*)?Dubious, test returned \d+.*", tap_dubious)
for _needle, _pattern, _builder in HARNESS_ENTRIES:  # ScalaTest, TAP, Test::More (harness.py)
    _add(_needle, _pattern, _builder)
_add("[fail]", r"^\s*(?:\[xUnit\.net [\d:.]+\]\s*)?(?P<test>\S.*?) \[FAIL\]$", xunit_console)
_add("", r"^(?:\[ERROR\] )?(?:Failed tests|Tests in error|Failures|Errors):\s*$", surefire_summary)
_add(
    "",
    r"^(?:Failed tests|Tests in error):\s+(?P<method>[\w$\[\]]+)\((?P<cls>[\w.$]+)\)(?::\s*(?P<msg>.*))?$",
    surefire2_entry,
)
_add(
    "[error]",
    r"^\[ERROR\]\s{2,}(?:Run \d+: )?(?P<test>(?:[\w$]+>)?(?:[a-z_$][\w$]*\.)*[A-Z][\w$]*\.[\w$]+)"
    r"(?=:\d|\S*\s+» )(?::\d+)?(?:->\S+)*(?:\s+(?P<msg>.+)|(?<=\d))$",  # no message: `Test.m:433`
    surefire_entry,
)
_add("rspec ./", r"^rspec (?P<file>\./\S+):(?P<line>\d+) # (?P<desc>.+)", rspec_rerun)
_add("::", r"^(?P<exc>[A-Z]\w*(?:::[A-Z]\w*)+): .+", ruby_exception)  # its needle: every match holds `::`
_add("fail", r"^FAIL .+\[(?P<test>[^\]]+\.phpt)\]$", phpt)
_add("failed", r"^.*\bXCTAssert\w* failed\b.*", xctest_failure)
# pre-commit's hook status line (`ruff......Failed`); the hook's id and output follow it
_add("failed", r"^[^.\s][^.\n]*?\.{4,}(?:\([^)\n]*\))?Failed$", cause("pre-commit", "lint"))
# Elixir and Erlang
_add("rake aborted", r"^rake aborted!$", rake_aborted)
_add("** (", r"^\s*\*\* \((?P<exc>[\w.]+)(?: from #PID<[\d.]+>)?\) (?P<msg>.+)$", elixir_exception)
_add(") test ", r"^\s*\d+\) (?P<test>(?:test|doctest) .+) \((?P<module>[A-Z][\w.]*)\)$", exunit_case)
_add("failed", r"^(?P<test>[\w@]+:(?:[\w@]+|'[^'\n]+')) failed(?: on line (?P<line>\d+))?$", erlang_ct)
_add("*** ", r"^\*\*\* (?P<title>[a-z][^*]*[a-z]) \*\*\*$", eunit_error)  # `*** error reading file ***`
# mozilla harnesses, crashes and sanitizers
for _needle in ("test-unexpected", "process-crash"):  # reftest prints `REFTEST TEST-UNEXPECTED-FAIL | ...`
    _add(
        _needle,
        r"^(?:REFTEST )?(?P<kind>TEST-UNEXPECTED-[A-Z-]+|PROCESS-CRASH) \| (?P<test>[^|]+?) \| (?P<msg>.+)$",
        mozilla_harness,
    )
for _needle, _pattern in GECKO_ENTRIES:
    _add(_needle, _pattern, gecko_abort)
# mozharness's automation and Mercurial's fatal errors (`abort: HTTP Error 500`, hg's prefix for every one)
_add("automation error:", r"^Automation Error: .+", cause("mozharness"))
_add("abort: ", r"^abort: \S.*", cause("hg"))
_add(
    "zer: ",  # AddressSanitizer: / libFuzzer:
    r"(?:^(?:# +)?|==\d+== ?)(?:ERROR|WARNING|SUMMARY): (?P<tool>\w*Sanitizer|libFuzzer|MallocScribble): (?P<rest>.+)$",
    sanitizer,
)
_add("runtime error", r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): runtime error: (?P<msg>.+)$", ubsan)
for _needle, _pattern, _builder in EXIT_ENTRIES:  # a runner's report of its process's death (exits.py)
    _add(_needle, _pattern, _builder)
for _word in ("Segmentation fault", "Bus error", "Aborted", "Illegal instruction", "Floating point exception"):
    _not = "(?!due to )" if _word == "Aborted" else ""  # a tool that stopped itself: Grunt's `Aborted due to x`
    _told = "" if _word == "Aborted" else "|: "  # a launcher's `srun: error: nid16: tasks 0-7: Segmentation fault`
    _add(_word.lower(), rf"(?:^|\s\d+\s+{_told}){_word}(?: +\(core dumped\)|: \d+)?(?:\s|$){_not}", fatal_signal)
# faulthandler's report, also after pytest -v's test id on the same line (`tests/x.py::test_y Fatal Python error:`)
_add(
    "fatal python error",
    r"(?:^|\s)Fatal Python error: (?:Segmentation fault|Aborted|Bus error|Floating point exception|Illegal instruction)"
    r".*",
    fatal_signal,
)
_add(
    "signal",
    r"\b(?:[Cc]aught|[Rr]eceived|[Gg]ot|[Tt]erminated by|[Kk]illed by|[Ff]atal) signal:? "
    r"(?:\d+ )?\(?(?P<sig>SIG[A-Z]+)\)?",
    fatal_signal,
)
_add("stack smashing", r"^\*\*\* stack smashing detected \*\*\*.*", fatal_signal)
_add("assertion", r"^(?:[^\s:]+: )?(?P<file>[^\s:]+):(?P<line>\d+): (?P<msg>.*Assertion `.*' failed\.?)$", glibc_assert)
for _needle in ("corrupt", "free(", "malloc(", "realloc(", "munmap_chunk", "_consolidate("):
    _add(_needle, HEAP, heap_check)
_add("error code", r"^\*\*\* Error code \d+\b.*", symptom("make", "exit_code"))  # BSD make, then `Stop.`
_add("", TITLE, kernel_title)
_add("check failed", r"\b(?:D?CHECK|Check) failed: .+", check_failed)
_add(") failed", r"\bD?CHECK_[A-Z]{2}\(.*\) failed\b.*", check_failed)
_add("received signal", r"\b[Rr]eceived signal (?P<num>\d+)(?: |$)", numbered_signal)
_add("fatal error", r"^fatal error: (?P<msg>.+)$", go_fatal)
_add("data race", r"^WARNING: DATA RACE$", go_race)
_add("sig", r"^(?P<sig>SIG[A-Z]{2,6}): [a-z].+$", fatal_signal)
_add("shared libraries", r"error while loading shared libraries: (?P<lib>[^:]+): .+", missing_library)
_add("error in", r"^# (?P<kind>Fatal error|Runtime error) in (?P<where>.+)$", v8_fatal)
_add("exception", r"^== Java Exception: (?P<body>.+)$", fuzzer_exception)
_add("terminate called", r"^terminate called after throwing an instance of '(?P<exc>[^']+)'", cpp_terminate)
for _needle, _pattern, _builder in (*RUNTIME_ENTRIES, *TOOL_ENTRIES):  # runtime.py crash reports, tools.py
    _add(_needle, _pattern, _builder)
