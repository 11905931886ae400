"""Failures printed over many lines, joined into one record by the log scanner.

A test header waits for the exception its traceback ends with, however long the traceback:
unittest / Django / nose `FAIL: test_x (pkg.mod.Class)`, the `----` separator, `Traceback ...`, then
`AssertionError: ...` (Python's unittest documentation, "Basic example"); pytest's
`____ test_x ____` and `____ ERROR collecting tests/test_x.py ____` blocks ending with `E   ValueError: ...`
or `tests/test_x.py:12: AssertionError`. The header
record takes the exception line as its message, type and line number, keeps its test id, and its context
runs from the header to the exception and the lines that exception's own record shows after it (never into
the next failure's block). A test line repeated with the same message (a surefire summary header
naming its first entry, then the entry itself) is kept once. A package manager's lock error is demoted
to a symptom when a cause follows it (apt waited, then failed for its own reason). A compiler's error about
a name an error just above could not resolve (rustc's ``unresolved import `a::m` `` then ``cannot determine
resolution for the macro `m` ``; gcc's ``'x' was not declared``, then errors using `x`) is that error's
consequence: a symptom of it, never a failure of its own. Under a pytest collection error's header, an
exception pytest raised in its own code is skipped: the module's own exception closes the block. A row of
pytest's short test summary whose message pytest cut to the terminal's width (`- ModuleNotFoundEr...`) takes the
full message of the test's block above it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from classifier.model import MAX_CONTEXT_LINES, ErrorRecord, Role, SourceKind

MAX_BLOCK_LINES = 400  # a header's exception is looked for this far below it
HEAD_LINES = 8  # lines of a header's own context kept when a joined context is cut


def awaits_exception(record: ErrorRecord) -> bool:
    """A test header whose traceback's exception line has not been seen yet."""
    if record.exception_type or not record.test_id or record.kind is not SourceKind.RUNNER:
        return False
    if record.framework == "unittest":
        return record.message.startswith(("FAIL:", "ERROR:"))
    if record.framework == "vitest":  # vitest's ` FAIL  x.test.ts > suite > test`, its error on the next lines
        return record.message.startswith("FAIL")
    return record.framework == "pytest" and record.message.startswith("_")  # `____ test_x ____` headers


def rescued(last: ErrorRecord) -> bool:
    """Whether an exception seen past the scanner's repeat limit is still kept, `last` being the record
    before it: the one a test's header awaits (the 4th of 100 tests failing with one error still shows it;
    every module failing to import shows its `SyntaxError` or `ModuleNotFoundError`, not only the first three)."""
    return awaits_exception(last)


_PY_FRAME = re.compile(r'^\s*(?:File "(?P<file>[^"]+)", line \d+|(?P<pfile>[^\s:]+):\d+: in \S+)')
_PYTEST_OWN = re.compile(r"[\\/]_pytest[\\/]")


def pytest_internal(header: ErrorRecord, record: ErrorRecord) -> bool:
    """Whether the exception under a pytest collection error's header was raised in pytest's own code
    (`_pytest/python.py:209: in fget` / `AttributeError: 'Module' object has no attribute '_obj'`): pytest
    failing while it reports the import, not the cause; the module's own exception follows in the chain."""
    if header.tool_hint != "collection":
        return False
    own = next((i for i in range(len(record.context) - 1, -1, -1) if record.message in record.context[i]), -1)
    for line in reversed(record.context[:own] if own > 0 else ()):
        frame = _PY_FRAME.match(line)
        if frame is not None:
            return bool(_PYTEST_OWN.search(frame.group("file") or frame.group("pfile")))
    return False


def ends_block(header: ErrorRecord, record: ErrorRecord) -> bool:
    """Whether `record` is the exception line that closes the header's block."""
    return (
        bool(record.exception_type)
        and not record.test_id
        and record.role is Role.CAUSE
        and record.kind is SourceKind.RUNNER
        and header.line_start is not None
        and record.line_start is not None
        and 0 < record.line_start - header.line_start <= MAX_BLOCK_LINES
    )


def merge_exception(header: ErrorRecord, record: ErrorRecord) -> ErrorRecord:
    """The header's record with the exception line's message, type and context. pytest's closing
    `tests/x.py:12: AssertionError` line gives the block's first `E   ...` line as the message."""
    message, line = record.message, record.line_start
    first_e = _first_e_line(record.context) if record.tool_hint == "location" else -1
    if first_e >= 0 and line is not None:  # the location line closes its context (after=0)
        message, line = record.context[first_e].lstrip()[1:].strip(), line - (len(record.context) - 1 - first_e)
    return replace(
        header,
        message=message,
        exception_type=record.exception_type,
        line_start=line,  # the line a link points to is the one the message quotes
        line_end=record.line_end,
        context=joined_context(_up_to(header, record.line_start), record.context),
        tool_hint=header.tool_hint if record.tool_hint in ("", "location") else record.tool_hint,  # import, network
        location=header.location or record.location,
    )


def _up_to(header: ErrorRecord, line: int | None) -> tuple[str, ...]:
    """The header's context from its line to just before `line` (the exception's): read past it, the header's
    own lines run on into the next failure's block."""
    own = next((i for i, text in enumerate(header.context) if text.strip() == header.message), -1)
    if own < 0 or line is None or header.line_start is None or line <= header.line_start:
        return header.context
    return header.context[: own + line - header.line_start]


def _first_e_line(context: tuple[str, ...]) -> int:
    """The index of the first line of the last run of pytest's `E   ...` lines (-1: none)."""
    end = max((index for index, line in enumerate(context) if line.lstrip().startswith("E ")), default=-1)
    start = end
    while start > 0 and context[start - 1].lstrip().startswith("E "):
        start -= 1
    return start


def joined_context(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """`first` then what `second` adds after it (their shared lines once; what `second` shows before
    `first` starts is left out); cut in the middle to MAX_CONTEXT_LINES. Lines are compared without their
    indentation (each context lost its own common indent); the added lines take `first`'s."""
    end = _aligned_end(tuple(line.strip() for line in first), tuple(line.strip() for line in second))
    lines = first + _reindented(second[end:], first[-1] if first and end else "", second[end - 1] if end else "")
    if len(lines) <= MAX_CONTEXT_LINES:
        return lines
    head = min(HEAD_LINES, len(first))
    return lines[:head] + lines[len(lines) - (MAX_CONTEXT_LINES - head) :]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _reindented(lines: tuple[str, ...], mine: str, theirs: str) -> tuple[str, ...]:
    """`lines` indented as `first` shows the line `theirs` (the same line as `mine` there)."""
    have, want = _indent(theirs), _indent(mine)
    if want.startswith(have) and want != have:
        return tuple(want[len(have) :] + line if line else line for line in lines)
    if have.startswith(want) and want != have:
        extra = have[len(want) :]
        return tuple(line.removeprefix(extra) for line in lines)
    return lines


def _aligned_end(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """The index in `second` just after its last line shared with `first`'s end (0: nothing shared)."""
    for start in range(len(first)):  # second starts inside first
        size = min(len(first) - start, len(second))
        if first[start : start + size] == second[:size] and (size > 1 or start == len(first) - 1):
            return size
    for start in range(1, len(second)):  # first starts inside second
        size = min(len(second) - start, len(first))
        if second[start : start + size] == first[:size] and size > 1:
            return start + size
    return 0


def repeats_test(records: list[ErrorRecord], record: ErrorRecord) -> bool:
    """The same test and message as one of the last few records, or the exception line a record just above
    already carries (surefire's `<<< FAILURE!` line or `rake aborted!`, then the exception on the next line)."""
    if record.test_id:
        return any(kept.test_id == record.test_id and kept.message == record.message for kept in records[-4:])
    if not records or not record.exception_type:
        return False
    last = records[-1]
    return (
        last.message == record.message
        and (bool(last.test_id) or last.framework != record.framework)  # a header's record, not a repeat
        and last.line_start is not None
        and record.line_start is not None
        and 0 < record.line_start - last.line_start <= 3
    )


def summary_row(records: list[ErrorRecord], pending: dict[str, list[int]], record: ErrorRecord) -> ErrorRecord | None:
    """A pytest `FAILED test - msg` summary row: None when it names the test of an earlier `E   msg` record (that
    record, waiting in `pending` under its message, takes the row's test id), else the row, its message completed
    when pytest cut it (`completed_summary`)."""
    record = completed_summary(records, record)
    waiting = pending.get(record.message)
    if not waiting:
        return record
    index = waiting.pop(0)
    records[index] = replace(records[index], test_id=record.test_id)
    return None


SUMMARY_LOOKBACK = 200  # records looked back for the block a truncated summary row tells again


def completed_summary(records: list[ErrorRecord], record: ErrorRecord) -> ErrorRecord:
    """pytest's `short test summary info` row cut to the terminal's width (`FAILED x.py::t - ModuleNotFoundEr...`)
    with the message of the test's block above it: the block of that test (the same name, its parameters too),
    else one of a parametrisation of the same function, else the latest block naming no test (a trimmed copy).
    Unchanged when no block above starts with the row's text."""
    stem = record.message[:-3].rstrip() if record.message.endswith("...") else ""
    if not stem:
        return record
    name = _test_name(record.test_id)
    ranked: list[tuple[int, ErrorRecord]] = []
    for kept in reversed(records[-SUMMARY_LOOKBACK:]):
        if kept.framework != "pytest" or kept.message.endswith("...") or not kept.message.startswith(stem):
            continue
        other = _test_name(kept.test_id)
        rank = 0 if other == name else 1 if other and _PARAMETERS.sub("", other) == _PARAMETERS.sub("", name) else 2
        if rank < 2 or not other:
            ranked.append((rank, kept))
    if not ranked:
        return record
    full = min(ranked, key=lambda pair: pair[0])[1]
    return replace(record, message=full.message, exception_type=full.exception_type or record.exception_type)


_PARAMETERS = re.compile(r"\[.*\]$")


def _test_name(test_id: str) -> str:
    """The test's own name in a pytest id (`tests/x.py::TestA::test_b[1]` -> `test_b[1]`)."""
    return test_id.rsplit("::", 1)[-1].strip()


def demote_stale_locks(records: list[ErrorRecord]) -> None:
    """A package manager's lock held by another process is the cause only when no cause follows it."""
    later_cause = False
    for index in range(len(records) - 1, -1, -1):
        record = records[index]
        if record.role is not Role.CAUSE:
            continue
        if record.tool_hint == "lock" and later_cause:
            records[index] = replace(record, role=Role.SYMPTOM)
        elif record.tool_hint != "lock":
            later_cause = True


CASCADE_SPAN = 60  # lines from an unresolved name to an error it caused, at most
CASCADE_LOOKBACK = 8  # records looked back for it
_UNRESOLVED = re.compile(
    r"(?i)\bunresolved\b|\bnot found\b|\bcannot find\b|\bcould not find\b|\bcan't find\b|\bundeclared\b"
    r"|\bnot declared\b|\bundefined\b|\bdoes not exist\b|\bno such\b|\bis not a member\b|\bhas no member\b"
)
_QUOTED = re.compile(r"[`\u2018'\"](?P<name>[^`\u2018\u2019'\"\s]{2,200})[`\u2019'\"]")
_SEGMENT = re.compile(r"::|\.|/|->")


@functools.lru_cache(maxsize=1024)
def _names(message: str) -> frozenset[str]:
    """The last segment of each quoted name of a message (`clap::crate_version` -> crate_version); remembered:
    each error is compared with the ones before it."""
    return frozenset({_SEGMENT.split(m.group("name"))[-1].rstrip("!()") for m in _QUOTED.finditer(message)} - {""})


def cascades(records: list[ErrorRecord], record: ErrorRecord) -> bool:
    """Whether a compiler error follows, within CASCADE_SPAN lines, an error of the same compiler that could
    not resolve a name it quotes too: the later one is a consequence of the earlier. The same error again
    (`'x': undeclared identifier` at each use) stays a cause: linking joins it by its message, and it may
    join the failure of an error it sits beside, and so does a repeat of an earlier cause (MSVC prints one
    error at each line it recurs on): the repeat is evidence of that failure, not its consequence."""
    if record.tool_hint != "compilation" or record.role is not Role.CAUSE or record.line_start is None:
        return False
    names = _names(record.message)
    recent = records[-CASCADE_LOOKBACK:]
    if not names or any(earlier.message == record.message and earlier.role is Role.CAUSE for earlier in recent):
        return False
    for earlier in recent:
        if (
            earlier.tool_hint == "compilation"
            and earlier.framework == record.framework
            and earlier.role is Role.CAUSE
            and earlier.message != record.message
            and earlier.line_start is not None
            and 0 < record.line_start - earlier.line_start <= CASCADE_SPAN
            and names & _names(earlier.message)
            and _UNRESOLVED.search(earlier.message)
        ):
            return True
    return False
