"""Extraction throughput (MB/s) over the BugSwarm job logs, decompressed into memory first, and peak RSS.
Each round starts cold (the scanner's caches of cleaned lines and line verdicts are emptied first).

python -m bench.extract_throughput [--data PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

from bench.common import data_dir, memory_document, peak_rss_mib
from classifier.extract import extract_document, judge, linematch, text
from classifier.model import Role


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if root is None:
        print("shared data not found; set CI_CLASSIFY_DATA or pass --data")
        return 0
    paths = sorted((root / "ci_logs" / "bugswarm_dev" / "logs").glob("*.log.gz"))
    logs = [(path.name, gzip.decompress(path.read_bytes())) for path in paths]
    total = sum(len(data) for _, data in logs)
    best = best_cpu = float("inf")
    records = with_cause = 0
    for _ in range(args.repeat):
        records = with_cause = 0
        linematch.clear()
        text.clear_cache()
        judge.clear_cache()
        start, start_cpu = time.perf_counter(), time.process_time()
        for name, data in logs:
            found = extract_document(memory_document(name, data)).records
            records += len(found)
            with_cause += any(r.role is Role.CAUSE for r in found)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    print(f"logs: {len(logs)}  bytes: {total / 1e6:.1f} MB  records: {records}  logs with a cause record: {with_cause}")
    print(
        f"extraction: {total / 1e6 / best:.1f} MB/s wall, {total / 1e6 / best_cpu:.1f} MB/s CPU "
        f"(best of {args.repeat}; wall is lower on a busy machine)"
    )
    print(f"peak RSS: {peak_rss_mib():.0f} MiB (includes the decompressed corpus held in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
