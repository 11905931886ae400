"""The substring guards never reject a text their regex matches."""

from __future__ import annotations

import re

import pytest

from classifier.rules.loader import load_rules
from classifier.rules.needles import needles, parse, parsed_needles
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


def test_rule_regexes_compiled_at_first_search_are_those_re_compiles() -> None:
    regexes = 0
    for name in ("ci", "llm_api", "data_pipeline"):
        for rule in load_rules([], load_taxonomy(name)).rules:
            for key in ("message", "normalized", "any_line", "log_line", "unless", "exception_type", "code"):
                pattern = getattr(rule, key)
                if pattern is None:
                    continue
                compiled = re.compile(pattern.pattern)
                assert pattern.flags == compiled.flags, (rule.id, key)
                assert parsed_needles(parse(pattern.pattern)) == needles(compiled), (rule.id, key)
                for sample in SAMPLES:
                    found, expected = pattern.search(sample), compiled.search(sample)
                    assert (found and found.span()) == (expected and expected.span()), (rule.id, key, sample)
                regexes += 1
    assert regexes > 200


def test_words_found_piece_by_piece_are_those_of_the_joined_text() -> None:
    """A record is scanned line by line (lines remembered across records): the same words as one scan of
    its lower-cased message, context and details joined, and a word spanning a line break still found."""
    from classifier.model import ErrorRecord, SourceKind
    from classifier.rules.needles import Needles

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


def test_the_rules_tried_and_the_lines_searched_find_the_match_trying_every_rule_finds() -> None:
    """A rule set tries only the rules whose guard words occur (and searches a regex only in the lines
    holding its words): the same first match as every rule in order, each on its own."""
    from classifier.model import ErrorRecord, Role, Severity, SourceKind
    from classifier.rules.engine import RuleSet

    def first_match(rules: RuleSet, record: ErrorRecord) -> tuple[str, str] | None:
        for rule in rules.rules:
            evidence = rule.match(record, record.message.lower())
            if evidence is not None:
                return rule.id, evidence[:500]
        return None

    variants: list[dict[str, object]] = [
        {"kind": SourceKind.GHA_LOG},
        {"kind": SourceKind.GHA_LOG, "severity": Severity.WARNING},
        {"kind": SourceKind.GHA_LOG, "role": Role.SYMPTOM},
        {"kind": SourceKind.GHA_LOG, "framework": "pytest"},
        {"kind": SourceKind.JUNIT, "framework": "go"},
        {"kind": SourceKind.GHA_LOG, "exception_type": "AssertionError"},
        {"kind": SourceKind.GHA_LOG, "code": "TS2345", "http_status": 429},
    ]
    matched = 0
    for name in ("ci", "llm_api", "data_pipeline"):
        rules = load_rules([], load_taxonomy(name))
        for at, sample in enumerate(SAMPLES):
            for n, fields in enumerate(variants):
                others = tuple(SAMPLES[(at + k) % len(SAMPLES)] for k in range(1, 1 + n))
                for message, context in ((sample, others), (others[0] if others else "ok", (sample, *others))):
                    record = ErrorRecord(source="log.txt", message=message, context=context, **fields)  # type: ignore[arg-type]
                    found = rules.classify(record, message.lower())
                    expected = first_match(rules, record)
                    assert (None if found is None else (found.rule_id, found.evidence)) == expected, (name, record)
                    matched += expected is not None
    assert matched > 100
