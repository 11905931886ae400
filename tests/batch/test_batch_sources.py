"""Batch mode against loopback services: the model's batch path, existing OpenSearch indexes, GitHub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from osmem_server import OsmemServer

from classifier.model import ClassifiedBy
from classifier.modes.batch import run as run_batch
from classifier.rules.taxonomy import load_taxonomy
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import build_llm_stage
from tests.batch.helpers import batch_settings, write_logs
from tests.servers.anthropic_api import FakeAnthropic
from tests.servers.github_api import FakeGitHub


class Sleeps:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def clock(self) -> float:
        return self.now


def test_unsettled_errors_go_through_one_model_batch(tmp_path: Path) -> None:
    write_logs(tmp_path / "logs", 9)
    with FakeAnthropic() as api:
        settings = batch_settings(
            tmp_path, enable_error_classification="true", anthropic_api_key="sk-ant-test", api_base_url=api.url
        )
        sleeps = Sleeps()
        model, reason = build_llm_stage(settings, load_taxonomy("ci"), sleep=sleeps.sleep, clock=sleeps.clock)
        assert model is not None, reason
        assert run_batch(settings, paths=[str(tmp_path / "logs")], model=model, quiet=True).exit_code == 0
        created = [r for r in api.state.received if r.path == "/v1/messages/batches" and r.body]
    assert len(created) == 1  # every item's unsettled errors, deduplicated, in one batch
    assert [r for r in api.state.received if r.path == "/v1/messages"] == []  # no one-by-one requests
    summary = json.loads((tmp_path / "out" / "batch-summary.json").read_text())
    assert summary["model_labelled"] >= 1
    store = SQLiteStore(settings.db_path)
    labels = store.current_classifications("ci")
    store.close()
    assert any(label.classified_by is ClassifiedBy.LLM for label in labels)


@pytest.fixture(scope="module")
def osmem() -> Iterator[OsmemServer]:
    server = OsmemServer.start(freeze=True, japanese=False, addr="127.0.0.1:0")
    yield server
    server.close()


def test_unlabelled_documents_of_existing_indexes(osmem: OsmemServer, tmp_path: Path) -> None:
    with osmem.clone() as clone:
        client = OpenSearch(hosts=[clone.url])
        recent = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
        old = (datetime.now(UTC) - timedelta(days=30)).isoformat()
        docs = {
            "github-job-1-attempt-1": {
                "s_status": "failure",
                "@timestamp": recent,
                "s_job_name": "build",
                "s_error_message": "ERROR: No matching distribution found for leftpadx==1.0",
                "s_repo": "octo/app",
                "s_workflow_id": "77",
            },
            "github-job-2-attempt-1": {"s_status": "failure", "@timestamp": recent, "s_job_name": "lint"},
            "github-job-3-attempt-1": {"s_status": "success", "@timestamp": recent, "s_job_name": "docs"},
            "github-job-4-attempt-1": {
                "s_status": "failure",
                "@timestamp": old,
                "s_job_name": "old",
                "s_error_message": "boom",
            },
        }
        for ident, doc in docs.items():
            client.index(index="jobs", id=ident, body=doc)
        settings = batch_settings(tmp_path, opensearch_url=clone.url)
        assert run_batch(settings, indexes=["jobs"], quiet=True).exit_code == 1  # job 2 has no error text
        labelled = client.get(index="jobs", id="github-job-1-attempt-1")["_source"]
        assert labelled["s_error_type"]
        assert isinstance(labelled["f_error_confidence"], float)
        assert client.get(index="jobs", id="github-job-2-attempt-1")["_source"]["s_error_type"] == "unknown"
        assert "s_error_type" not in client.get(index="jobs", id="github-job-3-attempt-1")["_source"]
        assert "s_error_type" not in client.get(index="jobs", id="github-job-4-attempt-1")["_source"]
        occurrence = client.search(index="error_occurrences", body={"query": {"match_all": {}}})["hits"]["hits"]
        assert occurrence[0]["_source"]["s_repository"] == "octo/app"
        assert occurrence[0]["_source"]["l_run_id"] == 77
        again = tmp_path / "again"
        assert run_batch(batch_settings(again, opensearch_url=clone.url), indexes=["jobs"], quiet=True).exit_code == 0
        summary = json.loads((again / "out" / "batch-summary.json").read_text())
        assert summary["processed"] == 0  # everything is labelled now


def test_failed_jobs_from_the_github_api(tmp_path: Path) -> None:
    with FakeGitHub() as gh:
        gh.add_run(501)
        gh.add_job(501, 9001, "build", log=b"2026-01-01T00:00:00.0000000Z ##[error]Could not resolve host: x\n")
        gh.add_job(501, 9002, "test", conclusion="success", log=b"ok\n")
        gh.add_run(502)
        gh.add_job(502, 9003, "build", log=b"2026-01-01T00:00:00.0000000Z ##[error]Frobnicator refused\n")
        settings = batch_settings(tmp_path, github_api_url=gh.url, repository=gh.state.repo, github_token="t")
        assert run_batch(settings, quiet=True).exit_code == 0
        downloads = gh.requests_to(f"/repos/{gh.state.repo}/actions/jobs/")
    done = (tmp_path / "out" / "batch-checkpoint.txt").read_text().split()
    assert sorted(done) == [
        f"{gh.state.repo}/runs/501/attempts/1/jobs/9001",
        f"{gh.state.repo}/runs/502/attempts/1/jobs/9003",
    ]
    assert len(downloads) == 2  # the passing job's log is never fetched
    store = SQLiteStore(settings.db_path)
    assert len(store.current_classifications("ci")) == 2
    store.close()


def test_every_stream_waits_for_its_own_model_batch(tmp_path: Path) -> None:
    """Errors of another stream (data-pipeline records) are deferred too: no one-by-one requests."""
    write_logs(tmp_path / "logs", 3)
    records = tmp_path / "logs" / "runs.json"
    records.write_text(
        '[{"id": "r1", "pipeline": "nightly", "status": "failed",'
        ' "error": {"message": "Frobnicator refused to glorp the widget (code 7)"}}]'
    )
    with FakeAnthropic() as api:
        api.state.polls_before_end = 0
        settings = batch_settings(
            tmp_path, enable_error_classification="true", anthropic_api_key="sk-ant-test", api_base_url=api.url
        )
        model, reason = build_llm_stage(settings, load_taxonomy("ci"), sleep=lambda _s: None)
        assert model is not None, reason
        result = run_batch(settings, paths=[str(tmp_path / "logs")], model=model, quiet=True)
        created = [r for r in api.state.received if r.path == "/v1/messages/batches" and r.body]
        one_by_one = [r for r in api.state.received if r.path == "/v1/messages"]
    assert result.exit_code == 0, result.text
    assert one_by_one == []
    assert len(created) == 2, [r.path for r in created]  # the CI stream's batch and the data stream's
    assert (tmp_path / "out").is_dir()
