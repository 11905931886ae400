"""A sequence too long to hold in memory: full blocks of items are pickled to an anonymous temporary file.

`Spill` keeps at most one block (`BLOCK` items) in memory while it is filled; each full block is written to
a temporary file that the system removes when it is closed (or the process ends). Reading (iteration,
`len`, an index) reads one block at a time, so an analysis of a million inputs holds a block of results,
not a million (issue 11). Only what this process wrote is ever unpickled: the file is private and
unnamed, input text never reaches `pickle.loads` as pickle data. `Tally` counts many keys the same way
(in memory up to a bound, then in a private temporary SQLite database).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import io
import itertools
import operator
import os
import pickle
import sqlite3
import tempfile
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, TypeVar, overload

from classifier.fastinit import sets_slots

T = TypeVar("T")
BLOCK = 2048  # items per block: small enough to hold, big enough that pickling stays fast
_FIELDS: dict[type, tuple[tuple[Any, ...], Callable[[Any], Any]]] = {}  # a slotted dataclass's fields
_SET = types.MemberDescriptorType.__set__  # sets a slot, below a frozen class's __setattr__
_MISSING: Any = object()
_REDUCTIONS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}  # see `_reduction`


def _fields(cls: type) -> tuple[tuple[Any, ...], Callable[[Any], Any]]:
    """(the slots of its fields, a getter of their values as one tuple), looked up once per class."""
    found = _FIELDS.get(cls)
    if found is None:
        names = tuple(item.name for item in dataclasses.fields(cls))
        getter = operator.attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
        slots = tuple(next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None) for name in names)
        if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
            slots = ()  # not every field is a slot: pickled the standard way
        found = _FIELDS[cls] = (slots, getter)
    return found


def _reduction(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """How an object of `cls` is pickled when it is a slotted dataclass (None: the standard way), looked up
    once per class: as (`cls`, its field values) when its `__init__` sets each slot from its value
    (`fastinit.sets_slots`: loading calls it, in a third of the time of `_rebuild`), else as (`_rebuild`,
    (`cls`, its field values))."""
    found: Callable[[Any], tuple[Any, ...]] | None = _REDUCTIONS.get(cls, _MISSING)
    if found is not _MISSING:
        return found
    found = None
    if "__slots__" in cls.__dict__ and "__dataclass_fields__" in cls.__dict__:
        slots, getter = _fields(cls)
        if slots:
            found = functools.partial(_called if sets_slots(cls) else _rebuilt, cls, getter)
    _REDUCTIONS[cls] = found
    return found


def _called(cls: type, getter: Callable[[Any], tuple[Any, ...]], obj: object) -> tuple[Any, ...]:
    return cls, getter(obj)


def _rebuilt(cls: type, getter: Callable[[Any], tuple[Any, ...]], obj: object) -> tuple[Any, ...]:
    return _rebuild, (cls, getter(obj))


def _rebuild(cls: type, values: tuple[Any, ...]) -> object:
    """A slotted dataclass from its field values, without calling `__init__` (as pickle's own state does)."""
    made: object = object.__new__(cls)
    collections.deque(map(_SET, _fields(cls)[0], itertools.repeat(made), values), 0)
    return made


class _Pickler(pickle.Pickler):
    """Slotted dataclasses as (class, field values): the standard `__getstate__`/`__setstate__` of a frozen
    slotted dataclass looks its fields up for every object, most of the time of a spill."""

    def reducer_override(self, obj: Any) -> Any:
        reduction = _REDUCTIONS.get(type(obj), _MISSING)
        if reduction is _MISSING:
            reduction = _reduction(type(obj))
        return NotImplemented if reduction is None else reduction(obj)


class _SharedPickler(_Pickler):
    """Objects of `known` (id -> object, which the reading process has at the same address: it forked the
    writer) are written as their address."""

    def __init__(self, out: IO[bytes], known: Mapping[int, object]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._known = known

    def persistent_id(self, obj: Any) -> int | None:
        key = id(obj)
        return key if self._known.get(key, _MISSING) is obj else None


class _SharedUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, known: Mapping[int, object]) -> None:
        super().__init__(io.BytesIO(data))
        self._known = known

    def persistent_load(self, pid: Any) -> object:
        return self._known[pid]


def dumps_shared(value: object, known: Mapping[int, object]) -> bytes:
    """`value` pickled with the objects of `known` by reference (read back with `loads_shared`)."""
    if not known:
        return dumps(value)  # no look-up per object
    out = io.BytesIO()
    _SharedPickler(out, known).dump(value)
    return out.getvalue()


def loads_shared(data: bytes, known: Mapping[int, object]) -> object:
    if not known:
        return pickle.loads(data)  # noqa: S301 - what our own forked worker pickled
    return _SharedUnpickler(data, known).load()


def dumps(value: object) -> bytes:
    """`value` pickled for a spill (read back with `pickle.loads`)."""
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


class Spill(Sequence[T]):
    """An append-only sequence whose full blocks live in a temporary file; equal to any sequence with the
    same items (`spill == tuple(spill)`)."""

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __init__(self, items: Iterable[T] = (), *, block: int = BLOCK) -> None:
        self._block = max(1, block)
        self._tail: list[T] = []
        self._spans: list[tuple[int, int]] = []  # (offset, length) of each written block
        self._file: IO[bytes] | None = None
        self._cached: tuple[int, list[T]] = (-1, [])  # the last block read by index
        self._length = 0
        self.extend(items)

    def append(self, item: T) -> None:
        self._tail.append(item)
        self._length += 1
        if len(self._tail) >= self._block:
            self._write_tail()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def close(self) -> None:
        """Drop the items and remove the file now (it is removed anyway when the spill is collected)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._tail, self._spans, self._length, self._cached = [], [], 0, (-1, [])

    def _write_tail(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="ci-classify-spill-")  # noqa: SIM115 - closed by close()
        data = dumps(self._tail)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        self._file.flush()  # read back with pread
        self._spans.append((offset, len(data)))
        self._tail = []

    def _read(self, number: int) -> list[T]:
        if self._cached[0] == number:
            return self._cached[1]
        assert self._file is not None
        offset, length = self._spans[number]
        data = os.pread(self._file.fileno(), length, offset)  # no shared file position: forked readers too
        items: list[T] = pickle.loads(data)  # noqa: S301 - our own private file
        self._cached = (number, items)
        return items

    def __len__(self) -> int:
        return self._length

    def held(self) -> list[T]:
        """The items held in memory (the last ones, not yet written)."""
        return list(self._tail)

    def __iter__(self) -> Iterator[T]:
        for number in range(len(self._spans)):
            yield from self._read(number)
        yield from list(self._tail)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("Spill index out of range")
        number, within = divmod(index, self._block)
        return self._read(number)[within] if number < len(self._spans) else self._tail[within]

    def __eq__(self, other: object) -> bool:
        return _equal(self, other)

    def __repr__(self) -> str:
        return f"Spill({self._length} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Spill, (tuple(self),))


class View(Sequence[T]):
    """A sequence made when read (from a `Spill`): subclasses give `__iter__` and the length; reading by
    position reads from the start (the pipeline's consumers iterate; positions are for tests)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, length: int) -> None:
        self._length = length

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step < 0:
                return tuple(self)[index]
            return tuple(itertools.islice(iter(self), start, max(start, stop), step))  # reads only up to stop
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"{type(self).__name__} index out of range")
        return next(itertools.islice(iter(self), index, None))

    def __eq__(self, other: object) -> bool:
        return _equal(self, other)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._length} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Spill, (tuple(self),))


def _equal(items: Sequence[Any], other: object) -> bool:
    """Equal to any sequence (not text) with the same items; False for anything else."""
    if not isinstance(other, Sequence) or isinstance(other, str | bytes):
        return False
    return len(items) == len(other) and all(a == b for a, b in zip(items, other, strict=True))


def scratch_db(schema: str, *, any_thread: bool = False) -> sqlite3.Connection:
    """A private temporary SQLite database with `schema`: "" opens one on disk, private to this connection
    and removed when it closes; no journal and no syncing, since nothing in it outlives the run."""
    db = sqlite3.connect("", check_same_thread=not any_thread)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(schema)
    return db


class Tally:
    """How many of each integer key are left to take: a dict up to `limit` keys, then a private temporary
    SQLite database (memory stays bounded however many keys come)."""

    def __init__(self, limit: int = 1 << 16) -> None:
        self._limit = limit
        self._counts: dict[int, int] = {}
        self._db: sqlite3.Connection | None = None

    def add_all(self, keys: Iterable[int]) -> None:
        """Count one more of each key."""
        for key in keys:
            self._counts[key] = self._counts.get(key, 0) + 1
        if len(self._counts) > self._limit:
            self._flush()

    def take(self, key: int) -> bool:
        """Count one of `key` off; False when none was left."""
        left = self._counts.get(key, 0)
        if not left and self._db is not None:
            self._flush()
            found = self._db.execute("SELECT n FROM tally WHERE k = ?", (key,)).fetchone()
            if found is None or found[0] <= 0:
                return False
            self._db.execute("UPDATE tally SET n = n - 1 WHERE k = ?", (key,))
            return True
        if not left:
            return False
        self._counts[key] = left - 1
        return True

    def _flush(self) -> None:
        if not self._counts:
            return
        if self._db is None:
            self._db = scratch_db("CREATE TABLE tally (k INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        self._db.executemany(
            "INSERT INTO tally VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = n + excluded.n", self._counts.items()
        )
        self._counts = {}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._counts = {}
