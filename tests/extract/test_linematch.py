"""Candidate-line verdicts cached by the cleaned line (classifier/extract/linematch.py): a repeated line
gets the verdict a fresh scan gives, and a line whose matcher reads the next lines is never answered from
the cache."""

from __future__ import annotations

from classifier.extract import gha_log, linematch
from tests.extract.helpers import bytes_doc


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
