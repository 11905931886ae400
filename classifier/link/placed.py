"""The items a job's linking has placed so far (jobs.py `_target`), per input in index order: the nearest one
before an item is found by bisection, not by a pass over every placed item (a job with hundreds of failed tests
and a test-run summary under each made those passes quadratic)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from classifier.link.cluster import Item


class Placed:
    """Placed items by input, each input's in index order."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._indexes: dict[int, list[int]] = {}  # per input, the placed items' indexes, ascending
        self._items: dict[int, list[Item]] = {}  # per input, the placed items in that order
        for item in items:
            self.add(item)

    def add(self, item: Item) -> None:
        indexes = self._indexes.setdefault(item.source, [])
        at = bisect.bisect_left(indexes, item.index)
        indexes.insert(at, item.index)
        self._items.setdefault(item.source, []).insert(at, item)

    def nearest_before(self, item: Item, together: Callable[[Item, Item], bool]) -> Item | None:
        """Of the placed items of the item's input before it (lower index) that are `together(placed, item)`, the
        one with the highest index; None when there is none."""
        indexes, items = self._indexes.get(item.source, []), self._items.get(item.source, [])
        for at in range(bisect.bisect_left(indexes, item.index) - 1, -1, -1):
            if together(items[at], item):
                return items[at]
        return None
