"""The fast alternation of link/shapes.py gives `pattern.search`'s verdict on any text (speed only)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.link import shapes
from classifier.link.shapes import _Alternation

# Words of the alternatives, case variants, and the non-ASCII letters re.IGNORECASE folds to ASCII ones.
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
        "make[2]: *** x",
        "BUILD FAILURE",
        "ld returned 1 exit status",
        "CalledProcessError",
        "İnvocationError",
        "invocatıonerror",
        "rpc error: code = Unknown desc = x",
        "3 failed, 10 passed in 1.2s",
        "=== 1 failed ===",
        "FAILED (errors=2)",
        " ",
        "\n",
        "K",
        "x",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=6).map("".join)


@settings(max_examples=400)
@given(_TEXTS)
def test_wrapper_and_symptom_verdicts_are_the_patterns_own(text: str) -> None:
    assert shapes._WRAPPER_FAST.search(text) == (shapes._WRAPPER.search(text) is not None)
    assert shapes._SYMPTOM_FAST.search(text) == (shapes._SYMPTOM.search(text) is not None)


def test_split_keeps_groups_classes_and_flags() -> None:
    pattern = re.compile(r"(?i)^a(?:b|c)|[|(]x|\bfoo\d|bar?z|^$|[]|]q")
    fast = _Alternation(pattern)
    for text in ("ab", "AC", "zzz(X", "a foo1", "baz", "brz", "", "|q", "]q", "ſ", "xab", "fo1"):
        assert fast.search(text) == (pattern.search(text) is not None), text


def test_multiline_patterns_are_searched_whole() -> None:
    pattern = re.compile(r"^b|c", re.MULTILINE)
    assert _Alternation(pattern).search("a\nb")
    assert not _Alternation(pattern).search("a\nd")
