"""A local JSONL spool for writes a remote store could not take; replayed on the next run.

One line per write action (`{"index", "id", "doc", "version", "op"}`), appended and flushed as it happens, so
a crash loses nothing already spooled. Replay sends every pending action through a caller's function and
rewrites the file with only what is still not accepted. Actions are idempotent (deterministic ids, or
external versions), so replaying one that did land after all is harmless.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.model import Problem


@dataclass(frozen=True, slots=True)
class SpoolAction:
    """One write: index `doc` under `id` (with an external version when set); `create` keeps a first copy."""

    index: str
    id: str
    doc: dict[str, Any]
    version: int | None = None
    op: str = "index"  # index | create

    def to_json(self) -> str:
        data: dict[str, Any] = {"index": self.index, "id": self.id, "doc": self.doc}
        if self.version is not None:
            data["version"] = self.version
        if self.op != "index":
            data["op"] = self.op
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ReplayResult:
    sent: int
    still_pending: int
    problems: tuple[Problem, ...] = ()


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
        keep: list[SpoolAction] = []
        for start in range(0, len(actions), chunk):
            keep.extend(send(actions[start : start + chunk]))
        self._rewrite(keep, bad_lines=bool(problems))
        return ReplayResult(len(actions) - len(keep), len(keep), tuple(problems))

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
    if op not in ("index", "create"):
        return None
    if not isinstance(index, str) or not isinstance(ident, str) or not isinstance(doc, dict):
        return None
    if version is not None and not isinstance(version, int):
        return None
    return SpoolAction(index, ident, doc, version, op)
