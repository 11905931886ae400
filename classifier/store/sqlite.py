"""The embedded default store: one SQLite file (stdlib), safe to re-run and to share between processes.

Counts are derived from the occurrences table (deterministic ids, INSERT OR IGNORE), so analysing the same
input twice never double counts and concurrent writers stay right. Every write is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from classifier.errors import StoreError
from classifier.model import (
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    FingerprintStats,
    Occurrence,
    Problem,
    RunContext,
    SourceKind,
    Stream,
    TokenUsage,
)
from classifier.store.base import CacheQuery, Correction, occurrence_id

SCHEMA_VERSION = 1
# Distinct workflow runs (repository and run id; attempts of a run are one run) a fingerprint was seen in.
_RUNS = (
    "SELECT count(DISTINCT coalesce(o2.repository, '') || ':' || o2.run_id) "
    "FROM occurrences o2 WHERE o2.fingerprint = {fp} AND o2.run_id IS NOT NULL"
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS occurrences (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    repository TEXT, workflow TEXT, run_id INTEGER, run_attempt INTEGER,
    branch TEXT, sha TEXT, pr_number INTEGER,
    source TEXT, job TEXT, step TEXT, line_start INTEGER, line_end INTEGER,
    test_id TEXT, framework TEXT, kind TEXT, message TEXT, seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS occurrences_fp ON occurrences(fingerprint);
CREATE TABLE IF NOT EXISTS fingerprints (
    fingerprint TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    components TEXT NOT NULL,
    normalized TEXT NOT NULL,
    sample_message TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS classifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL, taxonomy TEXT NOT NULL, taxonomy_version TEXT NOT NULL,
    category TEXT NOT NULL, domain TEXT NOT NULL, confidence REAL NOT NULL, classified_by TEXT NOT NULL,
    ruleset_version TEXT, reasoning TEXT, rule_id TEXT, evidence TEXT, summary TEXT, suggested_fix TEXT,
    model TEXT, prompt_version TEXT, normalizer_version TEXT, classified_at TEXT NOT NULL,
    input_tokens INTEGER, output_tokens INTEGER, cache_write_tokens INTEGER, cache_read_tokens INTEGER,
    cost_usd REAL, current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS classifications_fp ON classifications(fingerprint, taxonomy, current);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL, taxonomy TEXT NOT NULL, category TEXT NOT NULL,
    user TEXT NOT NULL, corrected_at TEXT NOT NULL, note TEXT, message TEXT
);
"""

_CLASSIFICATION_COLUMNS = (
    "fingerprint, taxonomy, taxonomy_version, category, domain, confidence, classified_by, ruleset_version, "
    "reasoning, rule_id, evidence, summary, suggested_fix, model, prompt_version, normalizer_version, "
    "classified_at, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, cost_usd"
)


def _pairs(components: str) -> list[tuple[str, str]]:
    try:
        loaded = json.loads(components)
    except ValueError:
        return []
    return [(str(p[0]), str(p[1])) for p in loaded if isinstance(p, list) and len(p) == 2]


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class SQLiteStore:
    """`Store` on a local SQLite file (`:memory:` for tests)."""

    labels_per_occurrence = False  # see Store.labels_per_occurrence

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema v{version} is newer than this program (v1)")
            self._db.executescript(SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the SQLite store: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def record_occurrences(
        self,
        run: RunContext,
        occurrences: Sequence[Occurrence],
        seen_at: str,
        labels: Mapping[str, Classification] | None = None,  # not kept per occurrence here
    ) -> dict[str, FingerprintStats]:
        fingerprints = {occ.fingerprint.value: occ for occ in occurrences}
        with self._transaction() as db:
            known = self._known(db, list(fingerprints))
            db.executemany(
                "INSERT INTO fingerprints VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET "
                "first_seen = min(first_seen, excluded.first_seen), "
                "last_seen = max(last_seen, excluded.last_seen)",
                [self._fingerprint_row(value, occ, seen_at) for value, occ in fingerprints.items()],
            )
            db.executemany(
                "INSERT OR IGNORE INTO occurrences VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [self._occurrence_row(run, occ, seen_at) for occ in occurrences],
            )
            return self._many_stats(db, list(fingerprints), known)

    @staticmethod
    def _fingerprint_row(value: str, occ: Occurrence, seen_at: str) -> tuple[object, ...]:
        when = occ.record.timestamp or seen_at
        components = json.dumps(occ.fingerprint.components)
        return (value, occ.fingerprint.version, components, occ.normalized.text, occ.record.message[:2000], when, when)

    @staticmethod
    def _occurrence_row(run: RunContext, occ: Occurrence, seen_at: str) -> tuple[object, ...]:
        rec = occ.record
        return (
            occurrence_id(run, occ),
            occ.fingerprint.value,
            run.repository,
            run.workflow,
            run.run_id,
            run.run_attempt,
            run.branch,
            run.sha,
            run.pr_number,
            rec.source,
            rec.job,
            rec.step,
            rec.line_start,
            rec.line_end,
            rec.test_id,
            rec.framework,
            rec.kind.value,
            rec.message[:2000],
            rec.timestamp or seen_at,
        )

    @staticmethod
    def _known(db: sqlite3.Connection, values: list[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT fingerprint FROM fingerprints WHERE fingerprint IN ({marks})", chunk)  # noqa: S608
            known.update(row[0] for row in rows)
        return known

    @staticmethod
    def _many_stats(db: sqlite3.Connection, values: list[str], known: set[str]) -> dict[str, FingerprintStats]:
        stats: dict[str, FingerprintStats] = {}
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                "SELECT f.fingerprint, f.first_seen, f.last_seen, "  # noqa: S608
                "(SELECT count(*) FROM occurrences o WHERE o.fingerprint = f.fingerprint), "
                f"({_RUNS.format(fp='f.fingerprint')}) "
                f"FROM fingerprints f WHERE f.fingerprint IN ({marks})",
                chunk,
            )
            for value, first, last, count, runs in rows:
                new = value not in known
                stats[value] = FingerprintStats(value, int(count), str(first), str(last), new, int(runs))
        return stats

    @staticmethod
    def _stats(db: sqlite3.Connection, value: str, is_new: bool) -> FingerprintStats:
        count = db.execute("SELECT count(*) FROM occurrences WHERE fingerprint = ?", (value,)).fetchone()[0]
        runs = db.execute(_RUNS.format(fp="?"), (value,)).fetchone()[0]
        first, last = db.execute(
            "SELECT first_seen, last_seen FROM fingerprints WHERE fingerprint = ?", (value,)
        ).fetchone()
        return FingerprintStats(value, int(count), str(first), str(last), is_new, int(runs))

    def fingerprint_stats(self, value: str) -> FingerprintStats | None:
        row = self._db.execute("SELECT 1 FROM fingerprints WHERE fingerprint = ?", (value,)).fetchone()
        return None if row is None else self._stats(self._db, value, is_new=False)

    def cached_classification(self, query: CacheQuery) -> Classification | None:
        row = self._db.execute(
            f"SELECT {_CLASSIFICATION_COLUMNS} FROM classifications WHERE fingerprint = ? AND taxonomy = ? "  # noqa: S608
            "AND current = 1 ORDER BY id DESC LIMIT 1",
            (query.fingerprint, query.taxonomy),
        ).fetchone()
        if row is None:
            return None
        found = self._from_row(row)
        return found if query.accepts(found) else None

    def save_classifications(self, classifications: Sequence[Classification]) -> None:
        """Each label becomes the current one of its (fingerprint, taxonomy), in order: the earlier current
        rows are retired in one statement, then the rows inserted, current only the last of each pair."""
        last = {(item.fingerprint, item.taxonomy): at for at, item in enumerate(classifications)}
        with self._transaction() as db:
            db.executemany(
                "UPDATE classifications SET current = 0 WHERE fingerprint = ? AND taxonomy = ? AND current = 1",
                list(last),
            )
            db.executemany(
                f"INSERT INTO classifications ({_CLASSIFICATION_COLUMNS}, current) VALUES "  # noqa: S608
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (*self._to_row(item), int(last[(item.fingerprint, item.taxonomy)] == at))
                    for at, item in enumerate(classifications)
                ],
            )

    def current_classification(self, fingerprint: str, taxonomy: str) -> Classification | None:
        history = self.classification_history(fingerprint, taxonomy)
        return history[0] if history else None

    def classification_history(self, fingerprint: str, taxonomy: str) -> list[Classification]:
        rows = self._db.execute(
            f"SELECT {_CLASSIFICATION_COLUMNS} FROM classifications WHERE fingerprint = ? AND taxonomy = ? "  # noqa: S608
            "ORDER BY id DESC",
            (fingerprint, taxonomy),
        ).fetchall()
        return [self._from_row(row) for row in rows]

    def current_classifications(self, taxonomy: str) -> list[Classification]:
        rows = self._db.execute(
            f"SELECT {_CLASSIFICATION_COLUMNS} FROM classifications WHERE taxonomy = ? AND current = 1 "  # noqa: S608
            "ORDER BY id",
            (taxonomy,),
        ).fetchall()
        return [self._from_row(row) for row in rows]

    def current_labels(self, fingerprints: Sequence[str], taxonomy: str) -> dict[str, Classification]:
        found: dict[str, Classification] = {}
        values = list(dict.fromkeys(fingerprints))
        for start in range(0, len(values), 500):
            part = values[start : start + 500]
            rows = self._db.execute(
                f"SELECT {_CLASSIFICATION_COLUMNS} FROM classifications WHERE taxonomy = ? AND current = 1 "  # noqa: S608
                f"AND fingerprint IN ({','.join('?' * len(part))}) ORDER BY id",
                (taxonomy, *part),
            ).fetchall()
            found.update((label.fingerprint, label) for label in map(self._from_row, rows))
        return found

    def sample_record(self, fingerprint: str) -> ErrorRecord | None:
        """The stored sample message, with the stream and kind its fingerprint was made from."""
        row = self._db.execute(
            "SELECT sample_message, components FROM fingerprints WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        if row is None:
            return None
        parts = dict(_pairs(str(row[1])))
        stream = Stream(parts["stream"]) if parts.get("stream") in set(Stream) else Stream.CI
        kind = SourceKind(parts["kind"]) if parts.get("kind") in set(SourceKind) else SourceKind.GHA_LOG
        return ErrorRecord(source="store", kind=kind, message=str(row[0]), stream=stream)

    def add_corrections(self, corrections: Sequence[Correction]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO corrections (fingerprint, taxonomy, category, user, corrected_at, note, message) "
                "VALUES (?,?,?,?,?,?,?)",
                [
                    (c.fingerprint, c.taxonomy, c.category, c.user, c.corrected_at, c.note, c.message)
                    for c in corrections
                ],
            )

    def corrections(self, taxonomy: str) -> list[Correction]:
        rows = self._db.execute(
            "SELECT fingerprint, taxonomy, category, user, corrected_at, note, message FROM corrections "
            "WHERE taxonomy = ? ORDER BY id",
            (taxonomy,),
        ).fetchall()
        return [Correction(*(str(v or "") for v in row)) for row in rows]

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _to_row(item: Classification) -> tuple[object, ...]:
        usage = item.usage
        return (
            item.fingerprint,
            item.taxonomy,
            item.taxonomy_version,
            item.category,
            item.domain.value,
            item.confidence,
            item.classified_by.value,
            item.ruleset_version,
            item.reasoning,
            item.rule_id,
            item.evidence,
            item.summary,
            item.suggested_fix,
            item.model,
            item.prompt_version,
            item.normalizer_version,
            item.classified_at,
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_creation_input_tokens,
            usage.cache_read_input_tokens,
            usage.cost_usd,
        )

    @staticmethod
    def _from_row(row: Sequence[object]) -> Classification:
        def text(index: int) -> str:
            value = row[index]
            return "" if value is None else str(value)

        def number(index: int) -> int:
            value = row[index]
            return int(value) if isinstance(value, int | float) else 0

        cost = row[21]
        return Classification(
            fingerprint=text(0),
            taxonomy=text(1),
            taxonomy_version=text(2),
            category=text(3),
            domain=Domain(text(4)),
            confidence=float(row[5]) if isinstance(row[5], int | float) else 0.0,
            classified_by=ClassifiedBy(text(6)),
            ruleset_version=text(7),
            reasoning=text(8),
            rule_id=text(9),
            evidence=text(10),
            summary=text(11),
            suggested_fix=text(12),
            model=text(13),
            prompt_version=text(14),
            normalizer_version=text(15),
            classified_at=text(16),
            usage=TokenUsage(
                number(17),
                number(18),
                number(19),
                number(20),
                float(cost) if isinstance(cost, int | float) else 0.0,
            ),
        )
