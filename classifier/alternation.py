"""A regular expression's top-level alternatives searched fast, with the verdict of `pattern.search` (speed only).

Python's `re` tries every alternative at every position of the text when the alternatives start with `\\b`,
`^` or differ in their first letters. `Alternation` splits the pattern at its top-level `|`: the `^`-anchored
alternatives are matched once at the start; each other alternative is tried only where one of the literals
every match of it begins with occurs (one Aho-Corasick pass), with `re.Pattern.match(text, position)`;
alternatives without such literals are searched as before. Patterns with MULTILINE or VERBOSE are searched
whole. Under IGNORECASE the literals are looked up in the lower-cased text, after folding the only
non-ASCII letters `re` matches with ASCII ones (İ ı K ſ).
"""

from __future__ import annotations

import re

from ahocorasick_rs import AhoCorasick

_ASCII_FOLDS = str.maketrans("\u0130\u0131\u212a\u017f", "iiks")
_SPECIAL = "\\.^$*+?{}[]()|"
_OPTIONAL = "?*{"
MAX_LITERALS = 64  # literal prefixes of one alternative at most (a longer product stops the prefix)


class Alternation:
    """`search(text)` is `pattern.search(text) is not None`, found faster."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        flags = pattern.flags
        self._folded = bool(flags & re.IGNORECASE)
        body = re.sub(r"^(?:\(\?[aiLmsux]+\))+", "", pattern.pattern)
        parts = [] if flags & (re.MULTILINE | re.VERBOSE) else top_level(body)
        anchored = [part[1:] for part in parts if part.startswith("^")]
        free = [part for part in parts if not part.startswith("^")] if parts else [pattern.pattern]
        self._anchored = re.compile("|".join(anchored), flags) if anchored else None
        starts = [literal_starts(part, self._folded) if parts else None for part in free]
        rest = [part for part, found in zip(free, starts, strict=True) if found is None]
        self._rest = re.compile("|".join(rest), flags) if rest else None
        literals: dict[str, list[re.Pattern[str]]] = {}
        for part, found in zip(free, starts, strict=True):
            compiled = re.compile(part, flags)
            for literal in sorted(found or ()):
                literals.setdefault(literal, []).append(compiled)
        self._finder = AhoCorasick(list(literals)) if literals else None
        self._tries = tuple(tuple(tried) for tried in literals.values())

    def search(self, text: str) -> bool:
        if self._anchored is not None and self._anchored.match(text) is not None:
            return True
        if self._rest is not None and self._rest.search(text) is not None:
            return True
        if self._finder is None:
            return False
        probe = text
        if self._folded:
            probe = (text if text.isascii() else text.translate(_ASCII_FOLDS)).lower()
            if len(probe) != len(text):
                return any(tried.search(text) is not None for tries in self._tries for tried in tries)
        tries = self._tries
        for index, start, _end in self._finder.find_matches_as_indexes(probe, overlapping=True):
            if any(tried.match(text, start) is not None for tried in tries[index]):
                return True
        return False


def top_level(pattern: str) -> list[str]:
    """`pattern` split at its top-level `|` (not inside a group or a character class)."""
    parts: list[str] = []
    start = depth = index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1
        elif char == "[":
            index = _class_end(pattern, index)
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*parts, pattern[start:]]


def _class_end(pattern: str, index: int) -> int:
    """The index of the `]` closing the character class opened at `index`."""
    index += 1
    index += pattern[index : index + 1] == "^"
    index += pattern[index : index + 1] == "]"  # `[]...]`, `[^]...]`: the `]` is a member
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index


def literal_starts(part: str, folded: bool) -> frozenset[str] | None:
    """Literals one of which every match of `part` begins with (lower-cased when `folded`), or None."""
    found, _whole = _starts(part, folded)
    if found is None or "" in found:
        return None
    return frozenset(literal.lower() for literal in found) if folded else frozenset(found)


def _starts(part: str, folded: bool) -> tuple[set[str] | None, bool]:
    """The literal prefixes of `part` and whether they are all of it (then a following atom may extend them)."""
    index = 0
    while part.startswith("\\b", index):
        index += 2
    prefixes = {""}
    while index < len(part):
        atom, end = _atom(part, index, folded)
        if atom is None or len(prefixes) * len(atom) > MAX_LITERALS:
            return prefixes, False
        quantifier = part[end : end + 1]
        if quantifier and quantifier in _OPTIONAL:
            return prefixes, False
        prefixes = {prefix + piece for prefix in prefixes for piece in atom[0]}
        if quantifier == "+" or not atom[1]:
            return prefixes, False
        index = end
    return prefixes, True


def _atom(part: str, index: int, folded: bool) -> tuple[tuple[set[str], bool] | None, int]:
    """The literal alternatives of the atom at `index` (and whether they are whole), and where it ends."""
    char = part[index]
    if char == "\\":
        escaped = part[index + 1 : index + 2]
        return (({escaped}, True), index + 2) if escaped and not escaped.isalnum() else (None, index)
    if char == "[":
        end = _class_end(part, index)
        members = part[index + 1 : end]
        if not members or members[0] == "^" or "\\" in members or "-" in members[1:-1] or end >= len(part):
            return None, index
        if folded and any(not member.isascii() and member.lower() != member.upper() for member in members):
            return None, index
        return ({*members}, True), end + 1
    if char == "(":
        return _group(part, index, folded)
    if char in _SPECIAL or (folded and not char.isascii() and char.lower() != char.upper()):
        return None, index
    return ({char}, True), index + 1


def _group(part: str, index: int, folded: bool) -> tuple[tuple[set[str], bool] | None, int]:
    """A group's literal alternatives: `(...)`, `(?:...)`, `(?P<name>...)`, `(?-i:...)` (else None)."""
    depth, end = 0, index
    while end < len(part):
        if part[end] == "\\":
            end += 1
        elif part[end] == "[":
            end = _class_end(part, end)
        elif part[end] == "(":
            depth += 1
        elif part[end] == ")":
            depth -= 1
            if depth == 0:
                break
        end += 1
    inner = part[index + 1 : end]
    opener = re.match(r"\?:|\?P<\w+>|\?-i:|(?!\?)", inner)
    if opener is None or end >= len(part):
        return None, index
    found: set[str] = set()
    whole = True
    for alternative in top_level(inner[opener.end() :]):
        starts, complete = _starts(alternative, folded)
        if starts is None or "" in starts:
            return None, index
        found |= starts
        whole = whole and complete
    return (found, whole), end + 1
