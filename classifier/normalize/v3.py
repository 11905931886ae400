"""Normaliser v3: v2, but digits that are part of a program identifier are kept.

v2 turns every token holding a digit into `<ID>` (and, inside quotes, v1's number rules turn `S11` into
`S<NUM>`), so `'GRP_S11_A7A3_VC': undeclared identifier` and `'GRP_S12_A7A3_VC': ...` (two symbols) shared
one fingerprint. v3 keeps a token that reads as a program identifier: letters, digits, `_` and `$` only,
starting with a letter or `_`, at least 3 characters with a letter and a digit, no run of more than
MAX_DIGIT_RUN digits, each `_`-separated part neither a number (`rdd_42_20`) nor a lower-case name numbered
(`storage1231`, `root22_local`: instances of a host or a volume), and at most MAX_SWITCHES letter-to-digit
switches in a part (`A7A3`: 2; a temp name such as `tmpk8x9q2ab`: 3). Volatile numbers (addresses, times,
counts, line numbers, ids with long digit runs or dashes) are masked as in v2. docs/fingerprints.md
("Normaliser v3") records the decision."""

from __future__ import annotations

import re
from dataclasses import replace

from classifier.normalize import v2
from classifier.normalize.engine import Mask, Normalizer, Scratch

__all__ = ["MASKS", "V3", "identifier"]

MAX_DIGIT_RUN = 4  # a longer run of digits is a count or an id (build_123456), not part of a name
MAX_SWITCHES = 2  # letter-to-digit switches in one `_`-separated part of a name
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_DIGIT_RUN = re.compile(rf"\d{{{MAX_DIGIT_RUN + 1},}}")
_SWITCH = re.compile(r"[A-Za-z$]\d")
_NUMBERED_PART = re.compile(r"\d*|[a-z]+\d{2,}")  # a number, or an instance of a lower-case name: bglio716


def identifier(token: str) -> bool:
    """Whether a token with a digit is a program identifier whose digits are part of its name."""
    if not _IDENTIFIER.fullmatch(token) or not any(char.isdigit() for char in token):
        return False
    if len(token) < 3 or _DIGIT_RUN.search(token) or not any(char.isalpha() for char in token):
        return False
    parts = token.split("_")
    return all(len(_SWITCH.findall(part)) <= MAX_SWITCHES and not _NUMBERED_PART.fullmatch(part) for part in parts)


def _token(match: re.Match[str], scratch: Scratch) -> str:
    token = match.group(0)
    body = token.rstrip(".!?")
    return token if identifier(body) else v2.MASKS_BY_NAME["token"].replace(match, scratch)


_WORD = re.compile(r"[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)*")


def _quoted(match: re.Match[str], scratch: Scratch) -> str:
    """A quoted string is kept; inside it, identifiers keep their digits and other numbers are v1's."""
    inner = _WORD.sub(
        lambda word: word.group(0) if identifier(word.group(0)) else v2.v1_numbers(word.group(0), scratch),
        match.group(0),
    )
    return scratch.park(inner)


def _v3(mask: Mask) -> Mask:
    if mask.name == "token":
        return replace(mask, replace=_token, description=mask.description + "; v3: identifiers keep their digits")
    if mask.name == "quoted":
        return replace(mask, replace=_quoted, description=mask.description + "; v3: identifiers keep their digits")
    return mask


MASKS: tuple[Mask, ...] = tuple(_v3(mask) for mask in v2.MASKS)

V3 = Normalizer("v3", MASKS, "v2, with the digits of program identifiers kept (GRP_S11_A7A3_VC, Int32, h264)")
