"""The GitHub adapter against the loopback API: redirects without the token, retries, bounded waits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from classifier.errors import GitHubError
from classifier.github.api import GitHubClient, LogsUnavailable, RetryPolicy
from tests.servers.github_api import FakeGitHub

TOKEN = "ghs_loopbacktoken"
LOGS = "/repos/octo/app/actions/jobs/21/logs"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.add_run(1001, attempt=2)
        server.add_job(1001, 11, "unit", attempt=1)
        server.add_job(1001, 21, "unit", attempt=2, log=b"line\nerror: boom\n")
        yield server


def client(gh: FakeGitHub, waits: list[float]) -> GitHubClient:
    return GitHubClient(gh.url, TOKEN, policy=RetryPolicy(attempts=3, max_wait_seconds=30), sleep=waits.append)


def test_run_and_jobs_of_every_attempt(gh: FakeGitHub) -> None:
    api = client(gh, [])
    run = api.get_run("octo/app", 1001)
    assert (run.run_attempt, run.head_branch, run.actor, run.check_suite_id) == (2, "main", "octocat", 7000)
    jobs = api.list_jobs("octo/app", 1001)
    assert [(j.id, j.run_attempt) for j in jobs] == [(11, 1), (21, 2)]
    assert jobs[1].failed_steps[0].name == "Run tests"


def test_log_redirect_is_fetched_without_the_token(gh: FakeGitHub, tmp_path: Path) -> None:
    size = client(gh, []).download_job_log("octo/app", 21, tmp_path / "log")
    assert size == len(b"line\nerror: boom\n") and (tmp_path / "log").read_bytes().endswith(b"boom\n")
    api_hit, blob_hit = gh.requests_to(LOGS)[0], gh.requests_to("/blobs/logs/21")[0]
    assert api_hit.headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in blob_hit.headers


def test_rate_limit_waits_until_reset_then_retries(gh: FakeGitHub, tmp_path: Path) -> None:
    reset = str(int(time.time()) + 5)
    gh.state.faults[LOGS] = [
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}, {"message": "API rate limit exceeded"}),
        (429, {"Retry-After": "2"}, {"message": "secondary rate limit"}),
    ]
    waits: list[float] = []
    client(gh, waits).download_job_log("octo/app", 21, tmp_path / "log")
    assert len(waits) == 2 and 3 <= waits[0] <= 7 and waits[1] == 2
    assert len(gh.requests_to(LOGS)) == 3


def test_rate_limit_too_far_away_gives_up_with_a_clear_error(gh: FakeGitHub) -> None:
    reset = str(int(time.time()) + 3600)
    path = "/repos/octo/app/actions/runs/1001/jobs"
    gh.state.faults[path] = [
        (
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
            {"message": "API rate limit exceeded for installation"},
        )
    ]
    waits: list[float] = []
    with pytest.raises(GitHubError, match=r"rate limited .* until .* longer than the 30 s"):
        client(gh, waits).list_jobs("octo/app", 1001)
    assert waits == []


def test_server_errors_retry_with_backoff_then_fail(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.state.faults[LOGS] = [(502, {}, {"message": "bad gateway"})]
    waits: list[float] = []
    client(gh, waits).download_job_log("octo/app", 21, tmp_path / "log")
    assert waits == [1.0]
    gh.state.faults[LOGS] = [(500, {}, {"message": "x"})] * 3
    with pytest.raises(GitHubError, match="HTTP 500 after 3 attempts"):
        client(gh, waits).download_job_log("octo/app", 21, tmp_path / "log")


def test_expired_logs_are_not_retried(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.state.gone_logs[21] = 410
    with pytest.raises(LogsUnavailable, match="410"):
        client(gh, []).download_job_log("octo/app", 21, tmp_path / "log")
    assert len(gh.requests_to(LOGS)) == 1


def test_permission_errors_name_the_missing_grant(gh: FakeGitHub) -> None:
    path = "/repos/octo/app/actions/runs/1001/jobs"
    gh.state.faults[path] = [(403, {}, {"message": "Resource not accessible by integration"})]
    expected = r"HTTP 403 \(Resource not accessible by integration\); to fix: grant `actions: read`"
    with pytest.raises(GitHubError, match=expected):
        client(gh, []).list_jobs("octo/app", 1001)


def test_a_comment_post_is_not_retried_after_a_server_error(gh: FakeGitHub) -> None:
    """A 502 may come after GitHub created the comment: posting again could duplicate it."""
    path = "/repos/octo/app/issues/7/comments"
    gh.state.faults[path] = [(502, {}, "Bad Gateway")]
    waits: list[float] = []
    with pytest.raises(GitHubError, match="HTTP 502"):
        client(gh, waits).create_comment("octo/app", 7, "body")
    assert waits == [] and len([s for s in gh.requests_to(path) if s.method == "POST"]) == 1
    gh.state.faults[path] = [(403, {"Retry-After": "3"}, {"message": "You have exceeded a secondary rate limit"})]
    client(gh, waits).create_comment("octo/app", 7, "body")  # a rate limit refused it: safe to retry
    assert waits == [3.0] and len(gh.state.comments[7]) == 1
