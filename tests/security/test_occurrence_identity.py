"""Occurrence identity needs the run: different logs analysed at the same path (or via stdin) all count.

Three CLI runs of three different logs holding the same error at the same line: the occurrence count of that
fingerprint is 3 in SQLite and in OpenSearch (osmem-server): the records' text and context are part of the
identity of a run without an id. Storing the same analysis twice still counts once, whatever the time.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from osmem_server import OsmemServer

from classifier.cli import main

ERROR = "ERROR: Could not find a version that satisfies the requirement frobnicate==9.9"


def _log(variant: int) -> str:
    return f"step {variant}: installing\n{ERROR}\nfinished variant {variant}\n"


def _total(report: dict[str, Any]) -> int:
    (group,) = [g for g in report["groups"] if "frobnicate" in g["normalized"]]
    return int(group["total_occurrences"])


def _run(tmp_path: Path, args: list[str]) -> dict[str, Any]:
    out = tmp_path / "report.json"
    assert main(["analyze", *args, "--no-llm", "-q", "--format", "json", "-o", str(out)]) == 0
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


@pytest.fixture(scope="module")
def opensearch() -> Iterator[str]:
    server = OsmemServer.start(freeze=True, japanese=False, addr="127.0.0.1:0")
    try:
        with server.clone() as clone:
            yield clone.url
    finally:
        server.close()


@pytest.mark.parametrize("backend", ["sqlite", "opensearch"])
def test_three_runs_of_different_logs_at_one_path_count_three(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opensearch: str, backend: str
) -> None:
    if backend == "opensearch":
        monkeypatch.setenv("OPENSEARCH_URL", opensearch)
    log = tmp_path / "build.log"
    totals = []
    for variant in range(3):
        log.write_text(_log(variant))
        totals.append(_total(_run(tmp_path, [str(log), "--db", str(tmp_path / "db.sqlite")])))
    assert totals == [1, 2, 3]


def test_stdin_runs_count_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    totals = []
    for variant in range(3):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_log(variant).encode())))
        totals.append(_total(_run(tmp_path, ["-", "--db", str(tmp_path / "db.sqlite")])))
    assert totals == [1, 2, 3]
