"""Bounded JSON reading shared by the JSON extractors: a whole document, or JSON Lines with line numbers.

Hardened for hostile input (RFC 8259 leaves nesting depth to the implementation): a document nested deeper
than `MAX_JSON_DEPTH` is a Problem, never a RecursionError in the parser or in an extractor walking it.
Use `loads_bounded` for any JSON text taken from an input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from classifier.model import Problem
from classifier.sources.base import Document

MAX_JSON_BYTES = 256 << 20  # a whole-document JSON larger than this is refused (JSONL streams)
MAX_JSON_DEPTH = 256  # arrays/objects nested deeper than this are refused


class JSONTooDeep(ValueError):
    """A JSON value nests deeper than MAX_JSON_DEPTH."""


def loads_bounded(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads` that raises JSONDecodeError or JSONTooDeep, never RecursionError."""
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels") from exc
    if depth_exceeds(value, max_depth):
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels")
    return value


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether containers nest deeper than `max_depth` (iterative: safe on any depth)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > max_depth:
                    return True
                stack.append((child, depth + 1))
    return False


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
        return loads_bounded(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return Problem(doc.name, f"invalid JSON: {exc.msg}", exc.lineno)
    except JSONTooDeep as exc:
        return Problem(doc.name, str(exc), kind="limit")


def iter_json_lines(doc: Document) -> Iterator[tuple[int, Any] | Problem]:
    """(line number, value) per non-empty line; a Problem per bad line, the others still read."""
    try:
        with doc.opener() as stream:
            for number, raw in enumerate(stream, start=1):
                text = raw.decode("utf-8", errors="replace").strip()
                if not text:
                    continue
                try:
                    yield number, loads_bounded(text)
                except json.JSONDecodeError as exc:
                    yield Problem(doc.name, f"invalid JSON line: {exc.msg}", number)
                except JSONTooDeep as exc:
                    yield Problem(doc.name, str(exc), number, kind="limit")
    except OSError as exc:
        yield Problem(doc.name, f"could not read: {exc}")


def is_json_lines(head: bytes) -> bool:
    """More than one line, each a JSON object on its own."""
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    return len(lines) > 1 and lines[0].startswith(b"{") and lines[0].endswith(b"}") and lines[1].startswith(b"{")
