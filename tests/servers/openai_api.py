"""A loopback OpenAI-compatible chat API (POST /v1/chat/completions) for tests.

The answer comes from the same kind of responder as the Anthropic fake, given an Anthropic-shaped view of
the request (system text, user message, the schema as a tool), so both backends meet the same "model".
It answers as JSON content (response_format) or as a function call (tools), as the request asks.
Prompt tokens are about len(text)/4; a system message seen before is reported as cached tokens.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.servers.anthropic_api import Fault, Responder, keyword_responder, tokens


@dataclass
class State:
    received: list[dict[str, Any]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    systems: set[str] = field(default_factory=set)
    faults: list[Fault] = field(default_factory=list)  # a bytes body is sent as it is (truncated JSON)
    hangs: list[float] = field(default_factory=list)  # seconds to stall the next requests before answering
    calls: int = 0


class FakeOpenAI:
    """`with FakeOpenAI() as api:` serves at `api.url` (base URL including /v1)."""

    def __init__(self, responder: Responder = keyword_responder) -> None:
        self.state = State()
        self.responder = responder
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        messages = body["messages"]
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = [m for m in messages if m["role"] == "user"]
        if "tools" in body:
            schema = body["tools"][0]["function"]["parameters"]
            name = body["tools"][0]["function"]["name"]
        else:
            schema = body["response_format"]["json_schema"]["schema"]
            name = body["response_format"]["json_schema"]["name"]
        view = {"system": system, "messages": user, "tools": [{"name": name, "input_schema": schema}]}
        answer = self.responder(view)
        text = json.dumps(answer) if isinstance(answer, dict) else answer
        with self.lock:
            cached = tokens(system) if system in self.state.systems else 0
            self.state.systems.add(system)
            self.state.calls += 1
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if "tools" in body and isinstance(answer, dict):
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}],
            }
        prompt = tokens(json.dumps(messages))
        completion = tokens(text)
        return {
            "id": f"chatcmpl-{self.state.calls}",
            "object": "chat.completion",
            "created": 1_790_000_000,
            "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": cached},
            },
        }


def _handler(api: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            try:
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up waiting (a hang test)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", "0")))
            body = json.loads(raw or b"{}")
            with api.lock:
                api.state.received.append(body)
                api.state.raw.append(raw)
                fault = api.state.faults.pop(0) if api.state.faults else None
                stall = api.state.hangs.pop(0) if api.state.hangs else 0.0
            if stall:
                time.sleep(stall)
            if fault is not None:
                self._send(fault[0], fault[2], fault[1])
            elif self.path.split("?")[0] == "/v1/chat/completions":
                self._send(200, api.answer(body))
            else:
                self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    return Handler
