"""Text helpers shared by the extractors: decoding, ANSI and timestamp stripping, bounded messages."""

from __future__ import annotations

import re

from classifier.model import MAX_CONTEXT_LINES, MAX_MESSAGE_CHARS

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
# GitHub Actions prefixes every line with an ISO timestamp (7 fractional digits, Z).
TIMESTAMP_RE = re.compile(r"^\ufeff?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?")
MAX_LINE_CHARS = 8000  # longer lines are cut before matching (progress bars, minified output)


def decode(raw: bytes) -> str:
    """Bytes to text; invalid UTF-8 is replaced, never an error."""
    return raw.decode("utf-8", errors="replace")


def strip_ansi(text: str) -> str:
    return ANSI_RE.sub("", text) if "\x1b" in text else text


def clean_line(raw: bytes) -> tuple[str, str]:
    """One raw log line -> (timestamp or "", text without timestamp, ANSI, CR progress and trailing space)."""
    text = decode(raw[:MAX_LINE_CHARS])
    timestamp = ""
    match = TIMESTAMP_RE.match(text)
    if match:
        timestamp = match.group(1)
        text = text[match.end() :]
    elif text.startswith("\ufeff"):
        text = text[1:]
    text = strip_ansi(text)
    if "\r" in text:
        parts = [part for part in text.split("\r") if part.strip()]
        text = parts[-1] if parts else ""
    return timestamp, text.rstrip()


def clip(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Cut a message to the model's bound."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded_context(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """At most MAX_CONTEXT_LINES lines, each clipped."""
    return tuple(clip(line, 1000) for line in lines[:MAX_CONTEXT_LINES])


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""
