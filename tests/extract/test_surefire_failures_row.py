"""Maven 3's `[ERROR] Failures:` recap: each `[ERROR]   ATest.testA:12 msg` row is the failure, at its own line.

The header only says rows follow; the row names the test, its line and the assertion's message.
"""

from __future__ import annotations

from pathlib import Path

from tests.link.test_jobs import run, write

# apache/maven-pmd-plugin#178 (a reviewer's `mvn verify` output, trimmed to the results)
RESULTS = """[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   CpdViolationCheckMojoTest.testException:68 MojoFailureException should be thrown.
[INFO]
[ERROR] Tests run: 50, Failures: 1, Errors: 0, Skipped: 0
[INFO]
[INFO] BUILD FAILURE
"""


def test_the_row_is_the_failure_at_its_line(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", RESULTS)], tmp_path).jobs
    (failure,) = job.failures
    record = failure.root.record
    assert record.line_start == 4
    assert record.message == "MojoFailureException should be thrown."
    assert record.test_id == "CpdViolationCheckMojoTest.testException"
    assert failure.classification.category == "assertion_failure"
