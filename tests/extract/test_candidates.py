"""The scanner's candidate lines (classifier/extract/logread.py `candidates`): its automaton, which also holds
the noise words with a keyword in them, finds the lines one pass of the keyword automaton and a noise check of
each line with a keyword find."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract import logread
from tests.extract.helpers import FIXTURES

EXAMPLES = Path(__file__).parents[2] / "examples"


def _keyword_lines(low: bytes, start: int) -> list[tuple[int, int]]:
    """The candidate lines found with the keyword automaton alone, every line with a hit checked for noise."""
    found: list[tuple[int, int]] = []
    line_end = -1
    for index, pos, stop in logread.keyword_matcher().find_matches_as_indexes(low):
        if pos < start or pos <= line_end:
            continue
        if index >= logread._FIRST_SHAPE and not logread._is_location(low, pos, stop):
            continue
        line_start = low.rfind(b"\n", 0, pos) + 1
        line_end = low.find(b"\n", pos)
        line_end = len(low) if line_end < 0 else line_end
        window = low[line_start : min(line_end, line_start + logread.NOISE_WINDOW)]
        if not logread.is_noise(window) and not logread._masked(low, line_start, line_end):
            found.append((line_start, line_end))
    return found


PAD = "x" * logread.NOISE_WINDOW
# noise words first on their line, inside the noise window or past it, with a kept phrase, after a keyword,
# hidden in a keyword's match (`##[` + `[debug]`), beside a shape or a mask; a mask beside shapes; Maven's trailer
LINES = [
    "Tests run: 3, Failures: 0, Errors: 0, Skipped: 0",
    "Tests run: 3, Failures: 1, Errors: 0, Skipped: 0",
    f"{PAD} Tests run: 3, Failures: 0, Errors: 0",
    f"{PAD[:-10]} Failures: 0, Errors: 0 then an error",
    f"Failures: 0, Errors: 0 {PAD} error",
    "Kernel panic - not syncing: Fatal exception in interrupt",
    "Fatal exception in interrupt",
    "interrupt taken; Kernel panic - not syncing: Fatal exception",
    f"{PAD} interrupt Kernel panic - not syncing: x error",
    "interrupt then a.py:12: error",
    "error: the build failed; errors=0, failures=0",
    "errors=0, failures=0",
    "##[debug]Evaluating: failure()",
    "##[error]Process completed with exit code 1.",
    "stderr: fatal: unable to access 'x'",
    "stderr: nothing else",
    "stderr: Tests run: 1, Failures: 0, Errors: 0",
    "stderr: interrupted",
    "stderr: x.py:12: ok",
    "stderr: at org.x.Foo(Foo.java:12)",
    "at org.x.Foo(Foo.java:12) Failures: 0, Errors: 0",
    "at org.x.Foo(Foo.java:12)",
    "src/Foo.java:[12,3] cannot find symbol",
    "[ERROR] -> [Help 1]",
    "[ERROR] Re-run Maven using the -X switch",
    "Unable to reserve cache with key x, another job may be creating this cache.",
    "Cache save failed.",
    "cc -Werror -c a.c",
    "a.c:3:5: error: -Werror failed",
    "[ERROR]",
    "plain line",
]


def _logs() -> list[Path]:
    return sorted([*FIXTURES.rglob("*.log"), *EXAMPLES.rglob("*.log")])


@pytest.mark.parametrize("path", _logs(), ids=lambda path: path.name)
def test_the_candidates_of_a_log_are_the_keyword_automatons(path: Path) -> None:
    low = path.read_bytes().lower()
    assert logread.candidates(low, 0) == _keyword_lines(low, 0)
    middle = low.find(b"\n", len(low) // 2) + 1  # a chunk's new text starting after its look-back lines
    assert logread.candidates(low, middle) == _keyword_lines(low, middle)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_noise_lines_are_left_out_as_the_keyword_automaton_and_noise_check_tell(ending: str) -> None:
    low = ending.join(LINES).lower().encode()
    found = logread.candidates(low, 0)
    assert found == _keyword_lines(low, 0)
    kept = {low[begin:end].decode().rstrip("\r") for begin, end in found}
    assert "tests run: 3, failures: 0, errors: 0, skipped: 0" not in kept  # a noise word first on its line
    assert "tests run: 3, failures: 1, errors: 0, skipped: 0" in kept
    assert f"failures: 0, errors: 0 {PAD} error".lower() not in kept
    assert f"{PAD} tests run: 3, failures: 0, errors: 0".lower() in kept  # its noise word is past the window
    assert "kernel panic - not syncing: fatal exception in interrupt" in kept  # a kept phrase
    assert "interrupt taken; kernel panic - not syncing: fatal exception" in kept
    assert "##[debug]evaluating: failure()" not in kept
    joined = " ".join(LINES).lower().encode()  # one long line
    assert logread.candidates(joined, 0) == _keyword_lines(joined, 0)


def test_a_lines_keyword_hits_are_the_keyword_automatons() -> None:
    # the lines looked at again (a mask, a noise word past the window) are read with the scanning automaton
    # unless it finds a noise word there
    lines = [line.lower().encode() for line in LINES]
    for path in _logs():
        lines += path.read_bytes().lower().splitlines()
    assert sum(1 for line in lines if logread._NOISE_MATCHER.find_matches_as_indexes(line)) > 10
    for line in lines:
        assert logread._keyword_hits(line) == logread.keyword_matcher().find_matches_as_indexes(line), line


def _token_is_location(low: bytes, pos: int, stop: int) -> bool:
    """_is_location as the words of the hit's line tell it: the last space, tab or `(` before the hit."""
    if low[stop - 1 : stop] not in (b":", b"(", b"[") or low[stop : stop + 1] == b"":
        return True
    if low[stop] not in b"0123456789":
        return False
    floor = low.rfind(b"\n", max(0, pos - 300), pos) + 1 or max(0, pos - 300)
    token = max(low.rfind(b" ", floor, pos), low.rfind(b"\t", floor, pos), low.rfind(b"(", floor, pos))
    return token < 0 or low[token : token + 1] != b"("


FRAMES = [
    "\tat org.x.Foo.bar(Foo.java:12)",
    "at org.x.Foo.bar(Foo.java:12) (x.py:3)",
    "(x\n  Foo.java:12: error",
    "(x\nFoo.java:12: error",
    "(\tFoo.java:12",
    "(Foo.java:12",
    "src/Foo.java:12: error: x",
    "a (b) c/Foo.java:12",
    "Foo.java:x",
    "Foo.java:",
    "(" + "x" * 320 + "/Foo.java:12",
    "(" + "x" * 290 + "/Foo.java:12",
    "x(" + "y" * 298 + "Foo.java:12",
    "x.c(12): error",
    "(y.cs(12,3): error",
    "src/x.ts[12, 3]",
]


def test_a_shape_is_a_location_as_its_lines_words_tell() -> None:
    texts = [frame.lower().encode() for frame in FRAMES]
    texts += [path.read_bytes().lower() for path in _logs()]
    shapes = 0
    for low in texts:
        for index, pos, stop in logread.keyword_matcher().find_matches_as_indexes(low):
            if index >= logread._FIRST_SHAPE:
                shapes += 1
                assert logread._is_location(low, pos, stop) == _token_is_location(low, pos, stop), low[pos - 40 : stop]
    assert shapes > 50
