"""Run a per-document function over documents, in forked worker processes when that pays.

Documents carry openers (closures), which cannot be pickled: the list is set before the pool forks, so
workers inherit it and receive only indexes; results come back pickled, in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from classifier.sources.base import Document

Result = TypeVar("Result")
MIN_BYTES_FOR_WORKERS = 4_000_000  # below this, forking costs more than it saves
MAX_WORKERS = 4


def auto_workers() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


class _Shared:
    """What forked workers inherit."""

    documents: Sequence[Document] = ()
    function: Callable[[Document], object] | None = None


def _call(index: int) -> object:
    assert _Shared.function is not None
    return _Shared.function(_Shared.documents[index])


def map_documents(
    function: Callable[[Document], Result], documents: Sequence[Document], workers: int
) -> Iterator[Result]:
    """`function(doc)` for each document, in order; forked workers when workers > 1 and the input is big."""
    total = sum(doc.size or 0 for doc in documents)
    usable = workers > 1 and len(documents) > 1 and total >= MIN_BYTES_FOR_WORKERS
    if not usable or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(doc) for doc in documents)
        return
    _Shared.documents, _Shared.function = documents, function
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(documents))) as pool:
            yield from pool.imap(_call, range(len(documents)), chunksize=4)
    finally:
        _Shared.documents, _Shared.function = (), None
