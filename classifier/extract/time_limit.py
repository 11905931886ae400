"""A job cancelled at its time limit (pure): a timeout of the step that was running, not a platform fault.

GitHub Actions cancels a job that runs past its limit (the job's `timeout-minutes`, 360 minutes by default:
GitHub's documentation, "Usage limits" and "jobs.<job_id>.timeout-minutes") and its log ends with
`Error: The operation was canceled.`, the same words as a cancel by a user or by a failing sibling job.
The limit is the job's own when the GitHub source read it from the workflow file (`Document.limit_minutes`,
sources/workflow_limits.py), else the default. The cancel is taken for the limit when the job had run its
limit by then (less a slack of at most a tenth of the limit), as told by:

* the jobs API's `started_at` / `completed_at` of the job (`Document.ran_minutes`, set by the GitHub source);
* the log's own times: the first line's timestamp and the cancel line's (GitHub job logs stamp each line);
* an elapsed time the running step printed just before the cancel (Terraform's `Still creating...
  [5h56m12s elapsed]`), which leaves out the job's set-up and earlier steps, so it may be `SLACK_MINUTES`
  short of the limit.

When the log states the limit itself (GitHub's `… has exceeded the maximum execution time …` line), that
line is the cause and nothing is marked. Otherwise the cancel line says so (`… (the job ran out of time)`,
its own fingerprint: a user's cancel stays apart), carries tool_hint `timeout` (rule
`ci.timeout.job_limit`) and the evidence in `details`; its context (the step's last lines) is its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from classifier.model import ErrorRecord

JOB_LIMIT_MINUTES = 360  # GitHub's default job time limit; a job's own `timeout-minutes` adds an annotation
SLACK_MINUTES = 20  # a step's elapsed time leaves out the set-up and the steps before it
CLOCK_SLACK_MINUTES = 2  # whole seconds in the API, the cancel's own delay
RAN_OUT = " (the job ran out of time)"

_CANCEL = re.compile(r"^(?:##\[error\]\s*)?(?:error:\s*)?the (?:operation|job) was cancell?ed\.?$", re.IGNORECASE)
_DURATION = r"\d+h\s?\d+m(?:\s?\d+(?:\.\d+)?s)?|\d+:\d\d:\d\d"
_ELAPSED = re.compile(
    rf"(?P<a>{_DURATION})\s*\]?\)?\s*elapsed\b|\belapsed(?: time)?\s*[:=]?\s*(?P<b>{_DURATION})", re.IGNORECASE
)
_STATED = re.compile(r"exceeded the maximum execution time", re.IGNORECASE)
_PARTS = re.compile(r"(?:(?P<h>\d+)h)?\s?(?:(?P<m>\d+)m)?\s?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_STAMP = re.compile(r"^\ufeff?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s")


def minutes(duration: str) -> float:
    """`5h56m12s` or `05:56:12` in minutes (0 when it is neither)."""
    if ":" in duration:
        clock = [int(part) for part in duration.split(":")]
        return clock[0] * 60 + clock[1] + clock[2] / 60
    found = _PARTS.match(duration.replace(" ", ""))
    if found is None:
        return 0.0
    hours, mins, secs = (float(found.group(name) or 0) for name in ("h", "m", "s"))
    return hours * 60 + mins + secs / 60


def first_stamp(head: str) -> str:
    """The timestamp of a GitHub job log's first line, or ""."""
    found = _STAMP.match(head)
    return found.group(1) if found else ""


def _between(start: str, end: str) -> float | None:
    """Minutes from one timestamp of a log to another (whole seconds; both in the log's own zone)."""
    try:
        began, ended = (datetime.fromisoformat(stamp[:19]) for stamp in (start, end))
    except ValueError:
        return None
    return (ended - began).total_seconds() / 60


def reached(ran_minutes: float, limit: float = JOB_LIMIT_MINUTES) -> bool:
    """Whether a job that ran `ran_minutes` by the API's whole-second times had run its time limit."""
    return ran_minutes >= limit - min(CLOCK_SLACK_MINUTES, limit / 10)


def evidence(record: ErrorRecord, ran_minutes: float, started: str, limit: float = JOB_LIMIT_MINUTES) -> str:
    """Why the cancel in `record` came at the job's time limit (`limit` minutes), or "" when nothing says it did."""
    shown = f"limit {limit:g}" if limit == JOB_LIMIT_MINUTES else f"timeout-minutes: {limit:g}"
    if reached(ran_minutes, limit):
        return f"the job ran {ran_minutes:.0f} minutes ({shown})"
    span = _between(started, record.timestamp) if started and record.timestamp else None
    if span is not None and reached(span, limit):
        return f"the log spans {span:.0f} minutes ({shown})"
    for line in reversed(record.context):
        found = _ELAPSED.search(line)
        taken = minutes(found.group("a") or found.group("b")) if found else 0.0
        if taken and taken >= limit - min(SLACK_MINUTES, limit / 10):
            return f"the running step printed {taken:.0f} minutes elapsed ({shown})"
    return ""


def marked(
    records: Iterable[ErrorRecord], ran_minutes: float, head: str, limit: float = JOB_LIMIT_MINUTES
) -> tuple[ErrorRecord, ...]:
    """The records, with a cancel that came at the job's time limit marked as the timeout it is (unless the
    log says so itself: GitHub's `… has exceeded the maximum execution time of N minutes.` is then the
    cause, the cancel its wrapper)."""
    started = first_stamp(head)
    records = tuple(records)
    if any(_STATED.search(record.message) for record in records):
        return records
    out = []
    for record in records:
        said = evidence(record, ran_minutes, started, limit) if _CANCEL.match(record.message.strip()) else ""
        text = record.message.strip() + RAN_OUT
        out.append(replace(record, message=text, tool_hint="timeout", details=said) if said else record)
    return tuple(out)


def stated_evidence(record: ErrorRecord) -> str:
    """What showed that a cancel marked by `marked` came at the job's time limit (its card says it), or ""."""
    return record.details if record.tool_hint == "timeout" and record.message.endswith(RAN_OUT) else ""


__all__ = ["JOB_LIMIT_MINUTES", "RAN_OUT", "evidence", "marked", "minutes", "reached", "stated_evidence"]
