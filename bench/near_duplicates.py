"""Near-duplicate suggestions: groups whose normalised messages differ in one word (measured by
bench/grouping_accuracy.py; not part of the product).

Fingerprints are exact and stable; this module only *suggests* that some fingerprints may be one
failure (a user name, a host or a file name that the normaliser keeps). Two messages are neighbours
when, after every placeholder is made generic (`<IP1>` -> `<*>`, `blk_<NUM>` -> `blk_<*>`), they have
the same number of tokens (at least `min_tokens`) and differ in at most one position. Neighbourhood is
closed transitively (union-find). Pure, deterministic, order-independent labels (smallest index).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.model import Group

__all__ = ["cluster_texts", "loose_tokens", "suggest_merges"]

_PLACEHOLDER = re.compile(r"<[A-Z]+\d*>")
WILDCARD = "<*>"


def loose_tokens(text: str) -> tuple[str, ...]:
    """Whitespace tokens with every placeholder made generic, literal parts kept: `blk_<NUM>` -> `blk_<*>`,
    `<IP1>:<PORT>` -> `<*>:<*>`, `<HOST2>` -> `<*>`."""
    return tuple(_PLACEHOLDER.sub(WILDCARD, token) if "<" in token else token for token in text.split())


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_texts(texts: Sequence[str], min_tokens: int = 4) -> list[int]:
    """A cluster label per text: the index of the first text of its cluster."""
    first_of: dict[tuple[str, ...], int] = {}
    keys: list[tuple[str, ...]] = []
    for index, text in enumerate(texts):
        key = loose_tokens(text)
        keys.append(key)
        first_of.setdefault(key, index)
    uf = _UnionFind(len(texts))
    wildcard_owner: dict[tuple[int, tuple[str, ...]], int] = {}
    for key, index in first_of.items():
        if len(key) < min_tokens:
            continue
        for position in range(len(key)):
            pattern = (position, (*key[:position], WILDCARD, *key[position + 1 :]))
            owner = wildcard_owner.setdefault(pattern, index)
            uf.union(owner, index)
    return [uf.find(first_of[key]) for key in keys]


def suggest_merges(groups: Sequence[Group], min_tokens: int = 4) -> list[tuple[str, ...]]:
    """Fingerprint values of groups that look like one failure, clusters of two or more, in order."""
    texts = [group.occurrences[0].normalized.text if group.occurrences else "" for group in groups]
    labels = cluster_texts(texts, min_tokens)
    clusters: dict[int, list[str]] = {}
    for label, group in zip(labels, groups, strict=True):
        clusters.setdefault(label, []).append(group.fingerprint.value)
    return [tuple(values) for values in clusters.values() if len(values) > 1]
