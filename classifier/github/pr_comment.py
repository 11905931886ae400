"""One pull-request comment per PR, found by a hidden marker, updated in place, never re-posted unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

MARKER = "<!-- ci-failure-classifier:pr-comment -->"
MAX_COMMENT_CHARS = 65_000  # GitHub rejects bodies over 65,536 characters


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    body: str


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Plan:
    action: Action
    body: str
    comment_id: int | None = None


def comment_body(markdown: str) -> str:
    """The marker, then the summary, cut to what GitHub accepts."""
    body = f"{MARKER}\n{markdown.rstrip()}\n"
    if len(body) > MAX_COMMENT_CHARS:
        body = body[: MAX_COMMENT_CHARS - 40].rstrip() + "\n\n… (cut; see the job summary)\n"
    return body


def plan_comment(existing: Sequence[Comment], body: str) -> Plan:
    """Update our first marked comment, leave it if identical, or create one."""
    for comment in existing:
        if MARKER in comment.body:
            if comment.body.strip() == body.strip():
                return Plan(Action.UNCHANGED, body, comment.id)
            return Plan(Action.UPDATE, body, comment.id)
    return Plan(Action.CREATE, body)
