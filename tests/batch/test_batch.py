"""Batch mode on files with the embedded store: shards, resume after an interruption, idempotent re-runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from classifier.errors import ConfigError
from classifier.model import Problem
from classifier.modes.batch import Checkpoint, Shard, file_items, process_backlog
from classifier.modes.batch import run as run_batch
from classifier.sources.base import Document, WorkItem
from classifier.store.sqlite import SQLiteStore
from tests.batch.helpers import batch_settings, write_logs


def _occurrences(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM occurrences").fetchone()[0])


def test_shards_cover_every_key_exactly_once() -> None:
    keys = [f"octo/app/runs/{run}/attempts/1/jobs/{job}" for run in range(50) for job in range(7)]
    for count in (1, 2, 3, 7):
        owners = [[i for i in range(1, count + 1) if Shard(i, count).owns(key)] for key in keys]
        assert all(len(found) == 1 for found in owners)
        sizes = [sum(1 for found in owners if found == [i]) for i in range(1, count + 1)]
        assert min(sizes) > 0.5 * len(keys) / count  # roughly even


def test_shard_text_is_validated() -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    assert Shard.parse("") == Shard(1, 1)
    for bad in ("0/4", "5/4", "x", "1/0"):
        with pytest.raises(ConfigError):
            Shard.parse(bad)


def test_matrix_shards_split_the_backlog(tmp_path: Path) -> None:
    logs = write_logs(tmp_path / "logs", 24)
    done: list[set[str]] = []
    for index in (1, 2, 3):
        settings = batch_settings(tmp_path, shard=f"{index}/3")
        assert run_batch(settings, paths=[str(tmp_path / "logs")], quiet=True).exit_code == 0
        done.append(set(Checkpoint(tmp_path / "out" / f"batch-checkpoint-shard{index}of3.txt").done))
    assert set.union(*done) == {str(path) for path in logs}
    assert sum(len(part) for part in done) == len(logs)
    assert _occurrences(tmp_path / "out" / "store.db") == 2 * len(logs)


class Interrupt(Exception):
    pass


def _interrupting(items: Sequence[WorkItem], after: int) -> list[WorkItem]:
    """The same items, the one at `after` fails as if the job were cancelled there."""

    def boom() -> Sequence[Document | Problem]:
        raise Interrupt

    return [item if i != after else WorkItem(item.key, item.run, boom) for i, item in enumerate(items)]


@pytest.mark.parametrize("chunk", [1, 4])
def test_resume_after_interruption(tmp_path: Path, chunk: int) -> None:
    write_logs(tmp_path / "logs", 10)
    settings = batch_settings(tmp_path)
    items = list(file_items([str(tmp_path / "logs")]))
    store = SQLiteStore(settings.db_path)
    checkpoint_path = tmp_path / "out" / "checkpoint.txt"
    with pytest.raises(Interrupt):
        process_backlog(
            _interrupting(items, 6),
            settings=settings,
            store=store,
            checkpoint=Checkpoint(checkpoint_path),
            chunk_size=chunk,
        )
    finished = 6 // chunk * chunk  # whole chunks before the interrupted one
    assert len(Checkpoint(checkpoint_path).done) == finished
    resumed = process_backlog(
        items, settings=settings, store=store, checkpoint=Checkpoint(checkpoint_path), chunk_size=chunk
    )
    store.close()
    assert resumed.skipped_done == finished
    assert resumed.processed == 10 - finished
    assert len(Checkpoint(checkpoint_path).done) == 10
    assert _occurrences(Path(settings.db_path)) == 20


def test_rerun_from_scratch_never_double_counts(tmp_path: Path) -> None:
    write_logs(tmp_path / "logs", 6)
    settings = batch_settings(tmp_path)
    for attempt in range(2):
        checkpoint = tmp_path / f"fresh-{attempt}.txt"
        assert (
            run_batch(settings, paths=[str(tmp_path / "logs")], checkpoint_path=checkpoint, quiet=True).exit_code == 0
        )
    assert _occurrences(Path(settings.db_path)) == 12
    summary = (tmp_path / "out" / "batch-summary.json").read_text()
    assert '"processed": 6' in summary
    assert '"new_fingerprints": 0' in summary  # the second run found nothing new


def test_bad_inputs_are_problems_not_crashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_logs(tmp_path / "logs", 2)
    (tmp_path / "logs" / "empty.log").write_bytes(b"")
    settings = batch_settings(tmp_path)
    result = run_batch(settings, paths=[str(tmp_path / "logs"), str(tmp_path / "missing")], quiet=True)
    out = result.text
    assert result.exit_code == 1
    assert "missing" in out
    assert "4 item(s) analysed" in out  # two logs, the empty one, the missing one


def test_batch_needs_a_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        run_batch(batch_settings(tmp_path), quiet=True)
