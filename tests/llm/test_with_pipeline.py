"""The LLM stage inside the product's pipeline: a stored model label means no second call."""

from __future__ import annotations

import io
from pathlib import Path

from classifier.model import Classification, ClassifiedBy, RunContext, Stream
from classifier.pipeline import analyze
from classifier.settings import Settings
from classifier.sources.base import Document
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, build_llm_stage, build_vocabularies, utc_now
from tests.llm.helpers import Sleeps, settings
from tests.servers.anthropic_api import FakeAnthropic

LOG = (
    "2026-01-01T00:00:00.0000000Z ##[group]Run ./deploy.sh\n"
    "2026-01-01T00:00:01.0000000Z ##[error]Frobnicator refused to glorp the widget (code 7)\n"
)


def document() -> Document:
    data = LOG.encode()
    return Document("deploy.log", lambda: io.BytesIO(data), job="deploy")


def run_once(config: Settings, store: SQLiteStore) -> list[Classification]:
    taxonomy = build_vocabularies(config)[Stream.CI].taxonomy
    stage, reason = build_llm_stage(config, taxonomy, sleep=Sleeps().sleep)
    assert stage is not None, reason
    analysis = analyze(
        [document()], vocabularies=Vocabularies(config, store, llm=stage), store=store, run=RunContext(), clock=utc_now
    )
    return [result.classification for result in analysis.groups]


def test_second_run_reuses_the_stored_model_label_without_a_call(tmp_path: Path) -> None:
    with FakeAnthropic() as api:
        config = settings(api.url, db_path=str(tmp_path / "db.sqlite"))
        store = SQLiteStore(config.db_path)
        try:
            first = run_once(config, store)
            assert api.state.message_calls == 1
            second = run_once(config, store)
            assert api.state.message_calls == 1  # no new call
        finally:
            store.close()
    assert [label.classified_by for label in first] == [ClassifiedBy.LLM]
    assert second[0].classified_by is ClassifiedBy.CACHE
    assert second[0].category == first[0].category and second[0].prompt_version == "ci-v1"


BASELINE_LOG = [
    "2026-01-01T00:00:00.0000000Z ##[group]Run ./deploy.sh",
    "2026-01-01T00:00:00.5000000Z Resolving runner image ubuntu-22.04 (cached layers: 14)",
    "2026-01-01T00:00:00.6000000Z Loading deploy profile staging-eu-west",
]
FAILED_LOG = (
    "2026-01-01T00:00:00.0000000Z ##[group]Run ./deploy.sh\n"
    "2026-01-01T00:00:00.5000000Z Resolving runner image ubuntu-22.04 (cached layers: 14)\n"
    "2026-01-01T00:00:00.6000000Z Loading deploy profile staging-eu-west\n"
    "2026-01-01T00:00:00.7000000Z Widget registry answered with an unexpected handshake\n"
    "2026-01-01T00:00:01.0000000Z ##[error]Frobnicator refused to glorp the widget (code 7)\n"
)


def test_lines_of_a_successful_log_of_the_same_job_are_not_sent(tmp_path: Path) -> None:
    data = FAILED_LOG.encode()
    doc = Document("deploy.log", lambda: io.BytesIO(data), job="deploy")
    with FakeAnthropic() as api:
        config = settings(api.url, db_path=str(tmp_path / "db.sqlite"))
        store = SQLiteStore(config.db_path)
        taxonomy = build_vocabularies(config)[Stream.CI].taxonomy
        stage, reason = build_llm_stage(config, taxonomy, sleep=Sleeps().sleep)
        assert stage is not None, reason
        try:
            analyze(
                [doc],
                vocabularies=Vocabularies(config, store, llm=stage),
                store=store,
                run=RunContext(),
                clock=utc_now,
                baseline={"deploy": BASELINE_LOG},
            )
        finally:
            store.close()
        sent = b"".join(api.bodies).decode()
    assert "Frobnicator refused to glorp" in sent
    assert "unexpected handshake" in sent, "a line the successful log does not have is kept"
    assert "Loading deploy profile" not in sent and "Resolving runner image" not in sent
