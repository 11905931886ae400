"""An error the build tool says it ignored is a warning, not a cause.

GNU make runs a recipe line prefixed with `-` (or any line under `make -i`) and, when it fails, prints
`make: [target] Error 1 (ignored)` (`make[2]: [Makefile:151: target] Error 1 (ignored)`) right below the
command's own output and goes on. A record whose next lines, within its own context and before any blank
line, carry that notice is the ignored command's output: a warning. A record that is the notice itself is
one too.
"""

from __future__ import annotations

import re

from classifier.model import ErrorRecord

# make's notice that a recipe line failed and was ignored (no `***`, which marks a failure that stops it)
_MAKE_IGNORED = re.compile(r"^\S*make(?:\[\d+\])?: \[[^\]]+\] Error \d+ \(ignored\)$")
NOTICE_REACH = 2  # how many lines below a record the notice may be (the command's output ends right above it)


def ignored_by_tool(record: ErrorRecord) -> bool:
    """Whether make says the command whose output this record is failed and was ignored."""
    if _MAKE_IGNORED.match(record.message.strip()):
        return True
    context = [line.strip() for line in record.context]
    message = record.message.strip()
    own = next((i for i, line in enumerate(context) if message and message in line), -1)
    if own < 0:
        return False
    for line in context[own + 1 : own + 1 + NOTICE_REACH]:
        if not line:
            return False
        if _MAKE_IGNORED.match(line):
            return True
    return False


def not_a_cause(record: ErrorRecord) -> bool:
    """A test that passed on its rerun (`ErrorRecord.passed_on_rerun`) or a command whose failure was ignored."""
    return record.passed_on_rerun or ignored_by_tool(record)
