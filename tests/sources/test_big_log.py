"""A ~200 MB log is streamed: extraction runs in a child process whose peak RSS must stay small."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET_BYTES = 200 << 20
MAX_RSS_MIB = 160

CHILD = """
import json, resource, sys

def peak_mib():
    # VmHWM starts afresh at exec; ru_maxrss keeps the forked parent's (pytest's) peak on Linux
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from classifier.sources.files import iter_documents
from classifier.extract import extract_document
(doc,) = list(iter_documents([sys.argv[1]]))
result = extract_document(doc)
print(json.dumps({"records": len(result.records), "problems": [p.message for p in result.problems],
                  "last": result.records[-1].line_start,
                  "rss_mib": peak_mib()}))
"""


def test_200_mb_log_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    block = "".join(
        f"2026-03-02T10:00:00.{i:07d}Z compiling module {i} of the project, all good\n" for i in range(2000)
    ).encode()
    failing = b"2026-03-02T10:00:01.0000000Z ERROR: Could not find a version that satisfies the requirement x\n"
    path = tmp_path / "huge.log"
    written = lines = 0
    with path.open("wb") as out:
        while written < TARGET_BYTES:
            out.write(block)
            out.write(failing)
            written += len(block) + len(failing)
            lines += 2001
        out.write(b"2026-03-02T10:09:59.0000000Z fatal: the very last line fails\n")
        lines += 1
    out_text = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, check=True, cwd=REPO_ROOT
    ).stdout
    result = json.loads(out_text)
    assert result["rss_mib"] < MAX_RSS_MIB, result
    assert result["last"] == lines  # the last line, counted across every chunk
    assert result["records"] == 4  # repeated identical messages are capped per document, then the last one
    assert result["problems"] == []
