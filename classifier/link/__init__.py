"""Linking: the failed job as the unit of the answer, one failure once, the root cause first.

`group_jobs` puts inputs into jobs (the job a source names, else one job per input; a test report with
no job joins the log job that shows the same failing tests); `link_job` turns one job's evidence into its
`JobResult`. Pure: no I/O, no clock; the pipeline reads the logs' tails and the passing logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifier.link.baseline import Baseline
from classifier.link.jobs import Context, JobEvidence, JobInput, RankKey, link_job
from classifier.link.testids import canonical_test_id, same_test
from classifier.link.verdict import TAIL_BYTES, Verdict, log_verdict
from classifier.model import SourceKind

__all__ = [
    "REPORT_KINDS",
    "TAIL_BYTES",
    "Baseline",
    "Context",
    "JobEvidence",
    "JobInput",
    "RankKey",
    "SourcedInput",
    "Verdict",
    "canonical_test_id",
    "group_jobs",
    "link_job",
    "log_verdict",
]

REPORT_KINDS = frozenset({SourceKind.JUNIT, SourceKind.ANNOTATION})  # records of test reports
_REPORT_KINDS = REPORT_KINDS


@dataclass(frozen=True, slots=True)
class SourcedInput:
    """An input with what its source said about it: the job it belongs to and its link."""

    job: str
    url: str
    input: JobInput


def group_jobs(inputs: Sequence[SourcedInput]) -> list[JobEvidence]:
    """Inputs -> jobs, in order of first appearance."""
    named: dict[str, list[SourcedInput]] = {}
    for entry in inputs:
        named.setdefault(entry.job or f"\0{entry.input.path}", []).append(entry)
    jobs = list(named.items())
    merged: dict[str, str] = {}  # report job key -> log job key
    for key, members in jobs:
        if key.startswith("\0") and _report_only(members):
            host = _host(members, jobs)
            if host is not None:
                merged[key] = host
    for key, host in merged.items():
        named[host].extend(named.pop(key))
    return [_evidence(key, members) for key, members in named.items()]


def _evidence(key: str, members: Sequence[SourcedInput]) -> JobEvidence:
    name = "" if key.startswith("\0") else key
    url = next((m.url for m in members if m.url), "")
    return JobEvidence(name, url, tuple(m.input for m in members))


def _report_only(members: Sequence[SourcedInput]) -> bool:
    records = [occ.record for m in members for occ in m.input.occurrences]
    return bool(records) and all(record.kind in _REPORT_KINDS for record in records)


def _tests(members: Sequence[SourcedInput]) -> set[str]:
    found = (canonical_test_id(occ.record.test_id) for m in members for occ in m.input.occurrences)
    return {test for test in found if test}


def _host(report: Sequence[SourcedInput], jobs: Sequence[tuple[str, list[SourcedInput]]]) -> str | None:
    """The one log job that shows every failing test of the report, if exactly one does."""
    wanted = _tests(report)
    if not wanted:
        return None
    hosts = []
    for key, members in jobs:
        if _report_only(members):
            continue
        shown = _tests(members)
        if shown and all(any(same_test(test, seen) for seen in shown) for test in wanted):
            hosts.append(key)
    return hosts[0] if len(hosts) == 1 else None
