"""Shared helpers for extractor tests: fixture documents and the optional shared data folder."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from classifier.model import ErrorRecord, Extraction, Role
from classifier.sources.base import Document

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
EXAMPLES = REPO_ROOT / "examples"

# pytest's documented report layout ("Getting started": test_sample.py, `assert inc(3) == 5`), with a fixture
# error added in the format pytest prints for one ("ERROR at setup of"): an error block, then a failure block.
PYTEST_BLOCKS = """\
==================================== ERRORS ====================================
_________________________ ERROR at setup of test_db __________________________

    @pytest.fixture
    def db():
>       raise ConnectionError("database unreachable")
E       ConnectionError: database unreachable

test_sample.py:9: ConnectionError
=================================== FAILURES ===================================
_________________________________ test_answer __________________________________

    def test_answer():
>       assert inc(3) == 5
E       assert 4 == 5
E        +  where 4 = inc(3)

test_sample.py:6: AssertionError
"""


def data_dir() -> Path | None:
    """../shared/data beside the repo, or env CI_CLASSIFY_DATA; None when absent (tests then skip)."""
    override = os.environ.get("CI_CLASSIFY_DATA")
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def file_doc(path: Path, **kwargs: Any) -> Document:
    return Document(str(path), lambda: path.open("rb"), path.stat().st_size, **kwargs)


def bytes_doc(name: str, data: bytes, format_hint: str = "") -> Document:
    return Document(name, lambda: io.BytesIO(data), len(data), format_hint=format_hint)


def causes(extraction: Extraction) -> list[ErrorRecord]:
    return [r for r in extraction.records if r.role is Role.CAUSE]


def symptoms(extraction: Extraction) -> list[ErrorRecord]:
    return [r for r in extraction.records if r.role is Role.SYMPTOM]
