"""The primary failure of an input: the root cause, not the last noisy line."""

from __future__ import annotations

from classifier.model import Role
from classifier.rules.primary import choose_primary
from classifier.rules.taxonomy import load_taxonomy

from .helpers import occurrence

CI = load_taxonomy("ci")


def test_compile_error_beats_test_summary_and_exit_code() -> None:
    occs = [
        occurrence("compile", "[ERROR] App.java:[3,5] cannot find symbol", line=10),
        occurrence("summary", "Tests run: 4, Failures: 2", role=Role.SYMPTOM, line=50),
        occurrence("exit", "Process completed with exit code 1.", role=Role.SYMPTOM, line=51),
    ]
    categories = {"compile": "compilation_error", "summary": "assertion_failure"}
    chosen = choose_primary(occs, categories, CI)
    assert chosen is occs[0]


def test_cause_beats_symptom_whatever_the_order() -> None:
    occs = [
        occurrence("summary", "There are test failures.", role=Role.SYMPTOM, line=5),
        occurrence("dep", "Could not resolve dependencies", line=90),
    ]
    assert choose_primary(occs, {"summary": "assertion_failure", "dep": "dependency_error"}, CI) is occs[1]


def test_dependency_beats_test_failures() -> None:
    occs = [
        occurrence("test", "AssertionError: 1 != 2", line=5),
        occurrence("dep", "ModuleNotFoundError: No module named 'yaml'", line=9),
    ]
    assert choose_primary(occs, {"test": "assertion_failure", "dep": "dependency_error"}, CI) is occs[1]


def test_first_test_failure_wins_among_test_failures() -> None:
    occs = [
        occurrence("t1", "expected 1 got 2", line=5),
        occurrence("t2", "NullPointerException", line=7),
        occurrence("t3", "expected 3 got 4", line=9),
    ]
    categories = {"t1": "assertion_failure", "t2": "runtime_error", "t3": "assertion_failure"}
    assert choose_primary(occs, categories, CI) is occs[0]
    assert choose_primary(occs[1:], categories, CI) is occs[1]


def test_unknown_cause_only_when_nothing_better() -> None:
    odd = occurrence("odd", "something odd", line=3)
    summary = occurrence("summary", "Tests run: 4, Failures: 2", role=Role.SYMPTOM, line=50)
    exit_line = occurrence("exit", "exit code 1", role=Role.SYMPTOM, line=51)
    real = occurrence("real", "AssertionError", line=20)
    categories = {"summary": "assertion_failure", "real": "assertion_failure"}
    assert choose_primary([odd, summary, exit_line, real], categories, CI) is real
    assert choose_primary([odd, summary, exit_line], categories, CI) is summary  # a classified symptom
    assert choose_primary([exit_line, odd], categories, CI) is odd  # unknown cause beats unknown symptom
    assert choose_primary([exit_line], categories, CI) is exit_line


def test_rule_rank_overrides_category_rank() -> None:
    occs = [occurrence("a", "assert", line=1), occurrence("b", "compile", line=2)]
    categories = {"a": "assertion_failure", "b": "compilation_error"}
    assert choose_primary(occs, categories, CI) is occs[1]
    assert choose_primary(occs, categories, CI, ranks={"a": 1}) is occs[0]


def test_quality_gate_beats_compiler_looking_lines() -> None:
    occs = [
        occurrence("javac", "Missing a Javadoc comment.", line=10),
        occurrence("gate", "Failed to execute goal maven-checkstyle-plugin:check", line=20),
    ]
    categories = {"javac": "compilation_error", "gate": "lint_error"}
    assert choose_primary(occs, categories, CI) is occs[1]


def test_nothing_to_choose() -> None:
    assert choose_primary([], {}, CI) is None
