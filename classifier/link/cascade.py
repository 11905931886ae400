"""A missing file after a failed command in the same step is that failure's consequence, not another failure.

A script that goes on after a command failed (no `set -e`, Drone's or Jenkins' shell steps, a Makefile's
later recipe) then trips over what the failed command did not produce: `make: *** [plugin] Error 1`, then
`scp: /tmp/x/build: No such file or directory`, `bash: line 0: cd: /tmp/x/plugin: No such file or directory`.
A cause that says a file or directory is missing (ENOENT's wording in coreutils, bash, sh and scp), printed
in the same step as an earlier failure marker (a wrapper or symptom of another failure) and within REACH lines
of it, joins that marker's failure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.link.cluster import Item, Union
from classifier.link.shapes import Shape

REACH = 200  # lines from a failure marker to a missing file it explains, at most
_MISSING = re.compile(r"No such file or directory|\bcannot (?:stat|access) |\bCan't open ")


def join_consequences(items: Sequence[Item], union: Union) -> None:
    """Join each missing-file cause to the failure of the last marker before it in its step."""
    markers: list[Item] = []
    for item in items:
        if item.shape is not Shape.CAUSE:
            markers.append(item)
            continue
        if item.test or not _MISSING.search(item.occurrence.record.message):
            continue
        step = item.occurrence.record.step
        before = [
            m
            for m in markers
            if m.source == item.source and m.occurrence.record.step == step and 0 <= item.line - m.line <= REACH
        ]
        if before and union.find(before[-1].index) != union.find(item.index):
            union.join(before[-1].index, item.index)
