"""A test that passed on rerun (Surefire `flakyFailure`) is a note and a warning, never a root cause."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from classifier.model import Analysis, RunContext
from classifier.pipeline import analyze
from classifier.report.json_report import render_json
from classifier.report.markdown import render_markdown
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "junit"
SETTINGS = load_settings({}, {"enable_error_classification": "false"})
NOTE = "🔁 1 test passed on rerun (flaky): `OrderServiceTest.publishesOrderCreatedEvent`"
# the flaky testcase of surefire-rerun-flaky.xml alone (Surefire's rerun report shape)
ONLY_FLAKY = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.orders.OrderServiceTest" tests="2" errors="0" skipped="0" failures="0">
  <testcase name="createsOrderWithLines" classname="com.example.orders.OrderServiceTest" time="0.112"/>
  <testcase name="publishesOrderCreatedEvent" classname="com.example.orders.OrderServiceTest" time="1.904">
    <flakyFailure message="Condition not satisfied within 1000 ms" type="org.awaitility.core.ConditionTimeoutException">
      <stackTrace>org.awaitility.core.ConditionTimeoutException: Condition not satisfied within 1000 ms
	at com.example.orders.OrderServiceTest.publishesOrderCreatedEvent(OrderServiceTest.java:77)</stackTrace>
    </flakyFailure>
  </testcase>
</testsuite>
"""


def run(path: Path, tmp_path: Path) -> Analysis:
    store = SQLiteStore(tmp_path / "s.db")
    try:
        docs = iter_documents([str(path)])
        return analyze(docs, vocabularies=Vocabularies(SETTINGS, store), store=store, run=RunContext(), clock=utc_now)
    finally:
        store.close()


def test_a_flaky_test_is_a_warning_and_a_note_beside_the_real_failure(tmp_path: Path) -> None:
    report = tmp_path / "TEST-orders.xml"
    shutil.copy(FIXTURES / "surefire-rerun-flaky.xml", report)
    analysis = run(report, tmp_path)
    (job,) = analysis.jobs
    assert [f.root.record.message for f in job.failures] == ["expected: <400> but was: <500>"]
    assert [occ.record.test_id for occ in job.warnings] == [
        "com.example.orders.OrderServiceTest.publishesOrderCreatedEvent"
    ]
    markdown = render_markdown(analysis)
    assert "1 root cause in 1 file" in markdown  # a report given alone: a file, not a job
    assert "1 root cause ·" in markdown and "Condition not satisfied" not in markdown
    assert NOTE in markdown
    data = json.loads(render_json(analysis))
    assert [f["message"] for f in data["failures"]] == ["expected: <400> but was: <500>"]
    assert data["jobs"][0]["failures"] == 1 and data["jobs"][0]["warnings"] == 1
    (flaky,) = [e for e in data["errors"] if e["tool_hint"] == "flaky"]
    assert flaky["severity"] == "warning"
    assert flaky["category"] == "flaky_test"  # the record keeps its label in the evidence table


def test_a_run_whose_only_failure_passed_on_rerun_is_green_with_the_note(tmp_path: Path) -> None:
    report = tmp_path / "TEST-only-flaky.xml"
    report.write_text(ONLY_FLAKY)
    analysis = run(report, tmp_path)
    assert analysis.failures == ()
    markdown = render_markdown(analysis)
    assert "✅" in markdown and "❌" not in markdown
    assert f"- files: {NOTE}" in markdown  # the folded list of jobs with warnings only
    data = json.loads(render_json(analysis))
    assert data["failures"] == []
    assert [e["severity"] for e in data["errors"]] == ["warning"]
