"""The closed answer schema, built from the active taxonomy, and the validation of answers against it.

The model may answer only through this schema: an array with one entry per failure id, each with a
category from the taxonomy's enum, a confidence in [0, 1], a one-sentence summary, a suggested fix and
the ids of the evidence lines. `parse_answer` checks every entry itself (a backend's or server's schema
enforcement is not trusted) and says, per id, why an answer was rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from classifier.extract.jsonio import loads_bounded
from classifier.llm.base import JSON
from classifier.rules.taxonomy import Taxonomy

TOOL_NAME = "record_classifications"
TOOL_DESCRIPTION = "Record the classification of every failure, one entry per failure id."
MAX_SUMMARY_CHARS = 500
_FIELDS = ("id", "category", "confidence", "summary", "suggested_fix", "evidence_line_ids")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A validated answer for one failure id."""

    item_id: str
    category: str
    confidence: float
    summary: str
    suggested_fix: str
    evidence_line_ids: tuple[int, ...]


def answer_schema(taxonomy: Taxonomy) -> JSON:
    """JSON schema of the tool input / response format; the category enum is the taxonomy's names."""
    entry: JSON = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": "The failure id from the data, e.g. e1."},
            "category": {"type": "string", "enum": list(taxonomy.names)},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "summary": {"type": "string", "description": "One sentence: the root cause."},
            "suggested_fix": {"type": "string", "description": "One short, concrete next step."},
            "evidence_line_ids": {"type": "array", "items": {"type": "integer"}},
        },
        "required": list(_FIELDS),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"classifications": {"type": "array", "items": entry}},
        "required": ["classifications"],
        "additionalProperties": False,
    }


def payload_from_text(text: str) -> JSON | None:
    """A JSON object from a text answer (a bare object, or one inside a ``` fence); None when broken."""
    body = text.strip()
    if body.startswith("```"):
        body = body.strip("`")
        body = body[body.find("{") :] if "{" in body else body
    try:
        value = loads_bounded(body)
    except ValueError:  # broken, truncated or too deep
        return None
    return value if isinstance(value, dict) else None


def parse_answer(
    payload: JSON | None, taxonomy: Taxonomy, item_ids: Sequence[str], line_counts: dict[str, int]
) -> tuple[dict[str, Verdict], dict[str, str]]:
    """Split an answer into valid verdicts and, per id, the reason an answer is missing or invalid."""
    if payload is None:
        return {}, {item_id: "no structured answer (broken JSON or no tool call)" for item_id in item_ids}
    entries = payload.get("classifications")
    if not isinstance(entries, list):
        return {}, {item_id: "answer has no 'classifications' list" for item_id in item_ids}
    valid: dict[str, Verdict] = {}
    invalid: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("id") not in item_ids:
            continue
        item_id = str(entry["id"])
        verdict = _verdict(entry, taxonomy, line_counts.get(item_id, 0))
        if isinstance(verdict, Verdict):
            valid[item_id] = verdict
            invalid.pop(item_id, None)
        elif item_id not in valid:
            invalid[item_id] = verdict
    for item_id in item_ids:
        if item_id not in valid and item_id not in invalid:
            invalid[item_id] = "no answer for this failure"
    return valid, invalid


def _verdict(entry: dict[str, Any], taxonomy: Taxonomy, line_count: int) -> Verdict | str:
    missing = [name for name in _FIELDS if name not in entry]
    if missing:
        return f"answer misses field(s) {', '.join(missing)}"
    category = entry["category"]
    if not isinstance(category, str) or category not in taxonomy:
        return f"category {str(category)[:60]!r} is not in taxonomy {taxonomy.name}"
    confidence = entry["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        return f"confidence {str(confidence)[:20]!r} is not a number in [0, 1]"
    summary, fix = entry["summary"], entry["suggested_fix"]
    if not isinstance(summary, str) or not summary.strip() or not isinstance(fix, str):
        return "summary or suggested_fix is not text"
    ids = entry["evidence_line_ids"]
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return "evidence_line_ids is not a list of integers"
    return Verdict(
        item_id=str(entry["id"]),
        category=category,
        confidence=float(confidence),
        summary=_one_line(summary),
        suggested_fix=_one_line(fix),
        evidence_line_ids=tuple(i for i in ids if 1 <= i <= line_count),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())[:MAX_SUMMARY_CHARS]
