"""Which failure of a job leads when categories alone would pick the wrong one.

* A line the program under test logged at a level (`ERROR logger: msg`) is what the program said while it
  ran, not a verdict on it: in a step where tests failed it is the run's output (link/jobs.py `_test_noise`).
  Formats (each tool's documented line layout): golog `ERROR flashlight: pac.go:217 msg`, Python logging's
  default `ERROR:root:msg`, log4j/logback `ERROR [main] com.x.Y - msg`, `ERROR [main] x.Y (Y.java:363) - msg`
  (`%-5p [%t] %c (%F:%L) - %m`) and `ERROR com.x.Y: msg`, neovim's
  `ERROR 2019-08-05T01:10:17.922 12858 fn:79: msg`, glog `E0805 01:10:17.922000 12858 file.cc:79] msg`, zerolog's
  console writer `3:54PM ERR msg key=value`, logfmt `time="..." level=error msg="..."`. A job whose log shows
  no failure (no marker, no verdict) and nothing but such lines at warning level has no failure (link/jobs.py).
  A tool's own `ERROR: msg` (no logger) and `FATAL ERROR: msg` (node's heap) are not logged lines.
* A crash report (a sanitizer's `==1==ERROR: AddressSanitizer`, a segfault, Go's `WARNING: DATA RACE`; by its
  category or by the shape the extractor saw) leads every failure that follows it in the same step of the same
  log: once the process died or raced, what the harness reports next (an assertion in the test helper that
  checks the logs, a missing output file, the test the race failed) is its consequence, whatever its category.
  In a step where tests failed it is never the run's own output (link/jobs.py `_test_noise`).
* One process dies once: a crash report (by its shape) after another in the same input and step, within
  CRASH_RETOLD lines and with no other cause between them, tells the same crash again when it names the same
  crash type (a sanitizer's `SUMMARY:` line, the tombstone under libc's `Fatal signal 11`) or only the signal
  the process died of after a report that named no signal (the shell's `Aborted` after glibc's `double free
  detected`): one failure with the first
  (`join_retold_crashes`), unless the two name different tests or places. A test runner's bare verdict on a test
  next to it (`FAIL: t`, `not ok 9 - t` over the output it prints under it, no message of its own) reports that
  crash too: within VERDICT_NEAR lines before it, or CRASH_RETOLD lines after it.
* A step that failed (it shows a failure marker) but shows no cause of its own failed for what it printed at
  warning level: a strict linter's warnings (`swiftlint --strict`, `-Werror`), lines the scanner knows only by
  an error word (`xcodebuild: error: ...`, Emacs' `signal(error ...)`, R's `Running the tests in 'x.R'
  failed.`). Those lines are then its causes, though a rule calls them noise elsewhere, when no cause comes
  before them in their log: a later step that failed without a cause of its own reports the earlier one.
  The step's last output line, taken as its cause when it states no problem (extract/tail.py), gives way to
  them (`Linting 'x.swift' (48/48)` after a `--strict` warning).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from classifier.link.cluster import Item, Union, renumbered
from classifier.link.shapes import Shape, reads_as_marker
from classifier.link.testids import same_test
from classifier.model import Classification, ClassifiedBy, Domain, ErrorRecord, Occurrence, Role, Severity, SourceKind

CRASH = "crash"  # the category of crash reports (rules/taxonomies/ci.toml)
CRASH_HINT = "crash"  # the tool hint of a record the extractor saw as a crash report by its shape

_LEVEL = r"(?:ERROR|FATAL|CRITICAL|SEVERE|ERR)"
_LOGGED = re.compile(
    rf"^{_LEVEL}(?::[\w.]+:"  # Python logging: ERROR:root:msg
    rf"|\s+(?:\[[^\]\s]+\]\s+)?(?!(?:ERROR|Error|error|FAILURE|Failure)\b)[A-Za-z_][\w.$/-]*"  # golog, log4j
    r"(?:\s+\([\w.$-]+:\d+\))?(?::\s| - )"  # log4j's `(File.java:12)` before ` - msg`
    r"|\s+\d{4}-\d\d-\d\d[T ][\d:.]+\s)"  # a timestamp after the level (neovim's log)
    r"|^[EF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] "  # glog
    rf"|^\d{{1,2}}:\d\d(?::\d\d(?:\.\d+)?)?\s?(?:[AP]M)?\s+{_LEVEL}\s+\S"  # zerolog's console: `3:04PM ERR msg k=v`
    r"|^(?:time=\S+\s+)?level=\"?(?:error|err)\b"  # logfmt (logrus' text): `time="..." level=error msg="..."`
)


def is_logged(message: str) -> bool:
    """Whether the message is a line a program logged at an error level with its logger or time."""
    return bool(_LOGGED.match(message.lstrip()))


def only_logged(records: Sequence[ErrorRecord]) -> bool:
    """Whether there are records and each is a line a program logged that no matcher knows as an error (warning
    level), or a raw log's compiler or linter warning at its source position and the warning-level lines around
    it (gcc's `In member function ...:` header): what the program said while it ran, no verdict on the job."""
    return bool(records) and all(r.severity is Severity.WARNING and _said(r) for r in records)


# gcc's header over the diagnostics of one function or include chain (`x.cpp: In member function 'f()':`)
_GCC_CONTEXT = re.compile(r"^\S+: In (?:(?:static )?member )?function [`'‘].*[’']:$|^In file included from \S")


def _said(record: ErrorRecord) -> bool:
    if is_logged(record.message):
        return True
    if record.kind is not SourceKind.RUNNER:
        return False
    return record.location is not None or (record.role is Role.SYMPTOM and bool(_GCC_CONTEXT.match(record.message)))


@dataclass(frozen=True, slots=True)
class Ranked:
    """One failure as the job orders it: its sort key (rank at 2:4), where its root is, and its category."""

    key: tuple[int, ...]
    source: str  # the input the root is in
    step: str
    index: int
    crash: bool  # a crash report: by its category, or by its shape (a race detector's report, a sanitizer's)


def crash_leads(ranked: Sequence[Ranked]) -> list[tuple[int, ...]]:
    """The sort keys with each crash's rank raised to the best rank of a failure after it in its step."""
    keys = []
    for entry in ranked:
        key = entry.key
        if entry.crash:
            after = [
                other.key[2:4]
                for other in ranked
                if other.source == entry.source and other.step == entry.step and other.index > entry.index
            ]
            best = min([key[2:4], *after])
            key = (*key[:2], *best, *key[4:])
        keys.append(key)
    return keys


CRASH_RETOLD = 40  # lines between a crash report and the same crash told again, at most


COMPILED = "compilation"  # the tool hint of a compiler's verdict
_CONTAINER_STEP = "docker_build"  # the tool hint of an image builder's line that a step's command failed
_BARE_HINTS = frozenset(("", "exit_code", _CONTAINER_STEP))  # a symptom's hints that say no more than "it failed"
_DEATHS = (CRASH_HINT, "oom")  # the tool hints of a process's death: a crash report, memory exhausted
VERDICT_NEAR = 10  # lines between a runner's bare verdict on a test and the crash report printed under it, at most
# ... its time too (`--- FAIL: T (0.00s)`, Bazel's summary row `//pkg:t    FAILED in 0.1s`)
_VERDICT = re.compile(
    r"(?i)[\W\d_]*(?:not ok|fail(?:ed|ure)?|error|crash(?:ed)?)[\W\d_]*(?:(?:\bin )?\b[\d.]+ ?m?s\b[\W]*)?"
)


def rootless(items: Sequence[Item]) -> list[Item]:
    """Where a failure without a cause has its root: a crash report told as a symptom (Erlang's `Crash dump is
    being written to`), else a tool's verdict that says what failed (go test's `FAIL pkg [build failed]` when the
    log lost the compiler's lines, pip's `Failed building wheel for x`), else its wrappers (a tool's own ones
    before an image builder's line around the step that ran the tool), else any of its items."""
    crashes = [item for item in items if item.occurrence.record.tool_hint == CRASH_HINT]
    # a tool's verdict that says what failed (go test's `[build failed]`, pip's `Failed building wheel for x`)
    told = [
        item for item in items if item.shape is Shape.SYMPTOM and item.occurrence.record.tool_hint not in _BARE_HINTS
    ]
    wrappers = [item for item in items if item.shape is Shape.WRAPPER]
    # a tool's own verdict (Maven's `There are test failures.`) inside a container build's step that wrapped it
    # (the classic builder's `The command '/bin/sh -c mvn install' returned a non-zero code: 1`)
    inner = [item for item in wrappers if item.occurrence.record.tool_hint != _CONTAINER_STEP]
    if inner and len(inner) < len(wrappers):
        wrappers = inner
    return crashes or told or wrappers or list(items)


def join_retold_crashes(items: Sequence[Item], union: Union) -> None:
    """Joins each crash report told again, and a runner's bare verdict next to a crash, to the crash's first report
    (see the module's docstring)."""
    first: Item | None = None
    verdict: Item | None = None  # a bare verdict since the last cause, waiting for the crash under it
    for item in sorted(items, key=lambda item: item.index):
        if item.occurrence.record.tool_hint not in _DEATHS:
            if first is not None and bare_verdict(item) and _retells(first, item, verdict=True):
                union.join(first.index, item.index)
                first = None  # the runner judged the crashed test and went on: a later crash is another one
            elif item.shape is Shape.CAUSE:
                first = None  # another cause between: what follows is no retelling
                verdict = item if bare_verdict(item) else None
            continue
        if first is not None and _retells(first, item):
            union.join(first.index, item.index)
            continue
        first = item
        if verdict is not None and 0 <= item.line - verdict.line <= VERDICT_NEAR and _retells(verdict, item, True):
            union.join(item.index, verdict.index)
        verdict = None


def bare_verdict(item: Item) -> bool:
    """A test runner's verdict on a test that says nothing else (`FAIL: t`, `not ok 9 - t`, `--- FAIL: T (0.00s)`)."""
    record = item.occurrence.record
    if item.shape is not Shape.CAUSE or not record.test_id or record.exception_type or record.location is not None:
        return False
    return _VERDICT.fullmatch(record.message.replace(record.test_id, " ")) is not None


def _retells(first: Item, later: Item, verdict: bool = False) -> bool:
    one, other = first.occurrence.record, later.occurrence.record
    if later.source != first.source or not 0 <= later.line - first.line <= CRASH_RETOLD:
        return False
    if one.step and other.step and one.step != other.step:
        return False
    if first.test and later.test and not same_test(first.test, later.test):
        return False
    if one.location is not None and other.location is not None and one.location != other.location:
        return False
    kind, told = other.exception_type, one.exception_type
    return verdict or kind.casefold() == told.casefold() or (kind.startswith("SIG") and not told.startswith("SIG"))


FailedSteps = Callable[[Sequence[Item]], Mapping[int, set[str]]]  # per input, the steps with a failure marker


def without_known_noise(
    items: list[Item], warnings: list[Occurrence], labels: Mapping[str, Classification], failed_steps: FailedSteps
) -> tuple[list[Item], list[Occurrence]]:
    """Lines a rule marked as known noise (a rule's label in the default category: configure probes, log
    lines below ERROR) are warnings, never a root cause (docs/rules.md), unless the job shows nothing else.
    A failed test is never noise: a `RuntimeWarning:` a test raised (warnings turned into errors) failed it;
    nor are the warning-level lines of a failed step that shows no cause (`step_evidence`), whose last output
    line that states no problem (a weak cause) is then a warning."""

    def noise(item: Item) -> bool:
        label = labels.get(item.occurrence.fingerprint.value)
        known = label is not None and label.classified_by is ClassifiedBy.RULE and label.domain is Domain.UNKNOWN
        return known and not (item.test and item.occurrence.record.severity is Severity.ERROR)

    flagged = [item for item in items if noise(item)]
    if not flagged or len(flagged) == len(items):
        return items, warnings
    noisy = {item.index for item in flagged}
    promoted = step_evidence([item for item in items if item.index not in noisy], flagged, failed_steps)
    steps = {(item.source, item.occurrence.record.step) for item in promoted.values()}
    weak = {item.index for item in items if (item.source, item.occurrence.record.step) in steps and weak_cause(item)}
    set_aside = (noisy - promoted.keys()) | weak
    kept = [promoted.get(item.index, item) for item in items if item.index not in set_aside]
    dropped = [item.occurrence for item in items if item.index in set_aside]
    return renumbered(kept), [*warnings, *dropped]


def weak_cause(item: Item) -> bool:
    """A failed command's last output line that states no problem (extract/tail.py keeps the step in it)."""
    record = item.occurrence.record
    return item.shape is Shape.CAUSE and bool(record.step) and record.message.endswith(f" (step: {record.step})")


def step_evidence(kept: Sequence[Item], noise: Sequence[Item], failed_steps: FailedSteps) -> dict[int, Item]:
    """Index -> the noise item as a cause, for warning-level lines in a failed step without a cause (not the
    step's recaps: `Done linting! Found 3 violations`), before the first cause of their input; for a located
    warning (a linter's `file:line: warning: msg`) a weak cause does not count (its step's last output line)."""
    failed = failed_steps(kept)
    causes = [item for item in kept if item.shape is Shape.CAUSE]
    every, strong = _Caused(causes), _Caused([item for item in causes if not weak_cause(item)])
    promoted: dict[int, Item] = {}
    for item in noise:
        record = item.occurrence.record
        if record.severity is not Severity.WARNING or not record.step or record.step not in failed.get(item.source, ()):
            continue
        caused = strong if record.location is not None else every
        if (item.source, record.step) not in caused.steps and not reads_as_marker(record) and caused.before(item):
            promoted[item.index] = dataclasses.replace(item, shape=Shape.CAUSE)
    return promoted


class _Caused:
    """The steps (per input) that show one of some causes, and each input's first of them."""

    def __init__(self, causes: Sequence[Item]) -> None:
        self.steps = {(item.source, item.occurrence.record.step) for item in causes}
        self.first: dict[int, int] = {}  # per input, the index of its first cause
        for item in causes:
            self.first.setdefault(item.source, item.index)

    def before(self, item: Item) -> bool:
        """Whether the item comes before the first of these causes in its input (or its input has none)."""
        return item.index < self.first.get(item.source, item.index + 1)
