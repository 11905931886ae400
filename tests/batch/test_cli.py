"""`ci-classify batch` and `ci-classify reclassify` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli import main
from tests.batch.helpers import write_logs


def test_batch_then_reclassify_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("OPENSEARCH_URL", "INPUT_OPENSEARCH_URL", "ANTHROPIC_API_KEY", "INPUT_SHARD"):
        monkeypatch.delenv(name, raising=False)
    write_logs(tmp_path / "logs", 5)
    out, db = str(tmp_path / "out"), str(tmp_path / "store.db")
    assert main(["batch", str(tmp_path / "logs"), "--output-dir", out, "--db", db, "--no-llm", "-q"]) == 0
    assert "batch: 5 item(s) analysed" in capsys.readouterr().out
    assert main(["batch", str(tmp_path / "logs"), "--output-dir", out, "--db", db, "--no-llm", "-q"]) == 0
    assert "5 already done (checkpoint)" in capsys.readouterr().out
    assert (
        main(["reclassify", "--where", "classified_by=rule", "--db", db, "--output-dir", out, "--no-llm", "--dry-run"])
        == 0
    )
    report = json.loads((tmp_path / "out" / "reclassify-summary.json").read_text())
    assert report["selected"] >= 1
    assert report["relabelled"] == 0  # same rules: no category changes
    assert main(["batch", "--shard", "5/4", "--output-dir", out, "--db", db]) == 2
