"""LLM API errors as providers and SDKs write them: the provider's error, not the wrapper, decides the
category and the fingerprint. Messages follow the providers' error documentation (OpenAI error codes and
rate-limit guides, Anthropic API errors, Gemini troubleshooting, AWS Bedrock API errors, Azure OpenAI quotas).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from classifier.extract import extract_document
from classifier.fingerprint import identify
from classifier.model import ErrorRecord
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import bytes_doc

RULES = load_rules([], load_taxonomy("llm_api"))
TPM = (
    "Request too large for gpt-4o in organization org-abc123 on tokens per min (TPM): Limit 30000, Requested 41250. "
    "The input or output tokens must be reduced in order to run successfully. "
    "Visit https://platform.openai.com/account/rate-limits to learn more."
)


def records(*rows: dict[str, Any]) -> list[ErrorRecord]:
    data = "\n".join(json.dumps(row) for row in rows).encode() + b"\n"
    result = extract_document(bytes_doc("errors.jsonl", data))
    assert not result.problems, result.problems
    return list(result.records)


def category(row: dict[str, Any]) -> str:
    (rec,) = records(row)
    match = RULES.classify(rec, normalize(rec.message, "v1").text)
    return match.category if match is not None else "unknown"


def api(provider: str, status: int | None, message: str, **fields: str) -> dict[str, Any]:
    """One API error row; `fields` are type, code, exc_type."""
    row: dict[str, Any] = {"provider": provider, "message": message, **fields}
    if status is not None:
        row["http_status"] = status
    return row


AZURE_429 = (
    "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded "
    "token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds."
)
GEMINI_FREE_TIER = (
    "You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: "
    "generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 15. Please retry in 38.4s."
)
RATE_LIMITED = (
    "Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min (TPM): Limit 200000, "
    "Used 199812, Requested 1270. Please try again in 24ms."
)
DOCUMENTED = [
    (api("openai", 429, TPM, type="tokens", code="rate_limit_exceeded"), "hard_capability"),
    (api("openai", 429, RATE_LIMITED, code="rate_limit_exceeded"), "rate_limit"),
    (api("openai", 429, "You exceeded your current quota, please check your plan and billing details."), "billing"),
    (
        api("anthropic", 413, "Request exceeds the maximum allowed number of bytes.", type="request_too_large"),
        "hard_capability",
    ),
    (api("anthropic", 429, "Number of request tokens has exceeded your per-minute rate limit"), "rate_limit"),
    (
        api(
            "anthropic", 400, "You have reached your specified API usage limits. You will regain access on 2026-01-01."
        ),
        "billing",
    ),
    (api("anthropic", 400, "Your credit balance is too low to access the Anthropic API."), "billing"),
    (api("anthropic", 400, "prompt is too long: 208310 tokens > 200000 maximum"), "hard_capability"),
    (
        api("anthropic", 400, "input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000"),
        "hard_capability",
    ),
    (api("gemini", 400, "API key not valid. Please pass a valid API key.", type="INVALID_ARGUMENT"), "auth"),
    (api("gemini", 400, "User location is not supported for the API use.", type="FAILED_PRECONDITION"), "auth"),
    (api("gemini", 429, "Resource has been exhausted (e.g. check quota).", type="RESOURCE_EXHAUSTED"), "rate_limit"),
    (api("gemini", 429, GEMINI_FREE_TIER, type="RESOURCE_EXHAUSTED"), "rate_limit"),
    (api("gemini", 503, "The model is overloaded. Please try again later.", type="UNAVAILABLE"), "transient_provider"),
    (api("gemini", 404, "models/gemini-pro is not found for API version v1beta", type="NOT_FOUND"), "hard_model"),
    (
        api("bedrock", None, "Too many requests, please wait before trying again.", exc_type="ThrottlingException"),
        "rate_limit",
    ),
    (api("bedrock", None, "Input is too long for requested model.", exc_type="ValidationException"), "hard_capability"),
    (
        api("bedrock", None, "Model has timed out in processing the request.", exc_type="ModelTimeoutException"),
        "transient_provider",
    ),
    (api("bedrock", None, "You don't have access to the model.", exc_type="AccessDeniedException"), "auth"),
    (api("azure", 429, AZURE_429), "rate_limit"),
]


@pytest.mark.parametrize(("row", "expected"), DOCUMENTED)
def test_documented_messages(row: dict[str, Any], expected: str) -> None:
    assert category(row) == expected


def test_sdk_wrapper_text_is_unwrapped() -> None:
    body = {"error": {"message": TPM, "type": "tokens", "param": None, "code": "rate_limit_exceeded"}}
    wrapped = {
        "provider": "openai",
        "http_status": 429,
        "exc_type": "openai.RateLimitError",
        "message": f"Error code: 429 - {body!r}",
    }
    litellm = {
        "provider": "openai",
        "http_status": 429,
        "exc_type": "litellm.RateLimitError",
        "message": f"litellm.RateLimitError: RateLimitError: OpenAIException - {json.dumps(body)}",
    }
    plain = {"provider": "openai", "http_status": 429, "type": "tokens", "code": "rate_limit_exceeded", "message": TPM}
    recs = records(wrapped, litellm, plain)
    assert {r.message for r in recs} == {TPM}
    assert {(r.exception_type, r.code) for r in recs} == {("tokens", "rate_limit_exceeded")}
    assert "sdk=openai.RateLimitError" in recs[0].details
    prints = {identify(r).fingerprint.value for r in recs}
    assert len(prints) == 1  # one failure, whatever client reported it
    assert category(wrapped) == "hard_capability"


def test_anthropic_and_google_bodies() -> None:
    anthropic = {
        "provider": "anthropic",
        "exc_type": "anthropic.InternalServerError",
        "message": "Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}",  # noqa: E501
    }
    (rec,) = records(anthropic)
    assert (rec.message, rec.exception_type) == ("Overloaded", "overloaded_error")
    google = {
        "provider": "gemini",
        "body": {"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}},
        "message": "429 RESOURCE_EXHAUSTED",
    }
    (rec,) = records(google)
    assert (rec.exception_type, rec.http_status) == ("RESOURCE_EXHAUSTED", 429)
    assert category(google) == "rate_limit"


def test_a_message_that_only_looks_like_a_body_stays_as_written() -> None:
    row = {"provider": "openai", "http_status": 500, "message": "server said {oops} and closed"}
    (rec,) = records(row)
    assert rec.message == "server said {oops} and closed"
    assert category(row) == "transient_provider"
