"""End-to-end batch time over the BugSwarm logs (888 real failing Travis jobs), per store.

    python -m bench.batch_e2e [--data DIR] [--store sqlite|opensearch|both] [--limit N]

Runs batch mode (rules only, no model) over `<data>/ci_logs/bugswarm_dev/logs` with the embedded SQLite
store and with OpenSearch (osmem-server on loopback); prints wall time, jobs/s and MB/s of compressed input.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from osmem_server import OsmemServer

from bench.common import data_dir
from classifier.modes.batch import run as run_batch
from classifier.settings import load_settings


@contextlib.contextmanager
def opensearch_url(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        yield ""
        return
    with OsmemServer.start(japanese=False, addr="127.0.0.1:0") as server:
        yield server.url


def measure(kind: str, logs: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, opensearch_url(kind) as url:
        settings = load_settings(
            {},
            {
                "output_dir": f"{tmp}/out",
                "db_path": f"{tmp}/out/store.db",
                "mode": "batch",
                "enable_error_classification": "false",
                "opensearch_url": url,
            },
        )
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            # the files themselves (symbolic links leading out of an input folder are refused)
            code = run_batch(settings, paths=[str(log) for log in logs], quiet=True).exit_code
        seconds = time.perf_counter() - started
        summary = json.loads((Path(tmp) / "out" / "batch-summary.json").read_text())
    return {
        "exit": code,
        "seconds": seconds,
        "items": summary["processed"],
        "occurrences": summary["occurrences"],
        "groups": summary["groups"],
        "classified": summary["classified"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="shared data folder (default: ../shared/data or CI_CLASSIFY_DATA)")
    parser.add_argument("--store", choices=("sqlite", "opensearch", "both"), default="both")
    parser.add_argument("--limit", type=int, default=0, help="only the first N logs")
    args = parser.parse_args()
    root = args.data or data_dir()
    folder = root / "ci_logs" / "bugswarm_dev" / "logs" if root else None
    if folder is None or not folder.is_dir():
        sys.exit("bugswarm_dev logs not found: pass --data or set CI_CLASSIFY_DATA")
    logs = sorted(folder.iterdir())[: args.limit or None]
    size_mb = sum(log.stat().st_size for log in logs) / 1e6
    print(f"input: {len(logs)} logs, {size_mb:.1f} MB (gzip)")
    for kind in ("sqlite", "opensearch") if args.store == "both" else (args.store,):
        result = measure(kind, logs)
        print(
            f"{kind:10s}: {result['seconds']:.1f}s, {result['items'] / result['seconds']:.1f} jobs/s, "
            f"{size_mb / result['seconds']:.2f} MB/s; {result['occurrences']:.0f} occurrences in "
            f"{result['groups']:.0f} groups, {result['classified']:.0f} classified (exit {result['exit']:.0f})"
        )


if __name__ == "__main__":
    main()
