"""Small builders for rule tests: records and occurrences from plain values."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from classifier.model import ErrorRecord, Fingerprint, Normalized, Occurrence, Role, SourceKind, Stream

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The shared corpora: env CI_CLASSIFY_DATA, else ../shared/data beside the repository."""
    return Path(os.environ.get("CI_CLASSIFY_DATA") or REPO_ROOT.parent / "shared" / "data")


def record(message: str, **fields: Any) -> ErrorRecord:
    """A record from the runner of the CI stream unless `fields` say otherwise."""
    fields.setdefault("kind", SourceKind.RUNNER)
    fields.setdefault("stream", Stream.CI)
    return ErrorRecord(source="job.log", message=message, **fields)


def occurrence(fp: str, message: str, *, role: Role = Role.CAUSE, line: int = 1, **fields: Any) -> Occurrence:
    rec = record(message, role=role, line_start=line, **fields)
    return Occurrence(rec, Fingerprint(fp, "v1", (("message", message),)), Normalized(message, "v1"))
