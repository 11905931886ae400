"""What the pipeline keeps of each input while an analysis runs: bounded for inputs without errors.

An input with no error record and no job name (a file given on the command line, most of a million tiny
logs) is settled as soon as it is read: its path, link, problems, test totals and its log's verdict go to
a `Spill` (classifier/spill.py) as one tuple, and nothing else of it stays in memory; its `InputResult`
and one-input `JobResult` are made again whenever the analysis is read (`View`). Other inputs wait for
classification, as before, and take their place in the same order when the analysis ends, so the inputs
and jobs are those of linking every input at the end (classifier/joblink.py): a settled input has no
occurrence, so it is never merged with another job nor hosts a test report. The one difference: the same
path given twice (`- -`, a file and its folder) makes two jobs when the input has no error, where linking
at the end would have joined them into one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from classifier.joblink import build_jobs, input_primaries, verdict_of, with_test_totals
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
from classifier.spill import Spill, View

# A settled input, as spilled: (path, url, problems, test totals, its job succeeded, the job's baseline).
_Settled = tuple[str, str, tuple[Problem, ...], TestTotals | None, bool, str]


@dataclass(frozen=True, slots=True)
class _Waiting:
    """An input with errors (or of a named job): linked when the labels are known."""

    doc: Document
    occurrences: tuple[Occurrence, ...]
    result: InputResult
    job: int  # index into Intake._keys when this input is its job's first, else -1
    verdict: Verdict | None  # how its log ended, when already read (None: read when linked)


def _no_rank(occurrence: Occurrence, position: int) -> tuple[int, ...]:
    raise AssertionError("an input without occurrences is linked without ranks")


def _no_label(fingerprint: str) -> Classification:
    raise AssertionError("an input without occurrences is linked without labels")


class Intake:
    """Inputs in order, the settled ones spilled; `finish` returns the inputs and jobs of the analysis."""

    def __init__(self, baseline: Mapping[str, Sequence[str]] | None, normalizer_version: str) -> None:
        self._baseline = baseline
        self._normalizer = normalizer_version
        self._slots: Spill[_Settled | int] = Spill()  # int: index into _waiting
        self._loose: Spill[InputResult] = Spill()  # problems met before reading, reported after the inputs
        self._waiting: list[_Waiting] = []
        self._keys: list[str] = []  # jobs linked at the end, by first appearance
        self._named: set[str] = set()
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
        if not occurrences and not doc.job:
            succeeded, baseline = self._outcome(verdict_of(doc, ()) if verdict is None else verdict)
            self._slots.append((doc.name, doc.url, problems, tests, succeeded, baseline))
            return
        first = -1
        if not doc.job or doc.job not in self._named:
            if doc.job:
                self._named.add(doc.job)
            first = len(self._keys)
            self._keys.append(doc.job or f"\0{doc.name}")
        result = InputResult(doc.name, len(occurrences), problems, None, doc.job, doc.url, tests)
        self._slots.append(len(self._waiting))
        self._waiting.append(_Waiting(doc, occurrences, result, first, verdict))

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

    def occurrences(self) -> list[Occurrence]:
        return [occ for entry in self._waiting for occ in entry.occurrences]

    def finish(
        self,
        labels: Sequence[Classification],
        stats: Mapping[str, FingerprintStats],
        taxonomies: Mapping[Stream, Taxonomy],
        ranks: Mapping[str, int],
    ) -> tuple[View[InputResult], View[JobResult]]:
        """Link the waiting inputs; the inputs and jobs in the order they were first seen."""
        waiting = self._waiting
        linked = build_jobs(
            [(entry.doc, entry.occurrences) for entry in waiting],
            labels,
            stats,
            taxonomies,
            ranks,
            baseline=self._baseline,
            normalizer_version=self._normalizer,
            verdicts=[entry.verdict for entry in waiting],
        )
        linked = with_test_totals(linked, {entry.result.path: entry.result.tests for entry in waiting})
        primaries = input_primaries(linked)
        by_key = {job.name or f"\0{job.inputs[0]}": job for job in linked}
        # None: a test report joined to the log job that shows its tests (or a path seen twice)
        jobs = [by_key.pop(key, None) for key in self._keys]
        results = [dataclasses.replace(entry.result, primary=primaries.get(entry.result.path)) for entry in waiting]
        firsts = [jobs[entry.job] if entry.job >= 0 else None for entry in waiting]
        self._waiting = []
        return _Inputs(self._slots, results, self._loose), _Jobs(self._slots, firsts)


class _Inputs(View[InputResult]):
    def __init__(self, slots: Spill[_Settled | int], waiting: list[InputResult], loose: Spill[InputResult]) -> None:
        super().__init__(len(slots) + len(loose))
        self._slots, self._waiting, self._loose = slots, waiting, loose

    def __iter__(self) -> Iterator[InputResult]:
        for slot in self._slots:
            if isinstance(slot, int):
                yield self._waiting[slot]
            else:
                path, url, problems, tests, _, _ = slot
                yield InputResult(path, 0, problems, None, "", url, tests)
        yield from self._loose


class _Jobs(View[JobResult]):
    def __init__(self, slots: Spill[_Settled | int], firsts: list[JobResult | None]) -> None:
        super().__init__(len(slots) - len(firsts) + sum(1 for job in firsts if job is not None))
        self._slots, self._firsts = slots, firsts

    def __iter__(self) -> Iterator[JobResult]:
        for slot in self._slots:
            if not isinstance(slot, int):
                path, url, _, tests, succeeded, baseline = slot
                yield JobResult("", url, (path,), succeeded=succeeded, tests=tests, baseline=baseline)
            elif (job := self._firsts[slot]) is not None:
                yield job
