"""Cheap guards for regexes: sets of literal substrings, all of one of which must occur for a match.

`needles(pattern)` walks the parsed regex: a sequence requires every run of literal characters it holds
and one alternative of each required group; an alternation needs needles for every branch (the union of
their alternatives). The guard is so a disjunction of conjunctions of words. Words are lower-cased and
checked against lower-cased text, so they are a necessary condition whatever the case flags: substring
tests (C speed) skip most regex searches. None means no guard was found.

`Needles` finds a rule set's guard words in a record in one pass; `Lowered` holds what it found, so a guard
is a set look-up, and a regex searched line by line is searched only in the lines holding its guard.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any, cast

from ahocorasick_rs import AhoCorasick, MatchKind

from classifier.model import ErrorRecord

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
MIN_NEEDLE = 3
MAX_ALTERNATIVES = 32  # a product of groups' alternatives larger than this keeps the smaller guard
MAX_PIECES = 65_536  # texts whose guard words a rule set remembers (then forgets them all)

Guard = tuple[frozenset[str], ...]  # one of these sets must occur whole


def needles(pattern: re.Pattern[str]) -> Guard | None:
    """Sets of lower-case literals, all of one set occurring in any text the pattern matches; None if unknown."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern `re` compiled but its private parser rejects: no guard
        return None
    return parsed_needles(parsed)


def parse(text: str, flags: int = 0) -> Any:
    """`text` parsed as `re.compile(text, flags)` parses it first (the same `re.error` for a bad pattern); its
    flags are `parse(text).state.flags`, those of the compiled pattern."""
    return _parser.parse(text, flags)


def parsed_needles(parsed: Any) -> Guard | None:
    """`needles` of a pattern from its `parse`."""
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


class Lowered:
    """A record's text lower-cased once, for the rules' substring guards.

    Given a `Needles` matcher (a rule set's guard words), each text is scanned once for all words;
    a guard is then a set look-up instead of one substring search per word and rule.
    """

    __slots__ = ("_everything", "_found", "_message", "_needles", "record")

    def __init__(self, record: ErrorRecord, needles: Needles | None = None) -> None:
        self.record = record
        self._message: str | None = None
        self._everything: str | None = None
        self._needles = needles
        self._found: dict[bool, frozenset[str]] = {}

    @property
    def message(self) -> str:
        if self._message is None:
            self._message = self.record.message.lower()
        return self._message

    @property
    def everything(self) -> str:
        if self._everything is None:
            rec = self.record
            self._everything = "\n".join((rec.message, *rec.context, rec.details)).lower()
        return self._everything

    def holds(self, guard: Guard, *, whole: bool) -> bool:
        """Whether all words of one of the guard's sets occur in the message (or, `whole`, in the message,
        context and details)."""
        if self._needles is None:
            haystack = self.everything if whole else self.message
            return any(all(word in haystack for word in words) for words in guard)
        return any(map(self._words(self._needles, whole).issuperset, guard))

    def words(self) -> frozenset[str]:
        """The guard words in the message, context lines and details (empty without a `Needles`)."""
        return frozenset() if self._needles is None else self._words(self._needles, True)

    def _words(self, needles: Needles, whole: bool) -> frozenset[str]:
        """The guard words in the message (`whole`: and context lines and details), found once."""
        found = self._found.get(whole)
        if found is None:
            found = self._found[whole] = needles.found_in_record(self.record, whole=whole)
        return found

    def may_hold(self, guard: Guard | None, piece: str) -> bool:
        """Whether `piece` (a line of the record, its message or details) can hold a match of the regex
        `guard` belongs to: False only when none of the guard's word sets occurs in it whole."""
        if guard is None or self._needles is None:
            return True
        return any(map(self._needles.piece_words(piece).issuperset, guard))


class Needles:
    """Which of a fixed set of words occur in a text, in one pass (Aho-Corasick, overlapping matches).

    A record's text is scanned piece by piece (its message, each context line, its details), each piece
    once while it is remembered: records of one log share most of their context lines. The words found
    in the joined text are the union of those found in its pieces, as no word spans a line break."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        # the words found come back as the matcher's own strings (store_patterns): a third faster than by index
        self._matcher = (
            AhoCorasick(self.words, matchkind=MatchKind.Standard, store_patterns=True) if self.words else None
        )
        self._by_piece = not any("\n" in word for word in self.words)
        self._pieces: dict[str, frozenset[str]] = {}

    def found_in(self, text: str) -> frozenset[str]:
        if self._matcher is None:
            return frozenset()
        return frozenset(self._matcher.find_matches_as_strings(text, overlapping=True))

    def found_in_record(self, record: ErrorRecord, *, whole: bool) -> frozenset[str]:
        """The words in the record's lower-cased message (`whole`: and context lines and details)."""
        if not self._by_piece:
            text = "\n".join((record.message, *record.context, record.details)) if whole else record.message
            return self.found_in(text.lower())
        found = self.piece_words(record.message)
        if not whole:
            return found
        context = record.context
        remembered = list(map(self._pieces.get, context))  # most context lines were seen with an earlier record
        pieces = cast(list[frozenset[str]], remembered) if None not in remembered else map(self.piece_words, context)
        return found.union(*pieces, self.piece_words(record.details))

    def piece_words(self, piece: str) -> frozenset[str]:
        """The words in one lower-cased piece of text (remembered)."""
        found = self._pieces.get(piece)
        if found is None:
            if len(self._pieces) >= MAX_PIECES:
                self._pieces.clear()
            found = self._pieces[piece] = self.found_in(piece.lower())
        return found
