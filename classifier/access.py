"""How a run's material was read from GitHub: API calls, what could not be read and why, the baseline used.

Typed data for the reporters (no rendering, no I/O).
Every REST failure the client gives up on becomes an `AccessProblem`: the endpoint (what was being read),
the HTTP status, a `Denial` kind and the setting or permission that fixes it for that endpoint. GitHub's
documented grants: job logs, runs, jobs and artifacts need `actions: read`; check-run annotations need
`checks: read`; pull-request lookups `pull-requests: read`; comments `pull-requests: write`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


class Endpoint(StrEnum):
    RUN = "run"
    JOBS = "jobs"
    LOGS = "logs"
    ARTIFACTS = "artifacts"
    ANNOTATIONS = "annotations"
    PULLS = "pulls"
    COMMENTS = "comments"
    WORKFLOW_RUNS = "workflow_runs"
    REPOSITORIES = "repositories"
    CONTENTS = "contents"  # the run's workflow file (each job's own time limit)


class Denial(StrEnum):
    FORBIDDEN = "forbidden"  # 403 "Resource not accessible by integration" and other refusals
    UNAUTHORIZED = "unauthorized"  # 401: token missing, expired or wrong
    NOT_FOUND = "not_found"  # 404 on a repository or run: no access or a wrong name
    RATE_LIMITED = "rate_limited"  # primary limit whose reset is further away than we wait
    SECONDARY_LIMIT = "secondary_limit"  # secondary limit still refusing after the documented waits
    SERVER = "server"  # 5xx or connection failures after retries


PERMISSION: dict[Endpoint, str] = {
    Endpoint.RUN: "actions: read",
    Endpoint.JOBS: "actions: read",
    Endpoint.LOGS: "actions: read",
    Endpoint.ARTIFACTS: "actions: read",
    Endpoint.WORKFLOW_RUNS: "actions: read",
    Endpoint.ANNOTATIONS: "checks: read",
    Endpoint.PULLS: "pull-requests: read",
    Endpoint.COMMENTS: "pull-requests: write",
    Endpoint.REPOSITORIES: "metadata: read",
    Endpoint.CONTENTS: "contents: read",
}


@dataclass(frozen=True, slots=True)
class AccessProblem:
    """One endpoint GitHub refused; `fix` is the permission or setting that makes it readable."""

    endpoint: Endpoint
    denial: Denial
    status: int  # 0: no HTTP answer
    message: str  # GitHub's own message (plain text, from the API, not from logs)
    fix: str
    retry_at: str = ""  # ISO 8601 UTC, for rate limits


def fix_for(endpoint: Endpoint, denial: Denial, retry_at: str = "") -> str:
    """The permission or setting that makes `endpoint` readable, in plain words."""
    grant = PERMISSION[endpoint]
    if denial is Denial.FORBIDDEN:
        return f"grant `{grant}` in the workflow's `permissions:` (or use a token that has it)"
    if denial is Denial.UNAUTHORIZED:
        return "pass a valid token in the `github_token` input"
    if denial is Denial.NOT_FOUND:
        return f"check the `repository` and `run_id` inputs, and that the token can see them (`{grant}`)"
    if denial is Denial.RATE_LIMITED:
        when = f" after {retry_at}" if retry_at else " later"
        return f"re-run{when}, or use a token with its own rate limit (a GitHub App token)"
    if denial is Denial.SECONDARY_LIMIT:
        return "re-run in a few minutes; fewer concurrent jobs calling the API help"
    return "re-run the job; GitHub's API was unavailable"


def problem(
    endpoint: Endpoint, status: int, message: str, *, limited: bool = False, retry_at: float | None = None
) -> AccessProblem:
    """The typed problem for a response the client gave up on."""
    when = datetime.fromtimestamp(retry_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if retry_at else ""
    if limited:
        denial = Denial.RATE_LIMITED if when else Denial.SECONDARY_LIMIT
    elif status == 401:
        denial = Denial.UNAUTHORIZED
    elif status == 403:
        denial = Denial.FORBIDDEN
    elif status == 404:
        denial = Denial.NOT_FOUND
    else:
        denial = Denial.SERVER
    return AccessProblem(endpoint, denial, status, message, fix_for(endpoint, denial, when), when)


def describe(found: AccessProblem) -> str:
    """One plain sentence: what failed and what fixes it (for notes, warnings and errors)."""
    status = f"HTTP {found.status}" if found.status else "no answer"
    said = f" ({found.message})" if found.message else ""
    return f"GitHub refused the {found.endpoint.value} endpoint: {status}{said}; to fix: {found.fix}"


@dataclass(frozen=True, slots=True)
class BaselineRef:
    """The successful run whose logs served as evidence of what is normal."""

    run_id: int
    html_url: str
    branch: str
    jobs: tuple[str, ...]  # job names whose passing log was read


@dataclass(frozen=True, slots=True)
class DockerBuild:
    """A `docker build` of a job: its Dockerfile and context, repository-relative ("" is the root)."""

    dockerfile: str
    context: str


@dataclass(frozen=True, slots=True)
class PathContext:
    """What turns a log path into a repository path (see `classifier.github.paths`)."""

    workspace: str = ""  # GITHUB_WORKSPACE as the job saw it
    builds: tuple[DockerBuild, ...] = ()


@dataclass(frozen=True, slots=True)
class StepStart:
    """Where one step's log begins in its job's log."""

    number: int  # the step's number in the jobs API (`#step:<number>`)
    name: str
    line: int  # 1-based line of the job log where the step's first line is


@dataclass(frozen=True, slots=True)
class LogSteps:
    """The steps of one downloaded job log, to link a log line as the web view numbers it."""

    log: str  # the log's document name (an `ErrorRecord.source`)
    job_url: str
    steps: tuple[StepStart, ...]

    def locate(self, line: int) -> tuple[StepStart, int] | None:
        """The step that wrote job-log line `line` and the line's number within that step."""
        found = [step for step in self.steps if step.line <= line]
        return (found[-1], line - found[-1].line + 1) if found else None


@dataclass(frozen=True, slots=True)
class RunAccess:
    """What reading the run cost and where it fell short; `unreadable` set means "not analysed"."""

    api_calls: int = 0
    unreadable: AccessProblem | None = None  # the run itself (run, jobs or every log) could not be read
    denied: tuple[AccessProblem, ...] = ()  # parts that could not be read (annotations, artifacts, comments)
    baseline: BaselineRef | None = None
    baseline_note: str = ""  # why no baseline was used, when one was wanted
    paths: PathContext = field(default_factory=PathContext)  # for repository-relative annotation paths
    log_steps: tuple[LogSteps, ...] = ()  # for links to a log line (`#step:<n>:<line>`)

    @property
    def analysed(self) -> bool:
        return self.unreadable is None


__all__ = [
    "PERMISSION",
    "AccessProblem",
    "BaselineRef",
    "Denial",
    "DockerBuild",
    "Endpoint",
    "LogSteps",
    "PathContext",
    "RunAccess",
    "StepStart",
    "describe",
    "fix_for",
    "problem",
]
