"""GitHub REST adapter: the only module that speaks to the GitHub API (through `http.ApiHttp`).

Everything crosses this boundary as the small frozen records below, never as raw JSON. Faults are
handled in `http.py`: rate limits wait as GitHub documents within a budget, 5xx and connection errors retry
with backoff, and anything still failing raises `ApiFailure` (a `GitHubError`) carrying a typed
`AccessProblem`: the endpoint and the permission or setting that fixes it. Job logs and artifacts are 302
redirects to short-lived blob URLs that are fetched without the token. `calls` counts API requests.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from classifier.access import Denial, Endpoint
from classifier.github.http import ApiFailure, ApiHttp, LogsUnavailable, RetryPolicy
from classifier.github.pr_comment import Comment

ACTIONS_BOT = "github-actions[bot]"  # the author of comments written with an Actions token
__all__ = [
    "ACTIONS_BOT",
    "ApiFailure",
    "ArtifactInfo",
    "CheckAnnotation",
    "GitHubClient",
    "JobInfo",
    "LogsUnavailable",
    "PullInfo",
    "RetryPolicy",
    "RunInfo",
    "StepInfo",
]


@dataclass(frozen=True, slots=True)
class StepInfo:
    number: int
    name: str
    status: str
    conclusion: str | None
    started_at: str = ""  # ISO 8601, whole seconds
    completed_at: str = ""


@dataclass(frozen=True, slots=True)
class JobInfo:
    id: int
    name: str
    status: str
    conclusion: str | None
    run_attempt: int
    html_url: str
    steps: tuple[StepInfo, ...] = ()
    check_run_id: int = 0  # the job's check run (GitHub gives a job the same id); 0: unknown
    started_at: str = ""  # ISO 8601, whole seconds ("" when not given)
    completed_at: str = ""

    @property
    def failed_steps(self) -> tuple[StepInfo, ...]:
        return tuple(step for step in self.steps if step.conclusion in {"failure", "timed_out"})

    @property
    def running_step(self) -> StepInfo | None:
        """The step that was cut off when the job was cancelled (the last one that started)."""
        started = [step for step in self.steps if step.conclusion in {"cancelled", "failure", "timed_out"}]
        return started[0] if started else None


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    name: str
    event: str
    head_branch: str
    head_sha: str
    run_attempt: int
    actor: str
    html_url: str
    status: str
    conclusion: str | None
    check_suite_id: int | None
    pull_requests: tuple[int, ...] = ()
    created_at: str = ""
    workflow_id: int = 0
    head_owner: str = ""  # owner of the head repository (a fork's owner for fork pull requests)
    head_repository: str = ""  # owner/name of the head repository
    path: str = ""  # the workflow file (`.github/workflows/ci.yml`)


@dataclass(frozen=True, slots=True)
class PullInfo:
    number: int
    head_sha: str
    head_label: str  # owner:branch
    base_ref: str


@dataclass(frozen=True, slots=True)
class ArtifactInfo:
    id: int
    name: str
    size: int
    expired: bool
    download_url: str


@dataclass(frozen=True, slots=True)
class CheckAnnotation:
    check_run: str
    path: str
    start_line: int | None
    end_line: int | None
    level: str
    title: str
    message: str
    raw_details: str


DEFAULT_POLICY = RetryPolicy()


class GitHubClient:
    """A narrow, retrying, counting view of the GitHub REST API."""

    def __init__(
        self,
        api_url: str,
        token: str = "",
        *,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.has_token = bool(token)
        self._http = ApiHttp(self.api_url, token, policy, sleep, clock, timeout)
        self._runs: dict[tuple[str, int], dict[str, Any]] = {}
        self._login: str | None = None

    @property
    def calls(self) -> int:
        """API requests sent so far (every attempt; blob downloads behind redirects not included)."""
        return self._http.calls

    def close(self) -> None:
        self._http.close()

    # -- runs and jobs -----------------------------------------------------------------------------------
    def _run_json(self, repo: str, run_id: int) -> dict[str, Any]:
        """The run object, fetched once per client."""
        key = (repo, run_id)
        if key not in self._runs:
            data = self._http.json(Endpoint.RUN, f"run {run_id}", f"/repos/{repo}/actions/runs/{run_id}")
            self._runs[key] = data if isinstance(data, dict) else {}
        return self._runs[key]

    def get_run(self, repo: str, run_id: int) -> RunInfo:
        return _run(self._run_json(repo, run_id))

    def file_text(self, repo: str, path: str, ref: str, limit: int) -> str:
        """A repository file at `ref` (the contents API's base64 answer), "" when larger than `limit` bytes
        or not a file."""
        data = self._http.json(
            Endpoint.CONTENTS, f"file {path}", f"/repos/{repo}/contents/{quote(path)}", {"ref": ref} if ref else None
        )
        if not isinstance(data, dict) or data.get("type") != "file" or data.get("encoding") != "base64":
            return ""
        if int(data.get("size") or 0) > limit:
            return ""
        try:
            return base64.b64decode(str(data.get("content") or "")).decode("utf-8", "replace")
        except ValueError:
            return ""

    def iter_jobs(self, repo: str, run_id: int, latest: bool = False) -> Iterator[JobInfo]:
        """Jobs of every attempt of the run (`filter=all`), or of its latest attempt; page by page."""
        params = {"filter": "latest" if latest else "all"}
        path = f"/repos/{repo}/actions/runs/{run_id}/jobs"
        for raw in self._http.pages(Endpoint.JOBS, f"jobs of run {run_id}", path, "jobs", params):
            yield _job(raw)

    def list_jobs(self, repo: str, run_id: int) -> list[JobInfo]:
        return list(self.iter_jobs(repo, run_id))

    def list_artifacts(self, repo: str, run_id: int) -> list[ArtifactInfo]:
        path = f"/repos/{repo}/actions/runs/{run_id}/artifacts"
        return [
            ArtifactInfo(
                int(a["id"]),
                str(a.get("name") or ""),
                int(a.get("size_in_bytes") or 0),
                bool(a.get("expired")),
                str(a.get("archive_download_url") or ""),
            )
            for a in self._http.pages(Endpoint.ARTIFACTS, f"artifacts of run {run_id}", path, "artifacts")
        ]

    def job_annotations(self, repo: str, job: JobInfo) -> list[CheckAnnotation]:
        """Check-run annotations of one job (its check run), every level."""
        check_id = job.check_run_id or job.id
        path = f"/repos/{repo}/check-runs/{check_id}/annotations"
        found = self._http.pages(Endpoint.ANNOTATIONS, f"annotations of job '{job.name}'", path, None)
        return [_annotation(job.name, raw) for raw in found if isinstance(raw, dict)]

    def suite_annotation_counts(self, repo: str, suite_id: int) -> dict[int, int]:
        """Check run id -> `output.annotations_count` for the latest check runs of a check suite (the jobs of
        a run are its suite's check runs): one request per 100 jobs, instead of one annotation list per job."""
        path = f"/repos/{repo}/check-suites/{suite_id}/check-runs"
        latest = {"filter": "latest"}
        found = self._http.pages(Endpoint.ANNOTATIONS, "check runs of the run", path, "check_runs", latest)
        return {
            int(raw["id"]): int((raw.get("output") or {}).get("annotations_count") or 0)
            for raw in found
            if isinstance(raw, dict) and "id" in raw
        }

    def successful_runs(self, repo: str, workflow_id: int, branch: str, limit: int = 5) -> list[RunInfo]:
        """The most recent successful runs of one workflow on one branch (one request)."""
        path = f"/repos/{repo}/actions/workflows/{workflow_id}/runs"
        params = {"branch": branch, "status": "success", "per_page": str(limit)}
        data = self._http.json(Endpoint.WORKFLOW_RUNS, f"successful runs on {branch}", path, params)
        runs = data.get("workflow_runs") if isinstance(data, dict) else None
        return [_run(raw) for raw in (runs or [])[:limit] if isinstance(raw, dict)]

    def failed_runs(self, repo: str, since: datetime, limit: int) -> list[RunInfo]:
        """Completed failed runs created since `since` (newest first), at most `limit`; the list's own
        run objects are used (no request per run)."""
        params = {"status": "failure", "created": f">={since.strftime('%Y-%m-%dT%H:%M:%SZ')}"}
        path = f"/repos/{repo}/actions/runs"
        runs: list[RunInfo] = []
        for raw in self._http.pages(Endpoint.WORKFLOW_RUNS, "failed runs", path, "workflow_runs", params):
            if isinstance(raw, dict):
                self._runs[(repo, int(raw["id"]))] = raw
                runs.append(_run(raw))
            if len(runs) >= limit:
                break
        return runs

    def organization_repositories(self, organization: str) -> list[str]:
        """`owner/name` of the organisation's repositories that are not archived."""
        path = f"/orgs/{organization}/repos"
        repos = self._http.pages(Endpoint.REPOSITORIES, f"repositories of {organization}", path, None)
        return sorted(str(r["full_name"]) for r in repos if isinstance(r, dict) and not r.get("archived"))

    # -- pull requests -------------------------------------------------------------------------------------
    def pr_files(self, repo: str, number: int) -> list[str]:
        path = f"/repos/{repo}/pulls/{number}/files"
        found = self._http.pages(Endpoint.PULLS, f"files of pull request #{number}", path, None)
        return [str(f.get("filename") or "") for f in found if isinstance(f, dict)]

    def pulls_for_head(self, repo: str, head_owner: str, branch: str) -> list[PullInfo]:
        """Open pull requests of `repo` whose head is `head_owner:branch` (one request)."""
        params = {"head": f"{head_owner}:{branch}", "state": "open", "per_page": "30"}
        data = self._http.json(
            Endpoint.PULLS, f"pull requests from {head_owner}:{branch}", f"/repos/{repo}/pulls", params
        )
        return [_pull(raw) for raw in data or () if isinstance(raw, dict)] if isinstance(data, list) else []

    # -- downloads -------------------------------------------------------------------------------------------
    def download_job_log(self, repo: str, job_id: int, dest: Path) -> int:
        url = f"/repos/{repo}/actions/jobs/{job_id}/logs"
        return self._http.download(Endpoint.LOGS, f"log of job {job_id}", url, dest)

    def download_artifact(self, artifact: ArtifactInfo, dest: Path) -> int:
        if artifact.expired:
            raise LogsUnavailable(f"artifact {artifact.name}: expired")
        return self._http.download(Endpoint.ARTIFACTS, f"artifact {artifact.name}", artifact.download_url, dest)

    # -- comments --------------------------------------------------------------------------------------------
    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        path = f"/repos/{repo}/issues/{number}/comments"
        found = self._http.pages(Endpoint.COMMENTS, f"comments of #{number}", path, None)
        return [Comment(int(c["id"]), str(c.get("body") or ""), _login(c)) for c in found if isinstance(c, dict)]

    def own_login(self) -> str:
        """The login of the token's identity: `GET /user`; an Actions or App installation token cannot
        read it (403 "Resource not accessible by integration"), and writes as `github-actions[bot]`."""
        if not self.has_token:
            return ""
        if self._login is None:
            try:
                user = self._http.json(Endpoint.COMMENTS, "the token's identity", "/user")
                self._login = str(user.get("login") or "") if isinstance(user, dict) else ""
            except ApiFailure as exc:
                if exc.problem.denial not in {Denial.FORBIDDEN, Denial.NOT_FOUND}:
                    raise
                self._login = ACTIONS_BOT
        return self._login

    def create_comment(self, repo: str, number: int, body: str) -> None:
        path = f"/repos/{repo}/issues/{number}/comments"
        self._http.json(Endpoint.COMMENTS, f"comment on #{number}", path, method="POST", body={"body": body})

    def edit_comment(self, repo: str, comment_id: int, body: str) -> None:
        path = f"/repos/{repo}/issues/comments/{comment_id}"
        self._http.json(Endpoint.COMMENTS, f"comment {comment_id}", path, method="PATCH", body={"body": body})


def _login(comment: dict[str, Any]) -> str:
    user = comment.get("user")
    return str(user.get("login") or "") if isinstance(user, dict) else ""


def _run(raw: dict[str, Any]) -> RunInfo:
    head = raw.get("head_repository") or {}
    return RunInfo(
        id=int(raw["id"]),
        name=str(raw.get("name") or ""),
        event=str(raw.get("event") or ""),
        head_branch=str(raw.get("head_branch") or ""),
        head_sha=str(raw.get("head_sha") or ""),
        run_attempt=int(raw.get("run_attempt") or 1),
        actor=str((raw.get("actor") or {}).get("login") or ""),
        html_url=str(raw.get("html_url") or ""),
        status=str(raw.get("status") or ""),
        conclusion=raw.get("conclusion"),
        check_suite_id=raw.get("check_suite_id"),
        pull_requests=tuple(int(pr["number"]) for pr in raw.get("pull_requests") or ()),
        created_at=str(raw.get("created_at") or ""),
        workflow_id=int(raw.get("workflow_id") or 0),
        head_owner=str((head.get("owner") or {}).get("login") or ""),
        head_repository=str(head.get("full_name") or ""),
        path=str(raw.get("path") or ""),
    )


def _job(raw: dict[str, Any]) -> JobInfo:
    steps = tuple(
        StepInfo(
            int(s.get("number") or 0),
            str(s.get("name") or ""),
            str(s.get("status") or ""),
            s.get("conclusion"),
            str(s.get("started_at") or ""),
            str(s.get("completed_at") or ""),
        )
        for s in raw.get("steps") or ()
        if isinstance(s, dict)
    )
    check_url = str(raw.get("check_run_url") or "")
    check_id = check_url.rsplit("/", 1)[-1]
    return JobInfo(
        int(raw["id"]),
        str(raw.get("name") or ""),
        str(raw.get("status") or ""),
        raw.get("conclusion"),
        int(raw.get("run_attempt") or 1),
        str(raw.get("html_url") or ""),
        steps,
        int(check_id) if check_id.isascii() and check_id.isdigit() else 0,
        str(raw.get("started_at") or ""),
        str(raw.get("completed_at") or ""),
    )


def _pull(raw: dict[str, Any]) -> PullInfo:
    head, base = raw.get("head") or {}, raw.get("base") or {}
    return PullInfo(
        int(raw["number"]), str(head.get("sha") or ""), str(head.get("label") or ""), str(base.get("ref") or "")
    )


def _annotation(check_run: str, raw: dict[str, Any]) -> CheckAnnotation:
    return CheckAnnotation(
        check_run=check_run,
        path=str(raw.get("path") or ""),
        start_line=raw.get("start_line"),
        end_line=raw.get("end_line"),
        level=str(raw.get("annotation_level") or ""),
        title=str(raw.get("title") or ""),
        message=str(raw.get("message") or ""),
        raw_details=str(raw.get("raw_details") or ""),
    )
