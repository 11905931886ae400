"""The store interface: SQLite (embedded default) and OpenSearch implement it.

Occurrence ids are deterministic (see `occurrence_id`), so storing the same analysis twice never
double counts. Counters are derived from stored occurrences, so concurrent writers stay right.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from classifier.model import Classification, FingerprintStats, Occurrence, RunContext


def occurrence_id(run: RunContext, occurrence: Occurrence) -> str:
    """A stable id for one occurrence: same run, input, line and fingerprint -> same id."""
    record = occurrence.record
    parts = (
        run.repository,
        str(run.run_id or ""),
        str(run.run_attempt or ""),
        record.source,
        record.job,
        str(record.line_start or ""),
        str(record.line_end or ""),
        record.test_id,
        occurrence.fingerprint.value,
    )
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
    """Where occurrences, fingerprints, classifications and corrections live.

    `notes`: what the store has to say in the report (spooled or replayed writes, rejected documents).
    """

    notes: list[str]

    def record_occurrences(
        self, run: RunContext, occurrences: Sequence[Occurrence], seen_at: str
    ) -> dict[str, FingerprintStats]:
        """Store occurrences idempotently; return stats per fingerprint value (is_new: first seen now)."""
        ...

    def cached_classification(self, query: CacheQuery) -> Classification | None: ...

    def save_classifications(self, classifications: Sequence[Classification]) -> None:
        """Store the current label per (fingerprint, taxonomy); the previous one is kept as history."""
        ...

    def classification_history(self, fingerprint: str, taxonomy: str) -> list[Classification]: ...

    def sample_message(self, fingerprint: str) -> str:
        """A stored (redacted) message of the fingerprint, or "" when unknown."""
        ...

    def add_corrections(self, corrections: Sequence[Correction]) -> None: ...

    def corrections(self, taxonomy: str) -> list[Correction]: ...

    def close(self) -> None: ...
