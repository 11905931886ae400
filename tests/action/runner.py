"""Builders for end-to-end action tests: realistic job logs, a JUnit artifact, and a runner's environment."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from tests.servers.github_api import FakeGitHub, annotation

TOKEN = "ghs_loopbacktoken"
RUN_ID = 1001


def gha_log(*lines: str, step: str = "Run tests", command: str = "python -m pytest -q") -> bytes:
    """A job log as GitHub serves it: timestamped lines, the "Set up job" and checkout steps, then the step
    that ran `command` (named `step` in the jobs API) and its error marker. Line i is stamped at second i,
    so the steps begin at the seconds `tests.servers.github_shapes.job_json` gives them (0, 4 and 7)."""
    stamp = "2026-11-23T08:24:{:02d}.{:07d}Z"
    body = [
        "Current runner version: '2.330.0'",
        "##[group]Runner Image",
        "Image: ubuntu-24.04",
        "##[endgroup]",
        "##[group]Run actions/checkout@v4",
        "Syncing repository: octo/app",
        "##[endgroup]",
        f"##[group]Run {command}",
        f"\x1b[36;1m{command}\x1b[0m",
        "##[endgroup]",
        *lines,
        "##[error]Process completed with exit code 1.",
    ]
    return "".join(f"{stamp.format(min(i, 59), i)} {line}\n" for i, line in enumerate(body)).encode()


PYTEST_FAILURE = gha_log(
    "============================= FAILURES =============================",
    "_________________________ test_checkout_total _________________________",
    "    def test_checkout_total():",
    ">       assert total([1, 2]) == 4",
    "E       assert 3 == 4",
    "tests/test_cart.py:12: AssertionError",
    "=========================== short test summary info ===========================",
    "FAILED tests/test_cart.py::test_checkout_total - assert 3 == 4",
    "1 failed, 41 passed in 2.31s",
)

NETWORK_FAILURE = gha_log(
    "Collecting requests==2.32.3",
    "  WARNING: Retrying (Retry(total=4)) after connection broken by "
    "'NewConnectionError(\"Failed to establish a new connection: [Errno 111] Connection refused\")'",
    "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='files.example.org', "
    "port=443): Max retries exceeded with url: /requests-2.32.3.tar.gz "
    "(Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))",
    step="Install dependencies",
    command="pip install -r requirements.txt",
)

COMPILE_FAILURE = gha_log(
    "gcc -O2 -c src/app.c -o build/app.o",
    "src/app.c:12:5: error: expected ';' before '}' token",
    "make: *** [Makefile:8: build/app.o] Error 1",
    step="Build",
    command="make",
)


def junit_zip() -> bytes:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<testsuites><testsuite name="pytest" tests="2" failures="1" errors="0">'
        '<testcase classname="tests.test_api" name="test_login" file="tests/test_api.py" line="30" time="0.1">'
        "<failure message=\"KeyError: 'token'\">Traceback (most recent call last):\n"
        '  File "tests/test_api.py", line 33, in test_login\n    body["token"]\nKeyError: \'token\'</failure>'
        "</testcase>"
        '<testcase classname="tests.test_api" name="test_logout" time="0.1"/>'
        "</testsuite></testsuites>\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("junit/api.xml", xml)
    return buffer.getvalue()


def failed_run(gh: FakeGitHub, *, prs: tuple[int, ...] = ()) -> None:
    """Run 1001, attempt 2: unit fails again, lint passed on retry, build fails, deploy still running,
    docs' log expired; a test-results artifact and check-run annotations."""
    gh.add_run(RUN_ID, attempt=2, prs=prs, event="pull_request" if prs else "push")
    gh.add_job(RUN_ID, 11, "unit (3.12)", attempt=1, log=PYTEST_FAILURE)
    gh.add_job(RUN_ID, 12, "lint", attempt=1, log=NETWORK_FAILURE, failed_step="Install dependencies")
    gh.add_job(RUN_ID, 21, "unit (3.12)", attempt=2, log=PYTEST_FAILURE)
    gh.add_job(RUN_ID, 22, "lint", attempt=2, conclusion="success")
    gh.add_job(RUN_ID, 23, "build", attempt=2, log=COMPILE_FAILURE, failed_step="Build")
    gh.add_job(RUN_ID, 24, "deploy", attempt=2, conclusion=None, status="in_progress")
    gh.add_job(RUN_ID, 25, "docs", attempt=2)
    gh.state.gone_logs[25] = 410
    gh.state.artifacts[RUN_ID] = [("test-results-unit", junit_zip()), ("coverage", b"PK\x05\x06" + b"\0" * 18)]


def runner_env(
    tmp_path: Path, gh: FakeGitHub, event: dict[str, object] | None = None, event_name: str = "push", **inputs: str
) -> dict[str, str]:
    """The environment a runner gives a Docker action."""
    workspace = tmp_path / "workspace"
    workspace.mkdir(exist_ok=True)
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(event or {}))
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_REPOSITORY": "octo/app",
        "GITHUB_RUN_ID": str(RUN_ID),
        "GITHUB_RUN_ATTEMPT": "2",
        "HOME": str(tmp_path / "home"),  # a Docker action's HOME: /github/home, outside the workspace
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_API_URL": gh.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "INPUT_GITHUB_TOKEN": TOKEN,
        "INPUT_DB_PATH": str(tmp_path / "state" / "classifier.db"),
        "INPUT_OUTPUT_DIR": str(tmp_path / "out"),
        "INPUT_ENABLE_ERROR_CLASSIFICATION": "false",
        "INPUT_RUN_ID": "",
    }
    env.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    return env


NODE_DEPRECATION = (
    "Node.js 16 actions are deprecated. Please update the following actions to use Node.js 20: "
    "actions/checkout@v3. For more information see: "
    "https://github.blog/changelog/2023-09-22-github-actions-transitioning-from-node-16-to-node-20/."
)
NODE_WARNING_LINE = f"2026-11-23T08:25:59.0000000Z ##[warning]{NODE_DEPRECATION}\n".encode()
TIME_LIMIT = "The job running on runner GitHub Actions 7 has exceeded the maximum execution time of 360 minutes."
PASSING_LOG = gha_log("Collecting requests==2.32.3", "DEPRECATION: a legacy setup.py install", "42 passed in 2.31s")


def _warning() -> dict[str, object]:
    return annotation(".github", 1, NODE_DEPRECATION, level="warning")


def _failed(message: str = "Process completed with exit code 1.") -> dict[str, object]:
    return annotation(".github", 41, message, level="failure")


def realistic_run(gh: FakeGitHub, jobs: int = 128, logs: dict[int, bytes] | None = None) -> list[int]:
    """Run 1001, attempt 1, on a push: `jobs` jobs, 5 of them failed (3 `failure`, 1 `timed_out`, 1 cancelled
    at its time limit), one more cancelled by fail-fast, the rest green; a Node-deprecation warning annotation
    on every job, a JUnit artifact, and a successful run 990 of the same workflow on main to compare with.
    Returns the ids of the failed jobs."""
    gh.add_run(RUN_ID, attempt=1)
    gh.add_run(990, attempt=1, conclusion="success", check_suite_id=6990)
    logs = logs or {}
    failures = {3: PYTEST_FAILURE, 40: COMPILE_FAILURE, 77: NETWORK_FAILURE, 101: PYTEST_FAILURE, 126: PYTEST_FAILURE}
    failed: list[int] = []
    for index in range(jobs):
        job_id, name = 2000 + index, f"test ({index})"
        gh.add_job(990, 1000 + index, name, conclusion="success", log=PASSING_LOG, annotations=[_warning()])
        if index not in failures:
            conclusion = "cancelled" if index == 5 else "success"
            found = [_warning(), _failed("The operation was canceled.")] if index == 5 else [_warning()]
            gh.add_job(RUN_ID, job_id, name, conclusion=conclusion, annotations=found)
            continue
        failed.append(job_id)
        log = logs.get(index, failures[index]) + NODE_WARNING_LINE  # the runner logs each annotation it makes
        if index == 101:
            gh.add_job(RUN_ID, job_id, name, conclusion="timed_out", log=log, annotations=[_warning(), _failed()])
        elif index == 126:
            found = [_warning(), _failed(TIME_LIMIT), _failed("The operation was canceled.")]
            gh.add_job(RUN_ID, job_id, name, conclusion="cancelled", log=log, annotations=found)
        else:
            gh.add_job(RUN_ID, job_id, name, log=log, annotations=[_warning(), _failed()])
    gh.state.artifacts[RUN_ID] = [("test-results-unit", junit_zip())]
    return failed
