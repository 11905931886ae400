"""One failure shown by many records: one exception thrown at one place in many tests, one report's findings.

Fixtures (tests/fixtures/link/):
- surefire-same-throw-site.log: surefire output quoted in github.com/Azure/azure-iot-sdk-java/issues/539 (two
  test classes failing in one broken runner class; the reporter's terminal wrapped two lines, joined here
  as surefire printed them);
- junit3-shared-helper.log: the trace quoted in github.com/Asqatasun/Asqatasun/issues/132 (a JUnit 3
  assertion failing in a shared checking helper), printed for two tests of the class (named as Java methods
  here; the original's test name has a dash);
- mypy-one-report.log: mypy output quoted in github.com/python/mypy/issues/1174 (four errors of one run);
- javadoc-report.log: the first javadoc errors quoted in github.com/marytts/marytts/issues/352 (its command,
  `mvn site`, as that issue says).
"""

from __future__ import annotations

from pathlib import Path

from tests.link.test_jobs import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "link"


def test_one_exception_thrown_at_one_place_in_many_tests_is_one_failure(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "surefire-same-throw-site.log"], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.exception_type == "NoClassDefFoundError"
    tests = {e.occurrence.record.test_id for e in failure.evidence if e.occurrence.record.test_id}
    assert len(tests) == 2  # both test classes are evidence of the one failure


def test_failed_assertions_in_a_shared_helper_stay_apart(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "junit3-shared-helper.log"], tmp_path).jobs
    assert [f.root.record.test_id.rsplit(".", 1)[-1] for f in job.failures] == ["rule060501", "rule060502"]


def test_findings_of_one_report_are_one_failure_led_by_the_first(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "mypy-one-report.log"], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("Incompatible types in assignment (expression has type")
    assert len(failure.evidence) == 4


def test_the_finding_whose_category_ranks_first_leads_a_report(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "javadoc-report.log"], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message == "@param name not found"  # javadoc's own wording: a lint finding
    assert failure.classification.category == "lint_error"
