"""The ordered table of line matchers: specific before generic; the first match wins.

Each entry: (needle in the lowered line, regex, builder, search). An entry whose needle is in
_SEARCH_NEEDLES is searched anywhere in the line; the others match at its start.
"""

from __future__ import annotations

import re

from classifier.extract.runners.base import EXC, Builder, cause, exit_code, symptom
from classifier.extract.runners.buildtools import ENTRIES as BUILD_ENTRIES
from classifier.extract.runners.crash import (
    HEAP,
    check_failed,
    cpp_terminate,
    fatal_signal,
    fuzzer_exception,
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
from classifier.extract.runners.harness import ENTRIES as HARNESS_ENTRIES
from classifier.extract.runners.js import eslint, eslint_compact, jest, jest_suite, npm_code, tsc
from classifier.extract.runners.jvm import (
    checkstyle,
    gradle_failure,
    java_thread,
    maven_goal,
    maven_javac,
    surefire2_entry,
    surefire_case,
    surefire_entry,
    surefire_summary,
    tests_run,
)
from classifier.extract.runners.kernel import TITLE, kernel_title
from classifier.extract.runners.lint import (
    KEYVALUE,
    PUPPET,
    PYDOCSTYLE,
    ROW,
    SHAPES,
    SHELLCHECK,
    location_finding,
    marked_finding,
    pydocstyle,
    shellcheck,
    table_row,
)
from classifier.extract.runners.native import (
    bare_location,
    cmake_error,
    compiler,
    dotnet,
    go_fail,
    go_panic,
    linker,
    location_line,
    msvc,
    rust_diagnostic,
    rust_error,
    rust_panic,
    xunit_console,
)
from classifier.extract.runners.python import (
    exception,
    pip_dep,
    pytest_e,
    pytest_error,
    pytest_failed,
    pytest_header,
    pytest_location,
    pytest_summary,
    python_lint,
    unittest_case,
)
from classifier.extract.runners.runtime import ENTRIES as RUNTIME_ENTRIES
from classifier.extract.runners.scripting import (
    elixir_exception,
    erlang_ct,
    exunit_case,
    minitest,
    mozilla_harness,
    pester,
    phpt,
    rake_aborted,
    rspec_rerun,
    ruby_exception,
    tap_dubious,
    test_detail,
)
from classifier.extract.runners.system import PACKAGE_ENTRIES, apt, docker_daemon, generic
from classifier.extract.runners.tools import ENTRIES as TOOL_ENTRIES

M: list[tuple[str, re.Pattern[str], Builder, bool]] = []
SEARCH_NEEDLES = (
    "exit code",
    "non-zero",
    "tests run:",
    "undefined reference",
    "ld returned",
    "time elapsed",
    "failed to execute goal",
    "could not",
    "could not find a version",
    "no matching distribution",
    "resolutionimpossible",
    "segmentation fault",
    "bus error",
    "aborted",
    "illegal instruction",
    "floating point exception",
    "signal",
    "check failed",
    ") failed",
    "received signal",
    "shared libraries",
    "zer: ",
)


def _add(needle: str, pattern: str, builder: Builder, flags: int = 0) -> None:
    M.append((needle, re.compile(pattern, flags), builder, needle in SEARCH_NEEDLES))


_add("job failed", r"^ERROR: Job failed\b.*", symptom("gitlab", "exit_code"))
for _needle, _pattern, _builder in BUILD_ENTRIES:  # compilers, test runners, setup tools (buildtools.py)
    _add(_needle, _pattern, _builder)
_add("exit code", r"(?:Process completed|exited|returned|failed) with exit code (?P<code>\d+)", exit_code, re.I)
_add("exit code", r"\bexit code:? (?P<code>\d+)\b", exit_code, re.I)
_add("exited with", r"^The command \".*\" exited with (?P<code>\d+)\.?$", exit_code)
_add("exited with", r"^Exited with code (?:exit status )?(?P<code>\d+)$", exit_code)  # CircleCI
_add("non-zero", r"returned a non-zero code: (?P<code>\d+)", exit_code)
_add("build failure", r"^(?:\[INFO\] |\[ERROR\] )?BUILD FAILURE\b.*", symptom("maven"))
_add("build failed", r"^FAILURE: Build failed with an exception\.?$", gradle_failure)
_add("build failed", r"^BUILD FAILED\b.*$", symptom("gradle"))
_add("tests run:", r"Tests run: *(?P<n>\d+), *Failures: *(?P<f>\d+), *Errors: *(?P<e>\d+).*", tests_run)
_add(
    "failed",
    r"^=*\s*(?:\d+ (?:failed|passed|errors?|skipped|deselected|xfailed|xpassed|warnings?)"
    r"(?:, )?)*\d+ (?:failed|errors?)\b.*? in [\d.]+s.*$",
    pytest_summary,
)
_add("error", r"^make(?:\[\d+\])?: \*\*\* .*Error \d+.*$", symptom("make", "exit_code"))
_add("command failed", r"^error Command failed with exit code \d+\.?$", symptom("yarn", "exit_code"))
_add(
    "failed to execute goal",
    r"Failed to execute goal (?P<plugin>[\w.\-]+:[\w.\-]+)(?::[\w.\-]+)?(?::[\w.\-]+)?.*",
    maven_goal,
)
_add(
    "could not",
    r"Could not (?:resolve dependencies|find artifact|transfer artifact|resolve all "
    r"(?:files|dependencies|artifacts)|GET|download).*",
    cause("maven", "dependency"),
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
    r"^_{3,} (?:(?P<phase>ERROR at (?:setup|teardown) of) )?(?P<test>(?!ERROR collecting )\S.*?) _{3,}$",
    pytest_header,
)
_add("e  ", rf"^E {{2,}}(?P<body>{EXC}(?::.*)?)$", pytest_e)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): (?P<exc>[A-Z]\w*(?:Error|Exception|Failure|Exit))$", pytest_location)
# phpunit, php, rspec, minitest, phpt, xctest
_add("failed asserting", r"^Failed asserting that .+", test_detail("phpunit"))
_add("error", r"^(?:PHP (?:Fatal|Parse) error: .+|(?:Fatal|Parse) error: .*\.php\b.*)", cause("php", ""))
_add("failure/error", r"^\s*Failure/Error: .+", test_detail("rspec"))
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
_add("rspec ./", r"^rspec (?P<test>\./\S+:\d+) # .+", rspec_rerun)
_add("", r"^(?P<exc>[A-Z]\w*(?:::[A-Z]\w*)+): .+", ruby_exception)
_add("fail", r"^FAIL .+\[(?P<test>[^\]]+\.phpt)\]$", phpt)
_add("failed", r"^.*\bXCTAssert\w* failed\b.*", cause("xctest", "test"))
# pre-commit's hook status line (`ruff......Failed`); the hook's id and output follow it
_add("failed", r"^[^.\s][^.\n]*?\.{4,}(?:\([^)\n]*\))?Failed$", cause("pre-commit", "lint"))
# Elixir and Erlang
_add("rake aborted", r"^rake aborted!$", rake_aborted)
_add("** (", r"^\s*\*\* \((?P<exc>[\w.]+)\) (?P<msg>.+)$", elixir_exception)
_add(") test ", r"^\s*\d+\) (?P<test>(?:test|doctest) .+) \((?P<module>[A-Z][\w.]*)\)$", exunit_case)
_add("failed", r"^(?P<test>[\w@]+:[\w@]+) failed(?: on line (?P<line>\d+))?$", erlang_ct)
# mozilla harnesses, crashes and sanitizers
_add(
    "test-unexpected",
    r"^(?P<kind>TEST-UNEXPECTED-[A-Z-]+|PROCESS-CRASH) \| (?P<test>[^|]+?) \| (?P<msg>.+)$",
    mozilla_harness,
)
_add(
    "zer: ",  # AddressSanitizer: / libFuzzer:
    r"(?:^|==\d+== ?)(?:ERROR|WARNING|SUMMARY): (?P<tool>\w*Sanitizer|libFuzzer|MallocScribble): (?P<rest>.+)$",
    sanitizer,
)
_add("runtime error", r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): runtime error: (?P<msg>.+)$", ubsan)
for _word in ("Segmentation fault", "Bus error", "Aborted", "Illegal instruction", "Floating point exception"):
    _add(_word.lower(), rf"(?:^|\s\d+\s+){_word}(?: +\(core dumped\)|: \d+)?(?:\s|$)", fatal_signal)
_add("fatal python error", r"^Fatal Python error: (?:Segmentation fault|Aborted|Bus error).*", fatal_signal)
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
# go
_add("--- fail", r"^\s*--- FAIL: (?P<test>\S+)(?: \([\d.]+s\))?", go_fail)
_add("panic", r"^panic: .+", go_panic)
_add("fail", r"^\s*FAIL\s+\S+\.(?:js|ts|jsx|tsx|mjs|cjs)\b.*", symptom("jest", "test"))
_add("fail", r"^FAIL\s+\S+(?:\s+[\d.]+s|\s+\[[\w ]+\])?$", symptom("go", "test"))
_add("fail", r"^FAIL$", symptom("go", "test"))
# rust
_add("error", r"^error\[(?P<code>E\d+)\]: .+", rust_error)
_add("error", r"^error: (?:test failed|could not compile|aborting due to).*", symptom("cargo", "compilation"))
# rust: locations of any diagnostic (clippy lints too), test panics
_add("panicked at", r"^thread '(?P<thread>[^']*)' panicked at (?P<rest>.+)$", rust_panic)
_add("error", r"^(?P<level>error)(?:\[(?P<code>[\w:]+)\])?: (?P<msg>.+)$", rust_diagnostic)
_add("test result: failed", r"^test result: FAILED\..*", symptom("cargo", "test"))
# ld, lld, gold, mold, lld-link; MSVC and link.exe
_add(
    "error",
    r"^(?:[\w./-]*/)?(?:ld\.lld|ld64\.lld|lld-link|lld|ld\.gold|ld\.mold|mold|ld|collect2|ld\.bfd)(?:\.exe)?: "
    r"(?:error|fatal error|fatal): (?P<msg>.+)$",
    linker,
)
_add("undefined symbols for", r"^Undefined symbols for architecture \S+:?$", cause("ld", "link"))
_add("undefined reference", r"undefined reference to .+", cause("ld", "link"))
_add("ld returned", r"ld returned \d+ exit status", symptom("ld", "link"))
# tsc, eslint, jest
_add("error", r"^(?P<file>[^\s(]+\.tsx?)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): (?P<msg>.+)", tsc)
_add("error", r"^(?P<file>[^\s:]+\.tsx?):(?P<line>\d+):(?P<col>\d+) - error (?P<code>TS\d+): (?P<msg>.+)", tsc)
_add(
    "error",
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.+?)(?:\s{2,}(?P<rule>\S+))?$",
    eslint,
)
_add("✖", r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>✖|⚠)\s+(?P<msg>.+?)(?:\s{2,}(?P<rule>\S+))?\s*$", eslint)
_add("●", r"^\s*● (?P<test>.+›.+)$", jest)
_add("●", r"^\s*● (?P<test>(?!Console\s*$|Test suite failed to run)\S.*)$", jest)  # a test outside any describe
_add("●", r"^\s*● Test suite failed to run\s*$", jest_suite)
# npm, pip, apt
_add("npm", r"^npm (?:ERR!|error) code (?P<code>E[\w]+)", npm_code)
_add("npm", r"^npm (?:ERR!|error) (?:404 .+|missing script: .+|notarget .+)", cause("npm", "dependency"))
_add(
    "npm",
    r"^npm (?:ERR!|error) (?:errno \d+|Exit status \d+|Failed at the .+|.*Command failed.*)$",
    symptom("npm", "exit_code"),
)
_add("could not find a version", r"Could not find a version that satisfies the requirement", pip_dep)
_add("no matching distribution", r"No matching distribution found for", pip_dep)
_add("resolutionimpossible", r"ResolutionImpossible", pip_dep)
_add("unable to locate package", r"^E: Unable to locate package .+", apt)
_add("e: ", r"^E: (?:Package|Unable|Failed to fetch|Version|The repository|Could not get lock).+", apt)
_add("unmet dependencies", r"^The following packages have unmet dependencies:?", apt)
# docker / registries: the image or tag does not exist, or the pull is refused
_add("from daemon", r"^(?:docker: )?Error response from daemon: .+", docker_daemon, re.I)
_add("manifest", r"^(?:Error: )?(?:manifest for \S+ not found|.*\bmanifest unknown\b).*", docker_daemon)
_add("pull access denied", r"^(?:Error: )?pull access denied\b.+", docker_daemon)
for _needle, _pattern, _builder in PACKAGE_ENTRIES:  # dnf, apk, pacman, composer, CocoaPods (system.py)
    _add(_needle, _pattern, _builder)
_add("cmake error", r"^CMake Error(?: at (?P<file>[^\s:]+):(?P<line>\d+) \([\w-]+\))?:\s*(?P<msg>.*)$", cmake_error)
# compilers with locations: "path:line:col: error: msg" (gcc, clang, mypy, go vet ...)
_WIN_PATH = r"(?:[^():]|\(x86\))"  # a character of a Windows path: `C:\Program Files (x86)\...` keeps its `(x86)`
_COMPILER = (
    r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?P<line>\d+):(?:(?P<col>\d+):)? ?"
    r"(?P<level>(?:fatal )?error|Error|ERROR|warning|Warning|WARNING|note|info)(?:\[\w+\])?:(?: (?P<msg>.+)|$)"
)
_add("error", _COMPILER, compiler)
_add("warning", _COMPILER, compiler)
_add("note", _COMPILER, compiler)
_add("info", _COMPILER, compiler)
_add(
    "error",
    rf"^(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+\.\w+)\((?P<line>\d+),(?P<col>\d+)\): (?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    dotnet,
)
_add(
    "warning",
    rf"^(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+\.\w+)\((?P<line>\d+),(?P<col>\d+)\): (?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    dotnet,
)
_add(
    "error",
    rf"^(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+?)\((?P<line>\d+)(?:,(?P<col>\d+))?\)\s?:\s"
    r"(?P<level>fatal error|error|warning)\s(?P<code>[A-Z]+\d+)\s?:\s?(?P<msg>.+?)"
    r"(?: \[[^\[\]]+\.\w*proj\])?$",  # MSBuild ends the line with ` [x.vcxproj]`
    msvc,
)
_add(
    "error",
    r"^(?P<file>[^():]+?) : (?P<level>fatal error|error|warning) (?P<code>(?:LNK|MSB|C|CS|NU|NETSDK)\d+): (?P<msg>.+)$",
    msvc,
)
_add(
    ", col ",
    r"^(?P<file>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<level>Error|Warning) - (?P<msg>.+)$",
    eslint_compact,
)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<msg>(?P<code>[A-Z]{1,3}\d{2,4}):? .+)$", python_lint)
_add("error", r"^(?P<file>[^\s:]+\.java):(?P<line>\d+): (?P<level>error): (?P<msg>.+)", compiler)
_add(
    "error",
    r"^(?:e: )?(?:file://)?(?P<file>[^\s:]+\.kts?):? ?\(?(?P<line>\d+)[,:] ?(?P<col>\d+)\)?: "
    r"(?P<level>error)?:? ?(?P<msg>.+)",
    compiler,
)
# location-shaped lines without an error word: a rule id at the end (eslint unix, prettier, shellcheck gcc
# format, markdownlint) or a severity letter (rubocop `C:`, pylint `W:`)
_add(
    "",
    r"^(?P<file>(?:[A-Za-z]:)?[^\s:()]+\.\w+):(?P<line>\d+)(?::(?P<col>\d+))?:? (?:(?P<sev>[CWEFR]): )?"
    r"(?P<msg>\S.*?)(?: [(\[](?P<rule>[\w/@.:-]+)[)\]])?$",
    location_line,
)
# linter findings by shape, whatever the tool (lint.py)
_add("", PYDOCSTYLE, pydocstyle)
for _shape, _needle in SHAPES:
    _add(_needle, _shape, location_finding)
_add(" - ", PUPPET, marked_finding)
_add(" file=", KEYVALUE, marked_finding)
_add(":", ROW, table_row)
_add("^-", SHELLCHECK, shellcheck)
# exceptions
_add("exception in thread", rf"^Exception in thread \"[^\"]*\" (?P<body>{EXC}(?::.*)?)$", java_thread)
_add("caused by", rf"^Caused by: (?P<body>{EXC}(?::.*)?)$", java_thread)
_add("", rf"^(?P<body>{EXC}(?:: .*)?)$", exception)
_add(".go:", r"^(?P<file>[^\s:]+\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)", bare_location)
# generic
_add("", r"^(?:❌\s*|✖\s*|\[!\]\s*)?(?:ERROR\b:?|FATAL\b:?|Error:|error:|fatal:|Fatal:)\s*(?P<rest>.+)$", generic)
