"""HTTP under the GitHub client: one `requests` session per thread, retries, pagination, call counting.

Waits follow GitHub's documented rate-limit guidance (REST API "Rate limits", "Handle rate limit
errors appropriately"): `retry-after` is obeyed; with `x-ratelimit-remaining: 0` wait until
`x-ratelimit-reset`; any other secondary-limit refusal waits at least a minute, doubling after that. Waits
are bounded per wait and in total; beyond that the request fails with an `ApiFailure` naming the endpoint
and what fixes it. 5xx and connection errors retry with backoff, whatever their body (a JSON string, HTML).
Every request to the API counts in `calls`; blob downloads behind redirects count in `blob_requests`.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import requests

from classifier.access import AccessProblem, Endpoint, describe, problem
from classifier.errors import GitHubError, LimitExceeded

T = TypeVar("T")
MAX_DOWNLOAD_BYTES = 1 << 30
CHUNK = 1 << 20
REDIRECTS = {301, 302, 303, 307, 308}


class ApiFailure(GitHubError):
    """The client gave up on a request; `problem` says why and what fixes it."""

    def __init__(self, what: str, found: AccessProblem, text: str = "") -> None:
        super().__init__(text or f"{what}: {describe(found)}")
        self.problem = found


class LogsUnavailable(GitHubError):
    """A job log or artifact is gone (expired or deleted: 404/410)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    max_wait_seconds: float = 120.0  # longest single wait before giving up
    wait_budget_seconds: float = 300.0  # all rate-limit waits of one client together
    backoff_seconds: float = 1.0  # first 5xx backoff, doubled each time
    secondary_wait_seconds: float = 60.0  # GitHub: "wait for at least one minute"


@dataclass(frozen=True, slots=True)
class Wait:
    seconds: float
    limited: bool  # a rate limit (primary or secondary), not a server fault
    reset_at: float | None = None  # epoch seconds of a primary limit's reset


@dataclass(slots=True)
class HttpStatus(Exception):
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""


def lower(headers: Mapping[str, str] | Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in dict(headers or {}).items()}


def message_of(body: bytes) -> str:
    """GitHub's `message` from an error body; a JSON string or plain text is taken as it is (shortened)."""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(data, dict):
        return str(data.get("message") or "")
    return str(data)[:200] if data is not None else ""


def wait_for(
    status: int, headers: Mapping[str, str], message: str, attempt: int, now: float, policy: RetryPolicy
) -> Wait | None:
    """How long to wait before retrying this response; None: do not retry. Pure."""
    secondary = "secondary rate limit" in message.lower() or "abuse" in message.lower()
    if status in {403, 429} and "retry-after" in headers:
        try:
            return Wait(max(0.0, float(headers["retry-after"])), True)
        except ValueError:
            return Wait(policy.secondary_wait_seconds, True)
    if status in {403, 429} and headers.get("x-ratelimit-remaining") == "0" and not secondary:
        reset = float(headers.get("x-ratelimit-reset", "0") or 0)
        if reset:
            return Wait(max(0.0, reset - now) + 1.0, True, reset)
        return Wait(policy.secondary_wait_seconds, True)
    if status == 429 or (status == 403 and (secondary or "rate limit" in message.lower())):
        return Wait(policy.secondary_wait_seconds * (2**attempt), True)
    if status >= 500 or status == 0:
        return Wait(float(policy.backoff_seconds * (2**attempt)), False)
    return None


def next_link(headers: Mapping[str, str]) -> str:
    """The `rel="next"` URL of a `Link` header, or ""."""
    for part in headers.get("link", "").split(","):
        url, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return url.strip().strip("<>")
    return ""


def _anonymous(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """Auth hook for blob URLs: never send a token (and keep requests from reading .netrc)."""
    request.headers.pop("Authorization", None)
    return request


class ApiHttp:
    """Requests to one GitHub API base URL, counted and retried."""

    def __init__(
        self,
        api_url: str,
        token: str,
        policy: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self._token = token
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._timeout = timeout
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self.calls = 0
        self.blob_requests = 0
        self.waited = 0.0

    def close(self) -> None:
        for session in self._sessions:
            session.close()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # no .netrc, no proxies from the job's environment
            session.headers["Accept"] = "application/vnd.github+json"
            session.headers["X-GitHub-Api-Version"] = "2022-11-28"
            if self._token:
                session.headers["Authorization"] = f"Bearer {self._token}"
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _count(self, blob: bool = False) -> None:
        with self._lock:
            if blob:
                self.blob_requests += 1
            else:
                self.calls += 1

    def _url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.api_url}{path}"

    # -- retry -------------------------------------------------------------------------------------------
    def retrying(self, endpoint: Endpoint, what: str, call: Callable[[], T], idempotent: bool = True) -> T:
        """`call` until it succeeds; a POST (`idempotent=False`) is retried only after a rate limit, never
        after a 5xx or a broken connection, which may have created what it posted."""
        last = HttpStatus(0)
        for attempt in range(self._policy.attempts):
            try:
                return call()
            except HttpStatus as exc:
                last = exc
            except requests.RequestException as exc:
                last = HttpStatus(0, {}, str(exc)[:200])
            wait = wait_for(last.status, last.headers, last.message, attempt, self._clock(), self._policy)
            if wait is not None and not wait.limited and not idempotent:
                wait = None
            if wait is None:
                found = problem(endpoint, last.status, last.message)
                raise ApiFailure(what, found, self._text(what, last, found.fix))
            too_long = wait.seconds > self._policy.max_wait_seconds
            if too_long or self.waited + wait.seconds > self._policy.wait_budget_seconds:
                if not wait.limited:
                    break
                found = problem(endpoint, last.status, last.message, limited=True, retry_at=wait.reset_at)
                raise ApiFailure(what, found, self._limited_text(what, last.status, wait))
            if attempt + 1 < self._policy.attempts:
                self.waited += wait.seconds
                self._sleep(wait.seconds)
        limited = last.status in {403, 429}
        found = problem(endpoint, last.status, last.message, limited=limited)
        reason = "rate limited" if limited else f"HTTP {last.status}" if last.status else "connection failed"
        raise ApiFailure(what, found, f"{what}: {reason} after {self._policy.attempts} attempts")

    def _text(self, what: str, last: HttpStatus, fix: str) -> str:
        said = f" ({last.message})" if last.message else ""
        return f"{what}: HTTP {last.status}{said}; to fix: {fix}"

    def _limited_text(self, what: str, status: int, wait: Wait) -> str:
        if wait.reset_at is not None:
            when = time.strftime("%H:%M:%S UTC", time.gmtime(wait.reset_at))
            return (
                f"{what}: rate limited (HTTP {status}) until {when}, longer than the "
                f"{self._policy.max_wait_seconds:.0f} s this action waits"
            )
        return f"{what}: secondary rate limit (HTTP {status}) still in force after {self.waited:.0f} s of waiting"

    # -- requests ------------------------------------------------------------------------------------------
    def _send(self, method: str, url: str, params: Mapping[str, str] | None, body: Any) -> requests.Response:
        self._count()
        response = self._session().request(
            method, url, params=params, json=body, timeout=self._timeout, allow_redirects=False
        )
        if response.status_code >= 300:
            raise HttpStatus(response.status_code, lower(response.headers), message_of(response.content))
        return response

    def json(
        self,
        endpoint: Endpoint,
        what: str,
        path: str,
        params: Mapping[str, str] | None = None,
        method: str = "GET",
        body: Any = None,
    ) -> Any:
        """One request's JSON answer."""
        url = self._url(path)
        call = lambda: _decode(self._send(method, url, params, body))  # noqa: E731
        return self.retrying(endpoint, what, call, idempotent=method != "POST")

    def pages(
        self, endpoint: Endpoint, what: str, path: str, key: str | None, params: Mapping[str, str] | None = None
    ) -> Iterator[Any]:
        """Items of a paginated list (`key` names the list in an object answer), page by page, lazily:
        stop iterating and no further page is requested."""
        url, query = self._url(path), {"per_page": "100", **(params or {})}
        while url:
            response = self.retrying(endpoint, what, functools.partial(self._send, "GET", url, query, None))
            data = _decode(response)
            items = data.get(key) if key and isinstance(data, dict) else data
            yield from items if isinstance(items, list) else ()
            url, query = next_link(lower(response.headers)), {}

    def download(self, endpoint: Endpoint, what: str, url: str, dest: Path) -> int:
        """Follow the API's redirect to a blob URL, which is fetched without the token."""
        return self.retrying(endpoint, what, lambda: self._download(self._url(url), dest))

    def _download(self, url: str, dest: Path) -> int:
        self._count()
        first = self._session().get(url, allow_redirects=False, timeout=self._timeout, stream=True)
        with first:
            if first.status_code in REDIRECTS:
                location = urljoin(url, first.headers["Location"])
            elif first.status_code == 200:
                return _save(first.iter_content(CHUNK), dest)
            elif first.status_code in {404, 410}:
                raise LogsUnavailable(f"HTTP {first.status_code}: expired or deleted")
            else:
                raise HttpStatus(first.status_code, lower(first.headers), message_of(first.content))
        self._count(blob=True)
        blob = requests.get(location, auth=_anonymous, timeout=self._timeout, stream=True)
        with blob:
            if blob.status_code in {404, 410}:
                raise LogsUnavailable(f"HTTP {blob.status_code} from the log store: expired or deleted")
            if blob.status_code != 200:
                raise HttpStatus(blob.status_code, lower(blob.headers), "")
            return _save(blob.iter_content(CHUNK), dest)


def _decode(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise HttpStatus(502, {}, "the API answered with something that is not JSON") from exc


def _save(chunks: Iterator[bytes], dest: Path) -> int:
    size = 0
    with dest.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise LimitExceeded(f"download larger than {MAX_DOWNLOAD_BYTES} bytes")
            handle.write(chunk)
    return size
