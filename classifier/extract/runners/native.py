"""Compiled languages: gcc/clang/ld, MSVC and .NET, go, rustc/cargo; location-shaped lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch, framework_for, loc
from classifier.model import Severity


def go_fail(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "go", "", test_id=m.group("test"), before=8, after=2)


def go_panic(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "go", "panic", exception_type="panic", before=2, after=10)


def rust_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    location = None
    for line in following[:4]:
        arrow = _RUST_ARROW.match(line)
        if arrow:
            location = loc(arrow.group("file"), arrow.group("line"), arrow.group("col"))
            break
    return LineMatch(
        m.group(0).strip(), "cargo", "compilation", code=m.group("code") or "", location=location, before=0, after=10
    )


_RUST_ARROW = re.compile(r"^\s*--> (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)")


def compiler(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    path = m.group("file")
    level = m.group("level").lower()
    framework = framework_for(path)
    if framework == "python":
        framework = "mypy"
    severity = Severity.ERROR if "error" in level.lower() else Severity.WARNING
    hint = (
        "compilation"
        if framework in ("gcc", "clang", "go", "cargo", "javac", "kotlin", "scalac", "swift", "dotnet")
        else "lint"
    )
    return LineMatch(
        m.group("msg").strip(),
        framework,
        hint,
        severity=severity,
        location=loc(path, m.group("line"), m.group("col")),
        before=0,
        after=4,
    )


def dotnet(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "warning" else Severity.ERROR
    hint = "compilation" if m.group("code").startswith(("CS", "FS", "BC")) else "build"
    return LineMatch(
        m.group("msg").strip(),
        "dotnet",
        hint,
        severity=severity,
        code=m.group("code"),
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


def bare_location(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`path:12:3: message` without an error word (go build, golangci-lint, flake8)."""
    path = m.group("file")
    framework = framework_for(path)
    if not framework:
        return None
    hint = "compilation" if framework == "go" else "lint"
    return LineMatch(
        m.group("msg").strip(), framework, hint, location=loc(path, m.group("line"), m.group("col")), before=0, after=4
    )
