"""The time limit each job of a GitHub Actions workflow file sets (pure: text in, limits out).

A job's `timeout-minutes` (GitHub's workflow syntax, "jobs.<job_id>.timeout-minutes"; 360 when unset) is
the limit GitHub cancels it at. The jobs API names a job by its `name` (else its id), with the matrix values
appended in parentheses when the name has no expression (`test (3.12, ubuntu-latest)`); an expression in the
name (`Build ${{ matrix.os }}`) is filled in instead. The file is the repository's (a fork's, for a fork's
pull request), so it is read as data: line by line, bounded (MAX_CHARS, MAX_JOBS, MAX_NAME,
MAX_EXPRESSIONS), with patterns that never backtrack over a line, and only the `jobs:` mapping in block
style, each job's `name` and `timeout-minutes` at the job's own indentation. A limit written as an
expression, a flow-style mapping, or anything else it cannot read is unknown (the default then applies);
nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CHARS = 512 << 10  # of a workflow file read
MAX_JOBS = 500
MAX_NAME = 200  # characters of a job name read
MAX_EXPRESSIONS = 3  # `${{ }}` in a job name matched as wildcards, at most (else the name is not matched)

# `key: value` on a line without its comment and trailing blanks (each character is read once)
_KEY = re.compile(r"""^ *(?P<key>[\w.-]+|"[^"\n]*"|'[^'\n]*') *:(?:[ \t](?P<value>.*))?$""")
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


@dataclass(frozen=True, slots=True)
class JobLimit:
    """One job of the workflow: the name the jobs API shows (a pattern when it holds an expression) and its
    `timeout-minutes`."""

    key: str
    name: str
    minutes: float

    def names(self, shown: str) -> bool:
        """Whether the jobs API's job name `shown` is this job (a matrix leg's name included)."""
        if "${{" in self.name:
            parts = [re.escape(part) for part in _EXPRESSION.split(self.name)]
            return len(parts) <= MAX_EXPRESSIONS + 1 and re.fullmatch(".+?".join(parts), shown) is not None
        return shown == self.name or (shown.startswith(self.name + " (") and shown.endswith(")"))


def job_limits(text: str) -> tuple[JobLimit, ...]:
    """The jobs of a workflow file that set a readable `timeout-minutes`, in file order."""
    found: list[JobLimit] = []
    for key, fields in _jobs(text[:MAX_CHARS].splitlines()):
        minutes = _minutes(fields.get("timeout-minutes", ""))
        if minutes is not None:
            found.append(JobLimit(key, _scalar(fields.get("name", ""))[:MAX_NAME] or key, minutes))
    return tuple(found)


def limit_for(job_name: str, limits: Iterable[JobLimit]) -> float | None:
    """The time limit of the job the jobs API names `job_name`, when exactly one limit fits it."""
    fitting = {limit.minutes for limit in limits if limit.names(job_name)}
    return fitting.pop() if len(fitting) == 1 else None


def _jobs(lines: list[str]) -> Iterable[tuple[str, dict[str, str]]]:
    """(job id, its own top-level `key: value` fields) for each job under the top-level `jobs:`."""
    start = next((i for i, line in enumerate(lines) if _bare(line) == "jobs:"), None)
    if start is None:
        return
    job_indent = prop_indent = 0
    key, count = "", 0
    fields: dict[str, str] = {}
    for line in lines[start + 1 :]:
        text = _bare(line)
        if not text:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            break  # the next top-level key: the jobs are over
        m = _KEY.match(_uncommented(line))
        job_indent = job_indent or indent
        if indent == job_indent:
            if key:
                yield key, fields
            count += 1
            if m is None or m.group("value") or count > MAX_JOBS:
                return  # not a block mapping of jobs this reader knows
            key, fields, prop_indent = _scalar(m.group("key")), {}, 0
        elif key and m is not None and indent == (prop_indent := prop_indent or indent):
            fields.setdefault(m.group("key"), (m.group("value") or "").strip())
    if key:
        yield key, fields


def _bare(line: str) -> str:
    """The line without its comment and surrounding blanks."""
    return _uncommented(line).strip()


def _uncommented(line: str) -> str:
    """The line up to a YAML comment (` #` outside quotes; a leading `#`)."""
    if line.lstrip().startswith("#"):
        return ""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#" and index and line[index - 1] in " \t":
            return line[:index].rstrip()
    return line.rstrip()


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _minutes(value: str) -> float | None:
    """A positive number of minutes, else None (an expression, a typo: the default applies)."""
    try:
        minutes = float(_scalar(value))
    except ValueError:
        return None
    return minutes if 0 < minutes <= 10_000 else None


__all__ = ["JobLimit", "job_limits", "limit_for"]
