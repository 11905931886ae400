"""Error extraction on LogChunks (Brandt et al., MSR 2020): does what we extract contain the labelled chunk?

For each labelled Travis log (ci_logs/logchunks/labels.jsonl: log, failure_chunk), runs extract_document
and compares the chunk with the extracted lines (every record's message and context), after stripping ANSI,
the `nl` artifact some logs carry (extract/prefix.py) and all whitespace from both. Prints:

* contained: share of logs where every non-empty chunk line is among the extracted lines;
* line overlap: mean share of chunk lines found (softer);
* hit: share of logs where at least one chunk line was extracted;
* records per log (how much a reader has to look at).

    python -m bench.logchunks_extraction [--data PATH] [--by-language]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from bench.common import data_dir, memory_document
from classifier.extract import extract_document
from classifier.extract.prefix import NL_ARTIFACT
from classifier.extract.text import strip_ansi

_SPACE = re.compile(r"\s+")


def _norm(line: str) -> str:
    line = strip_ansi(line)
    if NL_ARTIFACT.match(line):  # some Travis CI macOS logs' `nl` before a line: the scanner drops it too
        line = line[2:]
    if "\r" in line:
        parts = [part for part in line.split("\r") if part.strip()]
        line = parts[-1] if parts else ""
    return _SPACE.sub("", line)


def _score(chunk: str, extracted: set[str]) -> tuple[bool, float]:
    lines = [n for n in (_norm(line) for line in chunk.split("\n")) if n]
    if not lines:
        return True, 1.0
    found = sum(1 for line in lines if line in extracted or any(line in e for e in extracted if len(e) > len(line)))
    return found == len(lines), found / len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--by-language", action="store_true")
    args = parser.parse_args(argv)
    data = args.data or data_dir()
    if data is None:
        print("shared data not found; set CI_CLASSIFY_DATA or pass --data")
        return 0
    root = data / "ci_logs" / "logchunks"
    per_lang: dict[str, list[tuple[bool, float, int]]] = defaultdict(list)
    for raw in (root / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(raw)
        path = root / label["log"]
        if not path.exists() or not label.get("failure_chunk"):
            continue
        extraction = extract_document(memory_document(path.name, gzip.decompress(path.read_bytes())))
        extracted = {n for r in extraction.records for n in (_norm(x) for x in (r.message, *r.context)) if n}
        contained, overlap = _score(label["failure_chunk"], extracted)
        per_lang[label.get("language", "?")].append((contained, overlap, len(extraction.records)))
    rows = [row for rows in per_lang.values() for row in rows]
    if not rows:
        print("no labelled logs found")
        return 0
    n = len(rows)
    print(f"logs: {n}")
    print(f"contained (every chunk line extracted): {sum(r[0] for r in rows) / n:.1%}")
    print(f"line overlap (mean share of chunk lines extracted): {sum(r[1] for r in rows) / n:.1%}")
    print(f"hit (at least one chunk line extracted): {sum(r[1] > 0 for r in rows) / n:.1%}")
    print(f"records per log: mean {sum(r[2] for r in rows) / n:.1f}, median {sorted(r[2] for r in rows)[n // 2]}")
    if args.by_language:
        for lang, lrows in sorted(per_lang.items()):
            k = len(lrows)
            print(
                f"  {lang:12} {k:4} logs  contained {sum(r[0] for r in lrows) / k:.0%}  "
                f"overlap {sum(r[1] for r in lrows) / k:.0%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
