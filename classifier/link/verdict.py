"""How a log says its job ended: the last success or failure marker in its tail.

Markers are the final lines tools and CI systems print: Maven `BUILD SUCCESS` / `BUILD FAILURE` (and its
error summary `[ERROR] msg -> [Help 1]`, also after a `BUILD SUCCESS` when the JVM failed once it was printed),
Gradle `BUILD SUCCESSFUL` / `BUILD FAILED`, Travis `Done. Your build exited with N.`, GitLab `Job succeeded` /
`ERROR: Job failed`, Jenkins `Finished: SUCCESS`, GitHub Actions `Process completed with exit code N`, pytest
`N passed` / `N failed`, unittest `OK` / `FAILED (...)`, cargo `test result: ok.`, go `ok pkg` / `FAIL` (a run
whose last package lines show a `FAIL pkg` failed), jest `Tests: N passed, N total`, xcodebuild
`** TEST SUCCEEDED **`, Yarn 2+ `➤ YN0000: Done with warnings in 3s` (`Failed with errors in 3s`),
sbuild `Status: successful`, the Open Build Service worker's `[ 90s] host finished "build
x.spec" at <date>.` (`failed "build x.spec"` when it failed), AppVeyor `Build success`,
ExUnit and rebar3 `N tests, 0 failures` (ExUnit's `Randomized with seed N` after it), EUnit `All N tests passed.`, Helm
`N chart(s) linted, 0 chart(s) failed`, Zig `Build Summary: N/N steps succeeded`, Bazel `Build completed successfully`
and `Executed N out of N tests: N tests pass.`, sbt `[success] Total time`, CTest `100% tests passed`, the Dart
analyzer's `No issues found!`, Ansible's `PLAY RECAP` rows (`host : ok=3 changed=1 unreachable=0 failed=0`),
SwiftLint's `Done linting! Found 6 violations, 0 serious in 1 file.` (warnings only: a run without --strict
passes), Perl's harness `All tests successful.` / `Result: PASS`, dialyxir `done (passed
successfully)`, Flutter `All tests passed!`, hspec `N examples, 0 failures`, a tool's own `... will exit with
status code 0`, pip's `Successfully installed ...`, CircleCI's `CircleCI received exit code 0` under a step (a
failure when an earlier step's says non-zero), Surefire's `Tests run: N, Failures: 0, Errors: 0, Skipped: N,
Flakes: N` (a flaky test passed on its rerun), apt's `W: Some index files failed to download. They have been ignored,
or old ones used instead.`. Travis's `The command "x" exited with 0.` is no marker (Travis
runs the script's next commands whatever happened): a line after a summary that does not hide it. A test-run
summary block (jest's `Test Suites:` / `Tests:` lines) failed when any of its rows says so, whichever row comes last.
A GitHub Actions job log that reaches the runner's last line (`Cleaning up orphan processes`, or a step's
`##[section]Finishing: ...`) or its post steps (`Post job cleanup.`, printed once every step has run) without an
`##[error]` line in its tail succeeded: the runner marks every failing step with one. PHPUnit's
`OK (24 tests, 104 assertions)` and `OK, but incomplete, skipped, or risky tests!` (its `Tests: N, Assertions: N,
Risky: N.` line after it), mocha's `42 passing (3s)` (`3 pending` under it), vitest's `Tests  12 passed (12)` (a
`Test Files  1 failed | 2 passed (3)` row above it fails it) end a run that passed; jest's `Tests:` row is
followed by its `Snapshots:`, `Time:` and `Ran all test suites.` lines, and a coverage table may come under a
run's summary. RSpec prints its `Deprecation Warnings:` section (ending `16 deprecation warnings total`) under its
`N examples, 0 failures` line: the verdict is read above that section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

TAIL_BYTES = 64 * 1024  # how much of a log's end is read for its verdict


class Verdict(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNKNOWN = "unknown"


_PREFIX = re.compile(
    r"^(?:\x1b\[[0-9;]*[A-Za-z]|\d{4}-\d\d-\d\dT[\d:.]+Z?\s|\[\d{4}-\d\d-\d\dT[^\]]*\]\s*|\d\d:\d\d:\d\d(?:\.\d+)?\s"
    r"|\[(?:INFO|ERROR|WARNING|WARN)\]\s*|##\[(?:error|warning|section)\]|\[\s*\d+s\]\s|\s)+"  # OBS: `[  27s] `
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x1b_bk;[^\x07]*\x07")

# Job-level markers: the CI system or the build tool saying how the whole run ended.
_JOB_SUCCESS = re.compile(
    r"^(?:BUILD SUCCESS(?:FUL)?\b|Done\. Your build exited with 0\b|Job succeeded\b|Finished: SUCCESS\b"
    r"|Process completed with exit code 0\b|\*\* (?:TEST|BUILD) SUCCEEDED \*\*|Status: successful\b|Build success$"
    r"|Build Summary: (\d+)/\1 steps succeeded(?!.*\bfailed\b)|(?:INFO: )?Build completed successfully\b"
    r"|\[success\] Total time: |(?:\S+ )?finished \"build [^\"]+\" at )"  # the Open Build Service worker
)
# Test-run markers: one run passed; they speak for the job only when the log ends with them.
_RUN_SUCCESS = re.compile(
    r"^(?:=*\s*\d+ passed(?:, \d+ (?:skipped|deselected|xfailed|xpassed|warnings?))*(?: in [\d.]+\s*s)?\b"
    r"(?!.*\b(?:failed|error))|OK(?: \((?:skipped|expected failures)=\d+[^)]*\))?$"
    r"|test result: ok\.|ok\s+\S+\s+(?:[\d.]+s|\(cached\))|PASS$"
    r"|Tests:\s+(?:\d+ (?:skipped|todo), )*\d+ passed, \d+ total|Executed \d+ tests?, with 0 failures"
    r"|(?:\['\w+'\] )?.*\bwill exit with (?:status|exit) code 0\b|Successfully installed \S"
    r"|(?:\d+ doctests?, )?(?:\d+ propert(?:y|ies), )?\d+ tests?, 0 failures\b(?!.*\b(?:invalid|[1-9]\d* errors?)\b)"
    r"|All \d+ tests passed\.?$|\d+ chart\(s\) linted, 0 chart\(s\) failed$"
    r"|Executed (\d+) out of \d+ tests?: \1 tests? pass(?:es)?\.?$|100% tests passed, 0 tests failed out of \d+"
    r"|No issues found!$|All tests successful\.$|Result: PASS$|done \(passed successfully\)$"
    r"|(?:\d+:\d+ \+\d+(?: ~\d+)?: )?All tests passed!$|\d+ examples?, 0 failures\b(?!.*\bpending\b.*\bfail)"
    r"|Done linting! Found \d+ violations?, 0 serious in \d+ files?\.$"
    r"|OK \(\d+ tests?, \d+ assertions?\)$"  # PHPUnit's passed run, and one with skipped or risky tests:
    r"|OK, but (?:incomplete, skipped, or risky tests|some tests were skipped)!$"
    r"|\d+ passing \([\d.]+ ?(?:ms|s|m|h)\)$"  # mocha (its `N pending` line may follow)
    r"|(?:Test Files|Tests)\s+(?:\d+ (?:skipped|todo) \| )*\d+ passed(?: \| \d+ (?:skipped|todo))* \(\d+\)$"  # vitest
    # Surefire's totals (flaky tests that passed on a rerun counted apart); apt's note that the index files it
    # could not fetch were ignored (apt-get update exits 0 then)
    r"|Tests run: \d+, Failures: 0, Errors: 0(?:, Skipped: \d+)?(?:, Flakes: \d+)?$"
    r"|W: Some index files failed to download\. They have been ignored, or old ones used instead\.$"
    r"|CircleCI received exit code 0$"  # CircleCI's line under each step's output
    r"|➤ YN0000: (?:· )?Done(?: with warnings)? in \d"  # Yarn 2+ at the end of an install
    r"|\S+\s*: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0\b)"  # Ansible's PLAY RECAP row of one host
)
_FAILURE = re.compile(
    r"^(?:BUILD FAIL(?:URE|ED)\b|Done\. Your build exited with [1-9]|ERROR: Job failed\b|Job failed\b"
    r"|Finished: (?:FAILURE|UNSTABLE|ABORTED)\b|(?:Error: )?Process completed with exit code [1-9]"
    r"|=*\s*(?:\d+ passed, )?\d+ (?:failed|errors?)\b|FAILED\b|test result: FAILED\b|FAIL\b"
    r"|(?:\d+ doctests?, )?(?:\d+ propert(?:y|ies), )?\d+ tests?, [1-9]\d* failures?\b"
    r"|(?:Error: )?\d+ chart\(s\) linted, [1-9]\d* chart\(s\) failed|Build Summary: .*\b\d+ failed\b"
    r"|\S+\s*: ok=\d+\s+changed=\d+\s+(?:unreachable=[1-9]|unreachable=\d+\s+failed=[1-9])"  # Ansible's recap
    r"|(?:Tests|Test Suites|Test Files):?\s+\d+ failed|Done linting! Found \d+ violations?, [1-9]\d* serious\b"
    r"|\*\* (?:TEST|BUILD) FAILED \*\*|Status: (?:failed|attempted)\b|(?:\S+ )?failed \"build [^\"]+\" at "
    r"|Executed \d+ tests?, with [1-9]\d* failures?|The command \".*\" exited with [1-9]"
    r"|script returned exit code [1-9]|CircleCI received exit code [1-9]|Command exited with code (?:[1-9]|-)"
    r"|user command error: exit status [1-9]|➤ YN0000: (?:· )?Failed with errors in \d"
    r"|The operation was canceled|The job running on runner .* has exceeded|.+ -> \[Help \d+\]$"
    r"|The action .* has timed out|The runner has received a shutdown signal|(?i:(?:the )?build (?:is |has )?failed)\b)"
)
# Lines printed after a run's summary that neither end the run nor say how it went: ExUnit's seed, Travis's
# note that one command of the script exited with 0 (it runs the next ones whatever happened before), the counts
# and times jest, mocha, vitest and PHPUnit print under their verdict
_TRAILER = re.compile(
    r"^(?:Randomized with seed \d+|The command \".*\" exited with 0\.?"
    r"|Tests: \d+, Assertions: \d+(?:, (?:Skipped|Incomplete|Risky|Deprecations|Notices): \d+)*\."  # PHPUnit's counts
    r"|Snapshots:\s+.*\btotal|Time:\s+[\d.]+ ?m?s\b.*|Ran all test suites\b.*"  # jest's lines under its `Tests:` row
    r"|\d+ pending|Start at\s+[\d:]+|Duration\s+[\d.]+ ?m?s\b.*"  # mocha's skipped tests; vitest's times
    # a coverage table printed under the summary (istanbul's text reporter: nyc, jest, vitest)
    r"|% Coverage report from \w+|-+\|[-|]*|File\s*\|\s*% Stmts\b.*|[^|]+\|(?:\s*[\d.]+\s*\|){4}.*)$"
)
# go test's line per package: `ok  pkg 0.5s`, `FAIL pkg 7.6s`, `?   pkg [no test files]`, and a failed
# package's own `FAIL` line before its result
_GO_PACKAGE = re.compile(
    r"^(?:ok|FAIL|\?)\s+\S+\s+(?:[\d.]+s|\(cached\)|\[(?:no test files|build failed|setup failed)\])|^FAIL$"
)
# jest's and vitest's summary tables; Ansible's PLAY RECAP, one row per host
_SUMMARY_ROW = re.compile(
    r"^(?:(?:Test Suites|Test Files|Tests|Snapshots):\s|(?:Test Files|Tests)\s{2}|\S+\s*: ok=\d+\s+changed=)"
)
_CIRCLECI_EXIT = re.compile(r"^CircleCI received exit code (\d+)$")
_GHA_END = re.compile(r"^\d{4}-\d\d-\d\dT[\d:.]+Z (?:Cleaning up orphan processes|##\[section\]Finishing: .*)\s*$")
_GHA_POST = re.compile(r"^\d{4}-\d\d-\d\dT[\d:.]+Z Post job cleanup\.$")  # the first post step: every step has run
_GHA_ERROR = "##[error]"
RUN_MARKER_END = 1  # a test-run marker decides only when fewer non-blank lines than this follow it
SUMMARY_LINES = 4  # how many lines above a test-run marker belong to its summary block
POST_LEAD = 3  # lines of the last step the tail must hold above the first post step
_DEPRECATIONS_END = re.compile(r"^\d+ deprecation warnings? total$")  # RSpec's section under its summary
_DEPRECATIONS = "Deprecation Warnings:"
_GATE = re.compile(r"\bcoverage threshold\b.*\bnot met\b")  # jest's coverage gate above its summary table


def line_verdict(line: str) -> Verdict:
    """The verdict one line states, UNKNOWN for ordinary lines."""
    text = _PREFIX.sub("", _ANSI.sub("", line)).rstrip()
    if not text:
        return Verdict.UNKNOWN
    if _FAILURE.match(text) or _GHA_ERROR in line:
        return Verdict.FAILURE
    if _JOB_SUCCESS.match(text) or _RUN_SUCCESS.match(text):
        return Verdict.SUCCESS
    return Verdict.UNKNOWN


def log_verdict(tail: Iterable[str]) -> Verdict:
    """The verdict of the last marker line in a log's tail; UNKNOWN when it has none.

    A job-level marker decides wherever it is; a test-run marker (`N passed`, `OK`) only when the log ends
    with it, since a later step may fail without a marker of its own. Read from the end: the last marker
    is usually within the last lines.
    """
    lines = tail if isinstance(tail, list) else list(tail)
    if (_gha_ended(lines) or _gha_post_steps(lines)) and not any(_GHA_ERROR in line for line in lines):
        return Verdict.SUCCESS
    since = 0  # non-blank lines after the last marker
    for index in range(_above_deprecations(lines), -1, -1):
        line = lines[index]
        found = line_verdict(line)
        if found is Verdict.UNKNOWN:
            since += bool(line.strip()) and not _TRAILER.match(_clean(line))
            continue
        job_level = found is Verdict.FAILURE or bool(_JOB_SUCCESS.match(_PREFIX.sub("", _ANSI.sub("", line))))
        if found is Verdict.SUCCESS and not job_level and since >= RUN_MARKER_END:
            return Verdict.UNKNOWN
        if (
            found is Verdict.SUCCESS
            and not job_level
            and (_block_failed(lines, index) or _package_failed(lines, index) or _step_failed(lines, index))
        ):
            return Verdict.FAILURE
        return found
    return Verdict.UNKNOWN


def _above_deprecations(lines: list[str]) -> int:
    """The index the verdict is read from: the last line, or the line above RSpec's deprecation section when the
    log ends with it (`Deprecation Warnings:` ... `1 deprecation warning total`)."""
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last < 0 or not _DEPRECATIONS_END.match(_clean(lines[last])):
        return len(lines) - 1
    head = next((i for i in range(last - 1, -1, -1) if _clean(lines[i]) == _DEPRECATIONS), -1)
    return head - 1 if head >= 0 else last - 1


def _block_failed(lines: list[str], index: int) -> bool:
    """Whether a row of the summary table ending at `index` says the run failed: jest prints
    `Test Suites: 3 failed, 41 passed` above `Tests: 312 passed, 312 total` (a suite that never ran), and a
    coverage gate the run fell short of right above the table (`Jest: "global" coverage threshold for lines (90%)
    not met: 50%`: every test passed, the run failed)."""
    if not _SUMMARY_ROW.match(_clean(lines[index])):
        return False
    for above in range(index - 1, max(index - SUMMARY_LINES, 0) - 1, -1):
        row = _clean(lines[above])
        if not _SUMMARY_ROW.match(row):
            return bool(_GATE.search(row))
        if line_verdict(row) is Verdict.FAILURE:
            return True
    return False


def _package_failed(lines: list[str], index: int) -> bool:
    """Whether a package of the go test run whose result lines end at `index` failed: go prints one line per
    package as each finishes, so a failed package's `FAIL pkg` is followed by the others' `ok pkg` lines."""
    if not _GO_PACKAGE.match(_clean(lines[index])):
        return False
    for above in range(index - 1, -1, -1):
        row = _clean(lines[above])
        if not row:
            continue
        if not _GO_PACKAGE.match(row):
            return False
        if row.startswith("FAIL"):
            return True
    return False


def _step_failed(lines: list[str], index: int) -> bool:
    """Whether an earlier step of a CircleCI job whose last step exited 0 (`CircleCI received exit code 0`) exited
    non-zero: a step run `when: always` after a failed one still prints its own exit code."""
    if not _CIRCLECI_EXIT.match(_clean(lines[index])):
        return False
    return any((m := _CIRCLECI_EXIT.match(_clean(line))) is not None and m.group(1) != "0" for line in lines[:index])


def _clean(line: str) -> str:
    return _PREFIX.sub("", _ANSI.sub("", line)).rstrip()


def _gha_ended(lines: list[str]) -> bool:
    """Whether the last non-blank line is the runner's last line of a job or step."""
    last = next((line for line in reversed(lines) if line.strip()), "")
    return bool(_GHA_END.match(last))


def _gha_post_steps(lines: list[str]) -> bool:
    """Whether the tail holds the runner's first `Post job cleanup.` below some lines of the steps before it (the
    line that ends a failing step, `##[error]Process completed with exit code 1.`, comes right above it)."""
    if "Post job cleanup." not in "\n".join(lines):
        return False  # one search of the whole tail: most tails lack it
    for index, line in enumerate(lines):
        if "Post job cleanup." in line and _GHA_POST.match(line.rstrip()):
            return index >= POST_LEAD
    return False
