"""LLM provider API errors as users see them: how many get the category the provider's docs imply.

The cases (tests/fixtures/llm_api/sdk_errors.toml) are SDK exception texts of OpenAI, Azure OpenAI,
Anthropic, Gemini, Together, Voyage, Mistral and Cohere, and transport errors under them, each either as
the exception's class and str() or as the whole printed `Class: text` line; the expected category was
written down from the provider's documentation first. Each case is one JSON Lines API-error row read by
the product's own reader (classifier/extract/records.py), then the llm_api rules alone decide.

    python -m bench.llm_api_errors [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import REPO_ROOT, memory_document
from classifier.extract import extract_document
from classifier.fingerprint import identify
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy

CASES = REPO_ROOT / "tests" / "fixtures" / "llm_api" / "sdk_errors.toml"
RULES = load_rules([], load_taxonomy("llm_api"))


@dataclass(frozen=True, slots=True)
class Verdict:
    case: dict[str, Any]
    category: str
    fingerprint: str

    @property
    def right(self) -> bool:
        return bool(self.category == self.case["expect"])


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    return cases


def row(case: dict[str, Any]) -> dict[str, Any]:
    """The API-error row a caller's logger would write: provider, exception class if kept, message."""
    fields = {"provider": case["provider"], "message": case["message"]}
    if case.get("exc_type"):
        fields["exc_type"] = case["exc_type"]
    return fields


def judge(case: dict[str, Any]) -> Verdict:
    data = (json.dumps(row(case)) + "\n").encode()
    records = extract_document(memory_document("errors.jsonl", data)).records
    if len(records) != 1:
        return Verdict(case, f"({len(records)} records)", "")
    rec = records[0]
    match = RULES.classify(rec, normalize(rec.message, "v1").text)
    return Verdict(case, match.category if match else "unknown", identify(rec).fingerprint.value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--show-misses", action="store_true", help="print the message of each miss")
    args = parser.parse_args(argv)
    verdicts = [judge(case) for case in load_cases()]
    right = sum(v.right for v in verdicts)
    print(f"LLM API errors (SDK texts) with the documented category: {right} of {len(verdicts)}")
    by_provider = Counter(v.case["provider"] for v in verdicts)
    ok_provider = Counter(v.case["provider"] for v in verdicts if v.right)
    print("  " + ", ".join(f"{p} {ok_provider[p]}/{n}" for p, n in sorted(by_provider.items())))
    for v in verdicts:
        if not v.right:
            print(f"  MISS {v.case['provider']}: got {v.category}, want {v.case['expect']}")
            if args.show_misses:
                print(f"       {v.case.get('exc_type', '')} {v.case['message'][:150]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
