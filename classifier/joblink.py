"""The job stage: documents and their classified occurrences -> `JobResult`s (see classifier/link/).

Reads the end of each log for its verdict (the only I/O here; the pipeline reads it in the worker that
extracted the log and passes it in) and builds the passing-log index of each
job from `baseline` (job name -> lines; "" serves every job without its own).
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Mapping, Sequence

from classifier.link import (
    TAIL_BYTES,
    Baseline,
    Context,
    JobEvidence,
    JobInput,
    RankKey,
    SourcedInput,
    Verdict,
    group_jobs,
    link_job,
    log_verdict,
)
from classifier.model import (
    Classification,
    ClassifiedBy,
    Domain,
    FingerprintStats,
    JobResult,
    Occurrence,
    SourceKind,
    Stream,
    TestTotals,
)
from classifier.rules.primary import primary_key
from classifier.rules.taxonomy import Taxonomy
from classifier.sources.base import Document

_CHUNK = 64 * 1024
_LOG_KINDS = frozenset({SourceKind.GHA_LOG, SourceKind.RUNNER, SourceKind.BUILDKIT})


def tail_lines(doc: Document, limit: int = TAIL_BYTES) -> list[str]:
    """The last lines of a document (at most `limit` bytes), [] when it cannot be read."""
    try:
        with doc.opener() as stream:
            if stream.seekable() and doc.size is not None and doc.size > limit:
                stream.seek(doc.size - limit)
                data = stream.read(limit)
            else:
                chunks: collections.deque[bytes] = collections.deque()
                kept = 0
                while chunk := stream.read(_CHUNK):
                    chunks.append(chunk)
                    kept += len(chunk)
                    while kept - len(chunks[0]) >= limit:
                        kept -= len(chunks.popleft())
                data = b"".join(chunks)[-limit:]
    except (OSError, ValueError, EOFError):
        return []
    return data.decode("utf-8", errors="replace").splitlines()


def verdict_of(doc: Document, occurrences: Sequence[Occurrence]) -> Verdict:
    """How a log document says it ended; UNKNOWN for reports (their records say what failed)."""
    if occurrences and not any(occ.record.kind in _LOG_KINDS for occ in occurrences):
        return Verdict.UNKNOWN
    return log_verdict(tail_lines(doc))


class Linker:
    """Links one job at a time with what the whole analysis knows: labels, stats, ranks, passing logs."""

    def __init__(
        self,
        labels: Sequence[Classification],
        stats: Mapping[str, FingerprintStats],
        taxonomies: Mapping[Stream, Taxonomy],
        ranks: Mapping[str, int],
        *,
        baseline: Mapping[str, Sequence[str]] | None = None,
        normalizer_version: str,
    ) -> None:
        self._labels = {label.fingerprint: label for label in labels}
        categories = {label.fingerprint: label.category for label in labels}
        self._rank: RankKey = lambda occ, pos: primary_key(occ, pos, categories, _taxonomy(occ, taxonomies), ranks)
        self._fallback = lambda fp: _unlabelled(fp, taxonomies[Stream.CI])
        self._stats = stats
        self._baseline = baseline or {}
        self._normalizer = normalizer_version
        self._indexes: dict[str, Baseline] = {}

    def link(self, job: JobEvidence) -> JobResult:
        key = job.name if job.name in self._baseline else ""
        lines = self._baseline.get(key, ())
        index = self._indexes.get(key) if lines else None
        if lines and index is None:
            index = self._indexes[key] = Baseline(lines, self._normalizer)  # built once per passing log
        ctx = Context(
            labels=self._labels,
            rank=self._rank,
            fallback=self._fallback,
            stats=self._stats,
            baseline=index,
            baseline_name=f"baseline:{key}" if index is not None else "",
        )
        return link_job(job, ctx)


def build_jobs(
    documents: Sequence[tuple[Document, Sequence[Occurrence]]],
    labels: Sequence[Classification],
    stats: Mapping[str, FingerprintStats],
    taxonomies: Mapping[Stream, Taxonomy],
    ranks: Mapping[str, int],
    *,
    baseline: Mapping[str, Sequence[str]] | None = None,
    normalizer_version: str,
    verdicts: Sequence[Verdict | None] = (),
) -> tuple[JobResult, ...]:
    """Every job of the analysis, with its failures root cause first. `verdicts[i]`: `verdict_of` of the
    i-th document when already read (None or missing: read here)."""
    linker = Linker(labels, stats, taxonomies, ranks, baseline=baseline, normalizer_version=normalizer_version)
    known = list(verdicts) + [None] * (len(documents) - len(verdicts))
    sourced = [
        SourcedInput(doc.job, doc.url, JobInput(doc.name, tuple(occs), verdict_of(doc, occs) if v is None else v))
        for (doc, occs), v in zip(documents, known, strict=True)
    ]
    return tuple(linker.link(job) for job in group_jobs(sourced))


def with_test_totals(jobs: Sequence[JobResult], tests: Mapping[str, TestTotals | None]) -> tuple[JobResult, ...]:
    """Each job with the summed test totals of its inputs (input path -> totals; None: not a test report)."""
    filled = []
    for job in jobs:
        found = [totals for path in job.inputs if (totals := tests.get(path)) is not None]
        filled.append(dataclasses.replace(job, tests=sum(found[1:], found[0])) if found else job)
    return tuple(filled)


def input_primaries(jobs: Sequence[JobResult]) -> dict[str, Occurrence]:
    """input path -> the root of the first failure of its job that it shows (for `InputResult.primary`)."""
    primaries: dict[str, Occurrence] = {}
    for job in jobs:
        for failure in job.failures:
            for evidence in failure.evidence:
                primaries.setdefault(evidence.occurrence.record.source, failure.root)
    return primaries


def _taxonomy(occurrence: Occurrence, taxonomies: Mapping[Stream, Taxonomy]) -> Taxonomy:
    return taxonomies.get(occurrence.record.stream) or taxonomies[Stream.CI]


def _unlabelled(fingerprint: str, taxonomy: Taxonomy) -> Classification:
    return dataclasses.replace(
        Classification(
            fingerprint=fingerprint,
            category=taxonomy.default_category,
            domain=Domain.UNKNOWN,
            confidence=0.0,
            classified_by=ClassifiedBy.NONE,
            taxonomy=taxonomy.name,
            taxonomy_version=taxonomy.version,
        ),
        reasoning="no label",
    )
