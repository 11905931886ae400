"""Reclassify mode on the OpenSearch store keeps the previous labels in the history index."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Stream
from classifier.modes.batch import Checkpoint, file_items, process_backlog
from classifier.modes.reclassify import Selection, reclassify
from classifier.store.opensearch import OpenSearchStore
from classifier.wiring import build_vocabularies
from tests.batch.helpers import batch_settings, reclassify_scenario, write_logs


def test_reclassify_keeps_history_in_opensearch(store: OpenSearchStore, tmp_path: Path) -> None:
    reclassify_scenario(store, tmp_path)
    assert store.client.count(index="error_classifications_history")["count"] >= 3


def test_same_rules_change_nothing_because_the_whole_record_is_kept(store: OpenSearchStore, tmp_path: Path) -> None:
    write_logs(tmp_path / "logs", 3)
    settings = batch_settings(tmp_path)
    process_backlog(
        list(file_items([str(tmp_path / "logs")])), settings=settings, store=store, checkpoint=Checkpoint(None)
    )
    vocabulary = build_vocabularies(settings)[Stream.CI]
    summary = reclassify(store, Selection(classified_by="rule"), vocabulary, now="2026-11-23T00:00:00+00:00")
    assert summary.selected >= 2
    assert summary.unchanged == summary.selected  # framework and tool hint come back from the occurrence
