"""How telling a line of a failing step is, for lookback.py and tail.py (what the scanner's keywords missed).

`tier`: 2 a line a runner matcher knows as an error, an exception line (`x.y.SomeError: msg`) or a location
line (`path:line: msg`, `path(line): msg`, `path:[line,col]`, Perl's `at x.pl line 3`); 1 a line with an
error word, tagged `[ERROR]`, or stating a problem without one (`missing`, `exceeded`, `cannot`, `please
commit`); 0 anything else: a warning (and a compiler's `note:` under a diagnostic), a failure marker, Maven's
advice after a failure, a passed summary.
"""

from __future__ import annotations

import functools
import re

from classifier.alternation import Alternation
from classifier.extract import runners
from classifier.extract.runners.base import loc
from classifier.extract.runners.harness import passed_result
from classifier.extract.runners.system import error_word_line
from classifier.link.shapes import Shape, shape_of
from classifier.model import ErrorRecord, Location, Role, Severity, SourceKind

EXCEPTION = re.compile(
    r"^(?:Exception in thread \"[^\"]*\" )?(?P<exc>(?:[a-z_][\w$]*\.)*[A-Z][\w$]*(?:Error|Exception|Failure|Fault))"
    r"(?::\s|:?$)"
)
LOCATION = re.compile(
    r"(?:^|\s|\[\w+\]\s)(?P<file>(?:[A-Za-z]:)?[\w./\\~-]*[\w-]\.[A-Za-z][\w]{0,7})"
    r"(?::\s?(?P<line>\d+)(?::\d+)?:?\s+\S|\((?P<pline>\d+)(?:,\d+)?\)\s*:\s*\S|:\[(?:lines? )?(?P<bline>\d+))"
    r"|\bat line (?P<aline>\d+)(?:, column \d+)?\b"  # Perl's `at x.pl line 3`, perlcritic's `at line 69, column 28`
)
# `host.tld:port` (`openssl s_client -connect elpa.gnu.org:443 -no_ssl2`): a network address, not a file's line;
# a diagnostic puts a colon after its line (`README.org:12: msg`).
_HOST_PORT = re.compile(r"(?:^|[\s@/'\"`(=])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|edu|gov|app|cloud|co|de|uk)$")
_SKIP = re.compile(
    r"(?i)warn(?:ing)?s?\b|deprecat|\bhas \d+ errors?\b"
    r"|^\s*at\s|^\s*File \"|^\[INFO\] \S.*? \.{3,} |^\s*\[(?:WARN|WARNING|DEBUG)\]"
    r"|^checking .*?\.\.\.(?: |$)"  # autoconf's probe and its result: `configure: error:` says when one failed
    r"|^\s*echo [\"']"  # a recipe make prints before it runs it: the command, not its output
    r"|:\d+(?::\d+)?: note: "  # a compiler's note, part of the diagnostic above it (gcc's `x.c:875:9: note: ...`)
    r"|^(?:exited|returned|completed) with (?:exit code )?0\b|\b(?:errors?|failures?)(?: size)?(?: is|:|=) ?0\b"
    r"|\b0 (?:errors?|failures?)\b|\b(?:aborted|canceled|cancelled|failed|errors?|failures?) 0\b(?![.,]\d)"
)
TAG = re.compile(r"^(?:\[(?:ERROR|INFO|WARNING|error|info)\]|##\[(?:error|warning)\])\s*")
# Maven's advice after a failure: never the cause.
_ADVICE = re.compile(
    r"(?i)^(?:->\s*)?\[Help \d+\]|to see the full stack trace|re-run maven|for more information about the errors"
    r"|after correcting the problems|^mvn <goals>|^\s*-> \[Help"
    r"|for the individual test results|^please refer to dump files"  # surefire's pointers to its reports
    r"|^\s*note: This error originates from a subprocess"  # pip's pointer to the build output above it
)
_PROMOTES = re.compile(r"(?i)\bwarnings?,? treated as errors?\b")  # Sphinx -W: the next line is an error
# Words of a problem stated without an error word (`Package size limit has exceeded by 934 B`)
_PROBLEM = re.compile(
    r"(?i)\b(?:missing|exceed(?:s|ed)?|not found|no valid|unavailable|violat\w*|mismatch\w*|unexpected|invalid|refused"
    r"|denied|can ?not|can't|could not|couldn't|unable|not allowed|forbidden|no such|does not|did not"
    r"|too (?:many|large)|not installed|(?:not|never) defined|please (?:commit|rebuild|run|fix|update|reformat)"
    r"|status (?:is|was):? \"?fail(?:ed|ure)?)\b"  # a tool's own verdict: sysdig's inline scan `Status is fail`
)
_SKIP_FAST, _ADVICE_FAST, PROMOTES_FAST, _PROBLEM_FAST = (
    Alternation(pattern) for pattern in (_SKIP, _ADVICE, _PROMOTES, _PROBLEM)
)  # the same verdicts, found faster


def tier(text: str, findings: bool = False) -> tuple[int, runners.LineMatch | None]:
    """How specific a line is: 2 a runner match, exception or location line; 1 an error word, a line tagged
    `[ERROR]` (or `[WARNING]` when `findings`: the failed plugin's own section); 0 nothing. Remembered for
    short lines: a step's window is read again for earlier markers, and logs of one project repeat lines."""
    return _tier_cached(text, findings) if len(text) <= MAX_CACHED_CHARS else _tier(text, findings)


MAX_CACHED_CHARS = 1000  # longer lines are judged each time (bounds the table to a few MB)


def _tier(text: str, findings: bool) -> tuple[int, runners.LineMatch | None]:
    bare = TAG.sub("", text)
    if not bare.strip() or _ADVICE_FAST.search(bare):
        return 0, None
    if findings and text.startswith("[WARNING]") and not re.search(r"(?i)deprecat", bare):
        return max(tier(bare)[0], 1), None
    if _SKIP_FAST.search(text) or passed_result(bare):
        return 0, None
    m = runners.match_line(bare)
    if m is not None and m.role is Role.CAUSE and m.severity is Severity.ERROR:
        return (0, None) if is_marker(bare) else (2, m)
    if m is not None and (m.severity is Severity.WARNING or m.role is Role.SYMPTOM):
        return 0, None  # a matcher knows it for a warning (latexmk's summary) or a failure marker (mock's verdict)
    if is_marker(bare):
        return 0, None
    if EXCEPTION.match(bare.strip()) or located(bare):
        return 2, None
    tagged = text.startswith(("[ERROR]", "[error]"))
    return (1, None) if tagged or error_word_line(bare) is not None or _PROBLEM_FAST.search(bare) else (0, None)


_tier_cached = functools.lru_cache(maxsize=4096)(_tier)


def clear_cache() -> None:
    """Forget the remembered tiers (a benchmark's cold start)."""
    _tier_cached.cache_clear()


def is_marker(text: str) -> bool:
    return shape_of(ErrorRecord("", SourceKind.RUNNER, text.strip())) is not Shape.CAUSE


def tagged_marker(text: str) -> bool:
    """Whether a line is a failure marker once its `[ERROR]` / `##[error]` tag is left out."""
    return is_marker(TAG.sub("", text))


def states_problem(text: str) -> bool:
    """Whether the line states a problem (tier 1 or 2): not a warning, not advice."""
    return tier(text)[0] > 0


def exception(text: str) -> str:
    m = EXCEPTION.match(text)
    return m.group("exc") if m else ""


def located(text: str) -> re.Match[str] | None:
    """The first LOCATION in the line that is not a network address (`host.org:443 ...`)."""
    for m in LOCATION.finditer(text):
        if not (m.group("line") and _HOST_PORT.search(text, 0, m.end("file")) and text[m.end("line")] != ":"):
            return m
    return None


def location(text: str) -> Location | None:
    m = located(text)
    if m is None:
        return None
    if not m.group("file"):
        return None
    return loc(m.group("file"), m.group("line") or m.group("pline") or m.group("bline"))
