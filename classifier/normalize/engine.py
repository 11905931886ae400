"""The masking engine: named masks applied in order, with slots that protect earlier placeholders.

A replaced span is parked in a private-use character (a "slot") until the end, so a later, more generic
mask never rewrites an earlier placeholder (`<IP1>` keeps its `1`, a kept URL keeps its digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ahocorasick_rs import AhoCorasick

from classifier.model import Normalized

_SLOT_BASE = 0xE000
_SLOT_MAX = 0xF8FF - _SLOT_BASE
_SLOT_CHARS = re.compile("[\ue000-\uf8ff]")
SLOT_CLASS = "[\ue000-\uf8ff]"  # for patterns that must see placeholders (collapse masks)


class Scratch:
    """Per-message state: slot texts and the numbering of equal values per token."""

    __slots__ = ("chars", "numbers", "slots")

    def __init__(self) -> None:
        self.slots: list[str] = []
        self.chars: dict[str, str] = {}
        self.numbers: dict[str, dict[str, int]] = {}

    def park(self, literal: str) -> str:
        """A one-character stand-in for `literal` that no later mask matches; equal literals share one."""
        if _SLOT_CHARS.search(literal):  # a span holding earlier placeholders: keep them
            literal = self.render(literal)
        char = self.chars.get(literal)
        if char is None:
            if len(self.slots) >= _SLOT_MAX:  # pathological input: stop protecting
                return literal
            char = self.chars[literal] = chr(_SLOT_BASE + len(self.slots))
            self.slots.append(literal)
        return char

    def numbered(self, token: str, value: str) -> str:
        """`<TOKENn>`, n counting distinct values of this token by first appearance."""
        seen = self.numbers.setdefault(token, {})
        index = seen.setdefault(value, len(seen) + 1)
        return self.park(f"<{token}{index}>")

    def literal(self, char: str) -> str:
        """The text a slot character stands for (`char` itself when it is not a slot)."""
        index = ord(char) - _SLOT_BASE if len(char) == 1 else -1
        return self.slots[index] if 0 <= index < len(self.slots) else char

    def render(self, text: str) -> str:
        if not self.slots:
            return text
        return text.translate({_SLOT_BASE + i: literal for i, literal in enumerate(self.slots)})


Replacer = Callable[[re.Match[str], Scratch], str]


def _bind(replace: Replacer, scratch: Scratch) -> Callable[[re.Match[str]], str]:
    return lambda match: replace(match, scratch)


@dataclass(frozen=True, slots=True)
class Mask:
    """One named mask. `needs`: the mask is skipped unless the text contains one of these strings;
    `placeholder`: its pattern matches only text holding a placeholder (a slot), so it is skipped until an
    earlier mask has parked one; `gate`: a second test after `needs`, a shape every match holds (a text it finds
    nothing in cannot match the pattern: the mask is skipped, its result the same)."""

    name: str
    pattern: re.Pattern[str]
    replace: Replacer
    description: str
    needs: tuple[str, ...] = ()
    placeholder: bool = False
    gate: Callable[[str], object] | None = None  # a shape every match holds (see `searches`)


@dataclass(frozen=True, slots=True)
class Normalizer:
    """An immutable, ordered set of masks under one version id."""

    version: str
    masks: tuple[Mask, ...]
    description: str
    # each mask with the indexes of its `needs` among `_needles` (None: it needs none) and its `gate`
    _gated: tuple[tuple[Mask, frozenset[int] | None, Callable[[str], object] | None], ...] = field(
        init=False, repr=False, compare=False
    )
    _needles: AhoCorasick | None = field(init=False, repr=False, compare=False)  # every mask's `needs`

    def __post_init__(self) -> None:
        needles = list(dict.fromkeys(needle for mask in self.masks for needle in mask.needs))
        index = {needle: number for number, needle in enumerate(needles)}
        gated = tuple(
            (mask, frozenset(index[needle] for needle in mask.needs) if mask.needs else None, mask.gate)
            for mask in self.masks
        )
        object.__setattr__(self, "_gated", gated)
        object.__setattr__(self, "_needles", AhoCorasick(needles) if needles else None)

    def _held(self, text: str) -> set[int]:
        """The indexes of the `needs` words the text holds (overlapping ones too): one pass answers every mask's
        "contains one of `needs`" (a regex search per mask before); read again only after a mask changed the text."""
        if self._needles is None:
            return set()
        return {number for number, _start, _end in self._needles.find_matches_as_indexes(text, True)}

    def __call__(self, text: str) -> Normalized:
        scratch = Scratch()
        if _SLOT_CHARS.search(text):
            text = _SLOT_CHARS.sub("?", text)
        held = self._held(text)
        applied: list[str] = []
        for mask, needs, gate in self._gated:
            if (
                (mask.placeholder and not scratch.slots)
                or (needs is not None and needs.isdisjoint(held))
                or (gate is not None and not gate(text))
            ):
                continue
            changed = mask.pattern.sub(_bind(mask.replace, scratch), text)
            if changed != text:
                applied.append(mask.name)
                text = changed
                held = self._held(text)
        return Normalized(scratch.render(text).strip(), self.version, tuple(applied))

    def info(self) -> tuple[tuple[str, str], ...]:
        """(mask name, description) in application order, for explanations and docs."""
        return tuple((mask.name, mask.description) for mask in self.masks)


def searches(pattern: str, flags: int = 0) -> Callable[[str], object]:
    """A mask's gate: a search for a short shape every match of its pattern holds (a size's digit next to its
    unit, a MAC's hex pairs). Most messages hold a digit, a colon or a dot, the `needs` of such masks, and
    the full pattern's search costs several times the shape's."""
    return re.compile(pattern, flags).search


def repeated_slot(text: str) -> bool:
    """Whether a placeholder occurs twice in `text` (what every repeat of one holds)."""
    slots = _SLOT_CHARS.findall(text)
    return len(slots) > len(set(slots))


def fixed(token: str) -> Replacer:
    """Replace the whole match with `<TOKEN>`."""

    def replace(_match: re.Match[str], scratch: Scratch) -> str:
        return scratch.park(f"<{token}>")

    return replace


def numbered(token: str, group: int | str = 0) -> Replacer:
    """Replace the match with `<TOKENn>`, equal values (of `group`) getting equal n."""

    def replace(match: re.Match[str], scratch: Scratch) -> str:
        return scratch.numbered(token, match.group(group))

    return replace


def labelled(token: str) -> Replacer:
    """Keep the label (group 1) and its separator (group 2), replace the value: `pid=12` -> `pid=<PID>`."""

    def replace(match: re.Match[str], scratch: Scratch) -> str:
        return match.group(1) + match.group(2) + scratch.park(f"<{token}>")

    return replace
