"""Redaction false positives on real logs: redactions per MB by kind over the shared corpora, with samples.

The corpora (CI logs, test reports, tool outputs) hold no live secrets, so nearly every redaction there is
a false positive (a few are the corpora's own fake test credentials: the samples show which). Lines are
redacted as records hold them (ANSI codes stripped). Prints the
figures and up to --samples redacted lines per kind for inspection.

    python -m bench.redaction_fp [--data PATH] [--samples 5] [--every 4]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import data_dir
from classifier.extract.text import strip_ansi
from classifier.redact import DEFAULT_REDACTOR

FOLDERS = ("ci_logs", "test_results", "test_outputs", "log_templates")
SUFFIXES = (".log", ".txt", ".xml", ".json", ".jsonl", ".in", ".out", ".csv", ".sarif", ".trx", ".gz")


def _texts(root: Path, every: int) -> list[Path]:
    """Every `every`-th text file of each corpus folder (a spread-out sample)."""
    files = []
    for folder in FOLDERS:
        found = [p for p in sorted((root / folder).rglob("*")) if p.is_file() and p.name.endswith(SUFFIXES)]
        files += found[::every]
    return files


def _read(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return ""
    return raw.decode("utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--every", type=int, default=4, help="read every N-th file (default 4)")
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if root is None:
        print("shared data not found; skipped")
        return 0
    counts: Counter[str] = Counter()
    samples: dict[str, list[str]] = defaultdict(list)
    total_bytes = lines = 0
    started = time.perf_counter()
    for path in _texts(root, args.every):
        for line in strip_ansi(_read(path)).splitlines():  # records hold lines without ANSI codes
            total_bytes += len(line) + 1
            lines += 1
            found = DEFAULT_REDACTOR.count(line)
            counts.update(found)
            for kind in found:
                if len(samples[kind]) < args.samples:
                    samples[kind].append(f"{path.relative_to(root)}: {DEFAULT_REDACTOR.redact(line)[:160]}")
    seconds = time.perf_counter() - started
    mb = total_bytes / 1e6
    print(f"corpus: {mb:.1f} MB, {lines} lines, redacted line by line in {seconds:.1f}s ({mb / seconds:.1f} MB/s)")
    print(f"redactions: {sum(counts.values())} ({sum(counts.values()) / mb:.2f} per MB)")
    for kind, count in counts.most_common():
        print(f"  {kind:<22} {count:>6}  {count / mb:8.3f} per MB")
        for sample in samples[kind]:
            print(f"      {sample}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
