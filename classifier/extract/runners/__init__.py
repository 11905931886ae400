"""Line matchers for test runners, compilers and tools found in raw CI logs, one module per ecosystem.

python (pytest, unittest, tracebacks, flake8/pylint, pip), jvm (javac, Maven, Surefire, Gradle, checkstyle),
native (gcc/clang/ld, MSVC/.NET, go, rustc/cargo), js (tsc, eslint, jest, npm), scripting (rspec, minitest,
phpunit, XCTest), crash (sanitizers, signals, asserts, runtime fatal errors), kernel (kernel console reports),
system (apt, generic error lines, infrastructure evidence: OOM, timeouts, DNS, disk).
table.py orders them. `match_line` is called by the log scanner on candidate lines only; `extract` runs
the scanner on a document so a plain tool output (no GitHub markers) can be read on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import LineMatch
from classifier.extract.runners.system import infra_hint, infra_only
from classifier.extract.runners.table import M

__all__ = ["FOLLOWING_LINES", "LineMatch", "extract", "infra_hint", "match_line", "wants_following"]

_GATE = re.compile(
    "|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern) + ")" for _n, pattern, _b, search in M if not search)
)  # one C-level pass that rejects most candidate lines before the per-pattern loop
_SEARCH_ONLY = tuple(needle for needle, _p, _b, search in M if search)
_ALWAYS = tuple(index for index, entry in enumerate(M) if not entry[0])
_BY_NEEDLE: dict[str, list[int]] = {}
for _index, _entry in enumerate(M):
    if _entry[0]:
        _BY_NEEDLE.setdefault(_entry[0], []).append(_index)
_HEADERS = frozenset(
    (
        "Failure:",
        "Error:",
        "Failed tests:",
        "Failed tests: ",
        "Tests in error:",
        "Tests in error: ",
        "[ERROR] Failures:",
        "[ERROR] Errors:",
        "[ERROR] Failures: ",
        "[ERROR] Errors: ",
    )
)
# lines whose matchers read the following lines
LOOKAHEAD_NEEDLES = (
    "[-] ",
    "error[",
    "<<< ",
    "build failed with an exception",
    "cannot find symbol",
    "panicked at",
    "warning: data race",
    "# fatal error in",
    "# runtime error in",
)


_LOOKAHEAD_STARTS = ("error: ", "warning: ", "terminate called", "ld.lld: ", "ld: ", "lld: ", "ld64.lld: ")


def wants_following(text: str, lowered: str) -> bool:
    """Whether the matchers need the next lines of this one (rustc locations, surefire and minitest cases)."""
    return (
        text in _HEADERS
        or text.startswith(_LOOKAHEAD_STARTS)
        or lowered.endswith(("error:", "warning:", " failed"))
        or " failed on line " in lowered
        or any(needle in lowered for needle in LOOKAHEAD_NEEDLES)
    )


FOLLOWING_LINES = 14  # how many next lines the scanner passes when wants_following()


def match_line(text: str, following: Sequence[str] = ()) -> LineMatch | None:
    """Match one cleaned log line (no timestamp/ANSI); `following` are the next lines, for lookahead."""
    text = text[:2000]
    lowered = text.lower()
    stripped = text.lstrip()
    if (
        _GATE.match(text) is None
        and (stripped is text or _GATE.match(stripped) is None)
        and not any(needle in lowered for needle in _SEARCH_ONLY)
    ):
        return infra_only(text, lowered)
    indexes = list(_ALWAYS)
    for needle, entries in _BY_NEEDLE.items():
        if needle in lowered:
            indexes.extend(entries)
    indexes.sort()
    found: LineMatch | None = None
    for index in indexes:
        _needle, pattern, builder, search = M[index]
        if search:
            m = pattern.search(text)
        else:
            m = pattern.match(text)
            if m is None and stripped is not text:
                m = pattern.match(stripped)
        if m is None:
            continue
        found = builder(m, following)
        if found is not None:
            break
    if found is None:
        return infra_only(text, lowered)
    hint = infra_hint(text, lowered)
    if hint and found.tool_hint not in ("oom", "timeout"):
        found = replace(found, tool_hint=hint)
    return found
