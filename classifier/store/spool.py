"""A local JSONL spool for writes a remote store could not take; replayed on the next run.

One line per write action (`{"index", "id", "doc", "version", "op"}`), appended and flushed as it happens, so
a crash loses nothing already spooled. Replay sends every pending action through a caller's function and
rewrites the file with only what is still not accepted. Actions are idempotent (deterministic ids, or
external versions), so replaying one that did land after all is harmless.

An action the store refused for good `MAX_ATTEMPTS` times (a non-retryable per-item error such as a mapping
conflict; outages and retryable statuses never count) moves to `<spool>.rejected` and is reported, never
replayed forever; that file keeps at most `MAX_REJECTED` lines and says how many it had to leave out.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.model import Problem

MAX_ATTEMPTS = 5  # replays before an action counts as permanently rejected
MAX_REJECTED = 10_000  # lines kept in the rejected file


@dataclass(frozen=True, slots=True)
class SpoolAction:
    """One write: index `doc` under `id` (with an external version when set); `create` keeps a first copy."""

    index: str
    id: str
    doc: dict[str, Any]
    version: int | None = None
    op: str = "index"  # index | create
    attempts: int = 0  # times the store refused it for good (a retryable failure or an outage does not count)

    def to_json(self) -> str:
        data: dict[str, Any] = {"index": self.index, "id": self.id, "doc": self.doc}
        if self.version is not None:
            data["version"] = self.version
        if self.op != "index":
            data["op"] = self.op
        if self.attempts:
            data["attempts"] = self.attempts
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ReplayResult:
    sent: int
    still_pending: int
    problems: tuple[Problem, ...] = ()
    rejected: int = 0  # moved to the rejected file by this replay


Sender = Callable[[Sequence[SpoolAction]], Sequence[SpoolAction]]
"""Sends actions; returns those that were not accepted (to keep)."""


class Spool:
    """Append-only JSONL file of pending write actions."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def append(self, actions: Iterable[SpoolAction]) -> int:
        lines = [action.to_json() + "\n" for action in actions]
        if not lines:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        return len(lines)

    def pending(self) -> tuple[list[SpoolAction], list[Problem]]:
        """Pending actions, and a problem per unreadable line (kept aside, never dropped silently)."""
        actions: list[SpoolAction] = []
        problems: list[Problem] = []
        if not self.path.exists():
            return actions, problems
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                action = _parse(line)
                if action is None:
                    problems.append(Problem(str(self.path), "unreadable spool line", number, kind="store"))
                else:
                    actions.append(action)
        return actions, problems

    def __len__(self) -> int:
        return len(self.pending()[0])

    def replay(self, send: Sender, chunk: int = 500) -> ReplayResult:
        actions, problems = self.pending()
        if not actions and not problems:
            return ReplayResult(0, 0)
        refused: list[SpoolAction] = []
        for start in range(0, len(actions), chunk):
            refused.extend(send(actions[start : start + chunk]))
        keep = [action for action in refused if action.attempts < MAX_ATTEMPTS]
        given_up = [action for action in refused if action.attempts >= MAX_ATTEMPTS]
        self._rewrite(keep, bad_lines=bool(problems))
        if given_up:
            problems.append(self._reject(given_up))
        return ReplayResult(len(actions) - len(refused), len(keep), tuple(problems), len(given_up))

    @property
    def rejected_path(self) -> Path:
        return self.path.with_suffix(self.path.suffix + ".rejected")

    def _reject(self, actions: Sequence[SpoolAction]) -> Problem:
        """Move permanently refused actions aside (capped) and say so."""
        path = self.rejected_path
        present = 0
        if path.exists():
            with path.open(encoding="utf-8", errors="replace") as handle:
                present = sum(1 for _ in handle)
        room = max(0, MAX_REJECTED - present)
        with path.open("a", encoding="utf-8") as handle:
            handle.writelines(action.to_json() + "\n" for action in actions[:room])
        left_out = len(actions) - min(room, len(actions))
        message = (
            f"{len(actions)} spooled write(s) refused {MAX_ATTEMPTS} times were moved to {path} "
            "and will not be replayed again"
        )
        if left_out:
            message += f"; {left_out} left out because that file holds its maximum of {MAX_REJECTED} lines"
        return Problem(str(self.path), message, kind="store")

    def _rewrite(self, keep: Sequence[SpoolAction], bad_lines: bool) -> None:
        if bad_lines:  # keep the unreadable original for a human to look at
            self.path.replace(self.path.with_suffix(self.path.suffix + ".bad"))
        if not keep:
            self.path.unlink(missing_ok=True)
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text("".join(action.to_json() + "\n" for action in keep), encoding="utf-8")
        tmp.replace(self.path)


def _parse(line: str) -> SpoolAction | None:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    index, ident, doc, version = data.get("index"), data.get("id"), data.get("doc"), data.get("version")
    op = data.get("op", "index")
    attempts = data.get("attempts", 0)
    if not isinstance(attempts, int) or attempts < 0:
        return None
    if op not in ("index", "create"):
        return None
    if not isinstance(index, str) or not isinstance(ident, str) or not isinstance(doc, dict):
        return None
    if version is not None and not isinstance(version, int):
        return None
    return SpoolAction(index, ident, doc, version, op, attempts)
