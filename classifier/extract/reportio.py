"""Reading helpers shared by the report-format extractors (test reports, lint and analyser reports).

Safe XML parsing (defusedxml: no DTDs, entities or external references), namespace-free tag names,
repository-relative paths from CI workspace paths and file URIs, locations from .NET and JavaScript
stack frames, one-line messages without ANSI colours, test totals, and the per-document record cap.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only for element types; parsing uses defusedxml
from collections.abc import Collection, Iterable
from urllib.parse import unquote

from classifier.extract.runners import infra_hint
from classifier.extract.text import bounded_context, clip, strip_ansi
from classifier.extract.xmlio import parse_document
from classifier.model import ErrorRecord, Location, Problem, SourceKind, TestTotals
from classifier.sources.base import Document
from classifier.workspaces import strip_workspace

MAX_XML_BYTES = 512 << 20  # an XML report is parsed whole
MAX_RECORDS = 2000  # per document; more -> a `limit` Problem

# `at X.Y() in C:\src\A.cs:line 12`; Mono writes `at X.Y () [0x00000] in /src/A.cs:17`
_DOTNET_FRAME_RE = re.compile(r"\bat .+? in (?P<file>.+?):(?:line )?(?P<line>\d+)\s*$", re.MULTILINE)
# Unity's `Ns.Class:Method() (at Assets/Scripts/A.cs:120)` and PowerShell's (Pester) `at <ScriptBlock>, C:\t\a.ps1:14`
_SOURCE_FRAME_RE = re.compile(
    r"(?:\(at |^at .*?, )(?P<file>(?:[A-Za-z]:)?[^\s(),:<>][^(),:<>]*?\.[A-Za-z][A-Za-z0-9]{0,4}):(?P<line>\d+)\)?\s*$",
    re.MULTILINE,
)
_JS_FRAME_RE = re.compile(r"\(?(?P<file>(?:[A-Za-z]:)?[^\s():]+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+)\)?")
_FRAME_RE = re.compile(r"^\s+at |^\s*File \"|^\s*Traceback \(most recent call last\)")
_EXC_PREFIX_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt|Timeout))(?: \[\w+\])?\s?:")


def local(tag: str) -> str:
    """The tag without its XML namespace (`{ns}TestRun` -> `TestRun`)."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(doc: Document, roots: Collection[str], what: str) -> ET.Element | Problem:
    """The root element, parsed safely and checked against the accepted root tags (namespace ignored)."""
    root: ET.Element | Problem = parse_document(doc, MAX_XML_BYTES)  # xmlio: defusedxml, encoding fallback
    if isinstance(root, Problem):
        return root
    if local(root.tag) not in roots:
        tag = local(root.tag)
        return Problem(doc.name, f"not {what} (root element <{tag}>)", kind="unsupported")
    return root


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    """Direct children with this local tag name, whatever their namespace."""
    return [child for child in elem if local(child.tag) == name]


def child_text(elem: ET.Element | None, *path: str) -> str:
    """The text of the first element down a path of local tag names, "" when absent."""
    for name in path:
        if elem is None:
            return ""
        found = children(elem, name)
        elem = found[0] if found else None
    return (elem.text or "") if elem is not None else ""


def repo_path(path: str) -> str:
    """A repository-relative path when the path shows a known CI workspace or a file URI, else the path
    with forward slashes."""
    path = path.strip()
    if path.startswith("file:"):
        path = unquote(path[5:])
        path = path[2:] if path.startswith("//") else path  # file:///x -> /x; file:x -> x
        if re.match(r"^/[A-Za-z]:/", path):
            path = path[1:]
    path = path.replace("\\", "/")
    inside = strip_workspace(path)
    if inside != path:
        return inside
    return path[2:] if path.startswith("./") else path


def dotnet_location(stack: str) -> Location | None:
    """The first .NET stack frame with a source position (`at X.Y() in C:\\src\\A.cs:line 12`), else the first
    Unity (`(at Assets/A.cs:120)`) or PowerShell (`at <ScriptBlock>, C:\\t\\a.ps1:14`) frame."""
    m = _DOTNET_FRAME_RE.search(stack) or _SOURCE_FRAME_RE.search(stack)
    return Location(repo_path(m.group("file")), int(m.group("line"))) if m else None


# A line that is only where the failure happened: googletest `x_test.cc:53`, phpunit `/src/tests/ATest.php:25`,
# Catch2 `at Exception.tests.cpp:23` (source files only: `example.com:8080` is no place).
_SOURCE = (
    r"(?P<file>[^\s:()]+\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|swift|php|py|rb|go|rs|java|kt|scala"
    r"|cs|fs|js|mjs|ts|dart|ex|exs|erl|hs|lua|pl|t)):(?P<line>\d+)"
)
SITE_RE = re.compile(rf"^\s*(?:at )?{_SOURCE}\s*$", re.IGNORECASE)
# A place line over the failure's text in a test's console output: googletest `x.cc:53: Failure`, `x.cc:53:`
OUTPUT_SITE_RE = re.compile(rf"^\s*(?:at )?{_SOURCE}(?::\s*(?:failure|error|failed)?:?)?\s*$", re.IGNORECASE)
# A message led by its place and ` - ` (xcpretty, xcbeautify)
_LEADING_SITE_RE = re.compile(rf"^\s*{_SOURCE} - (?P<msg>.+)$", re.IGNORECASE | re.DOTALL)
_PYTEST_E_RE = re.compile(r"^E {3,}(?P<msg>\S.*)$", re.MULTILINE)
_PYTEST_PLACE_RE = re.compile(r"^(\S+\.py):(\d+): \S.*$", re.MULTILINE)
# Rust's panic header: `thread 't' panicked at src/a.rs:19:5:` (message on the next line, Rust 1.73+)
# or `thread 't' panicked at 'msg', src/a.rs:19:5`
# or, before Rust 1.73, `thread 't' panicked at 'msg', src/a.rs:19:5` (the message may span lines)
_RUST_PANIC_RE = re.compile(
    r"^thread '[^']*' panicked at (?:'(?P<msg>.*?)', )?(?P<file>[^\s:']+):(?P<line>\d+):(?P<col>\d+):?\s*$",
    re.MULTILINE | re.DOTALL,
)


def site(text: str) -> Location | None:
    """The first line of a failure's text that only names its place (`file.cc:53`)."""
    for line in text.splitlines():
        m = SITE_RE.match(line)
        if m:
            return Location(repo_path(m.group("file")), int(m.group("line")))
    return None


def leading_site(message: str) -> tuple[str, Location] | None:
    """A message that starts with its place (`/src/ATests.swift:34 - XCTAssertTrue failed`): the rest, the place."""
    m = _LEADING_SITE_RE.match(message)
    if m is None or not m.group("msg").strip():
        return None
    return m.group("msg").strip(), Location(repo_path(m.group("file")), int(m.group("line")))


def pytest_failure(text: str) -> tuple[str, Location | None] | None:
    """pytest's failure text (its longrepr): the first `E   ` line says what failed, the last `file.py:70: Type`
    line where."""
    said = _PYTEST_E_RE.search(text)
    if said is None:
        return None
    places = _PYTEST_PLACE_RE.findall(text)
    location = Location(repo_path(places[-1][0]), int(places[-1][1])) if places else None
    return said.group("msg").strip(), location


def rust_panic(text: str) -> tuple[str, Location] | None:
    """A Rust panic's message and place from its `thread 'x' panicked at file:line:col:` header."""
    m = _RUST_PANIC_RE.search(text)
    if m is None:
        return None
    said = m.group("msg") or text[m.end() :]
    message = next((ln.strip() for ln in said.splitlines() if ln.strip()), "")
    location = Location(repo_path(m.group("file")), int(m.group("line")), int(m.group("col")))
    return (message, location) if message else None


def js_location(stack: str, prefer: str = "") -> Location | None:
    """The first JavaScript frame in `prefer` (the test's file), else the first outside node_modules and
    node internals."""
    frames = [m for m in _JS_FRAME_RE.finditer(strip_ansi(stack)) if "node_modules" not in m.group("file")]
    frames = [m for m in frames if not m.group("file").startswith(("node:", "internal/"))]
    if prefer:
        wanted = repo_path(prefer)
        preferred = [m for m in frames if repo_path(m.group("file")).endswith(wanted) or wanted.endswith(m["file"])]
        frames = preferred or frames
    if not frames:
        return None
    m = frames[0]
    return Location(repo_path(m.group("file")), int(m.group("line")), int(m.group("col")))


def exception_prefix(message: str) -> str:
    """`pkg.FooError: msg` -> `FooError`; "" when the message does not start with an exception name."""
    m = _EXC_PREFIX_RE.match(message.strip())
    return m.group(1).rsplit(".", 1)[-1] if m else ""


def text_lines(text: str) -> list[str]:
    """Non-empty lines without ANSI colours or trailing space."""
    return [line.rstrip() for line in strip_ansi(text).splitlines() if line.strip()]


def headline(text: str, limit: int = 40) -> str:
    """A failure text before its stack frames (at most `limit` non-empty lines), ANSI removed, on one line;
    jest's `●` header lines are dropped."""
    kept: list[str] = []
    for raw in strip_ansi(text).splitlines():
        if _FRAME_RE.match(raw):
            break
        line = raw.strip()
        if line and not line.startswith("●"):
            kept.append(line)
        if len(kept) >= limit:
            break
    return clip(" ".join(" ".join(kept).split()))


def one_line(text: str) -> str:
    """Whitespace collapsed to single spaces, ANSI removed, clipped."""
    return clip(" ".join(strip_ansi(text).split()))


def short_type(name: str) -> str:
    """`System.IO.IOException` -> `IOException`; names with spaces are kept as they are (bounded)."""
    name = name.strip()
    return name.rsplit(".", 1)[-1] if name and " " not in name else name[:200]


def cap(doc: Document, records: Iterable[ErrorRecord]) -> tuple[tuple[ErrorRecord, ...], tuple[Problem, ...]]:
    """At most MAX_RECORDS records, and a `limit` Problem saying how many were dropped."""
    kept: list[ErrorRecord] = []
    dropped = 0
    for record in records:
        if len(kept) < MAX_RECORDS:
            kept.append(record)
        else:
            dropped += 1
    if not dropped:
        return tuple(kept), ()
    return tuple(kept), (Problem(doc.name, f"{dropped} more records dropped (at most {MAX_RECORDS})", kind="limit"),)


def totals(outcomes: Iterable[str]) -> TestTotals:
    """Totals from per-test outcomes `passed`, `failed` or `skipped`."""
    run = failed = skipped = 0
    for outcome in outcomes:
        run += 1
        failed += outcome == "failed"
        skipped += outcome == "skipped"
    return TestTotals(run, failed, skipped)


def dotnet_failure(
    doc: Document, *, message: str, stack: str, exception_type: str, test_id: str, hint: str, details: str
) -> ErrorRecord:
    """A failed .NET test case (NUnit, xUnit.net, TRX): the stack gives the context and the location."""
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context(text_lines(stack)),
        exception_type=exception_type,
        test_id=test_id,
        location=dotnet_location(stack),
        framework="dotnet",
        tool_hint=infra_hint(message) or hint,
        job=doc.job,
        step=doc.step,
        details=details,
    )
