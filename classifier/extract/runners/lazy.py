"""A line matcher's regex, compiled at its first match or search.

Most entries of the matcher table never see a line holding their needle in a given run (on BugSwarm's logs
422 of 564), and the process that imports the table is seldom the one that matches: forked workers do, each
compiling only the entries it tries, instead of the parent compiling them all before it forks. After the
first call `match` and `search` are the compiled pattern's own methods (no Python frame in between).
Import still parses every entry for its guard words (`runners._guard`), which checks its syntax, unless a run
before kept that parse (rules/parsecache.py); the tests compile every entry with its flags
(`tests/extract/test_lazy_patterns.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Matcher = Callable[[str], re.Match[str] | None]


class LazyPattern:
    """`re.compile(pattern, flags)`, made at the first `match` or `search`."""

    __slots__ = ("flags", "match", "pattern", "search")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self.match: Matcher = self._first_match
        self.search: Matcher = self._first_search

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; from now on `match` and `search` are its own."""
        pattern = re.compile(self.pattern, self.flags)
        self.match, self.search = pattern.match, pattern.search
        return pattern

    def _first_match(self, text: str) -> re.Match[str] | None:
        return self.compiled().match(text)

    def _first_search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"
