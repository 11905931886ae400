"""What the pipeline keeps of each input while an analysis runs: bounded for inputs without errors.

An input with no error record and no job name (a file given on the command line, most of a million tiny
logs) is settled as soon as it is read: its `InputResult` and its one-input `JobResult` (its log's
verdict, its test totals) are written to a `Spill` (classifier/spill.py) and nothing else of it stays in
memory. Other inputs wait for classification, as before, and take their place in the same order when the
analysis ends, so the inputs and jobs are those of linking every input at the end (classifier/joblink.py):
a settled input has no occurrence, so it is never merged with another job nor hosts a test report. The one
difference: the same path given twice (`- -`, a file and its folder) makes two jobs when the input has no
error, where linking at the end would have joined them into one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from classifier.joblink import build_jobs, input_primaries, verdict_of, with_test_totals
from classifier.link import Baseline, Context, JobEvidence, JobInput, link_job
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
from classifier.spill import Spill


@dataclass(frozen=True, slots=True)
class _Waiting:
    """An input with errors (or of a named job): linked when the labels are known."""

    doc: Document
    occurrences: tuple[Occurrence, ...]
    result: InputResult


def _no_rank(occurrence: Occurrence, position: int) -> tuple[int, ...]:
    raise AssertionError("an input without occurrences is linked without ranks")


def _no_label(fingerprint: str) -> Classification:
    raise AssertionError("an input without occurrences is linked without labels")


class Intake:
    """Inputs in order, the settled ones spilled; `finish` returns the inputs and jobs of the analysis."""

    def __init__(self, baseline: Mapping[str, Sequence[str]] | None, normalizer_version: str) -> None:
        self._baseline = baseline
        self._normalizer = normalizer_version
        self._inputs: Spill[InputResult | int] = Spill()  # int: index into _waiting
        self._jobs: Spill[JobResult | str] = Spill()  # str: the key of a job linked at the end
        self._loose: Spill[InputResult] = Spill()  # problems met before reading, reported after the inputs
        self._waiting: list[_Waiting] = []
        self._named: set[str] = set()
        lines = (baseline or {}).get("", ())
        index = Baseline(lines, normalizer_version) if lines else None
        self._lone = Context({}, _no_rank, _no_label, {}, index, "baseline:" if index is not None else "")

    def add(
        self,
        doc: Document,
        occurrences: tuple[Occurrence, ...],
        problems: tuple[Problem, ...],
        tests: TestTotals | None,
    ) -> None:
        result = InputResult(doc.name, len(occurrences), problems, None, doc.job, doc.url, tests)
        if not occurrences and not doc.job:
            self._inputs.append(result)
            self._jobs.append(self._settled_job(doc, tests))
            return
        self._inputs.append(len(self._waiting))
        self._waiting.append(_Waiting(doc, occurrences, result))
        if not doc.job:
            self._jobs.append(f"\0{doc.name}")
        elif doc.job not in self._named:
            self._named.add(doc.job)
            self._jobs.append(doc.job)

    def problem(self, problem: Problem) -> None:
        """A bad input found before it could be read: listed after the inputs that were read."""
        self._loose.append(InputResult(problem.source, 0, (problem,)))

    def occurrences(self) -> list[Occurrence]:
        return [occ for entry in self._waiting for occ in entry.occurrences]

    def _settled_job(self, doc: Document, tests: TestTotals | None) -> JobResult:
        job = link_job(JobEvidence("", doc.url, (JobInput(doc.name, (), verdict_of(doc, ())),)), self._lone)
        return dataclasses.replace(job, tests=tests) if tests is not None else job

    def finish(
        self,
        labels: Sequence[Classification],
        stats: Mapping[str, FingerprintStats],
        taxonomies: Mapping[Stream, Taxonomy],
        ranks: Mapping[str, int],
    ) -> tuple[Spill[InputResult], Spill[JobResult]]:
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
        )
        linked = with_test_totals(linked, {entry.result.path: entry.result.tests for entry in waiting})
        primaries = input_primaries(linked)
        by_key = {job.name or f"\0{job.inputs[0]}": job for job in linked}
        jobs: Spill[JobResult] = Spill()
        for slot in self._jobs:
            found = by_key.pop(slot, None) if isinstance(slot, str) else slot
            if found is not None:  # None: a test report joined to the log job that shows its tests
                jobs.append(found)
        inputs: Spill[InputResult] = Spill()
        for entry in self._inputs:
            if isinstance(entry, int):
                result = waiting[entry].result
                entry = dataclasses.replace(result, primary=primaries.get(result.path))  # noqa: PLW2901
            inputs.append(entry)
        inputs.extend(self._loose)
        for spent in (self._inputs, self._jobs, self._loose):
            spent.close()
        self._waiting = []
        return inputs, jobs
