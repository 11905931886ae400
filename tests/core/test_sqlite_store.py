from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from classifier.errors import StoreError
from classifier.model import ClassifiedBy, RunContext
from classifier.store.base import CacheQuery, Correction
from classifier.store.sqlite import SQLiteStore
from tests.core.builders import label, occurrence

RUN = RunContext(repository="o/r", run_id=7, run_attempt=1)


def query(fp: str, prompt: str = "p1", now: str = "2026-11-23T12:00:00Z") -> CacheQuery:
    return CacheQuery(fp, "ci", "1", prompt, 0.8, 168, now)


def test_same_input_twice_does_not_double_count(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    occs = [occurrence("boom"), occurrence("boom", line=20), occurrence("other")]
    first = store.record_occurrences(RUN, occs, "2026-11-23T10:00:00Z")
    again = store.record_occurrences(RUN, occs, "2026-11-23T11:00:00Z")
    fp = occs[0].fingerprint.value
    assert first[fp].occurrence_count == 2 and first[fp].is_new
    assert again[fp].occurrence_count == 2 and not again[fp].is_new
    later_run = store.record_occurrences(RunContext(repository="o/r", run_id=8), occs[:1], "2026-11-24T10:00:00Z")
    assert later_run[fp].occurrence_count == 3
    assert later_run[fp].first_seen == "2026-11-23T10:00:00Z"
    assert later_run[fp].last_seen == "2026-11-24T10:00:00Z"
    assert (first[fp].runs, later_run[fp].runs) == (1, 2), "distinct runs, for 'seen N times in M runs'"
    retried = store.record_occurrences(
        RunContext(repository="o/r", run_id=8, run_attempt=2), occs[:1], "2026-11-24T11:00:00Z"
    )
    assert retried[fp].runs == 2, "another attempt of a run is the same run"
    stats = store.fingerprint_stats(fp)
    assert stats is not None and stats.runs == 2


def test_same_log_without_a_run_id_counts_once_whatever_the_time(tmp_path: Path) -> None:
    # A batch re-run from scratch over files (no run id) stores the same records a second later: the time
    # of the analysis must not make them new occurrences. A different log (other text) still counts.
    store = SQLiteStore(tmp_path / "s.db")
    occs = [occurrence("boom")]
    store.record_occurrences(RunContext(), occs, "2026-11-23T10:00:00Z")
    again = store.record_occurrences(RunContext(), occs, "2026-11-23T10:00:01Z")
    fp = occs[0].fingerprint.value
    assert again[fp].occurrence_count == 1
    other_log = [occurrence("boom", source="logs/other.log")]
    assert store.record_occurrences(RunContext(), other_log, "2026-11-23T10:00:02Z")[fp].occurrence_count == 2


def test_concurrent_writers_keep_counts_right(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()

    def writer(run_id: int) -> None:
        store = SQLiteStore(path)
        for line in range(20):
            store.record_occurrences(
                RunContext(run_id=run_id), [occurrence("shared", line=line)], "2026-11-23T10:00:00Z"
            )
        store.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats = SQLiteStore(path).fingerprint_stats(occurrence("shared").fingerprint.value)
    assert stats is not None and stats.occurrence_count == 80


def test_cache_reuse_policy(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.save_classifications([label("f1", by=ClassifiedBy.LLM, prompt="p1", confidence=0.9)])
    assert store.cached_classification(query("f1")) is not None
    assert store.cached_classification(query("f1", prompt="p2")) is None, "other prompt version"
    assert store.cached_classification(query("f1", prompt="*")) is not None, "wildcard when no model"
    assert store.cached_classification(query("f1", now="2026-12-30T00:00:00Z")) is None, "older than TTL"
    store.save_classifications([label("f2", by=ClassifiedBy.LLM, prompt="p1", confidence=0.5)])
    assert store.cached_classification(query("f2")) is None, "below MIN_CONFIDENCE_FOR_REUSE"
    store.save_classifications([label("f3", by=ClassifiedBy.RULE)])
    assert store.cached_classification(query("f3")) is None, "rule labels are re-run, not reused"
    store.save_classifications([label("f4", by=ClassifiedBy.HUMAN, confidence=1.0, at="2020-01-01T00:00:00Z")])
    found = store.cached_classification(query("f4"))
    assert found is not None and found.classified_by is ClassifiedBy.HUMAN


def test_history_is_kept(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.save_classifications([label("f1", "unknown")])
    store.save_classifications([label("f1", "timeout")])
    history = store.classification_history("f1", "ci")
    assert [item.category for item in history] == ["timeout", "unknown"]


def test_labels_saved_together_are_those_saved_one_by_one(tmp_path: Path) -> None:
    """One call saves its labels in order: the same rows, ids and current flags as a call per label."""
    labels = [label("f1", "timeout"), label("f2"), label("f1", "unknown"), label("f3"), label("f1", "oom")]
    together, alone = SQLiteStore(tmp_path / "a.db"), SQLiteStore(tmp_path / "b.db")
    for store in (together, alone):
        store.save_classifications([label("f1", "flaky_test"), label("f2", "flaky_test")])
    together.save_classifications(labels)
    for item in labels:
        alone.save_classifications([item])
    rows = [
        sqlite3.connect(tmp_path / name).execute("SELECT * FROM classifications ORDER BY id").fetchall()
        for name in ("a.db", "b.db")
    ]
    assert rows[0] == rows[1] and len(rows[0]) == 7
    assert [item.category for item in together.current_classifications("ci")] == [
        "compilation_error",
        "compilation_error",
        "oom",
    ]
    assert [item.category for item in together.classification_history("f1", "ci")] == [
        "oom",
        "unknown",
        "timeout",
        "flaky_test",
    ]


def test_corrections_round_trip(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.add_corrections([Correction("f1", "ci", "timeout", "me@x", "2026-11-23T00:00:00Z", "was unknown", "msg")])
    assert store.corrections("ci")[0].category == "timeout"
    assert store.corrections("llm_api") == []


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        SQLiteStore(path)


def test_failed_write_leaves_store_intact(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.save_classifications([label("f1", "timeout")])
    broken = label("f1", "unknown")
    object.__setattr__(broken, "confidence", object())  # not storable: the transaction must roll back
    with pytest.raises(sqlite3.Error):
        store.save_classifications([broken])
    current = store.classification_history("f1", "ci")
    assert [item.category for item in current] == ["timeout"]
