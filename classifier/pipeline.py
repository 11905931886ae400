"""Composes the stages: sources -> extract -> redact -> normalise -> fingerprint -> group -> classify -> store.

`analyze()` is the one function every mode calls (realtime, batch, validate). Everything outside is
injected: the vocabularies with their model stages, the store and the clock (`classifier/wiring.py` builds
them from the settings); this module reads no settings, environment or network itself.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from classifier.classify import CachePolicy, ClassifyStage, RuleProbes, Tier, VocabularySource
from classifier.extract import extract_document
from classifier.fingerprint import DEFAULT_GROUPING, identify
from classifier.group import Grouper
from classifier.intake import Intake
from classifier.joblink import verdict_of
from classifier.link import Verdict
from classifier.model import (
    Analysis,
    Classification,
    ClassifiedBy,
    FingerprintStats,
    GroupResult,
    Occurrence,
    Problem,
    RunContext,
    TestTotals,
)
from classifier.redact import redact_records
from classifier.rules.primary import rule_ranks
from classifier.sources.base import Document
from classifier.spill import BLOCK
from classifier.store.base import Store
from classifier.workers import in_bulk, map_documents

GROUPING = DEFAULT_GROUPING  # normaliser and fingerprint versions (classifier/fingerprint.py: GROUPING)

Progress = Callable[[str], None]
RECORD_BLOCKS = 2  # blocks of occurrences handed to the store at once (4,096 by default)
WINDOW = 1024  # documents extracted together (and by forked workers, when big): bounded, not every input
DEFAULT_CACHE = CachePolicy()  # the settings' defaults; modes pass `wiring.cache_policy(settings)`


_Extracted = tuple[tuple[Occurrence, ...], tuple[Problem, ...], TestTotals | None, Verdict]


def _occurrences(doc: Document) -> _Extracted:
    """One document's occurrences, problems, test totals and its log's verdict (all of its per-input work,
    done in the worker that read it)."""
    try:
        extraction = extract_document(doc)
    except Exception as exc:
        problem = Problem(doc.name, f"could not be analysed ({type(exc).__name__}: {exc})")
        return (), (problem,), None, verdict_of(doc, ())
    occurrences = tuple(identify(record, GROUPING) for record in redact_records(extraction.records))
    return occurrences, extraction.problems, extraction.tests, verdict_of(doc, occurrences)


def _windows(sources: Iterable[Document | Problem], intake: Intake) -> Iterator[list[Document]]:
    """The documents in windows of `WINDOW`, read as they come; problems go straight to `intake`."""
    window: list[Document] = []
    for item in sources:
        if isinstance(item, Problem):
            intake.problem(item)
            continue
        window.append(item)
        if len(window) >= WINDOW:
            yield window
            window = []
    if window:
        yield window


@in_bulk
def analyze(
    sources: Iterable[Document | Problem],
    *,
    vocabularies: VocabularySource,
    store: Store,
    run: RunContext,
    clock: Callable[[], str],
    cache: CachePolicy = DEFAULT_CACHE,
    tier: Tier = Tier.REALTIME,
    progress: Progress | None = None,
    notes: Sequence[str] = (),
    workers: int = 1,
    baseline: Mapping[str, Sequence[str]] | None = None,
    block: int = BLOCK,
) -> Analysis:
    """Analyse every source; bad inputs become problems, never exceptions.

    `workers` > 1 extracts documents in that many forked processes (big inputs only). `baseline` maps a job
    name ("" for inputs without one) to the lines of a recent successful log of that job: lines found there
    are left out of what the model is shown and are never a job's failure (classifier/link/). `block`: the
    items held in memory before they are spilled to disk (classifier/spill.py, classifier/group.py).
    """
    started = clock()
    intake = Intake(baseline, GROUPING.normalizer, block=block)
    grouper = Grouper(block)
    probes = RuleProbes(vocabularies)  # the rules run while the workers extract
    # A store that keeps no label per occurrence stores them while the workers extract (seen at the start).
    early = None if store.labels_per_occurrence else _Recorder(store, run, started, RECORD_BLOCKS * block)
    for window in _windows(sources, intake):
        for doc, (extracted, problems, tests, verdict) in zip(
            window, map_documents(_occurrences, window, workers), strict=True
        ):
            if progress is not None:
                progress(doc.name)
            occurrences = grouper.add(extracted)  # sharing their group's fingerprint objects
            intake.add(doc, occurrences, problems, tests, verdict)
            probes.add(occurrences)
            if early is not None:
                early.add(occurrences)
    vocabulary = dict(vocabularies.for_streams(grouper.streams))
    groups = grouper.groups()
    now = clock()
    stage = ClassifyStage(
        vocabulary,
        store,
        cache=cache,
        mode=tier,
        baseline=baseline,
        now=now,
        normalizer_version=GROUPING.normalizer,
        probes=probes,
    )
    labels = stage.classify(groups)
    labelled = {label.fingerprint: label for label in labels}
    if early is None:
        stats = _record(store, run, intake.occurrences(), now, labelled, RECORD_BLOCKS * block)
    else:
        stats = early.finish()
    _save_changed(store, labels)
    results = tuple(
        GroupResult(group, label, stats.get(group.fingerprint.value))
        for group, label in zip(groups, labels, strict=True)
    )
    ranks = rule_ranks(labels, (v.rules for v in vocabulary.values()))
    taxonomies = {stream: v.taxonomy for stream, v in vocabulary.items()}
    input_results, jobs = intake.finish(labels, stats, taxonomies, ranks, workers=workers)
    return Analysis(
        run=run,
        inputs=input_results,
        groups=results,
        jobs=jobs,
        problems=(),
        notes=(*notes, *stage.notes(), *store.notes),
        usage=stage.usage,
        started_at=started,
        finished_at=clock(),
        grouping=GROUPING.name,
    )


def _record(
    store: Store,
    run: RunContext,
    occurrences: Iterator[Occurrence],
    now: str,
    labels: Mapping[str, Classification],
    chunk_size: int,
) -> dict[str, FingerprintStats]:
    """Store the occurrences with their labels `chunk_size` at a time (see `_Recorder`)."""
    recorder = _Recorder(store, run, now, chunk_size, labels)
    while chunk := list(itertools.islice(occurrences, chunk_size)):
        recorder.add(chunk)
    return recorder.finish()


class _Recorder:
    """Occurrences stored `size` at a time as they are added; `finish` stores the rest and returns
    each fingerprint's stats after its last chunk, new when it was new in its first."""

    def __init__(
        self,
        store: Store,
        run: RunContext,
        seen_at: str,
        size: int,
        labels: Mapping[str, Classification] | None = None,
    ) -> None:
        self._store, self._run, self._seen_at, self._size, self._labels = store, run, seen_at, size, labels
        self._pending: list[Occurrence] = []
        self._stats: dict[str, FingerprintStats] = {}

    def add(self, occurrences: Iterable[Occurrence]) -> None:
        self._pending.extend(occurrences)
        while len(self._pending) >= self._size:
            self._flush(self._pending[: self._size])
            del self._pending[: self._size]

    def finish(self) -> dict[str, FingerprintStats]:
        if self._pending:
            self._flush(self._pending)
            self._pending = []
        return self._stats

    def _flush(self, chunk: list[Occurrence]) -> None:
        """One chunk, exactly `size` occurrences but the last: a chunk's stored samples depend on where it ends."""
        stats = self._stats
        for value, found in self._store.record_occurrences(self._run, chunk, self._seen_at, self._labels).items():
            known = stats.get(value)
            stats[value] = found if known is None else dataclasses.replace(found, is_new=known.is_new)


def _save_changed(store: Store, labels: Sequence[Classification]) -> None:
    """Store labels that are new or changed; cache hits and human labels are already stored."""
    fresh = [label for label in labels if label.classified_by not in (ClassifiedBy.CACHE, ClassifiedBy.HUMAN)]
    by_taxonomy: dict[str, list[Classification]] = {}
    for label in fresh:
        by_taxonomy.setdefault(label.taxonomy, []).append(label)
    changed: list[Classification] = []
    for taxonomy, group in by_taxonomy.items():
        current = store.current_labels([label.fingerprint for label in group], taxonomy)
        changed.extend(
            label for label in group if label.fingerprint not in current or _differs(current[label.fingerprint], label)
        )
    if changed:
        store.save_classifications(changed)


def _differs(old: Classification, new: Classification) -> bool:
    keys = ("category", "classified_by", "ruleset_version", "taxonomy_version", "rule_id", "prompt_version", "model")
    return any(getattr(old, key) != getattr(new, key) for key in keys)
