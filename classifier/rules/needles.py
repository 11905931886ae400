"""Cheap guards for regexes: literal substrings one of which must occur for the regex to match.

`needles(pattern)` walks the parsed regex: for a sequence it takes a run of required literal characters
(or the needles of a required group); for an alternation it needs needles for every branch. The needles
are lower-cased and checked against lower-cased text, so they are a necessary condition whatever the
case flags: a substring test (C speed) skips most regex searches. None means no guard was found.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
MIN_NEEDLE = 3


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case literals, one of which occurs in any text the pattern matches; None if unknown."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern `re` compiled but its private parser rejects: no guard
        return None
    found = _sequence(list(parsed))
    return tuple(sorted(found)) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    best: str = ""
    run: list[str] = []
    groups: list[set[str]] = []
    for op, av in [*items, (None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
        if op is _c.SUBPATTERN:
            inner = _sequence(list(av[-1]))
            if inner:
                groups.append(inner)
        elif op is _c.BRANCH:
            inner = _branches(av[1])
            if inner:
                groups.append(inner)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _sequence(list(av[2]))
            if inner:
                groups.append(inner)
    if len(best) >= MIN_NEEDLE:
        return {best.lower()}
    return groups[0] if groups else None  # the leftmost part of a regex is usually its most distinctive


def _branches(branches: list[Any]) -> set[str] | None:
    union: set[str] = set()
    for branch in branches:
        found = _sequence(list(branch))
        if not found:
            return None
        union |= found
    return union
