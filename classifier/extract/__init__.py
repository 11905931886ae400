"""Extraction: one document in, error records out. `extract_document` picks the format and one extractor.

Formats: junit (JUnit XML), gha_log (GitHub Actions and plain CI logs, with runner and BuildKit lines),
buildkit, runner (plain tool output), gotest_json (`go test -json`), annotations (check-run annotations
JSON or pipe lines), records (data-pipeline and LLM-provider error records in JSON/JSONL).
"""

from collections.abc import Callable

from classifier.extract import annotations, buildkit, gha_log, gotest_json, junit, records, runners
from classifier.extract.jsonio import is_json_lines
from classifier.model import Extraction, Problem
from classifier.sources.base import Document

__all__ = ["EXTRACTORS", "detect_format", "extract_document"]

EXTRACTORS: dict[str, Callable[[Document], Extraction]] = {
    "junit": junit.extract,
    "gha_log": gha_log.extract,
    "buildkit": buildkit.extract,
    "runner": runners.extract,
    "annotations": annotations.extract,
    "records": records.extract,
    "gotest_json": gotest_json.extract,
}
SNIFF_BYTES = 65536
_XML_EXT = (".xml", ".junit", ".junit-xml")
_JSON_EXT = (".json", ".jsonl", ".ndjson")


def detect_format(doc: Document, head: bytes) -> str:
    """The format name: the source's hint, else the content's first bytes, else the extension."""
    if doc.format_hint in EXTRACTORS:
        return doc.format_hint
    name = doc.name.lower().rsplit("!", 1)[-1]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "junit"
    if gotest_json.is_gotest_json(text):
        return "gotest_json"
    if text[:1] in (b"[", b"{") or name.endswith(_JSON_EXT):
        if is_json_lines(text):
            return "records"
        sample = text[:SNIFF_BYTES]
        if b'"annotation_level"' in sample or (b'"annotations"' in sample and b'"provider"' not in sample):
            return "annotations"
        return "records"
    if name.endswith(_XML_EXT):
        return "junit"
    if name.endswith(".annotations"):
        return "annotations"
    return "gha_log"


def extract_document(doc: Document) -> Extraction:
    """Detect the format of one document and run its extractor; bad input comes back as Problems."""
    try:
        with doc.opener() as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        return Extraction(problems=(Problem(doc.name, f"could not read: {exc}"),))
    return EXTRACTORS[detect_format(doc, head)](doc)
