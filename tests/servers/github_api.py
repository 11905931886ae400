"""A loopback GitHub REST API (stdlib http.server in a thread) with real response shapes.

State is plain data the test fills in: one repository, runs, jobs (all attempts), job logs, artifacts,
repository files (the contents API), check-run annotations per job, pull requests, pull-request files and
issue comments. Lists are paginated as GitHub does (`per_page` up to 100, `Link: <…>; rel="next"`). Logs
and artifacts answer 302 to a blob path on the same server, which records whether an Authorization header
came along. Another repository than `state.repo` answers 404. Faults are queued per path: each request to
that path first consumes one queued (status, headers, body).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.servers import github_shapes as shapes
from tests.servers.github_shapes import SHA, annotation

Fault = tuple[int, dict[str, str], Any]
__all__ = ["FakeGitHub", "Fault", "Seen", "State", "annotation"]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class State:
    repo: str = "octo/app"
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # run id -> jobs of every attempt
    logs: dict[int, bytes] = field(default_factory=dict)  # job id -> log text
    gone_logs: dict[int, int] = field(default_factory=dict)  # job id -> 404 / 410
    artifacts: dict[int, list[tuple[str, bytes]]] = field(default_factory=dict)  # run id -> (name, zip)
    annotations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # job (check run) id -> list
    check_runs: dict[int, list[tuple[str, list[dict[str, Any]]]]] = field(default_factory=dict)  # suite ->
    pulls: list[dict[str, Any]] = field(default_factory=list)
    pr_files: dict[int, list[str]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # issue -> comments
    user: dict[str, Any] | None = None  # GET /user; None: 403 as for an Actions installation token
    login: str = "github-actions[bot]"  # the author of the comments this server creates
    files: dict[str, str] = field(default_factory=dict)  # repository path -> text (the contents API, any ref)
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

    def api_calls(self) -> int:
        """Requests to the API (blob downloads behind redirects are not API calls)."""
        return sum(1 for s in self.state.seen if not s.path.startswith("/blobs/"))

    # -- builders with the API's shapes --------------------------------------------------------------
    def add_run(
        self,
        run_id: int,
        *,
        attempt: int = 1,
        event: str = "push",
        branch: str = "main",
        sha: str = SHA,
        prs: tuple[int, ...] = (),
        check_suite_id: int = 7000,
        name: str = "CI",
        conclusion: str = "failure",
        workflow_id: int = 1903133,
        head_repo: str = "",
    ) -> dict[str, Any]:
        run = shapes.run_json(
            self.url, self.state.repo, run_id, attempt=attempt, event=event, branch=branch, sha=sha, prs=prs,
            check_suite_id=check_suite_id, name=name, conclusion=conclusion, workflow_id=workflow_id,
            head_repo=head_repo or self.state.repo,
        )  # fmt: skip
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
        annotations: list[dict[str, Any]] | None = None,
        steps: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A job; `steps` replaces the default three (set up, checkout, `failed_step`) when given."""
        job = shapes.job_json(
            self.url, self.state.repo, run_id, job_id, name, attempt=attempt, conclusion=conclusion, status=status,
            failed_step=failed_step,
        )  # fmt: skip
        if steps is not None:
            job["steps"] = steps
        self.state.jobs[run_id].append(job)
        if log:
            self.state.logs[job_id] = log
        if annotations:
            self.state.annotations[job_id] = annotations
        return job

    def add_pull(self, number: int, *, head_repo: str, branch: str, sha: str, base: str = "main") -> dict[str, Any]:
        pull = shapes.pull_json(self.url, self.state.repo, number, head_repo, branch, sha, base)
        self.state.pulls.append(pull)
        return pull


REPO = r"/repos/(?P<repo>[^/]+/[^/]+)"
ROUTES: list[tuple[str, str, str]] = [
    ("GET", "jobs", REPO + r"/actions/runs/(?P<run>\d+)/jobs"),
    ("GET", "artifacts", REPO + r"/actions/runs/(?P<run>\d+)/artifacts"),
    ("GET", "run", REPO + r"/actions/runs/(?P<run>\d+)"),
    ("GET", "runs", REPO + r"/actions/runs"),
    ("GET", "workflow_runs", REPO + r"/actions/workflows/(?P<workflow>\d+)/runs"),
    ("GET", "log", REPO + r"/actions/jobs/(?P<job>\d+)/logs"),
    ("GET", "artifact", REPO + r"/actions/artifacts/(?P<artifact>\d+)/zip"),
    ("GET", "check_runs", REPO + r"/check-suites/(?P<suite>\d+)/check-runs"),
    ("GET", "annotations", REPO + r"/check-runs/(?P<check>\d+)/annotations"),
    ("GET", "pulls", REPO + r"/pulls"),
    ("GET", "pr_files", REPO + r"/pulls/(?P<pr>\d+)/files"),
    ("GET", "comments", REPO + r"/issues/(?P<issue>\d+)/comments"),
    ("POST", "comment", REPO + r"/issues/(?P<issue>\d+)/comments"),
    ("PATCH", "edit", REPO + r"/issues/comments/(?P<comment>\d+)"),
    ("GET", "contents", REPO + r"/contents/(?P<file>.+)"),
    ("GET", "user", r"/user"),
    ("GET", "log_blob", r"/blobs/logs/(?P<job>\d+)"),
    ("GET", "artifact_blob", r"/blobs/artifacts/(?P<artifact>\d+)"),
]
NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}


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

        def _page(self, path: str, items: list[Any], query: dict[str, list[str]], key: str | None = None) -> None:
            """One page of `items`, with a `Link` header to the next one."""
            per_page = min(100, int(query.get("per_page", ["30"])[0]))
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * per_page : page * per_page]
            headers = {}
            if page * per_page < len(items):
                rest = {k: v[0] for k, v in query.items() if k != "page"}
                headers["Link"] = f'<{gh.url}{path}?{urlencode({**rest, "page": page + 1})}>; rel="next"'
            self._send(200, {"total_count": len(items), key: chunk} if key else chunk, headers)

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"null") if length else None

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            state.seen.append(Seen(method, path, {k.lower(): v for k, v in self.headers.items()}, query))
            body = self._body() if method in {"POST", "PATCH"} else None
            queued = state.faults.get(path)
            if queued:
                status, headers, payload = queued.pop(0)
                self._send(status, payload, headers)
                return
            for verb, name, pattern in ROUTES:
                match = re.fullmatch(pattern, path)
                if verb == method and match:
                    found = match.groupdict()
                    if found.get("repo", state.repo) != state.repo:
                        break
                    getattr(self, f"_{name}")(path, found, query, body)
                    return
            self._send(404, NOT_FOUND)

        # -- routes -------------------------------------------------------------------------------------
        def _log_blob(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            self._send(200, state.logs.get(int(m["job"]), b""))

        def _artifact_blob(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            artifact_id = int(m["artifact"])
            self._send(200, state.artifacts[artifact_id // 1000][artifact_id % 1000][1])

        def _log(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            job_id = int(m["job"])
            if job_id in state.gone_logs:
                self._send(state.gone_logs[job_id], NOT_FOUND)
            else:
                self._send(302, None, {"Location": f"{gh.url}/blobs/logs/{job_id}?sig=short-lived"})

        def _artifact(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            self._send(302, None, {"Location": f"{gh.url}/blobs/artifacts/{m['artifact']}?sig=x"})

        def _jobs(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            jobs = state.jobs.get(int(m["run"]), [])
            if query.get("filter", ["latest"])[0] != "all":
                latest = max((j["run_attempt"] for j in jobs), default=1)
                jobs = [j for j in jobs if j["run_attempt"] == latest]
            self._page(path, jobs, query, "jobs")

        def _artifacts(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            run_id = int(m["run"])
            found = [
                shapes.artifact_json(gh.url, state.repo, run_id, run_id * 1000 + i, name, len(blob))
                for i, (name, blob) in enumerate(state.artifacts.get(run_id, []))
            ]
            self._page(path, found, query, "artifacts")

        def _run(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            run = state.runs.get(int(m["run"]))
            self._send(200 if run else 404, run or NOT_FOUND)

        def _runs(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            runs = [r for r in state.runs.values() if r["conclusion"] == "failure"]
            self._page(path, runs, query, "workflow_runs")

        def _workflow_runs(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            wanted = {key: query[key][0] for key in ("branch", "status") if key in query}
            runs = [
                r
                for r in sorted(state.runs.values(), key=lambda r: r["id"], reverse=True)
                if r["workflow_id"] == int(m["workflow"])
                and r["head_branch"] == wanted.get("branch", r["head_branch"])
                and r["conclusion"] == wanted.get("status", r["conclusion"])
            ]
            self._page(path, runs, query, "workflow_runs")

        def _check_runs(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            """The suite's check runs: one per job of the run with that suite (its latest attempt with the
            default `filter=latest`), then any listed in `state.check_runs`."""
            suite = int(m["suite"])
            jobs = [
                j for run_id, run in state.runs.items() if run["check_suite_id"] == suite for j in state.jobs[run_id]
            ]
            if query.get("filter", ["latest"])[0] == "latest":
                latest = max((j["run_attempt"] for j in jobs), default=1)
                jobs = [j for j in jobs if j["run_attempt"] == latest]
            runs = [
                shapes.check_run_json(
                    gh.url, state.repo, j["id"], j["name"], len(state.annotations.get(j["id"], [])), j["conclusion"]
                )
                for j in jobs
            ]
            found = state.check_runs.get(suite, [])
            runs += [shapes.check_run_json(gh.url, state.repo, 5000 + i, n, len(a)) for i, (n, a) in enumerate(found)]
            self._page(path, runs, query, "check_runs")

        def _annotations(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            check_id = int(m["check"])
            suite_runs = [found for runs in state.check_runs.values() for _, found in runs]
            if check_id in state.annotations:
                self._page(path, state.annotations[check_id], query)
            elif 0 <= check_id - 5000 < len(suite_runs):
                self._page(path, suite_runs[check_id - 5000], query)
            else:
                self._page(path, [], query)

        def _pulls(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            head = query.get("head", [""])[0]
            self._page(path, [p for p in state.pulls if not head or p["head"]["label"] == head], query)

        def _pr_files(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            files = [
                {"sha": "a" * 40, "filename": f, "status": "modified", "additions": 1, "deletions": 0, "changes": 1}
                for f in state.pr_files.get(int(m["pr"]), [])
            ]
            self._page(path, files, query)

        def _comments(self, path: str, m: dict[str, str], query: dict[str, list[str]], body: Any) -> None:
            self._page(path, state.comments.get(int(m["issue"]), []), query)

        def _comment(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            state.next_id += 1
            comment = shapes.comment_json(gh.url, state.repo, state.next_id, body["body"], int(m["issue"]))
            comment["user"]["login"] = state.login
            state.comments.setdefault(int(m["issue"]), []).append(comment)
            self._send(201, comment)

        def _contents(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            text = state.files.get(m["file"])
            found = shapes.file_json(m["file"], text) if text is not None else None
            self._send(200 if found else 404, found or NOT_FOUND)

        def _user(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            if state.user is None:  # what an Actions (installation) token gets
                docs = "https://docs.github.com/rest/users/users#get-the-authenticated-user"
                self._send(403, {"message": "Resource not accessible by integration", "documentation_url": docs})
            else:
                self._send(200, state.user)

        def _edit(self, path: str, m: dict[str, str], query: Any, body: Any) -> None:
            for comments in state.comments.values():
                for comment in comments:
                    if comment["id"] == int(m["comment"]):
                        comment["body"] = body["body"]
                        self._send(200, comment)
                        return
            self._send(404, NOT_FOUND)

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

    return Handler
