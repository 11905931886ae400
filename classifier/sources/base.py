"""The unit every source yields: a named document whose bytes can be opened (more than once); and the
unit of backlog work (`WorkItem`), which loads its documents only when it is processed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from classifier.model import Problem, RunContext


@dataclass(frozen=True, slots=True)
class Document:
    """A named byte stream to extract errors from.

    `name` is what reports show (a path, or "archive.zip!member"); `opener` returns a fresh binary stream
    each call so big logs are streamed, never read whole. `job`/`step` are set when the source knows them
    (GitHub job logs, per-step files of a run-log zip); `format_hint` lets a source force a format;
    `ran_minutes` and `limit_minutes` let extraction tell a cancel at the job's time limit (extract/time_limit.py).
    """

    name: str
    opener: Callable[[], BinaryIO]
    size: int | None = None
    job: str = ""
    step: str = ""
    format_hint: str = ""
    url: str = ""
    ran_minutes: float = 0.0  # how long the job ran (the jobs API's started/completed times); 0: not known
    limit_minutes: float = 0.0  # the job's own time limit (its `timeout-minutes`); 0: GitHub's default


Loader = Callable[[], Sequence["Document | Problem"]]


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One unit of backlog work; `load` fetches its documents only when the item is processed."""

    key: str  # stable: the checkpoint and the shard hash use it
    run: RunContext
    load: Loader
    write_back: tuple[str, str] | None = None  # (index, document id) to label in place (workflow metrics)
