"""Python packaging, build and check tools whose lines the generic matchers misread.

Formats (each tool's default text output): Cython's compiler (`Error compiling Cython file:` over the source, then
`x.pyx:84:15: message`; `Cython.Compiler.Errors.CompileError: x.pyx` raised after it, a verdict); pip's resolver
verdict `ERROR: ResolutionImpossible: for help visit <url>` printed after its `ERROR: Cannot install ...` and the
conflict list (pip's `ResolutionImpossible` documentation) and its hash check (`THESE PACKAGES DO NOT MATCH THE
HASHES FROM THE REQUIREMENTS FILE`); the PubGrub solver's explanation that Poetry and Dart's pub end with `version
solving failed.` (Poetry's `SolverProblemError` printed alone over it, a symptom); isort's `--check-only` finding
(`ERROR: path Imports are incorrectly sorted and/or formatted.`); uv's `× Failed to build `pkg`` over its build
backend's output (a verdict); twine's refused upload (`HTTPError: 400 Bad Request from <url>`, older `HTTPError: 400
Client Error: File already exists. for url: <url>`); Django's test runner (`Got an error creating the test database:
reason`); mypy's error without a line (`x.py: error: Duplicate module named "x"`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, loc, symptom


def cython_location(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Cython's `x.pyx:84:15: message` under its `Error compiling Cython file:` block: a compilation error."""
    where = loc(m.group("file"), m.group("line"), m.group("col"))
    return LineMatch(m.group("msg").strip(), "cython", "compilation", location=where, before=14, after=2)


def isort_finding(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`ERROR: path Imports are incorrectly sorted and/or formatted.`: a format check's finding in that file."""
    where = loc(m.group("file"), None)
    return LineMatch(m.group("msg"), "isort", "lint", location=where, before=0, after=1)


def upload_refused(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """twine's `HTTPError: 4xx ...` from the index it uploads to: the upload is wrong (a file that exists, bad
    metadata) or not allowed (401, 403), not a fault of the network."""
    hint = "permission" if m.group("code") in ("401", "403") else "configuration"
    return LineMatch(m.string.strip(), "twine", hint, before=4, after=3)


def mypy_unlocated(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """mypy's error about a whole file (`x.py: error: Duplicate module named "x"`), its notes below it."""
    where = loc(m.group("file"), None)
    return LineMatch(m.group("msg").strip(), "mypy", "compilation", location=where, before=0, after=4)


_PYX = r"(?P<file>[^\s:]+\.(?:pyx|pxd|pxi)):(?P<line>\d+):(?P<col>\d+): (?P<msg>\S.*)"

ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    *((needle, rf"^\s*{_PYX}$", cython_location) for needle in (".pyx:", ".pxd:", ".pxi:")),
    ("error compiling cython file", r"^\s*Error compiling Cython file:\s*$", symptom("cython", "compilation")),
    (
        "cython.compiler.errors.compileerror",
        r"^\s*Cython\.Compiler\.Errors\.CompileError: \S+\s*$",
        symptom("cython", "compilation"),
    ),
    (
        "resolutionimpossible",
        r"^(?:ERROR: )?ResolutionImpossible: for help visit \S+\s*$",
        symptom("pip", "dependency"),
    ),
    # uv's verdict on a package whose build backend failed: the backend's own output below it is the cause
    ("failed to build `", r"^\s*(?:[×x] )?Failed to build `[^`]+`\s*$", symptom("uv", "dependency")),
    (
        "do not match the hashes",
        r"^.*?\bTHESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE\b.*$",
        cause("pip", "dependency"),
    ),
    # the explanation's last line (not a `-vvv` trace line, `   1: ! thus: version solving failed`); Poetry's
    # exception name printed alone over it is its symptom
    ("version solving failed", r"^(?!\s*\d+: ).*\S.*\bversion solving failed\.?\s*$", cause("pubgrub", "dependency")),
    ("solverproblemerror", r"^\s*SolverProblemError\s*$", symptom("poetry", "dependency")),
    (
        "imports are incorrectly sorted",
        r"^(?:ERROR: )?(?P<file>\S+) (?P<msg>Imports are incorrectly sorted(?: and/or formatted)?\.?)\s*$",
        isort_finding,
    ),
    (
        "httperror: 4",
        r"^(?:ERROR\s+)?HTTPError: (?P<code>4\d\d) .*(?:\bfrom https?://|\bfor url: https?://)\S+.*$",
        upload_refused,
    ),
    (
        "got an error creating the test database",
        r"^\s*Got an error creating the test database: \S.*$",
        cause("django", "configuration"),
    ),
    (": error: ", r"^(?P<file>[^\s:]+\.pyi?): error: (?P<msg>\S.*)$", mypy_unlocated),
)
