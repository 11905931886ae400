"""Analysers, test drivers and installers whose findings carry no `error:` word of their own.

Formats (each tool's default text output): the Dart analyzer (`dart analyze`: `  error - lib/x.dart:7:13 -
message - code`, newer `   info • lib/x.dart:3:1 • message • code`, older `  error • message at lib/x.dart:13:27 •
(code)`, `flutter analyze`'s `error • message • lib/x.dart:42:5 • code`); TFLint's default formatter (`Warning: message
(rule_name)` over its `on file line N:` block) and its compact one (`main.tf:1:1: Warning - message (rule)`);
Dialyzer's findings as dialyxir prints them (`lib/x.ex:124:unknown_function`, its explanation on the next line,
a `____` rule between findings); CTest's result lines (`2/3 Test #2: name ....***Failed  0.47 sec`, recapped
under `The following tests FAILED:` as `2 - name (Failed)`); the Android Gradle plugin's device run
(`Tests on Pixel_4 - 11 failed: Instrumentation run failed due to 'Process crashed.'`); Flutter's test
framework (`The following TestFailure object was thrown running a test:` and its message on the next line,
under the `EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK` banner); Poetry's lock check (`pyproject.toml changed
significantly since poetry.lock was last generated`); mamba/conda's solver (`Encountered problems while
solving:` over its `  - nothing provides ...` list, `critical libmamba UnsatisfiableError` after it; mamba 2's
`error libmamba Could not solve ...` over its tree of incompatible packages); hspec's
`uncaught exception: ErrorCall (...)` under a failed example; Karma's browser verdict (`HeadlessChrome 0.0.0 (Linux
0.0.0) ERROR`) with its reason indented below; HLint's hints (`src/X.hs:75:19-114: Warning: Use maybe`, HLint exits 1
on any hint); SwiftLint's findings (`X.swift:12: warning: Line Length Violation: ... (line_length)`, only
`error:` ones fail a run without --strict); the Elm compiler's problem header (`-- NAMING ERROR ---- src/Main.elm`,
its first sentence on the next line; `Detected errors in 1 module.` a symptom after or before it); Go's test
framework note `testing.go:1465: race detected during execution of test` (the race report above is the failure);
bats' pretty formatter (` ✗ test name`, then `(in test file x.bats, line 8)` and the command that failed); the
OCaml compiler's and dune's location line (`File "bin/main.ml", line 3, characters 2-5:`) over its `Error: ...`,
or over the diff dune shows when a cram or expect test's output changed (`git --no-pager diff --no-index ...`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, loc, symptom
from classifier.extract.runners.exits import ctest_crash
from classifier.model import Role, Severity

FLUTTER_REPORT_LINES = 60  # lines of a Flutter exception report searched for its test's description
_DART_LEVELS = {"error": Severity.ERROR, "warning": Severity.ERROR, "lint": Severity.ERROR}


def dart_analyzer(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A Dart analyzer diagnostic; infos and hints fail the run only under --fatal-infos: warnings then."""
    level = m.group("level")
    return LineMatch(
        m.string.strip(),
        "dart",
        "compilation" if level == "error" else "lint",
        severity=_DART_LEVELS.get(level, Severity.WARNING),
        code=m.group("code") or "",
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=1,
        after=3,
    )


def tflint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A TFLint issue: errors and warnings fail the run (exit status 2), notices do not."""
    notice = m.group("level") == "Notice"
    return LineMatch(
        m.string.strip(),
        "tflint",
        "lint",
        severity=Severity.WARNING if notice else Severity.ERROR,
        code=m.group("rule"),
        before=0,
        after=4,
    )


_RULE_LINE = re.compile(r"^_{20,}$")


def dialyxir(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """A Dialyzer finding: `file:line:kind`, then its explanation and details up to the next `____` rule
    (the record spans them: `Pattern:` and `Type:` blocks are not findings of their own)."""
    span = next((i for i, line in enumerate(following) if _RULE_LINE.match(line.strip())), 0)
    why = next((text for line in following[: max(span, 1)] if (text := line.strip())), "")
    message = f"{m.string.strip()} {why}" if why else m.string.strip()
    return LineMatch(
        message,
        "dialyzer",
        "lint",
        code=m.group("kind"),
        location=loc(m.group("file"), m.group("line")),
        before=0,
        after=max(span, 2),
        span=span,
    )


# CTest's status of a test that did not pass: `Not Run` is a test CTest could not start (its executable or a
# required file missing: the build or its set-up, not the test), `Timeout` its time limit
_CTEST_HINTS = {"Timeout": "timeout", "Not Run": "configuration"}


def ctest_case(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """One CTest test that failed, timed out, did not run, or whose process died (`***Exception: SegFault`: a
    crash report whose type is the signal or Windows status, exits.py)."""
    if m.group("status") == "Exception":
        kind = ctest_crash(m.group("what") or "", m.group("code") or "", bool(m.group("aborted")))
        return LineMatch(m.string.strip(), "ctest", "crash", exception_type=kind, test_id=m.group("test"), after=6)
    hint = _CTEST_HINTS.get(m.group("status"), "test")
    return LineMatch(m.string.strip(), "ctest", hint, test_id=m.group("test"), before=2, after=4)


def ctest_recap(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A row of CTest's `The following tests FAILED:` recap (`  32 - name (Not Run)`): that test's failure, named
    and hinted by its status; one failure with the test's own result line (the same test), and the failure
    itself when the log lost that line."""
    hint = _CTEST_HINTS.get(m.group("status"), "test")
    return LineMatch(m.string.strip(), "ctest", hint, test_id=m.group("test"), before=2, after=4)


def hspec_uncaught(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """hspec's `uncaught exception: ErrorCall (message)` under a failed example: what the example raised."""
    return LineMatch(m.string.strip(), "hspec", "test", exception_type=m.group("exc"), before=2, after=2)


def flutter_thrown(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Flutter's report of what a test threw: the object's type and the first line of its description; the
    test's name from the report's `The test description was:` line (as the JSON reporter names the test)."""
    thrown = m.group("exc")
    said = next((text for line in following[:4] if (text := line.strip())), "")
    message = f"{thrown}: {said}" if said else m.string.strip()
    return LineMatch(
        message, "flutter", "test", exception_type=thrown, before=2, after=12, test_id=_described(following)
    )


def _described(following: Sequence[str]) -> str:
    """The test named under `The test description was:` in the lines of one Flutter exception report."""
    for index, line in enumerate(following[:FLUTTER_REPORT_LINES]):
        text = line.strip()
        if text.startswith("The test description was:"):
            rest = text[len("The test description was:") :].strip()
            return rest or next((name for later in following[index + 1 : index + 2] if (name := later.strip())), "")
        if text.startswith("════") or "EXCEPTION CAUGHT BY" in text:
            break  # the report ended
    return ""


def karma_browser(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Karma's `HeadlessChrome 0.0.0 (Linux 0.0.0) ERROR` and the reason on the indented line under it, where
    the record starts (the reason is what failed, the header names the browser)."""
    below = next((i for i, line in enumerate(following[:2]) if line.startswith((" ", "\t")) and line.strip()), -1)
    if below < 0:
        return LineMatch(m.string.strip(), "karma", "test", before=2, after=2)
    message = f"{m.string.strip()}: {following[below].strip()}"
    return LineMatch(message, "karma", "test", before=2, after=2, span=below + 1, at=below + 1)


_BULLET = re.compile(r"^\s+- \S")


def solver_problems(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """mamba/conda's `Encountered problems while solving:` and its list of problems (the record spans it: one
    failure, named by its first problems)."""
    span = 0
    while span < len(following) and _BULLET.match(following[span]):
        span += 1
    problems = [following[i].strip()[2:] for i in range(min(span, 3))]
    message = m.string.strip() + (" " + "; ".join(problems) if problems else "")
    return LineMatch(message, "conda", "dependency", before=2, after=max(span, 2), span=span)


_TREE_LINE = re.compile(r"^\s+(?:[│├└─ ]+\s*)?(?P<text>\S.*)$")


def mamba_unsolved(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """mamba's `error libmamba Could not solve for environment specs`: a symptom of the problem list printed
    apart from it, a cause when its own explanation follows (mamba 2's `The following packages are
    incompatible` over an indented tree of requests and conflicts; the record spans the tree)."""
    if not following or not following[0].strip().startswith("The following packages are incompatible"):
        return LineMatch(m.string.strip(), "conda", "dependency", Role.SYMPTOM, before=4, after=2)
    span = 0
    while span < len(following) and (hit := _TREE_LINE.match(following[span])) and hit.group("text"):
        span += 1
    leaves = [line.strip(" │├└─") for line in following[1:span] if "not installable" in line or "not exist" in line]
    message = " ".join([m.string.strip() + ":", following[0].strip(), *leaves[:2]])
    return LineMatch(message, "conda", "dependency", before=2, after=max(span, 2), span=span)


def hlint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """An HLint hint: `file:line:col-col: Warning: Use maybe` (its `Found:` / `Perhaps:` code below)."""
    return LineMatch(
        m.string.strip(),
        "hlint",
        "lint",
        code=m.group("hint"),
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=6,
    )


def swiftlint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A SwiftLint violation: its severity is the run's (warnings pass unless --strict: then they are the
    failed step's causes, link/lead.py)."""
    error = m.group("level") == "error"
    return LineMatch(
        m.group("msg"),
        "swiftlint",
        "lint" if error else "",
        severity=Severity.ERROR if error else Severity.WARNING,
        code=m.group("rule"),
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=1,
    )


def elm_problem(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The Elm compiler's `-- TITLE ---- file.elm` header and the first sentence of its explanation."""
    said = next((text for line in following[:3] if (text := line.strip())), "")
    title = m.group("title").title()
    return LineMatch(
        f"{title}: {said}" if said else title,
        "elm",
        "compilation",
        location=loc(m.group("file"), None),
        before=0,
        after=8,
    )


_BATS_WHERE = re.compile(r"^\s*\(in test file (?P<file>[^,]+), line (?P<line>\d+)\)$")
_BATS_FAILED = re.compile(r"^\s*`(?P<cmd>.+)' failed$")


def bats_case(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """A failed bats test: ` ✗ name`, `(in test file x.bats, line 8)`, then the command that failed."""
    where = _BATS_WHERE.match(following[0]) if following else None
    if where is None:
        return None
    failed = _BATS_FAILED.match(following[1]) if len(following) > 1 else None
    test = m.group("test").strip()
    message = f"{test}: `{failed.group('cmd')}' failed" if failed else test
    return LineMatch(
        message,
        "bats",
        "test",
        test_id=test,
        location=loc(where.group("file"), where.group("line")),
        before=0,
        after=4,
        span=2 if failed else 1,
    )


_OCAML_ERROR = re.compile(r"^Error(?: \([^)]*\))?: (?P<msg>\S.*)$")
_PROMOTION_DIFF = re.compile(r"^(?:diff --git |--- \S|-{6} \S)| diff (?:--no-index|-u)\b| -keep-whitespace ")
OCAML_BELOW = 4  # lines under the location line read for its error or its diff


def ocaml_location(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """OCaml's `File "x.ml", line 3, characters 2-5:` over `Error: Unbound value x` (the compiler's error, after
    the source excerpt it may quote; a `Warning 32 [...]` is none), or over the diff of a cram or expect test
    whose output changed (dune)."""
    below = [line.strip() for line in following[:OCAML_BELOW] if line.strip()]
    where = loc(m.group("file"), m.group("line"))
    error = next((found for found in map(_OCAML_ERROR.match, below) if found is not None), None)
    if error is not None:
        return LineMatch(f"Error: {error.group('msg')}", "ocaml", "compilation", location=where, before=0, after=6)
    if any(_PROMOTION_DIFF.search(line) for line in below):
        message = f"{m.group('file')}: the test's output differs from the expected output"
        return LineMatch(message, "dune", "test", test_id=m.group("file"), location=where, before=0, after=12)
    return None


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    *(
        (
            needle,
            r"^\s*(?P<level>error|warning|info|lint|hint) [-•] (?P<file>\S+?):(?P<line>\d+):(?P<col>\d+) [-•] "
            r"\S.*?(?: [-•] (?P<code>[a-z][a-z0-9_]*))?$",
            dart_analyzer,
        )
        for needle in (" • ", "error - ", "warning - ", "info - ", "lint - ", "hint - ")
    ),
    (  # dartanalyzer before Dart 2.12: `  error • Undefined name 'x' at lib/main.dart:13:27 • (undefined_identifier)`
        " • ",
        r"^\s*(?P<level>error|warning|info|lint|hint) • \S.*? at (?P<file>\S+?):(?P<line>\d+):(?P<col>\d+) • "
        r"\((?P<code>[a-z][a-z0-9_]*)\)$",
        dart_analyzer,
    ),
    (  # `flutter analyze` (Flutter 1 and 2): `error • Undefined name 'foo' • lib/x.dart:42:5 • undefined_identifier`
        " • ",
        r"^\s*(?P<level>error|warning|info|lint|hint) • \S.*? • (?P<file>[^\s•]+\.\w+)(?::(?P<line>\d+):(?P<col>\d+))?"
        r"(?: • (?P<code>[a-z][a-z0-9_]*))?$",
        dart_analyzer,
    ),
    *(
        (
            needle,
            r"^(?P<level>Error|Warning|Notice): \S.* \((?P<rule>(?:terraform|aws|azurerm|google)_\w+)\)$",
            tflint,
        )
        for needle in ("(terraform_", "(aws_", "(azurerm_", "(google_")
    ),
    *(
        (needle, r"^(?P<file>\S+\.(?:exs?|erl)):(?P<line>\d+):(?P<kind>[a-z]+(?:_[a-z]+)*)$", dialyxir)
        for needle in (".ex:", ".exs:", ".erl:")
    ),
    (
        "test #",
        r"^\s*\d+/\d+ Test\s+#\d+: (?P<test>\S+) \.*\s*"
        r"(?:(?P<aborted>Subprocess aborted)|Exit code (?P<code>0x[0-9a-fA-F]+))?"
        r"\*{3}(?P<status>Failed|Exception|Timeout|Not Run)\b(?::\s*(?P<what>[A-Za-z]\w*))?.*$",
        ctest_case,
    ),
    *(
        (
            needle,
            r"^\s*\d+ - (?P<test>\S+) \((?P<status>Failed|Timeout|Not Run|SEGFAULT|Subprocess aborted|OTHER_FAULT)\)$",
            ctest_recap,
        )
        for needle in ("(failed)", "(timeout)", "(not run)", "(segfault)", "(subprocess aborted)")
    ),
    ("errors while running ctest", r"^Errors while running CTest\b.*$", symptom("ctest")),
    ("tests on ", r"^Tests on .+? failed: .+$", cause("android", "test")),
    ("was thrown", r"^The following (?P<exc>[\w.]+)(?: object)? was thrown\b.*:$", flutter_thrown),
    ("uncaught exception: ", r"^\s*uncaught exception: (?P<exc>[\w.]+)\b.*$", hspec_uncaught),
    (") error", r"^[A-Z]\w*(?: [\w.]+)* \([^()]+\) ERROR$", karma_browser),
    ("exception caught by", r"^\W*EXCEPTION CAUGHT BY [A-Z ]+\W*$", symptom("flutter", "test")),
    (
        "changed significantly since poetry.lock",
        r"^(?:Error: )?pyproject\.toml changed significantly since poetry\.lock was last generated\b.*$",
        cause("poetry", "dependency"),
    ),
    (
        "encountered problems while solving",
        r"^(?:(?:LibMamba)?UnsatisfiableError: )?Encountered problems while solving[:.]?\s*$",
        solver_problems,
    ),
    (
        "libmamba",
        r"^(?:critical|error)\s+libmamba\s+(?:UnsatisfiableError|Could not solve for environment specs)\b.*$",
        mamba_unsolved,
    ),
    *(
        (
            needle,
            r"^(?P<file>\S+\.l?hs):(?P<line>\d+):(?P<col>\d+)(?:-\d+)?: (?:Warning|Error|Suggestion): (?P<hint>.+)$",
            hlint,
        )
        for needle in (": warning: ", ": error: ", ": suggestion: ")
    ),
    *(
        (
            needle,
            r"^(?P<file>\S+\.swift):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<level>warning|error): "
            r"(?P<msg>[A-Z][\w ]* Violation: .+?) \((?P<rule>\w+)\)$",
            swiftlint,
        )
        for needle in (" violation: ",)
    ),
    ("-----", r"^-- (?P<title>[A-Z][A-Z ]*[A-Z]) -{3,} (?P<file>\S+\.elm)$", elm_problem),
    ("detected errors in ", r"^Detected errors in \d+ modules?\.$", symptom("elm", "compilation")),
    ("✗ ", r"^\s*✗ (?P<test>\S.*)$", bats_case),
    (", characters ", r'^File "(?P<file>[^"]+)", lines? (?P<line>\d+)(?:-\d+)?, characters \d+-\d+:$', ocaml_location),
    (
        "race detected during execution",
        r"^(?:\S+\.go:\d+: )?race detected during execution of test$",
        symptom("go", "test"),
    ),
)
FOLLOWING = (
    ", characters ",
    ") error",
    "was thrown",
    "encountered problems while solving",
    "libmamba could not solve",  # mamba 2: the incompatible packages' tree below
    ".ex:",
    ".exs:",
    ".erl:",
    "-----",
    "✗ ",
)
