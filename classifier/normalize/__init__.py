"""Versioned message normaliser: ordered, named masks that turn volatile tokens into placeholders.

A normaliser is an immutable, ordered tuple of named masks, from specific (timestamps, UUIDs, URLs) to
generic (numbers). Once a version is released its masks never change: a better algorithm is a new
version beside it (`NORMALIZERS["v2"]`), so stored fingerprints never move. docs/fingerprints.md lists
every mask of v1.

Identity-like values (IPs, hosts, UUIDs, e-mails, SHAs, hex ids) are numbered by first appearance per
mask, so equal values stay equal within one message (`<IP1> ... <IP1> ... <IP2>`). Quantities (numbers,
durations, line numbers, timestamps) are not numbered: `3 of 5` and `3 of 3` normalise alike.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from classifier.errors import ConfigError
from classifier.model import Normalized
from classifier.normalize.engine import Mask, Normalizer
from classifier.normalize.v1 import V1
from classifier.normalize.v2 import V2
from classifier.normalize.v3 import V3
from classifier.normalize.v4 import V4
from classifier.normalize.v5 import V5
from classifier.normalize.v6 import V6
from classifier.normalize.v7 import V7
from classifier.normalize.v8 import V8

__all__ = ["NORMALIZERS", "Mask", "Normalizer", "normalize", "normalize_version_info"]

NORMALIZERS: Mapping[str, Normalizer] = {
    "v1": V1,
    "v2": V2,
    "v3": V3,
    "v4": V4,
    "v5": V5,
    "v6": V6,
    "v7": V7,
    "v8": V8,
}  # which one is used: fingerprint.GROUPING


def _get(version: str) -> Normalizer:
    try:
        return NORMALIZERS[version]
    except KeyError:
        known = ", ".join(NORMALIZERS)
        raise ConfigError(f"unknown normalizer version {version!r}; known: {known}") from None


def normalize(text: str, version: str) -> Normalized:
    """Normalise one message with the named normaliser version (ConfigError for an unknown version).

    Normalisers are immutable, so results are memoised: the same message recurs across records and logs.
    """
    if len(text) > _MEMO_CHARS:
        return _get(version)(text)
    return _memo(text, version)


_MEMO_CHARS = 2_000  # longer messages are normalised each time (bounds the memo to a few MB)


@functools.lru_cache(maxsize=4096)
def _memo(text: str, version: str) -> Normalized:
    return _get(version)(text)


def normalize_version_info(version: str) -> tuple[tuple[str, str], ...]:
    """The masks of a normaliser version, in order, as (name, description)."""
    return _get(version).info()
