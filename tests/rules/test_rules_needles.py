"""The substring guards never reject a text their regex matches."""

from __future__ import annotations

import re

import pytest

from classifier.rules.loader import load_rules
from classifier.rules.needles import needles
from classifier.rules.taxonomy import load_taxonomy

SAMPLES = [
    "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:2.17:check on project x",
    "docs/index.rst:12: ERROR: Unexpected indentation.",
    "build succeeded, 3 warnings.",
    "ModuleNotFoundError: No module named 'yaml'",
    "java.lang.OutOfMemoryError: Java heap space",
    "Could not resolve host: github.com",
    "FAILED (failures=2)",
    "ERROR: test_api (tests.TestApi)",
    "AssertionError: assert 1 == 2",
    "src/a.py:3:1: E302 expected 2 blank lines",
    "Tests run: 5, Failures: 1, Errors: 0, Skipped: 0",
    'The command "mvn test -B" exited with 1.',
    "REQUIRED BY:",
    "Missing a Javadoc comment.",
    "npm ERR! code ERESOLVE",
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            r"(?i)could not resolve dependencies|could not find artifact",  # `re` factors out the common prefix
            ({"could not ", "find artifact"}, {"could not ", "resolve dependencies"}),
        ),
        (r"No module named", ({"no module named"},)),
        (r"\d+", None),
        (r"(?i)abc|x", None),  # one branch has no literal: no guard
        (r"^(?:ERROR|FAIL): test", ({": test", "error"}, {": test", "fail"})),  # every required literal
        (r"(?i)\bgot [^\n]* want|expected|expected:? got", ({"got ", " want"}, {"expected"})),  # implied set dropped
    ],
)
def test_needles(pattern: str, expected: tuple[set[str], ...] | None) -> None:
    found = needles(re.compile(pattern))
    assert found == (None if expected is None else tuple(frozenset(words) for words in expected))


def test_guards_never_reject_a_match() -> None:
    checked = 0
    for name in ("ci", "llm_api", "data_pipeline"):
        for rule in load_rules([], load_taxonomy(name)).rules:
            for condition, guard in rule.guards:
                pattern = getattr(rule, condition)
                for sample in (*SAMPLES, *(s.upper() for s in SAMPLES), *(s.lower() for s in SAMPLES)):
                    if pattern.search(sample):
                        assert any(all(w in sample.lower() for w in words) for words in guard), (rule.id, sample)
                        checked += 1
    assert checked > 20
