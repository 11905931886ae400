"""Throughput and peak memory of `ci-classify analyze` against Drain3 on the same BugSwarm logs.

    python -m bench.throughput [--logs N] [--drain-logs N] [--big-mb MB]   (data: $CI_CLASSIFY_DATA or ../shared/data)

Both sides read the same decompressed logs from a temp folder in the same run. `analyze` runs as a
subprocess (rules only, fresh SQLite store) so its peak RSS is measured alone; Drain3 (default config)
mines every line in this process. A generated log of --big-mb MB checks that memory stays bounded.
CPU seconds are printed beside the wall figures (the parent and its forked workers apart, and the regex
scan's own): on a shared machine they say more than the wall clock. The regex scan (the machine-speed
anchor) runs just before each `analyze` run, and the ratio is the median of those pairs: one anchor
measured once drifted with the machine (its CPU went from 13.0 to 7.2 s between runs of one session).
The package's bytecode is compiled first, as an installed package and the image have it: an editable checkout
run with PYTHONDONTWRITEBYTECODE set compiles every module again in each run (0.3 s of the parent's start); so
are the regex parses the image keeps beside it (classifier/rules/parsecache.py).
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import classifier
from bench.common import data_dir
from classifier.rules import warm


def decompress(logs: list[Path], target: Path) -> int:
    total = 0
    for path in logs:
        data = gzip.decompress(path.read_bytes())
        (target / path.name.removesuffix(".gz")).write_bytes(data)
        total += len(data)
    return total


CHILD = """
import resource, sys, time
from classifier.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime
print(time.perf_counter() - started, me.ru_maxrss / 1024, *cpu, code)
"""


def run_analyze(folder: Path, workdir: Path) -> tuple[float, float, float, float]:
    """Seconds, peak RSS (MB), parent CPU and workers' CPU seconds of one `ci-classify analyze` in its own
    process (the parent's CPU includes its imports)."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [
        "analyze",
        str(folder),
        "--no-llm",
        "--quiet",
        "--format",
        "json",
        "--db",
        str(workdir / "bench.db"),
        "--output",
        str(workdir / "report.json"),
    ]
    done = subprocess.run([sys.executable, "-c", CHILD, *command], check=True, capture_output=True, text=True)
    seconds, peak, parent, workers, _code = done.stdout.split()[-5:]
    return float(seconds), float(peak), float(parent), float(workers)


def run_drain3(folder: Path) -> float:
    from drain3 import TemplateMiner

    miner = TemplateMiner()
    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                miner.add_log_message(line.rstrip("\n"))
    return time.perf_counter() - started


def run_regex_scan(folder: Path) -> tuple[float, float]:
    """The machine-speed anchor from the data README: a plain Python regex scan for error|fail|exception
    (wall and CPU seconds)."""
    pattern = re.compile(rb"error|fail|exception", re.IGNORECASE)
    started, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.iterdir()):
        with path.open("rb") as handle:
            for line in handle:
                pattern.search(line)
    return time.perf_counter() - started, time.process_time() - cpu


def make_big_log(path: Path, megabytes: int) -> int:
    block = (
        "2026-11-23T10:00:00.1234567Z [INFO] Running com.example.FooTest\n"
        "2026-11-23T10:00:00.2234567Z Tests run: 5, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s\n"
        "2026-11-23T10:00:00.3234567Z Downloading https://repo.example.org/a/b/c-1.0.jar (12 kB at 40 kB/s)\n"
    ) * 200
    failure = "2026-11-23T10:00:01.0000000Z [ERROR] /src/Foo.java:[12,5] cannot find symbol\n"
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < megabytes * 1_000_000:
            handle.write(block)
            handle.write(failure)
            written += len(block) + len(failure)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logs", type=int, default=0, help="first N logs only (0: all)")
    parser.add_argument("--drain-logs", type=int, default=120, help="logs Drain3 mines (it is slow)")
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="runs over all logs (the median is printed)")
    args = parser.parse_args(argv)
    root = data_dir()
    if root is None:
        print("skipped: ../shared/data not found")
        return 0
    compileall.compile_dir(Path(classifier.__file__).parent, quiet=1)
    warm.warm()  # the kept regex parses too, as `make venv` and the image have them
    logs = sorted((root / "ci_logs/bugswarm_dev/logs").glob("*.log.gz"))[: args.logs or None]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        all_dir, drain_dir = work / "all", work / "drain"
        all_dir.mkdir()
        drain_dir.mkdir()
        total = decompress(logs, all_dir)
        stride = max(1, len(logs) // max(1, args.drain_logs))
        sample = logs[::stride][: args.drain_logs]  # spread over the corpus, not its first names
        drain_total = decompress(sample, drain_dir)
        scans: list[tuple[float, float]] = []
        runs: list[tuple[float, float, float, float]] = []
        for n in range(args.repeat):  # the anchor just before each run: a pair sees the same machine
            scans.append(run_regex_scan(all_dir))
            runs.append(run_analyze(all_dir, work / f"all-{n}"))
        ours_all = statistics.median(run[0] for run in runs)
        rss_all = max(run[1] for run in runs)
        # each run's CPU beside its speed: a slow run with the same CPU waited (for the machine), not worked
        spread = ", ".join(f"{total / 1e6 / run[0]:.1f} [CPU {run[2]:.1f}+{run[3]:.1f} s]" for run in runs)
        parent_cpu = statistics.median(run[2] for run in runs)
        workers_cpu = statistics.median(run[3] for run in runs)
        ours_sub = run_analyze(drain_dir, work / "sub")[0]
        drain = run_drain3(drain_dir)
        scan, scan_cpu = statistics.median(wall for wall, _ in scans), statistics.median(cpu for _, cpu in scans)
        ratios = [wall / run[0] for (wall, _), run in zip(scans, runs, strict=True)]
        print(f"BugSwarm logs: {len(logs)} files, {total / 1e6:.1f} MB decompressed")
        print(
            f"ci-classify analyze (all):       {total / 1e6 / ours_all:7.1f} MB/s median of {args.repeat} runs "
            f"({spread})  peak RSS {rss_all:.0f} MB"
        )
        print(f"  CPU (median): parent {parent_cpu:.1f} s, workers {workers_cpu:.1f} s")
        print(f"every {stride}th log, {len(sample)} logs ({drain_total / 1e6:.1f} MB), same run:")
        print(f"  ci-classify analyze:           {drain_total / 1e6 / ours_sub:7.1f} MB/s")
        print(f"  Drain3 (default config):       {drain_total / 1e6 / drain:7.1f} MB/s")
        print(f"  ratio ci-classify / Drain3:    {drain / ours_sub:7.1f}x")
        anchor = total / 1e6 / scan
        print(
            f"plain regex scan (error|fail|exception), all logs: {anchor:.1f} MB/s median of {args.repeat} runs, "
            f"one before each analyze run ({', '.join(f'{total / 1e6 / wall:.1f}' for wall, _ in scans)})"
        )
        print(f"  CPU (median): {scan_cpu:.1f} s ({total / 1e6 / scan_cpu:.1f} MB/s of CPU)")
        print(
            f"  ratio ci-classify / regex scan: {statistics.median(ratios):.2f}x median of the pairs "
            f"({', '.join(f'{ratio:.2f}' for ratio in ratios)})"
        )
        big_dir = work / "big"
        big_dir.mkdir()
        size = make_big_log(big_dir / "big.log", args.big_mb)
        big_seconds, big_rss, _, _ = run_analyze(big_dir, work / "big-db")
        print(f"generated {size / 1e6:.0f} MB log: {size / 1e6 / big_seconds:.1f} MB/s, peak RSS {big_rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
