"""A line that quotes the error printed next to it is one failure with it, told twice.

A tool that catches an error often prints its own message with the error's text inside and the error itself on the
line before or after: GitHub's configure-pages action writes `Error: Get Pages site failed. Please verify ... Error:
Not Found - https://...` and then `Error: HttpError: Not Found - https://...`; a Go program `log.Fatalf("build
failed: %v", err)` after the error was logged. Two causes of one input within SPAN lines, neither naming a test or a
source location, are one failure when the message of one, without its leading error words and exception type
(`Error: HttpError: `), is at least MIN_CHARS long and lies inside the other's (or is the other's: an action's
`Error: HttpError: msg` then `Error: msg`); not two diagnostics at places of their own (one of them may have a
place: NuGet.targets' `error : Unable to load the service index ...` over the FatalProtocolException that tells it
again). The quoting line leads when it is no
exception of its own: it says what was being done and how to fix it; not a line a program logged at a level with its
logger (link/lead.py: `ERROR [main] x.Y - msg` over the exception it logs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.link.cluster import Item, Union
from classifier.link.lead import is_logged

SPAN = 3  # lines between the quoting line and the quoted one, at most
WINDOW = 2 * SPAN  # causes compared with each one, before and after it in job order
MIN_CHARS = 20  # a shorter message (`Not Found`) is no evidence that one line quotes the other
_HEAD = re.compile(r"^(?:(?:[\w.]*(?:Error|Exception)|error|fatal|FATAL|ERROR)\b:?\s*)+")


def bare(item: Item) -> str:
    """The message without its leading error words and exception type, and without the inner exceptions .NET
    appends after ` ---> ` (`FatalProtocolException: msg ---> HttpRequestException: 401`)."""
    return _HEAD.sub("", item.occurrence.record.message.strip()).split(" ---> ", 1)[0]


def quotes(a: Item, b: Item) -> bool:
    """Whether one of two nearby causes of one input quotes the other's message (see the module docstring)."""
    if a.source != b.source or a.test or b.test or abs(b.line - a.line) > SPAN or not a.line or not b.line:
        return False
    if a.occurrence.record.location is not None and b.occurrence.record.location is not None:
        return False  # diagnostics at their own places: one compiler's errors at two places are two
    inner_a, inner_b = bare(a), bare(b)
    if inner_a == inner_b:  # one message repeated (cluster.py joins it) or told again without its exception type
        return len(inner_a) >= MIN_CHARS and a.occurrence.record.message != b.occurrence.record.message
    return (len(inner_b) >= MIN_CHARS and inner_b in a.occurrence.record.message) or (
        len(inner_a) >= MIN_CHARS and inner_a in b.occurrence.record.message
    )


def quoted(causes: Sequence[Item]) -> set[int]:
    """The indexes of the causes (in job order) that a nearby one quotes, when the quoting one is no
    exception of its own."""
    found: set[int] = set()
    for position, item in enumerate(causes):
        text = bare(item)
        near = causes[max(position - WINDOW, 0) : position + WINDOW + 1]
        if len(text) >= MIN_CHARS and any(
            other is not item
            and not other.occurrence.record.exception_type
            and not is_logged(other.occurrence.record.message)
            and text in other.occurrence.record.message
            and quotes(item, other)
            for other in near
        ):
            found.add(item.index)
    return found


def join_quotes(causes: Sequence[Item], union: Union) -> None:
    """Join each cause to a nearby one it quotes or that quotes it (causes in job order)."""
    for position, item in enumerate(causes):
        for other in causes[position + 1 : position + 1 + WINDOW]:
            if quotes(item, other):
                union.join(item.index, other.index)
