"""The job as the unit of the answer, end to end through `analyze` (rules only, SQLite)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import jsonschema

from classifier.link.shapes import Shape, shape_of
from classifier.model import Analysis, Failure, JobResult, Link, RunContext
from classifier.pipeline import analyze
from classifier.report.csv_report import render_csv
from classifier.report.json_report import render_json
from classifier.report.text import render_text
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "failed-run"
SETTINGS = load_settings({}, {"enable_error_classification": "false"})

# docs.python.org/3/tutorial/errors.html, "Exception Chaining" (implicit chaining while handling)
PYTHON_HANDLING = """Traceback (most recent call last):
  File "<stdin>", line 2, in <module>
    open("database.sqlite")
    ~~~~^^^^^^^^^^^^^^^^^^^
FileNotFoundError: [Errno 2] No such file or directory: 'database.sqlite'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "<stdin>", line 4, in <module>
    raise RuntimeError("unable to handle error")
RuntimeError: unable to handle error
"""

# the same page, `raise ... from exc`
PYTHON_FROM = """Traceback (most recent call last):
  File "<stdin>", line 2, in <module>
    func()
    ~~~~^^
  File "<stdin>", line 2, in func
ConnectionError

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "<stdin>", line 4, in <module>
    raise RuntimeError('Failed to open database') from exc
RuntimeError: Failed to open database
"""

# the JDK's java.lang.Throwable#printStackTrace() documentation example
JAVA_CAUSED_BY = """HighLevelException: MidLevelException: LowLevelException
         at Junk.a(Junk.java:13)
         at Junk.main(Junk.java:4)
 Caused by: MidLevelException: LowLevelException
         at Junk.c(Junk.java:23)
         at Junk.b(Junk.java:17)
         at Junk.a(Junk.java:11)
         ... 1 more
 Caused by: LowLevelException
         at Junk.e(Junk.java:30)
         at Junk.d(Junk.java:27)
         at Junk.c(Junk.java:21)
         ... 3 more
"""


def run(paths: Sequence[Path], tmp_path: Path, baseline: Mapping[str, Sequence[str]] | None = None) -> Analysis:
    store = SQLiteStore(tmp_path / "s.db")
    try:
        docs = iter_documents([str(path) for path in paths])
        vocabularies = Vocabularies(SETTINGS, store)
        return analyze(docs, vocabularies=vocabularies, store=store, run=RunContext(), clock=utc_now, baseline=baseline)
    finally:
        store.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def job_of(analysis: Analysis, name: str) -> JobResult:
    return next(job for job in analysis.jobs if any(path.endswith(name) for path in job.inputs))


def links(failure: Failure) -> list[tuple[Link, str]]:
    return [(e.link, e.occurrence.record.message) for e in failure.evidence]


def test_demo_run_is_four_failures_in_three_jobs(tmp_path: Path) -> None:
    analysis = run([EXAMPLE], tmp_path)
    assert len(analysis.groups) == 12  # the evidence table keeps every unique line
    assert len(analysis.failures) == 4  # the Surefire test that passed on rerun is a warning, not a failure
    surefire = job_of(analysis, "OrderServiceTest.xml")
    assert [occ.record.tool_hint for occ in surefire.warnings] == ["flaky"]
    tests = job_of(analysis, "test (3.11).txt")
    assert any(path.endswith("pytest-unit.xml") for path in tests.inputs)  # the report names the log's tests
    connection, assertion = tests.failures
    assert connection.root.record.message.startswith("psycopg2.OperationalError")
    assert (Link.WRAPPER, connection.evidence[1].occurrence.record.message) in links(connection)
    assert "sqlalchemy.exc.OperationalError" in connection.evidence[1].occurrence.record.message
    kinds = [(e.link, e.occurrence.record.kind.value) for e in assertion.evidence]
    assert kinds[0] == (Link.ROOT, "runner") and (Link.SAME_FAILURE, "junit") in kinds
    symptoms = [message for link, message in links(assertion) if link is Link.SYMPTOM]
    assert symptoms == ["1 failed, 3 passed, 1 skipped, 1 error in 4.81s", "Process completed with exit code 1."]
    assert all(shape_of(f.root.record) is Shape.CAUSE for f in analysis.failures)


def test_buildkit_recap_and_failed_to_solve_attach_to_the_step_output(tmp_path: Path) -> None:
    analysis = run([EXAMPLE / "logs" / "docker-build.log"], tmp_path)
    (job,) = analysis.jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("ERROR: Could not find a version that satisfies")
    assert failure.classification.category == "dependency_error"
    by_link = {link: message for link, message in links(failure)}
    assert by_link[Link.WRAPPER].startswith("ERROR: failed to solve")
    assert analysis.inputs[0].primary is failure.root


def test_exception_chains_lead_with_the_root_exception(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, "handling.log", PYTHON_HANDLING),
        write(tmp_path, "from.log", PYTHON_FROM),
        write(tmp_path, "java.log", JAVA_CAUSED_BY),
    ]
    analysis = run(paths, tmp_path)
    roots = {job.inputs[0].rsplit("/", 1)[-1]: [f.root.record.message for f in job.failures] for job in analysis.jobs}
    assert roots["handling.log"] == ["FileNotFoundError: [Errno 2] No such file or directory: 'database.sqlite'"]
    assert roots["from.log"] == ["ConnectionError"]
    assert roots["java.log"] == ["LowLevelException"]
    java = job_of(analysis, "java.log").failures[0]
    assert [link for link, _ in links(java)] == [Link.ROOT, Link.WRAPPER, Link.WRAPPER]


def test_a_log_that_ends_in_success_has_warnings_only(tmp_path: Path) -> None:
    log = write(
        tmp_path,
        "mvn.log",
        "$ mvn -B verify\n"
        "[INFO] --- maven-surefire-plugin:2.22.2:test (default-test) @ app ---\n"
        "java.lang.IllegalStateException: connection pool closed\n"
        "\tat com.example.Pool.get(Pool.java:41)\n"
        "[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 0\n"
        "[INFO] BUILD SUCCESS\n",
    )
    analysis = run([log], tmp_path)
    (job,) = analysis.jobs
    assert job.succeeded and not job.failures
    assert [occ.record.exception_type for occ in job.warnings] == ["IllegalStateException"]
    assert analysis.inputs[0].primary is None


def test_lines_of_the_passing_log_are_not_the_cause(tmp_path: Path) -> None:
    log = EXAMPLE / "logs" / "test (3.11).txt"
    without = run([log], tmp_path / "a").jobs[0]
    assert without.failures[0].root.record.message.startswith("psycopg2.OperationalError")
    passing = [
        "2026-03-01T08:00:00.0000000Z E       psycopg2.OperationalError: connection to server at "
        '"localhost" (127.0.0.1), port 5432 failed: Connection refused'
    ]
    (job,) = run([log], tmp_path / "b", baseline={"": passing}).jobs
    assert job.baseline
    assert [f.root.record.exception_type for f in job.failures] == ["AssertionError"]
    assert any(occ.record.message.startswith("psycopg2.OperationalError") for occ in job.warnings)


def test_a_job_with_only_symptoms_reports_one_failure(tmp_path: Path) -> None:
    log = write(
        tmp_path,
        "travis.log",
        '$ ./travis.sh\nsomething went sideways\nThe command "./travis.sh" exited with 127.\n'
        "Done. Your build exited with 1.\n",
    )
    (job,) = run([log], tmp_path).jobs
    assert not job.succeeded
    # the command's last output is the evidence, the marker a symptom of it (extract/tail.py)
    assert [f.root.record.message for f in job.failures] == ["something went sideways (step: ./travis.sh)"]
    assert 'The command "./travis.sh" exited with 127.' in [m for _, m in links(job.failures[0])]


def test_json_report_leads_with_failures_and_matches_its_schema(tmp_path: Path) -> None:
    schema = json.loads((ROOT / "classifier" / "report" / "report.schema.json").read_text())
    doc = json.loads(render_json(run([EXAMPLE], tmp_path)))
    jsonschema.validate(doc, schema)
    assert doc["schema_version"] == "1.5"
    assert len(doc["failures"]) == 4 and len(doc["errors"]) == 12  # a test that passed on rerun is no failure
    first = doc["failures"][0]
    assert first["category"] == "dependency_error" and first["evidence"][0]["link"] == "root"
    assert {e["link"] for e in first["evidence"]} == {"root", "same_failure", "wrapper"}
    fingerprints = {e["fingerprint"] for e in doc["errors"]}
    assert all(e["fingerprint"] in fingerprints for f in doc["failures"] for e in f["evidence"])
    assert [job["failures"] for job in doc["jobs"]] == [1, 2, 1]
    assert [e["severity"] for e in doc["errors"] if e["tool_hint"] == "flaky"] == ["warning"]


def test_text_and_csv_lead_with_failures(tmp_path: Path) -> None:
    analysis = run([EXAMPLE], tmp_path)
    text = render_text(analysis)
    assert text.index("FAILURES (4 in 4 files") < text.index("ERRORS BY CATEGORY")  # files given, no job names
    assert "1. dependency_error" in text and "+ wrapper" in text
    rows = list(csv.DictReader(io.StringIO(render_csv(analysis))))
    assert len(rows) == 12
    assert [(row["Failure"], row["Link"]) for row in rows[:4]] == [
        ("1", "root"),
        ("1", "same_failure"),
        ("1", "wrapper"),  # the step's `#9 ERROR: process ...` line, with its own text
        ("1", "wrapper"),
    ]
    assert {row["Failure"] for row in rows} == {"1", "2", "3", "4", ""}
    (flaky,) = [row for row in rows if row["Failure"] == ""]  # the test that passed on rerun
    assert flaky["Link"] == "warning"


# GitHub Actions' own messages when a job reaches `timeout-minutes` (the runner's wording).
TIMED_OUT = (
    "2026-07-29T10:00:00.0000000Z ##[group]Run pytest -x tests/\n"
    "2026-07-29T10:00:01.0000000Z tests/test_a.py::test_slow PASSED\n"
    "2026-07-29T10:00:02.0000000Z tests/test_b.py::test_hangs\n"
    "2026-07-29T16:00:00.0000000Z ##[error]The job running on runner GitHub Actions 3 has exceeded the maximum "
    "execution time of 360 minutes.\n"
    "2026-07-29T16:00:00.1000000Z ##[error]The operation was canceled.\n"
    "2026-07-29T16:00:01.0000000Z Cleaning up orphan processes\n"
)


def test_a_job_cancelled_at_its_time_limit_is_a_timeout_of_the_running_step(tmp_path: Path) -> None:
    analysis = run([write(tmp_path, "job.log", TIMED_OUT)], tmp_path)
    (job,) = analysis.jobs
    assert not job.succeeded
    (failure,) = job.failures
    root = failure.root.record
    assert "exceeded the maximum execution time" in root.message
    assert failure.classification.category == "timeout"
    assert root.step == "pytest -x tests/" and "tests/test_b.py::test_hangs" in root.context
    assert [link for link, _ in links(failure)] == [Link.ROOT, Link.WRAPPER]  # `The operation was canceled.`
    doc = json.loads(render_json(analysis))
    assert "tests/test_b.py::test_hangs" in doc["failures"][0]["context"]


def test_known_noise_is_never_the_root_cause(tmp_path: Path) -> None:
    # a numpy-style build: a configure probe that is expected to fail, then the real test failure
    log = write(
        tmp_path,
        "build.log",
        "C compiler: gcc -pthread -fno-strict-aliasing\n"
        "_configtest.c:1:24: fatal error: sys/endian.h: No such file or directory\n"
        "compilation terminated.\n"
        "failure.\n"
        "removing: _configtest.c _configtest.o\n"
        "======================================================================\n"
        "FAIL: test_add (tests.test_math.MathTest)\n"
        "----------------------------------------------------------------------\n"
        "Traceback (most recent call last):\n"
        '  File "tests/test_math.py", line 5, in test_add\n'
        "    self.assertEqual(1 + 1, 3)\n"
        "AssertionError: 2 != 3\n"
        "----------------------------------------------------------------------\n"
        "Ran 1 test in 0.001s\n\n"
        "FAILED (failures=1)\n",
    )
    job = job_of(run([log], tmp_path), "build.log")
    assert job.failures and job.failures[0].classification.category == "assertion_failure"
    assert all("_configtest" not in f.root.record.message for f in job.failures)
    assert any("sys/endian.h" in w.record.message for w in job.warnings)


# Terraform's progress lines (Terraform documentation, `terraform apply`: "Still creating... [10s elapsed]")
# before GitHub's cancel: the step had run almost the whole 6-hour limit, so the cancel was the limit's.
TERRAFORM_CANCELLED = (
    "module.mirror.google_compute_instance.node: Still creating... [{}]\nError: The operation was canceled.\n"
)


def test_a_cancel_after_the_running_step_printed_hours_elapsed_is_a_timeout(tmp_path: Path) -> None:
    late = run([write(tmp_path, "late.log", TERRAFORM_CANCELLED.format("5h56m12s elapsed"))], tmp_path)
    (failure,) = late.jobs[0].failures
    assert failure.classification.category == "timeout"
    assert failure.root.record.message == "Error: The operation was canceled. (the job ran out of time)"
    assert "356 minutes elapsed" in failure.root.record.details
    assert any("Still creating" in line for line in failure.root.record.context)
    early = run([write(tmp_path, "early.log", TERRAFORM_CANCELLED.format("2m10s elapsed"))], tmp_path / "e")
    (failure,) = early.jobs[0].failures  # a user's cancel after two minutes: no timeout, its own fingerprint
    assert failure.classification.category != "timeout" and "ran out of time" not in failure.root.record.message


def test_a_cancel_six_hours_after_the_log_began_is_a_timeout(tmp_path: Path) -> None:
    log = (
        "2026-07-29T10:00:00.0000000Z ##[group]Run ./long-soak.sh\n"
        "2026-07-29T10:00:01.0000000Z soak: round 1\n"
        "2026-07-29T15:59:59.0000000Z soak: round 7312\n"
        "2026-07-29T16:00:00.1000000Z ##[error]The operation was canceled.\n"
    )
    (job,) = run([write(tmp_path, "job.log", log)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.classification.category == "timeout" and failure.root.record.step == "./long-soak.sh"
    assert "the log spans 360 minutes" in failure.root.record.details
