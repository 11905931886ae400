"""Reclassify mode on the embedded SQLite store: selection, history kept, human labels untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.errors import ConfigError
from classifier.model import ClassifiedBy
from classifier.modes.batch import Checkpoint, file_items, process_backlog
from classifier.modes.reclassify import Selection
from classifier.modes.reclassify import run as run_reclassify
from classifier.rules.taxonomy import load_taxonomy
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import build_llm_stage
from tests.batch.helpers import batch_settings, reclassify_scenario
from tests.servers.anthropic_api import FakeAnthropic


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
    result = run_reclassify(settings)
    assert result.exit_code == 0
    out = [result.text]
    report = json.loads((tmp_path / "out" / "reclassify-summary.json").read_text())
    assert report["selection"]["category"] == "unknown"
    assert report["selected"] == 0
    assert out[0].startswith("reclassify: 0 label(s) selected")


def test_reclassify_asks_the_model_for_what_rules_cannot_settle(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "deploy.log"
    log.parent.mkdir()
    log.write_text("2026-01-01T00:00:00.0000000Z ##[error]Frobnicator refused to glorp the widget (code 7)\n")
    store = SQLiteStore(tmp_path / "store.db")
    try:
        settings = batch_settings(tmp_path)
        process_backlog(list(file_items([str(log)])), settings=settings, store=store, checkpoint=Checkpoint(None))
        [before] = store.current_classifications("ci")
        assert before.classified_by is ClassifiedBy.NONE
        with FakeAnthropic() as api:
            model_settings = batch_settings(
                tmp_path, enable_error_classification="true", anthropic_api_key="sk-ant-test", api_base_url=api.url
            )
            model, reason = build_llm_stage(model_settings, load_taxonomy("ci"), sleep=lambda _s: None)
            assert model is not None, reason
            result = run_reclassify(model_settings, selection=Selection(classified_by="none"), store=store, model=model)
        assert result.exit_code == 0
        out = [result.text]
        assert "1 settled by the model" in out[0]
        history = store.classification_history(before.fingerprint, "ci")
        assert [label.classified_by for label in history] == [ClassifiedBy.LLM, ClassifiedBy.NONE]
        assert history[0].prompt_version
    finally:
        store.close()
