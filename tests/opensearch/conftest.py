"""An osmem-server (OpenSearch-compatible, in memory) on loopback for the whole session; a clone per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from osmem_server import OsmemServer

from classifier.store.opensearch import OpenSearchStore


@pytest.fixture(scope="session")
def os_server() -> Iterator[OsmemServer]:
    server = OsmemServer.start(freeze=True, japanese=False, addr="127.0.0.1:0")
    yield server
    server.close()


@pytest.fixture
def os_url(os_server: OsmemServer) -> Iterator[str]:
    with os_server.clone() as clone:
        yield clone.url


@pytest.fixture
def store(os_url: str, tmp_path: Path) -> Iterator[OpenSearchStore]:
    client = OpenSearch(hosts=[os_url])
    opened = OpenSearchStore(client, spool_path=tmp_path / "spool.jsonl")
    opened.start()
    yield opened
    opened.close()
