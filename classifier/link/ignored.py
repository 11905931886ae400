"""An error the tool itself says it ignored, retried to a pass or skipped is a warning, not a cause.

- GNU make runs a recipe line prefixed with `-` (or any line under `make -i`) and, when it fails, prints
  `make: [target] Error 1 (ignored)` (`make[2]: [Makefile:151: target] Error 1 (ignored)`) right below the
  command's own output and goes on. A record whose next lines, within its own context and before any blank
  line, carry that notice is the ignored command's output; a record that is the notice itself is one too. make's
  own `*** [target] Error 1` (a failure that stops it) is never covered by a notice below it: that notice is
  another recipe line's, printed by a make still running in parallel or at another level.
- Surefire's rerun rows: a flaky test's `Run 1: Test.m:80 » TestTimedOut` followed by `Run 2: PASS` (its
  `Flakes:` section) passed on its rerun.
- Detox's test lines under jest-circus `retryTimes`: `Suite: test [FAIL]`, then `Suite: test (retry #1) [FAIL]` and
  `Suite: test (retry #2) [OK]`: a test whose retry passed.
- pip-audit's skip table: a dependency it `could not be audited` (not on the index) was skipped, not found
  vulnerable; pip-audit exits 0 for it.
- pytest-rerunfailures' `rerun test summary info` section (`--rerun-show-tracebacks`): each `RERUN tests/x.py::t`
  row with the traceback of an attempt that was run again; the test's own outcome is in pytest's usual sections
  (`FAILURES`, `short test summary info`), so an error under a `RERUN` row is a warning.
- An action that logs a failed process as a warning (`Warning: Failed to save: "/usr/bin/tar" failed with error:
  The process '/usr/bin/tar' failed with exit code 2`, the actions toolkit's `##[warning]`) went on: that warning
  and the process's output just above it (`zstd: error 25 : Write error : No space left on device`) are warnings.
- libgcov's notes on a coverage data file (`libgcov profiling error:x.gcda:overwriting an existing profile data with a
  different timestamp`, older GCCs' `profiling:x.gcda:Merge mismatch`): gcov_error prints them as the instrumented
  program exits and leaves its exit status alone.
- Notices of tools that went on: pip's note on conflicts among installed packages (`ERROR: pip's dependency
  resolver does not currently take into account ...`, printed after the install, which exits 0), actions/cache's
  miss (`Cache not found for input keys: ...`: the job runs without it; only `fail-on-cache-miss` fails it, with
  an error of its own), Yarn's YN0013 (a package not in the cache, `will be fetched from the remote registry`).
- git describe finding no tag (`fatal: No names found, cannot describe anything.`, `fatal: No tags can describe
  '<sha>'.`): build scripts probe it for a version string and go on with a fallback, unless the next line is a
  verdict (`Process completed with exit code 128.`); a build that cannot go on without it also fails on a line
  of its own (Gradle's `Process 'command 'git'' finished with non-zero exit value 128`).
- A tool that says it falls back (debconf's `unable to initialize frontend: Dialog` over `falling back to frontend:
  Readline`) or retries another way (Jenkins' `ERROR: Retrying with agent Java and ...` at the end of its
  `ERROR: Invalid project setup` block) recovered: the problem on that line or the two above the notice is
  handled, and so is a block of lines under one level prefix (`ERROR: `) whose last words are the notice.
- A field line of a block the tool heads as a warning (xcodebuild's `DVTAssertions: Warning in .../x.m:503` over
  `Details:  Failed to register ... error code: -10811.`) is part of that warning.
- apt runs `dpkg-preconfigure --apt || true` (Debian's /etc/apt/apt.conf.d/70debconf): what it prints
  (`dpkg-preconfigure: unable to re-open stdin:`) never stops apt.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from ahocorasick_rs import BytesAhoCorasick, Implementation

from classifier.model import ErrorRecord, Severity, SourceKind

# make's notice that a recipe line failed and was ignored (no `***`, which marks a failure that stops it)
_MAKE_IGNORED = re.compile(r"^\S*make(?:\[\d+\])?: \[[^\]]+\] Error \d+ \(ignored\)$")
_MAKE_STOPPED = re.compile(r"^\S*make(?:\[\d+\])?: \*\*\* ")  # make's own failure: it stops
NOTICE_REACH = 2  # how many lines below a record the notice may be (the command's output ends right above it)
_RUN_ROW = re.compile(r"\bRun \d+: ")  # Surefire's row of one run of a rerun test
_RUN_PASSED = re.compile(r"\bRun \d+: PASS$")
RUN_REACH = 3  # lines of a failed run's message (its row and up to two more) before the next row
_SKIPPED_AUDIT = re.compile(r"\bcould not be audited\b")  # pip-audit's SkippedDependency reasons
_RERUN_ROW = re.compile(r"^RERUN \S")  # pytest-rerunfailures' row over a rerun attempt's traceback
_RERUN_SECTION = re.compile(r"^=+ rerun test summary info =+$")
_PYTEST_HEADER = re.compile(r"^(?:=+ \S.* =+|_+ \S.* _+)$")  # another section or a failed test's own block
_ACTION_WARNING = re.compile(r"^(?:Warning: |(?:##)?\[warning\])(?=.*\bfailed with (?:error|exit code)\b)")
_PROCESS_FAILED = re.compile(r"\bfailed with (?:error|exit code)\b")
WARNING_REACH = 5  # lines of a process's output above the action's warning
_STEP_FAILED = re.compile(r"^(?:##\[error\]|Error: )?Process completed with exit code [1-9]")  # a step's end
_WENT_ON = re.compile(
    r"^(?:ERROR: pip's dependency resolver does not currently take into account\b|Cache not found for input keys: "
    r"|➤ YN0013: |(?:libgcov )?profiling(?: error)?:[^:\s]+\.gcda:)"
)
# git describe finding no tag to name the commit with (a build probing for its version string)
_NO_TAG = re.compile(r"^fatal: No (?:names found, cannot describe anything|(?:annotated )?tags can describe ')")
_NO_TAG_HINT = re.compile(r"^Try --always, or create some tags\.$")
# a verdict right below it: the command that probed stopped there (`Process completed with exit code 128.`)
_STOPS = re.compile(r"(?i)\bexit (?:code|status|value)\b|\bexited with\b|\bnon-zero\b|\bError \d+$")
_RETRY_OK = re.compile(r"^(?P<test>.+?) \(retry #\d+\) \[OK\]$")  # Detox: a retried test that passed
_RETRY_MARK = re.compile(r" \(retry #\d+\)$")
_FALLS_BACK = re.compile(r"(?i)\b(?:falling back to|retrying with)\b")
_LEVEL = re.compile(r"^(?:ERROR|Error|error|FATAL|Fatal|fatal): ")  # a block's level prefix
_RULE = re.compile(r"^[\W_]*$")  # a separator under the prefix (`ERROR: ========`)
_FIELD = re.compile(r"^[A-Z][A-Za-z]{2,19}:\s")  # a labelled line of a block (`Details:  ...`)
_WARNING_HEAD = re.compile(r"\b(?:[Ww]arning|WARNING) in\b")  # `Warning in /x/y.m:503`: the block's head
_ERROR_WORD = re.compile(r"(?i)\b(?:error|fatal|fail(?:ed|ure)?)\b")
FIELD_REACH = 3  # lines between a warning's head and one of its fields
FALLBACK_REACH = 2  # lines from a problem down to the notice that the tool falls back
_APT_IGNORES = re.compile(r"^dpkg-preconfigure: ")  # run by apt with `|| true`
# Each notice above holds one of these words (lower-cased): a record whose text holds none, as most do, was not
# ignored, and one pass over it says so before the patterns run
NOTICE_WORDS = (
    "(ignored)",  # make
    ": pass",  # Surefire's `Run 2: PASS`
    "(retry #",  # Detox
    "could not be audited",  # pip-audit
    "rerun",  # pytest-rerunfailures
    "failed with ",  # an action's warning about a process
    "pip's dependency resolver",
    "cache not found for input keys",
    "yn0013",
    "cannot describe anything",  # git describe
    "tags can describe",
    "profiling",  # libgcov
    "falling back to",  # debconf
    "retrying with",  # Jenkins
    "dpkg-preconfigure: ",  # apt
)
_NOTICE_FINDER = BytesAhoCorasick([word.encode() for word in NOTICE_WORDS], implementation=Implementation.DFA)
# The letters `_FALLS_BACK`'s IGNORECASE matches to ASCII ones (Python's `re` docs: İ ı ſ and the Kelvin sign):
# lower() leaves most of them non-ASCII, so the prefilter folds them first.
_IGNORECASE_FOLDS_FROM = "\u0130\u0131\u017f\u212a"
_IGNORECASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def ignored_by_tool(record: ErrorRecord) -> bool:
    """Whether the tool says this failure was ignored (make, apt), passed on a rerun (Surefire), skipped
    (pip-audit) or handled by falling back (debconf)."""
    return _may_hold_notice(record) and _says_ignored(record)


def _says_ignored(record: ErrorRecord) -> bool:
    """`ignored_by_tool` for a record that holds a notice word."""
    if _MAKE_IGNORED.match(record.message.strip()) or _SKIPPED_AUDIT.search(record.message):
        return True
    if _APT_IGNORES.match(record.message.strip()) or _FALLS_BACK.search(record.message):
        return True
    if _WENT_ON.match(record.message.strip()) or _action_warning(record):
        return True
    context = [line.strip() for line in record.context]
    message = record.message.strip()
    own = next((i for i, line in enumerate(context) if message and message in line), -1)
    if _NO_TAG.match(message):
        return _went_on(context[own + 1 :] if own >= 0 else [])
    if record.test_id and _passed_on_retry(record.test_id.strip(), context):
        return True
    if own < 0 or _MAKE_STOPPED.match(message):
        return False
    if _RUN_ROW.search(context[own]) and any(
        _RUN_PASSED.search(line) for line in context[own + 1 : own + 1 + RUN_REACH]
    ):
        return True
    if _rerun_attempt(context[:own]):
        return True
    for line in context[own + 1 : own + 1 + WARNING_REACH]:
        if not line:
            break
        if _ACTION_WARNING.match(line):
            return True
    if any(_FALLS_BACK.search(line) for line in context[own + 1 : own + 1 + FALLBACK_REACH]):
        return True
    if _block_recovers(message, context[:own], context[own + 1 :]):
        return True
    for line in context[own + 1 : own + 1 + NOTICE_REACH]:
        if not line:
            return False
        if _MAKE_IGNORED.match(line):
            return True
    return False


def _went_on(below: list[str]) -> bool:
    """Whether the output goes on below a probe's refusal (git describe's, its context lines `below` it): no
    verdict on the next line."""
    said = [line for line in below if line and not _NO_TAG_HINT.match(line)]
    return not (said and _STOPS.search(said[0]))


def _may_hold_notice(record: ErrorRecord) -> bool:
    """Whether the record's message or context holds a word of `NOTICE_WORDS` in any case, the letters that
    `_FALLS_BACK`'s IGNORECASE matches to ASCII ones (`ı` for `i`) folded (every other pattern is case-sensitive).
    Each text on its own (no word spans a line), remembered: records of one log share most of their context lines."""
    return any(map(_holds_notice, (record.message, record.test_id, *record.context)))


def _finds_notice(text: str) -> bool:
    """One pass over the bytes: a regex search of every non-ASCII text cost more than the rest of the check."""
    if not text.isascii() and any(letter in text for letter in _IGNORECASE_FOLDS_FROM):
        text = text.translate(_IGNORECASE_FOLDS)
    return bool(_NOTICE_FINDER.find_matches_as_indexes(text.encode("utf-8", "replace").lower()))


_holds_notice = functools.lru_cache(maxsize=8192)(_finds_notice)


def _any_notice(records: Sequence[ErrorRecord]) -> bool:
    """Whether any text of the records (message, test id, context lines) holds a notice word: their distinct texts
    looked at in one pass (joined by newlines, which no word holds, so no word is found across two)."""
    texts: set[str] = set()
    for record in records:
        texts.add(record.message)
        texts.add(record.test_id)
        texts.update(record.context)
    return _finds_notice("\n".join(texts))


def _action_warning(record: ErrorRecord) -> bool:
    """An action's warning about a process that failed: `Warning: ...` as the job page shows it, or the raw log's
    `##[warning]...` line (read by the scanner as a warning of the runner's own, its tag taken off)."""
    text = record.message.strip()
    if _ACTION_WARNING.match(text):
        return True
    return (
        record.kind is SourceKind.GHA_LOG and record.severity is Severity.WARNING and bool(_PROCESS_FAILED.search(text))
    )


def warned_by_action(records: Sequence[ErrorRecord]) -> set[int]:
    """The indexes of one input's records that an action's warning just below reports as a process it went on
    from (within WARNING_REACH lines above the warning; the records' own context may not reach that far)."""
    warnings = [r for r in records if r.line_start and _action_warning(r)]
    if not warnings:
        return set()
    return {
        index
        for index, record in enumerate(records)
        if record.line_start
        and not _STEP_FAILED.match(record.message.strip())
        and any(
            w.step == record.step and 0 < (w.line_start or 0) - record.line_start <= WARNING_REACH for w in warnings
        )
    }


def not_causes(records: Sequence[ErrorRecord]) -> list[bool]:
    """Whether each of one input's records is no cause: `not_a_cause`, or reported by an action's warning just below
    it (`warned_by_action`). Its records share most of their context lines, so whether any holds a notice word is
    found once for them all; in most inputs none does, and then no tool says it ignored a record (`not_a_cause` is
    its two other tests) and no action's warning (`failed with ` is a notice word) reports one."""
    if not _any_notice(records):
        return [record.passed_on_rerun or warning_field(record) for record in records]
    warned = warned_by_action(records)
    return [index in warned or not_a_cause(record) for index, record in enumerate(records)]


def not_a_cause(record: ErrorRecord) -> bool:
    """A test that passed on its rerun (`ErrorRecord.passed_on_rerun`), a command whose failure was ignored, or a
    field of a block the tool heads as a warning."""
    return record.passed_on_rerun or ignored_by_tool(record) or warning_field(record)


def warning_field(record: ErrorRecord) -> bool:
    """Whether the record is a labelled field (`Details: ...`) of a block whose head, a few lines above it with no
    blank line between, calls it a warning and names no error."""
    message = record.message.strip()
    if not _FIELD.match(message) or _ERROR_WORD.match(message):  # `Error: ...` is no field of a warning
        return False
    if not any("arning in" in line or "ARNING in" in line for line in record.context):
        return False  # no line can be the head (`_WARNING_HEAD`): most records
    context = [line.strip() for line in record.context]
    own = next((i for i, line in enumerate(context) if line and message.startswith(line[:40])), -1)
    for line in reversed(context[max(own - FIELD_REACH, 0) : max(own, 0)]):
        if not line:
            return False
        if _WARNING_HEAD.search(line):
            return not _ERROR_WORD.search(line)
    return False


def _block_recovers(message: str, above: list[str], below: list[str]) -> bool:
    """Whether the record is in a block of lines under its level prefix (`ERROR: `) that ends with the tool saying
    it falls back or retries another way: the record at or above that notice, or a separator under it (only
    separators may follow the notice in the block)."""
    level = _LEVEL.match(message)
    if level is None:
        return False
    prefix = level.group()

    def under(line: str) -> bool:
        return line.startswith(prefix)

    before = list(itertools.takewhile(under, reversed(above)))[::-1]
    block = [line[len(prefix) :] for line in [*before, message, *itertools.takewhile(under, below)]]
    notice = next((i for i in range(len(block) - 1, -1, -1) if _FALLS_BACK.search(block[i])), -1)
    if notice < 0 or not all(_RULE.match(line) for line in block[notice + 1 :]):
        return False
    return len(before) <= notice or bool(_RULE.match(block[len(before)]))


def _rerun_attempt(above: list[str]) -> bool:
    """Whether the lines above a record put it under a `RERUN` row of pytest-rerunfailures' summary section."""
    for line in reversed(above):
        if _RERUN_ROW.match(line) or _RERUN_SECTION.match(line):
            return True
        if _PYTEST_HEADER.match(line):
            return False
    return False


def _passed_on_retry(test: str, context: list[str]) -> bool:
    """Whether a line below the test's own `[FAIL]` line says a retry of that test passed (`(retry #2) [OK]`)."""
    start = next((i for i, line in enumerate(context) if line.startswith(test)), len(context))
    name = _RETRY_MARK.sub("", test)  # a failed retry's own line names the test with its `(retry #1)`
    for line in context[start + 1 :]:
        m = _RETRY_OK.match(line)
        if m is not None and m.group("test").strip() == name:
            return True
    return False
