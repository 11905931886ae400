"""LLM API errors as users see them (SDK exception texts, tests/fixtures/llm_api/sdk_errors.toml): the
provider's error type/code first, then the status, then the message decide; the wrapper never does."""

from __future__ import annotations

import json

import pytest

from bench.llm_api_errors import judge, load_cases, row
from classifier.extract import extract_document
from classifier.extract.api_errors import provider_error
from tests.extract.helpers import bytes_doc

CASES = load_cases()


def _case(provider: str, needle: str) -> dict[str, object]:
    return next(c for c in CASES if c["provider"] == provider and needle in str(c["message"]))


def test_printed_line_gives_class_status_and_text() -> None:
    found = provider_error({"message": "google.api_core.exceptions.ResourceExhausted: 429 Resource has been exhausted"})
    assert (found.sdk, found.status, found.message) == (
        "google.api_core.exceptions.ResourceExhausted",
        429,
        "Resource has been exhausted",
    )
    wrapped = provider_error(
        {"message": 'API error occurred: Status 400\n{"message": "Invalid model: x", "type": "invalid_model"}'}
    )
    assert (wrapped.status, wrapped.type, wrapped.message) == (400, "invalid_model", "Invalid model: x")
    assert provider_error({"message": "the job ran 400 steps"}).status is None  # a number inside text is no status


@pytest.mark.parametrize(
    ("provider", "needle", "expected"),
    [
        ("openai", "Request too large for gpt-4o", "hard_capability"),  # a TPM 429 that retrying never fixes
        ("openai", "requests per min (RPM)", "rate_limit"),
        ("openai", "insufficient_quota", "billing"),
        ("openai", "Another process", "transient_provider"),  # 409: the status beats OpenAI's generic type
        ("gemini", "exceptions.ResourceExhausted", "rate_limit"),  # printed line, no body
        ("gemini", "DeadlineExceeded", "transient_provider"),
        ("mistral", "Invalid model", "hard_model"),  # the provider's type beats the 400
        ("azure", "content_filter", "hard_capability"),
        ("anthropic", "overloaded_error', 'message': 'Overloaded'}}\"", "transient_provider"),
    ],
)
def test_sdk_texts_get_the_documented_category(provider: str, needle: str, expected: str) -> None:
    case = next((c for c in CASES if c["provider"] == provider and needle in c["message"]), None)
    case = case or _case(provider, needle.split("'", maxsplit=1)[0])
    assert case["expect"] == expected
    assert judge(case).category == expected


def test_one_failure_one_fingerprint_whatever_the_wrapper() -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    texts = [
        f"Error code: 529 - {body!r}",
        f"anthropic.APIStatusError: Error code: 529 - {body!r}",
        f"anthropic.InternalServerError: Error code: 529 - {json.dumps(body)}",
    ]
    prints = {
        judge({"provider": "anthropic", "message": text, "expect": "transient_provider"}).fingerprint for text in texts
    }
    assert len(prints) == 1
    other = judge(
        {
            "provider": "anthropic",
            "message": "Error code: 529 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'Overloaded'}}",
            "expect": "",
        }
    )
    assert other.fingerprint not in prints


def test_every_case_reads_as_one_api_error_record() -> None:
    data = "\n".join(json.dumps(row(case)) for case in CASES).encode() + b"\n"
    result = extract_document(bytes_doc("errors.jsonl", data))
    assert not result.problems
    assert len(result.records) == len(CASES)
