"""The OpenAI-compatible chat backend (gateways, vLLM, Ollama, LM Studio): the only module importing `openai`.

Structured output through `response_format: json_schema` (default) or a forced function call
(`structured="tool"`) for servers that lack JSON-schema output. Cached prompt tokens, when the server
reports them (`prompt_tokens_details.cached_tokens`), are counted as cache reads. No Batches API:
the stage falls back to sequential requests.
"""

from __future__ import annotations

from typing import Any, Literal

import openai

from classifier.errors import LLMError
from classifier.extract.jsonio import loads_bounded
from classifier.llm.base import (
    JSON,
    LLMRequest,
    PermanentLLMError,
    Reply,
    TransientLLMError,
    Usage,
    status_error,
)
from classifier.llm.schema import TOOL_DESCRIPTION, TOOL_NAME, payload_from_text


class OpenAIBackend:
    """`LLMBackend` over the OpenAI SDK pointed at any OpenAI-compatible `base_url`."""

    name = "openai"
    batches: None = None  # no batch API: the backlog sends requests one by one

    def __init__(
        self,
        base_url: str,
        api_key: str = "",
        timeout: float = 120.0,
        structured: Literal["json_schema", "tool"] = "json_schema",
    ) -> None:
        self._client = openai.OpenAI(api_key=api_key or "not-needed", base_url=base_url, max_retries=0, timeout=timeout)
        self._structured = structured

    def send(self, request: LLMRequest) -> Reply:
        params: dict[str, Any] = {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
        }
        if self._structured == "tool":
            params["tools"] = [
                {
                    "type": "function",
                    "function": {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "parameters": request.schema},
                }
            ]
            params["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
        else:
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": TOOL_NAME, "schema": request.schema, "strict": False},
            }
        if request.timeout:
            params["timeout"] = request.timeout
        try:
            return _reply(self._client.chat.completions.create(**params))
        except openai.APIError as exc:
            raise _translate(exc) from exc
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:  # truncated or odd JSON
            raise TransientLLMError(f"model API answer unreadable ({type(exc).__name__}: truncated?)") from exc


def _reply(completion: Any) -> Reply:
    payload: JSON | None = None
    text = ""
    if completion.choices:
        message = completion.choices[0].message
        text = message.content or ""
        for call in message.tool_calls or []:
            function = getattr(call, "function", None)
            if function is not None and function.name == TOOL_NAME:
                try:
                    value = loads_bounded(function.arguments)
                except (ValueError, TypeError):
                    value = None
                payload = value if isinstance(value, dict) else None
        if payload is None and text:
            payload = payload_from_text(text)
    u = completion.usage
    prompt = int(getattr(u, "prompt_tokens", 0) or 0) if u else 0
    details = getattr(u, "prompt_tokens_details", None) if u else None
    cached = int(getattr(details, "cached_tokens", 0) or 0) if details else 0
    usage = Usage(
        input_tokens=max(prompt - cached, 0),
        output_tokens=int(getattr(u, "completion_tokens", 0) or 0) if u else 0,
        cache_read_input_tokens=cached,
    )
    return Reply(payload=payload, text=text, usage=usage, model=str(completion.model or ""))


def _translate(exc: openai.APIError) -> LLMError:
    if isinstance(exc, openai.APIConnectionError):  # includes timeouts
        return TransientLLMError(f"OpenAI-compatible API unreachable: {type(exc).__name__}")
    if isinstance(exc, openai.APIStatusError):
        return status_error("OpenAI-compatible API", exc.status_code, type(exc).__name__, exc.response.headers)
    return PermanentLLMError(f"OpenAI-compatible API error: {type(exc).__name__}")
