"""A job's own `timeout-minutes`, read from the run's workflow file, end to end against the loopback GitHub API:
a job cancelled at that limit is a timeout of its running step; a sibling cancelled before it is no failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from classifier.sources.workflow_limits import job_limits, limit_for
from tests.action.runner import RUN_ID, runner_env
from tests.action.test_run_scope import run_action
from tests.servers.github_api import FakeGitHub
from tests.servers.github_shapes import SHA

# GitHub's workflow syntax documentation ("jobs.<job_id>.timeout-minutes", "jobs.<job_id>.name",
# "jobs.<job_id>.strategy.matrix"): a matrix job with a name and its own limit, a step with its own limit
# (not the job's), and a job whose limit is an expression (unknown: the default applies).
WORKFLOW = """\
name: CI
on: [push, pull_request]

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: ruff check .
        timeout-minutes: 5 # a step's limit
  integration:
    name: Integration
    runs-on: ubuntu-latest
    timeout-minutes: 30 # the job's own limit
    strategy:
      matrix:
        db: [postgres, mysql]
    steps:
      - uses: actions/checkout@v4
      - name: Run tests
        run: |
          python -m pytest -q tests/integration
  nightly:
    runs-on: ubuntu-latest
    timeout-minutes: ${{ fromJSON(vars.NIGHTLY_MINUTES) }}
    steps:
      - run: make nightly
"""


def test_each_jobs_own_limit_is_read_and_matched_to_the_jobs_api_name() -> None:
    limits = job_limits(WORKFLOW)
    assert [(limit.key, limit.name, limit.minutes) for limit in limits] == [("integration", "Integration", 30.0)]
    assert limit_for("Integration (postgres)", limits) == 30.0  # a matrix leg: its values appended
    assert limit_for("Integration", limits) == 30.0
    assert limit_for("lint", limits) is None  # no limit of its own (a step's does not count)
    assert limit_for("nightly", limits) is None  # an expression: not evaluated
    assert limit_for("Integration tests", limits) is None


def test_names_with_an_expression_and_flow_or_broken_files() -> None:
    named = job_limits('jobs:\n  build:\n    name: "Build ${{ matrix.os }}"\n    timeout-minutes: 45\n')
    assert limit_for("Build windows-latest", named) == 45.0 and limit_for("Test windows-latest", named) is None
    many = job_limits('jobs:\n  b:\n    name: "${{ a }}-${{ b }}-${{ c }}-${{ d }}"\n    timeout-minutes: 9\n')
    assert limit_for("1-2-3-4", many) is None  # more expressions than are matched as wildcards
    assert job_limits("jobs: {build: {timeout-minutes: 5}}\n") == ()  # flow style: not read, default applies
    assert job_limits("jobs:\n  build: [1, 2]\n") == ()
    assert job_limits("\x00\x01 not yaml: [\n" * 1000) == ()
    assert job_limits("jobs:\n" + "".join(f"  j{i}:\n    timeout-minutes: 1\n" for i in range(600)))[-1].key == "j499"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


def _cancelled_log(start: str, *lines: str) -> bytes:
    """A job log as GitHub serves it for a job cancelled in its test step (no line says why)."""
    body = ["##[group]Run python -m pytest -q tests/integration", "##[endgroup]", *lines]
    stamped = [f"{start}.0000000Z {line}\n" for line in body]
    return "".join([*stamped, "2026-11-23T08:54:31.0000000Z ##[error]The operation was canceled.\n"]).encode()


def _run(gh: FakeGitHub) -> None:
    gh.add_run(RUN_ID, attempt=1)
    slow = gh.add_job(
        RUN_ID, 61, "Integration (postgres)", conclusion="cancelled",
        log=_cancelled_log("2026-11-23T08:25:02", "tests/integration/test_sync.py::test_full_sync "),
    )  # fmt: skip
    slow["started_at"], slow["completed_at"] = "2026-11-23T08:24:20Z", "2026-11-23T08:54:31Z"
    quick = gh.add_job(
        RUN_ID, 62, "Integration (mysql)", conclusion="cancelled",
        log=_cancelled_log("2026-11-23T08:25:02", "tests/integration/test_sync.py::test_a "),
    )  # fmt: skip
    quick["started_at"], quick["completed_at"] = "2026-11-23T08:24:20Z", "2026-11-23T08:31:00Z"


def test_a_job_cancelled_at_its_own_limit_is_a_timeout_of_its_step(gh: FakeGitHub, tmp_path: Path) -> None:
    _run(gh)
    gh.state.files[".github/workflows/ci.yml"] = WORKFLOW
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    commands, summary, outputs = run_action(env)[1:]

    (contents,) = gh.requests_to("/repos/octo/app/contents/")
    assert contents.path.endswith("/.github/workflows/ci.yml") and contents.query["ref"] == [SHA]
    report = json.loads(Path(outputs["report_path"]).read_text())
    assert [i["path"] for i in report["inputs"]] == ["Integration (postgres).log"]  # the sibling: fail-fast
    (failure,) = report["failures"]
    assert failure["category"] == "timeout" and "the job ran out of time" in failure["message"]
    assert "Job 'Integration (postgres)' was cancelled at its time limit (30 minutes) in 'Run tests'." in summary
    assert "the job ran 30 minutes (timeout-minutes: 30)" in summary  # the card says what showed it
    (annotation,) = [line for line in commands if line.startswith("::error ")]
    assert "Cancelled at the job's time limit: the job ran 30 minutes (timeout-minutes: 30)" in annotation


def test_an_unreadable_workflow_file_leaves_the_default_limit(gh: FakeGitHub, tmp_path: Path) -> None:
    _run(gh)
    refused = {"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com"}
    gh.state.faults["/repos/octo/app/contents/.github/workflows/ci.yml"] = [(403, {}, refused)]
    env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
    env["GITHUB_RUN_ATTEMPT"] = "1"

    code, _commands, summary, outputs = run_action(env)

    assert code == 0
    report = json.loads(Path(outputs["report_path"]).read_text())
    assert report["failures"] == []  # 30 minutes is no time limit under the default 360
    assert "The workflow file .github/workflows/ci.yml was not read" in summary
