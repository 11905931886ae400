"""End-to-end realtime run of the action on the loopback GitHub API, as a runner starts a Docker action.

    python -m bench.action_e2e                       # realistic: 128 jobs, 5 failed
    python -m bench.action_e2e --scenario volume --jobs 20 --mb 50

`realistic`: 128 jobs of which 5 failed (3 `failure`, 1 `timed_out`, 1 cancelled at its time limit) and one
cancelled by fail-fast; logs behind 302 redirects (`--mb` of them in all for the failed jobs), a JUnit
artifact, a Node-deprecation warning annotation on every job, and a successful run on main as baseline.
`volume`: `--jobs` failed jobs with `--mb` of logs. Runs `python entrypoint.py` in a subprocess with a
runner's environment (no image build) and prints API calls, wall time, peak RSS of the child, summary
bytes and annotations. Targets: at most 20 API calls plus one per failed job, at most 5 s wall.
Annotation lists are read only where they can add to the log (see `classifier/sources/github_annotations.py`):
one list of the suite's check runs (one call per 100 jobs) says how many each job has.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.action.runner import RUN_ID, gha_log, realistic_run, runner_env
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
REALISTIC_FAILED = (3, 40, 77, 101, 126)


def job_log(index: int, size: int, rng: random.Random) -> bytes:
    """Realistic noise (installs, passing tests, compiler lines) and one failure near the end."""
    lines: list[str] = ["##[group]Run make test", "##[endgroup]"]  # the jobs API says this step began at 08:24:07
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
    head = gha_log(step="Run tests").splitlines(keepends=True)[:7]  # "Set up job" and checkout, seconds 0-6
    start = datetime(2026, 11, 23, 8, 24, 7, tzinfo=UTC)
    stamps = (
        f"{start + timedelta(seconds=i // 100):%Y-%m-%dT%H:%M:%S}.{i % 10_000_000:07d}Z" for i in range(len(lines))
    )
    return b"".join(head) + "".join(f"{stamp} {line}\n" for stamp, line in zip(stamps, lines, strict=True)).encode()


def _scenario(gh: FakeGitHub, name: str, jobs: int, mb: float) -> tuple[int, int]:
    """Fill the loopback API; (failed jobs, bytes of failed logs)."""
    rng = random.Random(7)
    if name == "realistic":
        per_job = int(mb * (1 << 20) / len(REALISTIC_FAILED))
        logs = {index: job_log(index, per_job, rng) for index in REALISTIC_FAILED}  # + the runner's Node warning
        failed = realistic_run(gh, jobs=jobs, logs=logs)
        return len(failed), sum(len(log) for log in logs.values())
    gh.add_run(RUN_ID, attempt=1)
    per_job = int(mb * (1 << 20) / jobs)
    total = 0
    for index in range(jobs):
        log = job_log(index, per_job, rng)
        total += len(log)
        gh.add_job(RUN_ID, 100 + index, f"test ({index})", log=log)
    return jobs, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("realistic", "volume"), default="realistic")
    parser.add_argument("--jobs", type=int, help="jobs in the run (realistic: 128; volume: 20, all failed)")
    parser.add_argument("--mb", type=float, help="MB of failed-job logs (realistic: 10; volume: 50)")
    args = parser.parse_args(argv)
    jobs = args.jobs or (128 if args.scenario == "realistic" else 20)
    mb = args.mb or (10.0 if args.scenario == "realistic" else 50.0)
    with FakeGitHub() as gh, tempfile.TemporaryDirectory() as tmp:
        failed, total = _scenario(gh, args.scenario, jobs, mb)
        env = {**os.environ, **runner_env(Path(tmp), gh), "INPUT_PATHS": "", "GITHUB_RUN_ATTEMPT": "1"}
        if args.scenario == "volume":
            env["INPUT_ARTIFACT_PATTERNS"] = ""
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "entrypoint.py")], env=env, capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - started
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb, cpu = child.ru_maxrss / 1024, child.ru_utime + child.ru_stime
        summary = Path(env["GITHUB_STEP_SUMMARY"])
        summary_bytes = summary.stat().st_size if summary.exists() else 0
        calls, blobs = gh.api_calls(), len(gh.requests_to("/blobs/"))
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    annotations = sum(line.startswith(("::error", "::warning", "::notice")) for line in done.stdout.splitlines())
    print(f"action_e2e [{args.scenario}]: {jobs} jobs, {failed} failed, {total / (1 << 20):.1f} MB of failed logs")
    print(f"action_e2e: API calls {calls} (target <= {20 + failed}), blob downloads {blobs}")
    print(f"action_e2e: wall time {elapsed:.2f} s (target <= 5 s); CPU time of the action {cpu:.2f} s")
    print(f"action_e2e: load average at the end {os.getloadavg()[0]:.1f} (other work slows the wall time)")
    print(f"action_e2e: peak memory (max RSS of the action process) {peak_mb:.0f} MB")
    print(f"action_e2e: summary {summary_bytes} bytes, {annotations} annotations, exit code {done.returncode}")
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
