"""Safe XML parsing shared by the XML report extractors (JUnit, NUnit, TRX, checkstyle, ...).

Parsed with defusedxml: no DTDs, no entities, no external references (XML 1.0, section 4). An encoding the
parser does not know (`encoding="x-bogus"`, XML 1.0 section 4.3.3) is not fatal: the document is read again
as UTF-8 (undecodable bytes replaced) with the declaration's encoding dropped. Every failure is a Problem
naming the document and, when known, the line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from classifier.model import Problem
from classifier.sources.base import Document

MAX_XML_BYTES = 512 << 20  # a report is parsed whole
_DECLARED_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", re.IGNORECASE)


def parse_document(doc: Document, max_bytes: int = MAX_XML_BYTES) -> ET.Element | Problem:
    """The root element of `doc`, parsed safely; a Problem for corrupt, hostile or too large XML."""
    if doc.size is not None and doc.size > max_bytes:
        return Problem(doc.name, f"XML report larger than {max_bytes >> 20} MiB, skipped", kind="limit")
    try:
        with doc.opener() as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        return Problem(doc.name, f"could not read XML: {exc}")
    if len(raw) > max_bytes:
        return Problem(doc.name, f"XML report larger than {max_bytes >> 20} MiB, skipped", kind="limit")
    return parse_bytes(doc.name, raw)


def parse_bytes(name: str, raw: bytes) -> ET.Element | Problem:
    """The root element of the XML text `raw`; a Problem naming `name` when it cannot be parsed."""
    try:
        return _parse(raw)
    except LookupError:  # unknown declared encoding: fall back to UTF-8
        pass
    except (ET.ParseError, DefusedXmlException, RecursionError) as exc:  # DefusedXmlException is a ValueError
        return _problem(name, exc)
    except ValueError as exc:  # e.g. "multi-byte encodings are not supported"
        if "encoding" not in str(exc):
            return Problem(name, f"could not read XML: {exc}")
    try:
        return _parse(_as_utf8(raw))
    except (ET.ParseError, DefusedXmlException, RecursionError, LookupError, ValueError) as exc:
        return _problem(name, exc)


def _parse(raw: bytes) -> ET.Element:
    root: ET.Element | None = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    if root is None:
        raise ET.ParseError("no root element")
    return root


def _as_utf8(raw: bytes) -> bytes:
    """`raw` decoded leniently as UTF-8 and re-encoded, its encoding declaration removed."""
    text = raw.decode("utf-8", errors="replace").encode("utf-8")
    return _DECLARED_ENCODING.sub(rb"\1", text, count=1)


def _problem(name: str, exc: BaseException) -> Problem:
    if isinstance(exc, DefusedXmlException):
        return Problem(name, f"unsafe XML refused ({type(exc).__name__})")
    if isinstance(exc, RecursionError):
        return Problem(name, "XML nested too deeply", kind="limit")
    position = getattr(exc, "position", None)
    line = position[0] if position else None
    return Problem(name, f"corrupt XML: {exc}", line)
