"""Dashboards saved objects: valid NDJSON over real mapping fields, and the import request."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from classifier.commands import dashboards as command
from classifier.dashboards.objects import DEFAULT_ALIASES, saved_objects, to_ndjson
from classifier.store import mappings

SHIPPED = Path(__file__).resolve().parents[2] / "classifier" / "dashboards" / "ci-classify.ndjson"


def test_shipped_ndjson_is_the_generated_one() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == to_ndjson(saved_objects(DEFAULT_ALIASES))


def test_ndjson_is_valid_and_references_only_mapped_fields() -> None:
    objects = [json.loads(line) for line in SHIPPED.read_text(encoding="utf-8").splitlines()]
    by_id = {(obj["type"], obj["id"]): obj for obj in objects}
    kinds: tuple[mappings.IndexKind, ...] = ("occurrences", "classifications", "history")
    pattern_kind = {
        obj["id"]: kind
        for kind in kinds
        for obj in objects
        if obj["type"] == "index-pattern" and obj["attributes"]["title"] == DEFAULT_ALIASES[kind]
    }
    assert len(pattern_kind) == 3
    visualisations = [obj for obj in objects if obj["type"] == "visualization"]
    assert len(visualisations) >= 6
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in by_id, ref
    for vis in visualisations:
        state = json.loads(vis["attributes"]["visState"])
        json.loads(vis["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
        kind = pattern_kind[vis["references"][0]["id"]]
        fields = set(mappings.FIELDS[kind])
        for agg in state["aggs"]:
            if "field" in agg["params"]:
                assert agg["params"]["field"] in fields, (vis["id"], agg)
    dashboard = by_id[("dashboard", "ci-classify-overview")]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    assert {p["panelRefName"] for p in panels} == {r["name"] for r in dashboard["references"]}


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []  # noqa: RUF012

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {key.lower(): value for key, value in self.headers.items()}
        type(self).seen.append({"path": self.path, "headers": headers, "body": body})
        ok = self.headers.get("osd-xsrf") == "true" and self.headers["Content-Type"].startswith("multipart/form-data")
        lines = [line for line in body.split(b"\n") if line.startswith(b"{")]
        reply = {"success": ok, "successCount": len(lines) if ok else 0}
        if not ok:
            self.send_response(400)
        else:
            self.send_response(200)
        data = json.dumps(reply).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


@pytest.fixture
def dashboards_url() -> Iterator[str]:
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_import_posts_the_objects(
    dashboards_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENSEARCH_DASHBOARDS_PASSWORD", "s3cret")
    code = _run(["dashboards", "import", "--url", dashboards_url, "--username", "admin", "--tenant", "global"])
    assert code == 0
    [request] = _Recorder.seen
    assert request["path"] == "/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["osd-xsrf"] == "true"
    assert request["headers"]["securitytenant"] == "global"
    assert request["headers"]["authorization"].startswith("Basic ")
    assert b'filename="ci-classify.ndjson"' in request["body"]
    assert SHIPPED.read_bytes().strip() in request["body"]
    assert "imported 13 saved object(s)" in capsys.readouterr().out


def test_export_uses_configured_index_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ERROR_CLASSIFICATION_INDEX", "team_labels")
    out = tmp_path / "objects.ndjson"
    assert _run(["dashboards", "export", "-o", str(out)]) == 0
    titles = [json.loads(line)["attributes"].get("title") for line in out.read_text().splitlines()]
    assert "team_labels" in titles
    assert "team_labels_history" in titles


def test_import_failure_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["dashboards", "import", "--url", "http://127.0.0.1:9"]) == 1
    assert "dashboards import failed" in capsys.readouterr().err
