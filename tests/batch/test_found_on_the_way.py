"""Issue 9's "bugs found on the way", through the real command line: each is a clear error or works."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from classifier.cli import main
from classifier.model import ClassifiedBy
from classifier.store.sqlite import SQLiteStore
from tests.batch.helpers import write_logs


@pytest.fixture(autouse=True)
def _no_services(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENSEARCH_URL", "INPUT_OPENSEARCH_URL", "ANTHROPIC_API_KEY", "INPUT_SHARD", "INPUT_TAXONOMY"):
        monkeypatch.delenv(name, raising=False)


def test_reclassify_with_a_real_relabel_writes_its_summary(tmp_path: Path) -> None:
    out, db = str(tmp_path / "out"), str(tmp_path / "store.db")
    write_logs(tmp_path / "logs", 3)
    assert main(["batch", str(tmp_path / "logs"), "--output-dir", out, "--db", db, "--no-llm", "-q"]) == 0
    store = SQLiteStore(db)
    try:
        ruled = next(label for label in store.current_classifications("ci") if label.rule_id)
        stale = dataclasses.replace(
            ruled, category="unknown", classified_by=ClassifiedBy.NONE, confidence=0.0, rule_id="", ruleset_version="0"
        )
        store.save_classifications([stale])
    finally:
        store.close()
    assert main(["reclassify", "--where", "category=unknown", "--db", db, "--output-dir", out, "--no-llm"]) == 0
    report = json.loads((tmp_path / "out" / "reclassify-summary.json").read_text())
    assert report["relabelled"] == 1
    assert report["changes"] == {f"unknown -> {ruled.category}": 1}


def test_an_unexpected_error_is_exit_3_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "labels.csv"
    bad.write_bytes(b"Fingerprint,Corrected Category\n\xff\xfe,flaky_test\n")  # not UTF-8
    code = main(["import-corrections", str(bad), "--user", "me", "--db", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("ci-classify: internal error (UnicodeDecodeError")
    assert "Traceback" not in err


def test_correct_refuses_a_fingerprint_that_is_not_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.db")
    write_logs(tmp_path / "logs", 1)
    assert main(["batch", str(tmp_path / "logs"), "--output-dir", str(tmp_path), "--db", db, "--no-llm", "-q"]) == 0
    assert main(["correct", "0123456789abcdef", "flaky_test", "--user", "me", "--db", db]) == 2
    assert "is not in the store; nothing saved" in capsys.readouterr().err
    store = SQLiteStore(db)
    try:
        known = store.current_classifications("ci")[0].fingerprint
        assert store.classification_history("0123456789abcdef", "ci") == []
    finally:
        store.close()
    assert main(["correct", known, "flaky_test", "--user", "me", "--db", db]) == 0
    store = SQLiteStore(db)
    try:
        current = store.current_labels([known], "ci")[known]
    finally:
        store.close()
    assert current.classified_by is ClassifiedBy.HUMAN and current.category == "flaky_test"


def test_a_rule_file_for_a_taxonomy_not_in_use_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(
        'ruleset = "mine"\nversion = "1"\ntaxonomy = "cii"\n\n'
        '[[rule]]\nid = "x"\ncategory = "network_error"\nany_line = "refused"\n'
    )
    write_logs(tmp_path / "logs", 1)
    code = main(["analyze", str(tmp_path / "logs"), "--rules", str(rules), "--db", str(tmp_path / "s.db"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "rule file for taxonomy 'cii', which is not in use" in err and str(rules) in err
