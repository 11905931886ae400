"""An error the tool itself says it ignored, retried to a pass or skipped is a warning, not a cause.

- GNU make runs a recipe line prefixed with `-` (or any line under `make -i`) and, when it fails, prints
  `make: [target] Error 1 (ignored)` (`make[2]: [Makefile:151: target] Error 1 (ignored)`) right below the
  command's own output and goes on. A record whose next lines, within its own context and before any blank
  line, carry that notice is the ignored command's output; a record that is the notice itself is one too.
- Surefire's rerun rows: a flaky test's `Run 1: Test.m:80 » TestTimedOut` followed by `Run 2: PASS` (its
  `Flakes:` section) passed on its rerun.
- pip-audit's skip table: a dependency it `could not be audited` (not on the index) was skipped, not found
  vulnerable; pip-audit exits 0 for it.
"""

from __future__ import annotations

import re

from classifier.model import ErrorRecord

# make's notice that a recipe line failed and was ignored (no `***`, which marks a failure that stops it)
_MAKE_IGNORED = re.compile(r"^\S*make(?:\[\d+\])?: \[[^\]]+\] Error \d+ \(ignored\)$")
NOTICE_REACH = 2  # how many lines below a record the notice may be (the command's output ends right above it)
_RUN_ROW = re.compile(r"\bRun \d+: ")  # Surefire's row of one run of a rerun test
_RUN_PASSED = re.compile(r"\bRun \d+: PASS$")
RUN_REACH = 3  # lines of a failed run's message (its row and up to two more) before the next row
_SKIPPED_AUDIT = re.compile(r"\bcould not be audited\b")  # pip-audit's SkippedDependency reasons


def ignored_by_tool(record: ErrorRecord) -> bool:
    """Whether the tool says this failure was ignored (make), passed on a rerun (Surefire) or skipped (pip-audit)."""
    if _MAKE_IGNORED.match(record.message.strip()) or _SKIPPED_AUDIT.search(record.message):
        return True
    context = [line.strip() for line in record.context]
    message = record.message.strip()
    own = next((i for i, line in enumerate(context) if message and message in line), -1)
    if own < 0:
        return False
    if _RUN_ROW.search(context[own]) and any(
        _RUN_PASSED.search(line) for line in context[own + 1 : own + 1 + RUN_REACH]
    ):
        return True
    for line in context[own + 1 : own + 1 + NOTICE_REACH]:
        if not line:
            return False
        if _MAKE_IGNORED.match(line):
            return True
    return False


def not_a_cause(record: ErrorRecord) -> bool:
    """A test that passed on its rerun (`ErrorRecord.passed_on_rerun`) or a command whose failure was ignored."""
    return record.passed_on_rerun or ignored_by_tool(record)
