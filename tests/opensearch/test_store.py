"""OpenSearchStore against osmem-server on loopback, through the real opensearch-py client."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

from opensearchpy import OpenSearch

from classifier.model import ClassifiedBy, RunContext
from classifier.pipeline import analyze
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store import mappings
from classifier.store.base import CacheQuery, Correction
from classifier.store.opensearch import OpenSearchStore
from classifier.store.spool import SpoolAction
from classifier.wiring import Vocabularies, utc_now
from tests.opensearch.helpers import label, occurrence

RUN = RunContext(repository="acme/app", workflow="CI", run_id=4242, run_attempt=1, branch="main", sha="abc")


def test_indexes_created_with_intended_mappings(store: OpenSearchStore) -> None:
    client = store.client
    for kind, alias in store.aliases.items():
        backing = client.indices.get_alias(name=alias)
        assert list(backing) == [f"{alias}-v1"]
        mapping = client.indices.get_mapping(index=alias)[f"{alias}-v1"]["mappings"]
        assert mapping["dynamic"] == "strict"
        assert mapping["_meta"][mappings.MAPPING_META_KEY] == 1
        props = mapping["properties"]
        assert set(props) == set(mappings.FIELDS[kind])
        for name, spec in props.items():
            assert spec["type"] == mappings.field_type(name)
    classification = client.indices.get_mapping(index="error_classifications")["error_classifications-v1"]
    props = classification["mappings"]["properties"]
    assert props["s_primary_category"]["type"] == "keyword"
    assert props["f_confidence_score"]["type"] == "float"
    assert props["l_occurrence_count"]["type"] == "long"
    assert props["b_is_duplicate"]["type"] == "boolean"
    assert props["ts_first_seen"]["type"] == "date"
    assert props["t_summary"]["type"] == "text"
    assert client.indices.exists_index_template(name="error_occurrences-template")


def test_occurrence_documents_link_to_seed_indexes(store: OpenSearchStore) -> None:
    occ = occurrence("x", 3, source="https://github.com/acme/app/actions/runs/4242/job/777", job="build")
    store.record_occurrences(RUN, [occ], "2026-11-21T00:00:00+00:00")
    hits = store.client.search(index="error_occurrences", body={"query": {"match_all": {}}})["hits"]["hits"]
    doc = hits[0]["_source"]
    assert doc["s_job_id"] == "github-job-777-attempt-1"
    assert doc["s_workflow_id"] == "4242"
    assert doc["l_run_id"] == 4242
    assert doc["s_fingerprint"] == occ.fingerprint.value
    assert doc["b_new_fingerprint"] is True
    store.save_classifications([label(occ.fingerprint.value, "network_error")])
    labelled = store.client.get(index="error_occurrences", id=hits[0]["_id"])["_source"]
    assert labelled["s_primary_category"] == "network_error"  # for the dashboards' category charts
    assert labelled["s_domain"] == "infrastructure"
    current = store.client.get(index="error_classifications", id=f"ci-1-{occ.fingerprint.value}")["_source"]
    assert current["s_job_id"] == "github-job-777-attempt-1"
    assert current["l_occurrence_count"] == 1
    assert current["b_is_duplicate"] is False
    assert current["l_prompt_tokens"] == 1200
    assert current["l_cached_tokens"] == 1000


def test_bulk_reports_rejected_item_and_lands_the_rest(store: OpenSearchStore, tmp_path: Path) -> None:
    alias = store.aliases["occurrences"]
    good = {"s_fingerprint": "f1", "@timestamp": "2026-11-21T00:00:00Z"}
    actions = [
        SpoolAction(alias, "a", good),
        SpoolAction(alias, "b", {**good, "no_such_field": 1}),
        SpoolAction(alias, "c", {**good, "l_run_id": "not a number"}),
        SpoolAction(alias, "d", good),
    ]
    assert store.write_documents(actions) == 2
    assert store.client.count(index=alias)["count"] == 2
    rejected = [p for p in store.problems if p.kind == "store"]
    assert {p.message.split()[1] for p in rejected} == {"b", "c"}
    assert [a.id for a in store.spool.pending()[0]] == ["b", "c"]  # kept, not lost


def test_rerun_never_double_counts(store: OpenSearchStore) -> None:
    occs = [occurrence("same", line) for line in (1, 2, 3)] + [occurrence("other", 9)]
    first = store.record_occurrences(RUN, occs, "2026-11-21T00:00:00+00:00")
    again = store.record_occurrences(RUN, occs, "2026-11-21T01:00:00+00:00")
    value = occs[0].fingerprint.value
    assert first[value].occurrence_count == 3
    assert first[value].is_new is True
    assert again[value].occurrence_count == 3
    assert again[value].is_new is False
    later = RunContext(repository="acme/app", run_id=4243, run_attempt=1)
    third = store.record_occurrences(later, occs[:1], "2026-11-22T00:00:00+00:00")
    assert third[value].occurrence_count == 4
    assert third[value].first_seen.startswith("2026-11-21")
    assert third[value].last_seen.startswith("2026-11-22")


def test_concurrent_writers_keep_counts_right(os_url: str, tmp_path: Path) -> None:
    writers, per_writer = 6, 40
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            mine = OpenSearchStore(OpenSearch(hosts=[os_url]), spool_path=tmp_path / f"s{index}.jsonl")
            mine.start()
            run = RunContext(repository="acme/app", run_id=100 + index, run_attempt=1)
            occs = [occurrence("shared", line) for line in range(per_writer)]
            for start in range(0, per_writer, 10):  # several writes each, interleaved with the others
                mine.record_occurrences(run, occs[start : start + 10], "2026-11-21T00:00:00+00:00")
                mine.record_occurrences(run, occs[start : start + 10], "2026-11-21T00:00:00+00:00")
            mine.save_classifications([label(occs[0].fingerprint.value)])
            mine.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = OpenSearchStore(OpenSearch(hosts=[os_url]), spool_path=tmp_path / "check.jsonl")
    check.start()
    value = occurrence("shared", 0).fingerprint.value
    stats = check.fingerprint_stats(value)
    assert stats is not None
    assert stats.occurrence_count == writers * per_writer
    # the snapshot in the label document converges once a writer refreshes it
    check.record_occurrences(
        RunContext(repository="acme/app", run_id=100, run_attempt=1),
        [occurrence("shared", 0)],
        "2026-11-21T00:00:00+00:00",
    )
    doc = check.client.get(index="error_classifications", id=f"ci-1-{value}")["_source"]
    assert doc["l_occurrence_count"] == writers * per_writer
    assert doc["b_is_duplicate"] is True


def test_cache_semantics_match_sqlite(store: OpenSearchStore) -> None:
    value = occurrence("c", 1).fingerprint.value
    store.save_classifications([label(value)])

    def query(**changes: object) -> CacheQuery:
        base = dict(
            fingerprint=value,
            taxonomy="ci",
            taxonomy_version="1",
            prompt_version="p1",
            min_confidence=0.8,
            max_age_hours=168.0,
            now="2026-11-21T10:00:00+00:00",
        )
        base.update(changes)
        return CacheQuery(**base)  # type: ignore[arg-type]

    found = store.cached_classification(query())
    assert found is not None
    assert found.category == "timeout"
    assert found.usage.cache_read_input_tokens == 1000
    assert store.cached_classification(query(prompt_version="p2")) is None
    assert store.cached_classification(query(prompt_version="*")) is not None
    assert store.cached_classification(query(taxonomy_version="2")) is None
    assert store.cached_classification(query(min_confidence=0.95)) is None
    assert store.cached_classification(query(now="2026-12-30T00:00:00+00:00")) is None
    store.save_classifications([label(value, "flaky_test", by=ClassifiedBy.HUMAN, confidence=1.0)])
    human = store.cached_classification(query(now="2027-12-30T00:00:00+00:00", prompt_version="p9"))
    assert human is not None
    assert human.category == "flaky_test"
    store.save_classifications([label(value, "timeout", by=ClassifiedBy.RULE, confidence=1.0)])
    assert store.cached_classification(query()) is None  # rule labels are recomputed, not cached


def test_history_keeps_previous_labels(store: OpenSearchStore) -> None:
    value = occurrence("h", 1).fingerprint.value
    store.save_classifications([label(value, "network_error", prompt="p1")])
    store.save_classifications([label(value, "timeout", prompt="p2", at="2026-11-21T10:00:00+00:00")])
    history = store.classification_history(value, "ci")
    assert [item.category for item in history] == ["timeout", "network_error"]
    current = store.current_classification(value, "ci")
    assert current is not None
    assert current.prompt_version == "p2"
    assert [c.category for c in store.current_classifications("ci")] == ["timeout"]


def test_late_replay_never_overwrites_a_newer_label(store: OpenSearchStore) -> None:
    value = occurrence("v", 1).fingerprint.value
    store.save_classifications([label(value, "network_error")])
    store.save_classifications([label(value, "timeout")])
    alias = store.aliases["classifications"]
    stale = SpoolAction(
        alias,
        f"ci-1-{value}",
        {"s_fingerprint": value, "s_taxonomy": "ci", "s_primary_category": "stale", "l_saved_ns": 1},
        version=1,
    )
    assert store.write_documents([stale]) == 1  # accepted as superseded
    current = store.current_classification(value, "ci")
    assert current is not None
    assert current.category == "timeout"


def test_corrections_round_trip(store: OpenSearchStore) -> None:
    item = Correction("f1", "ci", "flaky_test", "octocat", "2026-11-21T00:00:00+00:00", note="seen pass on rerun")
    store.add_corrections([item, item])
    assert store.corrections("ci") == [item]
    assert store.corrections("llm_api") == []


def test_mapping_change_moves_alias_to_new_versioned_index(os_url: str, tmp_path: Path) -> None:
    client = OpenSearch(hosts=[os_url])
    client.indices.create(
        index="error_occurrences-v0",
        body={
            "mappings": {"properties": {"s_fingerprint": {"type": "keyword"}, "legacy": {"type": "keyword"}}},
            "aliases": {"error_occurrences": {}},
        },
    )
    client.index(index="error_occurrences-v0", id="old1", body={"s_fingerprint": "f", "legacy": "x"})
    store = OpenSearchStore(client, spool_path=tmp_path / "s.jsonl")
    store.start()
    assert list(client.indices.get_alias(name="error_occurrences")) == ["error_occurrences-v1"]
    moved = client.get(index="error_occurrences", id="old1")["_source"]
    assert moved == {"s_fingerprint": "f"}
    assert any("moved error_occurrences" in note for note in store.notes)


def test_documents_are_redacted_before_they_leave(store: OpenSearchStore) -> None:
    secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    occ = occurrence("r", 1)
    leaky = dataclasses.replace(occ, record=dataclasses.replace(occ.record, message=f"push failed: token {secret}"))
    store.record_occurrences(RUN, [leaky], "2026-11-21T00:00:00+00:00")
    store.save_classifications([dataclasses.replace(label(occ.fingerprint.value), summary=f"bad token {secret}")])
    for index in ("error_occurrences", "error_classifications", "error_classifications_history"):
        hits = store.client.search(index=index, body={"query": {"match_all": {}}})["hits"]["hits"]
        assert hits
        text = json.dumps([hit["_source"] for hit in hits])
        assert secret not in text
        assert "REDACTED" in text


def test_occurrences_of_known_fingerprints_carry_their_category(store: OpenSearchStore, tmp_path: Path) -> None:
    """Dashboards count categories over time from occurrences: recurring failures must carry one too."""
    log = tmp_path / "job.log"
    log.write_text(
        "2026-01-01T00:00:00.0000000Z ##[error]fatal: unable to access 'https://example.invalid/r.git/': "
        "Could not resolve host: example.invalid\n"
    )
    settings = load_settings({}, {"enable_error_classification": "false"})
    for run_id in (1, 2):  # the second run meets a known fingerprint whose label does not change
        analyze(
            iter_documents([str(log)]),
            vocabularies=Vocabularies(settings, store),
            store=store,
            run=RunContext(repository="o/r", run_id=run_id),
            clock=utc_now,
        )
    store.client.indices.refresh(index="error_occurrences")
    hits = store.client.search(index="error_occurrences", body={"size": 100})["hits"]["hits"]
    assert len(hits) == 2
    assert {hit["_source"].get("s_primary_category") for hit in hits} == {"network_error"}
