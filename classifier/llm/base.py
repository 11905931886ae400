"""The small LLM interface: what a backend is asked, what it answers, and how it fails.

A backend turns one `LLMRequest` (a fixed system prompt, a closed answer schema, and the delimited log data
of a few fingerprints) into one `Reply` (the raw structured answer and the token usage the service
reported). It never retries and never validates: the stage does both, the same way for every backend.
Service trouble is raised as `TransientLLMError` (worth a retry; carries `retry-after`) or
`PermanentLLMError` (bad key, bad request: give up at once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from classifier.errors import LLMError

JSON = dict[str, Any]
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})


@dataclass(frozen=True, slots=True)
class Example:
    """A few-shot example: an error message and its category; from a human correction or built in."""

    message: str
    category: str
    source: Literal["human", "builtin"] = "builtin"


@dataclass(frozen=True, slots=True)
class Item:
    """One fingerprint as the model sees it: an id we assign, and numbered, redacted log lines."""

    item_id: str
    fingerprint: str
    lines: tuple[str, ...]
    hints: Mapping[str, str] = field(default_factory=dict)  # framework, exception type, job, step


@dataclass(frozen=True, slots=True)
class LLMRequest:
    """One request: stable prefix (system + tool schema) and the per-request data (user text)."""

    model: str
    system: str
    schema: JSON  # JSON schema of the answer (tool input / response format)
    user: str
    item_ids: tuple[str, ...]
    max_tokens: int = 1024
    force_tool: bool = True
    timeout: float | None = None  # seconds for this call; None: the backend's default


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens the service reported for one call."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    @property
    def prompt_tokens(self) -> int:
        return self.input_tokens + self.cache_creation_input_tokens + self.cache_read_input_tokens


@dataclass(frozen=True, slots=True)
class Reply:
    """A raw answer: the structured payload (or None) and the text when the model did not use the schema."""

    payload: JSON | None
    text: str
    usage: Usage
    model: str = ""


@dataclass(frozen=True, slots=True)
class BatchStatus:
    batch_id: str
    ended: bool
    succeeded: int = 0
    errored: int = 0


class TransientLLMError(LLMError):
    """Rate limit, overload, 5xx, timeout or connection trouble: retry after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class PermanentLLMError(LLMError):
    """Authentication, permission or request errors: retrying will not help."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class LLMBackend(Protocol):
    """One outside model service: it sends requests; `batches` is its batch API, when it has one."""

    name: str

    def send(self, request: LLMRequest) -> Reply: ...

    @property
    def batches(self) -> BatchAPI | None: ...


class BatchAPI(Protocol):
    """A model service's batch API (half price, results within a day): the backlog path uses it."""

    def submit_batch(self, requests: Mapping[str, LLMRequest]) -> str:
        """Create a batch of requests keyed by custom id; return the batch id."""
        ...

    def batch_status(self, batch_id: str) -> BatchStatus: ...

    def batch_results(self, batch_id: str) -> dict[str, Reply | str]:
        """Per custom id: the reply, or a string saying why that request failed."""
        ...


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds); None when absent or an HTTP date."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(float(value) * scale, 0.0)
        except ValueError:
            continue
    return None


def status_error(service: str, status: int, kind: str, headers: Mapping[str, str]) -> LLMError:
    """An HTTP error answer as our error: transient (retryable, with retry-after) or permanent."""
    detail = f"{service} answered HTTP {status} ({kind})"
    if status in RETRYABLE_STATUS or status >= 500:
        return TransientLLMError(detail, retry_after_seconds(headers), status)
    return PermanentLLMError(detail, status)
