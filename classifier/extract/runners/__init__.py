"""Line matchers for test runners, compilers and tools found in raw CI logs, one module per ecosystem.

python (pytest, unittest, tracebacks, flake8/pylint, pip), jvm (javac, Maven, Surefire, Gradle, checkstyle),
native (gcc/clang/ld, MSVC/.NET, go, rustc/cargo), js (tsc, eslint, jest, npm), scripting (rspec, minitest,
phpunit, XCTest), crash (sanitizers, signals, asserts, runtime fatal errors), runtime (JVM, .NET, Ruby, Swift,
Valgrind, Apple and Android crash reports), kernel (kernel console reports), lint (linter findings by shape),
system (apt, generic error lines, infrastructure evidence: OOM, timeouts, DNS, disk).
table.py orders them. `match_line` is called by the log scanner on candidate lines only; `extract` runs
the scanner on a document so a plain tool output (no GitHub markers) can be read on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from ahocorasick_rs import AhoCorasick

from classifier.extract.runners.analyzers import FOLLOWING as ANALYZER_FOLLOWING
from classifier.extract.runners.base import GUTTERS, LineMatch, ungutter
from classifier.extract.runners.checkers import message_above
from classifier.extract.runners.checks import FOLLOWING as CHECKS_FOLLOWING
from classifier.extract.runners.checks import STARTS as CHECKS_STARTS
from classifier.extract.runners.consoles import FOLLOWING as CONSOLE_FOLLOWING
from classifier.extract.runners.consoles import catch2_test, junit_platform_test, named_by_reporter
from classifier.extract.runners.farms import FOLLOWING as FARMS_FOLLOWING
from classifier.extract.runners.gotests import go_assertion, go_test_output
from classifier.extract.runners.harness import FOLLOWING as HARNESS_FOLLOWING
from classifier.extract.runners.harness import passed_result, test_gtest
from classifier.extract.runners.lazy import LazyPattern
from classifier.extract.runners.native import werror_cause
from classifier.extract.runners.outcomes import RETRY
from classifier.extract.runners.packaging import FOLLOWING as PACKAGING_FOLLOWING
from classifier.extract.runners.scripting import phpunit_section, phpunit_section_kind, rspec_example
from classifier.extract.runners.system import DECORATED_START as _DECORATED_START
from classifier.extract.runners.system import INFRA_NEEDLES, hint_of, infra_hint, infra_only, undecorated
from classifier.extract.runners.table import M
from classifier.extract.runners.tools import julia_testset
from classifier.extract.runners.vendors import report_place
from classifier.fastinit import replace
from classifier.model import Role
from classifier.rules.needles import Guard
from classifier.rules.parsecache import PARSED

__all__ = [
    "FOLLOWING_LINES",
    "LineMatch",
    "extract",
    "in_block",
    "infra_hint",
    "match_line",
    "message_above",
    "phpunit_section_kind",
    "wants_following",
]

_BY_NEEDLE: dict[str, list[int]] = {}
for _index, _entry in enumerate(M):
    if _entry[0]:
        _BY_NEEDLE.setdefault(_entry[0], []).append(_index)
_NEEDLES = tuple(_BY_NEEDLE)


def _guard(pattern: LazyPattern) -> Guard | None:
    """The literal words one set of which every match holds (rules/needles.py), to look up in a lower-cased
    ASCII line; None when unknown or when a case-folded word is not ASCII (`ſ` matches `s` under IGNORECASE).
    Parsing the pattern checks its syntax (it is compiled only when first tried: `lazy.py`); a parse kept from an
    earlier run (rules/parsecache.py) was checked then."""
    _flags, found = PARSED.parse(pattern.pattern, pattern.flags)  # a bad pattern raises re.error at import
    if pattern.flags & re.VERBOSE or "(?x" in pattern.pattern:
        return None
    folded = pattern.flags & re.IGNORECASE or "(?i" in pattern.pattern
    if found is None or (folded and not all(word.isascii() for words in found for word in words)):
        return None
    return found


_GUARDS = tuple(_guard(pattern) for _n, pattern, _b, _s in M)
PARSED.save()  # the table's parses, for the next run (rules/parsecache.py)
# The needles and the guard words: one Aho-Corasick pass finds them in a lowered line (`_LITERAL_FINDER`).
_TERMS = frozenset((*_NEEDLES, *(w for guard in _GUARDS if guard for words in guard for w in words)))


def _bits(indexes: Iterable[int]) -> int:
    return sum(1 << index for index in set(indexes))


# An entry applies to a line holding its needle (or to every line, needle-less) and, on an ASCII line, one
# whole set of its guard words: each is a bit per entry, so a line's plan is a few integer operations.
_ALWAYS = _bits(index for index, entry in enumerate(M) if not entry[0])
_NEEDLE_BITS = {needle: _bits(_BY_NEEDLE[needle]) for needle in _NEEDLES}
_UNGUARDED = _bits(index for index, guard in enumerate(_GUARDS) if guard is None)
_ONE_WORD: dict[str, int] = {}  # a guard word alone: the entries it admits
_MORE_WORDS: dict[str, list[tuple[frozenset[str], int]]] = {}  # by a set's first word: its other words, its entry
for _index, _found in enumerate(_GUARDS):
    for _words in _found or ():
        _first, *_others = sorted(_words)
        if _others:
            _MORE_WORDS.setdefault(_first, []).append((frozenset(_others), 1 << _index))
        else:
            _ONE_WORD[_first] = _ONE_WORD.get(_first, 0) | 1 << _index


@functools.lru_cache(maxsize=8192)
def _line_plan(terms: frozenset[str], ascii_line: bool) -> tuple[int, ...]:
    """The entries to try, in order, on a line holding these terms (needles and guard words): those of its
    needles and the needle-less ones, less (on an ASCII line) those whose guard words it lacks (a non-ASCII
    letter may case-fold to one); most lines repeat a set."""
    applies = _ALWAYS
    for term in terms:
        applies |= _NEEDLE_BITS.get(term, 0)
    if ascii_line:
        admitted = _UNGUARDED
        for term in terms:
            admitted |= _ONE_WORD.get(term, 0)
            for others, bit in _MORE_WORDS.get(term, ()):
                if others <= terms:
                    admitted |= bit
        applies &= admitted
    indexes: list[int] = []
    while applies:
        low = applies & -applies
        indexes.append(low.bit_length() - 1)
        applies ^= low
    return tuple(indexes)


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
    ") test ",
    "[fail]",
    "rake aborted",
    "cmake error",
    "[-] ",
    "error[",
    "<<< ",
    "build failed with an exception",
    '"code": "',  # a registry's JSON error: its message on the next line
    '"severity": "',  # a JSON finding: its message below in the same object
    "task failed with an exception",  # Gradle: one of the numbered failures of `Build completed with N failures`
    "cannot find symbol",
    "panicked at",
    "panic: ",  # go: a panic a fatal signal raised says `[signal SIGSEGV: ...]` below it
    "xctassert",  # xcpretty's recap: the assertion's file and line below its test
    "warning: data race",
    "# fatal error in",
    "# runtime error in",
    "fatal error has been detected",
    "unhandled exception",
    "--- fail:",  # go test: the t.Error line below the FAIL line
    ">>> lint for",  # lintrunner: the finding's severity, linter and code below its file's header
    "] => {",  # Ansible's older `failed: [host] => {...}`, its `msg:` on the next line
    "]: failed! => {",  # Ansible: `...ignoring` below a task result whose errors are ignored
    "]: failed! =>",  # Ansible's YAML callback (Zuul): the result's keys, `msg:` among them, on the lines below
    "meson encountered an error",  # older Meson: the problem on the next line
    "npm err! code ",  # npm: the explanation on the next `npm ERR!` line
    "npm error code ",
    "errors parsing ",  # go: `go: errors parsing go.mod:` then the error
    "●",  # jest: the assertion or error under the test's header
    *HARNESS_FOLLOWING,  # ScalaTest's reason, Test::More's `at t/x.t line N.`
    *CONSOLE_FOLLOWING,  # Zig's failed test: its message and frames below
    *CHECKS_FOLLOWING,  # awesome_bot's lists of links under `Issues :-(`
    *FARMS_FOLLOWING,  # autoconf's reason under `configure: error: ...:`
    *PACKAGING_FOLLOWING,  # rpmbuild's lists under their header, Portage's reason under its failed phase
    *ANALYZER_FOLLOWING,  # Flutter's thrown object, mamba's problem list, dialyxir's explanation
    "): error ts",  # tsc: the message chain indented under the diagnostic
    " - error ts",
    "test failed at ",  # Julia's Test: its Expression and Evaluated lines below
    "following build commands failed",  # xcodebuild: the failed build steps below
    "failing tests:",  # xcodebuild: the failed tests below
    "no solution found when resolving",  # uv: the `Because ...` reason below
    "resolvepackagenotfound",  # conda: the `  - package` list below
    "*failed*",  # EUnit: the `**error:reason` below the test's frames
    "there were ",  # PHPUnit: `There were 5 errors:`, its first numbered case below
    "there was 1 ",
    "::test",  # PHPUnit: a numbered case's message and trace below it
    " with data set ",
    "report====",  # OTP's error_logger report: its body below
    "(xcode): ",  # Flutter's reading of an Xcode error: the file and position on the next line
    "): error : ",  # MSBuild's code-less error (NuGet.targets): the rest of its message on the next lines
    "error-[",  # Synopsys VCS: the file and line on the next line
    "test panicked",  # Ginkgo: the panic's value on the next line
    "failure/error: ",  # RSpec: the class of an error the example raised on the next line
    "found problem in",  # Spotless: the line, the rule and the message below its step's header
    "execution failed for task",  # Gradle: the task's nested `> cause` lines below it
    "* what went wrong:",  # Gradle: its block below, when the `FAILURE:` line above it was not kept
    "could not resolve all",  # Gradle: the nested `> cause` lines of a resolution failure below it
    "[expected ",  # wptrunner: the `│ →` messages under a result (suites.py)
    "unexpected subtest result in ",
    " tests (",  # lit: the tests listed under `Failed Tests (2):`
    ": fatal: ",  # lit: the traceback under its configuration's fatal error
    "failed test: ",  # ui_test: the `error: ...` under the test's command
    "tests failed:",  # CPython's regrtest: the failed modules under its summary line
    "failed test targets:",  # TKG (OpenJ9, Adoptium): the failed targets under it
    "test failed:",
    "(at line ",  # ecj: the source line, its caret line and the message below `1. ERROR in x.java (at line 3)`
    "issue: [",  # Bandit (`>> Issue: [B201:x] msg`): the severity and location below the finding
    "line   ",  # PHPStan: the rows under a file's `  Line   src/x.php` header
    "✘ [error]",  # esbuild: the error's place on the line below
    "build failed with ",  # esbuild: the errors it tells again below its summary
    "waiting for expect(",  # Playwright: an assertion's Locator, Expected and Received lines below it
    "failed tasks:",  # Nx: the failed tasks listed below
    "************* module ",  # pylint 1.x: the `E:  4, 6: msg` rows under a module's header
)


# One Aho-Corasick pass over a lowered line finds every literal its matching looks for: the needles and guard
# words (_TERMS), the lookahead needles and the infrastructure needles (system.INFRA_NEEDLES, a needle's rows by
# index). The literals found come back as the matcher's own strings (store_patterns): half the time of their
# indexes, which come as a new tuple per hit.
_LOOKAHEAD_TERMS = frozenset(LOOKAHEAD_NEEDLES)
_INFRA_ROWS: dict[str, list[int]] = {}
for _index, _needle in enumerate(INFRA_NEEDLES):
    _INFRA_ROWS.setdefault(_needle, []).append(_index)
_INFRA_TERMS = frozenset(_INFRA_ROWS)
_LITERAL_FINDER = AhoCorasick(sorted(_TERMS | _LOOKAHEAD_TERMS | _INFRA_TERMS), store_patterns=True)


@functools.lru_cache(maxsize=8)
def _literals(lowered: str) -> frozenset[str]:
    """The literals a lowered line holds (overlapping hits): kept for the few calls on one line
    (`wants_following`, then `_match_line` on the same text)."""
    return frozenset(_LITERAL_FINDER.find_matches_as_strings(lowered, overlapping=True))


def _infra_hint(text: str, literals: frozenset[str]) -> str:
    """`infra_hint` of a line holding these literals (most hold no infrastructure needle)."""
    held = literals & _INFRA_TERMS
    return hint_of(text, [row for needle in held for row in _INFRA_ROWS[needle]]) if held else ""


_LOOKAHEAD_STARTS = (
    "ERROR in ",  # webpack: the module's error on the next line
    "error: ",
    "warning: ",
    "terminate called",
    "ld.lld: ",
    "ld: ",
    "lld: ",
    "ld64.lld: ",
    *CHECKS_STARTS,
)


def wants_following(text: str, lowered: str) -> bool:
    """Whether the matchers need the next lines of this one (rustc locations, surefire and minitest cases)."""
    return (
        text in _HEADERS
        or (text.startswith(("FAIL: ", "ERROR: ")) and text.count(" ") == 1)  # nose's `FAIL: pkg.mod.test_x`
        or text.startswith(_LOOKAHEAD_STARTS)
        or (text[:1] == " " and text.lstrip().startswith("error: ") and " " not in text.lstrip()[7:])  # pip's, nested
        or lowered.endswith(("error:", "warning:", " failed", ") failure:"))  # minitest's `  1) Failure:`
        or " failed on line " in lowered
        or (lowered.lstrip().startswith("failed ") and text.endswith(("]", ")")))  # dotnet test / MSTest
        or text.endswith(("`:", " at module level:"))
        or (text.endswith(" :") and text.lstrip().startswith("Error in "))  # R: its message on the next line
        or (text.startswith("*** ") and text.endswith(" ***"))  # EUnit: the error's `**detail` below its title
        or (text.startswith("Error ") and text.endswith(":"))  # PureScript's `Error 2 of 8:`: module, place, message
        or not _LOOKAHEAD_TERMS.isdisjoint(_literals(lowered))
    )


FOLLOWING_LINES = 14  # how many next lines the scanner passes when wants_following()


def match_line(text: str, following: Sequence[str] = ()) -> LineMatch | None:
    """Match one cleaned log line (no timestamp/ANSI); `following` are the next lines, for lookahead.
    A line no matcher knows is tried again without its decoration (`*** ERROR: x`, `### Error: x`)."""
    if passed_result(text) or go_test_output(text):
        return None
    if text.startswith(_EXIT_GLUED_STARTS):
        found = _glued_to_exit(text, following)
        if found is not None:
            return found
    found = _match_line(text, following)
    if found is None and text.lstrip()[:1] in _DECORATED_START:
        rest = undecorated(text[:2000])
        found = _match_line(rest, following) if rest else None
    if found is not None and found.exception_type and found.role is Role.CAUSE:
        found = _wrapped_verdict(found)
    return ungutter(found) if found is not None and found.message[:1] in GUTTERS else found


# Maven's javadoc plugin glues javadoc's first diagnostic to its exit code (`[ERROR] Exit code: 1 -
# /x/A.java:76: error: unknown tag: y`, `Exit code: 1 - javadoc: error - ...`): the diagnostic is the failure
_EXIT_GLUED_STARTS = ("Exit code: ", "[ERROR] Exit code: ")
_EXIT_GLUED = re.compile(r"^(?:\[ERROR\] )?Exit code: \d+ - (?=\S)")


def _glued_to_exit(text: str, following: Sequence[str]) -> LineMatch | None:
    """The diagnostic after a tool's `Exit code: N - `, when a matcher knows it as a cause."""
    glued = _EXIT_GLUED.match(text)
    found = _match_line(text[glued.end() :], following) if glued else None
    return found if found is not None and found.role is Role.CAUSE else None


def in_block(match: LineMatch, before: Sequence[str], after: Sequence[str], text: str = "") -> LineMatch:
    """A matched line completed from its block's lines above and below it (the scanner's context): go's
    `--- FAIL: TestX` takes the `x_test.go:14: msg` above it, RSpec's `Failure/Error:` its example's
    numbered header above it and the spec's `# ./x_spec.rb:N` frame below it, PHPUnit's first case under
    `There were N errors:` is an error even when its message names no class (PHPUnit before 6), googletest's
    `x.cc:53: Failure` its test's `[ RUN      ] Suite.Test` above it or `[  FAILED  ] Suite.Test` below it, a
    phpcs or sqlfluff report row (its line `text`) the file its header above names, the JUnit Platform console's
    `=> Exception` its test's `MethodSource [...]` line above it and its first own frame below it, any other error
    without a test the reporter's line naming the test next to it (node:test, Pest, mocha, bun)."""
    if match.framework == "go" and match.test_id:
        return go_assertion(match, before)
    if match.tool_hint == "werror":
        return werror_cause(match, before)
    if match.framework == "rspec" and not match.test_id:
        return rspec_example(match, before, after)
    if match.framework == "phpunit" and match.tool_hint == "test":
        match = phpunit_section(match, before)
    if match.framework == "googletest" and not match.test_id:
        return test_gtest(match, before, after)
    if match.framework in ("phpcs", "sqlfluff") and match.location is None:
        return report_place(match, text, before)
    if match.framework == "junit-platform" and not match.test_id:
        return junit_platform_test(match, before, after)
    if match.framework == "catch2" and not match.test_id:
        return catch2_test(match, before)
    if match.framework == "julia" and not match.test_id:
        return julia_testset(match, before)
    if not match.test_id and match.role is Role.CAUSE and (match.exception_type or match.tool_hint in ("", "test")):
        return named_by_reporter(match, before, after)
    return match


def _wrapped_verdict(found: LineMatch) -> LineMatch:
    """An exception whose message is a wrapper's verdict on a command (Rust's bootstrap raising `RuntimeError:
    failed to run: .../bootstrap dist`) is that verdict: a symptom of the error printed above it."""
    _name, sep, rest = found.message.partition(": ")
    inner = _match_line(rest, ()) if sep else None
    if inner is None or inner.role is not Role.SYMPTOM or inner.tool_hint != "exit_code":
        return found
    return replace(found, role=Role.SYMPTOM, tool_hint=inner.tool_hint, framework=inner.framework or found.framework)


def _match_line(text: str, following: Sequence[str]) -> LineMatch | None:
    text = text[:2000]
    lowered = text.lower()
    stripped = text.lstrip()
    literals = _literals(lowered)
    indexes = _line_plan(literals & _TERMS, text.isascii())
    if not indexes:
        return infra_only(text, lowered, _infra_hint(text, literals))
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
        return infra_only(text, lowered, _infra_hint(text, literals))
    hint = _infra_hint(text, literals)
    if hint and found.tool_hint not in ("oom", "timeout", RETRY):
        found = replace(found, tool_hint=hint)
    return found
