"""The action end to end: `entrypoint.main` with a runner's environment against the loopback GitHub API."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import entrypoint
from classifier.github.commands import parse_output_file
from classifier.github.pr_comment import MARKER
from classifier.settings import load_settings
from classifier.sources.github_run import resolve_target
from tests.action.runner import COMPILE_FAILURE, RUN_ID, TOKEN, failed_run, runner_env
from tests.report.gfm import visible_text
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
    commands = [line for line in stream.getvalue().splitlines() if line.startswith("::")]
    return code, commands, summary, outputs


def test_failed_run_gives_summary_annotations_and_outputs(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh, prs=(7,))
    gh.state.annotations[23] = [annotation("src/app.c", 12, "expected ';' before '}' token")]
    gh.state.pr_files[7] = ["src/app.c"]
    env = runner_env(tmp_path, gh, event={"pull_request": {"number": 7}}, event_name="pull_request")

    code, commands, summary, outputs = run_action(env)

    assert code == 0
    # the summary (as the page shows it): every failed job, the expired one with its reason, the notes
    seen = visible_text(summary)
    assert "unit (3.12)" in seen and "build" in seen and "KeyError" in seen
    assert "docs (attempt 2).log: logs expired or deleted (HTTP 410" in seen
    assert "Job 'deploy' is still in_progress" in seen
    assert "Job 'lint' failed in attempt 1 and passed in attempt 2: likely flaky" in seen
    assert "https://github.com/octo/app/actions/runs/1001/job/21" in summary
    # annotations: one per root cause (new failures in the PR's files first), no duplicates, no symptoms
    annotations = [c for c in commands if c.startswith(("::error", "::warning", "::notice"))]
    assert annotations[0].startswith("::error file=src/app.c,line=12,")
    assert sum("expected ';'" in a for a in annotations) == 1
    assert any("file=tests/test_api.py,line=30" in a for a in annotations)
    assert any("KeyError" in a for a in annotations)
    assert not any("Process completed with exit code 1" in a for a in annotations)
    assert f"::add-mask::{TOKEN}" in commands
    # outputs
    assert outputs["primary_category"] and outputs["primary_domain"] in {"code", "infrastructure", "unknown"}
    assert int(outputs["errors"]) >= int(outputs["unique_fingerprints"]) >= 4
    assert int(outputs["new_fingerprints"]) == int(outputs["unique_fingerprints"])
    assert int(outputs["classified"]) + int(outputs["unclassified"]) == int(outputs["unique_fingerprints"])
    assert "\n" not in outputs["summary"] and "root cause" in outputs["summary"]
    report = json.loads(Path(outputs["report_path"]).read_text())
    assert report["run"]["pr_number"] == 7 and report["run"]["run_attempt"] == 2
    assert report["run"]["branch"] == "main" and report["run"]["actor"] == "octocat"
    # the token goes to the API, never to the blob store behind the redirects
    assert all(
        s.headers.get("authorization") == f"Bearer {TOKEN}" for s in gh.requests_to("/repos/octo/app/actions/jobs")
    )
    assert [s.path for s in gh.state.seen].count("/repos/octo/app/actions/runs/1001") == 1  # fetched once
    blobs = gh.requests_to("/blobs/")
    assert len(blobs) >= 3 and all("authorization" not in s.headers for s in blobs)


def test_faults_are_named_and_everything_readable_is_still_analysed(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    soon, later = str(int(time.time()) + 1), str(int(time.time()) + 3600)
    gh.state.faults["/repos/octo/app/actions/runs/1001/jobs"] = [(502, {}, {"message": "Server Error"})]
    gh.state.faults["/repos/octo/app/actions/jobs/21/logs"] = [
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": soon}, {"message": "API rate limit exceeded"}),
        (429, {"Retry-After": "1"}, {"message": "You have exceeded a secondary rate limit"}),
    ]
    gh.state.faults["/repos/octo/app/actions/jobs/23/logs"] = [
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": later}, {"message": "API rate limit exceeded"}),
    ]
    gh.state.gone_logs[25] = 404

    code, _, summary, outputs = run_action(runner_env(tmp_path, gh))

    assert code == 0
    seen = visible_text(summary)
    assert "assert 3 == 4" in seen  # job 21: read after the waits
    assert len(gh.requests_to("/repos/octo/app/actions/jobs/21/logs")) == 3
    assert "build (attempt 2).log: unreadable: log of job 23: rate limited (HTTP 403) until" in seen
    assert "docs (attempt 2).log: logs expired or deleted (HTTP 404" in seen
    assert "KeyError" in seen  # the artifact is still read
    assert int(outputs["errors"]) > 0


def test_fail_on_decides_the_exit_code(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    assert run_action(runner_env(tmp_path, gh, fail_on="failure"))[0] == 1
    assert run_action(runner_env(tmp_path, gh, fail_on="error"))[0] == 0
    code, commands, summary, _ = run_action(runner_env(tmp_path, gh, mode="bogus", fail_on="error"))
    assert code == 1
    assert "ci-classify could not finish everything" in summary and "input 'mode'" in summary
    assert any(c.startswith("::warning title=ci-classify::configuration error") for c in commands)
    assert run_action(runner_env(tmp_path, gh, mode="bogus"))[0] == 0


def test_one_pr_comment_updated_in_place(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh, prs=(7,))
    gh.state.comments[7] = [{"id": 1, "body": "LGTM", "user": {"login": "someone"}}]
    env = runner_env(tmp_path, gh, pr_comment="true")
    run_action(env)
    run_action(env)
    posts = [s for s in gh.state.seen if s.method == "POST"]
    ours = [c for c in gh.state.comments[7] if MARKER in c["body"]]
    assert len(posts) == 1 and len(ours) == 1
    assert "CI failure analysis" in ours[0]["body"] and "Commit [`c6e5cac`]" in ours[0]["body"]
    patches = [s for s in gh.state.seen if s.method == "PATCH"]
    assert patches == []  # the same failures (only their counts moved): the comment is left alone


def test_two_workflows_keep_two_comments_on_one_pull_request(gh: FakeGitHub, tmp_path: Path) -> None:
    """The marker is per workflow: a failing "Docs" run adds its own comment and leaves CI's alone; CI's next
    run with the same failures changes nothing (no timestamp churn)."""
    failed_run(gh, prs=(7,))
    ci = runner_env(tmp_path, gh, pr_comment="true")
    run_action(ci)
    gh.add_run(1003, prs=(7,), event="pull_request", name="Docs", check_suite_id=7003)
    gh.add_job(1003, 61, "build docs", log=COMPILE_FAILURE, failed_step="Build")
    docs = {**ci, "GITHUB_RUN_ID": "1003", "GITHUB_RUN_ATTEMPT": "1"}
    run_action(docs)
    bodies = [c["body"] for c in gh.state.comments[7]]
    assert len(bodies) == 2 and "workflow=ci." in bodies[0] and "workflow=docs." in bodies[1]
    assert "CI failure analysis" in bodies[0] and "Docs failure analysis" in bodies[1]
    writes = len([s for s in gh.state.seen if s.method in {"POST", "PATCH"}])
    run_action(ci)
    run_action(docs)
    assert len([s for s in gh.state.seen if s.method in {"POST", "PATCH"}]) == writes == 2
    assert [c["body"] for c in gh.state.comments[7]] == bodies


def test_a_later_green_run_marks_the_comment_fixed_at_its_commit(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh, prs=(7,))
    run_action(runner_env(tmp_path, gh, pr_comment="true"))
    green_sha = "e" * 40
    gh.add_run(1002, prs=(7,), event="pull_request", sha=green_sha, conclusion="success")
    gh.add_job(1002, 51, "unit (3.12)", conclusion="success")
    green = runner_env(tmp_path, gh, pr_comment="true")
    green.update(GITHUB_RUN_ID="1002", GITHUB_RUN_ATTEMPT="1")

    code, _, summary, outputs = run_action(green)  # the step ran with `if: always()`

    assert code == 0 and "no failures found" in summary and outputs["unique_fingerprints"] == "0"
    ours = [c for c in gh.state.comments[7] if MARKER in c["body"]]
    assert len(ours) == 1 and "the failures reported earlier are fixed" in ours[0]["body"]
    assert "Commit [`eeeeeee`]" in ours[0]["body"] and "actions/runs/1002" in ours[0]["body"]
    assert "<summary>The earlier report</summary>" in ours[0]["body"]
    run_action(green)
    assert len([s for s in gh.state.seen if s.method == "PATCH"]) == 1, "fixed once, then left alone"


def test_without_secrets_reads_the_workspace_with_rules_and_sqlite(gh: FakeGitHub, tmp_path: Path) -> None:
    env = runner_env(tmp_path, gh, paths="test-results/**/*.xml")
    env["INPUT_GITHUB_TOKEN"] = ""
    env.pop("INPUT_ENABLE_ERROR_CLASSIFICATION")
    reports = Path(env["GITHUB_WORKSPACE"]) / "test-results"
    reports.mkdir()
    (reports / "junit.xml").write_text(
        '<testsuite name="s" tests="1" failures="1"><testcase classname="t.TestA" name="test_b">'
        '<failure message="AssertionError: expected 200, got 503">AssertionError: expected 200, got 503'
        "</failure></testcase></testsuite>"
    )
    (reports / "broken.xml").write_text("<testsuite><testcase")

    code, _, summary, outputs = run_action(env)

    assert code == 0
    assert gh.state.seen == []  # no token: no API calls
    assert "No GitHub token" in summary and "Running without secrets" in summary
    assert "SQLite" in summary
    assert "expected 200, got 503" in summary
    assert "test-results/broken.xml" in summary  # the corrupt report is a named problem
    assert outputs["unique_fingerprints"] == "1"


def test_workflow_run_event_targets_the_triggering_run(tmp_path: Path) -> None:
    pull = {"number": 42, "base": {"ref": "release/2.x"}}
    event = {
        "workflow_run": {"id": 555, "run_attempt": 3, "pull_requests": [pull]},
        "repository": {"default_branch": "main"},
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    environ = {
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_EVENT_NAME": "workflow_run",
        "GITHUB_RUN_ID": str(RUN_ID),
        "GITHUB_REPOSITORY": "octo/app",
        "INPUT_RUN_ID": "",
    }
    target = resolve_target(load_settings(environ), environ)
    assert (target.run_id, target.run_attempt, target.pr_number) == (555, 3, 42)
    assert target.base_branch == "release/2.x"  # the baseline comes from the PR's base, not the default branch
    explicit = {**environ, "INPUT_RUN_ID": "777", "GITHUB_RUN_ATTEMPT": "2"}
    target = resolve_target(load_settings(explicit), explicit)
    assert (target.run_id, target.run_attempt) == (777, 0)  # the given run's latest attempt


def test_validate_mode_writes_the_phase0_report(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    env = runner_env(tmp_path, gh, mode="validate", hours="48")
    code, _, summary, outputs = run_action(env)
    assert code == 0
    report = Path(outputs["report_path"]).read_text()
    for heading in ("## Coverage", "## Examples per category", "## Unclassified samples", "## Recommendations"):
        assert heading in report
    assert "failed runs of the last 48 hours: 1 run, " in report
    assert "| category | distinct | failed jobs |" in report
    assert "docs (attempt 2).log" in report  # the expired log is listed as not read
    assert not (tmp_path / "state" / "classifier.db").exists()  # validation used a throw-away store
    assert summary.startswith("# CI failure validation report")


def test_batch_mode_is_dispatched_and_reported(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    code, commands, summary, outputs = run_action(runner_env(tmp_path, gh, mode="batch", hours="48"))
    assert code == 0  # problems (the expired log) do not fail the job by default
    assert summary.startswith("## ci-classify batch")
    assert Path(outputs["report_path"]).name == "batch-summary.json" and Path(outputs["report_path"]).exists()
    assert gh.requests_to("/blobs/logs/21")  # the backlog read the failed jobs through the same client
    assert any("mode 'batch' reported problems" in c for c in commands)


def test_validate_command_line(gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from classifier.cli import main

    failed_run(gh)
    for name in list(os.environ):
        if name.startswith(("INPUT_", "GITHUB_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", gh.url)
    monkeypatch.setenv("REPO", "octo/app")
    output = tmp_path / "report.md"
    assert main(["validate", "--hours", "48", "--output", str(output)]) == 0
    said = "Repository `octo/app`, failed runs of the last 48 hours: 1 run, 3 distinct root causes in 3 failed jobs."
    assert said in output.read_text()
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["validate", "--output", str(output)]) == 2  # no token: a configuration error


def test_an_unwritable_summary_is_reported_not_raised(gh: FakeGitHub, tmp_path: Path) -> None:
    failed_run(gh)
    env = runner_env(tmp_path, gh, fail_on="error")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "missing-dir" / "summary.md")
    stream = io.StringIO()
    assert entrypoint.main(env, stream) == 1  # fail_on: error, and publishing failed
    assert "::warning title=ci-classify::publishing failed (FileNotFoundError" in stream.getvalue()
    assert entrypoint.main({**env, "INPUT_FAIL_ON": "never"}, io.StringIO()) == 0


def test_the_prebuilt_image_step_works_with_its_own_defaults(
    gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`uses: docker://…` gets no action.yml defaults: only the runner's variables and the `with:` given
    (here the documented snippet: the token and pr_comment)."""
    failed_run(gh, prs=(7,))
    full = runner_env(tmp_path, gh, event={"pull_request": {"number": 7}}, event_name="pull_request")
    env = {name: value for name, value in full.items() if not name.startswith("INPUT_")}
    env.update(INPUT_GITHUB_TOKEN=TOKEN, INPUT_PR_COMMENT="true")
    monkeypatch.chdir(env["GITHUB_WORKSPACE"])  # the runner's working directory: the workspace

    code, _, summary, outputs = run_action(env)

    assert code == 0 and int(outputs["unique_fingerprints"]) >= 3
    assert "CI failure analysis" in summary and "KeyError" in visible_text(summary)  # artifacts: default patterns
    assert (Path(env["HOME"]) / "ci-classify/classifier.db").exists()  # default store: the action's home
    assert not list(Path(env["GITHUB_WORKSPACE"]).rglob("*.db"))  # never the workspace a checkout cleans
    assert [c["user"]["login"] for c in gh.state.comments[7]] == ["github-actions[bot]"]
