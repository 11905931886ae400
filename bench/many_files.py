"""Many tiny files: time and peak memory of `ci-classify analyze` over a folder of N one-line logs.

Issue 11 measured 1 million tiny files at 254 s and 1.25 GB; this runs a scaled-down case (default
100,000 files, one in 100 with an error) in a child process and prints its wall time and peak RSS (VmHWM),
and the memory per input above that of the same command over 100 files (the interpreter, the rules, the
store). `--folder` keeps the generated files there (made once, reused by later runs): removing a million
files can take longer than analysing them. `--errors`: every file holds an error (seven distinct ones), so
every input waits for classification and linking with its occurrences (issue 11: memory stays flat).

    python -m bench.many_files [--files 100000] [--folder DIR] [--errors]
"""

from __future__ import annotations

import argparse
import resource
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


def make_files(folder: Path, count: int, every: int = 100) -> None:
    """`count` one-line logs in folders of 1,000; one in `every` has an error. Kept when already complete."""
    mark = "" if every == 100 else f"-every-{every}"
    done = folder.with_name(f"{folder.name}.complete-{count}{mark}")  # beside the folder: not an input
    if done.exists():
        return
    for index in range(count):
        sub = folder / f"d{index // 1000:04d}"
        if index % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        line = f"ERROR: step {index % 7} failed to connect\n" if index % every == 0 else f"ok {index}\n"
        (sub / f"f{index:07d}.log").write_text(line)
    done.write_text("")


def measure(folder: Path, tmp: Path) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds, peak RSS in KiB, inputs reported) of `ci-classify analyze` over the folder;
    CPU time tells the work apart from waiting on a busy machine."""
    report = tmp / "report.json"
    database = tmp / "db.sqlite"
    database.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(database), str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    return seconds, cpu, peak_kib, count_inputs(report)


def count_inputs(report: Path) -> int:
    """Inputs in the JSON report, counted by their one `error_count` key (a million-input report is
    hundreds of MB: not parsed whole)."""
    needle, found, carry = b'"error_count": ', 0, b""
    with report.open("rb") as data:
        while chunk := data.read(1 << 20):
            text = carry + chunk
            found += text.count(needle)
            carry = text[-(len(needle) - 1) :]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, help="make (or reuse) the files here and keep them")
    parser.add_argument("--errors", action="store_true", help="every file holds an error (else one in 100)")
    args = parser.parse_args(argv)
    every = 1 if args.errors else 100
    with tempfile.TemporaryDirectory(prefix="many-files-") as name:
        tmp = Path(name)
        folder = args.folder or tmp / "in"
        make_files(folder, args.files, every)
        make_files(tmp / "small", 100, every)
        _, _, base_kib, _ = measure(tmp / "small", tmp)
        seconds, cpu, peak_kib, inputs = measure(folder, tmp)
    kind = "every one with an error" if args.errors else "one in 100 with an error"
    print(
        f"{args.files} files ({kind}): {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak_kib / 1024:.0f} MiB, "
        f"{inputs} inputs reported"
    )
    above = max(peak_kib - base_kib, 0) * 1024 / args.files
    print(
        f"per input: {above:.0f} bytes of peak RSS above the {base_kib / 1024:.0f} MiB of 100 files, "
        f"{seconds / args.files * 1e6:.0f} us"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
