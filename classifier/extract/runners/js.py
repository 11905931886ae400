"""JavaScript and TypeScript: tsc, eslint (stylish and compact), jest, npm."""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch, coded_location, loc
from classifier.model import Role, Severity


def eslint_compact(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "Warning" else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        "eslint",
        "lint",
        severity=severity,
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=1,
    )


# tsc `a.ts(3,5): error TS2345: msg` and `a.ts:3:5 - error TS2345: msg`
tsc = coded_location("tsc", "compilation", after=3)


def eslint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") in ("warning", "⚠") else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        "stylelint" if m.group("level") in ("✖", "⚠") else "eslint",
        "lint",
        severity=severity,
        code=m.group("rule") or "",
        before=1,
        after=1,
    )


def jest(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "jest", "", test_id=m.group("test").strip(), before=0, after=10)


def npm_code(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    code = m.group("code")
    if code in ("ELIFECYCLE",):
        return LineMatch(m.group(0).strip(), "npm", "exit_code", Role.SYMPTOM, code=code, before=2, after=6)
    hint = {
        "ERESOLVE": "dependency",
        "E404": "dependency",
        "ETARGET": "dependency",
        "ENOTFOUND": "dns",
        "ECONNRESET": "network",
        "ETIMEDOUT": "timeout",
        "ENOSPC": "disk",
        "EACCES": "permission",
    }
    return LineMatch(m.group(0).strip(), "npm", hint.get(code, ""), code=code, before=1, after=8)
