"""One pull-request comment per workflow, found by a hidden marker, edited only when the failures change.

The marker names the workflow (two workflows keep two comments) and carries a digest of the failures
(job, fingerprint, category): a run with the same failures leaves the comment alone, so counts and dates
do not churn it. A later run without failures edits it to say the failures are fixed at that commit.
Only comments written by the token's own identity are ever edited. Pure: the API calls are in `publish`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from classifier.model import Analysis
from classifier.report.jobs_view import failed_jobs, run_links
from classifier.report.markdown import render_markdown, run_line
from classifier.report.untrusted import prose

LEGACY_MARKER = "<!-- ci-failure-classifier:pr-comment -->"
MARKER_PREFIX = "<!-- ci-failure-classifier:pr-comment"
MARKER = MARKER_PREFIX  # every comment of ours, legacy or per workflow, contains it
MAX_COMMENT_CHARS = 65_000  # GitHub rejects bodies over 65,536 characters
FIXED_STATE = "fixed"
_MARKER_RE = re.compile(
    r"<!-- ci-failure-classifier:pr-comment workflow=(?P<workflow>[\w.-]+) state=(?P<state>\w+) -->"
)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    body: str
    author: str = ""  # the login of the comment's author


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    NONE = "none"  # nothing to say: no failures and no earlier comment


@dataclass(frozen=True, slots=True)
class Plan:
    action: Action
    body: str
    comment_id: int | None = None


def workflow_key(workflow: str) -> str:
    """A marker-safe key per workflow: a readable slug and a short hash (names differing in case stay apart)."""
    slug = _SLUG_RE.sub("-", workflow.lower()).strip("-")[:40] or "workflow"
    digest = hashlib.sha256(workflow.encode()).hexdigest()[:8]
    return f"{slug}.{digest}"


def failure_state(analysis: Analysis) -> str:
    """A digest of what failed (job, fingerprint, category); "fixed" when nothing did."""
    items = sorted(
        f"{job.name}\x1f{failure.fingerprint}\x1f{failure.classification.category}"
        for job in failed_jobs(analysis)
        for failure in job.failures
    )
    if not items:
        return FIXED_STATE
    return hashlib.sha256("\x1e".join(items).encode()).hexdigest()[:16]


def marker(workflow: str, state: str) -> str:
    return f"<!-- ci-failure-classifier:pr-comment workflow={workflow_key(workflow)} state={state} -->"


def _cut(body: str) -> str:
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    return body[: MAX_COMMENT_CHARS - 60].rstrip() + "\n\n… (cut to GitHub's comment limit; see the job summary)\n"


def comment_body(analysis: Analysis) -> str:
    """The marker, then the failures of this run with the commit and a link to the run; jobs that do not
    fit point at the run's job summary, and how the analysis was made is left to that summary."""
    workflow = analysis.run.workflow
    title = f"{prose(workflow, 80)} failure analysis" if workflow else "CI failure analysis"
    run = run_links(analysis.run).run
    elsewhere = f"the run's [job summary]({run})" if run else "the run's job summary"
    text = render_markdown(analysis, max_bytes=60_000, title=title, level=3, elsewhere=elsewhere, notes=False)
    return _cut(f"{marker(workflow, failure_state(analysis))}\n{text.rstrip()}\n")


def fixed_body(analysis: Analysis, previous: str) -> str:
    """The comment after a run without failures: fixed at this commit, the earlier report folded."""
    workflow = analysis.run.workflow
    name = prose(workflow, 80) if workflow else "CI"
    where = run_line(analysis, run_links(analysis.run))
    earlier = _MARKER_RE.sub("", previous).replace(LEGACY_MARKER, "").strip()
    lines = [
        marker(workflow, FIXED_STATE),
        f"### ✅ {name}: the failures reported earlier are fixed",
        "",
        f"No failures in {where}." if where else "No failures in the latest run.",
        "",
        "<details><summary>The earlier report</summary>",
        "",
        earlier,
        "",
        "</details>",
    ]
    return _cut("\n".join(lines) + "\n")


def _ours(comment: Comment, own_login: str, key: str) -> tuple[bool, str]:
    """Is this our comment for this workflow, and which state does it record?"""
    if not own_login or comment.author.lower() != own_login.lower():
        return False, ""
    found = _MARKER_RE.search(comment.body)
    if found is not None:
        return found.group("workflow") == key, found.group("state")
    return LEGACY_MARKER in comment.body, ""


def plan_comment(existing: Sequence[Comment], analysis: Analysis, own_login: str, readable: bool = True) -> Plan:
    """Create, edit (only our own comment for this workflow, only when the failures changed) or leave.

    A run that could not be read (`readable` false) never creates or replaces a comment."""
    if not readable:
        return Plan(Action.NONE, "")
    key = workflow_key(analysis.run.workflow)
    state = failure_state(analysis)
    mine = [(comment, recorded) for comment in existing for ours, recorded in [_ours(comment, own_login, key)] if ours]
    if not mine:
        if state == FIXED_STATE:
            return Plan(Action.NONE, "")
        return Plan(Action.CREATE, comment_body(analysis))
    comment, recorded = mine[0]
    if recorded == state:
        return Plan(Action.UNCHANGED, comment.body, comment.id)
    if state == FIXED_STATE:
        return Plan(Action.UPDATE, fixed_body(analysis, comment.body), comment.id)
    return Plan(Action.UPDATE, comment_body(analysis), comment.id)


__all__ = [
    "MARKER",
    "Action",
    "Comment",
    "Plan",
    "comment_body",
    "failure_state",
    "fixed_body",
    "marker",
    "plan_comment",
    "workflow_key",
]
