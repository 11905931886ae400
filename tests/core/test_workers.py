"""Forked workers: gzip inputs (size unknown until read) are worth forking for; results come back whole
and in input order."""

from __future__ import annotations

import gc
import gzip
import os
from pathlib import Path

import pytest

from classifier.extract import extract_document
from classifier.model import Extraction
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from classifier.workers import (
    BULK_THRESHOLD,
    MAX_SPAN,
    MIN_BYTES_FOR_WORKERS,
    MIN_SPAN,
    UNKNOWN_SIZE,
    in_bulk,
    map_documents,
    map_numbered,
    spans,
)

LOG = "Collecting foo\nERROR: Could not find a version that satisfies the requirement foo==9.9 (from versions: none)\n"


def _pid_and_extraction(doc: Document) -> tuple[int, Extraction]:
    return os.getpid(), extract_document(doc)


def _gzip_documents(folder: Path, count: int) -> list[Document]:
    for index in range(count):
        (folder / f"job{index}.log.gz").write_bytes(gzip.compress(f"step {index}\n{LOG}".encode()))
    docs = [doc for doc in iter_documents([str(folder)]) if isinstance(doc, Document)]
    assert len(docs) == count and all(doc.size is None for doc in docs)
    return docs


def test_gzip_inputs_are_extracted_by_workers_in_order(tmp_path: Path) -> None:
    docs = _gzip_documents(tmp_path, MIN_BYTES_FOR_WORKERS // UNKNOWN_SIZE)
    parallel = list(map_documents(_pid_and_extraction, docs, 2))
    serial = [extract_document(doc) for doc in docs]
    assert all(pid != os.getpid() for pid, _ in parallel)
    assert gc.get_freeze_count() == 0  # frozen only while the workers run
    assert [extraction for _, extraction in parallel] == serial  # dataclasses rebuilt field by field
    assert [extraction.records[0].source for extraction in serial] == [doc.name for doc in docs]
    assert all("foo==9.9" in extraction.records[0].message for extraction in serial)


def test_few_small_inputs_stay_in_this_process(tmp_path: Path) -> None:
    docs = _gzip_documents(tmp_path, 2)
    assert [pid for pid, _ in map_documents(_pid_and_extraction, docs, 2)] == [os.getpid()] * 2


def test_bulk_allocation_collects_less_often_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()

    @in_bulk
    def inside(fail: bool) -> int:
        if fail:
            raise ValueError("boom")
        return gc.get_threshold()[0]

    assert inside(False) == BULK_THRESHOLD != before[0]
    with pytest.raises(ValueError, match="boom"):
        inside(True)
    assert gc.get_threshold() == before


@pytest.mark.parametrize(("count", "workers"), [(1, 2), (5, 2), (888, 2), (1000, 4), (37, 3)])
def test_spans_cover_every_document_once_in_order_shorter_towards_the_end(count: int, workers: int) -> None:
    found = list(spans(count, workers))
    assert [index for start, stop in found for index in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in found]
    assert all(MIN_SPAN <= size <= MAX_SPAN for size in sizes[:-1]) and 0 < sizes[-1] <= MAX_SPAN
    assert sizes == sorted(sizes, reverse=True) or len(sizes) == 1


SHARED = [("shared", index) for index in range(100)]


def _with_shared(index: int) -> tuple[int, tuple[str, int], None, list[str]]:
    return os.getpid(), SHARED[index], None, [f"made {index}"]


def test_numbered_results_come_in_order_with_the_parents_objects_by_reference() -> None:
    parallel = list(map_numbered(_with_shared, 100, 2, SHARED))
    assert all(pid != os.getpid() for pid, *_ in parallel)
    assert [made for *_, made in parallel] == [[f"made {index}"] for index in range(100)]
    assert all(item is SHARED[index] for index, (_, item, _, _) in enumerate(parallel))  # not copies
    assert all(none is None for _, _, none, _ in parallel)  # None is no shared object (a missing key's default)
    copied = list(map_numbered(_with_shared, 100, 2, ()))
    assert [item for _, item, _, _ in copied] == SHARED and all(
        item is not SHARED[index] for index, (_, item, _, _) in enumerate(copied)
    )
    assert gc.get_freeze_count() == 0
    assert [pid for pid, *_ in map_numbered(_with_shared, 3, 1, SHARED)] == [os.getpid()] * 3
