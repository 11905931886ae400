"""Extraction: one document in, error records out. `extract_document` reads the format from the content.

The sniffer (sniff.py) finds the structure of the first kilobytes (JSON, JSON Lines, XML root, text) and
the first registered `Format` of that structure whose detector accepts the head. Formats, in FORMATS order:
gotest_json (`go test -json`); the report formats, one module each: sarif (SARIF 2.1.0), eslint_json,
jest_json, mocha_json, rspec_json (RSpec `--format json`), dart_json (Dart/Flutter JSON reporter),
cargo_json (cargo `--message-format=json`, libtest JSON), nunit (NUnit 2/3), xunit
(xUnit.net v1/v2), trx (VSTest), checkstyle (checkstyle XML), tap (TAP 13/14 documents); annotations
(check-run annotations JSON),
findings_json (linter findings in JSON by shape: hadolint, shellcheck, pylint, ruff, rubocop, golangci-lint...),
junit (JUnit XML), then records (data-pipeline and LLM-provider error records in JSON/JSONL, the JSON
catch-all). Text, and any structure
no format claims, is read by the log scanner (gha_log: GitHub Actions and plain CI logs, with runner and
BuildKit lines). A structured extractor that finds nothing but a problem falls back to the log scanner.
A log that names its checkout directory (`checkout_root`: git's `Initialized empty Git repository in …`) has
the locations below it made repository-relative; a cancel at the job's time limit is marked a timeout
(time_limit.py); a diagnostic that prints its location on a line below it (Terraform) gets it
(site_lines.py). A log whose records are all wrappers and symptoms gets the last specific line before its
failure marker (lookback.py).
To add a format, `register(Format(...))` before the catch-alls, or insert into FORMATS.
"""

from dataclasses import replace

from classifier.extract import (
    annotations,
    cargo_json,
    checkstyle,
    dart_json,
    eslint_json,
    findings_json,
    gha_log,
    gotest_json,
    jest_json,
    junit,
    lookback,
    mocha_json,
    nunit,
    records,
    rspec_json,
    sarif,
    site_lines,
    tap,
    time_limit,
    trx,
    xunit,
)
from classifier.extract.sniff import SNIFF_BYTES, Format, Head, Structure, choose, sniff
from classifier.extract.text import utf16_document
from classifier.model import Extraction, Location, Problem
from classifier.sources.base import Document
from classifier.workspaces import below, checkout_root

__all__ = ["FORMATS", "Format", "Head", "Structure", "detect_format", "extract_document", "register"]

_JSON = (Structure.JSON, Structure.JSONL)
_LOG_FORMATS = frozenset({"gha_log", "runner", "buildkit"})
_JUNIT_ROOTS = frozenset({"testsuites", "testsuite"})


def _is_gotest_json(head: Head) -> bool:
    return gotest_json.is_gotest_json(head.keys, head.value)


def _is_annotations(head: Head) -> bool:
    if head.contains(b'"annotation_level"'):
        return True
    return head.contains(b'"annotations"') and not head.contains(b'"provider"')


FORMATS: list[Format] = [
    Format("gotest_json", _JSON, _is_gotest_json, gotest_json.extract),
    # Report formats, one module each, before the substring-based annotations detector.
    *(m.FORMAT for m in (sarif, eslint_json, jest_json, mocha_json, rspec_json, dart_json, cargo_json)),
    *(m.FORMAT for m in (nunit, xunit, trx, checkstyle)),
    tap.FORMAT,  # TAP documents by their first lines (a log that prints TAP lines stays a log)
    Format("annotations", (Structure.JSON,), _is_annotations, annotations.extract),
    findings_json.FORMAT,  # linter findings in JSON by shape, after the formats with a schema
    Format("junit", (Structure.XML,), lambda h: h.root is not None and h.root.name in _JUNIT_ROOTS, junit.extract),
]
_CATCH_ALL: tuple[Format, ...] = (Format("records", _JSON, lambda _h: True, records.extract),)
# Formats only a source's hint or a file extension selects (their content is text).
_BY_NAME: tuple[Format, ...] = (
    Format("gha_log", (Structure.TEXT,), lambda _h: True, gha_log.extract),
    Format("buildkit", (Structure.TEXT,), lambda _h: True, gha_log.extract),
    Format("runner", (Structure.TEXT,), lambda _h: True, gha_log.extract),
)
_EXTENSIONS = (
    ((".xml", ".junit", ".junit-xml"), "junit"),
    ((".json", ".jsonl", ".ndjson"), "records"),
    ((".annotations",), "annotations"),
    ((".sarif",), "sarif"),
    ((".trx",), "trx"),
)


def register(fmt: Format) -> None:
    """Add a format, tried after the ones already registered (specific formats first)."""
    FORMATS.append(fmt)


def _all() -> list[Format]:
    return [*FORMATS, *_CATCH_ALL, *_BY_NAME]


def _named(name: str) -> Format | None:
    return next((fmt for fmt in _all() if fmt.name == name), None)


def detect_format(doc: Document, head: bytes) -> str:
    """The format name: the source's hint, else the content, else the extension, else the log scanner."""
    return _select(doc, head).name


def _select(doc: Document, head: bytes) -> Format:
    hinted = _named(doc.format_hint) if doc.format_hint else None
    if hinted is not None:
        return hinted
    complete = (doc.size is not None and len(head) >= doc.size) or len(head) < SNIFF_BYTES
    seen = sniff(head, doc.name, complete)
    found = choose([*FORMATS, *_CATCH_ALL], seen)
    if found is not None:
        return found
    for suffixes, name in _EXTENSIONS:
        if seen.name.endswith(suffixes):
            return _named(name) or _BY_NAME[0]
    return _BY_NAME[0]


def extract_document(doc: Document) -> Extraction:
    """Detect the format of one document and run its extractor; bad input comes back as Problems."""
    try:
        with doc.opener() as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        return Extraction(problems=(Problem(doc.name, f"could not read: {exc}"),))
    doc, head = utf16_document(doc, head)
    fmt = _select(doc, head)
    if fmt.name in _LOG_FORMATS and fmt.extract is gha_log.extract:
        text = head.decode("utf-8", "replace")
        scanned, steps = gha_log.scan_log(doc)
        limit = doc.limit_minutes or time_limit.JOB_LIMIT_MINUTES
        records = site_lines.located(time_limit.marked(scanned.records, doc.ran_minutes, text, limit))
        scanned = replace(scanned, records=records)
        return _relocated(lookback.complete(doc, scanned, steps), checkout_root(text))
    result = fmt.extract(doc)
    if result.records or not result.problems:
        return result
    scanned, steps = gha_log.scan_log(doc)  # a parser that fails falls back to the log scanner
    if scanned.records:
        return Extraction(lookback.complete(doc, scanned, steps).records, result.problems + scanned.problems)
    return Extraction(result.records, result.problems + scanned.problems)


def _relocated(extraction: Extraction, root: str) -> Extraction:
    """The records with their locations below the log's checkout directory made relative to it."""
    if not root:
        return extraction
    records = tuple(
        replace(r, location=Location(inside, r.location.line, r.location.column))
        if r.location is not None and (inside := below(r.location.file, root)) != r.location.file
        else r
        for r in extraction.records
    )
    return replace(extraction, records=records)
