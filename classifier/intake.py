"""What the pipeline keeps of each input while an analysis runs: bounded, with or without errors.

An input with no error record and no job name (a file given on the command line, most of a million tiny
logs) is settled as soon as it is read: its path, link, problems, test totals and its log's verdict go to
a `Spill` (classifier/spill.py) as one tuple, and nothing else of it stays in memory; its `InputResult`
and one-input `JobResult` are made again whenever the analysis is read (`View`). Other inputs wait for
classification in a second spill, with their occurrences and their log's verdict, and which job each
belongs to is kept on disk (classifier/jobindex.py). When the labels are known they are linked one job at a
time, in the order of first appearance, their results and jobs spilled again, so the inputs and jobs are
those of linking every input at the end (classifier/joblink.py): a settled input has no occurrence, so it
is never merged with another job nor hosts a test report. The one difference: the same path given twice
(`- -`, a file and its folder) makes two jobs when the input has no error, where linking at the end would
have joined them into one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from classifier.jobindex import JobIndex
from classifier.joblink import Linker, input_primaries, verdict_of, with_test_totals
from classifier.link import Baseline, Context, JobEvidence, JobInput, Verdict, link_job
from classifier.model import (
    Classification,
    FingerprintStats,
    InputResult,
    JobResult,
    Occurrence,
    Problem,
    Stream,
    TestTotals,
)
from classifier.rules.taxonomy import Taxonomy
from classifier.sources.base import Document
from classifier.spill import BLOCK, Spill, View
from classifier.workers import map_numbered

MIN_OCCURRENCES_FOR_WORKERS = 5_000  # below this, forking to link costs more than it saves
# A settled input, as spilled: (path, url, problems, test totals, its job succeeded, the job's baseline).
_Settled = tuple[str, str, tuple[Problem, ...], TestTotals | None, bool, str]


@dataclass(frozen=True, slots=True)
class _Waiting:
    """An input with errors (or of a named job), spilled until the labels are known and it is linked."""

    result: InputResult
    occurrences: tuple[Occurrence, ...]
    verdict: Verdict
    first: bool  # the first input of its job


def _no_rank(occurrence: Occurrence, position: int) -> tuple[int, ...]:
    raise AssertionError("an input without occurrences is linked without ranks")


def _no_label(fingerprint: str) -> Classification:
    raise AssertionError("an input without occurrences is linked without labels")


class Intake:
    """Inputs in order, spilled; `finish` returns the inputs and jobs of the analysis."""

    def __init__(
        self, baseline: Mapping[str, Sequence[str]] | None, normalizer_version: str, *, block: int = BLOCK
    ) -> None:
        self._baseline = baseline
        self._normalizer = normalizer_version
        self._block = block
        self._slots: Spill[_Settled | int] = Spill(block=block)  # int: the input waits (its number)
        self._loose: Spill[InputResult] = Spill(block=block)  # problems met before reading, listed last
        self._waiting: Spill[_Waiting] = Spill(block=block)
        self._jobs = JobIndex()
        self._firsts = bytearray()  # by waiting input: it opens its job
        self._occurrences = 0  # of the waiting inputs
        self._outcomes: dict[Verdict, tuple[bool, str]] = {}
        lines = (baseline or {}).get("", ())
        index = Baseline(lines, normalizer_version) if lines else None
        self._lone = Context({}, _no_rank, _no_label, {}, index, "baseline:" if index is not None else "")

    def add(
        self,
        doc: Document,
        occurrences: tuple[Occurrence, ...],
        problems: tuple[Problem, ...],
        tests: TestTotals | None,
        verdict: Verdict | None = None,
    ) -> None:
        """One input; `verdict`: `joblink.verdict_of(doc, occurrences)` when the caller has it (read once)."""
        if verdict is None:
            verdict = verdict_of(doc, occurrences)
        if not occurrences and not doc.job:
            succeeded, baseline = self._outcome(verdict)
            self._slots.append((doc.name, doc.url, problems, tests, succeeded, baseline))
            return
        position = len(self._waiting)
        first = self._jobs.add(position, doc.job, doc.name, occurrences)
        self._firsts.append(first)
        self._occurrences += len(occurrences)
        result = InputResult(doc.name, len(occurrences), problems, None, doc.job, doc.url, tests)
        self._slots.append(position)
        self._waiting.append(_Waiting(result, occurrences, verdict, first))

    def _outcome(self, verdict: Verdict) -> tuple[bool, str]:
        """(succeeded, baseline) of a one-input job without occurrences: linked once per verdict."""
        found = self._outcomes.get(verdict)
        if found is None:
            job = link_job(JobEvidence("", "", (JobInput("", (), verdict),)), self._lone)
            assert not job.failures and not job.warnings  # no occurrence: nothing to link
            found = self._outcomes[verdict] = (job.succeeded, job.baseline)
        return found

    def problem(self, problem: Problem) -> None:
        """A bad input found before it could be read: listed after the inputs that were read."""
        self._loose.append(InputResult(problem.source, 0, (problem,)))

    def occurrences(self) -> Iterator[Occurrence]:
        """Every occurrence of the waiting inputs, in order (read back from the spill)."""
        for entry in self._waiting:
            yield from entry.occurrences

    def finish(
        self,
        labels: Sequence[Classification],
        stats: Mapping[str, FingerprintStats],
        taxonomies: Mapping[Stream, Taxonomy],
        ranks: Mapping[str, int],
        *,
        workers: int = 1,
    ) -> tuple[View[InputResult], View[JobResult]]:
        """Link the waiting inputs job by job (in `workers` forked processes when there are many occurrences);
        the inputs and jobs in the order they were first seen."""
        linker = Linker(labels, stats, taxonomies, ranks, baseline=self._baseline, normalizer_version=self._normalizer)
        merged, hosted = self._jobs.plan()
        waiting = self._waiting
        results: Spill[InputResult] = Spill(block=self._block)  # by input (two spills: each read alone)
        firsts: Spill[JobResult | None] = Spill(block=self._block)  # by input: the job it opens
        jobs: dict[int, JobResult] = {}  # linked jobs by their first input, until that input is met
        pending: dict[int, InputResult] = {}  # later inputs of a job already linked, with their primary
        order = self._link_order(merged)

        def link(number: int) -> tuple[JobResult, list[tuple[int, InputResult]]]:
            first = order[number][1]
            members = self._jobs.members(first, hosted.get(first, ()))
            entries = [waiting[at] for at in members]
            url = next((entry.result.url for entry in entries if entry.result.url), "")
            inputs = tuple(JobInput(e.result.path, e.occurrences, e.verdict) for e in entries)
            job = linker.link(JobEvidence(entries[0].result.job, url, inputs))
            (job,) = with_test_totals([job], {entry.result.path: entry.result.tests for entry in entries})
            primaries = input_primaries([job])
            return job, [
                (at, dataclasses.replace(entry.result, primary=primaries.get(entry.result.path)))
                for at, entry in zip(members, entries, strict=True)
            ]

        shared = self._shared(labels, stats) if self._occurrences >= MIN_OCCURRENCES_FOR_WORKERS else None
        linked = zip(
            order, map_numbered(link, len(order), workers if shared is not None else 1, shared or ()), strict=True
        )
        due = next(linked, None)
        count = 0
        for position, first in enumerate(self._firsts):
            if due is not None and due[0][0] == position:  # a job is linked when this input is met
                (_, opens), (job, inputs) = due
                jobs[opens] = job
                pending.update(inputs)
                due = next(linked, None)
            opens_job = bool(first) and position not in merged
            results.append(pending.pop(position))
            firsts.append(jobs.pop(position) if opens_job else None)
            count += opens_job
        self._jobs.close()
        return _Inputs(self._slots, results, self._loose), _Jobs(self._slots, firsts, count)

    def _link_order(self, merged: Mapping[int, int]) -> list[tuple[int, int]]:
        """(the input at which it is linked, its first input) of each job, in the order `finish` links them: a job
        is linked at its first input, or at a test report read before it that it takes in."""
        order: list[tuple[int, int]] = []
        early: set[int] = set()
        for position, first in enumerate(self._firsts):
            if first and position in merged:
                host = merged[position]
                if host > position and host not in early:
                    early.add(host)
                    order.append((position, host))
            elif first and position not in early:
                order.append((position, position))
        return order

    def _shared(self, labels: Sequence[Classification], stats: Mapping[str, FingerprintStats]) -> list[object]:
        """What linking workers return by reference: the labels, stats and occurrences held in memory."""
        held = [occurrence for entry in self._waiting.held() for occurrence in entry.occurrences]
        return [*labels, *stats.values(), *held]


class _Inputs(View[InputResult]):
    def __init__(self, slots: Spill[_Settled | int], waiting: Spill[InputResult], loose: Spill[InputResult]) -> None:
        super().__init__(len(slots) + len(loose))
        self._slots, self._waiting, self._loose = slots, waiting, loose

    def __iter__(self) -> Iterator[InputResult]:
        waiting = iter(self._waiting)
        for slot in self._slots:
            if isinstance(slot, int):
                yield next(waiting)
            else:
                path, url, problems, tests, _, _ = slot
                yield InputResult(path, 0, problems, None, "", url, tests)
        yield from self._loose


class _Jobs(View[JobResult]):
    def __init__(self, slots: Spill[_Settled | int], firsts: Spill[JobResult | None], jobs: int) -> None:
        super().__init__(len(slots) - len(firsts) + jobs)
        self._slots, self._firsts = slots, firsts

    def __iter__(self) -> Iterator[JobResult]:
        firsts = iter(self._firsts)
        for slot in self._slots:
            if not isinstance(slot, int):
                path, url, _, tests, succeeded, baseline = slot
                yield JobResult("", url, (path,), succeeded=succeeded, tests=tests, baseline=baseline)
            elif (job := next(firsts)) is not None:
                yield job
