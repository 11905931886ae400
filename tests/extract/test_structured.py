"""Annotations, error records (data pipeline, LLM API) and go test -json."""

from __future__ import annotations

import json

from classifier.extract import annotations as annotation_format
from classifier.extract import extract_document, gotest_json, records
from classifier.model import Location, Problem, Role, Severity, SourceKind, Stream
from tests.extract.helpers import EXAMPLES, FIXTURES, bytes_doc, file_doc


def test_check_run_annotations_json() -> None:
    result = annotation_format.extract(file_doc(FIXTURES / "annotations" / "check-run-annotations.json"))
    assert [(r.message, r.severity, r.location) for r in result.records] == [
        ("'total' is assigned a value but never used", Severity.ERROR, Location("src/cart.ts", 12, 5)),
        ("pytest-unit.xml [took 0s]", Severity.WARNING, Location("tests/test_pricing.py", 45)),
    ]
    second = result.records[1]
    assert second.kind is SourceKind.ANNOTATION
    assert second.details == "test_discount_applies_to_total (tests.test_pricing) failed"
    assert second.context[0].startswith("AssertionError")


def test_check_run_output_object_is_read_too() -> None:
    data = (
        b'{"output": {"annotations": [{"path": "a.py", "start_line": 3, "annotation_level": "failure",'
        b' "message": "boom"}]}}'
    )
    result = extract_document(bytes_doc("check-run.json", data))
    assert [(r.kind, r.message) for r in result.records] == [(SourceKind.ANNOTATION, "boom")]


def test_pipe_separated_annotation_lines() -> None:
    result = extract_document(file_doc(FIXTURES / "annotations" / "messages.annotations"))
    assert [(r.message, r.location, r.severity) for r in result.records] == [
        ("'total' is assigned a value but never used", Location("src/cart.ts", 12), Severity.ERROR),
        ("Unexpected any. Specify a different type", Location("src/api.ts", 3), Severity.WARNING),
        ("6 tests found", Location(".github"), Severity.WARNING),
        ("mismatched types", Location("src/main.rs", 3, 5), Severity.ERROR),
    ]
    assert result.records[0].details == "no-unused-vars"
    (problem,) = result.problems
    assert problem.line == 5


def test_pipeline_job_rows() -> None:
    result = records.extract(file_doc(EXAMPLES / "records" / "pipeline-failures.json"))
    assert result.problems == ()
    first, second, third = result.records
    assert first.stream is Stream.DATA_PIPELINE
    assert first.kind is SourceKind.PIPELINE_RECORD
    assert (first.code, first.exception_type, first.step, first.job) == (
        "404",
        "ReadException",
        "SUBMIT :: Xledger",
        "Watermoon - Customer created",
    )
    assert "tenant=tenant-0042" in first.details
    assert '"bucket": "exports"' in first.details
    assert first.timestamp == "2026-03-01T22:14:09Z"
    assert (second.exception_type, third.exception_type) == ("ConversionException", "BinderException")
    assert third.details == "job_id=0c9d7f1e-2b44-4c1a-9a53-6f0e8e2d7b10; pipeline=G8 :: Supplier; tenant=tenant-0007"


def test_bare_run_info_and_data_as_string() -> None:
    data = b'{"id": 7, "data": "{\\"run_info\\": {\\"errors\\": [{\\"code\\": 500, \\"message\\": \\"boom\\"}]}}"}'
    (record,) = records.extract(bytes_doc("row.json", data)).records
    assert (record.message, record.code, record.job) == ("boom", "500", "7")


def test_llm_api_errors_jsonl_with_a_bad_line() -> None:
    result = extract_document(file_doc(FIXTURES / "records" / "llm-errors-with-bad-line.jsonl"))
    assert [(r.provider, r.model, r.http_status, r.exception_type) for r in result.records] == [
        ("openai", "gpt-4o-mini", 429, "rate_limit_error"),
        ("anthropic", "claude-haiku-4-5", 529, "overloaded_error"),
        ("together", "meta-llama/Llama-3-70b-chat-hf", 404, "invalid_request_error"),
    ]
    assert all(r.stream is Stream.LLM_API and r.kind is SourceKind.API_ERROR for r in result.records)
    assert result.records[0].code == "rate_limit_exceeded"
    assert result.records[2].message.startswith("Unable to access model")
    assert [(p.line, p.kind) for p in result.problems] == [(3, "input"), (6, "unsupported")]
    assert result.records[2].line_start == 5


def test_unknown_json_is_a_problem() -> None:
    result = extract_document(bytes_doc("x.json", b'{"hello": "world"}'))
    assert result.records == ()
    assert result.problems[0].kind == "unsupported"
    broken = extract_document(bytes_doc("y.json", b'{"provider": \n "x",,}'))
    assert broken.problems == (Problem("y.json", "invalid JSON: Expecting property name enclosed in double quotes", 2),)


def test_go_test_json_stream() -> None:
    lines = [
        '{"Action":"run","Package":"acme/api","Test":"TestParse"}',
        '{"Action":"output","Package":"acme/api","Test":"TestParse","Output":"=== RUN   TestParse\\n"}',
        '{"Action":"output","Package":"acme/api","Test":"TestParse","Output":"    parse_test.go:14: want 3, got 4\\n"}',
        '{"Action":"output","Package":"acme/api","Test":"TestParse","Output":"--- FAIL: TestParse (0.00s)\\n"}',
        '{"Action":"fail","Package":"acme/api","Test":"TestParse","Elapsed":0}',
        "not json at all",
        '{"Action":"output","Package":"acme/api","Output":"FAIL\\tacme/api\\t0.01s\\n"}',
        '{"Action":"fail","Package":"acme/api","Elapsed":0.01}',
    ]
    result = extract_document(bytes_doc("go.json", "\n".join(lines).encode()))
    test, package = result.records
    assert (test.test_id, test.message, test.location, test.role) == (
        "acme/api.TestParse",
        "want 3, got 4",
        Location("parse_test.go", 14),
        Role.CAUSE,
    )
    assert package.role is Role.SYMPTOM
    first = json.loads(lines[0])
    assert gotest_json.is_gotest_json(frozenset(first), first)
