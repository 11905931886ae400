"""Bounded JSON reading shared by the JSON extractors: a whole document, or JSON Lines with line numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from classifier.model import Problem
from classifier.sources.base import Document

MAX_JSON_BYTES = 256 << 20  # a whole-document JSON larger than this is refused (JSONL streams)


def read_json(doc: Document) -> Any | Problem:
    """The parsed document, or a Problem naming the line of the syntax error."""
    try:
        with doc.opener() as stream:
            raw = stream.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        return Problem(doc.name, f"could not read: {exc}")
    if len(raw) > MAX_JSON_BYTES:
        return Problem(doc.name, f"JSON document larger than {MAX_JSON_BYTES >> 20} MiB", kind="limit")
    try:
        return json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return Problem(doc.name, f"invalid JSON: {exc.msg}", exc.lineno)


def iter_json_lines(doc: Document) -> Iterator[tuple[int, Any] | Problem]:
    """(line number, value) per non-empty line; a Problem per bad line, the others still read."""
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                text = raw.decode("utf-8", errors="replace").strip()
                if not text:
                    continue
                try:
                    yield number, json.loads(text)
                except json.JSONDecodeError as exc:
                    yield Problem(doc.name, f"invalid JSON line: {exc.msg}", number)
    except OSError as exc:
        yield Problem(doc.name, f"could not read: {exc}")


def is_json_lines(head: bytes) -> bool:
    """More than one line, each a JSON object on its own."""
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    return len(lines) > 1 and lines[0].startswith(b"{") and lines[0].endswith(b"}") and lines[1].startswith(b"{")
