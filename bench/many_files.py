"""Many tiny files: time and peak memory of `ci-classify analyze` over a folder of N one-line logs.

Issue 11 measured 1 million tiny files at 254 s and 1.25 GB; this runs a scaled-down case (default
100,000 files, one in 100 with an error) in a child process and prints its wall time and peak RSS (VmHWM),
and the memory per input.

    python -m bench.many_files [--files 100000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys
from classifier.cli import main
code = main(["analyze", sys.argv[1], "--db", sys.argv[2], "--no-llm", "-q", "--format", "json", "-o", sys.argv[3],
             "--jobs", "1"])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(peak)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="many-files-") as tmp:
        folder = Path(tmp) / "in"
        for index in range(args.files):
            sub = folder / f"d{index // 1000:04d}"
            if index % 1000 == 0:
                sub.mkdir(parents=True)
            line = f"ERROR: step {index % 7} failed to connect\n" if index % 100 == 0 else f"ok {index}\n"
            (sub / f"f{index:07d}.log").write_text(line)
        report = Path(tmp) / "report.json"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / "db.sqlite"), str(report)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak_kib = int(done.stdout.strip().splitlines()[-1])
        inputs = len(json.loads(report.read_text())["inputs"])
    print(f"{args.files} files: {seconds:.1f} s, peak RSS {peak_kib / 1024:.0f} MiB, {inputs} inputs reported")
    print(f"per input: {peak_kib * 1024 / args.files:.0f} bytes of peak RSS, {seconds / args.files * 1e6:.0f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
