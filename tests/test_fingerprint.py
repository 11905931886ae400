"""Fingerprint v1: stable across runs of the same failure, distinct across failures, collision-safe
separators, explainable, and frozen golden values."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from classifier.errors import ConfigError
from classifier.extract import extract_document
from classifier.fingerprint import DEFAULT_GROUPING, FINGERPRINTERS, GROUPING, digest, fingerprint, identify
from classifier.model import ErrorRecord, Fingerprint, Normalized, SourceKind, Stream
from classifier.normalize import normalize
from tests.extract.helpers import bytes_doc

GOLDEN_PATH = Path(__file__).resolve().parent / "fixtures" / "normalize" / "golden_v1.json"


def fp(message: str, kind: SourceKind = SourceKind.GHA_LOG, **fields: Any) -> Fingerprint:
    record = ErrorRecord(source="build.log", kind=kind, message=message, **fields)
    return fingerprint(record, normalize(message, "v1"), "v1")


# The same failure seen in two runs: timestamps, temp dirs, workspaces, ports, PIDs, durations differ.
SAME_FAILURE = [
    (
        "pytest",
        "E   FileNotFoundError: [Errno 2] No such file or directory: "
        "'/tmp/pytest-of-runner/pytest-3/test_load0/cfg.yml'",
        "E   FileNotFoundError: [Errno 2] No such file or directory: '/tmp/pytest-of-al/pytest-117/test_load1/cfg.yml'",
    ),
    (
        "pytest-db",
        "OperationalError: could not connect to server at 172.17.0.2:5432 after 30.1s (pid 811)",
        "OperationalError: could not connect to server at 172.17.0.9:55432 after 29.7s (pid 9120)",
    ),
    (
        "maven",
        "[ERROR] /home/runner/work/shop/shop/api/src/main/java/org/shop/Cart.java:[42,17] cannot find symbol",
        "[ERROR] /home/runner/work/shop/shop/api/src/main/java/org/shop/Cart.java:[44,9] cannot find symbol",
    ),
    (
        "maven-summary",
        "Tests run: 12, Failures: 2, Errors: 0, Skipped: 1, Time elapsed: 3.456 s <<< FAILURE! - in org.shop.CartTest",
        "Tests run: 13, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 4.01 s <<< FAILURE! - in org.shop.CartTest",
    ),
    (
        "go",
        "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation "
        "violation code=0x1 addr=0x18 pc=0x4b8f2e]",
        "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation "
        "violation code=0x1 addr=0x18 pc=0x4b9a01]",
    ),
    ("go-test", "--- FAIL: TestCheckout (0.12s)", "--- FAIL: TestCheckout (1.70s)"),
    (
        "gha",
        "2026-01-02T03:04:05.6789012Z ##[error]Process completed with exit code 1.",
        "2026-02-11T22:14:00.0000001Z ##[error]Process completed with exit code 1.",
    ),
    (
        "gha-url",
        "Error: HttpError: 502 for https://api.github.com/repos/o/r/actions/runs/7712345678/artifacts?per_page=100",
        "Error: HttpError: 502 for https://api.github.com/repos/o/r/actions/runs/7712999999/artifacts?per_page=50",
    ),
    (
        "docker",
        '#14 ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
        '#9 ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    ),
    (
        "runner-host",
        "The runner fv-az123-456.internal.cloudapp.net lost communication with the server",
        "The runner fv-az789-012.internal.cloudapp.net lost communication with the server",
    ),
]

DIFFERENT_FAILURES = [
    "ModuleNotFoundError: No module named 'foo'",
    "ModuleNotFoundError: No module named 'bar'",
    "ImportError: cannot import name 'foo' from 'pkg'",
    "src/a.py:1:1: E501 line too long (100 > 79 characters)",
    "src/a.py:1:1: E302 expected 2 blank lines, found 1",
    "src/b.py:1:1: E501 line too long (100 > 79 characters)",
    "[ERROR] Cart.java:[42,17] cannot find symbol",
    "[ERROR] Order.java:[42,17] cannot find symbol",
    "Could not resolve host: github.com",
    "Could not resolve host: registry.example.com",
    "Process completed with exit code 1.",
    "The operation was canceled.",
]


@pytest.mark.parametrize(("name", "first", "second"), SAME_FAILURE, ids=[case[0] for case in SAME_FAILURE])
def test_same_failure_across_runs_has_one_fingerprint(name: str, first: str, second: str) -> None:
    assert fp(first).value == fp(second).value, name


def test_different_failures_have_different_fingerprints() -> None:
    values = [fp(message).value for message in DIFFERENT_FAILURES]
    assert len(set(values)) == len(values)


def test_log_line_numbers_and_run_metadata_do_not_matter() -> None:
    a = fp("boom", line_start=10, line_end=12, timestamp="2026-01-01T00:00:00Z", job="build (3.11)", step="test")
    b = fp("boom", line_start=99, line_end=99, timestamp="2026-03-01T00:00:00Z", job="build (3.12)", step="lint")
    assert a.value == b.value


def test_test_id_matters_for_test_failures_only() -> None:
    a = fp("AssertionError: assert 1 == 2", SourceKind.JUNIT, test_id="tests/test_a.py::test_x")
    b = fp("AssertionError: assert 1 == 2", SourceKind.JUNIT, test_id="tests/test_a.py::test_y")
    assert a.value != b.value
    c = fp("failed to solve", SourceKind.BUILDKIT, test_id="x")
    d = fp("failed to solve", SourceKind.BUILDKIT, test_id="y")
    assert c.value == d.value
    assert ("test_id", "not used for buildkit records") in c.dropped


def test_kind_stream_and_exception_type_are_components() -> None:
    base = fp("boom")
    assert fp("boom", SourceKind.RUNNER).value != base.value
    assert fp("boom", stream=Stream.DATA_PIPELINE).value != base.value
    assert fp("boom", exception_type="ValueError").value != base.value
    assert (
        fp("boom", SourceKind.API_ERROR, code="rate_limit_error", http_status=429).value
        != fp("boom", SourceKind.API_ERROR, code="overloaded_error", http_status=529).value
    )


def test_normalizer_version_is_hashed() -> None:
    record = ErrorRecord(source="x", kind=SourceKind.GHA_LOG, message="boom")
    assert (
        fingerprint(record, Normalized("boom", "v1"), "v1").value
        != fingerprint(record, Normalized("boom", "v2"), "v1").value
    )


def test_length_prefix_prevents_separator_collisions() -> None:
    assert digest([("message", "ab"), ("test_id", "c")]) != digest([("message", "a"), ("test_id", "bc")])
    assert digest([("ab", "c")]) != digest([("a", "bc")])
    assert digest([("a", "b:c")]) != digest([("a", "b"), ("c", "")])
    assert len(digest([("a", "b")])) == 16
    assert all(ch in "0123456789abcdef" for ch in digest([]))


def test_explain_shows_components_in_order_and_what_was_dropped() -> None:
    result = fp("FAILED: connect to 10.0.0.1:80 in 3s", exception_type="ConnectionError")
    names = [name for name, _ in result.components]
    assert names == ["fingerprint", "normalizer", "stream", "kind", "exception_type", "message"]
    assert dict(result.components)["message"] == "FAILED: connect to <IP1>:<PORT> in <DUR>"
    text = result.explain()
    assert text.startswith(f"fingerprint v1:{result.value}")
    assert "test_id dropped: not a test" in text
    assert "line/timestamp/job/source dropped" in text


def test_one_grouping_registry_and_one_default() -> None:
    assert DEFAULT_GROUPING is GROUPING["ci@2026-12-01f"]
    assert all(name.startswith("ci@") and grouping.name == name for name, grouping in GROUPING.items())
    assert all(grouping.changelog for grouping in GROUPING.values())
    record = ErrorRecord(source="a.log", kind=SourceKind.GHA_LOG, message="timeout after 30s to 10.0.0.1")
    occ = identify(record)
    assert (occ.normalized.version, occ.fingerprint.version) == ("v8", "v2")  # fingerprint v3: API errors only
    legacy = identify(record, GROUPING["ci@2026-11-01"])
    assert (legacy.normalized.version, legacy.fingerprint.version) == ("v1", "v1")
    assert legacy.fingerprint.value != occ.fingerprint.value


def test_registry_and_unknown_version() -> None:
    assert set(FINGERPRINTERS) >= {"v1"}
    record = ErrorRecord(source="x", kind=SourceKind.GHA_LOG, message="boom")
    with pytest.raises(ConfigError, match="unknown fingerprint version 'v0'"):
        fingerprint(record, normalize("boom", "v1"), "v0")


def _golden() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
    return rows


@pytest.mark.parametrize("row", _golden(), ids=lambda row: str(row["input"])[:40])
def test_v1_golden_fingerprints_are_frozen(row: dict[str, Any]) -> None:
    assert fp(row["input"]).value == row["fingerprint"]


def _api_record(fields: dict[str, str]) -> ErrorRecord:
    data = (json.dumps(fields) + "\n").encode()
    (record,) = extract_document(bytes_doc("errors.jsonl", data)).records
    return record


def test_api_error_is_one_failure_with_or_without_the_status_its_client_printed() -> None:
    # Anthropic's documented overloaded error (docs.anthropic.com "Errors": HTTP 529, type overloaded_error) as
    # the Python SDK prints it with its status, and as a wrapper printed it without (tests/fixtures/llm_api).
    body = "{'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}"
    with_status = _api_record({"provider": "anthropic", "message": f"Error code: 529 - {body}"})
    without = _api_record({"provider": "anthropic", "message": f"anthropic.APIStatusError: {body}"})
    assert (with_status.http_status, without.http_status) == (529, None)
    first, second = identify(with_status).fingerprint, identify(without).fingerprint
    assert first.value == second.value
    assert ("http_status", "the error's type/code names it; not every client prints the status") in first.dropped
    # the type still tells errors apart, and a record without type or code keeps its status
    other = _api_record({"provider": "anthropic", "message": body.replace("overloaded_error", "api_error")})
    assert identify(other).fingerprint.value != first.value
    bare = ErrorRecord(source="x", kind=SourceKind.API_ERROR, message="Service Unavailable", http_status=503)
    assert ("http_status", "503") in identify(bare).fingerprint.components
    assert (first.version, second.version) == ("v3", "v2")  # v3 marks the dropped status
    legacy = GROUPING["ci@2026-11-23"]  # stored fingerprints of the previous default do not move
    assert identify(with_status, legacy).fingerprint.value != identify(without, legacy).fingerprint.value


def test_identify_shares_one_fingerprint_per_identity_and_keeps_every_part_apart() -> None:
    """`identify` remembers fingerprints: equal parts give one shared object, and each part a fingerprinter
    reads still tells two records apart when only it differs (the remembered one is never reused for them)."""
    base = ErrorRecord(source="a.log", kind=SourceKind.RUNNER, message="Error: boom 42", line_start=3)
    first, again = identify(base), identify(replace(base, source="b.log", line_start=90, job="other"))
    assert again.fingerprint is first.fingerprint
    variants = [
        replace(base, test_id="tests/test_x.py::test_y"),
        replace(base, exception_type="ValueError"),
        replace(base, code="E42"),
        replace(base, provider="openai"),
        replace(base, http_status=429, code="rate_limit"),
        replace(base, kind=SourceKind.JUNIT),
        replace(base, stream=Stream.LLM_API),
        replace(base, message="Error: bang 42"),
    ]
    for record in variants:
        found = identify(record).fingerprint
        assert found == fingerprint(record, normalize(record.message, DEFAULT_GROUPING.normalizer), "v3")
        assert found.value != first.fingerprint.value, record
