"""Candidate-line verdicts cached by the cleaned line (classifier/extract/linematch.py): a repeated line
gets the verdict a fresh scan gives, and a line whose matcher reads the next lines is never answered from
the cache (the lines below a line are read only when a matcher reads them: `LinesBelow`)."""

from __future__ import annotations

import gzip

from classifier.extract import buildkit, gha_log, linematch, runners
from classifier.extract.logread import candidates, lines_after
from classifier.extract.prefix import strip_prefix
from classifier.extract.text import clean
from tests.extract.helpers import EXAMPLES, bytes_doc, data_dir


def _messages(data: bytes) -> list[tuple[int | None, str, str]]:
    return [(r.line_start, r.message, r.test_id) for r in gha_log.extract(bytes_doc("x.log", data)).records]


# Surefire's summary (its own format: the header, then one indented `Class.method:line message` per test)
# and a repeated exception line, as a Maven build prints them.
FIRST = (
    b"[ERROR] java.lang.IllegalStateException: pool closed\n"
    b"Failed tests: \n"
    b"  BasicsTestCase.testEscape:673 Expected no diffs. expected:<0> but was:<2>\n"
    b"[ERROR] java.lang.IllegalStateException: pool closed\n"
)
SECOND = (
    b"Failed tests: \n"
    b"  CartTest.testTotal:12 expected:<1> but was:<2>\n"
    b"[ERROR] java.lang.IllegalStateException: pool closed\n"
)


def test_cached_verdicts_give_what_a_cold_scan_gives() -> None:
    linematch.clear()
    cold = [_messages(FIRST), _messages(SECOND)]
    assert linematch._VERDICTS  # the exception line was cached
    warm = [_messages(FIRST), _messages(SECOND)]
    assert warm == cold
    linematch.clear()
    assert _messages(SECOND) == cold[1]
    tests = [test_id for messages in cold for _, _, test_id in messages if test_id]
    assert tests == ["BasicsTestCase.testEscape", "CartTest.testTotal"]  # each header read its own next line


def test_the_cache_stays_bounded() -> None:
    linematch.clear()
    data = b"".join(b"piece %d is missing\n" % i for i in range(linematch.MAX_CACHED + 100))  # no record
    gha_log.extract(bytes_doc("many.log", data))
    assert len(linematch._VERDICTS) == linematch.MAX_CACHED


# rustc's diagnostic (its place on the lines below, read) and a line ending `error:` that no matcher takes
# (`wants_following`, but nothing reads the lines below it)
BELOW = (
    b"error[E0425]: cannot find value `x` in this scope\n"
    b" --> src/main.rs:2:5\n"
    b"  |\n"
    b"Some step said error:\n"
    b"and went on\n"
)


def _line_end(data: bytes, line: bytes) -> int:
    return data.index(line) + len(line)


def test_lines_below_are_read_at_first_use() -> None:
    read: list[bool] = []
    below = linematch.LinesBelow(BELOW, _line_end(BELOW, b"in this scope"), False, read)
    assert not read
    assert below[0] == " --> src/main.rs:2:5"
    assert list(below) == lines_after(BELOW, _line_end(BELOW, b"in this scope"), runners.FOLLOWING_LINES)
    assert len(below) == 4 and below[1:2] == ["  |"]
    assert read == [True]  # marked once


def test_a_verdict_that_read_no_line_below_is_cached() -> None:
    linematch.clear()
    for line in (b"error[E0425]: cannot find value `x` in this scope", b"Some step said error:"):
        text = line.decode()
        assert runners.wants_following(text, text.lower())
        linematch.verdict(BELOW, _line_end(BELOW, line), strip_prefix(text))
    cached = {key[0] for key in linematch._VERDICTS}
    assert cached == {"Some step said error:"}  # rustc's matcher read its place below, so it is not cached


def _lookahead_lines() -> list[tuple[bytes, int, str]]:
    """(document, line end, cleaned text) of the candidate lines wanting the lines below them, in the example
    logs and every 16th BugSwarm log of the shared data folder."""
    paths = [path for path in sorted(EXAMPLES.rglob("*")) if path.suffix in {".log", ".txt"}]
    root = data_dir()
    logs = sorted((root / "ci_logs" / "bugswarm_dev" / "logs").glob("*.log.gz"))[::16] if root else []
    found = []
    for data in (*(path.read_bytes() for path in paths), *(gzip.decompress(path.read_bytes()) for path in logs)):
        for start, end in candidates(data.lower(), 0):
            text = clean(data[start:end]).text
            if text and runners.wants_following(text, text.lower()):
                found.append((data, end, text))
    return found


def test_lines_read_at_first_use_give_the_verdicts_of_lines_read_first() -> None:
    lines = _lookahead_lines()
    assert len(lines) > 50
    for data, end, text in lines:
        for in_step in (False, True):
            eager = lines_after(data, end, runners.FOLLOWING_LINES)
            eager = [buildkit.strip_output_prefix(line) for line in eager] if in_step else eager
            eager = [strip_prefix(line).text for line in eager]
            read: list[bool] = []
            lazy = runners.match_line(text, linematch.LinesBelow(data, end, in_step, read))
            assert lazy == runners.match_line(text, eager), text
            assert read or lazy == runners.match_line(text, ["unrelated line"] * 3), text  # none read: none used
