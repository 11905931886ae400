"""Backlog fixtures built in a temporary folder: GitHub-style job logs with a few distinct failures."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

from classifier.model import ClassifiedBy, Stream
from classifier.modes.batch import Checkpoint, file_items, process_backlog
from classifier.modes.reclassify import Selection, reclassify
from classifier.settings import Settings, load_settings
from classifier.wiring import build_vocabularies

FAILURES = (
    "Frobnicator refused to glorp the widget (code {n})",
    "fatal: unable to access 'https://example.invalid/repo.git/': Could not resolve host: example.invalid",
    "ERROR: No matching distribution found for leftpadx=={n}.0",
    "Error: Process completed with exit code 1.",
)


def write_logs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = (
            "2026-01-01T00:00:00.0000000Z ##[group]Run ./build.sh\n"
            f"2026-01-01T00:00:01.0000000Z ##[error]{FAILURES[n % 3].format(n=n % 2)}\n"
            f"2026-01-01T00:00:02.0000000Z ##[error]{FAILURES[3]}\n"
        )
        path = folder / f"job-{n:03d}.log"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def batch_settings(tmp: Path, **overrides: str) -> Settings:
    values = {
        "output_dir": str(tmp / "out"),
        "db_path": str(tmp / "out" / "store.db"),
        "mode": "batch",
        "enable_error_classification": "false",
    }
    values.update(overrides)
    return load_settings({}, values)


def reclassify_scenario(store: Any, tmp: Path) -> None:
    """Stored labels from an older rule set are re-examined; the old ones stay as history (any store)."""
    logs = write_logs(tmp / "logs", 3)
    settings = batch_settings(tmp)
    items = list(file_items([str(path) for path in logs]))
    process_backlog(items, settings=settings, store=store, checkpoint=Checkpoint(None))
    labels = {label.fingerprint: label for label in store.current_classifications("ci")}
    ruled = [label for label in labels.values() if label.classified_by is ClassifiedBy.RULE]
    assert len(ruled) >= 2, "the built-in rules settle the fixture's dependency and network errors"
    target, human = ruled[0], ruled[-1]
    stale = dataclasses.replace(
        target,
        category="unknown",
        classified_by=ClassifiedBy.NONE,
        confidence=0.0,
        rule_id="",
        ruleset_version="0",
        classified_at="2026-01-01T00:00:00+00:00",
    )
    store.save_classifications([stale])
    store.save_classifications([dataclasses.replace(human, category="flaky_test", classified_by=ClassifiedBy.HUMAN)])
    vocabulary = build_vocabularies(settings)[Stream.CI]
    selection = Selection(until="2026-06-01", category="unknown")
    dry = reclassify(store, selection, vocabulary, now="2026-11-23T00:00:00+00:00", dry_run=True)
    assert dry.relabelled == 1
    assert store.current_labels([target.fingerprint], "ci")[target.fingerprint].category == "unknown"
    summary = reclassify(store, selection, vocabulary, now="2026-11-23T00:00:00+00:00")
    assert summary.selected == 1
    assert summary.relabelled == 1
    assert summary.changes == Counter({f"unknown -> {target.category}": 1})
    assert summary.groupings == Counter({"ci@2026-12-01f": 1})  # the label was made under the default grouping
    assert "grouping ci@2026-12-01f: 1 label(s)" in summary.render()
    history = store.classification_history(target.fingerprint, "ci")
    assert [label.category for label in history[:3]] == [target.category, "unknown", target.category]
    assert history[1].ruleset_version == "0"  # the previous label is kept as it was
    everything = reclassify(store, Selection(), vocabulary, now="2026-11-23T00:00:00+00:00")
    assert everything.skipped_human == 1
    assert store.current_labels([human.fingerprint], "ci")[human.fingerprint].category == "flaky_test"
    assert everything.relabelled == 0
