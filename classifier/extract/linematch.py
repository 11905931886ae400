"""What a candidate log line is to the scanner (gha_log.py): a runner match, an error-word line, or nothing.

The verdict depends on the cleaned line alone (its text, level word and text without a level tag), unless
a matcher reads the lines after it (runners.wants_following) or a service's name prefixes it (docker compose's
`web-1  | text`, lerna's `pkg: text`, a Jenkins parallel branch's `[linux] text`, read without it when a
neighbouring line carries the same name). Logs
repeat lines (retries, stack frames of repeated traces, the same warning per module, the same job run again),
so verdicts that read no following line are cached by the cleaned line, a bounded table shared by the
documents of a process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from classifier.extract import buildkit, runners
from classifier.extract.logread import lines_after, lines_before
from classifier.extract.prefix import Stripped, strip_prefix
from classifier.extract.runners.system import error_word_line
from classifier.extract.text import CUT_MARK
from classifier.fastinit import fast_init, replace
from classifier.model import Role, Severity

MAX_CACHED = 8192  # verdicts kept; the oldest goes first
MAX_CACHED_CHARS = 2000  # longer lines are not cached

_ANT_TASK_RE = re.compile(
    r"^\s*\[(?!warn\]|warning\])[a-z][\w-]*\] "
)  # Ant's "    [javac] " task prefix, not sbt's [warn]
# A service's or package's name before each of its lines (docker compose `web_1  | text`, lerna and turbo
# `pkg: text`, `pkg:build: text`): read as a prefix when a neighbouring line carries the same one
# (turbo's task may hold a colon of its own: `@scope/app:dev:test: text`; a task is a word, never a compiler's
# `x.c:12:3` location)
_SERVICE = re.compile(
    r"^(?P<name>[A-Za-z0-9@][\w.@/-]{0,60}?(?::(?=[\w-]*[A-Za-z])[\w-]{1,30}){0,2})(?P<sep> *\| | *: ) *(?=\S)"
)
_NOT_SERVICE = frozenset({"error", "warning", "warn", "fatal", "note", "info", "debug", "hint", "caused by", "at"})
# Jenkins' parallel branches (workflow-cps before 2.x, JENKINS-26122): `[branch name] text`, read as a prefix when a
# neighbouring line carries it too (or is Jenkins' `[Pipeline] [branch name] ` step line); never a level tag
_BRANCH = re.compile(r"^\[(?P<name>[A-Za-z][^\]\n]{0,59})\] (?=\S)")
_NOT_BRANCH = frozenset(
    {"error", "warning", "warn", "fatal", "info", "debug", "trace", "notice", "success", "pipeline"}
)
# a tool's severity tag (`[dcc32 Error] Unit1.pas(43): ...`, `[DCC Fatal Error]`), never a branch's name
_TOOL_TAG = re.compile(r"(?i) (?:fatal error|error|warning|hint)$")
_LEVEL_AFTER = re.compile(r"(?i)(?:error|warning|warn|info|note|fatal|debug|notice)\b")
_ERROR_TAGS = frozenset({"ERROR", "FATAL"})
_WARNING_TAGS = frozenset({"WARN", "WARNING"})
# k6's tally under a check that failed some iterations (`✗ status is 200`, then `↳  99% — ✓ 38628 / ✗ 91`):
# a count, no error line; k6 fails a run only through a threshold, and says so
_CHECK_TALLY = re.compile(r"^\s*↳\s+\d+(?:\.\d+)?% — ✓ \d+ / ✗ \d+\s*$")


@fast_init
@dataclass(frozen=True, slots=True)
class Verdict:
    """A runner match (or None) and the text it was found in; `word`: no runner matched, so the line is an
    error-word line if `word_match()` finds one."""

    match: runners.LineMatch | None
    text: str
    word: bool


_VERDICTS: dict[tuple[str, str, str], Verdict] = {}


def verdict(buf: bytes, line_end: int, line: Stripped) -> Verdict:
    """The verdict on a cleaned candidate line ending at `line_end` of `buf` (its next lines, if read)."""
    key = (line.text, line.level, line.bare)
    found = _VERDICTS.get(key)
    if found is not None:
        return found
    read: list[bool] = []
    found = _verdict(buf, line_end, line, read)
    if not read and len(line.text) <= MAX_CACHED_CHARS:
        if len(_VERDICTS) >= MAX_CACHED:
            del _VERDICTS[next(iter(_VERDICTS))]
        _VERDICTS[key] = found
    return found


def clear() -> None:
    """Forget the cached verdicts (a benchmark's cold start)."""
    _VERDICTS.clear()
    word_match.cache_clear()
    _unprefixed.cache_clear()


@functools.lru_cache(maxsize=MAX_CACHED)
def word_match(text: str) -> runners.LineMatch | None:
    """error_word_line, cached (a pure function of the text)."""
    return error_word_line(text)


_LOGGED_ERRORS = frozenset({"ERROR", "CRITICAL", "FATAL", "SEVERE"})
MIN_LOGGED_LINE = 4  # a logged error's text shorter than this says nothing


def is_logged_error(line: Stripped, text: str) -> bool:
    """Whether the line's logger marks it an error (its prefix's level word, not a bracketed `[ERROR]` tag)."""
    return line.level in _LOGGED_ERRORS and line.bare == line.text and len(text.strip()) >= MIN_LOGGED_LINE


def logged_error(text: str, match: runners.LineMatch | None) -> runners.LineMatch | None:
    """The match of a line its own logger marks an error (`is_logged_error`: mozharness `ERROR - `, log4j
    `ERROR c.a.B - `, Taskcluster's `[taskcluster:error]`, glog's `E0622`): an error line whether or not its
    text has an error word; a bracketed `[ERROR]` tag alone (Maven's, read by the matchers) is not such a mark."""
    if match is None:
        return runners.LineMatch(text.strip(), "", "", Role.SYMPTOM, before=2, after=6)
    return replace(match, severity=Severity.ERROR) if match.severity is Severity.WARNING else match


def _verdict(buf: bytes, line_end: int, line: Stripped, read: list[bool]) -> Verdict:
    """A line with an `[ERROR]` tag is tried again without it (`[INFO]` only for an exception or a test
    failure, as sbt prints them; never `[WARNING]`)."""
    unprefixed = buildkit.strip_output_prefix(line.text)
    in_step = unprefixed is not line.text  # BuildKit step output: its next lines carry the same prefix
    text = _ANT_TASK_RE.sub("", unprefixed, count=1)
    if text[:1] == "[" and (rest := _without_branch(buf, line_end, text, read)):
        text = rest
    if text != line.text:  # a step's, task's or branch's prefix taken off: its level tag (`[error] `) is read too
        line = strip_prefix(text)
        text = line.text
    match = None
    if CUT_MARK in text:  # an over-long line: its end (after progress output) is the likelier error
        tail = text.rsplit(CUT_MARK, 1)[1]
        match = _match(buf, line_end, tail.split(" ", 1)[-1], read, in_step)
    match = match or _match(buf, line_end, text, read, in_step)
    if match is None and line.bare != line.text and line.level not in _WARNING_TAGS:
        match = _match(buf, line_end, line.bare, read)
        if match is not None and line.level not in _ERROR_TAGS and not (match.exception_type or match.test_id):
            match = None  # under an [INFO] tag only a test failure or an exception counts (sbt prints them so)
        text = line.bare if match is not None else text
    if (match is None or _told_with(match, text)) and (rest := _without_service(buf, line_end, text, read)):
        # without the prefix: a line no matcher knew, or one a matcher took whole, the prefix in its message
        # (turbo's `ui:test: npm ERR! ...`, `@scope/web:lint:   3:1  error  msg  rule`)
        found = _match(buf, line_end, rest, read)
        if found is not None or match is None:  # an error-word line is read without the prefix too
            match, text = found, rest
    return Verdict(match, text, match is None and not _tallied_check(buf, line_end, text, read))


def _told_with(match: runners.LineMatch, text: str) -> bool:
    """Whether a match's message holds the package and task the line starts with (turbo's `pkg:build: `, a
    `_SERVICE` name with a task part; an exception's `java.lang.X: msg` has none)."""
    m = _SERVICE.match(text) if ":" in text[:92] and ": " in text else None
    return m is not None and ":" in m.group("name") and m.group("name") in match.message


def _tallied_check(buf: bytes, line_end: int, text: str, read: list[bool]) -> bool:
    """Whether the line is a k6 check over its tally (`_CHECK_TALLY`): no error-word line."""
    if not text.lstrip().startswith("✗ "):
        return False
    read.append(True)
    below = lines_after(buf, line_end, 1)
    return bool(below) and _CHECK_TALLY.match(_unprefixed(below[0])) is not None


def _without_service(buf: bytes, line_end: int, text: str, read: list[bool]) -> str:
    """The text after a service or package prefix the next or the previous line also starts with, else ""."""
    m = _SERVICE.match(text)
    if m is None or m.group("name").lower() in _NOT_SERVICE or _own_level(text, m):
        return ""  # `validate: error: x` is a tool's own `name: level: message`, not a service's output
    return _same_prefix(buf, line_end, text, m, read)


def _own_level(text: str, m: re.Match[str]) -> bool:
    """Whether a level word after the name makes it a tool's own `name: error: msg`; a package's task name
    (turbo's `pkg:build: error TS5058: x`) never is one."""
    return ":" not in m.group("name") and _LEVEL_AFTER.match(text, m.end()) is not None  # after the spaces


def without_services(texts: list[str]) -> list[str]:
    """Each text without the package and task prefix (`_SERVICE` with a task part: turbo's `pkg:build: `) a
    neighbouring text starts with too: a step's lines read back by lookback.py (never a word a tool starts its
    lines with: automake's `PASS: x.sh`, gpg's `gpg: msg`, a file's name before its findings)."""
    names: list[tuple[str, int] | None] = []
    for text in texts:
        m = _SERVICE.match(text) if ": " in text else None
        name = m.group("name") if m is not None else ""
        bad = m is None or ":" not in name or _own_level(text, m)
        names.append(None if bad or m is None else (m.group("name"), m.end("sep")))
    out: list[str] = []
    for index, text in enumerate(texts):
        own = names[index]
        near = [names[at] for at in (index - 1, index + 1) if 0 <= at < len(names)]
        out.append(text[own[1] :] if own is not None and any(n and n[0] == own[0] for n in near) else text)
    return out


def _without_branch(buf: bytes, line_end: int, text: str, read: list[bool]) -> str:
    """The text after a Jenkins parallel branch's `[name] ` the next or the previous line also starts with."""
    m = _BRANCH.match(text)
    if m is None or m.group("name").lower() in _NOT_BRANCH or _TOOL_TAG.search(m.group("name")):
        return ""
    read.append(True)
    line_start = buf.rfind(b"\n", 0, line_end) + 1
    own = f"[Pipeline] [{m.group('name')}] "  # Jenkins' own step line of the same branch
    for near in (*lines_after(buf, line_end, 1), *lines_before(buf, line_start, 1)):
        if near.startswith((m.group(0), own)):
            return text[m.end() :]
    return ""


def _same_prefix(buf: bytes, line_end: int, text: str, m: re.Match[str], read: list[bool]) -> str:
    """The text after the service prefix `m` when the next or the previous line starts with the same one, else ""."""
    read.append(True)
    prefix = m.group("name")
    line_start = buf.rfind(b"\n", 0, line_end) + 1
    for near in (*lines_after(buf, line_end, 1), *lines_before(buf, line_start, 1)):
        found = _SERVICE.match(_unprefixed(near))  # the lines around carry the same timestamps (Vercel's)
        if found is not None and found.group("name") == prefix:
            return text[m.end("sep") :]
    return ""


@functools.lru_cache(maxsize=MAX_CACHED)
def _unprefixed(text: str) -> str:
    """strip_prefix's text, cached: lookaheads read the same lines again (8.6k distinct of 72k in BugSwarm)."""
    return strip_prefix(text).text


def _match(buf: bytes, line_end: int, text: str, read: list[bool], in_step: bool = False) -> runners.LineMatch | None:
    if runners.wants_following(text, text.lower()):
        return runners.match_line(text, LinesBelow(buf, line_end, in_step, read))
    return runners.match_line(text)


class LinesBelow(Sequence[str]):
    """The cleaned lines after a candidate line that a matcher may read (runners.FOLLOWING_LINES), read at their
    first use: most lines that want them match no entry, or one that reads none (68% over BugSwarm's logs), and
    a verdict that read none is the line's alone, so it is cached (`read` is marked only when they are read)."""

    __slots__ = ("_buf", "_in_step", "_line_end", "_lines", "_read")

    def __init__(self, buf: bytes, line_end: int, in_step: bool, read: list[bool]) -> None:
        self._buf = buf
        self._line_end = line_end
        self._in_step = in_step
        self._read = read
        self._lines: list[str] | None = None

    def lines(self) -> list[str]:
        """The lines, read now if not yet."""
        if self._lines is None:
            self._read.append(True)
            following = lines_after(self._buf, self._line_end, runners.FOLLOWING_LINES)
            if self._in_step:  # BuildKit step output: the lines below carry the step's prefix too
                following = [buildkit.strip_output_prefix(after) for after in following]
            self._lines = [_unprefixed(after) for after in following]  # the lines below carry the same prefixes
        return self._lines

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self.lines()[index]

    def __len__(self) -> int:
        return len(self.lines())

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines())
