"""Which records of one job show the same failure: the union of a few explicit links.

Two causes are one failure when they name the same test (ids compared canonically), carry the same normalised
message (unless they name different tests; a reporter's leading `✗` mark aside), continue each other (adjacent lines
of one tool without location or test), form one exception chain (`Caused by:`, `During handling of the above
exception`, `The above exception was the direct cause`), are findings of one linter's report one after the other
(`path:line: msg` lines of a style or quality checker: one gate failed), are a compiler's diagnostics at one place
(`x.h(89)`: the cascade of one error, or one header's error repeated by every unit including it; distinct errors
elsewhere stay distinct failures, at most REPORT_CAP per report, the rest joining the report's first), or are a
test's header and the first exception of its traceback (pytest's `ERROR collecting x.py` and the `E SyntaxError`
under it), or are one exception thrown at one place (same type, same normalised message, same throw site: the first
stack frame outside the JDK and the test libraries, or a Python traceback's last frame) in different tests: 300
tests that fail in one broken initialiser are one failure, while failed assertions (each test's own check, even in a
shared helper) stay apart; or are a race report and the Go test that failed for it alone (`join_races`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from classifier.fastinit import fast_init
from classifier.link.shapes import Shape
from classifier.link.testids import loose, same_test
from classifier.model import ErrorRecord, Occurrence

PYTHON_CHAIN = ("During handling of the above exception", "direct cause of the following exception")
CHAIN_SPAN = 150  # lines between two exceptions of one chain, at most
CONTINUATION_SPAN = 2
REPORT_SPAN = 6  # lines between two findings of one tool's report (a compiler's source and caret lines)
REPORT_CAP = 5  # distinct compiler errors of one report shown as failures; the others join its first
_LINT_HINTS = frozenset({"lint", "checkstyle", "javadoc", "license", "pmd", "findbugs", "spotbugs", "format"})
SECTION_SPAN = 60  # a test's header to the first exception of its traceback, at most
_JAVA_FRAME = re.compile(r"^\s*at (?P<where>[\w$.<>/-]+\([^()]*\))")
_PY_FRAME = re.compile(  # a traceback's `File "x.py", line 3, in f`, or pytest's long format `x.py:3: in f`
    r'^\s*(?:File "(?P<file>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>\S+))?'
    r"|(?P<pfile>[^\s:]+):(?P<pline>\d+): in (?P<pfunc>\S+))"
)
# Frames of the JDK, of test runners and of assertion libraries: where every test's exception passes through.
_LIBRARY_FRAME = re.compile(
    r"^(?:java|javax|jdk|sun|com\.sun|org\.junit|junit|org\.assertj|org\.hamcrest|org\.testng|org\.mockito"
    r"|org\.opentest4j|org\.spockframework|org\.codehaus\.groovy|groovy|kotlin|scala)\."
)
_PY_LIBRARY = re.compile(r"[\\/](?:unittest|_pytest|pytest|nose|nose2)[\\/]")
# A Ruby backtrace's frame: RSpec's `# ./app/x.rb:8:in 'm'` (its `Caused by:` part indents it further), a plain
# `app/x.rb:8:in 'm'` (minitest, an uncaught exception's `from x.rb:8:in`); templates are frames too (`x.html.erb`)
_RB_FRAME = re.compile(r"^\s*(?:#\s+)?(?:from\s+)?(?P<file>[^\s:#]+\.(?:rb|erb|haml|slim|rake)):(?P<line>\d+):in\b")
# ... of installed gems, Ruby's own library and the test frameworks: where every test's exception passes through
_RB_LIBRARY = re.compile(r"[\\/](?:gems|rubygems|lib[\\/]ruby|bundle|rspec-\w+|minitest)[\\/-]")
_RB_EXAMPLE = re.compile(r"^\s*(?:\d+\) \S|Failure/Error: )")  # the next example's header: its frames are not ours
_PHP_FRAME = re.compile(r"^\s*(?P<file>\S+\.php):(?P<line>\d+)$")  # PHPUnit's trace under a case: `/app/x.php:12`
_ASSERTION = re.compile(r"(?i)assert|ComparisonFailure")  # AssertionError, AssertionFailedError, ...


@fast_init
@dataclass(frozen=True, slots=True)
class Item:
    """One occurrence of a job with its place: which input, which position in it, its shape."""

    index: int  # position in the job's flat list
    source: int  # index of the input within the job
    occurrence: Occurrence
    shape: Shape
    test: str  # canonical test id, "" when none

    @property
    def line(self) -> int:
        return self.occurrence.record.line_start or 0


def renumbered(items: Iterable[Item]) -> list[Item]:
    """The items that are left after some were set aside, each given its new position as its index (an item
    already there is kept as it is: most are, as few items are set aside)."""
    return [
        item if item.index == index else Item(index, item.source, item.occurrence, item.shape, item.test)
        for index, item in enumerate(items)
    ]


class Union:
    """Union-find over item indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _own_line(record: ErrorRecord) -> int:
    """Where the record's own line is in its context (-1 when it is not there)."""
    message = record.message.strip()
    if not message:
        return -1
    for index in range(len(record.context) - 1, -1, -1):
        if message in record.context[index]:
            return index
    return -1


def caused_by(item: Item) -> bool:
    """A Java `Caused by:` link: the cause of the exception before it (the last one is the root)."""
    record = item.occurrence.record
    return bool(record.exception_type) and _caused_at(record, _own_line(record))


def _caused_at(record: ErrorRecord, own: int) -> bool:
    line = record.context[own] if own >= 0 else record.message
    return line.lstrip().startswith("Caused by")


def python_chained(item: Item) -> bool:
    """A Python exception raised while handling the one before it (the first one is the root)."""
    record = item.occurrence.record
    return bool(record.exception_type) and _handled_at(record, _own_line(record))


def _handled_at(record: ErrorRecord, own: int) -> bool:
    before = record.context[:own] if own >= 0 else ()
    return any(m in line for line in before for m in PYTHON_CHAIN)


def is_chained(item: Item) -> bool:
    """Whether the record is a later link of an exception chain (its own line found once for both tests)."""
    record = item.occurrence.record
    if not record.exception_type:
        return False
    own = _own_line(record)
    return _caused_at(record, own) or _handled_at(record, own)


def throw_site(item: Item) -> str:
    """Where the record's exception was thrown: the first Java frame under its line outside the JDK and
    the test libraries, else the last Python frame above it outside the test runners, else the first Ruby or
    PHP frame under it outside gems, vendor/ and the test frameworks; "" when none. Its line is the first in
    its context that carries its message (a context may run into the next test's)."""
    record = item.occurrence.record
    message = record.message.strip()
    if not record.exception_type or not message or _ASSERTION.search(record.exception_type):
        return ""
    own = next((index for index, line in enumerate(record.context) if message in line), -1)
    if own < 0:
        return ""
    for line in record.context[own + 1 :]:
        m = _JAVA_FRAME.match(line)
        if m is None:
            break
        if not _LIBRARY_FRAME.match(m.group("where")):
            return m.group("where")
    for line in reversed(record.context[:own]):
        m = _PY_FRAME.match(line)
        file = m.group("file") or m.group("pfile") if m is not None else ""
        if m is not None and not _PY_LIBRARY.search(file):
            return f"{file}:{m.group('line') or m.group('pline')}:{m.group('func') or m.group('pfunc') or ''}"
    return _script_site(record.context[own + 1 :])


def _script_site(after: Sequence[str]) -> str:
    """The first Ruby frame below an exception's line (RSpec prints its class and message between them) outside
    gems and the test frameworks, or PHPUnit's first trace line outside vendor/, before the next example or
    case; "" when none."""
    for line in after:
        if _RB_EXAMPLE.match(line):
            break
        m = _RB_FRAME.match(line)
        if m is not None and not _RB_LIBRARY.search(m.group("file")):
            return f"{m.group('file').removeprefix('./')}:{m.group('line')}"
        m = _PHP_FRAME.match(line)
        if m is not None and "/vendor/" not in m.group("file"):
            return f"{m.group('file')}:{m.group('line')}"
    return ""


def link_causes(causes: Sequence[Item], union: Union) -> None:
    """Join the causes that show one failure (see the module docstring)."""
    by_test: dict[str, list[Item]] = {}  # by the id's last two words (`_test_key`)
    family: dict[str, Item] = {}  # every dotted prefix of a test id seen -> an item under it
    by_message: dict[str, _Said] = {}
    by_site: dict[tuple[str, str, str], Item] = {}  # (exception type, message, throw site) -> first item
    by_place: dict[tuple[str, str, str, int], Item] = {}  # a compiler diagnostic's (tool, file, line) -> first
    report: list[Item] = []  # the current report's first finding, then one item per distinct failure
    previous: Item | None = None
    for item in causes:
        site = throw_site(item)
        if site:
            key = (item.occurrence.record.exception_type, item.occurrence.normalized.text, site)
            union.join(by_site.setdefault(key, item).index, item.index)
        if item.test:
            named = by_test.setdefault(_test_key(item.test), [])
            for other in named:
                if same_test(other.test, item.test):
                    union.join(other.index, item.index)
                    break
            named.append(item)
            _join_family(item, family, union)
        said = by_message.setdefault(_said(item), _Said())
        same = said.first_joinable(item)
        if same is not None:
            union.join(same.index, item.index)
        said.add(item)
        place = _place(item)
        if place is not None:
            union.join(by_place.setdefault(place, item).index, item.index)
        if previous is not None and previous.source == item.source and _follows(previous, item):
            union.join(previous.index, item.index)
        report = _capped(report, previous, item, union)
        previous = item


_MARK = re.compile(r"^[✗✖✘❌×]\s*")  # a test reporter's failure mark (xcpretty's `✗ testX, msg`; its recap has none)


def _said(item: Item) -> str:
    """The normalised message without a reporter's leading failure mark."""
    return _MARK.sub("", item.occurrence.normalized.text)


class _Said:
    """The causes that carry one normalised message, indexed so that the first one an item may join (any
    for an item without a test; else one without a test or naming the same test) is found without comparing
    it with every other: two ids that name one test end in the same two words (`same_test`, `_test_key`)."""

    __slots__ = ("by_word", "first", "untested")

    def __init__(self) -> None:
        self.first: Item | None = None
        self.untested: Item | None = None  # the first without a test
        self.by_word: dict[str, list[Item]] = {}  # items with a test, by the id's last two words (`_test_key`)

    def first_joinable(self, item: Item) -> Item | None:
        if not item.test:
            return self.first
        named = self.by_word.get(_test_key(item.test), ())
        same = next((other for other in named if same_test(item.test, other.test)), None)
        if same is None or (self.untested is not None and self.untested.index < same.index):
            return self.untested
        return same

    def add(self, item: Item) -> None:
        if self.first is None:
            self.first = item
        if item.test:
            self.by_word.setdefault(_test_key(item.test), []).append(item)
        elif self.untested is None:
            self.untested = item


def _test_key(test: str) -> str:
    """The last two words of a canonical id (its only one when it has one): two ids that name one test (`same_test`:
    equal, or one a dotted suffix of the other) share them, so only ids with the same key are compared (the last
    word alone, `test` in a suite whose tests are all `FooTest.test`, left hundreds to compare each time)."""
    return ".".join(loose(test).rsplit(".", 2)[-2:])


def _join_family(item: Item, family: dict[str, Item], union: Union) -> None:
    """A failed parent (go test, test class, test module) and its failed child are one failure."""
    parts = item.test.split(".")
    for depth in range(1, len(parts)):
        parent = family.get(".".join(parts[:depth]))
        if parent is not None and parent.test == ".".join(parts[:depth]):
            union.join(parent.index, item.index)
    child = family.get(item.test)
    if child is not None and child.test != item.test:
        union.join(child.index, item.index)
    for depth in range(1, len(parts) + 1):
        family.setdefault(".".join(parts[:depth]), item)


def _follows(previous: Item, item: Item) -> bool:
    """The next cause of the same input continues the previous one, is the next link of its chain, or the
    exception under a test's header."""
    chained = bool(previous.occurrence.record.exception_type) and is_chained(item) and _near(previous, item)
    return chained or _continues(previous, item) or _under(previous, item) or _one_report(previous, item)


def _under(header: Item, item: Item) -> bool:
    """The first exception after a test's header, in the same input, is the one that failed it; a test
    failure that carries its own reason with its place (ScalaTest's `(Spec.scala:12)`) is no bare header."""
    record = item.occurrence.record
    return (
        bool(header.test)
        and header.occurrence.record.location is None
        and not item.test
        and bool(record.exception_type)
        and record.location is None
        and 0 < item.line - header.line <= SECTION_SPAN
    )


def _near(a: Item, b: Item) -> bool:
    return 0 <= b.line - a.line <= CHAIN_SPAN


def _one_report(a: Item, b: Item) -> bool:
    """Findings of one linter's report, one after the other (a checker's `path:line: msg` lines): the gate
    they failed is one failure, led by its first finding. A compiler's distinct errors stay apart."""
    return _in_report(a, b) and a.occurrence.record.tool_hint in _LINT_HINTS


def _in_report(a: Item, b: Item) -> bool:
    """`b` is the next finding of the tool report `a` belongs to (located, no test or exception, one tool)."""
    ra, rb = a.occurrence.record, b.occurrence.record
    located = ra.location is not None and rb.location is not None
    plain = not (a.test or b.test or ra.exception_type or rb.exception_type)
    same_tool = (ra.framework, ra.tool_hint) == (rb.framework, rb.tool_hint)
    return located and plain and same_tool and 0 < b.line - a.line <= REPORT_SPAN


def _place(item: Item) -> tuple[str, str, str, int] | None:
    """Where a compiler's diagnostic points (its tool, file and line), for one not from a linter."""
    record = item.occurrence.record
    location = record.location
    if location is None or not location.line or item.test or record.exception_type or record.tool_hint in _LINT_HINTS:
        return None
    return record.framework, record.tool_hint, location.file, location.line


def _capped(report: list[Item], previous: Item | None, item: Item, union: Union) -> list[Item]:
    """The report `item` belongs to, as its first finding then one item per distinct failure; a finding
    past REPORT_CAP distinct failures joins the report's first."""
    if previous is None or previous.source != item.source or not _in_report(previous, item):
        return [item] if _place(item) is not None else []
    if not report:
        return report
    root = union.find(item.index)
    if any(union.find(member.index) == root for member in report):
        return report
    if len(report) >= REPORT_CAP:
        union.join(report[0].index, item.index)
        return report
    return [*report, item]


def _continues(a: Item, b: Item) -> bool:
    ra, rb = a.occurrence.record, b.occurrence.record
    plain = not (ra.location or rb.location or a.test or b.test or ra.exception_type or rb.exception_type)
    return plain and ra.framework == rb.framework and 0 < b.line - a.line <= CONTINUATION_SPAN


RACE_NOTE = "race detected during execution of test"  # Go's testing package, under the test the race failed
RACE_SPAN = 400  # lines between a race report and the note of the test it failed, at most
RACE_NEAR = 2  # lines between the note and its test's `--- FAIL` line (go prints it above or below), at most


def join_races(items: Sequence[Item], union: Union) -> None:
    """Go's `testing.go:N: race detected during execution of test`, next to its test's `--- FAIL` line, failed
    the test for the race report printed before it in the same input (`WARNING: DATA RACE`, a crash report by
    its shape): when the test's own record says no more than its `--- FAIL: TestX` header, the test failed for
    the race alone, and they are one failure (a test that also failed its own check stays one of its own)."""
    for note in items:
        record = note.occurrence.record
        if note.shape is not Shape.SYMPTOM or RACE_NOTE not in record.message:
            continue
        tests = [
            item
            for item in items
            if item.test and item.source == note.source and 0 < abs(item.line - note.line) <= RACE_NEAR
        ]
        races = [
            item
            for item in items
            if item.source == note.source
            and item.occurrence.record.tool_hint == "crash"
            and 0 < note.line - item.line <= RACE_SPAN
        ]
        bare = [item for item in tests if item.occurrence.record.message.startswith("--- FAIL: ")]
        if races and bare and len(bare) == len(tests):
            race = max(races, key=lambda item: item.line)
            for test in bare:
                union.join(race.index, test.index)
