"""Helpers shared by benchmarks and data-reading tests: where the shared corpora live."""

from __future__ import annotations

import io
import os
from pathlib import Path

from classifier.sources.base import Document

REPO_ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    """The shared data folder: env CI_CLASSIFY_DATA, else ../shared/data beside the repo; None if absent."""
    override = os.environ.get("CI_CLASSIFY_DATA")
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def memory_document(name: str, data: bytes, format_hint: str = "") -> Document:
    """A Document over bytes already in memory (benchmarks measure extraction, not I/O)."""
    return Document(name, lambda: io.BytesIO(data), len(data), format_hint=format_hint)


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB."""
    import resource  # POSIX only

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
