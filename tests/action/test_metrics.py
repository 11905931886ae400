"""Workflow-metrics fields: from an Analysis, and through `ci-classify metrics` from a JSON report."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from classifier.commands import metrics as metrics_command
from classifier.integrations.workflow_metrics import add_error_fields
from classifier.model import Analysis
from classifier.report.json_report import render_json
from tests.core.builders import analysis


def _analysis_with_step() -> Analysis:
    base = analysis(["error: cannot find symbol Foo", "error: cannot find symbol Foo"], category="compilation_error")
    first = base.groups[0]
    occs = tuple(
        dataclasses.replace(o, record=dataclasses.replace(o.record, step="Compile")) for o in first.group.occurrences
    )
    group = dataclasses.replace(first.group, occurrences=occs)
    inputs = (dataclasses.replace(base.inputs[0], primary=occs[0]),)
    return dataclasses.replace(base, groups=(dataclasses.replace(first, group=group),), inputs=inputs)


def test_failed_job_and_step_documents_get_the_three_fields() -> None:
    result = _analysis_with_step()
    job = {"_id": "github-job-1-attempt-1", "s_job_name": "build", "s_status": "failure", "l_status_number": 1}
    step = {"_id": "github-step-1_3-attempt-1", "s_job_name": "build", "s_step_name": "Compile", "s_status": "failure"}
    passed = {"s_job_name": "build", "s_status": "success"}
    enriched = add_error_fields(job, result)
    assert enriched["s_error_type"] == "compilation_error"
    assert enriched["s_error_summary"] == "error: cannot find symbol Foo"
    assert enriched["f_error_confidence"] == 0.9
    assert add_error_fields(step, result)["s_error_type"] == "compilation_error"
    assert "s_error_type" not in add_error_fields(passed, result)
    assert "s_error_type" not in job  # the input is not changed


def test_metrics_command_enriches_json_lines_and_reports_bad_lines(tmp_path: Path) -> None:
    result = _analysis_with_step()
    report = tmp_path / "report.json"
    report.write_text(render_json(result))
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        json.dumps({"s_job_name": "build", "s_step_name": "Compile", "s_status": "failure"})
        + "\n{broken\n"
        + json.dumps({"s_job_name": "lint", "s_status": "success"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    parser = argparse.ArgumentParser()
    metrics_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["metrics", "--jobs", str(jobs), "--report", str(report), "--output", str(out)])
    code = args.func(args)
    lines = out.read_text().splitlines()
    assert code == 1  # the broken line is a reported problem
    assert json.loads(lines[0])["s_error_type"] == "compilation_error"
    assert lines[1] == "{broken"
    assert "s_error_type" not in json.loads(lines[2])
