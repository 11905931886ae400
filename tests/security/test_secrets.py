"""No secret leaves: every format of `secret_samples` in every sink.

Sinks: the model request (loopback Anthropic server), each report format (json, csv, text, markdown), the
SQLite file, OpenSearch documents (osmem-server), and in the action: job summary, PR comment, annotations,
step outputs and the JSON report. Each sample's line must reach the JSON report (so the check is not
vacuous) and its random core must appear nowhere.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from osmem_server import OsmemServer

import entrypoint
from classifier.cli import main
from classifier.redact import redact
from tests.action.runner import RUN_ID, gha_log, runner_env
from tests.security.secret_samples import Sample, samples
from tests.servers.anthropic_api import FakeAnthropic
from tests.servers.github_api import FakeGitHub

SAMPLES = samples()
FORMATS = ("json", "csv", "text", "markdown")


def _log() -> bytes:
    return gha_log(*(f"##[error]{sample.line}" for sample in SAMPLES), step="Deploy")


def _leaks(blob: str) -> list[str]:
    return [sample.kind for sample in SAMPLES if sample.core in blob]


def _prefix(sample: Sample) -> str:
    """The text before the secret on its line, as it shows once redacted (proof that the line got through)."""
    if sample.shown:
        return sample.shown
    head = sample.line.split(sample.core, 1)[0]
    return head.strip().rstrip("$")[-24:]


def _alnum(text: str) -> str:
    """Letters and digits only: a line compared with its JSON-escaped copy inside a model request."""
    return re.sub(r"[^A-Za-z0-9]", "", text)


def test_every_format_is_redacted_on_its_own() -> None:
    assert len(SAMPLES) >= 49
    assert _leaks("\n".join(redact(sample.line) for sample in SAMPLES)) == []


@pytest.fixture(scope="module")
def opensearch() -> Iterator[str]:
    server = OsmemServer.start(freeze=True, japanese=False, addr="127.0.0.1:0")
    try:
        with server.clone() as clone:
            yield clone.url
    finally:
        server.close()


def test_cli_sinks_model_reports_sqlite_opensearch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opensearch: str
) -> None:
    log = tmp_path / "deploy.log"
    log.write_bytes(_log())
    db = tmp_path / "store.db"
    with FakeAnthropic() as api:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
        monkeypatch.setenv("API_BASE_URL", api.url)
        monkeypatch.setenv("CLASSIFY_REALTIME_THRESHOLD", "all")
        outputs = {}
        for fmt in FORMATS:
            out = tmp_path / f"report.{fmt}"
            main(["analyze", str(log), "--db", str(db), "--format", fmt, "--output", str(out), "-q"])
            outputs[fmt] = out.read_text(encoding="utf-8")
        requests = b"\n".join(api.bodies).decode()
        monkeypatch.setenv("OPENSEARCH_URL", opensearch)
        main(["analyze", str(log), "--no-llm", "--format", "json", "--output", str(tmp_path / "os.json"), "-q"])
    assert api.state.message_calls >= 1
    report = outputs["json"]
    missing = [sample.kind for sample in SAMPLES if _prefix(sample) not in report]
    assert missing == [], "these lines never reached the report, so the test would not see a leak"
    unsent = [sample.kind for sample in SAMPLES if _alnum(_prefix(sample)) not in _alnum(requests)]
    assert unsent == [], "these lines never reached the model, so the request could not leak them"
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("store.db*")).decode("utf-8", "replace")
    documents = json.dumps(OpenSearch(hosts=[opensearch]).search(index="*", size=10000, body={}))
    assert "REDACTED" in documents and "REDACTED" in stored and "REDACTED" in requests
    sinks = {**outputs, "model request": requests, "sqlite": stored, "opensearch": documents}
    for name in ("sqlite", "opensearch", "csv", "text"):  # markdown shows the first failures (see the action test)
        absent = [sample.kind for sample in SAMPLES if _alnum(_prefix(sample)) not in _alnum(sinks[name])]
        assert absent == [], f"these lines never reached {name}"
    assert {name: _leaks(text) for name, text in sinks.items()} == {name: [] for name in sinks}


def test_action_sinks_summary_comment_annotations_outputs(tmp_path: Path) -> None:
    with FakeGitHub() as gh:
        gh.add_run(RUN_ID, attempt=1, prs=(7,), event="pull_request")
        gh.add_job(RUN_ID, 31, "deploy", attempt=1, log=_log(), failed_step="Deploy")
        env = runner_env(tmp_path, gh, event={"pull_request": {"number": 7}}, event_name="pull_request")
        env["INPUT_PR_COMMENT"] = "true"
        env["INPUT_RUN_ATTEMPT"] = "1"
        env["GITHUB_RUN_ATTEMPT"] = "1"
        stream = io.StringIO()
        entrypoint.main(env, stream)
        comments = json.dumps(gh.state.comments)
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    outputs = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
    reports = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.json"))
    assert "REDACTED" in summary and "REDACTED" in comments and "REDACTED" in reports
    sinks = {
        "summary": summary,
        "pr comment": comments,
        "annotations": stream.getvalue(),
        "outputs": outputs,
        "report": reports,
    }
    assert {name: _leaks(text) for name, text in sinks.items()} == {name: [] for name in sinks}


def test_action_one_job_per_format_reaches_every_sink_redacted(tmp_path: Path) -> None:
    """One job per format (ten jobs per run, the platform's annotation cap per type): each format's line is the
    job's root cause, so it must show in an annotation, the summary and the PR comment, redacted."""
    shown: dict[str, list[str]] = {"annotations": [], "summary": [], "pr comment": []}
    leaks: dict[str, list[str]] = {}
    for start in range(0, len(SAMPLES), 10):
        chunk = SAMPLES[start : start + 10]
        with FakeGitHub() as gh:
            gh.add_run(RUN_ID, attempt=1, prs=(7,), event="pull_request")
            for index, sample in enumerate(chunk):
                log = gha_log(f"##[error]{sample.line}", step="Deploy")
                gh.add_job(RUN_ID, 100 + index, f"job {index}", attempt=1, log=log, failed_step="Deploy")
            work = tmp_path / str(start)
            work.mkdir()
            env = runner_env(work, gh, event={"pull_request": {"number": 7}}, event_name="pull_request")
            env.update(INPUT_PR_COMMENT="true", INPUT_RUN_ATTEMPT="1", GITHUB_RUN_ATTEMPT="1")
            stream = io.StringIO()
            entrypoint.main(env, stream)
            comments = json.dumps(gh.state.comments)
        printed = stream.getvalue()
        sinks = {
            "annotations": "\n".join(
                line for line in printed.splitlines() if line.startswith(("::error", "::warning"))
            ),
            "summary": Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8"),
            "pr comment": comments,
            "stdout": printed,
            "outputs": Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"),
            "report": "".join(p.read_text(encoding="utf-8") for p in work.rglob("*.json")),
        }
        for name in shown:
            shown[name] += [sample.kind for sample in chunk if _prefix(sample) in sinks[name]]
        for name, text in sinks.items():
            leaks.setdefault(name, []).extend(sample.kind for sample in chunk if sample.core in text)
    every = [sample.kind for sample in SAMPLES]
    assert shown == {name: every for name in shown}, "a line that never showed could not be seen leaking"
    assert leaks == {name: [] for name in leaks}
