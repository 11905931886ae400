"""The unit every source yields: a named document whose bytes can be opened (more than once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True, slots=True)
class Document:
    """A named byte stream to extract errors from.

    `name` is what reports show (a path, or "archive.zip!member"); `opener` returns a fresh binary stream
    each call so big logs are streamed, never read whole. `job`/`step` are set when the source knows them
    (GitHub job logs, per-step files of a run-log zip); `format_hint` lets a source force a format.
    """

    name: str
    opener: Callable[[], BinaryIO]
    size: int | None = None
    job: str = ""
    step: str = ""
    format_hint: str = ""
    url: str = ""
