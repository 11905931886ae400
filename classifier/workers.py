"""Run a per-document function over documents, in forked worker processes when that pays.

Documents carry openers (closures), which cannot be pickled: the list is set before the pool forks, so
workers inherit it and receive only index ranges of neighbouring documents (`spans`); each worker opens
(and decompresses) its own inputs. Results come back in input order, a range's together, pickled by
`spill.dumps` (slotted dataclasses as their field values: about twice as fast to load as the standard
pickling, and the parent loads every result while the workers extract). `map_numbered` is the same over
any numbered work (`map_documents` is it over documents), its results naming by address the objects the
parent gave it as shared (`spill.dumps_shared`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ParamSpec, TypeVar, cast

from classifier.sources.base import Document
from classifier.spill import dumps_shared, loads_shared

Result = TypeVar("Result")
Params = ParamSpec("Params")
MIN_BYTES_FOR_WORKERS = 4_000_000  # below this, forking costs more than it saves
UNKNOWN_SIZE = 1_000_000  # an input whose size is unknown until read (a .gz file) counts as this much
MAX_WORKERS = 4
MAX_SPAN, MIN_SPAN = 64, 4  # documents a worker takes at once (see `spans`)
BULK_THRESHOLD = 50_000  # allocations between young collections during an analysis (the default is 700)


def auto_workers() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Collect cyclic garbage less often while an analysis runs: it allocates millions of small objects
    that live until its end (records, occurrences), and with the default thresholds the collector walks
    them again and again (a tenth of the parent's CPU on 250 MB of logs). Workers inherit the setting."""
    old = gc.get_threshold()
    gc.set_threshold(BULK_THRESHOLD, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def in_bulk(function: Callable[Params, Result]) -> Callable[Params, Result]:
    """`function` run under `bulk_allocation`."""

    @functools.wraps(function)
    def run(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        with bulk_allocation():
            return function(*args, **kwargs)

    return run


class _Shared:
    """What forked workers inherit."""

    function: Callable[[int], object] | None = None
    known: dict[int, object] = {}  # noqa: RUF012 - set before a fork, read by the workers


def _call(span: tuple[int, int]) -> bytes:
    """`function(i)` for i in range(*span), pickled together: what the results share (a fingerprint, a context
    line the redactor's memo returns again) is written once, and objects the parent has go by reference."""
    function = _Shared.function
    assert function is not None
    return dumps_shared([function(index) for index in range(*span)], _Shared.known)


def spans(count: int, workers: int) -> Iterator[tuple[int, int]]:
    """(start, stop) of the runs of neighbouring documents a worker takes at once, in order: a share of what
    is left, at most MAX_SPAN (a log's neighbours, the other logs of its repository, meet its worker's warm
    caches: with 4 documents at a time, 2 workers recomputed ~11% more line verdicts than one process) and
    at least MIN_SPAN, so the last ones are short and no worker waits long for the other."""
    start = 0
    while start < count:
        size = max(MIN_SPAN, min(MAX_SPAN, -(-(count - start) // (2 * workers))))
        yield start, min(count, start + size)
        start += size


def map_documents(
    function: Callable[[Document], Result], documents: Sequence[Document], workers: int
) -> Iterator[Result]:
    """`function(doc)` for each document, in order; forked workers when workers > 1 and the input is big."""
    total = sum(UNKNOWN_SIZE if doc.size is None else doc.size for doc in documents)
    usable = workers if total >= MIN_BYTES_FOR_WORKERS else 1
    return map_numbered(lambda index: function(documents[index]), len(documents), usable, ())


def map_numbered(
    function: Callable[[int], Result], count: int, workers: int, shared: Iterable[object]
) -> Iterator[Result]:
    """`function(i)` for i in range(count), in order, in `workers` forked workers (here when workers < 2). An
    object of `shared` that a result holds comes back as this process's own object, not a copy: the workers
    inherit those objects at the same addresses, and their results name them by address."""
    if workers < 2 or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(index) for index in range(count))
        return
    known = {id(item): item for item in shared}
    _Shared.function, _Shared.known = function, known
    gc.freeze()  # what exists now is shared with the workers, not walked (nor copied) by their collector
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, count)) as pool:
            for data in pool.imap(_call, spans(count, workers)):
                yield from cast(list[Result], loads_shared(data, known))
    finally:
        _Shared.function, _Shared.known = None, {}
        gc.unfreeze()
