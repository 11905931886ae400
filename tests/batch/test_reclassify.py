"""Reclassify mode on the embedded SQLite store: selection, history kept, human labels untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.errors import ConfigError
from classifier.reclassify import Selection, run_reclassify
from classifier.store.sqlite import SQLiteStore
from tests.batch.helpers import batch_settings, reclassify_scenario


def test_reclassify_keeps_history_in_sqlite(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "store.db")
    try:
        reclassify_scenario(store, tmp_path)
    finally:
        store.close()


def test_selection_parsing() -> None:
    chosen = Selection.parse("taxonomy_version=1, category=unknown\nsince=2026-01-01,max_confidence=0.7")
    assert chosen == Selection(taxonomy_version="1", category="unknown", since="2026-01-01", max_confidence=0.7)
    for bad in ("colour=red", "since=yesterday", "max_confidence=high", "category"):
        with pytest.raises(ConfigError):
            Selection.parse(bad)


def test_run_reclassify_writes_a_summary(tmp_path: Path) -> None:
    settings = batch_settings(tmp_path, reclassify_filter="category=unknown")
    out: list[str] = []
    assert run_reclassify(settings, write=out.append) == 0
    report = json.loads((tmp_path / "out" / "reclassify-summary.json").read_text())
    assert report["selection"]["category"] == "unknown"
    assert report["selected"] == 0
    assert out[0].startswith("reclassify: 0 label(s) selected")
