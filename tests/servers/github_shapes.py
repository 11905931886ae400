"""JSON bodies of the GitHub REST API as the loopback server returns them.

Shapes follow real recorded responses (`../shared/data/github_api/pygithub_replay`, from PyGithub's
tests/ReplayData): workflow runs with `head_repository`, jobs with `check_run_url`, check-run annotations,
artifacts, pull requests with `head.label`/`head.sha`, issue comments.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

SHA = "c6e5cac67a58a4eb11f1f28567a77a6e2cc8ee98"


def run_json(
    url: str,
    repo: str,
    run_id: int,
    *,
    attempt: int,
    event: str,
    branch: str,
    sha: str,
    prs: tuple[int, ...],
    check_suite_id: int,
    name: str,
    conclusion: str,
    workflow_id: int,
    head_repo: str,
) -> dict[str, Any]:
    owner = head_repo.split("/", maxsplit=1)[0]
    return {
        "id": run_id,
        "name": name,
        "node_id": "WFR_kwLOADYVqs7nWvVP",
        "head_branch": branch,
        "head_sha": sha,
        "path": ".github/workflows/ci.yml",
        "display_title": "change",
        "run_number": 930,
        "event": event,
        "status": "completed",
        "conclusion": conclusion,
        "workflow_id": workflow_id,
        "check_suite_id": check_suite_id,
        "check_suite_node_id": "CS_kwDOADYVqs8AAAACZK4oMw",
        "url": f"{url}/repos/{repo}/actions/runs/{run_id}",
        "html_url": f"https://github.com/{repo}/actions/runs/{run_id}",
        "pull_requests": [{"number": n, "id": n * 10, "url": f"{url}/repos/{repo}/pulls/{n}"} for n in prs],
        "created_at": "2026-11-23T08:24:19Z",
        "updated_at": "2026-11-23T08:28:20Z",
        "actor": {"login": "octocat", "id": 1, "type": "User"},
        "run_attempt": attempt,
        "run_started_at": "2026-11-23T08:24:19Z",
        "triggering_actor": {"login": "octocat", "id": 1, "type": "User"},
        "jobs_url": f"{url}/repos/{repo}/actions/runs/{run_id}/jobs",
        "logs_url": f"{url}/repos/{repo}/actions/runs/{run_id}/logs",
        "check_suite_url": f"{url}/repos/{repo}/check-suites/{check_suite_id}",
        "artifacts_url": f"{url}/repos/{repo}/actions/runs/{run_id}/artifacts",
        "workflow_url": f"{url}/repos/{repo}/actions/workflows/{workflow_id}",
        "head_repository": {
            "id": 587206601,
            "node_id": "R_kgDOIwAPyQ",
            "name": head_repo.split("/")[1],
            "full_name": head_repo,
            "private": False,
            "owner": {"login": owner, "id": 50770626, "type": "User"},
        },
    }


def job_json(
    url: str,
    repo: str,
    run_id: int,
    job_id: int,
    name: str,
    *,
    attempt: int,
    conclusion: str | None,
    status: str,
    failed_step: str,
    step_conclusion: str | None = None,
) -> dict[str, Any]:
    last = conclusion if step_conclusion is None else step_conclusion
    at = "2026-11-23T08:24:{:02d}Z"  # the seconds at which `tests.action.runner.gha_log` begins each step
    steps: list[dict[str, Any]] = [
        {"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1},
        {"name": "Run actions/checkout@v4", "status": "completed", "conclusion": "success", "number": 2},
        {"name": failed_step, "status": status, "conclusion": last, "number": 3},
    ]
    for step, (begun, ended) in zip(steps, ((0, 3), (4, 6), (7, 59)), strict=True):
        step["started_at"], step["completed_at"] = at.format(begun), at.format(ended)
    return {
        "id": job_id,
        "run_id": run_id,
        "workflow_name": "CI",
        "head_branch": "main",
        "run_url": f"{url}/repos/{repo}/actions/runs/{run_id}",
        "run_attempt": attempt,
        "node_id": "CR_kwDOADYVqs8AAAACdJMJDg",
        "head_sha": SHA,
        "url": f"{url}/repos/{repo}/actions/jobs/{job_id}",
        "html_url": f"https://github.com/{repo}/actions/runs/{run_id}/job/{job_id}",
        "status": status,
        "conclusion": conclusion,
        "created_at": "2026-11-23T08:24:21Z",
        "started_at": "2026-11-23T08:24:28Z",
        "completed_at": "2026-11-23T08:25:28Z" if status == "completed" else None,
        "name": name,
        "steps": steps,
        "check_run_url": f"{url}/repos/{repo}/check-runs/{job_id}",
        "labels": ["ubuntu-latest"],
        "runner_id": 1,
        "runner_name": "GitHub Actions 1",
        "runner_group_id": 2,
        "runner_group_name": "GitHub Actions",
    }


def check_run_json(
    url: str, repo: str, check_id: int, name: str, count: int, conclusion: str | None = "failure"
) -> dict[str, Any]:
    return {
        "id": check_id,
        "name": name,
        "head_sha": SHA,
        "url": f"{url}/repos/{repo}/check-runs/{check_id}",
        "status": "completed" if conclusion else "in_progress",
        "conclusion": conclusion,
        "started_at": "2026-11-23T08:24:28Z",
        "completed_at": "2026-11-23T08:25:28Z",
        "output": {
            "title": None,
            "summary": None,
            "text": None,
            "annotations_count": count,
            "annotations_url": f"{url}/repos/{repo}/check-runs/{check_id}/annotations",
        },
        "check_suite": {"id": 7000},
        "app": {"id": 15368, "slug": "github-actions"},
    }


def artifact_json(url: str, repo: str, run_id: int, artifact_id: int, name: str, size: int) -> dict[str, Any]:
    return {
        "id": artifact_id,
        "node_id": "MDg6QXJ0aWZhY3Q3MjQ5NTgxMDQ=",
        "name": name,
        "size_in_bytes": size,
        "url": f"{url}/repos/{repo}/actions/artifacts/{artifact_id}",
        "archive_download_url": f"{url}/repos/{repo}/actions/artifacts/{artifact_id}/zip",
        "expired": False,
        "created_at": "2026-11-23T08:25:04Z",
        "expires_at": "2027-02-21T08:25:04Z",
        "workflow_run": {"id": run_id, "head_branch": "main"},
    }


def pull_json(url: str, repo: str, number: int, head_repo: str, branch: str, sha: str, base: str) -> dict[str, Any]:
    owner = head_repo.split("/", maxsplit=1)[0]
    return {
        "url": f"{url}/repos/{repo}/pulls/{number}",
        "id": number * 10,
        "number": number,
        "state": "open",
        "title": "change",
        "user": {"login": owner, "id": 50770626},
        "html_url": f"https://github.com/{repo}/pull/{number}",
        "head": {
            "label": f"{owner}:{branch}",
            "ref": branch,
            "sha": sha,
            "user": {"login": owner},
            "repo": {"full_name": head_repo, "owner": {"login": owner}},
        },
        "base": {
            "label": f"{repo.split('/', maxsplit=1)[0]}:{base}",
            "ref": base,
            "sha": "b" * 40,
            "repo": {"full_name": repo},
        },
    }


def comment_json(url: str, repo: str, comment_id: int, text: str, issue: int) -> dict[str, Any]:
    return {
        "id": comment_id,
        "node_id": "IC_x",
        "body": text,
        "user": {"login": "github-actions[bot]", "id": 41898282},
        "url": f"{url}/repos/{repo}/issues/comments/{comment_id}",
        "html_url": f"https://github.com/{repo}/pull/{issue}#issuecomment-{comment_id}",
        "issue_url": f"{url}/repos/{repo}/issues/{issue}",
        "created_at": "2026-11-23T08:30:00Z",
        "updated_at": "2026-11-23T08:30:00Z",
    }


def annotation(path: str, line: int, message: str, title: str = "", level: str = "failure") -> dict[str, Any]:
    """A check-run annotation in the API's shape."""
    return {
        "path": path,
        "blob_href": f"https://github.com/octo/app/blob/c6e5cac/{path}",
        "start_line": line,
        "start_column": None,
        "end_line": line,
        "end_column": None,
        "annotation_level": level,
        "title": title,
        "message": message,
        "raw_details": "",
    }


def file_json(path: str, text: str) -> dict[str, Any]:
    """GET /repos/{owner}/{repo}/contents/{path} for a file (GitHub's REST docs, "Get repository content":
    base64 content wrapped at 60 characters, as the API sends it)."""
    data = text.encode()
    encoded = base64.b64encode(data).decode()
    return {
        "type": "file",
        "encoding": "base64",
        "size": len(data),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n",
        "sha": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest(),  # git's blob id
    }
