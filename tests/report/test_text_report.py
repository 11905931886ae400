"""The terminal report of a real tool output: counts in words, each failure with its test and its evidence
at short locations, then every line found with its message first."""

from __future__ import annotations

from pathlib import Path

from classifier.report.text import render_text
from tests.report.test_card_evidence import CARGO_TEST, analysis_of


def test_failures_read_as_words_with_the_failing_test_and_short_locations(tmp_path: Path) -> None:
    text = render_text(analysis_of(tmp_path, CARGO_TEST))
    lines = text.splitlines()
    assert "FAILURES (2 in 1 file, root cause first)" in lines
    assert lines[3] == "Jobs: 1 (0 succeeded)   Failures: 2 (distinct root causes)"
    assert lines[4].startswith("Inputs: 1 (0 with problems)   Error lines: ")
    assert " distinct, " in lines[4] and " classified, " in lines[4], "the evidence lines' figures in words"
    titles = [i for i, line in enumerate(lines) if line.endswith("/cargo-test.log")]
    assert titles, "a long path is shortened at its start: the file's name stays"
    first = titles[0]
    assert len(lines[first]) <= 78
    assert lines[first + 1].startswith("    1. assertion_failure") and lines[first + 1].endswith("[cargo-test.log:9]")
    assert "Make this test fail" in lines[first + 1]
    assert lines[first + 2] == "       test: tests::another"
    assert str(tmp_path) not in "\n".join(lines[first + 1 :]), "the job's title names the file once"


def test_every_line_found_leads_with_its_message(tmp_path: Path) -> None:
    text = render_text(analysis_of(tmp_path, CARGO_TEST + "Process completed with exit code 101.\n"))
    table = text.split("ERRORS BY CATEGORY")[1].split("NOTES")[0]
    rows = [line for line in table.splitlines() if line.startswith("    ") and not line.startswith("      ")]
    assert any(row.strip().startswith("Make this test fail") for row in rows)
    assert all(row.split()[-1].isalnum() and len(row.split()[-1]) == 16 for row in rows), "fingerprint last"
    assert "Process completed with exit code 101." in table
    assert "why unclassified" not in table, "a line a failure explains needs no reason"


def test_a_jest_failure_names_its_test_once_in_every_report(tmp_path: Path) -> None:
    from classifier.github.annotations import select_annotations
    from tests.report.test_card_evidence import JEST_TWO

    analysis = analysis_of(tmp_path, JEST_TWO, "jest.log")
    lines = render_text(analysis).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    1. assertion_failure"))
    assert "expect(received).toBe(expected)" in lines[first] and "›" not in lines[first]
    assert lines[first + 1] == "       test: example tests › test that always fails"
    messages = [a.message.splitlines() for a in select_annotations(analysis)]
    assert messages and all(
        len(m) == 2 and "›" not in m[0] and m[1].startswith("Test: example tests › ") for m in messages
    )
