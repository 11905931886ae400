"""Occurrences -> groups: one group per fingerprint value, in order of first appearance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from classifier.model import Group, Occurrence

__all__ = ["group_occurrences"]


def _instant(timestamp: str) -> datetime | None:
    """The timestamp as an aware UTC datetime (naive ones taken as UTC); None when absent or unparsable."""
    if not timestamp:
        return None
    try:
        parsed = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _span(occurrences: Iterable[Occurrence]) -> tuple[str, str]:
    """(first_seen, last_seen) as the original timestamp strings of the earliest and latest records."""
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None
    for occurrence in occurrences:
        stamp = occurrence.record.timestamp
        instant = _instant(stamp)
        if instant is None:
            continue
        if first is None or instant < first[0]:
            first = (instant, stamp)
        if last is None or instant > last[0]:
            last = (instant, stamp)
    return (first[1] if first else "", last[1] if last else "")


def group_occurrences(occurrences: Iterable[Occurrence]) -> list[Group]:
    """Group by fingerprint value; groups and their occurrences keep first-appearance order."""
    buckets: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        buckets.setdefault(occurrence.fingerprint.value, []).append(occurrence)
    groups = []
    for members in buckets.values():
        first_seen, last_seen = _span(members)
        groups.append(Group(members[0].fingerprint, tuple(members), first_seen, last_seen))
    return groups
