"""The ordered table of line matchers: specific before generic; the first match wins.

Each entry: (needle in the lowered line, regex, builder, search). An entry whose needle is in
SEARCH_NEEDLES is searched anywhere in the line; the others match at its start. The entries are retry
notices, big projects' own test suites (suites.py), then CI, build and test-runner outcomes and crash
reports (outcomes.py), then language toolchains' diagnostics (toolchains.py), in that order; analysers, CTest
and installers whose lines carry no error word (analyzers.py) come after the link and format checks.
"""

from __future__ import annotations

from classifier.extract.runners.analyzers import ENTRIES as ANALYZER_ENTRIES
from classifier.extract.runners.base import Builder, symptom
from classifier.extract.runners.buildtools import ENTRIES as BUILD_ENTRIES
from classifier.extract.runners.checks import ENTRIES as CHECK_ENTRIES
from classifier.extract.runners.farms import ENTRIES as FARM_ENTRIES
from classifier.extract.runners.langs import ENTRIES as LANG_ENTRIES
from classifier.extract.runners.lazy import LazyPattern
from classifier.extract.runners.outcomes import ENTRIES as OUTCOME_ENTRIES
from classifier.extract.runners.outcomes import RETRY_ENTRIES
from classifier.extract.runners.packaging import ENTRIES as PACKAGING_ENTRIES
from classifier.extract.runners.pybuild import ENTRIES as PYBUILD_ENTRIES
from classifier.extract.runners.suites import ENTRIES as SUITE_ENTRIES
from classifier.extract.runners.toolchains import ENTRIES as TOOLCHAIN_ENTRIES

M: list[tuple[str, LazyPattern, Builder, bool]] = []
SEARCH_NEEDLES = (
    "exit code",
    "non-zero",
    "tests run:",
    "undefined reference",
    "ld returned",
    "time elapsed",
    "failed to execute goal",
    "could not",
    "could not find a version",
    "no matching distribution",
    "resolutionimpossible",
    "segmentation fault",
    "bus error",
    "aborted",
    "illegal instruction",
    "floating point exception",
    "signal",
    "check failed",
    ") failed",
    "received signal",
    "shared libraries",
    "zer: ",
    "didn't exit successfully",
    "fatal python error",
)


def _add(needle: str, pattern: str, builder: Builder, flags: int = 0) -> None:
    M.append((needle, LazyPattern(pattern, flags), builder, needle in SEARCH_NEEDLES))


for _needle, _pattern, _builder, _flags in RETRY_ENTRIES:  # retry notices (outcomes.py)
    _add(_needle, _pattern, _builder, _flags)
_add("job failed", r"^ERROR: Job failed\b.*", symptom("gitlab", "exit_code"))
for _needle, _pattern, _builder in SUITE_ENTRIES:  # lit, compiletest, wptrunner: the failed test (suites.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in LANG_ENTRIES:  # less common ecosystems' verdicts and error shapes (langs.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in BUILD_ENTRIES:  # compilers, test runners, setup tools (buildtools.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in FARM_ENTRIES:  # CI systems', build farms' and wrappers' verdicts (farms.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in PACKAGING_ENTRIES:  # package builders: rpmbuild, patch, debhelper, Portage
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in CHECK_ENTRIES:  # link checkers, TeX, format checks (checks.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in PYBUILD_ENTRIES:  # Cython, pip's verdicts, PubGrub, isort, twine (pybuild.py)
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder in ANALYZER_ENTRIES:  # analysers, CTest, installers without an error word
    _add(_needle, _pattern, _builder)
for _needle, _pattern, _builder, _flags in (*OUTCOME_ENTRIES, *TOOLCHAIN_ENTRIES):
    _add(_needle, _pattern, _builder, _flags)
