"""Rule ranks reach the primary choice of the real pipeline (rules only, SQLite store)."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Analysis
from tests.core.ci_logs import analysis_of_file

from .helpers import REPO_ROOT

# A unittest run: a test errors on a missing module; an unrelated test fails later.
TEST_LOG = """$ python -m unittest discover
======================================================================
ERROR: test_redirect (app.test.http.HttpTest)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/home/runner/work/app/app/app/test/http.py", line 12, in test_redirect
    import netius
ImportError: No module named netius

======================================================================
FAIL: test_total (app.test.cart.CartTest)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/home/runner/work/app/app/app/test/cart.py", line 40, in test_total
    self.assertEqual(total, 10)
AssertionError: 9 != 10

----------------------------------------------------------------------
Ran 12 tests in 0.101s

FAILED (failures=1, errors=1)
The command "python -m unittest discover" exited with 1.
"""


def _analysis(path: Path, tmp_path: Path) -> Analysis:
    return analysis_of_file(path, tmp_path / "s.db")


def _primary(path: Path, tmp_path: Path) -> tuple[str, str]:
    return _primary_of(_analysis(path, tmp_path))


def _primary_of(analysis: Analysis) -> tuple[str, str]:
    primary = analysis.inputs[0].primary
    assert primary is not None
    label = analysis.classification_for(primary.fingerprint.value)
    assert label is not None
    return primary.record.message, label.category


def test_example_job_primary_is_network_error(tmp_path: Path) -> None:
    message, category = _primary(REPO_ROOT / "examples" / "failed-run" / "logs" / "test (3.11).txt", tmp_path)
    assert "Connection refused" in message
    assert category == "network_error"


def test_missing_module_inside_a_test_is_that_test_errors_cause_and_ranks_with_the_tests(tmp_path: Path) -> None:
    # Linking (classifier/link/) makes a test's header and the exception under it one failure whose root is
    # the exception; the rule's rank still keeps it with the test failures (first by position, not first
    # because dependency_error outranks assertions).
    log = tmp_path / "job.log"
    log.write_text(TEST_LOG)
    analysis = _analysis(log, tmp_path)
    message, category = _primary_of(analysis)
    assert message == "ImportError: No module named netius", message
    assert category == "dependency_error"
    (job,) = analysis.jobs
    first, second = job.failures
    # the scanner already joins the unittest header and its exception line into one record (extract/blocks.py)
    assert any(
        e.occurrence.record.test_id == "app.test.http.HttpTest.test_redirect"
        and e.occurrence.record.context[0].startswith("ERROR: test_redirect")
        for e in first.evidence
    )
    assert second.root.record.message == "AssertionError: 9 != 10"
