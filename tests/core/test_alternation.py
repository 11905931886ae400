"""classifier/alternation.py gives `pattern.search`'s verdict on any text, for the product's own patterns
(wrapper/symptom shapes, error-word lines) and for the pattern forms it splits (speed only)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.alternation import Alternation, literal_starts
from classifier.extract.runners import system
from classifier.link import shapes

# Words of the alternatives, case variants, and the non-ASCII letters re.IGNORECASE matches with ASCII ones.
_PIECES = st.sampled_from(
    [
        "Failed to solve",
        "FAILED TO ſOLVE",
        "failed to execute goal",
        "Process completed with exit code 1",
        "exit status 2",
        "exited with code 3.",
        "** BUILD FAILED **",
        "make: *** [all] Error 1",
        "BUILD FAILURE",
        "ld returned 1 exit status",
        "CalledProcessError",
        "İnvocationError",
        "invocatıonerror",
        "3 failed, 10 passed in 1.2s",
        "FAILED (errors=2)",
        "error",
        "ERROR",
        "errors: 0",
        "no errors",
        "FAIL",
        "Fail",
        "warning",
        "-error",
        "error_x",
        "--no-fail",
        "rerun",
        "re-run",
        "not ok",
        "✗",
        "$ ",
        "# ",
        "---",
        "-- Looking for x",
        " ",
        "\n",
        "K",
        "x",
        "_",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=6).map("".join)
_PATTERNS = (shapes._WRAPPER, shapes._SYMPTOM, system._ERROR_WORD, system._NOT_ERROR)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_products_patterns_keep_their_verdicts(text: str) -> None:
    for pattern in _PATTERNS:
        assert Alternation(pattern).search(text) == (pattern.search(text) is not None), (pattern.pattern, text)


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"(?i)^a(?:b|c)|[|(]x|\bfoo\d|bar?z|^$|[]|]q", ("ab", "AC", "zzz(X", "a foo1", "baz", "brz", "", "|q", "]q")),
        (r"(?i)\b(?:no|zero) (?:errors?|fail)\b|x(?-i:\bFAIL\b)", ("No Errors", "zero error", "xFAIL", "nozero")),
        (r"(?:ab)+c|(?P<n>de)?f|g*h|i{2}j|[^k]l|\dm|(?=n)n|o$", ("ababc", "f", "h", "iij", "xl", "1m", "n", "o", "ko")),
        (r"(?i)ſtop|\bKelvin|ı", ("STOP", "kelvin", "I", "i", "x ſtop")),
        (r"a|", ("", "b")),
    ],
)
def test_split_forms_keep_their_verdicts(pattern: str, texts: tuple[str, ...]) -> None:
    compiled = re.compile(pattern)
    fast = Alternation(compiled)
    for text in (*texts, "ſ", "İx", "K", "xab"):
        assert fast.search(text) == (compiled.search(text) is not None), text


def test_literals_are_what_every_match_begins_with() -> None:
    assert literal_starts(r"\b(?:no|zero) (?:errors?|fail)", folded=True) == frozenset(
        {
            "no error",
            "zero error",
            "no fail",
            "zero fail",
        }
    )
    assert literal_starts(r"[-_/.]error", folded=False) == frozenset({"-error", "_error", "/error", ".error"})
    assert literal_starts(r"bar?z", folded=False) == frozenset({"ba"})
    assert literal_starts(r"\d+ failed", folded=False) is None
    assert literal_starts(r"(?i:Kelvin)", folded=False) is None


def test_multiline_patterns_are_searched_whole() -> None:
    pattern = re.compile(r"^b|c", re.MULTILINE)
    assert Alternation(pattern).search("a\nb")
    assert not Alternation(pattern).search("a\nd")
