"""Which run to read and which pull request it belongs to, from settings and the runner's event payload.

A `workflow_run` event names the triggering run; for a pull request from a fork its `pull_requests` list is
empty (GitHub fills it only for branches of the base repository, and `commits/{sha}/pulls` does not list
fork PRs either), so the PR is looked up by the run's head repository owner, head branch and head SHA:
`GET /repos/{owner}/{repo}/pulls?head=<fork owner>:<branch>`, keeping only a PR whose head SHA matches.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from classifier.github.api import GitHubClient, PullInfo, RunInfo
from classifier.github.http import ApiFailure
from classifier.model import RunContext

PR_EVENTS = {"pull_request", "pull_request_target"}


class RunSettings(Protocol):
    """What the GitHub run source reads of the settings (`classifier.settings.Settings` has it)."""

    @property
    def repository(self) -> str: ...
    @property
    def run_id(self) -> int: ...
    @property
    def run_attempt(self) -> int: ...
    @property
    def github_server_url(self) -> str: ...
    @property
    def paths(self) -> tuple[str, ...]: ...
    @property
    def read_job_logs(self) -> bool: ...
    @property
    def artifact_patterns(self) -> tuple[str, ...]: ...
    @property
    def fetch_baseline(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Head:
    """The triggering run's head: where a fork pull request comes from."""

    owner: str = ""
    repository: str = ""  # owner/name
    branch: str = ""
    sha: str = ""
    event: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """Which run to read, resolved from settings and the runner's context."""

    repository: str
    run_id: int
    run_attempt: int  # 0: the latest
    event: str
    pr_number: int | None
    workspace: str
    payload: Mapping[str, Any]
    head: Head = field(default_factory=Head)
    base_branch: str = ""  # the PR's base branch or the repository's default branch, when the event says


def read_event(path: str) -> dict[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _head(triggering: Mapping[str, Any]) -> Head:
    repo = _dict(triggering.get("head_repository"))
    return Head(
        owner=str(_dict(repo.get("owner")).get("login") or ""),
        repository=str(repo.get("full_name") or ""),
        branch=str(triggering.get("head_branch") or ""),
        sha=str(triggering.get("head_sha") or ""),
        event=str(triggering.get("event") or ""),
    )


def _base_branch(payload: Mapping[str, Any]) -> str:
    pull = _dict(payload.get("pull_request"))
    if pull:
        return str(_dict(pull.get("base")).get("ref") or "")
    return str(_dict(payload.get("repository")).get("default_branch") or "")


def resolve_target(settings: RunSettings, environ: Mapping[str, str]) -> Target:
    """The run to analyse: an explicit run_id, the triggering run of a `workflow_run` event, or this run."""
    payload = read_event(environ.get("GITHUB_EVENT_PATH", ""))
    event = environ.get("GITHUB_EVENT_NAME", "")
    run_id, attempt = settings.run_id, settings.run_attempt
    pr_number: int | None = None
    explicit = environ.get("INPUT_RUN_ID", "").strip() not in {"", "0"}
    if explicit and environ.get("INPUT_RUN_ATTEMPT", "").strip() in {"", "0"}:
        attempt = 0  # GITHUB_RUN_ATTEMPT is this run's, not the given run's: take its latest
    head, base = Head(), ""
    triggering = payload.get("workflow_run") if event == "workflow_run" else None
    if isinstance(triggering, dict):
        if not explicit:
            run_id = int(triggering.get("id") or run_id)
            attempt = int(triggering.get("run_attempt") or 0)
            head = _head(triggering)
        prs = triggering.get("pull_requests") or []
        if prs and isinstance(prs[0], dict):
            pr_number = int(prs[0].get("number") or 0) or None
            base = str(_dict(prs[0].get("base")).get("ref") or "")
    pull = payload.get("pull_request")
    if isinstance(pull, dict) and pull.get("number"):
        pr_number = int(pull["number"])
    workspace = environ.get("GITHUB_WORKSPACE", "")
    base = base or _base_branch(payload)
    return Target(settings.repository, run_id, attempt, event, pr_number, workspace, payload, head, base)


def matching_pull(pulls: list[PullInfo], head: Head) -> PullInfo | None:
    """The pull request whose head is exactly this fork's branch at this SHA."""
    label = f"{head.owner}:{head.branch}"
    return next((p for p in pulls if p.head_sha == head.sha and p.head_label == label), None)


def find_fork_pull(client: GitHubClient, target: Target, info: RunInfo) -> tuple[PullInfo | None, str]:
    """The fork pull request of a `workflow_run` whose `pull_requests` is empty (one API call), and a note."""
    head = target.head
    owner = head.owner or info.head_owner
    branch, sha = head.branch or info.head_branch, head.sha or info.head_sha
    if not (owner and branch and sha) or (head.event or info.event) not in PR_EVENTS:
        return None, ""
    wanted = Head(owner, head.repository or info.head_repository, branch, sha, head.event or info.event)
    try:
        pulls = client.pulls_for_head(target.repository, owner, branch)
    except ApiFailure as exc:
        return None, f"The pull request of {owner}:{branch} was not looked up: {exc}"
    found = matching_pull(pulls, wanted)
    if found is None:
        return None, f"No open pull request from {owner}:{branch} at {sha[:12]}: no comment written."
    return found, ""


def run_context(target: Target, info: RunInfo | None, settings: RunSettings, actor: str = "") -> RunContext:
    pr = target.pr_number
    if pr is None and info is not None and info.pull_requests:
        pr = info.pull_requests[0]
    return RunContext(
        repository=target.repository,
        workflow=info.name if info else "",
        run_id=target.run_id or None,
        run_attempt=(info.run_attempt if info else target.run_attempt) or None,
        branch=info.head_branch if info else "",
        sha=info.head_sha if info else "",
        pr_number=pr,
        actor=(info.actor if info else "") or actor,
        event=(info.event if info else "") or target.event,
        server_url=settings.github_server_url,
    )
