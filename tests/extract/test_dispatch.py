"""Format detection and the bundled examples end to end."""

from __future__ import annotations

import pytest

from classifier import extract
from classifier.extract import detect_format, extract_document
from classifier.model import ErrorRecord, Role, SourceKind
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from tests.extract.helpers import EXAMPLES, bytes_doc


@pytest.mark.parametrize(
    ("name", "head", "hint", "expected"),
    [
        ("a.xml", b"\xef\xbb\xbf  <?xml version='1.0'?><testsuites>", "", "junit"),
        ("a.log", b"2026-03-02T10:00:00.0000000Z ##[group]Run x", "", "gha_log"),
        ("a.json", b'[{"path": "a", "annotation_level": "failure"}]', "", "annotations"),
        ("a.json", b'{"data": {"run_info": {"errors": []}}}', "", "records"),
        ("a.jsonl", b'{"provider": "x"}\n{"provider": "y"}\n', "", "records"),
        ("a.out", b'{"Time":"2026","Action":"start","Package":"p"}\n', "", "gotest_json"),
        ("a.annotations", b"error | a.py:3 | t | m", "", "annotations"),
        ("a.txt", b"anything", "buildkit", "buildkit"),
        ("a.txt", b"anything", "nonsense", "gha_log"),
    ],
)
def test_detect_format(name: str, head: bytes, hint: str, expected: str) -> None:
    assert detect_format(bytes_doc(name, head, hint), head) == expected


def test_public_names() -> None:
    assert sorted(extract.__all__) == [
        "FORMATS",
        "Format",
        "Head",
        "Structure",
        "detect_format",
        "extract_document",
        "register",
    ]


def test_bundled_failed_run_example() -> None:
    records: list[ErrorRecord] = []
    for item in iter_documents([str(EXAMPLES / "failed-run")]):
        assert isinstance(item, Document), item
        result = extract_document(item)
        assert result.problems == ()
        records.extend(result.records)
    kinds = {r.kind for r in records}
    assert kinds == {SourceKind.JUNIT, SourceKind.RUNNER, SourceKind.GHA_LOG, SourceKind.BUILDKIT}
    causes = {(r.kind, r.test_id or r.message) for r in records if r.role is Role.CAUSE}
    assert (SourceKind.JUNIT, "tests.test_inventory.test_reserve_stock") in causes
    assert (SourceKind.JUNIT, "com.example.orders.OrderServiceTest.publishesOrderCreatedEvent") in causes
    assert any(r.kind is SourceKind.BUILDKIT and r.location and r.location.file == "Dockerfile" for r in records)


def test_bundled_records_examples() -> None:
    docs = [d for d in iter_documents([str(EXAMPLES / "records")]) if isinstance(d, Document)]
    results = [extract_document(d) for d in docs]
    assert [len(r.records) for r in results] == [5, 3]
    assert all(r.problems == () for r in results)
