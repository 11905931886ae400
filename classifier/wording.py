"""Counted nouns in the reports' prose: `1 root cause`, `2 root causes` (pure)."""

from __future__ import annotations


def plural(count: int, word: str, many: str = "") -> str:
    """`count` and the word, singular for one (`many` when the plural is not `word` + s)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"


__all__ = ["plural"]
