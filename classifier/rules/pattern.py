"""A rule's regex, compiled at its first search (the loader checks its syntax when it reads the rule)."""

from __future__ import annotations

import re
from collections.abc import Callable


class Pattern:
    """A rule's regex, compiled at its first search: the guards keep most rules' regexes from ever being
    searched in a run (compiling them all was a third of loading the rules). The loader parsed it, so its
    syntax is checked and `flags` are those `re.compile` gives it."""

    __slots__ = ("flags", "pattern", "search")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self.search: Callable[[str], re.Match[str] | None] = self._compiled_search  # then the compiled one's

    def _compiled_search(self, text: str) -> re.Match[str] | None:
        self.search = re.compile(self.pattern).search
        return self.search(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))
