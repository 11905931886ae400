"""The passing log as evidence: a line that also occurs in a successful log of the job is not the cause.

Lines are compared after normalisation (timestamps, durations, paths, ids masked), so `error: retrying
in 3.2s` in the failed log matches `error: retrying in 1.7s` in the passing one. The raw text is tried
first; normalising is only done for the passing-log lines that share the message's most telling word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.model import Occurrence
from classifier.normalize import normalize

_WORD = re.compile(r"[A-Za-z_][A-Za-z_.]{3,}")
_PREFIX = re.compile(
    r"^(?:\x1b\[[0-9;]*[A-Za-z]|\d{4}-\d\d-\d\dT[\d:.]+Z?\s|\[[^\]]{1,40}\]\s|\d\d:\d\d:\d\d(?:\.\d+)?\s)+"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Baseline:
    """The lines of a passing log, searchable by an occurrence's message."""

    def __init__(self, lines: Sequence[str], version: str) -> None:
        self._lines = [_ANSI.sub("", line).strip() for line in lines]
        self._text = "\n".join(self._lines)
        self._version = version
        self._normalized: dict[int, str] = {}

    def __bool__(self) -> bool:
        return bool(self._lines)

    def contains(self, occurrence: Occurrence) -> bool:
        """Whether the occurrence's line (or its normalised form) also occurs in the passing log."""
        message = " ".join(occurrence.record.message.split())
        if len(message) < 8:
            return False
        if message in self._text:
            return True
        words = _WORD.findall(message)
        if not words:
            return False
        needle = max(words, key=len)
        wanted = occurrence.normalized.text
        return any(needle in line and wanted in self._normal(i, line) for i, line in enumerate(self._lines))

    def _normal(self, index: int, line: str) -> str:
        found = self._normalized.get(index)
        if found is None:
            found = normalize(" ".join(_PREFIX.sub("", line).split()), self._version).text
            self._normalized[index] = found
        return found
