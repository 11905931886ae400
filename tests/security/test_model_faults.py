"""A broken or hanging model API never stops the run: the rules' labels stand and a note says why.

The real CLI against the loopback Anthropic server and the loopback OpenAI-compatible server (the other
backend): a 200 answer with truncated JSON, and an API that stalls past the per-request timeout
(`llm_timeout_seconds`) until the per-run bound (`llm_max_seconds`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from classifier.cli import main
from tests.servers.anthropic_api import FakeAnthropic
from tests.servers.openai_api import FakeOpenAI

LOG = (
    "2026-01-01T00:00:00.0000000Z ##[group]Run ./deploy.sh\n"
    "2026-01-01T00:00:01.0000000Z ##[error]Frobnicator refused to glorp the widget (code 7)\n"
)


def _analyze(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, **env: str) -> tuple[int, dict[str, Any]]:
    log = tmp_path / "deploy.log"
    log.write_text(LOG)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("API_BASE_URL", url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "report.json"
    code = main(["analyze", str(log), "--db", str(tmp_path / "db.sqlite"), "--format", "json", "-o", str(out), "-q"])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_truncated_json_answer_is_a_model_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAnthropic() as api:
        truncated = b'{"id": "msg_1", "type": "message", "role": "assistant", "content": [{"ty'
        api.state.faults["/v1/messages"] = [(200, {}, truncated)] * 8
        code, report = _analyze(tmp_path, monkeypatch, api.url, LLM_MAX_SECONDS="60")
    assert code == 0
    notes = " ".join(report["notes"])
    assert "unreadable" in notes and "truncated" in notes
    assert api.state.message_calls == 0 and len(api.state.received) == 4  # retried, then given up
    assert "Frobnicator" in json.dumps(report)  # the failure is still reported


def test_hanging_api_is_bounded_per_request_and_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAnthropic() as api:
        api.hang("/v1/messages", 4.0, times=10)
        started = time.monotonic()
        code, report = _analyze(tmp_path, monkeypatch, api.url, LLM_TIMEOUT_SECONDS="1", LLM_MAX_SECONDS="3")
        elapsed = time.monotonic() - started
    assert code == 0
    notes = " ".join(report["notes"])
    assert "model time limit of 3s per run reached" in notes
    assert 1 <= len(api.state.received) <= 2  # 1-second attempts and the pause between fit in 3 seconds
    assert elapsed < 20  # not 4 x 60 s


def _analyze_openai(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, **env: str
) -> tuple[int, dict[str, Any]]:
    monkeypatch.setenv("LOCAL_LLM_BASE_URL", url)
    return _analyze_with(tmp_path, monkeypatch, **env)


def _analyze_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[int, dict[str, Any]]:
    log = tmp_path / "deploy.log"
    log.write_text(LOG)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "report.json"
    code = main(["analyze", str(log), "--db", str(tmp_path / "db.sqlite"), "--format", "json", "-o", str(out), "-q"])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_openai_compatible_truncated_json_answer_is_a_model_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI() as api:
        truncated = b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "mess'
        api.state.faults.extend([(200, {}, truncated)] * 8)
        code, report = _analyze_openai(tmp_path, monkeypatch, api.url, LLM_MAX_SECONDS="60")
    assert code == 0
    assert api.state.calls == 0 and len(api.state.received) >= 2  # never answered; retried, then given up
    assert report["notes"], "the model trouble is said"
    assert "Frobnicator" in json.dumps(report)  # the failure is still reported


def test_openai_compatible_hanging_api_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAI() as api:
        api.state.hangs.extend([4.0] * 10)
        started = time.monotonic()
        code, report = _analyze_openai(tmp_path, monkeypatch, api.url, LLM_TIMEOUT_SECONDS="1", LLM_MAX_SECONDS="3")
        elapsed = time.monotonic() - started
    assert code == 0
    assert "model time limit of 3s per run reached" in " ".join(report["notes"])
    assert 1 <= len(api.state.received) <= 2
    assert elapsed < 20
