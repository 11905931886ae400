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
from classifier.sources.github_annotations import IssueLines, count_issue_lines, needs_annotations
from tests.action.runner import NODE_DEPRECATION, RUN_ID, gha_log, realistic_run, runner_env
from tests.servers.github_api import FakeGitHub, annotation


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
    # the two cancelled jobs are asked to tell a time limit from fail-fast; the failed jobs' annotations
    # (exit code, Node deprecation) are all runner lines their logs already show: not asked for
    assert annotated == {2005, 2126}
    suite = gh.requests_to("/repos/octo/app/check-suites/7000/check-runs")
    assert len(suite) == 2  # 128 check runs: two pages of 100
    report = json.loads(Path(outputs["report_path"]).read_text())
    errors = [e["message"] for e in report["errors"] if e["severity"] == "error"]
    evidence = [e["message"] for f in report["failures"] for e in f["evidence"]]
    assert not any(NODE_DEPRECATION[:30] in message for message in errors + evidence)  # a warning, never a failure
    inputs = [i["path"] for i in report["inputs"]]
    annotated_inputs = [path for path in inputs if path.endswith("(check-run annotations)")]
    assert annotated_inputs == ["test (126) (check-run annotations)"]  # the time limit; the rest add nothing
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


def test_lines_of_the_passing_log_are_not_taken_as_the_cause(gh: FakeGitHub, tmp_path: Path) -> None:
    """The fetched baseline reaches the job stage: an error-looking line that the passing run prints too
    is not a root cause; the test failure is."""
    noise = "error: cache service responded with status 503, continuing without cache"
    gh.add_run(RUN_ID, attempt=1)
    gh.add_run(990, attempt=1, conclusion="success")
    failing = gha_log(noise, "FAILED tests/test_cart.py::test_total - assert 3 == 4", "1 failed, 9 passed in 0.5s")
    gh.add_job(RUN_ID, 31, "unit", log=failing)
    gh.add_job(990, 41, "unit", conclusion="success", log=gha_log(noise, "10 passed in 0.5s"))
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    outputs = run_action(env)[3]

    report = json.loads(Path(outputs["report_path"]).read_text())
    (job,) = [j for j in report["jobs"] if j["name"] == "unit"]
    roots = [f["message"] for f in report["failures"] if f["job"] == "unit"]
    assert job["baseline"] == "https://github.com/octo/app/actions/runs/990"  # the passing run, linked
    assert roots == ["assert 3 == 4"] and job["warnings"] >= 1
    access = report["access"]
    assert access["analysed"] and access["unreadable"] is None and access["api_calls"] == gh.api_calls()
    assert access["baseline"] == {
        "run_id": 990, "url": "https://github.com/octo/app/actions/runs/990", "branch": "main", "jobs": ["unit"]
    }  # fmt: skip
    without = _without_baseline(tmp_path / "off", gh)
    assert noise in without  # without the passing log the same line is taken as a failure


def _without_baseline(tmp_path: Path, gh: FakeGitHub) -> list[str]:
    tmp_path.mkdir()
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"
    report = json.loads(Path(run_action(env)[3]["report_path"]).read_text())
    return [f["message"] for f in report["failures"] if f["job"] == "unit"]


def test_without_annotations_the_log_tells_a_time_limit_from_fail_fast(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.add_run(RUN_ID, attempt=1)
    limit = "##[error]The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 30 minutes."
    gh.add_job(RUN_ID, 51, "slow", conclusion="cancelled", log=gha_log("tests/test_io.py::test_big ", limit))
    gh.add_job(RUN_ID, 52, "sibling", conclusion="cancelled", log=gha_log("##[error]The operation was canceled."))
    for job in (51, 52):
        gh.state.faults[f"/repos/octo/app/check-runs/{job}/annotations"] = [
            (403, {}, {"message": "Resource not accessible by integration"})
        ]
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    summary, outputs = run_action(env)[2:]

    report = json.loads(Path(outputs["report_path"]).read_text())
    assert [i["path"] for i in report["inputs"]] == ["slow.log"]
    assert "Job 'slow' was cancelled at its time limit in 'Run tests'." in summary
    assert len(gh.requests_to("/repos/octo/app/actions/jobs/51/logs")) == 1  # read once, not twice


def test_annotations_are_read_only_where_they_can_add_a_location(gh: FakeGitHub, tmp_path: Path) -> None:
    """One list of the suite's check runs gives each job's annotation count; a failed job's annotations are
    read when its log shows an issue line that is not the runner's own (a workflow command may carry a file
    and line), or when the check run holds more annotations than the log shows."""
    gh.add_run(RUN_ID, attempt=1)
    own = [annotation(".github", 1, "Process completed with exit code 1.")]
    gh.add_job(RUN_ID, 61, "plain", log=gha_log("1 failed, 3 passed in 0.2s"), annotations=own)
    command = gha_log("##[error]total must not be negative", "1 failed")  # `::error file=src/cart.py,line=7::…`
    where = [annotation("src/cart.py", 7, "total must not be negative"), *own]
    gh.add_job(RUN_ID, 62, "command", log=command, annotations=where)
    gh.add_job(RUN_ID, 63, "more", log=gha_log("1 failed"), annotations=[annotation("a.py", 1, "x"), *own])
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    outputs = run_action(env)[3]

    read = {int(s.path.split("/")[-2]) for s in gh.requests_to("/repos/octo/app/check-runs/")}
    assert read == {62, 63}
    report = json.loads(Path(outputs["report_path"]).read_text())
    located = [e["location"] for e in report["errors"] if e["kind"] == "annotation" and e["location"]]
    assert {"file": "src/cart.py", "line": 7, "column": None} in located


def test_issue_lines_of_the_runner_are_told_from_workflow_commands() -> None:
    lines = count_issue_lines(
        [
            "Process completed with exit code 2.",
            "The operation was canceled.",
            "The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 30 minutes.",
            NODE_DEPRECATION,
            "tests/test_cart.py:12: AssertionError",
        ]
    )
    assert lines == IssueLines(own=4, other=1)
    assert not needs_annotations(4, IssueLines(own=4)) and needs_annotations(5, IssueLines(own=4))
    assert needs_annotations(1, IssueLines(own=1, other=1)) and needs_annotations(None, IssueLines())
    assert needs_annotations(0, None)  # no log: the annotations are the only evidence


def _cancelled_log(*lines: str) -> bytes:
    """The end of a job log as GitHub serves it when the job was cancelled in its test step."""
    body = ["##[group]Run python -m pytest -q", "##[endgroup]", *lines, "##[error]The operation was canceled."]
    return "".join(f"2026-11-23T14:24:{i:02d}.0000000Z {line}\n" for i, line in enumerate(body)).encode()


def test_a_cancelled_job_whose_times_reach_the_limit_is_a_timeout_of_its_step(gh: FakeGitHub, tmp_path: Path) -> None:
    # neither an annotation nor the log says "exceeded the maximum execution time"; the jobs API's
    # started_at/completed_at do (6 hours), and the log's own times do not (a log cut to its end)
    gh.add_run(RUN_ID, attempt=1)
    slow = gh.add_job(RUN_ID, 51, "slow", conclusion="cancelled", log=_cancelled_log("tests/test_io.py::test_big "))
    slow["started_at"], slow["completed_at"] = "2026-11-23T08:24:20Z", "2026-11-23T14:24:31Z"
    quick = gh.add_job(RUN_ID, 52, "sibling", conclusion="cancelled", log=_cancelled_log("tests/test_a.py::test_x "))
    quick["started_at"], quick["completed_at"] = "2026-11-23T14:20:00Z", "2026-11-23T14:24:31Z"
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    summary, outputs = run_action(env)[2:]

    report = json.loads(Path(outputs["report_path"]).read_text())
    assert [i["path"] for i in report["inputs"]] == ["slow.log"]  # fail-fast's cancel of the sibling is no failure
    (failure,) = report["failures"]
    assert failure["category"] == "timeout" and failure["step"] == "python -m pytest -q"
    assert "the job ran out of time" in failure["message"]
    assert "tests/test_io.py::test_big" in failure["context"]  # the step's last lines are its evidence
    assert "Job 'slow' was cancelled at its time limit" in summary
