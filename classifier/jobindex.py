"""Which job each input waiting for linking belongs to, kept on disk: the grouping of
`classifier.link.group_jobs` without holding every input's key in memory (issue 11).

Inputs are numbered in order. A job's key (its name, or `\\0` and the path for an input without a job)
and its first input go to a private temporary SQLite database; memory holds only the later inputs of jobs
with more than one (a named job, the same path given twice) and the failing test names of jobs whose
records name tests, which is what joining a test report to the log job that shows its tests reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from classifier.link import REPORT_KINDS, canonical_test_id
from classifier.link.testids import same_test
from classifier.model import Occurrence
from classifier.spill import scratch_db


@dataclass(slots=True)
class _Tested:
    """A job whose records name tests."""

    named: bool
    tests: set[str] = field(default_factory=set)


class JobIndex:
    """Jobs by first appearance; `plan` says which test reports join a log job."""

    def __init__(self) -> None:
        self._db = scratch_db(
            "CREATE TABLE jobs (key TEXT PRIMARY KEY, first INTEGER NOT NULL, "
            "records INTEGER NOT NULL, others INTEGER NOT NULL)"  # others: records not from a test report
        )
        self._more: dict[int, list[int]] = {}  # first input -> the job's later inputs
        self._tested: dict[int, _Tested] = {}  # first input -> test names (jobs whose records name tests)

    def add(self, position: int, job: str, path: str, occurrences: Sequence[Occurrence]) -> bool:
        """Count input `position` in its job; True when it is the job's first input."""
        key = job or f"\0{path}"
        others = sum(1 for occ in occurrences if occ.record.kind not in REPORT_KINDS)
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO jobs VALUES (?, ?, ?, ?)", (key, position, len(occurrences), others)
        )
        first = position
        if cursor.rowcount == 0:
            (first,) = self._db.execute("SELECT first FROM jobs WHERE key = ?", (key,)).fetchone()
            self._db.execute(
                "UPDATE jobs SET records = records + ?, others = others + ? WHERE key = ?",
                (len(occurrences), others, key),
            )
            self._more.setdefault(first, []).append(position)
        tests = {test for occ in occurrences if (test := canonical_test_id(occ.record.test_id))}
        if tests or first in self._tested:
            self._tested.setdefault(first, _Tested(bool(job))).tests.update(tests)
        return first == position

    def plan(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        """(report's first input -> its host's first input, host -> the reports it takes in, in order): a
        test report without a job joins the one log job that shows every failing test it names."""
        self._db.execute("CREATE INDEX IF NOT EXISTS jobs_by_first ON jobs (first)")
        report_only: dict[int, bool] = {}
        for first in self._tested:
            records, others = self._db.execute("SELECT records, others FROM jobs WHERE first = ?", (first,)).fetchone()
            report_only[first] = records > 0 and others == 0
        hosts = [(first, entry.tests) for first, entry in self._tested.items() if not report_only[first]]
        merged: dict[int, int] = {}
        hosted: dict[int, list[int]] = {}
        for first, entry in sorted(self._tested.items()):
            if entry.named or not report_only[first] or not entry.tests:
                continue
            found = [host for host, shown in hosts if shown and _shows(shown, entry.tests)]
            if len(found) == 1:
                merged[first] = found[0]
                hosted.setdefault(found[0], []).append(first)
        return merged, hosted

    def members(self, first: int, hosted: Sequence[int]) -> list[int]:
        """The inputs of the job opened at `first`, then those of the reports it takes in."""
        return [position for start in (first, *hosted) for position in (start, *self._more.get(start, ()))]

    def close(self) -> None:
        self._db.close()


def _shows(shown: set[str], wanted: set[str]) -> bool:
    return all(any(same_test(test, seen) for seen in shown) for test in wanted)
