"""Rule probes run while extraction goes on give the label classifying the groups afterwards gives."""

from __future__ import annotations

import dataclasses

from classifier.classify import RULE_PROBE_OCCURRENCES, FixedVocabularies, RuleProbes, rule_classification
from classifier.group import group_occurrences
from classifier.model import ClassifiedBy, Occurrence, Severity, Stream
from classifier.settings import load_settings
from classifier.wiring import build_vocabularies
from tests.core.builders import occurrence

VOCABULARIES = build_vocabularies(load_settings({}, {"enable_error_classification": "false"}))
MATCHING = "ModuleNotFoundError: No module named 'requests'"
PLAIN = "something odd happened here"


def same_fingerprint(first: Occurrence, message: str, line: int) -> Occurrence:
    """An occurrence of `first`'s fingerprint with another message (rules read the message)."""
    record = dataclasses.replace(first.record, message=message, line_start=line)
    return dataclasses.replace(first, record=record)


def labels(occurrences: list[Occurrence], probes: RuleProbes | None) -> list[tuple[str, str, str]]:
    vocabulary = VOCABULARIES[Stream.CI]
    found = [rule_classification(g, vocabulary, "v", "now", probes) for g in group_occurrences(occurrences)]
    return [(label.category, label.classified_by.value, label.reasoning) for label in found]


def test_probes_find_the_labels_of_classifying_afterwards() -> None:
    first = occurrence(PLAIN, line=1)
    late_match = [
        first,
        *(same_fingerprint(first, PLAIN, n) for n in range(2, 4)),
        same_fingerprint(first, MATCHING, 4),
    ]
    beyond = occurrence("another odd thing", line=20)
    too_late = [beyond, *(same_fingerprint(beyond, PLAIN, 20 + n) for n in range(1, RULE_PROBE_OCCURRENCES))]
    too_late.append(same_fingerprint(beyond, MATCHING, 30))
    occurrences = [occurrence(MATCHING, line=40), *late_match, *too_late, occurrence("a third odd thing", line=50)]
    probes = RuleProbes(FixedVocabularies(VOCABULARIES))
    for start in range(0, len(occurrences), 3):  # as documents arrive
        probes.add(occurrences[start : start + 3])
    with_probes = labels(occurrences, probes)
    assert with_probes == labels(occurrences, None)
    assert [by for _, by, _ in with_probes] == ["rule", "rule", "none", "none"]  # the 4th occurrence, not the 6th


def test_probes_of_other_rules_or_of_fewer_occurrences_are_not_used() -> None:
    first = occurrence(PLAIN, line=1)
    probes = RuleProbes(FixedVocabularies(VOCABULARIES))
    probes.add([first])  # the later occurrence, which matches, never reached the probes
    group = group_occurrences([first, same_fingerprint(first, MATCHING, 2)])[0]
    assert probes.found(group, VOCABULARIES[Stream.CI].rules) == (False, None)
    assert rule_classification(group, VOCABULARIES[Stream.CI], "v", "now", probes).classified_by is ClassifiedBy.RULE
    probes.add([same_fingerprint(first, MATCHING, 2)])
    known, match = probes.found(group, VOCABULARIES[Stream.CI].rules)
    assert known and match is not None
    other = build_vocabularies(load_settings({}, {"enable_error_classification": "false"}), (Stream.LLM_API,))
    assert probes.found(group, other[Stream.LLM_API].rules) == (False, None)


def test_a_warning_copy_s_noise_label_does_not_hide_the_error_level_line_of_the_same_text() -> None:
    # Vim's test harness (src/testdir/runtest.vim) writes `Found errors in Test_x():` to its messages file,
    # which the build prints once as a note and again as the error that failed `make test`.
    text = "Found errors in Test_terminal_no_job():"
    note = occurrence(text, line=5)
    note = dataclasses.replace(note, record=dataclasses.replace(note.record, severity=Severity.WARNING))
    error = same_fingerprint(note, text, 9)
    error = dataclasses.replace(error, record=dataclasses.replace(error.record, severity=Severity.ERROR))
    probes = RuleProbes(FixedVocabularies(VOCABULARIES))
    probes.add([note, error])
    assert labels([note, error], probes) == labels([note, error], None)
    [(category, by, _)] = labels([note, error], None)
    assert (category, by) == ("unknown", "none")  # not the noise rule's label that the warning alone gets
    [(_, alone, reasoning)] = labels([note], None)
    assert alone == "rule" and "noise" in reasoning
