"""Text helpers shared by the extractors: decoding, ANSI and timestamp stripping, bounded messages."""

from __future__ import annotations

import codecs
import functools
import io
import re
from dataclasses import replace
from typing import Any, BinaryIO

from classifier.extract.prefix import NL_ARTIFACT, Stripped, strip_prefix, unmask_mark
from classifier.model import MAX_CONTEXT_LINES, MAX_MESSAGE_CHARS
from classifier.sources.base import Document

# Escape sequences: Jenkins' hidden ConsoleNotes (`\e[8mha:...\e[0m`), APC/OSC strings (Buildkite's
# `\e_bk;t=<ms>\a` timestamps, terminal titles, hyperlinks), then CSI (colours, cursor, erase) and 2-byte ones.
ANSI_RE = re.compile(
    r"\x1b\[8mha:[^\x1b]*\x1b\[0m|\x1b[_\]P^][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]"
)
# Escapes pasted as text (`cat -v`, some log archives): `^[[31m` is ESC [ 31 m written with a caret.
CARET_ANSI_RE = re.compile(r"\^\[\[[0-9;?]*[ -/]*[@-~]")
# Escapes whose ESC byte a copy dropped (a web log view pasted into an issue): `[0K[31;1mThe command ...`;
# only colour and erase-line codes with digits, only at the start of a line (`[K8s]` stays).
ESCLESS_RE = re.compile(r"^(?:\[[0-9;]{1,12}[mK])+")
_ESCLESS_SECOND = "0123456789;"  # what follows the `[` of every match: a cheap test before the regex
# GitHub Actions prefixes every line with an ISO timestamp (7 fractional digits, Z).
TIMESTAMP_RE = re.compile(r"^\ufeff?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?")
# `gh run view --log` / `--log-failed` put the job and the step before it: `job<TAB>step<TAB>2025-...Z text`;
# pasted into an issue or a file the tabs often become runs of spaces (then GitHub's 7-digit stamp is required).
GH_CLI_RE = re.compile(
    r"^(?:[^\t\n]{1,160}\t[^\t\n]{0,300}\t(?P<tab>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"
    r"|\S[^\t\n]{0,460}? {2,}(?P<spaced>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z)) ?"
)
# Travis' fold and timing markers, also where a command's output did not end its last line (`...)travis_time:end:`)
TRAVIS_MARKER_RE = re.compile(r"travis_(?:fold|time):(?:start|end):[\w.,=:-]*\s*")
GH_CLI_SCAN = 480  # bytes of a line where the two tab-separated fields and the timestamp must fit
MAX_LINE_CHARS = 8000  # a longer line keeps its first and last halves (progress bars, minified output)
MAX_RAW_LINE = 4 * MAX_LINE_CHARS  # raw bytes decoded per line at most (first and last parts)
MAX_CR_PARTS = 64  # carriage-return segments looked at, from the last
CUT_MARK = " […] "
CACHED_LINE_BYTES = 1024  # lines up to this size have their cleaning cached (context lines repeat a lot)
CACHED_LINES = 4096  # ... this many of them: a few MB at most


def decode(raw: bytes) -> str:
    """Bytes to text; invalid UTF-8 is replaced, never an error."""
    return raw.decode("utf-8", errors="replace")


def strip_ansi(text: str) -> str:
    if "\x1b" in text:
        text = ANSI_RE.sub("", text)
    if text[:1] == "[" and text[1:2] in _ESCLESS_SECOND:
        text = ESCLESS_RE.sub("", text)
    return CARET_ANSI_RE.sub("", text) if "^[[" in text else text


def head_tail(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """`text` if short, else its first and last parts around a cut mark."""
    if len(text) <= limit:
        return text
    half = (limit - len(CUT_MARK)) // 2
    return text[:half] + CUT_MARK + text[-half:]


def _after_last_cr(raw: bytes) -> bytes:
    """The last carriage-return segment with visible text (progress bars redraw the line)."""
    end = len(raw)
    for _ in range(MAX_CR_PARTS):
        cut = raw.rfind(b"\r", 0, end)
        part = raw[cut + 1 : end]
        if cut < 0 or strip_ansi(decode(part[:MAX_RAW_LINE])).strip():
            return part
        end = cut
    return raw[end:]


def clean_line(raw: bytes) -> tuple[str, str]:
    """One raw log line -> (timestamp or "", text without prefixes, escapes, CR progress, trailing space)."""
    line = _clean_cached(raw) if len(raw) <= CACHED_LINE_BYTES else _clean(raw)
    return line.timestamp, line.text


def clean(raw: bytes) -> Stripped:
    """One raw log line without prefixes, escapes, CR progress and trailing space, with its level word.

    Linear in the line's length: carriage-return progress is dropped first (the text after the last CR is
    kept), then an over-long line keeps its first and last parts, then escapes and prefixes are stripped.
    A short line's result is cached: the context of nearby records and the lookahead read the same lines.
    """
    return _clean_cached(raw) if len(raw) <= CACHED_LINE_BYTES else _clean(raw)


# the spaces a copied terminal pads each 80-column row of a wrapped line with, up to the width of the terminal
# it was copied from (a pasted `tox` run: `x.py:47: As` + 112 spaces + `sertionError`, its next rows the same):
# a gap that starts 80 characters after the line's start or the previous such gap; never a table's column gap
_WRAP_PAD = " " * 20
_WRAP_GAP = re.compile(r" {20,}")
_WRAP_COLUMNS = 80


def _unwrapped(text: str) -> str:
    """The text without the padding of a terminal's wrapped rows (`_WRAP_GAP` at every 80th character)."""
    parts: list[str] = []
    row = kept = 0
    for gap in _WRAP_GAP.finditer(text):
        split = gap.end() < len(text) and text[gap.start() - 1].isalpha() and text[gap.end()].islower()
        if gap.start() - row == _WRAP_COLUMNS and split:  # a word cut in two (`As` | `sertionError`)
            parts.append(text[kept : gap.start()])
            row = kept = gap.end()
    return "".join(parts) + text[kept:] if parts else text


# first characters of a prefix: `[...]`, `travis_`, `section_`, piper's `info  x - `, box (nix-output-monitor's
# `┃`), `| ` and Nix's `> ` gutters (a Nix builder's `pname> ` is told by its `> `)
_PREFIX_STARTS = frozenset(("[", "t", "s", "i", "e", "w", "│", "╷", "╵", "┃", "|", ">"))
_BAMBOO_ROWS = ("build\t", "command\t")  # Bamboo's rows whose first letter is in none of them


def _clean(raw: bytes) -> Stripped:
    timestamp = ""
    if raw[:1].isdigit() or raw[:1] == b"\xef":
        match = TIMESTAMP_RE.match(decode(raw[:40]))
        if match:
            timestamp = match.group(1)
            raw = raw[len(match.group(0).encode()) :]
    elif raw.find(b"Z", 0, GH_CLI_SCAN) >= 0 and (
        raw.find(b"\t", 0, GH_CLI_SCAN) >= 0 or raw.find(b"  ", 0, GH_CLI_SCAN) >= 0
    ):
        match = GH_CLI_RE.match(decode(raw[:GH_CLI_SCAN]))
        if match:
            timestamp = match.group("tab") or match.group("spaced")
            raw = raw[len(match.group(0).encode()) :]
    raw = raw.rstrip(b"\r\n")
    if b"\r" in raw:
        raw = _after_last_cr(raw)
    if len(raw) > MAX_RAW_LINE:
        raw = raw[: MAX_RAW_LINE // 2] + CUT_MARK.encode() + raw[-MAX_RAW_LINE // 2 :]
    text = strip_ansi(decode(raw))
    if "travis_" in text:
        text = TRAVIS_MARKER_RE.sub("", text)
    if text.startswith("\ufeff"):
        text = text[1:]
    elif text.startswith("nl") and NL_ARTIFACT.match(text):
        text = text[2:]
    elif text.startswith("#>") and text[2:3] in ("", " "):  # R's reprex and knitr output: `#> Error: x`
        text = text[3:]
    text = unmask_mark(text) if text[:1] == "#" else text
    if _WRAP_PAD in text:  # a terminal's line wrap pasted with its padding: `x.py:47: As<spaces>sertionError`
        text = _unwrapped(text)
    first = text.lstrip()[:1]
    # a lower-case word that starts a prefix: a Nix builder's `pname> `, Bamboo's `build<TAB>date<TAB>` row
    worded = (first.islower() and "> " in text[:64]) or text.startswith(_BAMBOO_ROWS)
    if not (first.isdigit() or first.isupper() or first in _PREFIX_STARTS or worded):  # no prefix can start here
        text = head_tail(text.rstrip())
        return Stripped(text, timestamp, "", text)
    line = strip_prefix(text)
    stripped = head_tail(line.text.rstrip())
    bare = stripped if line.bare == line.text else head_tail(line.bare.rstrip())
    if stripped is line.text and bare is line.bare and not timestamp:
        return line  # nothing more to cut: the stripper's own result
    return Stripped(stripped, timestamp or line.timestamp, line.level, bare)


_clean_cached = functools.lru_cache(maxsize=CACHED_LINES)(_clean)


def clear_cache() -> None:
    """Forget the cleaned lines (a benchmark's cold start)."""
    _clean_cached.cache_clear()


def clip(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Cut a message to the model's bound, keeping its first and last parts (an error at the end of a long
    line, after progress output, stays visible)."""
    text = text.strip()
    return head_tail(text, limit)


CONTEXT_LINE_CHARS = 1000


def bounded_context(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """At most MAX_CONTEXT_LINES lines as printed (their prefixes stripped already): each without trailing
    space and clipped, the block's common indentation removed, so code frames, carets and traceback
    frames stay aligned."""
    kept = [
        bare if len(bare := line.rstrip()) <= CONTEXT_LINE_CHARS else head_tail(bare, CONTEXT_LINE_CHARS)
        for line in lines[:MAX_CONTEXT_LINES]
    ]
    return dedent(tuple(kept))


# A runner's own marker line (`##[group]Run x`, `##[endgroup]`, `##[error]x`): its text starts the line whatever
# the block's indentation, so it does not count in it (tested inline: dedent reads every line of a context)
_RUNNER_MARK = "##["


def dedent(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines less the leading whitespace all non-blank ones share (blank lines and runner markers aside)."""
    shown: list[str] = []  # the lines whose indentation counts
    for line in lines:
        if not line or line.startswith(_RUNNER_MARK):
            continue
        if not line[0].isspace():
            return lines  # a line at the margin: nothing is shared (most contexts)
        if not line.isspace():
            shown.append(line)
    if not shown:
        return lines
    # the whitespace every line starts with: what the first and the last of them in sorted order share
    first, last = min(shown), max(shown)
    size = len(first) - len(first.lstrip())
    while size and not last.startswith(first[:size]):
        size -= 1
    if not size:
        return lines
    return tuple(
        [line if not line or line.isspace() or line.startswith(_RUNNER_MARK) else line[size:] for line in lines]
    )


QUOTED_LOOKAHEAD = 3  # next lines a message may be taken from (`rake aborted!` then the error)
_MIN_QUOTED = 8  # characters (spaces aside) a next line needs to count as quoted


def quoted_lines(message: str, line: str, after: list[str] | tuple[str, ...]) -> int:
    """How many of the next lines (`after`, consecutive) the message quotes: a matcher that takes its
    message from under the matched line (`rake aborted!` / the error) spans them, so the record's lines
    are the ones it shows. 0 when the message is the matched line's own text."""
    if message in line:
        return 0  # the line's own text (a substring's text without spaces is in the line's without spaces too)
    flat = "".join(message.split())
    if not flat or flat in "".join(line.split()):
        return 0
    span = 0
    for index, text in enumerate(after[:QUOTED_LOOKAHEAD], 1):
        quoted = "".join(text.split())
        if len(quoted) >= _MIN_QUOTED and (quoted in flat or (len(flat) >= _MIN_QUOTED and flat in quoted)):
            span = index
    return span


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class _Utf8Reader(io.RawIOBase):
    """A UTF-8 byte stream over a UTF-16 one, decoded incrementally (bounded memory)."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._done:
            data = self._stream.read(1 << 16)
            self._done = not data
            self._pending = self._decoder.decode(data, final=self._done).encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        self._stream.close()
        super().close()


def utf16_document(doc: Document, head: bytes) -> tuple[Document, bytes]:
    """A UTF-16 document (with a BOM) as a UTF-8 one, and its new head; others unchanged."""
    encoding = next((enc for bom, enc in _UTF16_BOMS if head.startswith(bom)), "")
    if not encoding:
        return doc, head
    opener = doc.opener

    def reopen() -> BinaryIO:
        stream = opener()
        stream.read(2)  # the BOM
        return io.BufferedReader(_Utf8Reader(stream, encoding))

    converted = replace(doc, opener=reopen, size=None)
    with converted.opener() as stream:
        return converted, stream.read(len(head))
