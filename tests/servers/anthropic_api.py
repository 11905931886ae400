"""A loopback Anthropic Messages API (stdlib http.server in a thread) for tests and benchmarks.

Serves POST /v1/messages and the Message Batches endpoints (create, retrieve, JSONL results). Usage is
computed from what was received: about len(text)/4 tokens; the prefix up to a `cache_control` breakpoint
(tools, then system blocks) is reported as `cache_creation_input_tokens` the first time it is seen and
as `cache_read_input_tokens` afterwards. Faults (e.g. 429 with retry-after) are queued per path, and so
are stalls (`hang`).

The answer comes from a `responder(body) -> dict | str` (a dict is the tool input, a str a text answer).
The default one is a keyword "model" that reads only the failures inside <log_data>, and that obeys an
instruction `ANSWER: <category>` when it appears in the instruction part (outside <log_data>): so a
prompt that let log text escape the data block would be steered by it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], "dict[str, Any] | str"]
Fault = tuple[int, dict[str, str], Any]

KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"outofmemory|out of memory|killed|no space left", "resource_exhaustion"),
    (r"timed out|timeout", "timeout"),
    (r"could not resolve host|connection refused|connection reset|network is unreachable", "network_error"),
    (
        r"could not resolve dependencies|no matching distribution|could not find artifact|modulenotfound"
        r"|no module named|unable to resolve dependency",
        "dependency_error",
    ),
    (r"checkstyle|lint|pep8|flake8|style", "lint_error"),
    (r"compilation|cannot find symbol|compile|syntaxerror|error: ", "compilation_error"),
    (r"assert|expected|comparisonfailure|tests? failed|failures:", "assertion_failure"),
    (r"exception|error", "runtime_error"),
)
_DATA = re.compile(r"<log_data>\n?(.*?)\n?</log_data>", re.S)
_ANSWER = re.compile(r"ANSWER:\s*([A-Za-z_]+)")


def tokens(text: str) -> int:
    return max(len(text) // 4, 1) if text else 0


def split_user(body: dict[str, Any]) -> tuple[str, str]:
    """(instruction text outside the data block, the data block's JSON text) of the last user message."""
    content = body["messages"][-1]["content"]
    text = content if isinstance(content, str) else "".join(b.get("text", "") for b in content)
    found = _DATA.search(text)
    if found is None:
        return text, ""
    return text[: found.start()] + text[found.end() :], found.group(1)


def keyword_responder(body: dict[str, Any]) -> dict[str, Any] | str:
    """A stand-in model: categories from keywords of the data; obeys `ANSWER:` only outside the data."""
    tools = body.get("tools") or []
    enum = tools[0]["input_schema"]["properties"]["classifications"]["items"]["properties"]["category"]["enum"]
    system = body.get("system", "")
    system_text = system if isinstance(system, str) else "".join(b.get("text", "") for b in system)
    instructions, data_text = split_user(body)
    ordered = _ANSWER.search(instructions) or _ANSWER.search(system_text)
    failures = json.loads(data_text)["failures"] if data_text else []
    out = []
    for failure in failures:
        lines = failure["lines"]
        text = " ".join(lines.values()).lower()
        category = ordered.group(1) if ordered else _keyword(text, enum)
        out.append(
            {
                "id": failure["id"],
                "category": category,
                "confidence": 0.85,
                "summary": f"The job failed: {next(iter(lines.values()), '')[:80]}",
                "suggested_fix": "Fix the error shown in the evidence line.",
                "evidence_line_ids": [1],
            }
        )
    return {"classifications": out}


def _keyword(text: str, enum: list[str]) -> str:
    for pattern, category in KEYWORDS:
        if category in enum and re.search(pattern, text):
            return category
    return "unknown" if "unknown" in enum else enum[-1]


@dataclass
class Received:
    path: str
    body: dict[str, Any]
    raw: bytes
    headers: dict[str, str]


@dataclass
class State:
    received: list[Received] = field(default_factory=list)
    prefixes: set[str] = field(default_factory=set)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    hangs: dict[str, list[float]] = field(default_factory=dict)  # path -> seconds to stall before answering
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    polls_before_end: int = 1
    message_calls: int = 0
    input_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    output_tokens: int = 0
    usages: list[dict[str, int]] = field(default_factory=list)  # per answered request, in order

    @property
    def prompt_tokens(self) -> int:
        return self.input_tokens + self.cache_creation_tokens + self.cache_read_tokens


class FakeAnthropic:
    """`with FakeAnthropic() as api:` serves at `api.url` (give it to the SDK as base_url)."""

    def __init__(self, responder: Responder = keyword_responder) -> None:
        self.state = State()
        self.responder = responder
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, path: str, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        """Queue `times` error answers for `path` (e.g. 429 with {'retry-after': '7'})."""
        kind = {429: "rate_limit_error", 529: "overloaded_error"}.get(status, "api_error")
        body = {"type": "error", "error": {"type": kind, "message": f"simulated {status}"}}
        self.state.faults.setdefault(path, []).extend([(status, headers or {}, body)] * times)

    def hang(self, path: str, seconds: float, times: int = 1) -> None:
        """Stall the next `times` requests to `path` for `seconds` before answering (a hanging API)."""
        self.state.hangs.setdefault(path, []).extend([seconds] * times)

    @property
    def bodies(self) -> list[bytes]:
        return [r.raw for r in self.state.received]

    def message(self, body: dict[str, Any]) -> dict[str, Any]:
        """Answer one Messages API request and count its usage."""
        prefix_parts: list[Any] = []
        breakpoint_at = -1
        for block in [*(body.get("tools") or []), *(_blocks(body.get("system")))]:
            prefix_parts.append(block)
            if isinstance(block, dict) and block.get("cache_control"):
                breakpoint_at = len(prefix_parts)
        prefix = json.dumps(prefix_parts[:breakpoint_at], sort_keys=True) if breakpoint_at > 0 else ""
        rest = json.dumps(prefix_parts[breakpoint_at:] if breakpoint_at > 0 else prefix_parts, sort_keys=True)
        rest += json.dumps(body.get("messages"), sort_keys=True)
        created = read = 0
        with self.lock:
            if prefix:
                key = hashlib.sha256(prefix.encode()).hexdigest()
                if key in self.state.prefixes:
                    read = tokens(prefix)
                else:
                    created = tokens(prefix)
                    self.state.prefixes.add(key)
        answer = self.responder(body)
        if isinstance(answer, dict):
            name = (body.get("tools") or [{}])[0].get("name", "tool")
            content: list[dict[str, Any]] = [{"type": "tool_use", "id": "toolu_01", "name": name, "input": answer}]
            stop = "tool_use"
        else:
            content, stop = [{"type": "text", "text": answer}], "end_turn"
        usage = {
            "input_tokens": tokens(rest),
            "output_tokens": tokens(json.dumps(answer)),
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }
        with self.lock:
            s = self.state
            s.message_calls += 1
            s.input_tokens += usage["input_tokens"]
            s.cache_creation_tokens += created
            s.cache_read_tokens += read
            s.output_tokens += usage["output_tokens"]
            s.usages.append(usage)
        return {
            "id": f"msg_{self.state.message_calls:04d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", ""),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": usage,
        }

    def batch_object(self, batch_id: str) -> dict[str, Any]:
        batch = self.state.batches[batch_id]
        ended = batch["polls"] >= self.state.polls_before_end
        n = len(batch["results"])
        return {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": {
                "processing": 0 if ended else n,
                "succeeded": n if ended else 0,
                "errored": 0,
                "canceled": 0,
                "expired": 0,
            },
            "created_at": "2026-11-23T00:00:00Z",
            "expires_at": "2026-11-24T00:00:00Z",
            "ended_at": "2026-11-23T00:05:00Z" if ended else None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch_id}/results" if ended else None,
        }


def _blocks(system: Any) -> list[Any]:
    if system is None:
        return []
    return [{"type": "text", "text": system}] if isinstance(system, str) else list(system)


def _handler(api: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None, jsonl: bool = False) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/x-jsonl" if jsonl else "application/json")
            self.send_header("content-length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _fault(self, path: str) -> bool:
            with api.lock:
                queue = api.state.faults.get(path)
                fault = queue.pop(0) if queue else None
            if fault is None:
                return False
            self._send(fault[0], fault[2], fault[1])
            return True

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", "0")))
            body = json.loads(raw or b"{}")
            path = self.path.split("?")[0]
            with api.lock:
                api.state.received.append(Received(path, body, raw, dict(self.headers.items())))
                stalls = api.state.hangs.get(path)
                stall = stalls.pop(0) if stalls else 0.0
            if stall:
                time.sleep(stall)
            if self._fault(path):
                return
            if path == "/v1/messages":
                self._send(200, api.message(body))
            elif path == "/v1/messages/batches":
                batch_id = f"msgbatch_{len(api.state.batches) + 1:03d}"
                results = [
                    {"custom_id": r["custom_id"], "result": {"type": "succeeded", "message": api.message(r["params"])}}
                    for r in body["requests"]
                ]
                api.state.batches[batch_id] = {"results": results, "polls": 0}
                self._send(200, api.batch_object(batch_id))
            else:
                self._send(404, {"type": "error", "error": {"type": "not_found_error", "message": path}})

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with api.lock:
                api.state.received.append(Received(path, {}, b"", dict(self.headers.items())))
            if self._fault(path):
                return
            found = re.fullmatch(r"/v1/messages/batches/([\w-]+)(/results)?", path)
            if found is None or found.group(1) not in api.state.batches:
                self._send(404, {"type": "error", "error": {"type": "not_found_error", "message": path}})
                return
            batch_id = found.group(1)
            if found.group(2):
                lines = "\n".join(json.dumps(r) for r in api.state.batches[batch_id]["results"])
                self._send(200, lines.encode(), jsonl=True)
                return
            api.state.batches[batch_id]["polls"] += 1
            self._send(200, api.batch_object(batch_id))

    return Handler
