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

from classifier.link.cluster import Item, renumbered
from classifier.link.shapes import Shape, reads_as_marker
from classifier.model import Classification, ClassifiedBy, Domain, ErrorRecord, Occurrence, Severity

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
    level): what the program said while it ran, no verdict on the job."""
    return bool(records) and all(r.severity is Severity.WARNING and is_logged(r.message) for r in records)


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
    weak = {item.index for item in items if weak_cause(item) and (item.source, item.occurrence.record.step) in steps}
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
