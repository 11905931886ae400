"""Read by content: what structure the first kilobytes of a document have, and which format claims it.

`sniff(head, name)` looks at the first SNIFF_BYTES only:

* JSON: the head is a whole JSON document, or a valid prefix of one (checked by a small tokenizer);
* JSONL: a run of complete lines that each parse as a JSON object (at least two, or the whole document);
* XML: a root element found after the prolog (`<?xml ?>`, comments, doctype);
* TEXT: anything else (Maven `[INFO]`, `[taskcluster ...]`, BuildKit `[+] Building`, `<!--` logs...).

A `Format` is a name, a structure, a detector over the `Head` and an extractor. `choose` walks the
registered formats of the sniffed structure in registration order (register specific ones first); a
structure no format claims is read as text by the log scanner.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from classifier.extract.jsonio import loads_bounded
from classifier.model import Extraction
from classifier.sources.base import Document

SNIFF_BYTES = 65536
JSONL_RUN = 5  # complete lines checked for JSON Lines
BOMS = (b"\xef\xbb\xbf",)


class Structure(enum.Enum):
    JSON = "json"
    JSONL = "jsonl"
    XML = "xml"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class XmlRoot:
    """The root element of an XML head: local name, namespace URI (or ""), attributes as written."""

    name: str
    namespace: str = ""
    attributes: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str) -> str:
        return next((value for name, value in self.attributes if name == key), "")


@dataclass(frozen=True, slots=True)
class Head:
    """What the sniffer saw in the first bytes of one document; detectors read only this."""

    name: str  # the document name, lower-cased, archive member part only
    raw: bytes  # the first bytes, BOM and leading blanks removed
    complete: bool  # the head is the whole document
    structure: Structure
    value: Any = None  # the parsed JSON document (complete JSON) or first JSONL line; None otherwise
    keys: frozenset[str] = field(default_factory=frozenset)  # top-level keys (of the first item of an array)
    is_array: bool = False  # a JSON document whose top level is an array
    root: XmlRoot | None = None

    def contains(self, *needles: bytes) -> bool:
        """Whether any of these byte strings occurs in the head."""
        return any(needle in self.raw for needle in needles)


Detector = Callable[[Head], bool]
Extractor = Callable[[Document], Extraction]


@dataclass(frozen=True, slots=True)
class Format:
    """One document format: its structure, a detector over the head, and its extractor."""

    name: str
    structures: tuple[Structure, ...]
    detect: Detector
    extract: Extractor


def sniff(head: bytes, name: str, complete: bool) -> Head:
    """The structure of a document's first bytes (`complete`: they are the whole document)."""
    name = name.lower().rsplit("!", 1)[-1]
    raw = head
    for bom in BOMS:
        if raw.startswith(bom):
            raw = raw[len(bom) :]
    raw = raw.lstrip(b" \t\r\n")
    first = raw[:1]
    if first == b"<":
        root = xml_root(raw)
        if root is not None:
            return Head(name, raw, complete, Structure.XML, root=root)
    elif first in (b"{", b"["):
        lines = _json_lines(raw, complete)
        if lines is not None:
            keys = frozenset(lines) if isinstance(lines, dict) else frozenset()
            return Head(name, raw, complete, Structure.JSONL, value=lines, keys=keys)
        found = _json(raw, complete)
        if found is not None:
            value, keys, is_array = found
            return Head(name, raw, complete, Structure.JSON, value=value, keys=keys, is_array=is_array)
    return Head(name, raw, complete, Structure.TEXT)


def choose(formats: list[Format], head: Head) -> Format | None:
    """The first registered format of the head's structure whose detector accepts it."""
    for fmt in formats:
        if head.structure in fmt.structures and fmt.detect(head):
            return fmt
    return None


# --- JSON -----------------------------------------------------------------------------------------------


def _json_lines(raw: bytes, complete: bool) -> Any | None:
    """The first object of a JSON Lines head, or None when the head is not a run of JSON objects."""
    lines = raw.split(b"\n")
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [line.strip() for line in lines if line.strip()][:JSONL_RUN]
    if len(lines) < 2:
        return None
    parsed = []
    for line in lines:
        if not line.startswith(b"{"):
            return None
        try:
            parsed.append(loads_bounded(line))
        except ValueError:
            return None
    return parsed[0] if isinstance(parsed[0], dict) else None


def _json(raw: bytes, complete: bool) -> tuple[Any, frozenset[str], bool] | None:
    """(parsed value or None, top-level keys, is an array) when the head is JSON or a valid prefix of it."""
    text = raw.decode("utf-8", errors="replace")
    if complete:
        try:
            value = loads_bounded(text)
        except ValueError:  # broken or too deep
            return None
        return value, _keys_of(value), isinstance(value, list)
    keys = _prefix_keys(text)
    return None if keys is None else (None, keys, text.startswith("["))


def _keys_of(value: Any) -> frozenset[str]:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]
    return frozenset(value) if isinstance(value, dict) else frozenset()


_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<punct>[{}\[\]:,])|(?P<lit>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?'
    r"|true|false|null))",
    re.S,
)
_TAIL = re.compile(r'\s*(?:"(?:[^"\\]|\\.)*\\?|-?[\d.eE+-]*|t(?:r(?:u)?)?|f(?:a(?:l(?:s)?)?)?|n(?:u(?:l)?)?)$', re.S)


def _prefix_keys(text: str) -> frozenset[str] | None:
    """Top-level keys (of the first item of an array) if `text` is a valid prefix of a JSON value."""
    stack: list[str] = []
    keys: set[str] = set()
    expect_value = True  # a value may come next (else `,` `:` or a closing bracket)
    pos = 0
    items = 0  # values closed at depth 1 of a top-level array
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            return frozenset(keys) if _TAIL.fullmatch(text, pos) else None
        pos = m.end()
        punct = m.group("punct")
        if punct is None:  # a string or literal
            if not expect_value:
                return None
            depth_key = bool(stack) and stack[-1] == "{" and text[pos : pos + 64].lstrip().startswith(":")
            if depth_key and m.group("str") and _key_depth(stack) and items == 0:
                keys.add(json.loads(m.group("str")))
            expect_value = False
        elif punct in "{[":
            if not expect_value:
                return None
            stack.append(punct)
        elif punct in "}]":
            if not stack or {"}": "{", "]": "["}[punct] != stack.pop():
                return None
            if len(stack) == 1 and stack[0] == "[":
                items += 1
            expect_value = False
            if not stack:
                return frozenset(keys) if not text[pos:].strip() else None
        elif punct == ":":
            expect_value = True
        else:  # ","
            if not stack:
                return None
            expect_value = True
    return frozenset(keys) if stack else None


def _key_depth(stack: list[str]) -> bool:
    """A key of the top object, or of an object directly inside a top-level array."""
    return stack in (["{"], ["[", "{"])


# --- XML ------------------------------------------------------------------------------------------------

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S)
_ROOT = re.compile(rb"<(?P<tag>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(?P<attrs>(?:\s+[^>]*?)?)\s*/?>", re.S)
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def xml_root(raw: bytes) -> XmlRoot | None:
    """The root element after the prolog, or None when the head does not start like XML."""
    pos = 0
    while True:
        m = _PROLOG.match(raw, pos)
        if m is None:
            break
        pos = m.end()
    m = _ROOT.match(raw, pos + len(raw[pos:]) - len(raw[pos:].lstrip()))
    if m is None:
        return None
    tag = m.group("tag").decode("ascii")
    attrs = tuple(
        (key.decode("utf-8", "replace"), (dq if dq or not sq else sq).decode("utf-8", "replace"))
        for key, dq, sq in _ATTR.findall(m.group("attrs"))
    )
    prefix, _, local = tag.rpartition(":")
    xmlns = "xmlns:" + prefix if prefix else "xmlns"
    namespace = next((value for key, value in attrs if key == xmlns), "")
    return XmlRoot(local, namespace, attrs)
