"""The lines of the step running at a given line of a log, kept while the scanner reads it (no second pass).

A step starts at `##[group]Run x` (GitHub Actions), `$ x` (Travis, GitLab), Maven's `[INFO] --- plugin:goal
---`, Gradle's `> Task :x` or Azure's `##[section]Starting: x`; the lines of a `##[group]` after such a start
(the command echo, `shell:`, `env:`) up to its `##[endgroup]` are not the step's output. A step's window is
its last WINDOW non-blank lines before a given line, cleaned (text.py), with their line numbers.

`StepIndex` follows the scanner's chunks (logread.iter_chunks): in a chunk only the lines that can start
a step or end a group are found (one Aho-Corasick pass over the raw bytes for the literals the step starts
begin with) and cleaned, and only when a window is asked for or the next chunk comes (most logs are one
chunk and need no window; the step at a record's line needs only the CI system's step starts and group
ends, so Maven's and Gradle's section lines are cleaned only for a window); a window is read backwards
from its line, at most WINDOW lines. Across chunks the index carries the running step's command and its
last WINDOW lines, so memory stays bounded; the lines after a line are read from the last chunk.
`read_window` is the same window read from a stream (for a line the index no longer holds).
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from classifier.extract.text import clean, clip
from classifier.fastinit import fast_init

WINDOW = 300  # lines before the marker kept, at most
MAX_READ_LINE = 64 << 10  # bytes of a line read from a stream; the rest of a longer line is skipped
COMMAND_CHARS = 200

BOUNDARY = re.compile(
    r"^(?:##\[group\]Run (?P<gha>.+)|\$ (?P<sh>.+)|\[INFO\] --- (?P<mvn>[\w.-]+:[\w.-]+:[\w.-]+ .*?) ---\s*$"
    r"|> Task (?P<gradle>:\S+)|##\[section\]Starting: (?P<azure>.+))"
)
END_GROUP = "##[endgroup]"
# Every line BOUNDARY or END_GROUP can match (once cleaned) holds one of these literals in its raw bytes
# (Buildkite colours the prompt: `$\e[0m cmd`).
_LITERALS = (b"##[group]Run ", END_GROUP.encode(), b"$ ", b"$\x1b", b"--- ", b"Task :", b"##[section]Starting: ")
_LITERAL_FINDER = BytesAhoCorasick(
    list(_LITERALS), matchkind=MatchKind.LeftmostFirst, implementation=Implementation.DFA
)
# A build tool's section (Maven's, Gradle's) keeps the CI system's step and group, so the CI system's steps
# alone (command_at) are found by its own literals (Maven's `--- ` lines are 3/4 of the hits in BugSwarm logs).
_TOOL_LITERALS = frozenset(index for index, literal in enumerate(_LITERALS) if literal in (b"--- ", b"Task :"))
_CI_FINDER = BytesAhoCorasick(
    [literal for index, literal in enumerate(_LITERALS) if index not in _TOOL_LITERALS],
    matchkind=MatchKind.LeftmostFirst,
    implementation=Implementation.DFA,
)
_CI_ONLY, _ALL = 1, 2  # the events found: the CI system's steps (command_at), or every step start as well


@fast_init
@dataclass(frozen=True, slots=True)
class WindowLine:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Window:
    """The step's command ("" when none started) and its last lines before the asked line."""

    command: str
    lines: tuple[WindowLine, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class _State:
    """Where the running step stands after a line: its command, whether its group header is still open,
    and the buffer offset from which its output lines count (-1: before this chunk)."""

    command: str = ""
    in_group: bool = False
    keep_from: int = -1
    ci_command: str = ""  # the CI system's step (`##[group]Run x`, `$ x`, Azure's section), not a tool's section


def _step(state: _State, text: str, next_line: int) -> _State:
    """The state after a line (cleaned text) that ends at buffer offset next_line - 1."""
    if state.in_group:
        return state if not text.startswith(END_GROUP) else _State(state.command, False, next_line, state.ci_command)
    m = BOUNDARY.match(text)
    if m is None:
        return state
    command = clip(next(part for part in m.groups() if part), COMMAND_CHARS)
    tool = m.group("mvn") or m.group("gradle")  # a build tool's section within the CI step
    return _State(command, text.startswith("##[group]"), next_line, state.ci_command if tool else command)


@dataclass
class StepIndex:
    """Step starts of the chunk at hand (offset, line number, state after the line) and the carried step.

    The scanner notes the offset of each line it matches in `offsets` (line number -> offset), so a
    window's end is found without counting lines, and a step start's line (or the chunk's last) is counted
    from the nearest noted line before it: the chunk's lines are counted once, by the scanner.
    """

    buf: bytes = b""
    start: int = 0  # offset of the chunk's new text
    first_new: int = 1  # line number at `start`
    found: int = 0  # which of this chunk's events `events` holds: none yet, _CI_ONLY or _ALL
    events: list[tuple[int, int, _State]] = field(default_factory=list)
    event_lines: list[int] = field(default_factory=list)  # the events' line numbers, for bisect
    offsets: dict[int, int] = field(default_factory=dict)
    carried: _State = field(default_factory=_State)
    carried_lines: tuple[WindowLine, ...] = ()
    kept: dict[int, Window] = field(default_factory=dict)  # windows of earlier chunks, by line
    at_end: bool = False  # the chunk at hand is the log's last (the scan read it all)

    def enter(self, buf: bytes, start: int, first_line: int) -> None:
        """Move to the next chunk: the running step's last lines are carried over."""
        if self.buf:
            self._find_events()
            end = self.events[-1][2] if self.events else self.carried
            last = self._window_at(self._line_after_last(), len(self.buf))
            self.carried, self.carried_lines = _State(end.command, end.in_group, ci_command=end.ci_command), last.lines
        self.buf, self.start = buf, start
        self.first_new = first_line + buf.count(b"\n", 0, start)
        self.events, self.event_lines, self.offsets, self.found = [], [], {}, 0

    def _find_events(self, wanted: int = _ALL) -> None:
        """The chunk's step starts and group ends, found once, when a window or the next chunk needs them
        (_ALL), or only those the CI system's step depends on (_CI_ONLY: the step at a record's line)."""
        if self.found >= wanted:
            return
        self.found = wanted
        self.events, self.event_lines = [], []
        buf, start = self.buf, self.start
        state, line_no, counted, seen_to = self.carried, self.first_new, start, -1
        known_lines, known_starts = list(self.offsets), list(self.offsets.values())
        finder = _CI_FINDER if wanted == _CI_ONLY else _LITERAL_FINDER
        for _index, pos, _stop in finder.find_matches_as_indexes(buf):
            if pos < start or pos <= seen_to:
                continue
            line_start = buf.rfind(b"\n", 0, pos) + 1
            seen_to = buf.find(b"\n", pos)
            if seen_to < 0:
                seen_to = len(buf)
            known = bisect.bisect_right(known_starts, line_start) - 1
            if known >= 0 and known_starts[known] > counted:  # count on from the scanner's nearest line
                line_no, counted = known_lines[known], known_starts[known]
            line_no += buf.count(b"\n", counted, line_start)
            counted = line_start
            after = _step(state, clean(buf[line_start:seen_to]).text, seen_to + 1)
            if after is not state:
                self.events.append((line_start, line_no, after))
                self.event_lines.append(line_no)
                state = after

    def command_at(self, line: int) -> str | None:
        """The command of the CI system's step running at `line` of the chunk at hand ("" before any step; a
        Maven or Gradle section is part of it: Gradle prints a task's output before its `> Task :x FAILED`),
        None when the chunk does not hold the line."""
        if not self.buf or line < self.first_new:
            return None
        self._find_events(_CI_ONLY)
        before = bisect.bisect_left(self.event_lines, line)
        return (self.events[before - 1][2] if before else self.carried).ci_command

    def tail(self, count: int) -> list[WindowLine]:
        """The log's last `count` non-blank cleaned lines, when the chunk at hand is its last."""
        if not self.at_end or not self.buf:
            return []
        return _lines_back(self.buf, 0, len(self.buf), self._line_after_last(), count)

    def _line_after_last(self) -> int:
        """The number of the line after the chunk's last, counted from the scanner's last line (the lines
        before it are counted once, by the scanner)."""
        line, offset = next(reversed(self.offsets.items()), (self.first_new, self.start))
        return line + self.buf.count(b"\n", offset)

    def keep(self, line: int) -> None:
        """Keep the window before `line` (of the chunk at hand) for after the chunk is gone."""
        window = self.window(line)
        if window is not None:
            self.kept[line] = window

    def lines_after(self, line: int) -> Iterator[WindowLine] | None:
        """The cleaned lines after `line` to the end of the log, if the chunk at hand holds `line` and is the
        log's last."""
        begin = self.offsets.get(line)
        return None if begin is None or not self.at_end else _lines_forward(self.buf, begin, line)

    def window(self, line: int) -> Window | None:
        """The window of the step running at `line` (its lines before it), if the index can tell."""
        if line in self.kept:
            return self.kept[line]
        if not self.buf or line < self.first_new:
            return None
        self._find_events()
        end = self.offsets.get(line)
        if end is None:
            pos, line_no = self.start, self.first_new
            for line_start, event_line, _after in self.events:
                if event_line > line:
                    break
                pos, line_no = line_start, event_line
            end = _line_offset(self.buf, pos, line_no, line)
        return None if end < 0 else self._window_at(line, end)

    def _window_at(self, line: int, end: int) -> Window:
        state = self.carried
        for _start, event_line, after in self.events:
            if event_line >= line:
                break
            state = after
        if state.in_group:
            return Window(state.command, ())
        floor = state.keep_from if state.keep_from >= 0 else self.start
        lines = _lines_back(self.buf, floor, end, line, WINDOW)
        if state.keep_from < 0 and len(lines) < WINDOW:
            lines = [*self.carried_lines[max(0, len(self.carried_lines) + len(lines) - WINDOW) :], *lines]
        return Window(state.command, tuple(lines))


def _line_offset(buf: bytes, pos: int, line_no: int, line: int) -> int:
    """The offset where `line` starts, from the start `pos` of line `line_no` (len(buf) just past the
    chunk's last line, -1 further)."""
    while line_no < line:
        found = buf.find(b"\n", pos)
        if found < 0:
            return -1
        pos, line_no = found + 1, line_no + 1
    return pos


def _lines_forward(buf: bytes, begin: int, line: int) -> Iterator[WindowLine]:
    """The cleaned lines after the line `line` that starts at `begin` (buf ends with a newline)."""
    end = buf.find(b"\n", begin)
    while 0 <= end < len(buf) - 1:
        begin, line = end + 1, line + 1
        end = buf.find(b"\n", begin)
        yield WindowLine(line, clean(buf[begin:end]).text)


def _lines_back(buf: bytes, floor: int, end: int, line: int, count: int) -> list[WindowLine]:
    """The last `count` non-blank cleaned lines of buf[floor:end] (whole lines; `line` starts at `end`)."""
    found: list[WindowLine] = []
    pos, number = end - 1, line - 1
    while pos > floor and len(found) < count:  # buf[pos] is the newline ending line `number`
        begin = max(buf.rfind(b"\n", floor, pos) + 1, floor)
        text = clean(buf[begin:pos]).text
        if text.strip():
            found.append(WindowLine(number, text))
        pos, number = begin - 1, number - 1
    found.reverse()
    return found


def _read_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Each line (at most MAX_READ_LINE bytes of it), one per newline, so line numbers stay true."""
    whole = True
    while piece := stream.readline(MAX_READ_LINE):
        if whole:
            yield piece
        whole = piece.endswith(b"\n")


def read_window(stream: BinaryIO, end: int) -> Window:
    """The window before line `end`, read from the start of a stream."""
    state = _State()
    kept: deque[WindowLine] = deque(maxlen=WINDOW)
    for number, raw in enumerate(_read_lines(stream), 1):
        if number >= end:
            break
        text = clean(raw).text
        after = _step(state, text, number)
        if after is not state:
            state = after
            kept.clear()
        elif not state.in_group and text.strip():
            kept.append(WindowLine(number, text))
    return Window(state.command, tuple(kept))
