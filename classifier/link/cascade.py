"""A missing file after a failed command in the same step is that failure's consequence, not another failure.

A script that goes on after a command failed (no `set -e`, Drone's or Jenkins' shell steps, a Makefile's
later recipe) then trips over what the failed command did not produce: `make: *** [plugin] Error 1`, then
`scp: /tmp/x/build: No such file or directory`, `bash: line 0: cd: /tmp/x/plugin: No such file or directory`.
A cause that says a file or directory is missing (ENOENT's wording in coreutils, bash, sh and scp), printed
in the same step as an earlier failure marker (a wrapper or symptom of another failure) and within REACH lines
of it, joins that marker's failure. A missing file that an error within NAMED lines below it names (CocoaPods'
check script: `diff: /Podfile.lock: No such file or directory`, then `error: The sandbox is not in sync with the
Podfile.lock`) is that error's evidence: one failure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.link.cluster import Item, Union
from classifier.link.shapes import Shape

REACH = 200  # lines from a failure marker to a missing file it explains, at most
NAMED = 3  # lines from a missing file to the error below it that names it, at most
_MISSING = re.compile(r"No such file or directory|\bcannot (?:stat|access) |\bCan't open ")
_MISSING_WORDS = ("No such file or directory", "cannot ", "Can't open ")  # one is in every text _MISSING finds
_ENOENT = "No such file or directory"  # in every text _MISSING_PATH finds
_MISSING_PATH = re.compile(r"(?:^|\s)'?(?P<path>[^\s']+?)'?: No such file or directory")


def join_consequences(items: Sequence[Item], union: Union) -> None:
    """Join each missing-file cause to the failure of the last marker before it in its step."""
    markers: list[Item] = []
    for item in items:
        if item.shape is not Shape.CAUSE:
            markers.append(item)
            continue
        message = item.occurrence.record.message
        if item.test or not any(word in message for word in _MISSING_WORDS) or not _MISSING.search(message):
            continue
        step = item.occurrence.record.step
        before = [
            m
            for m in markers
            if m.source == item.source and m.occurrence.record.step == step and 0 <= item.line - m.line <= REACH
        ]
        if before and union.find(before[-1].index) != union.find(item.index):
            union.join(before[-1].index, item.index)


def _missing_name(item: Item) -> str:
    """The base name of the file a missing-file cause names (`diff: /Podfile.lock: No such ...`), else ""."""
    message = item.occurrence.record.message
    found = _MISSING_PATH.search(message) if _ENOENT in message else None
    name = found.group("path").replace("\\", "/").rsplit("/", 1)[-1] if found else ""
    return name if len(name) >= 5 and "." in name else ""


def join_named(items: Sequence[Item], union: Union) -> None:
    """Join each missing-file cause to an error within NAMED lines below it that names the file."""
    for position, item in enumerate(items):
        name = "" if item.shape is not Shape.CAUSE or item.test else _missing_name(item)
        if not name:
            continue
        for other in items[position + 1 :]:
            if other.source != item.source or other.line - item.line > NAMED:
                break
            if other.shape is Shape.CAUSE and not other.test and name in other.occurrence.record.message:
                union.join(item.index, other.index)
                break
