"""Batch bookkeeping: this job's shard of the work, the done-list checkpoint and a terminal progress bar."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import ConfigError
from classifier.escape import printable
from classifier.spill import scratch_db


@dataclass(frozen=True, slots=True)
class Shard:
    """This job's share of the work: the items whose key hashes to `index` of `count` (1-based)."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Shard:
        if not text.strip():
            return cls()
        try:
            index_text, count_text = text.split("/")
            index, count = int(index_text), int(count_text)
        except ValueError:
            raise ConfigError(f"input 'shard' is {text!r}; expected i/n, e.g. 1/4") from None
        if count < 1 or not 1 <= index <= count:
            raise ConfigError(f"input 'shard' is {text!r}; need 1 <= i <= n")
        return cls(index, count)

    def owns(self, key: str) -> bool:
        digest = int(hashlib.sha256(key.encode()).hexdigest()[:16], 16)
        return digest % self.count == self.index - 1

    @property
    def suffix(self) -> str:
        """File-name suffix of this shard's outputs ('' when there is one shard)."""
        return f"-shard{self.index}of{self.count}" if self.count > 1 else ""


class DoneKeys(Collection[str]):
    """A set of keys kept in a private temporary SQLite database, not in memory: a backlog of millions
    of jobs costs disk, not RAM (issue 11)."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._db = scratch_db("CREATE TABLE done (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.executemany("INSERT OR IGNORE INTO done VALUES (?)", ((key,) for key in keys))
        self._count = int(self._db.execute("SELECT count(*) FROM done").fetchone()[0])

    def add(self, key: str) -> None:
        self._count += max(self._db.execute("INSERT OR IGNORE INTO done VALUES (?)", (key,)).rowcount, 0)

    def __contains__(self, key: object) -> bool:
        return (
            isinstance(key, str) and self._db.execute("SELECT 1 FROM done WHERE key = ?", (key,)).fetchone() is not None
        )

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for (key,) in self._db.execute("SELECT key FROM done"):
            yield str(key)


class Checkpoint:
    """Keys of finished items, one per line, appended and flushed as each item finishes; the keys read back
    are looked up on disk (`DoneKeys`)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done = DoneKeys()
        if path is not None and path.exists():
            with path.open(encoding="utf-8", errors="replace") as lines:  # read line by line, not whole
                self.done = DoneKeys(line.rstrip("\n") for line in lines if line.strip())

    def mark(self, key: str) -> None:
        self.done.add(key)
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(key.replace("\n", " ") + "\n")
            handle.flush()
            os.fsync(handle.fileno())


class ProgressBar:
    """`[#####.....] 12/40 name` on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool = True, width: int = 30) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.width = width

    def show(self, done: int, total: int | None, label: str) -> None:
        if not self.enabled:
            return
        if total:
            filled = self.width * done // total
            bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        else:
            bar = f"[{done}]"
        sys.stderr.write(f"\r\x1b[2K{bar} {printable(label[-50:])}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
