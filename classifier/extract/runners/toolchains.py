"""The second part of the line-matcher table (table.py): language toolchains' diagnostics, after the
outcome and crash lines of outcomes.py.

Go test failures and panics, Rust errors and panics, linkers (ld, lld, gold, mold, MSVC link), TypeScript,
eslint and jest, npm, pip and apt, Docker registries and the package managers of system.py, CMake, compilers
and MSBuild/MSVC lines with a location, location-shaped lint findings (lint.py), exception lines, and the
generic `ERROR:` / `error:` / `fatal:` words last.
Each entry: (needle in the lowered line, regex, builder, regex flags), in table order.
"""

from __future__ import annotations

import re

from classifier.extract.runners.apps import ENTRIES as APP_ENTRIES
from classifier.extract.runners.base import EXC, Builder, cause, symptom
from classifier.extract.runners.checkers import ENTRIES as CHECKER_ENTRIES
from classifier.extract.runners.gotests import ginkgo_panicked, go_fail, go_panic
from classifier.extract.runners.js import (
    cli_exception,
    esbuild,
    esbuild_summary,
    eslint,
    eslint_compact,
    grunt_warning,
    jest,
    jest_suite,
    npm_code,
    nx_failed_tasks,
    playwright_expect,
    tsc,
    unhandled_rejection,
    webpack,
)
from classifier.extract.runners.jvm import (
    java_thread,
    javadoc_error,
)
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
    ghc_unlocated,
    linker,
    location_line,
    msvc,
    program_error,
    rust_diagnostic,
    rust_error,
    rust_panic,
    werror,
    windows_command,
)
from classifier.extract.runners.python import (
    exception,
    pip_dep,
    pylint_module,
    python_lint,
)
from classifier.extract.runners.system import PACKAGE_ENTRIES, apt, docker_daemon, generic
from classifier.extract.runners.vendors import ENTRIES as VENDOR_ENTRIES

ENTRIES: list[tuple[str, str, Builder, int]] = []


def _add(needle: str, pattern: str, builder: Builder, flags: int = 0) -> None:
    ENTRIES.append((needle, pattern, builder, flags))


# go
_add("--- fail", r"^\s*--- FAIL: (?P<test>\S+)(?: \([\d.]+s\))?", go_fail)
_add("panic", r"^panic: .+", go_panic)
_add("fail", r"^\s*FAIL\s+\S+\.(?:js|ts|jsx|tsx|mjs|cjs)\b.*", symptom("jest", "test"))
# go test: the package did not compile (its compiler lines above, when the log kept them, are the cause)
_add("fail", r"^FAIL\s+\S+\s+\[build failed\]$", symptom("go", "compilation"))
_add("fail", r"^FAIL\s+\S+(?:\s+[\d.]+s|\s+\[[\w ]+\])?$", symptom("go", "test"))
_add("fail", r"^FAIL$", symptom("go", "test"))
_add("test panicked", r"^Test Panicked$", ginkgo_panicked)  # Ginkgo: the panic's value on the next line
# the Go linker (cmd/link): a symbol the program needs that no package it links defines
_add("relocation target", r"^\S+: relocation target \S+ not defined\b.*$", cause("go", "link"))
# gcc/g++ under -Werror: the warnings above this verdict are the errors (native.werror)
_add(
    "warnings being treated as errors",
    r"^cc1(?:plus|obj|objplus)?(?:\.exe)?: (?:some|all) warnings being treated as errors$",
    werror,
)
# rust
_add("error", r"^error\[(?P<code>E\d+)\]: .+", rust_error)
_add("error", r"^error: (?:test failed|could not compile|aborting due to).*", symptom("cargo", "compilation"))
# rust: locations of any diagnostic (clippy lints too), test panics
# newer Rust names the thread's id too: `thread 'main' (1333144) panicked at src/main.rs:7:34:`
_add("panicked at", r"^thread '(?P<thread>[^']*)'(?: \(\d+\))? panicked at (?P<rest>.+)$", rust_panic)
_add("error", r"^(?P<level>error)(?:\[(?P<code>[\w:]+)\])?: (?P<msg>.+)$", rust_diagnostic)
_add("test result: failed", r"^test result: FAILED\..*", symptom("cargo", "test"))
# ld, lld, gold, mold, lld-link; MSVC and link.exe
_add(
    "error",
    r"^(?:[\w./-]*/)?(?:ld\.lld|ld64\.lld|lld-link|lld|ld\.gold|ld\.mold|mold|ld|collect2|ld\.bfd)(?:\.exe)?: "
    r"(?:error|fatal error|fatal): (?P<msg>.+)$",
    linker,
)
# a program's own error, before or without a location: `armclang: error: unsupported option '--c99'`,
# `cc1plus: fatal error: x.h: No such file or directory` (not a level word: `Warning: error: ...`)
_add(
    ": error: ",
    r"^(?!(?:warning|note|info|debug|trace|notice|error|fatal|caused by)\b)(?P<tool>[A-Za-z][\w.+-]+): "
    r"error: (?P<msg>\S.*)$",
    program_error,
    re.I,
)
_add(
    ": fatal error: ",
    r"^(?!(?:warning|note|info|debug|trace|notice|error|fatal|caused by)\b)(?P<tool>[A-Za-z][\w.+-]+): "
    r"fatal error: (?P<msg>\S.*)$",
    program_error,
    re.I,
)
_add("undefined symbols for", r"^Undefined symbols for architecture \S+:?$", cause("ld", "link"))
_add("undefined reference", r"undefined reference to .+", cause("ld", "link"))
_add("ld returned", r"ld returned \d+ exit status", symptom("ld", "link"))
# tsc, eslint, jest
_add("error", r"^(?P<file>[^\s(]+\.tsx?)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): (?P<msg>.+)", tsc)
_add("error", r"^(?P<file>[^\s:]+\.tsx?):(?P<line>\d+):(?P<col>\d+) - error (?P<code>TS\d+): (?P<msg>.+)", tsc)
# tsc's error without a file (a config or type library it could not read: `error TS2688: Cannot find type
# definition file for 'x'.`, `error TS5058: The specified path does not exist: 'x'.`)
_add("error ts", r"^error TS\d+: \S.*", cause("tsc", "compilation"))
_add("no tests found", r"^No tests found, exiting with code [1-9]\d*$", cause("jest", "test"))  # jest's own refusal
# eslint's count of what it found (`✖ 5 problems (1 error, 4 warnings)`): its findings, when printed, are above
_add("problem", r"^✖ \d+ problems? \([1-9]\d* errors?, \d+ warnings?\)$", symptom("eslint", "lint"))
_add(
    "error",
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.+?)(?:\s{2,}(?P<rule>\S+))?$",
    eslint,
)
_add("✖", r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>✖|⚠)\s+(?P<msg>.+?)(?:\s{2,}(?P<rule>\S+))?\s*$", eslint)
_add("●", r"^\s*● (?P<test>.+›.+)$", jest)
_add("●", r"^\s*● (?P<test>(?!Console\s*$|Test suite failed to run)\S.*)$", jest)  # a test outside any describe
_add("●", r"^\s*● Test suite failed to run\s*$", jest_suite)
# esbuild, webpack, Playwright's assertions, Nx's verdict
_add("✘ [error]", r"^(?:.*?[:\]] )?✘ \[ERROR\] (?P<msg>\S.*)$", esbuild)
_add("build failed with", r"^(?:[Ee]rror: )?Build failed with \d+ errors?:?$", esbuild_summary)
_add("error in ", r"^ERROR in (?P<file>\S+?)(?: (?P<line>\d+):(?P<col>\d+)(?:-\d+)?)?$", webpack)
_PLAYWRIGHT_EXPECT = (
    r"^\s*Error: (?:Timed out \d+ms waiting for )?expect\((?:locator|page|received)\)\.\w+\(.*\)(?: failed)?$"
)
_add("expect(", _PLAYWRIGHT_EXPECT, playwright_expect)
_add("running target", r"^\s*>\s+NX\s+Running target \S+ for .+ failed$", nx_failed_tasks)
_add("failed tasks:", r"^\s*Failed tasks:$", nx_failed_tasks)
_add("tasks not run because", r"^\s*Tasks not run because their dependencies failed\b.*:$", symptom("nx"))
_add("[unhandledpromiserejection: ", r"^\[(?P<exc>UnhandledPromiseRejection): .+\](?: \{)?$", unhandled_rejection)
_add("an unhandled exception occurred: ", r"^An unhandled exception occurred: (?P<msg>\S.*)$", cli_exception)
_add("use --force", r"^Warning: (?P<msg>.+?)\s*Use --force to continue\.?$", grunt_warning)  # Grunt
_add("aborted due to", r"^Aborted due to warnings\.?$", symptom("grunt"))
# npm, pip, apt
_add("npm", r"^npm (?:ERR!|error) code (?P<code>E[\w]+)", npm_code)
# (and `npm ci` refusing a lock file out of sync with package.json: npm 6's `cipm can only install`, then `npm ci`)
_add(
    "npm",
    r"^npm (?:ERR!|error) (?:404 .+|missing script: .+|notarget .+|(?:`npm ci`|cipm) can only install .+)",
    cause("npm", "dependency"),
)
_add(
    "npm",
    r"^npm (?:ERR!|error) (?:errno \d+|Exit status \d+|Failed at the .+|.*Command failed.*)$",
    symptom("npm", "exit_code"),
)
_add("could not find a version", r"Could not find a version that satisfies the requirement", pip_dep)
_add("could not", r"Could not find any downloads that satisfy the requirement", pip_dep)  # pip 1.5 to 6
_add("no matching distribution", r"No matching distribution found for", pip_dep)
_add("resolutionimpossible", r"ResolutionImpossible", pip_dep)
# pip's final verdict on packages it could not build: the build's own output (a compiler's error) is above it
_add("could not build wheels", r"^(?:ERROR: )?Could not build wheels for \S+.*$", symptom("pip", "dependency"))
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
# vendor toolchains, IDE lists and report rows without a `path:line: error:` shape (vendors.py)
for _needle, _pattern, _builder in APP_ENTRIES:  # xcbeautify's mark, AGP's manifest merger (apps.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in VENDOR_ENTRIES:
    _add(_needle, _pattern, _builder)
# linters and checkers with a shape of their own: helm lint, Spotless, kubeconform, PureScript, protoc (checkers.py)
for _needle, _pattern, _builder in CHECKER_ENTRIES:
    _add(_needle, _pattern, _builder)
# compilers with locations: "path:line:col: error: msg" (gcc, clang, mypy, go vet ...; GnuCOBOL 2's `x.cbl: 14:
# error:`); an absolute path may hold spaces (`/src/Parsable Properties/Errors.swift:61:40: error: ...`)
_WIN_PATH = r"(?:[^():]|\(x86\))"  # a character of a Windows path: `C:\Program Files (x86)\...` keeps its `(x86)`
# What every Windows place `file(line` starts with, checked first in one pass without backtracking (a path character
# is never a `(` but one of `(x86)`, so the path runs to the `(` before the line): the file groups below try each
# length of the path in turn, also on the many lines holding `error` or `warning` that hold no such place
_WIN_PLACE = r"(?=(?:[A-Za-z]:)?(?:[^():]++|\(x86\))*+\(\d)"
_COMPILER = (
    # gometalinter: `x.go:603::error:` (an empty column)
    r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+\.\w+|/[^:\n]+?\.\w+): ?(?P<line>\d+):(?:(?P<col>\d*):)? ?"
    r"(?P<level>(?:fatal )?error|Error|ERROR|warning|Warning|WARNING|note|info)(?:\[\w+\])?:(?: (?P<msg>.+)|$)"
)
_add("error", _COMPILER, compiler)
# old Gradle consoles print a task's first output line on its `:compileJava` line (`:compileJava/x/A.java:3: error:`)
_add("error", r"^:[\w:-]+(?=/)" + _COMPILER[1:], compiler)
_add("no location info", r"^<no location info>: error:$", ghc_unlocated)  # GHC: the message below
_add("warning", _COMPILER, compiler)
_add("note", _COMPILER, compiler)
_add("info", _COMPILER, compiler)
_add(
    "error",
    rf"^{_WIN_PLACE}(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+\.\w+)\((?P<line>\d+),(?P<col>\d+)(?:,\d+,\d+)?\): "
    r"(?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    dotnet,
)
_add(
    "warning",
    rf"^{_WIN_PLACE}(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+\.\w+)\((?P<line>\d+),(?P<col>\d+)(?:,\d+,\d+)?\): "
    r"(?P<level>error|warning) "
    r"(?P<code>[A-Z]+\d+): (?P<msg>.+?)(?: \[[^\]]+\])?$",
    dotnet,
)
_add(
    "error",
    rf"^{_WIN_PLACE}(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+?)\((?P<line>\d+)(?:,(?P<col>\d+))?\)\s?:\s"
    r"(?P<level>fatal error|error|warning|Error|Warning)\s(?P<code>[A-Z]+\d+)\s?:\s?(?P<msg>.+?)"
    r"(?: \[[^\[\]]+\.\w*proj\])?$",  # MSBuild ends the line with ` [x.vcxproj]`
    msvc,
)
_add(  # MSBuild's canonical form without a code (Boost.Test's `x.cpp(12): error : in "suite/test": check ...`)
    "): error : ",
    rf"^{_WIN_PLACE}(?P<file>(?:[A-Za-z]:)?{_WIN_PATH}+?\.\w+)\((?P<line>\d+)(?:,(?P<col>\d+))?\): (?P<level>error) : "
    r"(?P<msg>\S.*?)(?: \[[^\[\]]+\.(?:\w*proj|sln)\])?$",
    msvc,
)
_add(
    "error",
    r"^(?P<file>[^():]+?) : (?P<level>fatal error|error|warning) (?P<code>(?:LNK|MSB|C|CS|NU|NETSDK)\d+): (?P<msg>.+)$",
    msvc,
)
_add(  # NuGet's and the SDK's codes printed without a project in front (`dotnet restore` on a solution)
    "error",
    r"^(?P<level>error|warning) (?P<code>(?:NU|NETSDK)\d+): (?P<msg>.+?)(?: \[[^\[\]]+\.(?:\w*proj|sln)\])?$",
    msvc,
)
_add("is not recognized", r"^'?(?P<cmd>.+?)'? is not recognized as an internal or external command,?$", windows_command)
_add(
    ", col ",
    r"^(?P<file>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<level>Error|Warning) - (?P<msg>.+)$",
    eslint_compact,
)
_add("", r"^(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<msg>(?P<code>[A-Z]{1,3}\d{2,4}):? .+)$", python_lint)
_add("************* module ", r"^\*{13} Module (?P<module>[\w.]+)$", pylint_module)  # pylint 1.x
_add("error", r"^(?P<file>[^\s:]+\.java):(?P<line>\d+): (?P<level>error): (?P<msg>.+)", compiler)
_add("javadoc: error - ", r"^javadoc: error - (?P<msg>.+)$", javadoc_error)  # javadoc's own error
_add(
    "error",
    r"^(?:e: )?(?:file://)?(?P<file>[^\s:]+\.kts?):? ?\(?(?P<line>\d+)[,:] ?(?P<col>\d+)\)?: "
    r"(?P<level>error)?:? ?(?P<msg>.+)",
    compiler,
)
# location-shaped lines without an error word: a rule id at the end (eslint unix, prettier, shellcheck gcc
# format, markdownlint) or a severity letter (rubocop `C:`, pylint `W:`); its needle: every match holds a `:`
_add(
    ":",
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
_add("", rf"^(?P<body>{EXC}(?:: .*|:)?)$", exception)  # `x.y.AssertionError:` alone: its message below
# Node.js errors carry their code in brackets: `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:`
_add("[err_", rf"^(?P<body>{EXC} \[ERR_[A-Z0-9_]+\](?:: .*)?)$", exception)
_add(".go:", r"^(?P<file>[^\s:]+\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)", bare_location)
# generic
# (golangci-lint's `ERRO Running error: ...` too)
_add(
    "",
    r"^(?:❌\s*|✖\s*|\[!\]\s*)?(?:ERROR\b:?|FATAL\b:?|Error:|error:|fatal:|Fatal:|ERRO(?= ))\s*(?P<rest>.+)$",
    generic,
)
