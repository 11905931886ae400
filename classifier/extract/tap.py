"""TAP documents (Test Anything Protocol 13 and 14): `node --test --test-reporter=tap`, node-tap, `bats --tap`,
Perl's Test::More under `prove -v`, any producer whose output was saved to a file.

Format: testanything.org/tap-version-13-specification.html and tap-version-14-specification.html: a version
line, a plan `1..N`, test points `ok|not ok [N] [- description] [# TODO|SKIP reason]`, a YAML diagnostics block
under a test point (`---` to `...`, indented), subtests indented by four spaces before the test point that sums
them up (`# Subtest: name` announcing them), `Bail out! reason`; other `#` lines are diagnostics.

One record per failed test point that is not only the sum of its subtests (kind junit, the test-report kind;
framework tap): a `not ok` with a TODO or SKIP directive is no failure; a parent whose subtests failed is left
out (its failure is theirs), one whose subtests were only cancelled (node's `cancelledByParent`, a symptom each)
is the cause. Test id = the names of the enclosing subtests and the point's description, joined by ` › ` (as
jest names nested tests). Message = the YAML `error`/`message` (node:test, node-tap) or the first diagnostic
line under the point (bats' failed command, Test::More's `got`/`expected`), else the values the YAML compares
(tape's `expected:`/`actual:`, however deep the block is indented), else the description; exception type
from YAML `name` (node:test's `AssertionError`, `TypeError`): an assertion is `test`, another error (or node's
`code` other than `ERR_ASSERTION`: the test's code threw) `test_error`, a timeout (`failureType:
testTimeoutFailure`, `timed out`) `timeout`. Location: YAML `location: 'file:line:col'` or `at: {file, line,
column}`, bats' `(in test file x.bats, line 8)`, Test::More's `at t/x.t line 17.`, else the first stack frame
outside node internals. `Bail out!` is a record of its own (a symptom when a test failed before it); a plan that
promises more tests than ran too. A YAML block that never ends is a Problem with its line. Totals: test points
that are not parents; TODO and SKIP ones skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from classifier.extract.reportio import cap, exception_prefix, js_location, one_line, repo_path
from classifier.extract.runners import LineMatch, infra_hint, match_line
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Location, Problem, Role, SourceKind, TestTotals
from classifier.sources.base import Document

HEAD_LINES = 40  # non-blank lines of the head the sniffer weighs
MAX_BLOCK_LINES = 400  # lines of one YAML block kept
MAX_DIAGNOSTICS = 12  # `#` lines kept under a test point

_POINT = re.compile(
    r"^(?P<indent>\s*)(?P<not>not )?ok\b(?:\s+(?P<num>\d+))?\s*(?:-\s*)?(?P<desc>(?:[^#\\]|\\.)*?)"
    r"\s*(?:#\s*(?P<directive>[Tt][Oo][Dd][Oo]|[Ss][Kk][Ii][Pp])\S*(?:\s+(?P<reason>.*))?)?\s*$"
)
_PLAN = re.compile(r"^\s*1\.\.(?P<count>\d+)\b")
_VERSION = re.compile(r"^TAP version 1[34]\s*$", re.IGNORECASE)  # tap-parser's fixtures write `TAP Version 13`
_SUBTEST = re.compile(r"^(?P<indent>\s*)# Subtest:\s*(?P<name>.*)$")
_BAIL = re.compile(r"^\s*Bail out!\s*(?P<reason>.*)$")
_KEY = re.compile(r"^(?P<key>[\w-]+):\s*(?P<value>.*)$")
_BATS_AT = re.compile(r"\(in test file (?P<file>\S+), line (?P<line>\d+)\)")
_PERL_AT = re.compile(r"^at (?P<file>\S+) line (?P<line>\d+)\.?$")
_LOCATION = re.compile(r"^(?:file://)?(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?$")
_BLOCK_SCALARS = ("|", "|-", "|+", ">", ">-", ">+")
_ASSERTION = re.compile(r"(?i)assert|expect")
_TIMEOUT = re.compile(r"(?i)\btimed out\b|\btimeout\b")


def detect(head: Head) -> bool:
    """A text head whose first line is TAP's (version, plan, test point, subtest), as are its unindented lines."""
    first = _first_line(head.raw)
    if first is not None and not _starts_tap(first):
        return False  # most heads: their first line told, the rest neither decoded nor split
    lines = [line for line in head.raw.decode("utf-8", "replace").splitlines() if line.strip()][:HEAD_LINES]
    if not lines:
        return False
    first = lines[0]
    if not _starts_tap(first):
        return False
    if first.startswith((" ", "\t")):
        return False
    top = [line for line in lines if not line.startswith((" ", "\t"))]  # a stack under `ok 290 - x` is no YAML
    return sum(1 for line in top if _tap_shaped(line)) * 5 >= len(top) * 4  # four lines in five at least


FIRST_LINE_BYTES = 4096  # bytes of a head decoded to find its first non-blank line


def _first_line(raw: bytes) -> str | None:
    """The head's first non-blank line, None when the first FIRST_LINE_BYTES may not hold it whole."""
    lines = raw[:FIRST_LINE_BYTES].decode("utf-8", "replace").splitlines()
    whole = len(raw) <= FIRST_LINE_BYTES
    for index, line in enumerate(lines):
        if index == len(lines) - 1 and not whole:
            return None  # perhaps cut
        if line.strip():
            return line
    return None


def _starts_tap(line: str) -> bool:
    return bool(_VERSION.match(line) or _PLAN.match(line) or _SUBTEST.match(line) or _POINT.match(line))


def _tap_shaped(line: str) -> bool:
    return bool(
        line.startswith((" ", "\t", "#"))
        or _VERSION.match(line)
        or _PLAN.match(line)
        or _POINT.match(line)
        or _BAIL.match(line)
    )


@dataclass(slots=True)
class _Point:
    """One test point with what is said under it."""

    line: int
    indent: int
    failed: bool
    directive: str
    name: str
    path: tuple[str, ...]
    yaml: dict[str, str | dict[str, str]] = field(default_factory=dict)
    diagnostics: list[str] = field(default_factory=list)
    parent: bool = False


@dataclass(slots=True)
class _Reader:
    points: list[_Point] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    subtests: dict[int, str] = field(default_factory=dict)  # indent -> the announced subtest's name
    plan: int | None = None
    bail: tuple[int, str] | None = None


def extract(doc: Document) -> Extraction:
    reader = _Reader()
    try:
        with doc.opener() as stream:
            _read(doc, [raw.decode("utf-8", "replace").rstrip("\r\n") for raw in stream], reader)
    except OSError as exc:
        return Extraction(problems=(Problem(doc.name, f"could not read: {exc}"),))
    if not reader.points and reader.bail is None:
        problem = Problem(doc.name, "not a TAP document (no test points)", kind="unsupported")
        return Extraction(problems=(*reader.problems, problem))
    records, capped = cap(doc, _records(doc, reader))
    return Extraction(records, (*reader.problems, *capped), _totals(reader.points))


def _read(doc: Document, lines: list[str], reader: _Reader) -> None:
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        subtest = _SUBTEST.match(line)
        if subtest:
            indent = len(subtest.group("indent"))
            reader.subtests = {k: v for k, v in reader.subtests.items() if k < indent}
            reader.subtests[indent] = subtest.group("name").strip()
            continue
        point = _POINT.match(line)
        if point:
            index = _point(doc, lines, index, point, reader)
            continue
        plan = _PLAN.match(line)
        if plan and not line.startswith((" ", "\t")):
            reader.plan = int(plan.group("count"))
            continue
        bail = _BAIL.match(line)
        if bail and reader.bail is None:
            reader.bail = (index, bail.group("reason").strip())


def _point(doc: Document, lines: list[str], index: int, m: re.Match[str], reader: _Reader) -> int:
    indent = len(m.group("indent").expandtabs())
    name = m.group("desc").replace("\\#", "#").strip() or f"test {m.group('num') or ''}".strip()
    parents = tuple(reader.subtests[k] for k in sorted(reader.subtests) if k < indent)
    if parents and parents[-1] == name:
        parents = parents[:-1]  # node announces a test as a subtest of the level it is in
    reader.subtests = {k: v for k, v in reader.subtests.items() if k < indent}
    directive = (m.group("directive") or "").upper()
    point = _Point(index, indent, bool(m.group("not")), directive, name, parents)
    point.parent = bool(reader.points) and reader.points[-1].indent > indent  # its subtests came just before
    reader.points.append(point)
    if index < len(lines) and lines[index].strip() == "---" and _indent(lines[index]) > indent:
        index = _yaml(doc, lines, index, point, reader)
    while index < len(lines) and lines[index].lstrip().startswith("#") and not _SUBTEST.match(lines[index]):
        if len(point.diagnostics) < MAX_DIAGNOSTICS:
            point.diagnostics.append(lines[index].strip().lstrip("#").strip())
        index += 1
    return index


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _yaml(doc: Document, lines: list[str], index: int, point: _Point, reader: _Reader) -> int:
    """The YAML block from its `---` line: a small subset (scalars, block scalars, one nested mapping)."""
    start = index
    base = _indent(lines[index])
    index += 1
    block: list[str] = []
    while index < len(lines):
        line = lines[index]
        if line.strip() == "..." and _indent(line) == base:
            point.yaml = _mapping(_dedent(block))
            return index + 1
        if line.strip() and _indent(line) < base:
            break
        if len(block) < MAX_BLOCK_LINES:
            block.append(line[base:] if len(line) >= base else line.strip())
        index += 1
    reader.problems.append(Problem(doc.name, "TAP YAML block without its closing '...'", start + 1))
    point.yaml = _mapping(_dedent(block))
    return index


def _dedent(block: list[str]) -> list[str]:
    """The block's lines without the indentation they share (tape indents its keys two more than `---`)."""
    width = min((_indent(line) for line in block if line.strip()), default=0)
    return [line[width:] for line in block]


def _mapping(block: list[str]) -> dict[str, str | dict[str, str]]:
    found: dict[str, str | dict[str, str]] = {}
    index = 0
    while index < len(block):
        m = _KEY.match(block[index])
        index += 1
        if m is None:
            continue
        key, value = m.group("key"), m.group("value").strip()
        if value in _BLOCK_SCALARS or not value:
            inner: list[str] = []
            while index < len(block) and (not block[index].strip() or block[index].startswith((" ", "\t"))):
                inner.append(block[index])
                index += 1
            width = min((_indent(line) for line in inner if line.strip()), default=0)
            text = [line[width:] for line in inner]
            if value:
                found[key] = "\n".join(text).strip("\n")
            else:
                nested = {n.group("key"): _scalar(n.group("value")) for line in text if (n := _KEY.match(line))}
                found[key] = nested if nested else "\n".join(text).strip()
        else:
            found[key] = _scalar(value)
    return found


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\n", "\n")
    return value


def _text(point: _Point, key: str) -> str:
    value = point.yaml.get(key, "")
    return value if isinstance(value, str) else ""


def _records(doc: Document, reader: _Reader) -> Iterator[ErrorRecord]:
    causes = 0
    for position, point in enumerate(reader.points):
        if not point.failed or point.directive:
            continue
        if point.parent and _failed_child(point, reader.points[:position]):
            continue
        record = _record(doc, point)
        causes += record.role is Role.CAUSE
        yield record
    ran = sum(1 for point in reader.points if point.indent == 0)
    if reader.bail is not None:
        line, reason = reader.bail
        message = f"Bail out! {reason}".strip()
        yield _run_record(doc, message, line, Role.SYMPTOM if causes else Role.CAUSE)
    elif reader.plan is not None and ran < reader.plan and not causes:
        yield _run_record(doc, f"planned {reader.plan} tests, ran {ran}", None, Role.CAUSE)


def _failed_child(parent: _Point, before: list[_Point]) -> bool:
    """Whether a subtest of this parent (the points just before it, deeper) failed on its own (not only
    cancelled with it)."""
    for child in reversed(before):
        if child.indent <= parent.indent:
            break
        if child.failed and not child.directive and _text(child, "failureType") != "cancelledByParent":
            return True
    return False


def _record(doc: Document, point: _Point) -> ErrorRecord:
    error = _text(point, "error") or _text(point, "message")
    said = _said(point)
    message = one_line(_paragraph(error)) or said or _compared(point) or point.name
    name = _text(point, "name") or exception_prefix(error)
    crash = _crash_told(point.diagnostics)
    if crash is not None:  # the test's process died: its crash report, printed as diagnostics, is the failure
        message, error, name = crash.message, "", ""
    failure_type = _text(point, "failureType")
    code = _text(point, "code")
    hint = "test" if not name or _ASSERTION.search(name) else "test_error"
    if code and code != "ERR_ASSERTION" and not name and failure_type != "cancelledByParent":
        hint = "test_error"  # node:test: the test's code threw (`ERR_TEST_FAILURE`), no assertion failed
    if failure_type == "testTimeoutFailure" or (failure_type and _TIMEOUT.search(error)):
        hint = "timeout"
    cancelled = failure_type == "cancelledByParent"
    stack = _text(point, "stack")
    context = [line for line in (error or "").splitlines() if line.strip()] + point.diagnostics
    context += [line for line in stack.splitlines() if line.strip()][:10]
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        line_start=point.line,
        line_end=point.line,
        context=bounded_context(context),
        role=Role.SYMPTOM if cancelled else Role.CAUSE,
        exception_type=crash.exception_type if crash else name if name and " " not in name else "",
        test_id=" › ".join((*point.path, point.name)),
        location=_location(point, stack),
        framework="tap",
        tool_hint="crash" if crash else infra_hint(message) or hint,
        job=doc.job,
        step=doc.step,
        details=f"format=tap; failureType={failure_type}" if failure_type else "format=tap",
    )


def _crash_told(diagnostics: list[str]) -> LineMatch | None:
    """A crash report among a point's diagnostics (libuv's `# WARNING: ThreadSanitizer: data race` under the
    `not ok` of the test whose process raced), as the log scanner's line matchers read it."""
    for line in diagnostics:
        found = match_line(line) if line else None
        if found is not None and found.tool_hint == "crash" and found.role is Role.CAUSE:
            return found
    return None


def _compared(point: _Point) -> str:
    """The values an assertion compared, when its YAML block gives no message (tape's `expected:`/`actual:`,
    node-tap's `wanted:`/`found:`): `should be equal: expected 100, actual 107`."""
    expected = _text(point, "expected") or _text(point, "wanted")
    actual = _text(point, "actual") or _text(point, "found") or _text(point, "got")
    if not expected and not actual:
        return ""
    return one_line(f"{point.name}: expected {expected or '?'}, actual {actual or '?'}".lstrip(": "))


def _paragraph(text: str) -> str:
    """The first three lines that say something (node's assertion message has blank lines between)."""
    return "\n".join([line for line in text.splitlines() if line.strip()][:3])


def _said(point: _Point) -> str:
    """The first diagnostic under the point that is not its place or a restatement of the failure."""
    for line in point.diagnostics:
        if not line or _BATS_AT.search(line) or _PERL_AT.match(line) or line.startswith(("Failed test", "Looks like")):
            continue
        return one_line(line)
    return ""


def _location(point: _Point, stack: str) -> Location | None:
    where = _text(point, "location") or _text(point, "at")
    m = _LOCATION.match(where.strip()) if where else None
    if m:
        col = m.group("col")
        return Location(repo_path(m.group("file")), int(m.group("line")), int(col) if col else None)
    at = point.yaml.get("at")
    if isinstance(at, dict) and at.get("file") and at.get("line", "").isdecimal():
        col = at.get("column", "")
        return Location(repo_path(at["file"]), int(at["line"]), int(col) if col.isdecimal() else None)
    for line in point.diagnostics:
        found = _BATS_AT.search(line) or _PERL_AT.match(line)
        if found:
            return Location(repo_path(found.group("file")), int(found.group("line")))
    return js_location(stack) if stack else None


def _run_record(doc: Document, message: str, line: int | None, role: Role) -> ErrorRecord:
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        line_start=line,
        line_end=line,
        role=role,
        framework="tap",
        tool_hint="test_error",
        job=doc.job,
        step=doc.step,
        details="format=tap",
    )


def _totals(points: list[_Point]) -> TestTotals:
    leaves = [point for point in points if not point.parent]
    failed = sum(1 for point in leaves if point.failed and not point.directive)
    skipped = sum(1 for point in leaves if point.directive)
    return TestTotals(len(leaves), failed, skipped)


FORMAT = Format("tap", (Structure.TEXT,), detect, extract)
