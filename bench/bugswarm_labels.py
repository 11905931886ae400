"""BugSwarm labels made consistent with our taxonomy, decided from the raw log text alone.

BugSwarm files every failure of a build's test stage (`mvn verify`, `python setup.py test`) as `Test`. Our
taxonomy names two such stops differently, so `consistent_label` relabels a `Test` log when, and only when:

* no test failed (no surefire/JUnit/pytest/unittest/nose/Gradle/go failure line anywhere in the log), and
* a quality plugin stopped the build (`Failed to execute goal` of FindBugs, SpotBugs, PMD, Checkstyle,
  javadoc, Apache RAT, a licence plugin, forbidden-apis or a coverage `check` goal; the Gradle task of one
  of them)                                                                                 -> `Quality`;
* or a missing third-party package stopped it (Maven/Gradle could not resolve an artifact, pip found no
  distribution, tox could not install an environment's dependencies, or Python raised
  `ImportError`/`ModuleNotFoundError` for a module that is not one of the project's own: its top-level
  name is no directory or file of the build tree in the log's paths)
                                                                                           -> `Dependency`.

The decision reads only the log, never the classifier's output, and is the same for every project. Every
other label stays as filed (`strict` in the bench is the label as filed).
"""

from __future__ import annotations

import re

__all__ = ["consistent_label", "has_test_failure", "missing_dependency", "quality_stop"]

_TEST_FAILED = re.compile(
    r"Tests run: \d+, Failures: [1-9]|Tests run: \d+, Failures: \d+, Errors: [1-9]|<<< (?:FAILURE|ERROR)!"
    r"|There (?:are|were) test failures|^Tests in error:|^Failed tests:"
    r"|^(?:FAIL|ERROR): (?:test\w*|\w+ \([\w.]+\))|FAILED \((?:\w+=\d+, )*(?:failures|errors)=\d+"
    r"|\d+ tests? completed, \d+ failed|^--- FAIL|^=+ [^\n]*\b\d+ (?:failed|error)|^FAILED \S+::"
    r"|^not ok \d+|\b\d+ failing\b|Execution failed for task '[^']*[Tt]est[^']*'",
    re.M,
)
_GOAL = re.compile(r"Failed to execute goal (\S+)")
_QUALITY_GOAL = re.compile(
    r"(?i)findbugs|spotbugs|pmd|checkstyle|javadoc|apache-rat|rat-plugin|\brat:|licen[cs]e|forbiddenapis"
    r"|(?:jacoco|cobertura)[^\s]*:check"
)
_QUALITY_TASK = re.compile(
    r"(?i)Execution failed for task '[^']*(?:checkstyle|findbugs|spotbugs|pmd|javadoc|licen[cs]e|rat)[^']*'"
)
_RESOLUTION = re.compile(
    r"(?i)Could not resolve dependencies|Could not find artifact|Could not transfer artifact"
    r"|Failed to collect dependencies|Non-resolvable parent POM|Could not resolve all (?:dependencies|files)"
    r"|No matching distribution found|could not install deps"
)
_IMPORT = re.compile(r"(?:ImportError|ModuleNotFoundError): No module named '?([A-Za-z_][\w]*)")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
_BUILD_TREE = re.compile(r"/home/travis/build/[^/\s\"']+/[^/\s\"']+/")


def has_test_failure(text: str) -> bool:
    """Whether any test runner reported a failed or errored test."""
    return _TEST_FAILED.search(text) is not None


def quality_stop(text: str) -> bool:
    """Whether a quality plugin's goal or task stopped the build."""
    goals = any(_QUALITY_GOAL.search(m.group(1)) for m in _GOAL.finditer(text))
    return goals or _QUALITY_TASK.search(text) is not None


def missing_dependency(text: str) -> bool:
    """Whether a third-party package could not be resolved or imported."""
    if _RESOLUTION.search(text):
        return True
    own = _own_names(text)
    return any(m.group(1) not in own for m in _IMPORT.finditer(text))


def _own_names(text: str) -> set[str]:
    """Top-level names of the build tree seen in the log's paths (`.../build/o/r/pkg/x.py` -> `pkg`)."""
    names: set[str] = set()
    for m in _BUILD_TREE.finditer(text):
        first = re.match(r"[A-Za-z_]\w*", text[m.end() : m.end() + 200])
        if first:
            names.add(first.group(0))
    return names


def consistent_label(label: str, text: str) -> str:
    """The label under our taxonomy's conventions (see the module docstring); ANSI colours are ignored."""
    if label != "Test":
        return label
    text = _ANSI.sub("", text)
    if has_test_failure(text):
        return label
    if quality_stop(text):
        return "Quality"
    if missing_dependency(text):
        return "Dependency"
    return label
