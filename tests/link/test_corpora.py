"""Linking on real third-party logs from the shared corpora (skipped when the folder is absent)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from bench.common import data_dir, memory_document
from bench.job_failures import answer
from classifier.link.shapes import Shape, shape_of

DATA = data_dir()
pytestmark = pytest.mark.skipif(DATA is None, reason="shared data not present")


def _gz(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def test_gitlab_traces_of_succeeded_jobs_have_no_failure() -> None:
    assert DATA is not None
    paths = sorted((DATA / "ci_logs" / "gitlab-runner-traces").glob("log-*.gz"))
    assert paths
    for path in paths:
        result = answer([memory_document(path.name, _gz(path))])
        assert result.job.succeeded and not result.job.failures, path.name


def test_bugswarm_jobs_lead_with_a_cause_and_say_each_failure_once() -> None:
    assert DATA is not None
    root = DATA / "ci_logs" / "bugswarm_dev"
    rows = list(csv.DictReader((root / "labels.csv").open(newline="")))[::30]
    assert rows
    for row in rows:
        path = root / row["log"].strip()
        result = answer([memory_document(path.name, _gz(path))])
        failures = result.job.failures
        assert len(failures) <= result.unique, path.name
        causes = [e.occurrence for f in failures for e in f.evidence if shape_of(e.occurrence.record) is Shape.CAUSE]
        if causes:
            assert shape_of(failures[0].root.record) is Shape.CAUSE, path.name
        roots = [f.root.fingerprint.value for f in failures]
        assert len(roots) == len(set(roots)), path.name


def test_a_collection_error_past_the_repeat_limit_keeps_the_module_s_syntax_error() -> None:
    """BugSwarm python-mypy-367177798: 20 modules fail to import one file with a SyntaxError; pytest first
    raises its own AttributeError while reporting each. One failure, led by the SyntaxError, for each module."""
    assert DATA is not None
    path = DATA / "ci_logs" / "bugswarm_dev" / "logs" / "python-mypy-367177798.log.gz"
    [failure] = answer([memory_document(path.name, _gz(path))]).job.failures
    assert failure.root.record.message == "SyntaxError: invalid syntax"
    modules = {e.occurrence.record.test_id for e in failure.evidence}
    assert {"mypy/test/testcheck.py", "mypy/test/testpythoneval.py"} <= modules and len(modules - {""}) >= 20
