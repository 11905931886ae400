"""Words the reports share (pure): counted nouns (`1 root cause`, `2 root causes`) and a failure's message
as shown beside its test's name."""

from __future__ import annotations

from classifier.model import ErrorRecord

_BULLETS = "●✕✖×✗ "  # a test runner's failure bullet before the test's name (jest `● x › y`)


def plural(count: int, word: str, many: str = "") -> str:
    """`count` and the word, singular for one (`many` when the plural is not `word` + s)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"


def shown_message(record: ErrorRecord) -> str:
    """The message without the test's name it starts with (`● suite › test: expect(…)` -> `expect(…)`):
    wherever the message is shown, the test's name is shown beside it."""
    test = record.test_id.strip()
    named = record.message.lstrip(_BULLETS)
    rest = named.removeprefix(test) if test else ""
    if rest and rest != named and rest.startswith(":") and rest[1:].strip():
        return rest[1:].strip()
    return record.message


__all__ = ["plural", "shown_message"]
