"""Bounded reading of a raw log for the scanner: chunks cut at a newline, candidate lines, nearby lines.

`iter_chunks` reads big binary chunks, each ending at a newline and starting with the last lines of the
previous one (look-back). Memory is flat and time linear whatever the input: the look-back is capped in
bytes, and a line longer than MAX_LINE_BYTES keeps only its first and last LINE_KEEP bytes however long
it grows (a 1 GB line without a newline is read in one pass and never held whole).

`candidates` finds the lines worth matching in one Aho-Corasick pass over the lower-cased chunk: the
keywords and shapes of vocabulary.toml, minus its noise.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import BinaryIO

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from classifier.extract.text import clean

CHUNK_BYTES = 8 << 20
OVERLAP_LINES = 48  # lines of the previous chunk kept for look-back
OVERLAP_BYTES = 256 << 10  # ... but never more bytes than this
MAX_LINE_BYTES = 1 << 20  # a longer line keeps its first and last LINE_KEEP bytes
LINE_KEEP = 64 << 10
LINE_CUT = b" [...] "
NOISE_WINDOW = 400  # bytes of a candidate line checked for noise
# A runner's group markers: `##[group]Run x` … `##[endgroup]` hold a step's command echo, `shell:` and
# `env:` lines; no context window reads across them (into a step's header or a previous step).
GROUP_MARKERS = ("##[group]", "##[endgroup]")


def _vocabulary() -> dict[str, list[str]]:
    text = (resources.files("classifier.extract") / "vocabulary.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)
    return {key: list(value) for section in table.values() for key, value in section.items()}


_VOCABULARY = _vocabulary()
KEYWORDS: tuple[bytes, ...] = tuple(word.encode() for word in _VOCABULARY["keywords"] + _VOCABULARY["shapes"])
_FIRST_SHAPE = len(_VOCABULARY["keywords"])
_DIGITS = frozenset(b"0123456789")
NOISE: tuple[bytes, ...] = tuple(word.encode() for word in _VOCABULARY["noise"])
KEPT: tuple[bytes, ...] = tuple(word.encode() for word in _VOCABULARY["kept"])
_NOISE_MATCHER = BytesAhoCorasick(list(NOISE))
# The scanning automaton (a DFA: 2.5x faster): the noise words that hold a keyword (only ever met on lines with
# keywords), then the keywords and shapes. Where no noise word starts it finds what the keyword automaton finds,
# and no match crosses a newline, so on each line its hits are the keyword automaton's up to the line's first
# noise word: a line whose first hit is a noise word inside its noise window is noise whatever keywords follow
# (most noise lines: `Tests run: 3, Failures: 0, Errors: 0, ...`), and is not checked again.
_HELD_NOISE = [word for word in NOISE if any(keyword in word for keyword in KEYWORDS[:_FIRST_SHAPE])]
_SCAN_MATCHER = BytesAhoCorasick(
    [*_HELD_NOISE, *KEYWORDS], matchkind=MatchKind.LeftmostFirst, implementation=Implementation.DFA
)
_SCAN_KEYWORDS = len(_HELD_NOISE)
_SCAN_SHAPES = len(_HELD_NOISE) + _FIRST_SHAPE
MASKS: tuple[bytes, ...] = tuple(word.encode() for word in _VOCABULARY["masks"])
_MASK_RE = re.compile(b"|".join(re.escape(mask) for mask in MASKS) or b"(?!)")  # any mask, searched in place


@functools.cache
def keyword_matcher() -> BytesAhoCorasick:
    """The keywords and shapes alone, built when first needed (a line looked at again, with a mask or with a
    noise word past its noise window, holds a noise word): its DFA costs as much to build as the candidates of
    a 1 MB log."""
    return BytesAhoCorasick(list(KEYWORDS), matchkind=MatchKind.LeftmostFirst, implementation=Implementation.DFA)


def bound_line(line: bytes) -> bytes:
    """A line over MAX_LINE_BYTES as its first and last LINE_KEEP bytes (idempotent on its own output)."""
    if len(line) <= MAX_LINE_BYTES:
        return line
    return line[:LINE_KEEP] + LINE_CUT + line[-LINE_KEEP:]


def iter_chunks(stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[bytes, int, int]]:
    """Yield (buffer, offset where new text starts, line number of the buffer's first line).

    Each buffer ends at a newline and starts with at most OVERLAP_LINES lines (OVERLAP_BYTES) of the
    previous one. Line numbers count real newlines, so they stay true when long lines are cut.
    """
    carry = b""  # the unfinished last line, bounded
    overlap = b""
    line_no = 1
    counted = b""  # the last buffer, its lines counted only when another one follows
    while True:
        data = stream.read(chunk_bytes)
        if counted and (data or carry):
            line_no += counted.count(b"\n") - overlap.count(b"\n")
            counted = b""
        if not data:
            if carry:
                yield overlap + carry + b"\n", len(overlap), line_no
            return
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = bound_line(carry + data)
            continue
        first = data.find(b"\n")
        if carry or first > MAX_LINE_BYTES:
            body = bound_line(carry + data[:first]) + data[first : cut + 1]
        else:
            body = data[: cut + 1]  # no copy when the read ends at a newline
        carry = bound_line(data[cut + 1 :])
        buf = overlap + body if overlap else body
        yield buf, len(overlap), line_no
        overlap = _tail_lines(buf)
        counted = buf


def _tail_lines(buf: bytes) -> bytes:
    """The last OVERLAP_LINES whole lines of `buf` (which ends with a newline), at most OVERLAP_BYTES."""
    floor = max(0, len(buf) - OVERLAP_BYTES)
    pos = len(buf) - 1
    for _ in range(OVERLAP_LINES):
        found = buf.rfind(b"\n", floor, pos)
        if found < 0:
            return buf if floor == 0 else buf[pos + 1 :]
        pos = found
    return buf[pos + 1 :]


def candidates(low: bytes, start: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines containing a keyword or shape, noise left out, in order."""
    found: list[tuple[int, int]] = []
    line_end = -1
    for index, pos, stop in _SCAN_MATCHER.find_matches_as_indexes(low):
        if pos <= line_end or pos < start:
            continue
        if index >= _SCAN_SHAPES and not _is_location(low, pos, stop):
            continue
        line_start = low.rfind(b"\n", 0, pos) + 1
        line_end = low.find(b"\n", pos)
        if line_end < 0:
            line_end = len(low)
        window_end = min(line_end, line_start + NOISE_WINDOW)
        if index < _SCAN_KEYWORDS:  # a noise word before any keyword or location the line may hold
            if stop <= window_end and not _holds_kept(low, line_start, window_end):
                continue  # is_noise holds for the line
            if not _has_keyword(low, line_start, line_end):  # a noise word past the window: the line's own hits
                continue
        if not is_noise(low[line_start:window_end]) and not _masked(low, line_start, line_end):
            found.append((line_start, line_end))
    return found


def _holds_kept(low: bytes, begin: int, end: int) -> bool:
    """Whether low[begin:end] holds a KEPT phrase (searched in place)."""
    return any(low.find(kept, begin, end) >= 0 for kept in KEPT)


def _keyword_hits(line: bytes) -> list[tuple[int, int, int]]:
    """The keyword automaton's hits on one line: the scanning automaton's when it finds no noise word there
    (then they are the same), else the keyword automaton's own."""
    hits = _SCAN_MATCHER.find_matches_as_indexes(line)
    if any(index < _SCAN_KEYWORDS for index, _pos, _stop in hits):
        return keyword_matcher().find_matches_as_indexes(line)
    return [(index - _SCAN_KEYWORDS, pos, stop) for index, pos, stop in hits]


def _has_keyword(low: bytes, line_start: int, line_end: int) -> bool:
    """Whether the line holds a keyword or a location, as the keyword automaton alone finds them."""
    hits = _keyword_hits(low[line_start:line_end])
    return any(
        index < _FIRST_SHAPE or _is_location(low, line_start + pos, line_start + stop) for index, pos, stop in hits
    )


def _masked(low: bytes, line_start: int, line_end: int) -> bool:
    """Whether every keyword or shape of the line lies inside a mask word (`stderr` holds `err`)."""
    if _MASK_RE.search(low, line_start, line_end) is None:
        return False
    line = low[line_start:line_end]
    for mask in MASKS:
        line = line.replace(mask, b" " * len(mask))
    hits = _keyword_hits(line)
    return not any(index < _FIRST_SHAPE or _is_location(line, pos, stop) for index, pos, stop in hits)


def _is_location(low: bytes, pos: int, stop: int) -> bool:
    """A shape hit (`.py:`) followed by a line number, not inside a stack frame `(Foo.java:12)`."""
    if low[stop - 1 : stop] not in (b":", b"(", b"[") or low[stop : stop + 1] == b"":
        return True  # a shape that is not a path suffix (`^-- sc`)
    if low[stop] not in _DIGITS:
        return False
    # a frame when the path's word (after the last space, tab or newline, at most 300 bytes back) starts at `(`
    frame = low.rfind(b"(", max(0, pos - 300), pos)
    if frame < 0:
        return True
    word = low[frame + 1 : pos]
    return b" " in word or b"\t" in word or b"\n" in word


def is_noise(line: bytes) -> bool:
    if line.endswith((b"[error]", b"[error]\r", b"[error] ", b"[error] \r")):  # Maven's empty error lines
        return True
    if _NOISE_MATCHER.find_matches_as_indexes(line):
        return not any(kept in line for kept in KEPT)  # `Fatal exception in interrupt` is a kernel panic
    return b"-werror" in line and b"error:" not in line


def lines_before(buf: bytes, line_start: int, count: int) -> list[str]:
    """Up to `count` cleaned lines ending just before `line_start`, never across a group marker."""
    lines: list[str] = []
    end = line_start - 1
    while count > 0 and end > 0:
        floor = max(0, end - MAX_LINE_BYTES)
        found = buf.rfind(b"\n", floor, end)
        begin = found + 1 if found >= 0 else floor
        line = clean(buf[begin:end]).text
        if line.startswith(GROUP_MARKERS):
            break
        lines.append(line)
        if found < 0 and floor > 0:
            break
        end = begin - 1
        count -= 1
    lines.reverse()
    return lines


def lines_after(buf: bytes, line_end: int, count: int) -> list[str]:
    """Up to `count` cleaned lines starting just after `line_end`, never across a group marker."""
    lines: list[str] = []
    begin = line_end + 1
    while count > 0 and begin < len(buf):
        end = buf.find(b"\n", begin)
        if end < 0:
            end = len(buf)
        line = clean(buf[begin:end]).text
        if line.startswith(GROUP_MARKERS):
            break
        lines.append(line)
        begin = end + 1
        count -= 1
    return lines


_FRAME_STARTS = ("at ", "Caused by:", "...", 'File "', "E ", "> ", "Expected", "Actual", "+", "-", "^", "|")


def continues_block(line: str) -> bool:
    """Whether a line continues the block above it: indented, a stack frame, a diff or caret line."""
    return bool(line) and (line[0] in " \t" or line.startswith(_FRAME_STARTS))


def block_after(buf: bytes, line_end: int, wanted: int, limit: int) -> list[str]:
    """The `wanted` lines after a matched line, then more while they continue its block (at most `limit`),
    never across a group marker.

    One blank line inside a block is kept when the line after it continues the block. Lines are cleaned
    only as far as they are read.
    """
    lines: list[str] = []
    blank = ""
    begin, size = line_end + 1, len(buf)
    while begin < size:
        if len(lines) >= limit:
            break
        end = buf.find(b"\n", begin)
        if end < 0:
            end = size
        line = clean(buf[begin:end]).text
        begin = end + 1
        if line.startswith(GROUP_MARKERS):
            break
        if len(lines) < wanted:
            lines.append(line)
            continue
        if not line.strip():
            if blank:
                break
            blank = "\n"
            continue
        if not continues_block(line):
            break
        if blank:
            lines.append("")
            blank = ""
        if len(lines) < limit:
            lines.append(line)
    return lines[:limit]


def block_before(buf: bytes, line_start: int, wanted: int, limit: int, indented: bool) -> list[str]:
    """The `wanted` lines before a matched line; for an indented line, back to its block's header line."""
    lines = lines_before(buf, line_start, max(wanted, limit) if indented else wanted)
    if not indented:
        return lines
    count = min(wanted, len(lines))
    while count < len(lines) and count < limit:
        line = lines[-count - 1]
        count += 1
        if not line.strip() or not continues_block(line):
            break  # the header (or a blank line) closes the block
    return lines[len(lines) - count :]
