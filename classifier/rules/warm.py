"""`python -m classifier.rules.warm`: parse the line matchers' table and every built-in rule set once, and keep
the parses in the package's cache file (rules/parsecache.py), as `compileall` keeps bytecode. The Docker image's
build runs it after byte-compiling the package; so do `make venv` and the throughput benchmark."""

from __future__ import annotations

from pathlib import Path

from classifier.extract import runners  # noqa: F401 - its import parses the table
from classifier.model import Stream
from classifier.rules.loader import load_rules
from classifier.rules.parsecache import PARSED
from classifier.rules.taxonomy import builtin_taxonomy


def warm() -> Path | None:
    """Write the cache file whole (whatever PYTHONDONTWRITEBYTECODE says); its path, None when not writable."""
    for stream in Stream:
        load_rules([], builtin_taxonomy(stream))
    PARSED.save(force=True)
    return PARSED.path if PARSED.path is not None and PARSED.path.is_file() else None


if __name__ == "__main__":
    print(f"parsed regexes kept in {warm() or 'nothing (not writable)'}")
