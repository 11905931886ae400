"""Scope and correctness of what the action reads, end to end against the loopback GitHub API:
only the failed jobs, failure-level annotations, bounded API calls, the passing run as a baseline."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import entrypoint
from classifier.github.commands import parse_output_file
from tests.action.runner import NODE_DEPRECATION, realistic_run, runner_env
from tests.servers.github_api import FakeGitHub


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


def run_action(env: dict[str, str]) -> tuple[int, list[str], str, dict[str, str]]:
    stream = io.StringIO()
    code = entrypoint.main(env, stream)
    summary_path, output_path = Path(env["GITHUB_STEP_SUMMARY"]), Path(env["GITHUB_OUTPUT"])
    summary = summary_path.read_text() if summary_path.exists() else ""
    outputs = parse_output_file(output_path.read_text()) if output_path.exists() else {}
    return code, [line for line in stream.getvalue().splitlines() if line.startswith("::")], summary, outputs


def test_only_failed_jobs_and_failure_annotations_are_read(gh: FakeGitHub, tmp_path: Path) -> None:
    failed = realistic_run(gh)
    env = runner_env(tmp_path, gh, fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    code, commands, summary, outputs = run_action(env)

    assert code == 0
    logs = {int(s.path.split("/")[-2]) for s in gh.requests_to("/repos/octo/app/actions/jobs/")}
    assert logs == set(failed)  # 3 failures, 1 timed_out, 1 cancelled at its time limit; not fail-fast
    annotated = {int(s.path.split("/")[-2]) for s in gh.requests_to("/repos/octo/app/check-runs/")}
    assert annotated == {*failed, 2005}  # the fail-fast cancelled job is asked only to tell it apart
    assert not gh.requests_to("/repos/octo/app/check-suites/")
    report = json.loads(Path(outputs["report_path"]).read_text())
    messages = json.dumps(report)
    assert NODE_DEPRECATION not in messages and NODE_DEPRECATION not in summary
    inputs = [i["path"] for i in report["inputs"]]
    assert sum(path.endswith("(check-run annotations)") for path in inputs) == 5
    assert not any("test (5)" in path for path in inputs)
    assert "Job 'test (126)' was cancelled at its time limit in 'Run tests'." in summary
    assert gh.api_calls() <= 20 + len(failed)
    assert f"GitHub API calls: {gh.api_calls()}" in summary  # nothing is published after the summary here
    assert not any(NODE_DEPRECATION[:20] in c for c in commands)


def test_the_passing_run_on_the_base_branch_is_fetched_as_baseline(gh: FakeGitHub, tmp_path: Path) -> None:
    failed = realistic_run(gh)
    env = runner_env(tmp_path, gh)
    env["GITHUB_RUN_ATTEMPT"] = "1"

    code, _, summary, _ = run_action(env)

    assert code == 0
    runs = gh.requests_to("/repos/octo/app/actions/workflows/1903133/runs")
    assert len(runs) == 1 and runs[0].query["branch"] == ["main"] and runs[0].query["status"] == ["success"]
    baseline_logs = [s for s in gh.requests_to("/blobs/logs/") if 1000 <= int(s.path.split("/")[-1]) < 2000]
    assert len(baseline_logs) == len(failed)
    assert "Compared with the passing logs of test (101), test (126), test (3), test (40), test (77)" in summary
    assert "in run 990 on main" in summary
    assert gh.api_calls() <= 20 + len(failed)


def test_no_baseline_when_turned_off_or_when_no_run_passed(gh: FakeGitHub, tmp_path: Path) -> None:
    realistic_run(gh, jobs=8)
    gh.state.runs[990]["conclusion"] = "failure"
    env = runner_env(tmp_path, gh)
    env["GITHUB_RUN_ATTEMPT"] = "1"
    summary = run_action(env)[2]
    assert "No baseline: no successful run of this workflow on main." in summary
    gh.state.seen.clear()
    run_action({**env, "INPUT_FETCH_BASELINE": "false"})
    assert not gh.requests_to("/repos/octo/app/actions/workflows/")
