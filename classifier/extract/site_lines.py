"""Locations a diagnostic prints on a line of its own under its message (pure).

Terraform and OpenTofu print a diagnostic as a summary line, then where it is (Terraform's documentation,
"Diagnostics" in the JSON output format and the human-readable form of `terraform validate`/`plan`):

    Error: Unsupported argument

      on main.tf line 32, in resource "aws_instance" "web":
      32:   ami_idx = "ami-123"

(inside a box gutter `│` since 0.15, which the prefix stripper removes). The `on <file> line <n>` line
is the record's location when it follows the message within `SPAN` lines of its context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from classifier.model import ErrorRecord, Location

SPAN = 4  # context lines after the message searched for the location
_HEADER = re.compile(r"^(?:Error|Warning): \S")
_ON_LINE = re.compile(r"^\s*(?:│\s*)?on (?P<file>[^\s,]+) line (?P<line>\d+)(?:, in [^\n]*)?:\s*$")


def _located(record: ErrorRecord) -> Location | None:
    context = record.context
    start = next((i for i, line in enumerate(context) if record.message in line), None)
    if start is None:
        return None
    for line in context[start + 1 : start + 1 + SPAN]:
        found = _ON_LINE.match(line)
        if found is not None:
            return Location(found.group("file"), int(found.group("line")))
    return None


def located(records: Iterable[ErrorRecord]) -> tuple[ErrorRecord, ...]:
    """The records, a Terraform-style diagnostic given the location printed under it."""
    out = []
    for record in records:
        where = _located(record) if record.location is None and _HEADER.match(record.message) else None
        out.append(replace(record, location=where) if where else record)
    return tuple(out)


__all__ = ["located"]
