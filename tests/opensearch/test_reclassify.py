"""Reclassify mode on the OpenSearch store keeps the previous labels in the history index."""

from __future__ import annotations

from pathlib import Path

from classifier.store.opensearch import OpenSearchStore
from tests.batch.helpers import reclassify_scenario


def test_reclassify_keeps_history_in_opensearch(store: OpenSearchStore, tmp_path: Path) -> None:
    reclassify_scenario(store, tmp_path)
    assert store.client.count(index="error_classifications_history")["count"] >= 3
