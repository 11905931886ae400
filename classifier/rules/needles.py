"""Cheap guards for regexes: sets of literal substrings, all of one of which must occur for a match.

`needles(pattern)` walks the parsed regex: a sequence requires every run of literal characters it holds
and one alternative of each required group; an alternation needs needles for every branch (the union of
their alternatives). The guard is so a disjunction of conjunctions of words. Words are lower-cased and
checked against lower-cased text, so they are a necessary condition whatever the case flags: substring
tests (C speed) skip most regex searches. None means no guard was found.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
MIN_NEEDLE = 3
MAX_ALTERNATIVES = 32  # a product of groups' alternatives larger than this keeps the smaller guard

Guard = tuple[frozenset[str], ...]  # one of these sets must occur whole


def needles(pattern: re.Pattern[str]) -> Guard | None:
    """Sets of lower-case literals, all of one set occurring in any text the pattern matches; None if unknown."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern `re` compiled but its private parser rejects: no guard
        return None
    found = _sequence(list(parsed))
    if not found:
        return None
    unique = set(found)
    minimal = {words for words in unique if not any(other < words for other in unique)}  # drop implied sets
    return tuple(sorted(minimal, key=sorted))


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[str]] | None:
    runs: set[str] = set()
    run: list[str] = []
    alternatives: list[frozenset[str]] | None = None
    for op, av in [*items, (None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if len(run) >= MIN_NEEDLE:
            runs.add("".join(run).lower())
        run = []
        inner = _required(op, av)
        if not inner:
            continue
        if alternatives is None:
            alternatives = inner
        elif len(alternatives) * len(inner) <= MAX_ALTERNATIVES:
            alternatives = [mine | theirs for mine in alternatives for theirs in inner]
    if alternatives is None:
        return [frozenset(runs)] if runs else None
    return [frozenset(runs) | words for words in alternatives]


def _required(op: Any, av: Any) -> list[frozenset[str]] | None:
    """The alternatives of a group every match passes through, else None."""
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _c.BRANCH:
        return _branches(av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    return None


def _branches(branches: list[Any]) -> list[frozenset[str]] | None:
    union: list[frozenset[str]] = []
    for branch in branches:
        found = _sequence(list(branch))
        if not found:
            return None
        union.extend(found)
    return union
