"""Property-based fuzzing of every extractor: any bytes give an Extraction (records or problems), never raise.

Each registered format's extractor (and the log scanner and `extract_document`'s dispatch) gets random bytes
and random documents built from the format's own skeleton (JSON, JSON Lines, XML, log lines) with hostile
pieces mixed in: deep nesting, bad encodings, control characters, NUL bytes, long lines. The budget is fixed
and repeatable: `derandomize=True` (seed from the test), no example database, a bounded number of examples.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import classifier.extract
from classifier.extract import FORMATS, extract_document, gha_log, records
from classifier.model import Extraction
from classifier.sources.base import Document

BUDGET = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = st.sampled_from(
    [
        b"[" * 5000,
        b"{" * 5000,
        b'<?xml version="1.0" encoding="x-bogus"?>',
        b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
        b"\x00\x01\x02\xff\xfe",
        b"\xef\xbb\xbf",
        b"\xff\xfe" + "ERROR: utf16".encode("utf-16-le"),
        b"\x1b[31mERROR\x1b[0m",
        b"\r" * 100,
        b"ERROR: " + b"x" * 20000,
        "\u2028::error::x\n".encode(),
        b'"\\ud800"',
        b"NaN",
        b"1e999999",
    ]
)
SKELETONS = st.sampled_from(
    [
        b'{"Action": "fail", "Package": "p", "Test": "T", "Output": "%s"}\n',
        b'{"version": "2.1.0", "runs": [{"results": [%s]}]}',
        b'[{"filePath": "a.js", "messages": [%s]}]',
        b'{"testResults": [%s], "numFailedTests": 1}',
        b'{"stats": {"failures": 1}, "failures": [%s]}',
        b'{"reason": "compiler-message", "message": %s}\n',
        b'<testsuites><testsuite name="s"><testcase name="t"><failure message="%s"/></testcase></testsuite>'
        b"</testsuites>",
        b'<test-run><test-case result="Failed">%s</test-case></test-run>',
        b'<assemblies><assembly><collection><test result="Fail">%s</test></collection></assembly></assemblies>',
        b'<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>%s</Results></TestRun>',
        b'<checkstyle><file name="a"><error line="1" message="%s"/></file></checkstyle>',
        b'{"annotations": [{"annotation_level": "failure", "message": "%s"}]}',
        b'[{"file": "a.sh", "line": 1, "level": "error", "code": 2086, "message": "%s"}]',
        b'{"files": [{"path": "a.rb", "offenses": [{"severity": "error", "location": {"line": 1}, "message": "%s"}]}]}',
        b'{"error": {"type": "rate_limit_error", "message": "%s"}, "provider": "x"}\n{"a": 1}\n',
        b"2026-01-01T00:00:00.0000000Z ##[error]%s\n",
        b"FAILED tests/test_a.py::test_x - %s\n",
        b'{"id": 1, "data": {"run_info": {"errors": [{"code": "E1", "message": "%s"}]}}}\n',
        b'{"provider": "openai", "http_status": 429, "message": "Error code: 429 - %s"}\n',
    ]
)


def _doc(name: str, data: bytes) -> Document:
    return Document(name, lambda: io.BytesIO(data), len(data))


@st.composite
def documents(draw: Callable[..., object]) -> bytes:
    skeleton = draw(SKELETONS)
    assert isinstance(skeleton, bytes)
    filling = draw(st.one_of(HOSTILE, st.binary(max_size=300)))
    assert isinstance(filling, bytes)
    body = skeleton.replace(b"%s", filling)
    cut = draw(st.integers(min_value=0, max_value=len(body)))
    assert isinstance(cut, int)
    return body if draw(st.booleans()) else body[:cut]  # truncated documents too


EXTRACTORS = [(fmt.name, fmt.extract) for fmt in FORMATS] + [
    ("gha_log", gha_log.extract),
    ("records", records.extract),
]


def _modules_with_an_extractor() -> set[str]:
    """Modules of `classifier/extract` (and below) defining a top-level `extract(doc)`."""
    root = Path(classifier.extract.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == "extract" for node in tree.body):
            found.add(path.stem)
    return found


def test_every_extractor_is_fuzzed() -> None:
    """A new format module is fuzzed as soon as it exists: its `extract` must be one of EXTRACTORS."""
    fuzzed = {extract.__module__.rsplit(".", 1)[-1] for _name, extract in EXTRACTORS}
    assert _modules_with_an_extractor() - fuzzed == set()
    newer = {"nunit", "xunit", "trx", "checkstyle", "sarif", "eslint_json", "jest_json", "mocha_json", "cargo_json"}
    assert newer | {"gotest_json", "junit", "annotations", "records", "gha_log"} <= fuzzed


@pytest.mark.parametrize(("name", "extract"), EXTRACTORS, ids=[name for name, _ in EXTRACTORS])
@BUDGET
@given(data=st.one_of(documents(), st.binary(max_size=2000)))
def test_extractor_never_raises(name: str, extract: Callable[[Document], Extraction], data: bytes) -> None:
    result = extract(_doc(f"fuzz.{name}", data))
    assert isinstance(result, Extraction)
    for problem in result.problems:
        assert problem.source == f"fuzz.{name}"


@BUDGET
@given(data=st.one_of(documents(), st.binary(max_size=2000)), name=st.sampled_from(["a.xml", "a.json", "a.log", "-"]))
def test_dispatch_never_raises(data: bytes, name: str) -> None:
    assert isinstance(extract_document(_doc(name, data)), Extraction)
