"""One CI job log analysed end to end with rules only: the failures a developer would see."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from classifier.model import Analysis, Failure, RunContext
from classifier.pipeline import analyze
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

SETTINGS = load_settings({}, {"enable_error_classification": "false"})


def analysis_of(
    tmp_path: Path, log: str, name: str = "job.log", baseline: Mapping[str, Sequence[str]] | None = None
) -> Analysis:
    """One log written to `tmp_path/name`, analysed (with `baseline`: the passing logs of its jobs by job name)."""
    path = tmp_path / name
    path.write_text(log, encoding="utf-8")
    return analysis_of_file(path, tmp_path / f"{name}.db", baseline)


def analysis_of_file(path: Path, db: Path, baseline: Mapping[str, Sequence[str]] | None = None) -> Analysis:
    """One file analysed with rules only into the SQLite store at `db`."""
    store = SQLiteStore(db)
    try:
        return analyze(
            iter_documents([str(path)]),
            vocabularies=Vocabularies(SETTINGS, store),
            store=store,
            run=RunContext(),
            clock=utc_now,
            baseline=baseline,
        )
    finally:
        store.close()


def failures_of(tmp_path: Path, log: str, name: str = "job.log") -> list[Failure]:
    """The failures of every job of one log written to `tmp_path/name`, root cause first."""
    return [failure for job in analysis_of(tmp_path, log, name).jobs for failure in job.failures]
