"""A run that could not be read says so, names the fix, and is never "No failures found"; secondary rate
limits wait as GitHub documents; a fork pull request is found by its head; settings errors still write outputs."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import entrypoint
from classifier.access import Denial, Endpoint
from classifier.github.api import GitHubClient, RetryPolicy
from classifier.github.commands import parse_output_file
from classifier.github.http import ApiFailure
from classifier.github.pr_comment import MARKER
from classifier.model import Problem
from classifier.settings import load_settings
from classifier.sources.github_run import RunReader, resolve_target
from tests.action.runner import RUN_ID, TOKEN, failed_run, runner_env
from tests.report.gfm import visible_text
from tests.servers.github_api import FakeGitHub, Fault, annotation

FORBIDDEN: Fault = (403, {}, {"message": "Resource not accessible by integration", "documentation_url": "https://docs"})
JOBS = f"/repos/octo/app/actions/runs/{RUN_ID}/jobs"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


def run_action(env: dict[str, str]) -> tuple[int, list[str], str, dict[str, str]]:
    stream = io.StringIO()
    summary_path, output_path = Path(env["GITHUB_STEP_SUMMARY"]), Path(env["GITHUB_OUTPUT"])
    summary_path.unlink(missing_ok=True)  # each step has its own summary and outputs
    output_path.unlink(missing_ok=True)
    code = entrypoint.main(env, stream)
    summary = summary_path.read_text() if summary_path.exists() else ""
    outputs = parse_output_file(output_path.read_text()) if output_path.exists() else {}
    return code, [line for line in stream.getvalue().splitlines() if line.startswith("::")], summary, outputs


def test_a_refused_job_list_is_not_analysed_and_names_the_permission(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh, prs=(7,))
    gh.state.comments[7] = [{"id": 5, "body": f"{MARKER}\nearlier analysis", "user": {"login": "bot"}}]
    gh.state.faults[JOBS] = [FORBIDDEN]
    env = runner_env(tmp_path, gh, pr_comment="true", fail_on="unreadable")

    code, commands, summary, outputs = run_action(env)

    assert code == 1  # fail_on: unreadable
    assert "not analysed" in summary and "No failures found" not in summary
    assert "| endpoint | jobs |" in summary and "Resource not accessible by integration" in summary
    assert "`actions: read`" in summary
    assert any(c.startswith("::warning title=ci-classify%3A run not analysed::Not analysed") for c in commands)
    assert outputs["summary"].startswith("Not analysed: the jobs of this run could not be read")
    assert outputs["errors"] == "" and outputs["unique_fingerprints"] == ""
    access = json.loads(Path(outputs["report_path"]).read_text())["access"]
    assert access["analysed"] is False and access["api_calls"] >= 2
    assert access["unreadable"]["endpoint"] == "jobs" and access["unreadable"]["status"] == 403
    assert "actions: read" in access["unreadable"]["fix"]
    assert gh.state.comments[7][0]["body"] == f"{MARKER}\nearlier analysis"  # left alone
    assert not [s for s in gh.state.seen if s.method in {"POST", "PATCH"}]
    assert run_action({**env, "INPUT_FAIL_ON": "never"})[0] == 0


def test_refused_logs_name_actions_read_and_refused_annotations_checks_read(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    for job in (21, 23):
        gh.state.faults[f"/repos/octo/app/actions/jobs/{job}/logs"] = [FORBIDDEN]
    gh.state.faults["/repos/octo/app/check-runs/21/annotations"] = [FORBIDDEN]
    code, _, summary, outputs = run_action(runner_env(tmp_path, gh, fail_on="error"))
    assert code == 1
    assert "| endpoint | logs |" in summary and "`actions: read`" in summary
    assert "annotations" in summary and "`checks: read`" in summary  # also refused
    assert outputs["summary"].startswith("Not analysed")


def test_refused_annotations_alone_still_analyse_the_logs(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    gh.state.faults["/repos/octo/app/check-suites/7000/check-runs"] = [FORBIDDEN]  # no `checks: read`
    _, _, summary, outputs = run_action(runner_env(tmp_path, gh))
    assert "assert 3 == 4" in summary and "checks: read" in summary
    assert int(outputs["unique_fingerprints"]) > 0
    assert not gh.requests_to("/repos/octo/app/check-runs/")  # the annotation lists need the same grant


def test_a_refused_annotation_list_is_not_asked_again_for_other_jobs(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    for job in (21, 23):  # their check runs hold more than the runner's own lines: worth reading
        gh.state.annotations[job] = [annotation("src/app.c", 12, "expected ';'"), annotation(".github", 1, "x")]
    gh.state.faults["/repos/octo/app/check-runs/21/annotations"] = [FORBIDDEN]
    summary = run_action(runner_env(tmp_path, gh))[2]
    assert "assert 3 == 4" in summary and "checks: read" in summary
    assert len(gh.requests_to("/repos/octo/app/check-runs/")) == 1  # not asked again for the other jobs


def test_a_rate_limit_far_away_and_a_missing_repository(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    later = str(int(time.time()) + 3600)
    gh.state.faults[f"/repos/octo/app/actions/runs/{RUN_ID}"] = [
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": later}, {"message": "API rate limit exceeded"})
    ]
    _, _, summary, outputs = run_action(runner_env(tmp_path, gh))
    assert "rate limit is spent" in summary and "| rate limit resets |" in summary
    assert outputs["summary"].startswith("Not analysed: the run of this run")
    _, _, summary, outputs = run_action(runner_env(tmp_path, gh, repository="octo/missing"))
    assert "HTTP 404" in summary and "`repository`" in summary
    assert "No failures found" not in summary and outputs["summary"].startswith("Not analysed")


def test_secondary_rate_limits_wait_a_minute_within_a_budget_then_report(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    secondary: Fault = (403, {}, {"message": "You have exceeded a secondary rate limit. Please wait a few minutes."})
    gh.state.faults["/repos/octo/app/actions/jobs/21/logs"] = [secondary]
    gh.state.faults["/repos/octo/app/actions/jobs/23/logs"] = [secondary] * 4
    waits: list[float] = []
    policy = RetryPolicy(attempts=4, max_wait_seconds=120, wait_budget_seconds=200)
    client = GitHubClient(gh.url, TOKEN, policy=policy, sleep=waits.append)
    environ = runner_env(tmp_path, gh, artifact_patterns="", paths="")
    settings = load_settings(environ)
    material = RunReader(client, settings, tmp_path).read(resolve_target(settings, environ))
    assert waits and all(w >= 60 for w in waits) and sum(waits) <= 200
    problems = {i.source: i.message for i in material.items if isinstance(i, Problem)}
    assert "build (attempt 2).log" in problems and "secondary rate limit" in problems["build (attempt 2).log"]
    assert material.access.unreadable is None  # job 21's log was read after the wait
    assert len(gh.requests_to("/repos/octo/app/actions/jobs/21/logs")) == 2


def test_server_errors_with_a_json_string_body_are_retried(gh: FakeGitHub) -> None:
    failed_run(gh)
    gh.state.faults[JOBS] = [(502, {}, "Server Error"), (500, {}, "upstream timed out")]
    waits: list[float] = []
    client = GitHubClient(gh.url, TOKEN, sleep=waits.append)
    assert len(client.list_jobs("octo/app", RUN_ID)) == 7 and waits == [1.0, 2.0]
    gh.state.faults[JOBS] = [(503, {}, "Service Unavailable")] * 4
    with pytest.raises(ApiFailure) as info:
        client.list_jobs("octo/app", RUN_ID)
    assert info.value.problem.denial is Denial.SERVER and info.value.problem.endpoint is Endpoint.JOBS
    assert client.calls == 3 + 4


def fork_event(sha: str) -> dict[str, object]:
    return {
        "action": "completed",
        "workflow_run": {
            "id": RUN_ID,
            "run_attempt": 2,
            "event": "pull_request",
            "head_branch": "main",
            "head_sha": sha,
            "pull_requests": [],
            "head_repository": {"full_name": "forker/app", "owner": {"login": "forker"}},
        },
        "repository": {"full_name": "octo/app", "default_branch": "main"},
    }


def test_fork_pull_request_is_found_by_head_owner_branch_and_sha(gh: FakeGitHub, tmp_path: Path) -> None:
    sha = "f" * 40
    failed_run(gh)
    gh.state.runs[RUN_ID].update(event="pull_request", head_sha=sha)
    gh.add_pull(3, head_repo="octo/app", branch="main", sha="0" * 40)  # the base repository's own branch
    gh.add_pull(8, head_repo="forker/app", branch="main", sha=sha)
    env = runner_env(tmp_path, gh, event=fork_event(sha), event_name="workflow_run", pr_comment="true")

    run_action(env)

    lookups = gh.requests_to("/repos/octo/app/pulls")
    assert lookups[0].query["head"] == ["forker:main"]
    assert MARKER in gh.state.comments[8][0]["body"] and 3 not in gh.state.comments


def test_fork_pull_request_with_another_head_sha_gets_no_comment(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    gh.state.runs[RUN_ID].update(event="pull_request", head_sha="f" * 40)
    gh.add_pull(8, head_repo="forker/app", branch="main", sha="e" * 40)  # pushed again since this run
    env = runner_env(tmp_path, gh, event=fork_event("f" * 40), event_name="workflow_run", pr_comment="true")
    _, _, summary, _ = run_action(env)
    assert not gh.state.comments and "No open pull request from forker:main at ffffffffffff" in summary


def test_unrelated_job_variables_do_not_disturb_the_action(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    env = runner_env(tmp_path, gh)
    env.update(REPOSITORY="someone/else", BATCH_SIZE="auto", RUN_ID="x", HOURS="y", SHARD="z", RULES="/no.toml")
    env["DB_PATH"] = "/nonexistent/dir/db"
    code, _, summary, outputs = run_action(env)
    assert code == 0 and int(outputs["unique_fingerprints"]) > 0
    assert "environment variable BATCH_SIZE ignored" in visible_text(summary)


def test_a_bad_input_names_it_and_still_writes_the_outputs(gh: FakeGitHub, tmp_path: Path) -> None:
    code, commands, summary, outputs = run_action(runner_env(tmp_path, gh, batch_size="auto", fail_on="error"))
    assert code == 1
    assert "input 'batch_size' must be a whole number, got 'auto'" in visible_text(summary)
    assert outputs["summary"].startswith("Not analysed: configuration error: input 'batch_size'")
    assert set(outputs) >= {"primary_category", "errors", "report_path"} and gh.state.seen == []
    assert any(c.startswith("::warning title=ci-classify::configuration error") for c in commands)


def test_a_refused_comment_names_pull_requests_write(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh, prs=(7,))
    gh.state.faults["/repos/octo/app/issues/7/comments"] = [(200, {}, []), FORBIDDEN]  # list, then the POST
    code, commands, summary, outputs = run_action(runner_env(tmp_path, gh, pr_comment="true"))
    assert code == 0 and int(outputs["unique_fingerprints"]) > 0  # the analysis itself stands
    warning = next(c for c in commands if "pull-request comment not written" in c)
    assert "`pull-requests: write`" in warning and "`pull-requests: write`" in summary
