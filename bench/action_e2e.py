"""End-to-end realtime run of the action: a 20-job failed run with ~50 MB of logs on the loopback API.

    python -m bench.action_e2e [--jobs 20] [--mb 50]

Runs `python entrypoint.py` in a subprocess with a runner's environment (no image build) and prints its
wall time and peak memory (max RSS of the child). Target: <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.action.runner import RUN_ID, runner_env
from tests.servers.github_api import FakeGitHub

ROOT = Path(__file__).resolve().parents[1]
FAILURES = [
    ("FAILED tests/test_orders.py::test_refund_{n} - AssertionError: assert {a} == {b}", "Run tests"),
    ("E   ModuleNotFoundError: No module named 'pkg_{n}'", "Run tests"),
    ("src/module_{n}.c:{a}:5: error: 'count' undeclared (first use in this function)", "Build"),
    ("ERROR: Could not find a version that satisfies the requirement lib{n}==9.9 (from versions: none)", "Install"),
    (
        "fatal: unable to access 'https://git.example.org/repo{n}.git/': Could not resolve host: git.example.org",
        "Checkout",
    ),
    (
        "##[error]The job running on runner GitHub Actions {n} has exceeded the maximum execution time of 360 minutes.",
        "Run tests",
    ),
]


def job_log(index: int, size: int, rng: random.Random) -> bytes:
    """Realistic noise (installs, passing tests, compiler lines) and one failure near the end."""
    lines: list[str] = ["##[group]Run make test", "##[endgroup]"]
    total = 0
    n = 0
    while total < size:
        n += 1
        kind = n % 4
        if kind == 0:
            line = f"Collecting package{n % 500}==1.{n % 30}.{n % 7}"
        elif kind == 1:
            line = f"tests/test_mod{n % 300}.py::test_case_{n} PASSED [{n % 100:3d}%]"
        elif kind == 2:
            line = f"gcc -O2 -Wall -c src/file{n % 200}.c -o build/file{n % 200}.o"
        else:
            line = f"  Downloading https://files.example.org/p/package{n % 500}-1.{n % 30}.tar.gz ({n % 900} kB)"
        lines.append(line)
        total += len(line) + 30
    template, _ = FAILURES[index % len(FAILURES)]
    lines.append(template.format(n=index % 5, a=rng.randint(1, 9), b=rng.randint(10, 99)))
    lines.append("##[error]Process completed with exit code 1.")
    return "".join(
        f"2026-11-23T08:{i // 6000 % 60:02d}:{i // 100 % 60:02d}.{i:07d}Z {line}\n" for i, line in enumerate(lines)
    ).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    per_job = int(args.mb * (1 << 20) / args.jobs)
    with FakeGitHub() as gh, tempfile.TemporaryDirectory() as tmp:
        gh.add_run(RUN_ID, attempt=1)
        total = 0
        for index in range(args.jobs):
            log = job_log(index, per_job, rng)
            total += len(log)
            gh.add_job(RUN_ID, 100 + index, f"test ({index})", log=log)
        env = {
            **os.environ,
            **runner_env(Path(tmp), gh),
            "INPUT_ARTIFACT_PATTERNS": "",
            "INPUT_PATHS": "",
            "GITHUB_RUN_ATTEMPT": "1",
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "entrypoint.py")], env=env, capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        outputs = Path(env["GITHUB_OUTPUT"]).read_text() if Path(env["GITHUB_OUTPUT"]).exists() else ""
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    errors = outputs.split("errors<<")[1].split("\n")[1] if "errors<<" in outputs else "?"
    print(f"action_e2e: {args.jobs} failed jobs, {total / (1 << 20):.1f} MB of logs served on loopback")
    print(f"action_e2e: wall time {elapsed:.2f} s (target <= 5 s), {total / (1 << 20) / elapsed:.1f} MB/s")
    print(f"action_e2e: peak memory (max RSS of the action process) {peak_mb:.0f} MB")
    print(f"action_e2e: errors found {errors}, exit code {done.returncode}")
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
