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


def test_words_found_piece_by_piece_are_those_of_the_joined_text() -> None:
    """A record is scanned line by line (lines remembered across records): the same words as one scan of
    its lower-cased message, context and details joined, and a word spanning a line break still found."""
    from classifier.model import ErrorRecord, SourceKind
    from classifier.rules.engine import Needles

    record = ErrorRecord(
        "log.txt",
        SourceKind.GHA_LOG,
        "BUILD FAILURE\nCould not Resolve dependencies",
        context=("[ERROR] Failed to execute goal", "npm ERR! code ERESOLVE", "Tests run: 5, Failures: 1"),
        details="ModuleNotFoundError: No module named 'yaml'",
    )
    words = ["build failure", "could not", "failed to execute", "eresolve", "no module named", "absent", "tests run"]
    joined = "\n".join((record.message, *record.context, record.details)).lower()
    for matcher in (Needles(words), Needles([*words, "failure\ncould"])):
        for _ in range(2):  # cold, then from the remembered lines
            assert matcher.found_in_record(record, whole=True) == matcher.found_in(joined)
            assert matcher.found_in_record(record, whole=False) == matcher.found_in(record.message.lower())
    assert "failure\ncould" in Needles([*words, "failure\ncould"]).found_in_record(record, whole=True)
    assert Needles(words).found_in_record(record, whole=True) == set(words) - {"absent"}
