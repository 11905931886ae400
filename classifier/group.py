"""Occurrences -> groups: one group per fingerprint value, in order of first appearance.

`Grouper` takes occurrences one at a time and keeps of each group its count, its first occurrences and
its time span. The occurrences themselves wait in a buffer; once it holds `HOLD_BLOCKS` blocks, it and every later block
is written (one pickled list per group and block) to a private temporary SQLite database, and a group's
occurrences are read back from it, in order, when something lists them (`Stored`). So an analysis where
a million inputs all have errors holds groups and samples, not a million occurrences (issue 11). An
analysis that never fills the first buffer writes nothing: its groups hold tuples, as before. Only what this
process wrote is ever unpickled. The occurrences of a group share its first's fingerprint and normalised
text objects when they are equal, so those are pickled and read back once per block, not per occurrence.
"""

from __future__ import annotations

import itertools
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import overload

from classifier.model import Group, Occurrence, Stream
from classifier.spill import BLOCK, View, dumps, scratch_db

__all__ = ["BLOCK", "Grouper", "Stored", "group_occurrences"]

SAMPLE = 8  # first occurrences of a group kept in memory: the rules probe 5, reports show the first
HOLD_BLOCKS = 16  # blocks held before the first write: a usual run (thousands of occurrences) writes nothing


def _instant(timestamp: str) -> datetime | None:
    """The timestamp as an aware UTC datetime (naive ones taken as UTC); None when absent or unparsable."""
    if not timestamp:
        return None
    try:
        parsed = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class _State:
    """What a group keeps while occurrences come: (first_seen, last_seen) are the original timestamp
    strings of the earliest and latest records (the first met among equals)."""

    __slots__ = ("count", "first", "index", "last", "samples")

    def __init__(self, index: int) -> None:
        self.index = index
        self.count = 0
        self.samples: list[Occurrence] = []
        self.first: tuple[datetime, str] | None = None
        self.last: tuple[datetime, str] | None = None

    def add(self, occurrence: Occurrence) -> None:
        self.count += 1
        if len(self.samples) < SAMPLE:
            self.samples.append(occurrence)
        stamp = occurrence.record.timestamp
        instant = _instant(stamp)
        if instant is None:
            return
        if self.first is None or instant < self.first[0]:
            self.first = (instant, stamp)
        if self.last is None or instant > self.last[0]:
            self.last = (instant, stamp)

    def span(self) -> tuple[str, str]:
        return (self.first[1] if self.first else "", self.last[1] if self.last else "")


class _Rows:
    """The private database the full buffers go to: one row per (block, group), in order."""

    def __init__(self) -> None:
        self._db = scratch_db("CREATE TABLE rows (grp INTEGER NOT NULL, data BLOB NOT NULL)", any_thread=True)
        self._lock = threading.Lock()

    def write(self, buffer: Sequence[tuple[int, Occurrence]]) -> None:
        by_group: dict[int, list[Occurrence]] = {}
        for index, occurrence in buffer:
            by_group.setdefault(index, []).append(occurrence)
        with self._lock:
            self._db.executemany(
                "INSERT INTO rows VALUES (?, ?)",
                ((index, dumps(items)) for index, items in by_group.items()),
            )

    def seal(self) -> None:
        with self._lock:
            self._db.execute("CREATE INDEX rows_by_group ON rows (grp)")
            self._db.commit()

    def read(self, index: int) -> Iterator[Occurrence]:
        with self._lock:
            cursor = self._db.execute("SELECT data FROM rows WHERE grp = ? ORDER BY rowid", (index,))
        while True:
            with self._lock:
                rows = cursor.fetchmany(16)
            if not rows:
                return
            for (data,) in rows:
                yield from pickle.loads(data)  # noqa: S301 - our own private database


class Stored(View[Occurrence]):
    """A group's occurrences read back from the database; its first ones are kept in memory."""

    def __init__(self, rows: _Rows, index: int, count: int, samples: Sequence[Occurrence]) -> None:
        super().__init__(count)
        self._rows, self._index, self._samples = rows, index, tuple(samples)

    def __iter__(self) -> Iterator[Occurrence]:
        yield from self._samples  # most readers stop early: the database only when they go on
        if self._length > len(self._samples):
            yield from itertools.islice(self._rows.read(self._index), len(self._samples), None)

    @overload
    def __getitem__(self, index: int) -> Occurrence: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Occurrence]: ...

    def __getitem__(self, index: int | slice) -> Occurrence | Sequence[Occurrence]:
        if isinstance(index, slice):
            _, stop, step = index.indices(self._length)
            if step > 0 and stop <= len(self._samples):
                return self._samples[index]
        elif -self._length <= index < 0 or index < len(self._samples):
            position = index + self._length if index < 0 else index
            if position < len(self._samples):
                return self._samples[position]
        return super().__getitem__(index)


def _sharing(occurrence: Occurrence, first: Occurrence) -> Occurrence:
    """`occurrence` with the fingerprint and normalised text objects of `first` where they are equal."""
    fingerprint, normalized = occurrence.fingerprint, occurrence.normalized
    if fingerprint is not first.fingerprint and fingerprint == first.fingerprint:
        fingerprint = first.fingerprint
    if normalized is not first.normalized and normalized == first.normalized:
        normalized = first.normalized
    if fingerprint is occurrence.fingerprint and normalized is occurrence.normalized:
        return occurrence
    return Occurrence(occurrence.record, fingerprint, normalized)


class Grouper:
    """Groups built one occurrence at a time; `groups()` ends the intake."""

    def __init__(self, block: int = BLOCK) -> None:
        self._block = max(1, block)
        self._hold = self._block * HOLD_BLOCKS
        self._states: dict[str, _State] = {}
        self._buffer: list[tuple[int, Occurrence]] = []
        self._rows: _Rows | None = None
        self.streams: set[Stream] = set()

    def add(self, occurrences: Iterable[Occurrence]) -> tuple[Occurrence, ...]:
        """Count the occurrences in; they come back sharing their group's fingerprint and normalised text
        objects when equal to its first's (pickled once per block where they are spilled, held once)."""
        shared: list[Occurrence] = []
        for found in occurrences:
            value = found.fingerprint.value
            state = self._states.get(value)
            if state is None:
                state = self._states[value] = _State(len(self._states))
                self.streams.add(found.record.stream)
            occurrence = _sharing(found, state.samples[0]) if state.samples else found
            state.add(occurrence)
            shared.append(occurrence)
            self._buffer.append((state.index, occurrence))
            if len(self._buffer) >= (self._hold if self._rows is None else self._block):
                self._write()
        return tuple(shared)

    def _write(self) -> None:
        if self._rows is None:
            self._rows = _Rows()
        self._rows.write(self._buffer)
        self._buffer = []

    def groups(self) -> list[Group]:
        """Every group in order of first appearance, its occurrences in order."""
        if self._rows is None:
            members: dict[int, list[Occurrence]] = {}
            for index, occurrence in self._buffer:
                members.setdefault(index, []).append(occurrence)
            self._buffer = []
            return [
                Group(state.samples[0].fingerprint, tuple(members[state.index]), *state.span())
                for state in self._states.values()
            ]
        if self._buffer:
            self._write()
        rows = self._rows
        rows.seal()
        return [
            Group(state.samples[0].fingerprint, Stored(rows, state.index, state.count, state.samples), *state.span())
            for state in self._states.values()
        ]


def group_occurrences(occurrences: Iterable[Occurrence], *, block: int = 1 << 62) -> list[Group]:
    """Group by fingerprint value; groups and their occurrences keep first-appearance order (in memory
    unless `block` occurrences are met)."""
    grouper = Grouper(block)
    grouper.add(occurrences)
    return grouper.groups()
