"""The Anthropic Messages API backend: the only module that imports `anthropic`.

Structured output goes through one tool whose input schema is the closed answer schema; `tool_choice`
forces that tool where the model allows it. The stable prefix (tool + system prompt) ends with a
`cache_control: ephemeral` breakpoint, so repeated calls read it from the prompt cache. The SDK retries
nothing (`max_retries=0`): the stage retries, honouring `retry-after`, and counts every retry.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import anthropic

from classifier.errors import LLMError
from classifier.llm.base import (
    JSON,
    BatchStatus,
    LLMRequest,
    PermanentLLMError,
    Reply,
    TransientLLMError,
    Usage,
    status_error,
)
from classifier.llm.schema import TOOL_DESCRIPTION, TOOL_NAME, payload_from_text


def deprecated_models() -> dict[str, str]:
    """The SDK's table of deprecated models and their end-of-life dates (private: read guarded)."""
    try:
        from anthropic._data.deprecated_models import DEPRECATED_MODELS  # noqa: PLC0415
    except ImportError:
        return {}
    return {str(k): str(v) for k, v in dict(DEPRECATED_MODELS).items()}


def sdk_models() -> tuple[str, ...]:
    """The model ids the installed SDK knows, newest first (empty if its types change shape)."""
    try:
        from anthropic.types import Model  # noqa: PLC0415
    except ImportError:
        return ()
    for arg in typing.get_args(Model):
        names = typing.get_args(arg)
        if names and all(isinstance(name, str) for name in names):
            return tuple(str(name) for name in names)
    return ()


def request_params(request: LLMRequest) -> dict[str, Any]:
    """The Messages API parameters for one request (also the `params` of a batch entry)."""
    tool: JSON = {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "input_schema": request.schema}
    choice: JSON = {"type": "tool", "name": TOOL_NAME} if request.force_tool else {"type": "auto"}
    return {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "tools": [tool],
        "tool_choice": choice,
        "system": [{"type": "text", "text": request.system, "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": request.user}],
    }


class AnthropicBackend:
    """`LLMBackend` over the Anthropic SDK; `base_url` points it at a gateway or a test server."""

    name = "anthropic"

    def __init__(self, api_key: str, base_url: str = "", timeout: float = 60.0) -> None:
        self._client = anthropic.Anthropic(api_key=api_key, base_url=base_url or None, max_retries=0, timeout=timeout)

    def send(self, request: LLMRequest) -> Reply:
        extra: dict[str, Any] = {"timeout": request.timeout} if request.timeout else {}
        try:
            return _reply(self._client.messages.create(**request_params(request), **extra))
        except anthropic.APIError as exc:
            raise _translate(exc) from exc
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:  # truncated/odd JSON
            raise TransientLLMError(f"Anthropic API answer unreadable ({type(exc).__name__}: truncated?)") from exc

    @property
    def batches(self) -> AnthropicBackend:
        """The Message Batches API (this backend implements `BatchAPI` itself)."""
        return self

    def submit_batch(self, requests: Mapping[str, LLMRequest]) -> str:
        entries: Any = [{"custom_id": cid, "params": request_params(r)} for cid, r in requests.items()]
        try:
            batch = self._client.messages.batches.create(requests=entries)
        except anthropic.APIError as exc:
            raise _translate(exc) from exc
        return str(batch.id)

    def batch_status(self, batch_id: str) -> BatchStatus:
        try:
            batch = self._client.messages.batches.retrieve(batch_id)
        except anthropic.APIError as exc:
            raise _translate(exc) from exc
        counts = batch.request_counts
        return BatchStatus(
            batch_id=batch_id,
            ended=batch.processing_status == "ended",
            succeeded=int(getattr(counts, "succeeded", 0) or 0),
            errored=int(getattr(counts, "errored", 0) or 0),
        )

    def batch_results(self, batch_id: str) -> dict[str, Reply | str]:
        out: dict[str, Reply | str] = {}
        try:
            for entry in self._client.messages.batches.results(batch_id):
                result = entry.result
                if result.type == "succeeded":
                    out[entry.custom_id] = _reply(result.message)
                else:
                    out[entry.custom_id] = f"batch request {result.type}"
        except anthropic.APIError as exc:
            raise _translate(exc) from exc
        return out


def _reply(message: Any) -> Reply:
    payload: JSON | None = None
    texts: list[str] = []
    for block in message.content:
        if block.type == "tool_use" and block.name == TOOL_NAME and isinstance(block.input, dict):
            payload = dict(block.input)
        elif block.type == "text":
            texts.append(block.text)
    text = "\n".join(texts)
    if payload is None and text:
        payload = payload_from_text(text)
    u = message.usage
    usage = Usage(
        input_tokens=int(u.input_tokens or 0),
        output_tokens=int(u.output_tokens or 0),
        cache_creation_input_tokens=int(getattr(u, "cache_creation_input_tokens", 0) or 0),
        cache_read_input_tokens=int(getattr(u, "cache_read_input_tokens", 0) or 0),
    )
    return Reply(payload=payload, text=text, usage=usage, model=str(message.model))


def _translate(exc: anthropic.APIError) -> LLMError:
    if isinstance(exc, anthropic.APIConnectionError):  # includes timeouts
        return TransientLLMError(f"Anthropic API unreachable: {type(exc).__name__}")
    if isinstance(exc, anthropic.APIStatusError):
        return status_error("Anthropic API", exc.status_code, type(exc).__name__, exc.response.headers)
    return PermanentLLMError(f"Anthropic API error: {type(exc).__name__}")
