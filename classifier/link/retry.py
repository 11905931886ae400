"""A command that failed, was retried and then succeeded is not the job's cause.

Retry notices are records the scanner marks with the tool hint `retry` (extract/runners/outcomes.py:
travis_retry's `The command "x" failed. Retrying, 2 of 3.`, nick-fields/retry's `Attempt 1 failed. Reason: ...`,
`Attempt 2 of 5 failed`, a script's or a package manager's `..., retrying...` / `Retrying in 5 seconds`).
Per input and step, the records before the last notice (back to REACH lines before the first notice when the
log names no steps) are the failed attempts; when nothing that fails follows the last notice in that step
(no error-level line, no failure marker such as travis_retry's `The command "x" failed 3 times.`), the retry
succeeded and those attempts are warnings. A notice that names its command (travis_retry's) is answered by a
marker naming the same command when the retry gave up (`The command "x" failed 3 times.`): without one, the
retry succeeded whatever a later command prints. The notices themselves are always warnings. A job whose only
evidence is a retried attempt keeps it (its job failed for a reason the log does not show otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.link.cluster import Item, renumbered
from classifier.link.shapes import Shape
from classifier.model import Occurrence, Severity

RETRY = "retry"  # the tool hint of a retry notice (extract/runners/outcomes.py)
REACH = 200  # lines of an unnamed step before a notice that its attempts span, and after it that may fail
_NAMED = re.compile(r'^The command "(?P<command>.*)" failed\. Retrying, \d+ of \d+\.?$')  # travis_retry


def without_retried(items: Sequence[Item]) -> tuple[list[Item], list[Occurrence]]:
    """The items (renumbered) without retry notices and retried attempts that succeeded, and those as warnings."""
    notices = [item for item in items if _notice(item)]
    if not notices:
        return list(items), []
    dropped = {item.index for item in notices}
    for key in dict.fromkeys((item.source, item.occurrence.record.step) for item in notices):
        dropped |= _succeeded_attempts(items, [n for n in notices if (n.source, n.occurrence.record.step) == key])
    kept = [item for item in items if item.index not in dropped]
    if not kept:  # the job shows nothing but retried attempts: they are its evidence
        kept, dropped = [item for item in items if not _notice(item)], {item.index for item in notices}
    warnings = [item.occurrence for item in items if item.index in dropped]
    return renumbered(kept), warnings


def _notice(item: Item) -> bool:
    return item.occurrence.record.tool_hint == RETRY


def _succeeded_attempts(items: Sequence[Item], notices: Sequence[Item]) -> set[int]:
    """The indexes of the attempts before the last of one step's notices, when nothing failed after it."""
    first, last = notices[0], notices[-1]
    step = last.occurrence.record.step
    same = [item for item in items if item.source == last.source and item.occurrence.record.step == step]
    if not step:
        same = [item for item in same if first.line - REACH <= item.line <= last.line + REACH or not item.line]
    named = _NAMED.match(last.occurrence.record.message)
    if named:
        gave_up = f'The command "{named["command"]}" failed '
        if any(i.index > last.index and i.occurrence.record.message.startswith(gave_up) for i in items):
            return set()
    elif any(item.index > last.index and _fails(item) for item in same):
        return set()
    return {item.index for item in same if item.index < last.index and not _notice(item)}


def _fails(item: Item) -> bool:
    """Whether a record after the last notice says the step still failed."""
    if _notice(item):
        return False
    return item.shape is not Shape.CAUSE or item.occurrence.record.severity is Severity.ERROR
