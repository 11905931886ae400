"""Scoring helpers for the third-party conformance corpora (reviewdog/errorformat, gotestsum)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from classifier.extract import extract_document
from classifier.extract.runners import match_line
from classifier.extract.text import strip_ansi
from classifier.sources.base import Document

OK_RE = re.compile(r"^(?P<file>[^|]*)\|(?P<line>\d+)?(?: col (?P<col>\d+))?[^|]*\|\s?(?P<msg>.*)$")
FAIL_RE = re.compile(r"^=== FAIL: (?P<pkg>\S+) (?P<test>\S*) ?\(")


@dataclass(frozen=True)
class Score:
    name: str
    expected: int
    located: int  # same file and line (and column when given)
    matched: int  # located and the message agrees


def _same_message(ours: str, expected: str) -> bool:
    a, b = " ".join(ours.split()), " ".join(expected.split())
    return bool(a) and (a == b or a in b or b in a)


def errorformat_score(source: Path) -> Score:
    """Run the line matchers over one `.in` file and compare with its `.ok` expectations."""
    lines = [strip_ansi(line) for line in source.read_text(encoding="utf-8", errors="replace").splitlines()]
    found = []
    for index, line in enumerate(lines):
        match = match_line(line, lines[index + 1 : index + 5])
        if match is not None and match.location is not None:
            found.append(match)
    expected = [m for m in (OK_RE.match(x) for x in source.with_suffix(".ok").read_text().splitlines()) if m]
    located = matched = 0
    for exp in expected:
        line_no = int(exp.group("line")) if exp.group("line") else None
        col = int(exp.group("col")) if exp.group("col") else None
        hits = [
            m
            for m in found
            if m.location
            and m.location.file == exp.group("file")
            and m.location.line == line_no
            and (col is None or m.location.column in (None, col))
        ]
        located += bool(hits)
        matched += any(_same_message(m.message, exp.group("msg")) for m in hits)
    return Score(source.stem, len(expected), located, matched)


def gotestsum_failures(summary: Path) -> set[tuple[str, str]]:
    """(package, test) pairs a gotestsum golden summary lists as failed."""
    pairs = set()
    for line in summary.read_text(encoding="utf-8").splitlines():
        m = FAIL_RE.match(line)
        if m:
            pairs.add((m.group("pkg"), m.group("test")))
    return pairs


def our_go_failures(stream: Path) -> set[tuple[str, str]]:
    doc = Document(str(stream), lambda: stream.open("rb"))
    pairs = set()
    for record in extract_document(doc).records:
        package = record.details.removeprefix("package=")
        if (record.framework == "go" and record.tool_hint != "compilation") or record.role.value == "symptom":
            test = record.test_id.removeprefix(f"{package}.") if record.test_id else ""
            pairs.add((package, test))
    return pairs
