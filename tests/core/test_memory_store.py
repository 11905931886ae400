"""The store contract, run on the in-memory store and on SQLite alike: the same answers from both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from classifier.model import ClassifiedBy, RunContext
from classifier.pipeline import analyze
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.base import CacheQuery, Correction, LabelStore
from classifier.store.memory import MemoryStore
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now
from tests.batch.helpers import reclassify_scenario
from tests.core.builders import label, occurrence

RUN = RunContext(repository="o/r", run_id=7, run_attempt=1)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "failed-run"


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LabelStore]:
    opened: LabelStore = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.db")
    yield opened
    opened.close()


def query(fp: str, prompt: str = "p1", now: str = "2026-11-23T12:00:00Z") -> CacheQuery:
    return CacheQuery(fp, "ci", "1", prompt, 0.8, 168, now)


def test_occurrences_are_idempotent_and_counted(store: LabelStore) -> None:
    occs = [occurrence("boom"), occurrence("boom", line=20), occurrence("other")]
    first = store.record_occurrences(RUN, occs, "2026-11-23T10:00:00Z")
    again = store.record_occurrences(RUN, occs, "2026-11-23T11:00:00Z")
    value = occs[0].fingerprint.value
    assert first[value].occurrence_count == 2 and first[value].is_new
    assert again[value].occurrence_count == 2 and not again[value].is_new
    later = store.record_occurrences(RunContext(repository="o/r", run_id=8), occs[:1], "2026-11-24T10:00:00Z")
    assert (later[value].occurrence_count, later[value].first_seen) == (3, "2026-11-23T10:00:00Z")
    sample = store.sample_record(value)
    assert sample is not None and sample.message == "boom"
    assert store.sample_record("0000000000000000") is None


def test_labels_history_and_reuse(store: LabelStore) -> None:
    store.save_classifications([label("f1", by=ClassifiedBy.LLM, prompt="p1", confidence=0.9)])
    assert store.cached_classification(query("f1")) is not None
    assert store.cached_classification(query("f1", prompt="p2")) is None  # another prompt version
    assert store.cached_classification(query("f1", now="2026-12-23T12:00:00Z")) is None  # too old
    store.save_classifications([label("f1", category="flaky_test", by=ClassifiedBy.HUMAN)])
    human = store.cached_classification(query("f1", prompt="p2"))
    assert human is not None and human.classified_by is ClassifiedBy.HUMAN  # a human label is always reused
    assert [old.category for old in store.classification_history("f1", "ci")] == ["flaky_test", "compilation_error"]
    assert set(store.current_labels(["f1", "f2"], "ci")) == {"f1"}
    assert [current.fingerprint for current in store.current_classifications("ci")] == ["f1"]
    store.save_classifications([label("f2", by=ClassifiedBy.RULE)])
    assert store.cached_classification(query("f2")) is None  # rule labels are re-run, never reused


def test_corrections_by_taxonomy(store: LabelStore) -> None:
    store.add_corrections([Correction("f1", "ci", "flaky_test", "me", "2026-11-23T10:00:00Z", "", "boom")])
    assert [c.category for c in store.corrections("ci")] == ["flaky_test"]
    assert store.corrections("llm_api") == []


def test_analysing_twice_gives_the_same_answer_on_both_stores(store: LabelStore) -> None:
    settings = load_settings({}, {"enable_error_classification": "false"})
    runs = [
        analyze(
            iter_documents([str(EXAMPLE)]),
            vocabularies=Vocabularies(settings, store),
            store=store,
            run=RUN,
            clock=utc_now,
        )
        for _ in range(2)
    ]
    assert all(r.stats is not None and r.stats.is_new for r in runs[0].groups)
    assert not any(r.stats is not None and r.stats.is_new for r in runs[1].groups)
    assert [r.classification.category for r in runs[0].groups] == [r.classification.category for r in runs[1].groups]


def test_reclassify_on_the_memory_store(tmp_path: Path) -> None:
    reclassify_scenario(MemoryStore(), tmp_path)
