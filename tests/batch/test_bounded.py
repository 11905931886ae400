"""Batch bookkeeping stays bounded (issue 11): done keys are looked up on disk, problems are capped and
the rest counted."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.model import Problem
from classifier.modes.batch.checkpoint import Checkpoint, DoneKeys
from classifier.modes.batch.run import BatchSummary, run
from classifier.report.stats import MAX_PROBLEMS
from classifier.settings import load_settings


def test_done_keys_are_a_set_on_disk() -> None:
    keys = DoneKeys(["a", "b", "a", "run 7/job 3"])
    assert len(keys) == 3 and "a" in keys and "run 7/job 3" in keys and "c" not in keys
    keys.add("c")
    keys.add("a")
    assert len(keys) == 4 and "c" in keys and sorted(keys) == ["a", "b", "c", "run 7/job 3"]


def test_checkpoint_keys_are_read_back_from_its_file(tmp_path: Path) -> None:
    path = tmp_path / "done.txt"
    first = Checkpoint(path)
    for key in ("k1", "k2", "with\nnewline"):
        first.mark(key)
    again = Checkpoint(path)
    assert len(again.done) == 3 and "k1" in again.done and "with newline" in again.done
    assert "with\nnewline" in first.done and "k3" not in again.done
    assert set(Checkpoint(None).done) == set()


def test_problems_are_capped_and_the_rest_counted() -> None:
    summary = BatchSummary()
    summary.add_problems(Problem(f"bad-{n}.log", "empty file") for n in range(MAX_PROBLEMS + 5))
    assert len(summary.problems) == MAX_PROBLEMS and summary.more_problems == 5
    assert summary.problems[-1].source == f"bad-{MAX_PROBLEMS - 1}.log"
    text = summary.render()
    assert f"bad-{MAX_PROBLEMS - 1}.log: empty file" in text and f"bad-{MAX_PROBLEMS}.log" not in text
    assert "… and 5 more problem(s), not listed" in text


def test_batch_run_over_files_counts_problems_beyond_the_cap(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for n in range(MAX_PROBLEMS + 2):
        (logs / f"empty-{n:04d}.log").write_text("")
    (logs / "red.log").write_text("src/app.c:3:1: error: expected ';' before '}' token\n")
    out = tmp_path / "out"
    settings = load_settings(
        {},
        {
            "mode": "batch",
            "output_dir": str(out),
            "db_path": str(tmp_path / "s.db"),
            "enable_error_classification": "false",
        },
    )
    result = run(settings, paths=[str(logs)], quiet=True)
    assert result.exit_code == 1 and len(result.problems) == MAX_PROBLEMS
    saved = json.loads((out / "batch-summary.json").read_text())
    assert (
        saved["more_problems"] == 2
        and len(saved["problems"]) == MAX_PROBLEMS
        and saved["processed"] == MAX_PROBLEMS + 3
    )
    assert "… and 2 more problem(s), not listed" in result.text
