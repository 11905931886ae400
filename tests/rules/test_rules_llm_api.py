"""The llm_api rules: the HTTP-status hot path and every documented provider error class."""

from __future__ import annotations

import json
from typing import Any

import pytest

from classifier.model import SourceKind, Stream
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy

from .helpers import data_dir, record

RULES = load_rules([], load_taxonomy("llm_api"))
DOCUMENTED = data_dir() / "documented_provider_error_codes.json"

# The providers' documented classes -> our categories.
EXPECTED = {
    "authentication": "auth",
    "permission": "auth",
    "quota_exhausted": "billing",
    "rate_limit": "rate_limit",
    "not_found": "hard_model",
    "invalid_request": "hard_capability",
    "request_too_large": "hard_capability",
    "context_length_exceeded": "hard_capability",
    "server_error": "transient_provider",
    "overloaded": "transient_provider",
    "timeout": "transient_provider",
    "conflict": "transient_provider",
}


def classify(message: str, **fields: Any) -> str:
    rec = record(message, stream=Stream.LLM_API, kind=SourceKind.API_ERROR, **fields)
    match = RULES.classify(rec, message)
    return match.category if match is not None else "unknown"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "auth"),
        (403, "auth"),
        (402, "billing"),
        (429, "rate_limit"),
        (404, "hard_model"),
        (400, "hard_capability"),
        (413, "hard_capability"),
        (422, "hard_capability"),
        (408, "transient_provider"),
        (500, "transient_provider"),
        (502, "transient_provider"),
        (503, "transient_provider"),
        (529, "transient_provider"),
    ],
)
def test_status_hot_path(status: int, expected: str) -> None:
    assert classify("request failed", http_status=status) == expected


def test_status_read_from_the_message_when_not_set() -> None:
    assert classify("Error code: 404 - Model not found") == "hard_model"
    assert classify("HTTP status: 429 - Too many requests") == "rate_limit"


def test_documented_quota_429s_are_billing() -> None:
    assert (
        classify("You exceeded your current quota, please check your plan and billing details", http_status=429)
        == "billing"
    )
    assert (
        classify("rate_limit_error", http_status=429, details='{"error_code": "enforced_spend_limit_reached"}')
        == "billing"
    )


def test_errors_without_status() -> None:
    assert classify("Connection refused", exception_type="httpx.ConnectError") == "network"
    assert classify("Request timed out.", exception_type="openai.APITimeoutError") == "network"
    assert classify("invalid x-api-key") == "auth"
    assert classify("something odd") == "unknown"


def documented_entries() -> list[tuple[str, dict[str, Any]]]:
    if not DOCUMENTED.is_file():
        return []
    data = json.loads(DOCUMENTED.read_text())
    return [
        (provider, entry)
        for provider, body in data.items()
        if isinstance(body, dict)
        for entry in body.get("errors", [])
    ]


@pytest.mark.skipif(not DOCUMENTED.is_file(), reason="shared data not available")
def test_every_documented_error_gets_its_category() -> None:
    entries = documented_entries()
    assert len(entries) > 30
    wrong = []
    for provider, entry in entries:
        label = entry.get("name") or entry.get("type") or entry.get("status") or ""
        code = entry.get("type") or entry.get("status") or ""
        got = classify(
            f"{entry['http_status']} {label}", http_status=entry["http_status"], code=code, provider=provider
        )
        expected = EXPECTED[entry["category"]]
        if got != expected:
            wrong.append(f"{provider} {entry['http_status']} {label!r}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.skipif(not DOCUMENTED.is_file(), reason="shared data not available")
def test_documented_errors_without_status_or_inside_an_sdk_wrapper() -> None:
    # the label alone (a gateway that drops the status) and the SDK's `Error code: N - {...}` text
    wrong = []
    for provider, entry in documented_entries():
        label = entry.get("name") or entry.get("type") or entry.get("status") or ""
        code = entry.get("type") or entry.get("status") or ""
        expected = EXPECTED[entry["category"]]
        bare = classify(label, code=code, provider=provider)
        wrapped = classify(
            f"Error code: {entry['http_status']} - {{'error': {{'message': '{label}', 'type': '{code}'}}}}",
            provider=provider,
        )
        wrong += [
            f"{provider} {label!r} ({shape}): {got}"
            for shape, got in (("bare", bare), ("wrapped", wrapped))
            if got != expected
        ]
    assert not wrong, "\n".join(wrong)
