"""Spool and replay: the server stops mid-run, nothing is lost, the next run replays."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from opensearchpy import OpenSearch
from osmem_server import OsmemServer

from classifier.model import RunContext
from classifier.store.opensearch import OpenSearchStore
from classifier.store.spool import MAX_ATTEMPTS, MAX_REJECTED, Spool, SpoolAction
from tests.opensearch.helpers import label, occurrence

RUN = RunContext(repository="acme/app", run_id=7, run_attempt=1)


def _store(url: str, spool: Path) -> OpenSearchStore:
    store = OpenSearchStore(OpenSearch(hosts=[url], max_retries=0, timeout=2), spool_path=spool)
    store.start()
    return store


def test_server_stopped_mid_run_then_replayed(tmp_path: Path) -> None:
    spool = tmp_path / "opensearch-spool.jsonl"
    first = [occurrence("a", line) for line in range(5)]
    later = [occurrence("b", line) for line in range(7)]
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server:
        store = _store(server.url, spool)
        store.record_occurrences(RUN, first, "2026-11-21T00:00:00+00:00")
        assert store.spooled == 0
        server.close()  # the cluster goes away mid-run
        stats = store.record_occurrences(RUN, later, "2026-11-21T00:05:00+00:00")
        store.save_classifications([label(later[0].fingerprint.value)])
        store.close()
    assert stats[later[0].fingerprint.value].occurrence_count == 7  # still reported, from this call
    assert store.online is False
    assert any("spooled" in note for note in store.notes)
    assert any("the next run replays them" in note for note in store.notes)
    assert len(Spool(spool)) == 7 + 2  # occurrences, current label, history entry
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server:
        store = _store(server.url, spool)
        assert any("replayed 9 spooled write(s)" in note for note in store.notes)
        assert not spool.exists()
        value = later[0].fingerprint.value
        stats_after = store.fingerprint_stats(value)
        assert stats_after is not None
        assert stats_after.occurrence_count == 7
        current = store.current_classification(value, "ci")
        assert current is not None
        assert current.category == "timeout"
        assert len(store.classification_history(value, "ci")) == 1
        replayed = store.client.search(index="error_occurrences", body={"query": {"match_all": {}}})["hits"]["hits"]
        assert [hit["_source"].get("s_primary_category") for hit in replayed] == ["timeout"] * 7
        store.close()


def test_unreachable_from_the_start_spools_everything(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    store = _store("http://127.0.0.1:9", spool)  # nothing listens on the discard port
    stats = store.record_occurrences(RUN, [occurrence("z", 1)], "2026-11-21T00:00:00+00:00")
    assert next(iter(stats.values())).occurrence_count == 1
    assert store.online is False
    assert len(Spool(spool)) == 1


def test_rejected_items_stay_spooled_and_unreadable_lines_are_problems(tmp_path: Path) -> None:
    spool_path = tmp_path / "spool.jsonl"
    spool = Spool(spool_path)
    spool.append(
        [
            SpoolAction("error_occurrences", "ok", {"s_fingerprint": "f"}),
            SpoolAction("error_occurrences", "bad", {"nope": 1}),
        ]
    )
    with spool_path.open("a") as handle:
        handle.write("{not json\n")
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server:
        store = _store(server.url, spool_path)
        assert store.client.count(index="error_occurrences")["count"] == 1
        store.close()
    assert [a.id for a in Spool(spool_path).pending()[0]] == ["bad"]
    assert any(p.line == 3 for p in store.problems)
    assert any("bad rejected" in p.message for p in store.problems)
    assert (tmp_path / "spool.jsonl.bad").exists()


def test_a_document_refused_for_good_is_moved_aside_not_replayed_forever(tmp_path: Path) -> None:
    """osmem refuses a document its strict mapping does not know, run after run; the fifth refusal ends it."""
    spool_path = tmp_path / "spool.jsonl"
    Spool(spool_path).append([SpoolAction("error_occurrences", "bad", {"nope": 1})])
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server:
        for run in range(1, MAX_ATTEMPTS + 1):
            store = _store(server.url, spool_path)
            store.close()
            if run < MAX_ATTEMPTS:
                assert [a.attempts for a in Spool(spool_path).pending()[0]] == [run]
    assert not spool_path.exists()  # nothing left to replay
    rejected = Spool(tmp_path / "spool.jsonl.rejected").pending()[0]
    assert [(a.id, a.attempts) for a in rejected] == [("bad", MAX_ATTEMPTS)]
    assert any("refused 5 times were moved to" in p.message for p in store.problems)
    assert any("refused for good" in note for note in store.notes)


def test_the_rejected_file_is_capped_and_says_what_it_left_out(tmp_path: Path) -> None:
    spool_path = tmp_path / "spool.jsonl"
    spool = Spool(spool_path)
    spool.rejected_path.write_text("{}\n" * (MAX_REJECTED - 1), encoding="utf-8")
    spool.append([SpoolAction("i", f"id{n}", {}, attempts=MAX_ATTEMPTS - 1) for n in range(3)])
    result = spool.replay(lambda actions: [replace(a, attempts=a.attempts + 1) for a in actions])
    assert (result.sent, result.still_pending, result.rejected) == (0, 0, 3)
    assert sum(1 for _ in spool.rejected_path.open()) == MAX_REJECTED
    assert "2 left out because that file holds its maximum" in result.problems[-1].message
