"""The JSON report's encoder: compact orjson text, and the standard encoder for what orjson refuses."""

from __future__ import annotations

import json

from classifier.report.json_report import _encode


def test_compact_text_that_parses_back_to_the_value() -> None:
    value = {"message": "KeyError: 'é' \u2028 \"quoted\"\n\tnext", "line": 3, "confidence": 0.9, "none": None}
    text = _encode(value)
    assert json.loads(text) == value
    assert '"line":3,"confidence":0.9,"none":null}' in text  # no spaces between tokens
    assert "é" in text  # UTF-8 text, not \\u escapes


def test_an_integer_beyond_64_bits_is_still_written() -> None:
    value = {"http_status": 2**70, "counts": {1: "non-string key"}}
    assert json.loads(_encode(value)) == {"http_status": 2**70, "counts": {"1": "non-string key"}}
    assert json.loads(_encode([2**70, "x"])) == [2**70, "x"]
