"""The store interface: SQLite (embedded default) and OpenSearch implement it.

Occurrence ids are deterministic (see `occurrence_id`), so storing the same analysis twice never
double counts. Counters are derived from stored occurrences, so concurrent writers stay right.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from classifier.model import (
    Classification,
    ClassifiedBy,
    ErrorRecord,
    FingerprintStats,
    Occurrence,
    Problem,
    RunContext,
)


def occurrence_id(run: RunContext, occurrence: Occurrence) -> str:
    """A stable id for one occurrence: same run, input, line and fingerprint -> same id.

    Without a run id (CLI files, stdin, batch over files) the record's own text and context join the
    identity: different logs analysed at the same path count separately, and re-running the same log
    (a batch re-run from scratch) still counts once. The time of the analysis is not part of it.
    """
    record = occurrence.record
    parts = [
        run.repository,
        str(run.run_id or ""),
        str(run.run_attempt or ""),
        record.source,
        record.job,
        str(record.line_start or ""),
        str(record.line_end or ""),
        record.test_id,
        occurrence.fingerprint.value,
    ]
    if run.run_id is None:
        parts += [record.message, record.details, *record.context]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CacheQuery:
    """What a reusable classification must match.

    A human label for the fingerprint under the same taxonomy version is always returned. A model label is
    returned when its confidence >= min_confidence, it is younger than max_age_hours and its prompt version
    equals prompt_version ("*" matches any: used when no model is configured). Rule labels are never reused
    (rules are re-run; they are cheap).
    """

    fingerprint: str
    taxonomy: str
    taxonomy_version: str
    prompt_version: str
    min_confidence: float
    max_age_hours: float
    now: str  # ISO 8601

    def accepts(self, found: Classification) -> bool:
        """Whether the current label `found` of the fingerprint answers this query."""
        if found.taxonomy_version != self.taxonomy_version:
            return False
        if found.classified_by is ClassifiedBy.HUMAN:
            return True
        if found.classified_by is not ClassifiedBy.LLM:
            return False
        if self.prompt_version not in ("*", found.prompt_version):  # "*": any prompt version
            return False
        if found.confidence < self.min_confidence or not found.classified_at:
            return False
        age = _time(self.now) - _time(found.classified_at)
        return age <= timedelta(hours=self.max_age_hours)


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class Correction:
    """A human's label for a fingerprint."""

    fingerprint: str
    taxonomy: str
    category: str
    user: str
    corrected_at: str
    note: str = ""
    message: str = ""


class Store(Protocol):
    """What an analysis needs of the store: known labels in, occurrences and labels out.

    `notes`: what the store has to say in the report (spooled or replayed writes, rejected documents);
    `problems`: writes it could not do (they make the run's exit code 1); `labels_per_occurrence`: whether
    `record_occurrences` keeps each occurrence's label (then an analysis stores its occurrences once they
    are classified; otherwise while its inputs are read, seen at the analysis' start).
    """

    notes: list[str]
    problems: list[Problem]
    labels_per_occurrence: bool

    def record_occurrences(
        self,
        run: RunContext,
        occurrences: Sequence[Occurrence],
        seen_at: str,
        labels: Mapping[str, Classification] | None = None,
    ) -> dict[str, FingerprintStats]:
        """Store occurrences idempotently, each with its fingerprint's label from `labels` where the store
        keeps one per occurrence (OpenSearch: dashboards count categories over time); return stats per
        fingerprint value (is_new: first seen now)."""
        ...

    def cached_classification(self, query: CacheQuery) -> Classification | None:
        """The human label of the fingerprint, else a reusable model label (see `CacheQuery`), else None."""
        ...

    def current_labels(self, fingerprints: Sequence[str], taxonomy: str) -> dict[str, Classification]:
        """The current label per fingerprint (those that have one), in one round trip."""
        ...

    def save_classifications(self, classifications: Sequence[Classification]) -> None:
        """Store the current label per (fingerprint, taxonomy); the previous one is kept as history."""
        ...

    def corrections(self, taxonomy: str) -> list[Correction]:
        """Human corrections of a taxonomy (the model's few-shot examples)."""
        ...

    def close(self) -> None: ...


class LabelAdmin(Protocol):
    """Label administration: history, corrections, reclassification (`correct`, `reclassify`)."""

    def classification_history(self, fingerprint: str, taxonomy: str) -> list[Classification]:
        """Every label saved for the fingerprint, newest first (the current one included)."""
        ...

    def current_classifications(self, taxonomy: str) -> list[Classification]:
        """The current label of every fingerprint under a taxonomy."""
        ...

    def sample_record(self, fingerprint: str) -> ErrorRecord | None:
        """A stored (redacted) occurrence of the fingerprint, as much of it as the store keeps; None when
        the fingerprint is unknown."""
        ...

    def add_corrections(self, corrections: Sequence[Correction]) -> None: ...


class LabelStore(Store, LabelAdmin, Protocol):
    """Both: what `wiring.open_store` returns (SQLite, OpenSearch and the in-memory store implement it)."""
