"""How a log says its job ended: the last success or failure marker in its tail.

Markers are the final lines tools and CI systems print: Maven `BUILD SUCCESS` / `BUILD FAILURE`,
Gradle `BUILD SUCCESSFUL` / `BUILD FAILED`, Travis `Done. Your build exited with N.`, GitLab `Job succeeded` /
`ERROR: Job failed`, Jenkins `Finished: SUCCESS`, GitHub Actions `Process completed with exit code N`, pytest
`N passed` / `N failed`, unittest `OK` / `FAILED (...)`, cargo `test result: ok.`, go `ok pkg` / `FAIL`, jest
`Tests: N passed, N total`, xcodebuild `** TEST SUCCEEDED **`, sbuild `Status: successful`.
A GitHub Actions job log that reaches the runner's last line (`Cleaning up orphan processes`) without an
`##[error]` line in its tail succeeded: the runner marks every failing step with one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

TAIL_BYTES = 64 * 1024  # how much of a log's end is read for its verdict


class Verdict(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNKNOWN = "unknown"


_PREFIX = re.compile(
    r"^(?:\x1b\[[0-9;]*[A-Za-z]|\d{4}-\d\d-\d\dT[\d:.]+Z?\s|\[\d{4}-\d\d-\d\dT[^\]]*\]\s*|\d\d:\d\d:\d\d(?:\.\d+)?\s"
    r"|\[(?:INFO|ERROR|WARNING|WARN)\]\s*|##\[(?:error|warning|section)\]|\s)+"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x1b_bk;[^\x07]*\x07")

_SUCCESS = re.compile(
    r"^(?:BUILD SUCCESS(?:FUL)?\b|Done\. Your build exited with 0\b|Job succeeded\b|Finished: SUCCESS\b"
    r"|Process completed with exit code 0\b|=*\s*\d+ passed(?:, \d+ (?:skipped|deselected|xfailed|xpassed|warnings?))*"
    r"(?: in [\d.]+\s*s)?\b(?!.*\b(?:failed|error))|OK(?: \((?:skipped|expected failures)=\d+[^)]*\))?$"
    r"|test result: ok\.|ok\s+\S+\s+(?:[\d.]+s|\(cached\))|PASS$"
    r"|Tests:\s+(?:\d+ (?:skipped|todo), )*\d+ passed, \d+ total"
    r"|\*\* (?:TEST|BUILD) SUCCEEDED \*\*|Status: successful\b|Executed \d+ tests?, with 0 failures)"
)
_FAILURE = re.compile(
    r"^(?:BUILD FAIL(?:URE|ED)\b|Done\. Your build exited with [1-9]|ERROR: Job failed\b|Job failed\b"
    r"|Finished: (?:FAILURE|UNSTABLE|ABORTED)\b|(?:Error: )?Process completed with exit code [1-9]"
    r"|=*\s*(?:\d+ passed, )?\d+ (?:failed|errors?)\b|FAILED\b|test result: FAILED\b|FAIL\b"
    r"|Tests:\s+\d+ failed|\*\* (?:TEST|BUILD) FAILED \*\*|Status: (?:failed|attempted)\b"
    r"|Executed \d+ tests?, with [1-9]\d* failures?|The command \".*\" exited with [1-9]"
    r"|script returned exit code [1-9]|The operation was canceled|The job running on runner .* has exceeded)"
)


def line_verdict(line: str) -> Verdict:
    """The verdict one line states, UNKNOWN for ordinary lines."""
    text = _PREFIX.sub("", _ANSI.sub("", line)).rstrip()
    if not text:
        return Verdict.UNKNOWN
    if _FAILURE.match(text):
        return Verdict.FAILURE
    if _SUCCESS.match(text):
        return Verdict.SUCCESS
    return Verdict.UNKNOWN


_GHA_END = re.compile(r"^\d{4}-\d\d-\d\dT[\d:.]+Z Cleaning up orphan processes\s*$")
_GHA_ERROR = "##[error]"


def log_verdict(tail: Iterable[str]) -> Verdict:
    """The verdict of the last marker line in a log's tail; UNKNOWN when it has none."""
    last = Verdict.UNKNOWN
    errors = ended = False
    for line in tail:
        found = line_verdict(line)
        if found is not Verdict.UNKNOWN:
            last = found
        errors = errors or _GHA_ERROR in line
        ended = bool(_GHA_END.match(line)) or (ended and not line.strip())
    if ended and not errors:
        return Verdict.SUCCESS
    return last
