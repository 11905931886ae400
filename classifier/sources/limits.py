"""Size limits for inputs and archives, and the guarded reader that enforces them while streaming.

An archive has one byte budget: its members' listed sizes, plus what its `.gz` members actually expand
to (charged while they are read, at the furthest point each member was read to, so re-opening a member
for sniffing and extraction is not double counted).
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, BinaryIO, cast


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost. Logs are streamed, so the file limit can be large."""

    max_file_bytes: int = 2 << 30  # one file or decompressed stream (logs are streamed)
    max_zip_members: int = 10_000
    max_archive_bytes: int = 4 << 30  # total uncompressed bytes of one archive
    max_ratio: float = 200.0  # uncompressed / compressed size of a zip member (zip bombs)
    ratio_floor_bytes: int = 64 << 10  # members smaller than this are not ratio-checked
    max_stdin_bytes: int = 2 << 30


class InputReadError(OSError):
    """A stream turned out corrupt, truncated or over its limit while being read (extractors report it)."""


class ArchiveBudget:
    """The uncompressed bytes one archive may expand to, shared by all its members."""

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self._listed = 0
        self._expanded: dict[str, int] = {}

    @property
    def used(self) -> int:
        return self._listed + sum(self._expanded.values())

    def charge_listed(self, size: int) -> bool:
        """Charge a member's listed size; False once the archive is over budget."""
        self._listed += size
        return self.used <= self.max_bytes

    def member(self, member: str) -> Callable[[int], None]:
        """A charger for a compressed member: call it with the bytes read so far; raises past the budget."""

        def charge(total: int) -> None:
            if total > self._expanded.get(member, 0):
                self._expanded[member] = total
                if self.used > self.max_bytes:
                    raise InputReadError(f"{self.name} expands beyond the limit of {self.max_bytes} bytes")

        return charge


class GuardedReader(io.RawIOBase):
    """Reads an inner stream, turning decompression errors into InputReadError and enforcing a byte cap."""

    def __init__(
        self,
        inner: IO[bytes],
        name: str,
        max_bytes: int,
        on_close: Callable[[], None] | None = None,
        budget: Callable[[int], None] | None = None,
    ):
        super().__init__()
        self._inner = inner
        self._name = name
        self._max = max_bytes
        self._total = 0
        self._on_close = on_close
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
            raise InputReadError(f"corrupt or truncated data in {self._name}: {exc}") from exc
        count = len(data)
        self._total += count
        if self._total > self._max:
            raise InputReadError(f"{self._name} is larger than the limit of {self._max} bytes (or a zip bomb)")
        if self._budget is not None:
            self._budget(self._total)
        buffer[:count] = data
        return count

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                if self._on_close is not None:
                    self._on_close()
        super().close()


def guarded(
    inner: IO[bytes],
    name: str,
    max_bytes: int,
    on_close: Callable[[], None] | None = None,
    budget: Callable[[int], None] | None = None,
) -> BinaryIO:
    """A buffered, guarded binary stream over `inner` (`budget` is charged the bytes read so far)."""
    return cast(BinaryIO, io.BufferedReader(GuardedReader(inner, name, max_bytes, on_close, budget), 1 << 20))
