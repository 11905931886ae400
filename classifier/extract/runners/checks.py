"""Checkers with a failure syntax of their own: link checkers, LaTeX, format checks (entries of table.py).

* awesome_bot (github.com/dkhamsing/awesome_bot, README): `Issues :-(` then `> Links` / `> Dupes` and
  their numbered entries (`  1. [L0239] 522 http://x`); the record spans the lists, led by the first entry.
  An entry elsewhere (under `> White listed:`) is no failure.
* markdown-link-check (src/markdown-link-check.js reporter): `  [✖] http://x → Status: 404`.
* lychee (compact format) and linkinator: `[404] https://x | Failed: ...`, `✗ [ERROR] https://x | msg`,
  `[404] https://x`; a status below 400 is no failure.
* HTML-Proofer (its HTMLProofer::Reporter::Cli spec): `External link https://x failed (status code 404)`,
  the older `External link http://x failed: 0 Couldn't resolve host name`, `internally linking to x, which
  does not exist`.
* LaTeX (TeX's error display, The TeXbook ch. 6): `! Undefined control sequence.` with its `l.42 \\foo`
  source line below; latexmk's `Latex failed to resolve N reference(s)` is its summary of warnings.
* Black (`--check`, docs the_basics.md): `would reformat test.py`; Prettier (`--check`, tests' check.js
  snapshot): `[warn] Code style issues found in 2 files. Run Prettier with --write to fix.`; rustfmt
  (`--check`): `Diff in /src/main.rs at line 1:`.
* R CMD check ("Writing R Extensions", Checking packages): `* checking package dependencies ... ERROR` (`❯ ` in
  rcmdcheck's summary) with the problem on the line under it (`Package required but not available: 'x'`), the
  record's message; a failed test or example run (`Running the tests in 'x.R' failed.`) leaves the cause to the
  output below; rcmdcheck's closing `Error: R CMD check found ERRORs` (r-lib/actions) is the verdict on them, a symptom.
* Coverage gates (COVERAGE_ENTRIES): Jest/Vitest, istanbul/nyc, pytest-cov, coverage.py and Cobertura saying the run
  fell short of a threshold: one quality failure (`coverage`, lint_error), whether or not every test passed.
* Sphinx (`sphinx-build -W`): `Warning, treated as error:` and the bare warning on the next non-blank line (older
  Sphinx print it without its level, `path:21:Duplicate explicit target name: "x".`): one failure, read from it.
Link and format findings and Sphinx's warnings are `lint` (lint_error); LaTeX errors `compilation`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, loc
from classifier.extract.runners.langs import FOLLOWING as LANGS_FOLLOWING
from classifier.model import Role, Severity

_ENTRY = re.compile(r"^\s*\d+\.\s+(?P<entry>\S.*?)\s*$")
_LIST = re.compile(r"^> (?:Links|Dupes)\s*$")
_SOURCE_LINE = re.compile(r"^l\.(?P<line>\d+)\b")


def awesome_bot(_m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Issues :-(` and the `> Links` / `> Dupes` lists under it: one finding, led by the first entry."""
    first, span = "", 0
    for index, line in enumerate(following, 1):
        entry = _ENTRY.match(line)
        if entry is None and not _LIST.match(line.strip()) and line.strip() not in ("None ✓", ""):
            break
        if entry is not None:
            first = first or entry.group("entry")
            span = index
    if not first:
        return None
    return LineMatch(f"Issues: {first}", "awesome_bot", "lint", before=0, after=span, span=span)


def listed_link(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """An awesome_bot entry outside its `Issues :-(` lists (`> White listed:`, its progress): no failure."""
    return LineMatch(m.string.strip(), "awesome_bot", "", severity=Severity.WARNING, before=0, after=0)


def dead_link(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A link checker's line for one link; a status under 400 (alive, redirected) is no failure."""
    status = m.groupdict().get("status") or ""
    if status.isdigit() and int(status) < 400:
        return None
    return LineMatch(m.string.strip(), _link_tool(m.string), "lint", before=0, after=2)


def _link_tool(text: str) -> str:
    if "→ Status" in text or "[✖]" in text:
        return "markdown-link-check"
    return "htmlproofer" if " link" in text and "[" not in text else "lychee"


def latex_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """TeX's `! message` with the `l.N source` line under it (the line of the input file)."""
    where = next((found for line in following[:8] if (found := _SOURCE_LINE.match(line.strip()))), None)
    location = loc("", where.group("line")) if where else None
    return LineMatch(m.group("msg").strip(), "latex", "compilation", location=location, before=2, after=4)


def latex_warning(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "latex", "", severity=Severity.WARNING, before=0, after=1)


# a warning Sphinx reports under `Warning, treated as error:` (`-W`): `path:21:msg`, `path:136: WARNING: msg`,
# `path:25:<translated>:1:msg` (its own location, a docutils level or WARNING word, then the message)
_SPHINX_WARNING = re.compile(
    r"^(?P<file>[^\s:][^:]*?):(?P<line>\d+)?:(?:<\w+>:\d+:)?\s*(?:(?:WARNING|ERROR|\(\w+/\d\)):?\s*)?(?P<msg>\S.*)$"
)


_LEVELLED = re.compile(r": (?:WARNING|ERROR|SEVERE|CRITICAL): ")


def sphinx_treated(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Sphinx's `Warning, treated as error:` (`sphinx-build -W`): a bare warning on the next non-blank line (older
    Sphinx print it without `WARNING:`) is the failure, read from that line at its location. A warning line with
    its level word is read by itself (lookback.py takes it as the failing step's cause)."""
    at = next((i for i, line in enumerate(following[:3]) if line.strip()), -1)
    if at < 0:
        return LineMatch(m.string.strip(), "sphinx", "lint", before=0, after=1)
    text = following[at].strip()
    if _LEVELLED.search(text):
        return None
    found = _SPHINX_WARNING.match(text)
    location = loc(found.group("file"), found.group("line")) if found else None
    message = found.group("msg") if found else text
    return LineMatch(message, "sphinx", "lint", location=location, before=1, after=at + 2, span=at + 1, at=at + 1)


def format_finding(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A formatter's check naming a file it would change, or its verdict on the files above."""
    path = m.groupdict().get("file") or ""
    location = loc(path, m.groupdict().get("line")) if path else None
    return LineMatch(m.string.strip(), "", "format", location=location, before=4, after=2)


def format_summary(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Black's count of files it would reformat: the verdict on the `would reformat` lines above it."""
    return LineMatch(m.string.strip(), "black", "format", Role.SYMPTOM, before=6, after=0)


def r_check(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`* checking X ... ERROR` and the line R CMD check explains it with (the record spans it); None when that
    line points at the output below it (`Running the tests in 'tests/testthat.R' failed.`, `Running examples
    in 'x-Ex.R' failed`): the failures printed there are the causes."""
    detail = following[0].strip() if following and not following[0].startswith("* ") else ""
    if not detail or detail.startswith(("Running ", "See below")):
        return None  # no explanation read (a caller without the next lines), or the output below explains it
    hint = "dependency" if m.group("what") == "package dependencies" else ""  # the DESCRIPTION's dependencies
    return LineMatch(detail, "rcmdcheck", hint, details=m.string.strip(), after=4, span=1)


def r_check_verdict(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """rcmdcheck's closing `Error: R CMD check found ERRORs` (r-lib/actions' check-r-package): the verdict on
    the check's errors above it, never a failure of its own."""
    return LineMatch(m.string.strip(), "rcmdcheck", "", Role.SYMPTOM, before=6, after=0)


def coverage_gate(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A coverage tool's threshold that the run fell short of: a quality gate, whatever the tests did."""
    return LineMatch(m.string.strip(), "", "coverage", before=2, after=2)


# Coverage gates, each tool's own wording: Jest's and Vitest's `coverage threshold for lines (90%) not met: 50%`,
# istanbul/nyc's `Coverage for lines (69.72%) does not meet global threshold (75%)`, pytest-cov's `FAIL Required
# test coverage of 85% not reached`, coverage.py's `Coverage failure: total of 73 is less than fail-under=80`,
# Cobertura's `failed coverage check` / `coverage rate of 94.1% is below 100.0%` (JaCoCo's `Rule violated for
# bundle x` is read as its failed goal's finding: lookback.py). Their passing forms match nothing.
_PERCENT = r"\d+(?:\.\d+)?%?"
COVERAGE_ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        "coverage threshold for",
        rf"^(?:\w+: )?(?:\S+ )?coverage threshold for \w+ \({_PERCENT}\) not met\b.*$",
        coverage_gate,
    ),
    (
        "does not meet",
        rf"^(?:ERROR: )?Coverage for \w+ \({_PERCENT}\) does not meet (?:\S+ )?threshold\b.*$",
        coverage_gate,
    ),
    ("required test coverage of", rf"^FAIL Required test coverage of {_PERCENT} not reached\b.*$", coverage_gate),
    (
        "coverage failure: total of",
        rf"^(?:ERROR: )?Coverage failure: total of {_PERCENT} is less than fail[-_]under\b.*$",
        coverage_gate,
    ),
    ("failed coverage check", r"^\S+ failed coverage check\b.*$", coverage_gate),
    (
        "coverage rate of",
        rf"^Project failed check\. Total \w+ coverage rate of {_PERCENT} is below\b.*$",
        coverage_gate,
    ),
)

ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    *COVERAGE_ENTRIES,
    ("... error", r"^(?:\*|❯) checking (?P<what>.+?) \.\.\. ERROR$", r_check),  # ❯ in rcmdcheck's summary
    ("r cmd check found", r"^Error: R CMD check found (?:ERRORs|WARNINGs|NOTEs)\.?$", r_check_verdict),
    ("issues :-(", r"^Issues :-\($", awesome_bot),
    *(
        (needle, r"^\s*\d+\.\s+(?:\[L\d+\]\s+)?(?:\d{3}\s+)?(?:https?|ftp)://\S+\s+\S.*$", listed_link)
        for needle in (". [l", ". http")
    ),
    ("✖", r"^\s*\[✖\] (?P<url>\S+)(?: → Status: (?P<status>\d+))?", dead_link),
    (
        "] http",
        r"^\s*(?:[✗✖] )?\[(?P<status>\d{3}|ERR(?:OR)?|TIMEOUT)\] (?P<url>(?:https?|file)://\S+)(?:\s+\|\s+.*)?$",
        dead_link,
    ),
    ("link ", r"^\s*(?:\*\s+)?(?:External|Internal) link \S+ failed\b.*$", dead_link),
    ("internally linking to", r"^\s*(?:\*\s+)?internally linking to \S+, which does not exist\b.*$", dead_link),
    ("latex failed to resolve", r"^\s*Latex failed to resolve \d+ (?:reference|citation)\(s\)$", latex_warning),
    ("! ", r"^! (?P<msg>(?!\s*==>)\S.*)$", latex_error),
    ("would reformat", r"^would reformat (?P<file>\S.*)$", format_finding),
    ("would be reformatted", r"^(?:Oh no! .*)?\d+ files? would be reformatted\b.*$", format_summary),
    ("code style issues", r"^(?:\[warn\] )?Code style issues (?:were )?found in\b.*$", format_finding),
    ("diff in ", r"^Diff in (?P<file>\S+?)(?: at line (?P<line>\d+))?:$", format_finding),
    ("treated as error:", r"^Warning, treated as error:$", sphinx_treated),
)
# needles whose matchers read the next lines (and langs.py's: cabal's error text, GHC's message, Nim's failed test)
FOLLOWING = ("issues :-(", "... error", *LANGS_FOLLOWING)
STARTS = ("! ",)  # line starts whose matchers read the next lines (TeX's `l.N` line)
