"""Size limits for inputs and archives, and the guarded reader that enforces them while streaming."""

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
    ratio_floor_bytes: int = 1 << 20  # members smaller than this are not ratio-checked
    max_stdin_bytes: int = 2 << 30


class InputReadError(OSError):
    """A stream turned out corrupt, truncated or over its limit while being read (extractors report it)."""


class GuardedReader(io.RawIOBase):
    """Reads an inner stream, turning decompression errors into InputReadError and enforcing a byte cap."""

    def __init__(self, inner: IO[bytes], name: str, max_bytes: int, on_close: Callable[[], None] | None = None):
        super().__init__()
        self._inner = inner
        self._name = name
        self._max = max_bytes
        self._total = 0
        self._on_close = on_close

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
            raise InputReadError(f"{self._name} is larger than the limit of {self._max} bytes")
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


def guarded(inner: IO[bytes], name: str, max_bytes: int, on_close: Callable[[], None] | None = None) -> BinaryIO:
    """A buffered, guarded binary stream over `inner`."""
    return cast(BinaryIO, io.BufferedReader(GuardedReader(inner, name, max_bytes, on_close), 1 << 20))
