"""The primary failure of an input: its root cause, not the last noisy line.

Order (first wins):
  1. classified CAUSE records, by category rank (taxonomy data), then by position;
  2. classified SYMPTOM records (test summary, exit code), by rank, then position;
  3. unclassified CAUSE records (unknown category): those with an exception type, a location or a test id
     first, then by position;
  4. anything else, by position.
So a compile error beats the test runner's summary and the exit-code line after it, and among test
failures (same rank) the first one wins. A rule may set its own `rank` (e.g. an ImportError raised inside
a test keeps its category but ranks with test failures); `rule_ranks` maps labels to those ranks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from classifier.model import Classification, Occurrence, Role
from classifier.rules.engine import RuleSet
from classifier.rules.taxonomy import Taxonomy


def primary_key(
    occurrence: Occurrence,
    position: int,
    categories: Mapping[str, str],
    taxonomy: Taxonomy,
    ranks: Mapping[str, int] | None = None,
) -> tuple[int, int, int]:
    """Sort key: (tier, rank, position); smaller is more likely the root cause."""
    fingerprint = occurrence.fingerprint.value
    category = categories.get(fingerprint, taxonomy.default_category)
    known = category != taxonomy.default_category and category in taxonomy
    cause = occurrence.record.role is Role.CAUSE
    if known:
        tier = 0 if cause else 1
        rank = ranks.get(fingerprint) if ranks is not None else None
        return tier, rank if rank is not None else taxonomy.rank_of(category), position
    record = occurrence.record
    specific = bool(record.exception_type or record.location is not None or record.test_id)
    return (2 if cause else 3), 0 if specific else 1, position


def choose_primary(
    occurrences: Sequence[Occurrence],
    categories: Mapping[str, str],
    taxonomy: Taxonomy,
    ranks: Mapping[str, int] | None = None,
) -> Occurrence | None:
    """The root-cause occurrence of one input, or None when it has none.

    `categories` maps fingerprint -> category; `ranks` (optional) maps fingerprint -> a rule's own rank,
    overriding the category rank.
    """
    best: Occurrence | None = None
    best_key: tuple[int, int, int] | None = None
    for position, occurrence in enumerate(occurrences):
        key = primary_key(occurrence, position, categories, taxonomy, ranks)
        if best_key is None or key < best_key:
            best, best_key = occurrence, key
    return best


def rule_ranks(labels: Iterable[Classification], rulesets: Iterable[RuleSet]) -> dict[str, int]:
    """fingerprint -> rank of the rule that labelled it, for rules that set a `rank`.

    Only while the label still has that rule's category (a human or model relabel drops the rule's rank).
    """
    by_rule = {
        (rule.id, rule.category): rule.rank for ruleset in rulesets for rule in ruleset.rules if rule.rank is not None
    }
    ranks: dict[str, int] = {}
    for label in labels:
        rank = by_rule.get((label.rule_id, label.category)) if label.rule_id else None
        if rank is not None:
            ranks[label.fingerprint] = rank
    return ranks
