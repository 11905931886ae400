"""Batch mode through the Message Batches API (resumable), and the OpenAI-compatible backend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classifier.llm.backlog import run_backlog
from classifier.model import ClassifiedBy
from classifier.wiring import build_llm_stage
from tests.llm.helpers import TAXONOMY, Sleeps, group, settings, stage_for, unsettled
from tests.servers.anthropic_api import FakeAnthropic
from tests.servers.openai_api import FakeOpenAI

KINDS = ["Connection refused", "Killed (out of memory)", "error: cannot find symbol", "Timed out"]


def batch_creates(api: FakeAnthropic) -> int:
    return sum(1 for r in api.state.received if r.path == "/v1/messages/batches" and r.body)


def test_backlog_uses_the_batches_api_at_half_price(tmp_path: Path) -> None:
    with FakeAnthropic() as api:
        api.state.polls_before_end = 3
        sleeps = Sleeps()
        stage = stage_for(api.url, sleeps, mode="batch", batch_size="2")
        assert stage.model == "claude-haiku-4-5"
        groups = [group(f"{kind} {i}") for i in range(2) for kind in KINDS]
        checkpoint = tmp_path / "batch.json"
        labels = stage.classify_backlog([(g, unsettled(g)) for g in groups], checkpoint)
    assert batch_creates(api) == 1 and api.state.message_calls == 4  # 8 fingerprints, 2 per request
    assert not any(r.path == "/v1/messages" for r in api.state.received)  # no realtime calls
    assert all(label.classified_by is ClassifiedBy.LLM for label in labels)
    assert labels[1].category == "resource_exhaustion"
    assert sleeps.pauses == [30.0, 30.0]  # polled until it ended
    assert not checkpoint.exists()
    assert all(call.batch for call in stage.ledger.calls)
    assert any("Batches API at half price" in note for note in stage.notes())


def test_backlog_resumes_the_saved_batch_after_an_interruption(tmp_path: Path) -> None:
    checkpoint = tmp_path / "batch.json"
    groups = [group(f"{kind} x") for kind in KINDS]
    pending = [(g, unsettled(g)) for g in groups]
    with FakeAnthropic() as api:
        api.state.polls_before_end = 1000
        first = stage_for(api.url, mode="batch")
        interrupted = run_backlog(first, pending, checkpoint, max_wait=60.0)
        assert all("still processing" in label.reasoning for label in interrupted)
        saved = json.loads(checkpoint.read_text())
        assert saved["batch_id"] == "msgbatch_001"
        api.state.polls_before_end = 0
        second = stage_for(api.url, mode="batch")
        labels = second.classify_backlog(pending, checkpoint)
        assert batch_creates(api) == 1  # polled the existing batch, created no new one
    assert [label.category for label in labels] == [
        "network_error",
        "resource_exhaustion",
        "compilation_error",
        "timeout",
    ]
    assert any("Resumed message batch msgbatch_001" in note for note in second.notes())
    assert not checkpoint.exists()


def openai_stage(url: str, **overrides: str) -> Any:
    values = {"local_llm_base_url": url, "local_llm_model": "llama3.2:3b", **overrides}
    stage, reason = build_llm_stage(settings("", **values), TAXONOMY, sleep=Sleeps().sleep)
    assert stage is not None, reason
    return stage


@pytest.mark.parametrize("structured", ["json_schema", "tool"])
def test_openai_compatible_backend_same_validation(structured: str) -> None:
    with FakeOpenAI() as api:
        stage = openai_stage(api.url)
        stage.backend._structured = structured
        groups = [group("Could not resolve host: pypi"), group("assert total == 2, expected 2")]
        labels = stage.classify([(g, unsettled(g)) for g in groups], "batch")
        sent = api.state.received[0]
    assert [label.category for label in labels] == ["network_error", "assertion_failure"]
    assert labels[0].model == "llama3.2:3b" and labels[0].classified_by is ClassifiedBy.LLM
    if structured == "tool":
        schema = sent["tools"][0]["function"]["parameters"]
    else:
        schema = sent["response_format"]["json_schema"]["schema"]
    enum = schema["properties"]["classifications"]["items"]["properties"]["category"]["enum"]
    assert enum == list(TAXONOMY.names)


def test_openai_backend_broken_json_twice_is_unknown_and_backlog_is_sequential(tmp_path: Path) -> None:
    with FakeOpenAI(lambda body: "{broken") as api:
        stage = openai_stage(api.url)
        g = group("something odd")
        label = stage.classify_backlog([(g, unsettled(g))], tmp_path / "cp.json")[0]
        assert api.state.calls == 2
    assert label.category == "unknown" and "invalid twice" in label.reasoning
    assert any("no batch API" in note for note in stage.notes())


def test_openai_backend_retries_429_then_degrades_on_401() -> None:
    with FakeOpenAI() as api:
        body = {"error": {"message": "slow down", "type": "rate_limit"}}
        api.state.faults.append((429, {"retry-after": "2"}, body))
        sleeps = Sleeps()
        values = {"local_llm_base_url": api.url}
        stage, _ = build_llm_stage(settings("", **values), TAXONOMY, sleep=sleeps.sleep, clock=sleeps.clock)
        assert stage is not None
        g = group("Connection refused")
        assert stage.classify([(g, unsettled(g))], "batch")[0].classified_by is ClassifiedBy.LLM
        assert sleeps.pauses == [2.0]
        api.state.faults.append((401, {}, {"error": {"message": "bad key", "type": "auth"}}))
        h = group("Connection reset")
        label = stage.classify([(h, unsettled(h))], "batch")[0]
    assert label.classified_by is ClassifiedBy.NONE and "refused the request" in label.reasoning
