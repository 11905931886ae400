"""In-memory store: the `LabelStore` contract in dictionaries (tests, throw-away runs such as `validate`).

Same semantics as the SQLite and OpenSearch stores: idempotent occurrences (deterministic ids), counters
derived from the stored occurrences, every saved label kept as history, the newest one current.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from classifier.model import Classification, ErrorRecord, FingerprintStats, Occurrence, Problem, RunContext
from classifier.store.base import CacheQuery, Correction, occurrence_id


@dataclass(frozen=True, slots=True)
class _Seen:
    fingerprint: str
    seen_at: str


class MemoryStore:
    """`LabelStore` in memory."""

    labels_per_occurrence = False  # see Store.labels_per_occurrence

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self._occurrences: dict[str, _Seen] = {}
        self._samples: dict[str, ErrorRecord] = {}
        self._history: dict[tuple[str, str], list[Classification]] = {}  # newest last
        self._corrections: list[Correction] = []

    def record_occurrences(
        self,
        run: RunContext,
        occurrences: Sequence[Occurrence],
        seen_at: str,
        labels: Mapping[str, Classification] | None = None,
    ) -> dict[str, FingerprintStats]:
        values = list(dict.fromkeys(occ.fingerprint.value for occ in occurrences))
        known = {value for value in values if value in self._samples}
        for occ in occurrences:
            self._occurrences.setdefault(occurrence_id(run, occ), _Seen(occ.fingerprint.value, seen_at))
            self._samples.setdefault(occ.fingerprint.value, occ.record)
        return {value: self._stats(value, value not in known) for value in values}

    def _stats(self, value: str, is_new: bool) -> FingerprintStats:
        times = sorted(seen.seen_at for seen in self._occurrences.values() if seen.fingerprint == value)
        return FingerprintStats(value, len(times), times[0] if times else "", times[-1] if times else "", is_new)

    def cached_classification(self, query: CacheQuery) -> Classification | None:
        history = self._history.get((query.fingerprint, query.taxonomy))
        return history[-1] if history and query.accepts(history[-1]) else None

    def current_labels(self, fingerprints: Sequence[str], taxonomy: str) -> dict[str, Classification]:
        found = {value: self._history.get((value, taxonomy)) for value in fingerprints}
        return {value: history[-1] for value, history in found.items() if history}

    def save_classifications(self, classifications: Sequence[Classification]) -> None:
        for label in classifications:
            self._history.setdefault((label.fingerprint, label.taxonomy), []).append(label)

    def classification_history(self, fingerprint: str, taxonomy: str) -> list[Classification]:
        return list(reversed(self._history.get((fingerprint, taxonomy), [])))

    def current_classifications(self, taxonomy: str) -> list[Classification]:
        return [history[-1] for (_value, name), history in self._history.items() if name == taxonomy and history]

    def sample_record(self, fingerprint: str) -> ErrorRecord | None:
        return self._samples.get(fingerprint)

    def add_corrections(self, corrections: Sequence[Correction]) -> None:
        self._corrections.extend(corrections)

    def corrections(self, taxonomy: str) -> list[Correction]:
        return [c for c in self._corrections if c.taxonomy == taxonomy]

    def close(self) -> None:
        """Nothing to release."""
