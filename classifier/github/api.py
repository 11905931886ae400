"""GitHub REST adapter: the only module that imports PyGithub and `requests` for GitHub.

Everything crosses this boundary as the small frozen records below, never as SDK objects. Faults are
handled here: rate limits (403/429 with `x-ratelimit-reset` / `retry-after`) wait a bounded time and
retry, 5xx and connection errors retry with backoff, and anything still failing raises `GitHubError` with
a message fit for the job summary. Job logs and artifacts are 302 redirects to short-lived blob URLs that
are fetched without the token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.CheckRunAnnotation import CheckRunAnnotation
from github.WorkflowJob import WorkflowJob
from github.WorkflowRun import WorkflowRun

from classifier.errors import GitHubError, LimitExceeded
from classifier.github.pr_comment import Comment

T = TypeVar("T")
MAX_DOWNLOAD_BYTES = 1 << 30
CHUNK = 1 << 20


class LogsUnavailable(GitHubError):
    """A job log or artifact is gone (expired or deleted: 404/410)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    max_wait_seconds: float = 60.0  # longest rate-limit wait before giving up
    backoff_seconds: float = 1.0  # first 5xx backoff, doubled each time


@dataclass(frozen=True, slots=True)
class StepInfo:
    number: int
    name: str
    status: str
    conclusion: str | None


@dataclass(frozen=True, slots=True)
class JobInfo:
    id: int
    name: str
    status: str
    conclusion: str | None
    run_attempt: int
    html_url: str
    steps: tuple[StepInfo, ...] = ()

    @property
    def failed_steps(self) -> tuple[StepInfo, ...]:
        return tuple(step for step in self.steps if step.conclusion in {"failure", "timed_out"})


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


def _anonymous(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """Auth hook for blob URLs: never send a token (and keep requests from reading .netrc)."""
    request.headers.pop("Authorization", None)
    return request


class _HttpStatus(Exception):
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.headers = headers


def _lower(headers: Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in dict(headers or {}).items()}


class GitHubClient:
    """A narrow, retrying view of the GitHub REST API."""

    def __init__(
        self,
        api_url: str,
        token: str = "",
        *,
        policy: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.has_token = bool(token)
        self._token = token
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._timeout = timeout
        self._gh = Github(
            base_url=self.api_url,
            auth=Auth.Token(token) if token else None,
            retry=None,
            per_page=100,
            timeout=int(timeout),
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
        )
        self._local = threading.local()  # one requests.Session per thread (downloads run in parallel)
        self._sessions: list[requests.Session] = []
        self._runs: dict[tuple[str, int], WorkflowRun] = {}

    def close(self) -> None:
        self._gh.close()
        for session in self._sessions:
            session.close()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["Accept"] = "application/vnd.github+json"
            session.headers["X-GitHub-Api-Version"] = "2022-11-28"
            self._local.session = session
            self._sessions.append(session)
        return session

    # -- retry -------------------------------------------------------------------------------------
    def _wait_for(self, status: int, headers: dict[str, str], attempt: int) -> float | None:
        limited = status == 429 or (
            status == 403 and (headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers)
        )
        if limited:
            if "retry-after" in headers:
                return max(0.0, float(headers["retry-after"]))
            reset = float(headers.get("x-ratelimit-reset", "0") or 0)
            return max(0.0, reset - self._clock()) + 1.0 if reset else 60.0
        if status >= 500 or status == 0:
            return float(self._policy.backoff_seconds * (2**attempt))
        return None

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        status = 0
        for attempt in range(self._policy.attempts):
            try:
                return call()
            except GithubException as exc:
                status, headers = exc.status, _lower(exc.headers)
                data = exc.data if isinstance(exc.data, dict) else {}
                headers["message"] = str(data.get("message") or "")
            except _HttpStatus as exc:
                status, headers = exc.status, exc.headers
            except requests.RequestException as exc:
                status, headers = 0, {"error": str(exc)}
            wait = self._wait_for(status, headers, attempt)
            if wait is None:
                raise GitHubError(f"{what}: HTTP {status}{_explain(status, headers.get('message', ''))}")
            if wait > self._policy.max_wait_seconds:
                when = datetime.fromtimestamp(self._clock() + wait, UTC).strftime("%H:%M:%S UTC")
                raise GitHubError(
                    f"{what}: rate limited (HTTP {status}) until {when}, longer than the "
                    f"{self._policy.max_wait_seconds:.0f} s this action waits"
                )
            if attempt + 1 < self._policy.attempts:
                self._sleep(wait)
        reason = "rate limited" if status in {403, 429} else f"HTTP {status}" if status else "connection failed"
        raise GitHubError(f"{what}: {reason} after {self._policy.attempts} attempts")

    def _workflow_run(self, repo: str, run_id: int) -> WorkflowRun:
        """The run object, fetched once per client (its jobs and artifacts URLs come from it)."""
        key = (repo, run_id)
        if key not in self._runs:
            run = self._gh.get_repo(repo).get_workflow_run(run_id)
            _ = run.raw_data  # fetch now, inside the caller's retry
            self._runs[key] = run
        return self._runs[key]

    # -- reads ---------------------------------------------------------------------------------------
    def get_run(self, repo: str, run_id: int) -> RunInfo:
        def call() -> RunInfo:
            run = self._workflow_run(repo, run_id)
            raw = run.raw_data
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
            )

        return self._retrying(f"run {run_id}", call)

    def list_jobs(self, repo: str, run_id: int) -> list[JobInfo]:
        """Jobs of every attempt of the run (`filter=all`)."""

        def call() -> list[JobInfo]:
            run = self._workflow_run(repo, run_id)
            return [_job(job) for job in run.jobs("all")]

        return self._retrying(f"jobs of run {run_id}", call)

    def list_artifacts(self, repo: str, run_id: int) -> list[ArtifactInfo]:
        def call() -> list[ArtifactInfo]:
            run = self._workflow_run(repo, run_id)
            return [
                ArtifactInfo(a.id, a.name, a.size_in_bytes or 0, bool(a.expired), a.archive_download_url or "")
                for a in run.get_artifacts()
            ]

        return self._retrying(f"artifacts of run {run_id}", call)

    def check_annotations(self, repo: str, check_suite_id: int) -> list[CheckAnnotation]:
        def call() -> list[CheckAnnotation]:
            found: list[CheckAnnotation] = []
            suite = self._gh.get_repo(repo).get_check_suite(check_suite_id)
            for check_run in suite.get_check_runs():
                if not check_run.output.annotations_count:
                    continue
                found.extend(_annotation(check_run.name, a) for a in check_run.get_annotations())
            return found

        return self._retrying(f"check-run annotations of suite {check_suite_id}", call)

    def pr_files(self, repo: str, number: int) -> list[str]:
        def call() -> list[str]:
            pull = self._gh.get_repo(repo).get_pull(number)
            return [f.filename for f in pull.get_files()]

        return self._retrying(f"files of pull request #{number}", call)

    def failed_runs(self, repo: str, since: datetime, limit: int) -> list[RunInfo]:
        """Completed failed runs created since `since` (newest first), at most `limit`."""

        def call() -> list[int]:
            runs = self._gh.get_repo(repo).get_workflow_runs(
                status="failure", created=f">={since.strftime('%Y-%m-%dT%H:%M:%SZ')}"
            )
            ids: list[int] = []
            for run in runs:
                ids.append(run.id)
                if len(ids) >= limit:
                    break
            return ids

        return [self.get_run(repo, run_id) for run_id in self._retrying("failed runs", call)]

    def organization_repositories(self, organization: str) -> list[str]:
        """`owner/name` of the organisation's repositories that are not archived."""

        def call() -> list[str]:
            repos = self._gh.get_organization(organization).get_repos()
            return sorted(repo.full_name for repo in repos if not repo.archived)

        return self._retrying(f"repositories of {organization}", call)

    # -- downloads -----------------------------------------------------------------------------------
    def download_job_log(self, repo: str, job_id: int, dest: Path) -> int:
        url = f"{self.api_url}/repos/{repo}/actions/jobs/{job_id}/logs"
        return self._retrying(f"log of job {job_id}", lambda: self._download(url, dest))

    def download_artifact(self, artifact: ArtifactInfo, dest: Path) -> int:
        if artifact.expired:
            raise LogsUnavailable(f"artifact {artifact.name}: expired")
        return self._retrying(f"artifact {artifact.name}", lambda: self._download(artifact.download_url, dest))

    def _download(self, url: str, dest: Path) -> int:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        first = self._session().get(url, headers=headers, allow_redirects=False, timeout=self._timeout, stream=True)
        with first:
            if first.status_code in {301, 302, 303, 307, 308}:
                location = first.headers["Location"]
            elif first.status_code == 200:
                return _save(first.iter_content(CHUNK), dest)
            elif first.status_code in {404, 410}:
                raise LogsUnavailable(f"HTTP {first.status_code}: expired or deleted")
            else:
                raise _HttpStatus(first.status_code, _lower(first.headers))
        blob = requests.get(location, auth=_anonymous, timeout=self._timeout, stream=True)
        with blob:
            if blob.status_code in {404, 410}:
                raise LogsUnavailable(f"HTTP {blob.status_code} from the log store: expired or deleted")
            if blob.status_code != 200:
                raise _HttpStatus(blob.status_code, _lower(blob.headers))
            return _save(blob.iter_content(CHUNK), dest)

    # -- writes --------------------------------------------------------------------------------------
    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        def call() -> list[Comment]:
            issue = self._gh.get_repo(repo).get_issue(number)
            return [Comment(int(c.id), str(c.body or "")) for c in issue.get_comments()]

        return self._retrying(f"comments of #{number}", call)

    def create_comment(self, repo: str, number: int, body: str) -> None:
        self._retrying(
            f"comment on #{number}",
            lambda: self._gh.requester.requestJsonAndCheck(
                "POST", f"/repos/{repo}/issues/{number}/comments", input={"body": body}
            ),
        )

    def edit_comment(self, repo: str, comment_id: int, body: str) -> None:
        self._retrying(
            f"comment {comment_id}",
            lambda: self._gh.requester.requestJsonAndCheck(
                "PATCH", f"/repos/{repo}/issues/comments/{comment_id}", input={"body": body}
            ),
        )


def _explain(status: int, message: str) -> str:
    text = f" ({message})" if message else ""
    if status in {401, 403}:
        text += "; check the token and the job's permissions (actions: read, checks: read)"
    return text


def _save(chunks: Iterator[bytes], dest: Path) -> int:
    size = 0
    with dest.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise LimitExceeded(f"download larger than {MAX_DOWNLOAD_BYTES} bytes")
            handle.write(chunk)
    return size


def _job(job: WorkflowJob) -> JobInfo:
    steps = tuple(StepInfo(s.number, s.name, s.status, s.conclusion) for s in job.steps or ())
    return JobInfo(job.id, job.name, job.status, job.conclusion, job.run_attempt or 1, job.html_url or "", steps)


def _annotation(check_run: str, raw: CheckRunAnnotation) -> CheckAnnotation:
    return CheckAnnotation(
        check_run=check_run,
        path=raw.path or "",
        start_line=raw.start_line,
        end_line=raw.end_line,
        level=raw.annotation_level or "",
        title=raw.title or "",
        message=raw.message or "",
        raw_details=raw.raw_details or "",
    )
