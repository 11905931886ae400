"""Model checks and deprecation warnings (the model is chosen in `classifier/wiring.py`).

Realtime analysis uses `anthropic_model` (default `claude-sonnet-4-6`), the backlog (batch mode) the
cheaper `anthropic_batch_model` (default `claude-haiku-4-5`); an OpenAI-compatible local server uses
`local_llm_model`. The deprecation table comes from the installed SDK (passed in by the caller, which
reads it through the Anthropic backend), so a new SDK release updates the warnings without a code change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

# Models documented to reject a forced `tool_choice` (400): they get `auto` plus schema validation.
NO_FORCED_TOOL_PREFIXES = ("claude-sonnet-5-5",)
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b")


def supports_forced_tool(model: str) -> bool:
    return not any(model.startswith(prefix) for prefix in NO_FORCED_TOOL_PREFIXES)


def parse_eol(text: str) -> date | None:
    """'November 30th, 2026' or '2026-11-30' -> a date; None when unreadable."""
    cleaned = _ORDINAL.sub(r"\1", text.strip())
    for fmt in ("%B %d, %Y", "%Y-%m-%d", "%b %d, %Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def deprecation_note(model: str, deprecated: Mapping[str, str], today: date, known: Sequence[str] = ()) -> str:
    """A warning for a deprecated / soon-retired / unknown model; '' when the model is current."""
    if model in deprecated:
        eol = parse_eol(deprecated[model])
        if eol is None:
            return f"model {model} is deprecated (end of life: {deprecated[model]}); choose a current model"
        days = (eol - today).days
        when = (
            f"reached end of life on {eol.isoformat()}"
            if days < 0
            else (f"reaches end of life on {eol.isoformat()} (in {days} days)")
        )
        return f"model {model} is deprecated and {when}; choose a current model"
    if known and model.startswith("claude-") and model not in known:
        return f"model {model} is not known to the installed anthropic SDK; check the name"
    return ""
