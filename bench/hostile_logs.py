"""Hostile log shapes of issue 11: time and peak memory of extracting each, in a child process.

Issue 11 measured, before the fixes: a 1 GB line without a newline 105 s and 4.2 GB; a 200 MB
keyword-dense line 70 s and 3.3 GB; a 200 MB error-dense log (every line an error) 169 s. This writes the
same shapes to a temporary folder and prints, per shape, the wall time, the peak RSS (VmHWM) of a child
that reads and extracts the file (`iter_documents` + `extract_document`, as `analyze` does) and the records.

    python -m bench.hostile_logs [--scale 1.0]   # --scale 0.1: a tenth of each size
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CHILD = """
import json, sys
from classifier.extract import extract_document
from classifier.sources.files import iter_documents
(doc,) = list(iter_documents([sys.argv[1]]))
result = extract_document(doc)
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"records": len(result.records), "problems": [p.message[:80] for p in result.problems],
                  "rss_kib": peak}))
"""
BLOCK = 1 << 20


def _giant_line(out: Callable[[bytes], object], size: int) -> None:
    out(b"ERROR: first words of a giant line ")
    filler = b"x" * BLOCK
    for _ in range(size // BLOCK):
        out(filler)
    out(b" fatal: unable to access 'https://git.example/': Connection refused")


def _keyword_line(out: Callable[[bytes], object], size: int) -> None:
    words = b"error: failed exception fatal timeout refused " * (BLOCK // 46)
    for _ in range(size // len(words)):
        out(words)


def _error_dense(out: Callable[[bytes], object], size: int) -> None:
    block = b"".join(b"ERROR: worker %d failed to connect to db-%d:5432\n" % (i, i % 97) for i in range(20_000))
    for _ in range(size // len(block)):
        out(block)


SHAPES: dict[str, tuple[Callable[[Callable[[bytes], object], int], None], int, str]] = {
    "line without newline": (_giant_line, 1 << 30, "105 s, 4.2 GB"),
    "keyword-dense line": (_keyword_line, 200 << 20, "70 s, 3.3 GB"),
    "error-dense log": (_error_dense, 200 << 20, "169 s"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    args = parser.parse_args(argv)
    print(f"{'shape':22} {'size':>9} {'seconds':>8} {'peak RSS':>9} {'records':>8}  issue 11 before")
    for name, (write, size, before) in SHAPES.items():
        wanted = int(size * args.scale)
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            path = Path(tmp) / "hostile.log"
            with path.open("wb") as handle:
                write(handle.write, wanted)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                print(f"{name}: child failed: {done.stderr.strip()[-300:]}")
                return 1
            result = json.loads(done.stdout)
            mb = path.stat().st_size / 1e6
            rss = result["rss_kib"] / 1024
            print(f"{name:22} {mb:7.0f}MB {seconds:8.1f} {rss:7.0f}MiB {result['records']:8d}  {before}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
