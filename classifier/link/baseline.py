"""The passing log as evidence: a line that also occurs in a successful log of the job is not the cause.

Each passing-log line is cleaned as the scanner cleans a line (extract/text.py `clean`: escapes, CI
timestamps, `gh run view` job and step columns, log-system prefixes) and given the CI step it ran in
(extract/steps.py BOUNDARY: `##[group]Run x`, `$ x`, Azure's section). An occurrence matches when its
message occurs in such a line between word boundaries (`--- FAIL: TestParse` is not in `--- FAIL:
TestParseAll`), as written or normalised (timestamps, durations, numbers, hex ids, paths and ports masked:
`error: retrying in 3.2s` matches `error: retrying in 1.7s`, a panic of thread (1520756) one of (1522091)).
Steps align: when the occurrence names a step the passing log also ran, only that step's lines count, so a
line the passing log shows in another step (context changed) is still a cause here. Normalising is only done
for the lines that share the message's most telling word. `candidates` sets a job's matching lines aside, never
the failure marker that ended a failed log nor the lines of a test the failed log reports failed (a line the
passing log lacks names it, or a test run's verdict it lacks stands where no failed test is left).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

from classifier.extract.steps import BOUNDARY, COMMAND_CHARS
from classifier.extract.text import clean, clip
from classifier.link.cluster import Item
from classifier.link.ignored import not_causes
from classifier.link.shapes import Shape, shape_of
from classifier.link.testids import canonical_test_id, same_test
from classifier.model import Occurrence
from classifier.normalize import normalize

_WORD = re.compile(r"[A-Za-z_][A-Za-z_.]{3,}")
_SPACES = re.compile(r"\s+")
_CI_STEPS = ("gha", "sh", "azure")  # the CI system's steps (a build tool's section is part of one)


class Baseline:
    """The lines of a passing log, searchable by an occurrence's message and step."""

    def __init__(self, lines: Sequence[str], version: str) -> None:
        cleaned: list[str] = []
        self._steps: list[str] = []
        step = ""
        for raw in lines:
            text = clean(raw.encode("utf-8", "replace")).text
            m = BOUNDARY.match(text)
            if m is not None and any(m.group(name) for name in _CI_STEPS):
                step = clip(next(part for part in m.groups() if part), COMMAND_CHARS)
            cleaned.append(_SPACES.sub(" ", text).strip())
            self._steps.append(step)
        self._lines = cleaned
        self._text = "\n".join(cleaned)
        self._starts = list(itertools.accumulate((len(line) + 1 for line in cleaned[:-1]), initial=0))
        self._known_steps = frozenset(self._steps) - {""}
        self._version = version
        self._normalized: dict[int, str] = {}

    def __bool__(self) -> bool:
        return bool(self._lines)

    def contains(self, occurrence: Occurrence) -> bool:
        """Whether the occurrence's line (or its normalised form) also occurs in the passing log, in the same
        step when the passing log ran that step."""
        message = _SPACES.sub(" ", occurrence.record.message).strip()
        if len(message) < 8:
            return False
        step = occurrence.record.step if occurrence.record.step in self._known_steps else None
        if any(_within(message, self._lines[i]) for i in self._rows(message, step)):
            return True
        words = _WORD.findall(message)
        if not words:
            return False
        wanted = occurrence.normalized.text
        return any(_within(wanted, self._normal(i)) for i in self._rows(max(words, key=len), step))

    def _rows(self, needle: str, step: str | None) -> Iterator[int]:
        """The lines holding `needle` (once each), of `step` only when it is not None."""
        last = -1
        start = self._text.find(needle)
        while start >= 0:
            row = bisect.bisect_right(self._starts, start) - 1
            if row != last and (step is None or self._steps[row] == step):
                yield row
            last = row
            start = self._text.find(needle, start + 1)

    def _normal(self, index: int) -> str:
        found = self._normalized.get(index)
        if found is None:
            found = normalize(self._lines[index], self._version).text
            self._normalized[index] = found
        return found


def _within(needle: str, line: str) -> bool:
    """Whether `needle` occurs in `line` starting and ending at a word boundary (or at the line's ends)."""
    if not needle:
        return False
    start = line.find(needle)
    while start >= 0:
        end = start + len(needle)
        if _edge(line, start - 1, needle[0]) and _edge(line, end, needle[-1]):
            return True
        start = line.find(needle, start + 1)
    return False


def _edge(line: str, index: int, inner: str) -> bool:
    """A boundary beside `inner` (the needle's end character): the line's end, or not a word continuing it."""
    if index < 0 or index >= len(line):
        return True
    return not (line[index].isalnum() or line[index] == "_") or not (inner.isalnum() or inner == "_")


def failure_marker(occurrences: Sequence[Occurrence], succeeded: bool) -> int:
    """The index of the failure marker that ended a log that did not succeed (its last wrapper or symptom),
    -1 when it has none: the passing log cannot prove harmless the line that says this log failed."""
    if succeeded:
        return -1
    for index in range(len(occurrences) - 1, -1, -1):
        if shape_of(occurrences[index].record) is not Shape.CAUSE:
            return index
    return -1


def reported_tests(keep: Sequence[tuple[int, Occurrence, bool]]) -> set[tuple[int, str, str]]:
    """(input, step, test) of the tests a failed log reports failed where the passing log showed their lines too
    (`keep`: input, occurrence, set aside): it failed them once and went on, a rerun passed, so here those lines
    are the cause, not noise. A test is reported when a line the passing log lacks names it, or when a test run's
    verdict it lacks (`1 failed`, `test result: FAILED`) stands in a step where no failed test is left."""
    kept = [(source, occ.record) for source, occ, aside in keep if not aside]
    named = {canonical_test_id(record.test_id) for _, record in kept if record.test_id}
    verdicts = {
        (source, record.step)
        for source, record in kept
        if record.tool_hint == "test" and shape_of(record) is not Shape.CAUSE and not record.test_id
    }
    left = {(source, record.step) for source, record in kept if record.test_id and shape_of(record) is Shape.CAUSE}
    reported: set[tuple[int, str, str]] = set()
    for source, occurrence, aside in keep:
        record = occurrence.record
        test = canonical_test_id(record.test_id)
        if not aside or not test:
            continue
        step = (source, record.step)
        if any(same_test(test, other) for other in named) or (step in verdicts and step not in left):
            reported.add((source, record.step, test))
    return reported


def candidates(
    inputs: Sequence[tuple[Sequence[Occurrence], bool]], baseline: Baseline | None
) -> tuple[list[Item], list[Occurrence], int]:
    """A job's candidates in order (`inputs`: each input's occurrences and whether its log succeeded), its
    warnings (what a tool says it went on from, what the passing log shows too), and how many lines the
    passing log set aside."""
    keep: list[tuple[int, Occurrence, bool]] = []  # (input, occurrence, set aside by the passing log)
    warnings: list[Occurrence] = []
    for source, (occurrences, succeeded) in enumerate(inputs):
        went_on = not_causes([occurrence.record for occurrence in occurrences])
        marker = failure_marker(occurrences, succeeded) if baseline is not None else -1
        for index, occurrence in enumerate(occurrences):
            if went_on[index]:
                warnings.append(occurrence)
                continue
            aside = baseline is not None and index != marker and baseline.contains(occurrence)
            keep.append((source, occurrence, aside))
    # which tests the failed log reports only matters for a line the passing log set aside
    reported = reported_tests(keep) if any(aside for _, _, aside in keep) else set()
    items: list[Item] = []
    matched = 0
    for source, occurrence, aside in keep:
        test = canonical_test_id(occurrence.record.test_id)
        if aside and not (test and (source, occurrence.record.step, test) in reported):
            warnings.append(occurrence)
            matched += 1
            continue
        items.append(Item(len(items), source, occurrence, shape_of(occurrence.record), test))
    return items, warnings, matched
