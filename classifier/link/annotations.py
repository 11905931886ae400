"""An action's failure told as error annotations in a row is one failure.

A JavaScript action that catches an error reports it with the toolkit's `core.error` / `core.setFailed`, one
annotation after another: what it was doing, the error it caught with its stack, the message it fails with.
actions/deploy-pages prints `Error: Creating Pages deployment failed`, `Error: HttpError: Not Found` and its
`at ...` frames, then `Error: Error: Failed to create deployment (status: 404) ...`; configure-pages prints
`Error: Create Pages site failed` over `Error: AxiosError: Request failed with status code 403`. Raw logs carry
them as `##[error]` lines, a job page and `gh run view` as `Error: ` lines. Two causes of one input and step that
are such annotations, neither naming a test or a source location, the second on the line after the first or
after only the first's stack frames, are one failure; its root is the annotation whose category ranks first
(jobs.py), as among one tool's findings: what the action was doing often says more than the error it caught.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from classifier.link.cluster import Item, Union
from classifier.model import ErrorRecord, SourceKind

_FRAME = re.compile(r"^\s+at\s")  # a JavaScript stack frame under the caught error


def is_annotation(record: ErrorRecord) -> bool:
    """An error annotation of the runner (`##[error]`) or its rendering on a job page (`Error: msg`)."""
    told = record.kind is SourceKind.GHA_LOG or record.message.startswith("Error: ")
    return told and not record.framework and not record.test_id and record.location is None


def _next_after_frames(first: Item, second: Item) -> bool:
    """Whether `second` is on the line after `first` or after only `first`'s stack frames (from its context)."""
    gap = second.line - first.line - 1
    if gap < 0 or not first.line:
        return False
    if gap == 0:
        return True
    record = first.occurrence.record
    message = record.message.strip()
    own = next((i for i, line in enumerate(record.context) if message and message in line), -1)
    between = record.context[own + 1 : own + 1 + gap] if own >= 0 else ()
    return len(between) == gap and all(_FRAME.match(line) for line in between)


def join_annotation_runs(causes: Sequence[Item], union: Union) -> None:
    """Join each cause to the next one (in job order) when both are annotations told in a row."""
    for first, second in itertools.pairwise(causes):
        same_place = first.source == second.source and first.occurrence.record.step == second.occurrence.record.step
        if (
            same_place
            and is_annotation(first.occurrence.record)
            and is_annotation(second.occurrence.record)
            and _next_after_frames(first, second)
        ):
            union.join(first.index, second.index)
