"""A loopback GitHub REST API (stdlib http.server in a thread) with real response shapes.

State is plain data the test fills in: one repository, runs, jobs (all attempts), job logs, artifacts,
check suites with annotations, pull-request files and issue comments. Logs and artifacts answer 302 to a
blob path on the same server, which records whether an Authorization header came along. Faults are
queued per path: each request to that path first consumes one queued (status, headers, body).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Fault = tuple[int, dict[str, str], Any]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class State:
    repo: str = "octo/app"
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # run id -> jobs of every attempt
    logs: dict[int, bytes] = field(default_factory=dict)  # job id -> log text
    gone_logs: dict[int, int] = field(default_factory=dict)  # job id -> 404 / 410
    artifacts: dict[int, list[tuple[str, bytes]]] = field(default_factory=dict)  # run id -> (name, zip)
    check_runs: dict[int, list[tuple[str, list[dict[str, Any]]]]] = field(default_factory=dict)
    pr_files: dict[int, list[str]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # issue -> comments
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    next_id: int = 900_000


class FakeGitHub:
    """`with FakeGitHub() as gh:` serves `gh.state` at `gh.url`."""

    def __init__(self) -> None:
        self.state = State()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_to(self, prefix: str) -> list[Seen]:
        return [s for s in self.state.seen if s.path.startswith(prefix)]

    # -- builders with the API's shapes --------------------------------------------------------------
    def add_run(
        self,
        run_id: int,
        *,
        attempt: int = 1,
        event: str = "push",
        branch: str = "main",
        sha: str = "c6e5cac67a58a4eb11f1f28567a77a6e2cc8ee98",
        prs: tuple[int, ...] = (),
        check_suite_id: int = 7000,
        name: str = "CI",
        conclusion: str = "failure",
    ) -> dict[str, Any]:
        repo = self.state.repo
        run = {
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
            "workflow_id": 1903133,
            "check_suite_id": check_suite_id,
            "check_suite_node_id": "CS_kwDOADYVqs8AAAACZK4oMw",
            "url": f"{self.url}/repos/{repo}/actions/runs/{run_id}",
            "html_url": f"https://github.com/{repo}/actions/runs/{run_id}",
            "pull_requests": [{"number": n, "id": n * 10, "url": f"{self.url}/repos/{repo}/pulls/{n}"} for n in prs],
            "created_at": "2026-11-23T08:24:19Z",
            "updated_at": "2026-11-23T08:28:20Z",
            "actor": {"login": "octocat", "id": 1, "type": "User"},
            "run_attempt": attempt,
            "run_started_at": "2026-11-23T08:24:19Z",
            "triggering_actor": {"login": "octocat", "id": 1, "type": "User"},
            "jobs_url": f"{self.url}/repos/{repo}/actions/runs/{run_id}/jobs",
            "logs_url": f"{self.url}/repos/{repo}/actions/runs/{run_id}/logs",
            "check_suite_url": f"{self.url}/repos/{repo}/check-suites/{check_suite_id}",
            "artifacts_url": f"{self.url}/repos/{repo}/actions/runs/{run_id}/artifacts",
        }
        self.state.runs[run_id] = run
        self.state.jobs.setdefault(run_id, [])
        return run

    def add_job(
        self,
        run_id: int,
        job_id: int,
        name: str,
        *,
        attempt: int = 1,
        conclusion: str | None = "failure",
        status: str = "completed",
        log: bytes = b"",
        failed_step: str = "Run tests",
    ) -> dict[str, Any]:
        repo = self.state.repo
        steps = [
            {"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1},
            {"name": "Run actions/checkout@v4", "status": "completed", "conclusion": "success", "number": 2},
            {"name": failed_step, "status": status, "conclusion": conclusion, "number": 3},
        ]
        job = {
            "id": job_id,
            "run_id": run_id,
            "workflow_name": "CI",
            "head_branch": "main",
            "run_url": f"{self.url}/repos/{repo}/actions/runs/{run_id}",
            "run_attempt": attempt,
            "node_id": "CR_kwDOADYVqs8AAAACdJMJDg",
            "head_sha": "c6e5cac67a58a4eb11f1f28567a77a6e2cc8ee98",
            "url": f"{self.url}/repos/{repo}/actions/jobs/{job_id}",
            "html_url": f"https://github.com/{repo}/actions/runs/{run_id}/job/{job_id}",
            "status": status,
            "conclusion": conclusion,
            "created_at": "2026-11-23T08:24:21Z",
            "started_at": "2026-11-23T08:24:28Z",
            "completed_at": "2026-11-23T08:25:28Z" if status == "completed" else None,
            "name": name,
            "steps": steps,
            "check_run_url": f"{self.url}/repos/{repo}/check-runs/{job_id}",
            "labels": ["ubuntu-latest"],
            "runner_id": 1,
            "runner_name": "GitHub Actions 1",
            "runner_group_id": 2,
            "runner_group_name": "GitHub Actions",
        }
        self.state.jobs[run_id].append(job)
        if log:
            self.state.logs[job_id] = log
        return job


def _run_json(state: State, run_id: int) -> Any:
    return state.runs.get(run_id)


ROUTES: list[tuple[str, str]] = [
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/runs/(?P<run>\d+)/jobs"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/runs/(?P<run>\d+)/artifacts"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/runs/(?P<run>\d+)"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/runs"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/jobs/(?P<job>\d+)/logs"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/actions/artifacts/(?P<artifact>\d+)/zip"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/check-suites/(?P<suite>\d+)/check-runs"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/check-runs/(?P<check>\d+)/annotations"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/pulls/(?P<pr>\d+)/files"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/issues/(?P<issue>\d+)/comments"),
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/issues/(?P<issue>\d+)/comments"),
    ("PATCH", r"/repos/(?P<repo>[^/]+/[^/]+)/issues/comments/(?P<comment>\d+)"),
    ("GET", r"/blobs/logs/(?P<job>\d+)"),
    ("GET", r"/blobs/artifacts/(?P<artifact>\d+)"),
]


def _handler(gh: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    state = gh.state

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            content_type = "application/octet-stream" if isinstance(body, bytes) else "application/json; charset=utf-8"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            extra = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999", **(headers or {})}
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"null") if length else None

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            state.seen.append(Seen(method, path, {k.lower(): v for k, v in self.headers.items()}))
            body = self._body() if method in {"POST", "PATCH"} else None
            queued = state.faults.get(path)
            if queued:
                status, headers, payload = queued.pop(0)
                self._send(status, payload, headers)
                return
            for verb, pattern in ROUTES:
                match = re.fullmatch(pattern, path)
                if verb == method and match:
                    self._route(method, match.groupdict(), query, body)
                    return
            self._send(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})

        def _route(self, method: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            if "job" in m and self.path.startswith("/blobs/"):
                self._send(200, state.logs.get(int(m["job"]), b""))
            elif "artifact" in m and self.path.startswith("/blobs/"):
                artifact_id = int(m["artifact"])
                blobs = state.artifacts[artifact_id // 1000]
                index = artifact_id % 1000
                self._send(200, blobs[index][1])
            elif "job" in m:
                job_id = int(m["job"])
                if job_id in state.gone_logs:
                    self._send(state.gone_logs[job_id], {"message": "Not Found"})
                else:
                    self._send(302, None, {"Location": f"{gh.url}/blobs/logs/{job_id}?sig=short-lived"})
            elif "artifact" in m:
                self._send(302, None, {"Location": f"{gh.url}/blobs/artifacts/{m['artifact']}?sig=x"})
            elif "run" in m and self.path.split("?")[0].endswith("/jobs"):
                run_id = int(m["run"])
                jobs = state.jobs.get(run_id, [])
                if query.get("filter", ["latest"])[0] != "all":
                    latest = max((j["run_attempt"] for j in jobs), default=1)
                    jobs = [j for j in jobs if j["run_attempt"] == latest]
                self._send(200, {"total_count": len(jobs), "jobs": jobs})
            elif "run" in m and self.path.split("?")[0].endswith("/artifacts"):
                self._send(200, self._artifacts(m))
            elif "run" in m:
                run = _run_json(state, int(m["run"]))
                self._send(200 if run else 404, run or {"message": "Not Found"})
            elif m.keys() == {"repo"}:
                runs = [r for r in state.runs.values() if r["conclusion"] == "failure"]
                self._send(200, {"total_count": len(runs), "workflow_runs": runs})
            elif "suite" in m:
                runs = [
                    self._check_run(i, name, found)
                    for i, (name, found) in enumerate(state.check_runs.get(int(m["suite"]), []))
                ]
                self._send(200, {"total_count": len(runs), "check_runs": runs})
            elif "check" in m:
                suite_runs = [r for runs in state.check_runs.values() for r in runs]
                self._send(200, suite_runs[int(m["check"]) - 5000][1])
            elif "pr" in m:
                files = state.pr_files.get(int(m["pr"]), [])
                self._send(
                    200,
                    [
                        {
                            "sha": "a" * 40,
                            "filename": f,
                            "status": "modified",
                            "additions": 1,
                            "deletions": 0,
                            "changes": 1,
                        }
                        for f in files
                    ],
                )
            elif "issue" in m and method == "GET":
                self._send(200, state.comments.get(int(m["issue"]), []))
            elif "issue" in m:
                state.next_id += 1
                comment = self._comment(state.next_id, body["body"], int(m["issue"]))
                state.comments.setdefault(int(m["issue"]), []).append(comment)
                self._send(201, comment)
            else:
                for comments in state.comments.values():
                    for comment in comments:
                        if comment["id"] == int(m["comment"]):
                            comment["body"] = body["body"]
                            self._send(200, comment)
                            return
                self._send(404, {"message": "Not Found"})

        def _artifacts(self, m: dict[str, str]) -> Any:
            repo, run_id = m["repo"], int(m["run"])
            found = [
                {
                    "id": run_id * 1000 + i,
                    "node_id": "MDg6QXJ0aWZhY3Q3MjQ5NTgxMDQ=",
                    "name": name,
                    "size_in_bytes": len(blob),
                    "url": f"{gh.url}/repos/{repo}/actions/artifacts/{run_id * 1000 + i}",
                    "archive_download_url": f"{gh.url}/repos/{repo}/actions/artifacts/{run_id * 1000 + i}/zip",
                    "expired": False,
                    "created_at": "2026-11-23T08:25:04Z",
                    "expires_at": "2027-02-21T08:25:04Z",
                    "workflow_run": {"id": run_id, "head_branch": "main"},
                }
                for i, (name, blob) in enumerate(state.artifacts.get(run_id, []))
            ]
            return {"total_count": len(found), "artifacts": found}

        def _check_run(self, index: int, name: str, found: list[dict[str, Any]]) -> Any:
            check_id = 5000 + index
            return {
                "id": check_id,
                "name": name,
                "head_sha": "c6e5cac67a58a4eb11f1f28567a77a6e2cc8ee98",
                "url": f"{gh.url}/repos/{state.repo}/check-runs/{check_id}",
                "status": "completed",
                "conclusion": "failure",
                "started_at": "2026-11-23T08:24:28Z",
                "completed_at": "2026-11-23T08:25:28Z",
                "output": {
                    "title": None,
                    "summary": None,
                    "text": None,
                    "annotations_count": len(found),
                    "annotations_url": f"{gh.url}/repos/{state.repo}/check-runs/{check_id}/annotations",
                },
                "check_suite": {"id": 7000},
                "app": {"id": 15368, "slug": "github-actions"},
            }

        def _comment(self, comment_id: int, text: str, issue: int) -> Any:
            return {
                "id": comment_id,
                "node_id": "IC_x",
                "body": text,
                "user": {"login": "github-actions[bot]", "id": 41898282},
                "url": f"{gh.url}/repos/{state.repo}/issues/comments/{comment_id}",
                "html_url": f"https://github.com/{state.repo}/pull/{issue}#issuecomment-{comment_id}",
                "issue_url": f"{gh.url}/repos/{state.repo}/issues/{issue}",
                "created_at": "2026-11-23T08:30:00Z",
                "updated_at": "2026-11-23T08:30:00Z",
            }

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

    return Handler


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
