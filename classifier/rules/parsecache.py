"""What parsing a regex tells the guards (its flags and guard words, needles.py), kept between runs like bytecode.

Every run parsed about 800 built-in regexes for their guard words: the line matchers' table at import and the
rules when they load (a sixth of the instructions of importing `ci-classify analyze`), the same patterns each
time. The results are a pure function of the pattern, its flags, needles.py's code and Python's regex parser,
so they are kept in a JSON file in the package's `__pycache__` (written when Python may write bytecode, read
always): its header names the Python version and a digest of needles.py, and a file with another header is
ignored. A pattern not in the file is parsed as before, which checks its syntax (a bad pattern raises
`re.error` and is never kept). `python -m classifier.rules.warm` writes the file (the Docker image's build,
`make venv`).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from classifier.rules import needles
from classifier.rules.needles import Guard

Parsed = tuple[int, Guard | None]  # the flags `re.compile` gives the pattern, its guard words
MAX_KEPT = 20_000  # entries a file keeps; over this, only those of the last run that wrote it


def _header() -> str:
    """Python's version and needles.py's digest: what else the cached results depend on."""
    source = Path(needles.__file__).read_bytes()
    return f"{sys.version}|{hashlib.sha256(source).hexdigest()[:16]}"


class ParseCache:
    """`parse(text, flags)` of regexes, read from `path` once and written back by `save` when it learnt some."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._header = _header()
        self._known: dict[tuple[str, int], Parsed] | None = None  # read at the first look-up
        self._used: dict[tuple[str, int], Parsed] = {}
        self._learnt = False

    def parse(self, text: str, flags: int = 0) -> Parsed:
        """The flags and guard words of `re.compile(text, flags)`; `re.error` for a bad pattern."""
        key = (text, flags)
        known = self._load()
        found = known.get(key)
        if found is None:
            parsed = needles.parse(text, flags)
            found = known[key] = (int(parsed.state.flags), needles.parsed_needles(parsed))
            self._learnt = True
        self._used[key] = found
        return found

    def save(self, *, force: bool = False) -> None:
        """Write what was learnt (atomically: concurrent runs leave one whole file) when Python may write
        bytecode; `force`: write all it knows in any case (`warm`, as `compileall` writes bytecode whatever
        PYTHONDONTWRITEBYTECODE says)."""
        if self.path is None or (not force and (not self._learnt or sys.dont_write_bytecode)):
            return
        known = self._load()
        kept = known if len(known) <= MAX_KEPT else self._used
        entries = [[text, flags, parsed, _words(guard)] for (text, flags), (parsed, guard) in kept.items()]
        written: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.path.parent, delete=False, encoding="utf-8") as out:
                written = Path(out.name)
                json.dump({"header": self._header, "entries": entries}, out)
            written.replace(self.path)
        except OSError:  # a read-only install or a full disk: parsed again next time
            if written is not None:
                written.unlink(missing_ok=True)
            return
        self._learnt = False

    def _load(self) -> dict[tuple[str, int], Parsed]:
        if self._known is None:
            self._known = self._read()
        return self._known

    def _read(self) -> dict[tuple[str, int], Parsed]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data["header"] != self._header:
                return {}
            return {(text, flags): (parsed, _guard(words)) for text, flags, parsed, words in data["entries"]}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # absent, unreadable or of another shape: parsed again


def _words(guard: Guard | None) -> list[list[str]] | None:
    return None if guard is None else [sorted(words) for words in guard]


def _guard(words: list[list[str]] | None) -> Guard | None:
    return None if words is None else tuple(frozenset(group) for group in words)


def default_path() -> Path:
    """The package's own cache file, beside its bytecode."""
    return Path(__file__).parent / "__pycache__" / f"guards.{sys.implementation.cache_tag}.json"


PARSED = ParseCache(default_path())
