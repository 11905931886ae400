"""Ingestion rate of occurrences into OpenSearch (osmem-server on loopback) through `OpenSearchStore`.

    python -m bench.opensearch_ingest [--count 100000] [--chunk 1000] [--fingerprints 500]

Prints documents/s for the full store path (`record_occurrences`: new-fingerprint lookup, bulk create,
refresh, count aggregation, label-count refresh) and for bare bulk writes (`write_documents`).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from opensearchpy import OpenSearch
from osmem_server import OsmemServer

from classifier.model import ErrorRecord, Fingerprint, Normalized, Occurrence, RunContext, SourceKind
from classifier.store.opensearch import OpenSearchStore
from classifier.store.spool import SpoolAction


def occurrences(count: int, fingerprints: int) -> list[Occurrence]:
    made = []
    for n in range(count):
        fp = n % fingerprints
        value = hashlib.sha256(str(fp).encode()).hexdigest()[:16]
        record = ErrorRecord(
            source=f"logs/job-{n // 50}.log",
            kind=SourceKind.RUNNER,
            message=f"FAILED tests/test_mod_{fp}.py::test_case - AssertionError: {n}",
            line_start=n % 5000 + 1,
            job=f"job-{n // 50}",
            framework="pytest",
            test_id=f"tests/test_mod_{fp}.py::test_case",
        )
        made.append(
            Occurrence(
                record,
                Fingerprint(value, "v1", (("message", str(fp)),)),
                Normalized(f"FAILED tests/test_mod_{fp}.py::test_case - AssertionError: <n>", "v1"),
            )
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--fingerprints", type=int, default=500)
    args = parser.parse_args()
    data = occurrences(args.count, args.fingerprints)
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server, tempfile.TemporaryDirectory() as tmp:
        store = OpenSearchStore(OpenSearch(hosts=[server.url], timeout=120), spool_path=Path(tmp) / "spool.jsonl")
        store.start()
        started = time.perf_counter()
        for start in range(0, len(data), args.chunk):
            run = RunContext(repository="bench/app", run_id=1 + start // args.chunk, run_attempt=1)
            store.record_occurrences(run, data[start : start + args.chunk], "2026-11-23T00:00:00+00:00")
        full = time.perf_counter() - started
        total = store.client.count(index="error_occurrences")["count"]
        assert total == args.count, total
        assert store.spooled == 0
        docs = [
            SpoolAction("bench_bulk", str(n), {"s_fingerprint": str(n % 500), "l_line_start": n})
            for n in range(args.count)
        ]
        store.client.indices.create(index="bench_bulk")
        started = time.perf_counter()
        landed = store.write_documents(docs)
        bare = time.perf_counter() - started
        store.close()
    print(f"occurrences: {args.count:,} in chunks of {args.chunk} ({args.fingerprints} fingerprints)")
    print(f"record_occurrences (full store path): {full:.1f}s = {args.count / full:,.0f} documents/s")
    print(f"write_documents (bulk only, {landed:,} landed): {bare:.1f}s = {args.count / bare:,.0f} documents/s")


if __name__ == "__main__":
    main()
