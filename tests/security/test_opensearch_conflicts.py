"""OpenSearch mapping conflicts: an existing index with other field types is found at start, named (index and
field), and written to a versioned index instead; reads and the alias stay consistent; no exit 3, no spool.

Against osmem-server on loopback, which reports live mappings (`GET _mapping`), refuses a value of the wrong
type per bulk item (mapper_parsing_exception), refuses a type change (`PUT _mapping`) and refuses a terms
aggregation on a `text` field, as OpenSearch does: the failures the issue describes are reproduced here
without the fix (see `test_conflicting_plain_index_breaks_what_we_do`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opensearchpy import OpenSearch
from opensearchpy.exceptions import RequestError
from osmem_server import OsmemServer

from classifier.cli import main
from classifier.model import RunContext
from classifier.store.opensearch import OpenSearchStore
from classifier.store.opensearch.layout import coerce
from classifier.store.spool import Spool, SpoolAction
from tests.opensearch.helpers import label, occurrence

RUN = RunContext(repository="acme/app", run_id=7, run_attempt=1)
# Types an earlier tool (or dynamic mapping) gave our fields: text for a keyword, keyword for a long and a date.
CONFLICTING = {
    "s_fingerprint": {"type": "text"},
    "l_run_id": {"type": "keyword"},
    "ts_seen_at": {"type": "keyword"},
    "s_job_name": {"type": "keyword"},
}


@pytest.fixture(scope="module")
def server() -> Iterator[OsmemServer]:
    started = OsmemServer.start(freeze=True, japanese=False, addr="127.0.0.1:0")
    yield started
    started.close()


@pytest.fixture
def url(server: OsmemServer) -> Iterator[str]:
    with server.clone() as clone:
        yield clone.url


def _store(url: str, spool: Path) -> OpenSearchStore:
    store = OpenSearchStore(OpenSearch(hosts=[url], max_retries=0), spool_path=spool)
    store.start()
    return store


def _old_docs(client: OpenSearch, index: str) -> None:
    client.index(index=index, id="old1", body={"s_fingerprint": "legacy one", "l_run_id": "42", "s_job_name": "b"})
    client.index(index=index, id="old2", body={"s_fingerprint": "legacy two", "l_run_id": "not-a-number"})
    client.indices.refresh(index=index)


def test_conflicting_plain_index_breaks_what_we_do(url: str) -> None:
    """The failure modes themselves, on the stand-in: a value refused per item, an aggregation refused."""
    client = OpenSearch(hosts=[url])
    client.indices.create(index="error_occurrences", body={"mappings": {"properties": CONFLICTING}})
    bulk = client.bulk(body=[{"index": {"_index": "error_occurrences", "_id": "x"}}, {"ts_seen_at": 1, "l_run_id": 1}])
    assert bulk["errors"] is False  # a long into a keyword is taken ...
    live = client.indices.get_mapping(index="error_occurrences")["error_occurrences"]["mappings"]["properties"]
    assert live["s_fingerprint"] == {"type": "text"}
    with pytest.raises(RequestError):  # ... but a terms aggregation on a text field is refused (exit 3 before)
        client.search(index="error_occurrences", body={"size": 0, "aggs": {"f": {"terms": {"field": "s_fingerprint"}}}})
    client.indices.create(index="typed", body={"mappings": {"properties": {"l_line_start": {"type": "long"}}}})
    refused = client.bulk(body=[{"index": {"_index": "typed", "_id": "y"}}, {"l_line_start": "twelve"}])
    assert refused["items"][0]["index"]["status"] == 400  # a document refused for good (the growing spool)


def test_alias_over_conflicting_index_moves_to_next_version(url: str, tmp_path: Path) -> None:
    client = OpenSearch(hosts=[url])
    body = {"mappings": {"properties": CONFLICTING}, "aliases": {"error_occurrences": {"is_write_index": True}}}
    client.indices.create(index="error_occurrences-v1", body=body)
    _old_docs(client, "error_occurrences-v1")
    spool = tmp_path / "spool.jsonl"
    store = _store(url, spool)
    (note,) = [n for n in store.notes if "mapping conflict" in n]
    assert "error_occurrences-v1 maps s_fingerprint as text (ci-classify writes keyword)" in note
    assert "l_run_id as keyword (ci-classify writes long)" in note
    assert "ts_seen_at as keyword (ci-classify writes date)" in note
    assert "s_job_name" not in note  # same type: no conflict
    assert "to error_occurrences-v2 (2 documents)" in note
    assert {(c.index, c.field) for c in store.conflicts} == {
        ("error_occurrences-v1", "s_fingerprint"),
        ("error_occurrences-v1", "l_run_id"),
        ("error_occurrences-v1", "ts_seen_at"),
    }
    assert list(client.indices.get_alias(name="error_occurrences")) == ["error_occurrences-v2"]
    assert store.aliases["occurrences"] == "error_occurrences"  # dashboards and queries keep the alias
    old = client.get(index="error_occurrences", id="old1")["_source"]
    assert old == {"s_fingerprint": "legacy one", "l_run_id": 42, "s_job_name": "b"}
    assert client.get(index="error_occurrences", id="old2")["_source"] == {"s_fingerprint": "legacy two"}
    occ = occurrence("a", 3)
    stats = store.record_occurrences(RUN, [occ], "2026-11-21T00:00:00+00:00")
    assert stats[occ.fingerprint.value].occurrence_count == 1
    store.close()
    assert store.problems == [] and store.spooled == 0 and not spool.exists()
    again = _store(url, spool)  # the next run: the alias now fits, nothing to say, nothing moved
    assert not [n for n in again.notes if "mapping" in n or "moved" in n]
    assert list(client.indices.get_alias(name="error_occurrences")) == ["error_occurrences-v2"]
    again.record_occurrences(RunContext(repository="acme/app", run_id=8), [occ], "2026-11-22T00:00:00+00:00")
    counted = again.fingerprint_stats(occ.fingerprint.value)
    assert counted is not None and counted.occurrence_count == 2
    again.close()


def test_plain_index_with_conflicts_reads_and_writes_versioned_index(url: str, tmp_path: Path) -> None:
    client = OpenSearch(hosts=[url])
    client.indices.create(index="error_occurrences", body={"mappings": {"properties": CONFLICTING}})
    _old_docs(client, "error_occurrences")
    spool = tmp_path / "spool.jsonl"
    occ = occurrence("a", 3)
    for run_id, expect_copied in ((1, 2), (2, 0)):  # every run says so; the copy happens once
        store = _store(url, spool)
        (note,) = [n for n in store.notes if "mapping conflict" in n]
        assert "error_occurrences maps s_fingerprint as text" in note
        assert f"reads and writes error_occurrences-v1 instead ({expect_copied} document(s) copied now)" in note
        assert store.aliases["occurrences"] == "error_occurrences-v1"
        store.record_occurrences(RunContext(repository="acme/app", run_id=run_id), [occ], f"2026-11-2{run_id}")
        store.save_classifications([label(occ.fingerprint.value)])
        counted = store.fingerprint_stats(occ.fingerprint.value)
        assert counted is not None and counted.occurrence_count == run_id
        store.close()
        assert store.problems == [] and store.spooled == 0 and not spool.exists()
    assert client.count(index="error_occurrences-v1")["count"] == 2 + 2
    assert client.count(index="error_occurrences")["count"] == 2  # the earlier tool's index is left alone
    client.indices.delete(index="error_occurrences")  # the documented way back to an alias
    store = _store(url, spool)
    assert list(client.indices.get_alias(name="error_occurrences")) == ["error_occurrences-v1"]
    assert store.aliases["occurrences"] == "error_occurrences"
    counted = store.fingerprint_stats(occ.fingerprint.value)
    assert counted is not None and counted.occurrence_count == 2
    store.close()


def test_spooled_writes_follow_the_conflict(url: str, tmp_path: Path) -> None:
    """Writes spooled for the configured name replay into the versioned index instead of being refused."""
    client = OpenSearch(hosts=[url])
    client.indices.create(
        index="error_occurrences", body={"mappings": {"properties": {"l_line_start": {"type": "date"}}}}
    )
    spool = tmp_path / "spool.jsonl"
    Spool(spool).append([SpoolAction("error_occurrences", "s1", {"s_fingerprint": "f", "l_line_start": 12})])
    store = _store(url, spool)
    assert any("replayed 1 spooled write(s)" in note for note in store.notes)
    assert client.get(index="error_occurrences-v1", id="s1")["_source"]["l_line_start"] == 12
    assert store.problems == [] and not spool.exists()
    store.close()


def test_missing_fields_are_added_not_guessed(url: str, tmp_path: Path) -> None:
    """A compatible index lacking our fields gets them typed, before dynamic mapping makes keywords text."""
    client = OpenSearch(hosts=[url])
    client.indices.create(
        index="error_occurrences", body={"mappings": {"properties": {"s_fingerprint": {"type": "keyword"}}}}
    )
    store = _store(url, tmp_path / "spool.jsonl")
    assert any("plain index (no alias); used as it is" in note for note in store.notes)
    assert not store.conflicts
    live = client.indices.get_mapping(index="error_occurrences")["error_occurrences"]["mappings"]["properties"]
    assert live["s_job_name"]["type"] == "keyword" and live["l_run_id"]["type"] == "long"
    occ = occurrence("a", 3)
    store.record_occurrences(RUN, [occ], "2026-11-21T00:00:00+00:00")
    counted = store.fingerprint_stats(occ.fingerprint.value)
    assert counted is not None and counted.occurrence_count == 1
    store.close()


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("42", "long", 42),
        ("x", "long", None),
        (True, "long", None),
        (3.0, "long", 3),
        (5, "keyword", "5"),
        (False, "keyword", "false"),
        ("2026-11-21T00:00:00+00:00", "date", "2026-11-21T00:00:00+00:00"),
        ("yesterday", "date", None),
        ("0.5", "float", 0.5),
        ("true", "boolean", True),
        ({"a": 1}, "keyword", None),
        (["a", 1], "keyword", ["a", "1"]),
    ],
)
def test_copy_keeps_only_values_the_new_type_takes(value: Any, kind: str, expected: Any) -> None:
    assert coerce(value, kind) == expected


def _analyze(tmp_path: Path, log: Path) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.json"
    code = main(["analyze", str(log), "--no-llm", "-q", "--format", "json", "-o", str(out)])
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return code, report


def test_cli_runs_against_a_conflicting_cluster(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole product, twice: exit 0, the conflict named in the report's notes, counts that add up."""
    client = OpenSearch(hosts=[url])
    client.indices.create(index="error_occurrences", body={"mappings": {"properties": CONFLICTING}})
    client.indices.create(
        index="error_classifications-v1",
        body={
            "mappings": {"properties": {"f_confidence_score": {"type": "keyword"}}},
            "aliases": {"error_classifications": {}},
        },
    )
    monkeypatch.setenv("OPENSEARCH_URL", url)
    monkeypatch.setenv("INPUT_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "build.log"
    totals = []
    for variant in range(2):
        log.write_text(f"step {variant}\nERROR: Could not find a version that satisfies the requirement frob==9\n")
        code, report = _analyze(tmp_path, log)
        assert code == 0
        notes = "\n".join(report["notes"])
        assert "error_occurrences maps s_fingerprint as text (ci-classify writes keyword)" in notes
        (group,) = [g for g in report["groups"] if "frob" in g["normalized"]]
        totals.append(group["total_occurrences"])
    assert totals == [1, 2]
    assert list(client.indices.get_alias(name="error_classifications")) == ["error_classifications-v2"]
    assert not list(tmp_path.rglob("opensearch-spool.jsonl*"))  # nothing spooled, nothing refused


def test_concurrent_writers_meet_the_conflict_together(url: str, tmp_path: Path) -> None:
    """Matrix shards start at once: each finds the conflict, one moves the alias, none fails."""
    client = OpenSearch(hosts=[url])
    body = {"mappings": {"properties": CONFLICTING}, "aliases": {"error_occurrences": {"is_write_index": True}}}
    client.indices.create(index="error_occurrences-v1", body=body)
    _old_docs(client, "error_occurrences-v1")
    errors: list[BaseException] = []
    stores: list[OpenSearchStore] = []

    def start(index: int) -> None:
        try:
            stores.append(_store(url, tmp_path / f"spool{index}.jsonl"))
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and len(stores) == 4
    assert list(client.indices.get_alias(name="error_occurrences")) == ["error_occurrences-v2"]
    client.indices.refresh(index="error_occurrences-v2")
    assert client.count(index="error_occurrences")["count"] == 2
    for store in stores:
        store.close()
