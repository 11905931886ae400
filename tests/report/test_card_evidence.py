"""What a root cause's card shows, as GitHub renders it: the failing test in the headline, its own log lines
(not the next failure's), its other evidence linked at its log line with repeats merged."""

from __future__ import annotations

import re
from pathlib import Path

from classifier.access import LogSteps, StepStart
from classifier.model import Analysis, ClassifiedBy, JobResult, Link, RunContext
from classifier.pipeline import analyze
from classifier.report.cards import job_card, job_line
from classifier.report.jobs_view import RunLinks
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now
from tests.report.gfm import render, to_html
from tests.report.scenario import failure, label, occ

SETTINGS = load_settings({}, {"enable_error_classification": "false"})
JOB_URL = "https://github.com/octo/app/actions/runs/1001/job/21"
# `cargo test` with two failing tests, in the form The Rust Programming Language (chapter 11, "How to Write
# Tests") shows it: each failure's `---- name stdout ----` block, then the list of failures and the result.
CARGO_TEST = """\
running 3 tests
test tests::exploration ... ok
test tests::another ... FAILED
test tests::larger_can_hold_smaller ... FAILED

failures:

---- tests::another stdout ----
thread 'tests::another' panicked at src/lib.rs:17:9:
Make this test fail
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- tests::larger_can_hold_smaller stdout ----
thread 'tests::larger_can_hold_smaller' panicked at src/lib.rs:28:9:
assertion failed: larger.can_hold(&smaller)


failures:
    tests::another
    tests::larger_can_hold_smaller

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `--lib`
"""


def analysis_of(tmp_path: Path, text: str, name: str = "cargo-test.log") -> Analysis:
    """The pipeline's analysis of one log file (rules only, a fresh store)."""
    log = tmp_path / name
    log.write_text(text)
    store = SQLiteStore(tmp_path / "s.db")
    try:
        vocabularies = Vocabularies(SETTINGS, store)
        return analyze(
            iter_documents([str(log)]), vocabularies=vocabularies, store=store, run=RunContext(), clock=utc_now
        )
    finally:
        store.close()


def _job_of(tmp_path: Path, text: str) -> JobResult:
    (job,) = analysis_of(tmp_path, text).jobs
    return job


def _folds(markdown: str) -> list[str]:
    return re.findall(r"<details>(.*?)</details>", markdown, re.S)


def test_each_failure_shows_its_failing_test_and_only_its_own_lines(tmp_path: Path) -> None:
    job = _job_of(tmp_path, CARGO_TEST)
    assert len(job.failures) == 2
    card = "\n".join(job_card(job, RunLinks()))
    page = render(card)
    assert page.headings == ["❌ cargo-test.log"], "outside a run, the card is named by its file"
    assert "tests::another" in page.code and "tests::larger_can_hold_smaller" in page.code
    first, second = _folds(card)
    assert "Make this test fail" in first and "larger_can_hold_smaller" not in first, "not the next test's lines"
    assert "thread 'tests::another' panicked at src/lib.rs:17:9:" in first
    assert "larger.can_hold(&smaller)" in second and "Make this test fail" not in second
    assert first.count("```text") == second.count("```text") == 1


def test_evidence_is_linked_at_its_log_line_and_repeats_are_merged() -> None:
    root = occ("error: linking with `cc` failed: exit status: 1", line=40, kind=occ("x").record.kind)
    wrapper = occ("Failed to execute goal compile on project shop", line=44)
    again = occ("Failed to execute goal compile on project shop", line=52)
    exit_code = occ("Process completed with exit code 1.", line=60)
    found = failure(
        root,
        label(root, "compilation_error", ClassifiedBy.RULE),
        None,
        ((exit_code, Link.SYMPTOM), (wrapper, Link.WRAPPER), (again, Link.WRAPPER)),
    )
    job = JobResult("unit (3.12)", url=JOB_URL, inputs=("unit (3.12).log",), failures=(found,))
    steps = LogSteps("unit (3.12).log", JOB_URL, (StepStart(1, "Set up job", 1), StepStart(4, "Run make", 31)))
    card = "\n".join(job_card(job, RunLinks(logs=(steps,))))
    (fold,) = _folds(card)
    page = render(fold)
    assert f"{JOB_URL}#step:4:14" in page.links and f"{JOB_URL}#step:4:30" in page.links
    assert f"{JOB_URL}#step:4:22" not in page.links, "a repeated line is said once"
    items = [line for line in fold.splitlines() if line.startswith("- ")]
    assert items[0].startswith("- wrapping error: `Failed to execute goal compile on project shop` (2 times)")
    assert items[1].startswith("- consequence: `Process completed with exit code 1.`"), "the cause's side first"
    assert "[step 4, line 30]" in items[1]
    assert "Log excerpt" not in fold, "no context: no excerpt"


def test_a_one_line_excerpt_that_only_repeats_the_message_is_left_out() -> None:
    root = occ("ModuleNotFoundError: No module named 'yaml'", context=("ModuleNotFoundError: No module named 'yaml'",))
    found = failure(root, label(root, "dependency_error"), None)
    job = JobResult("unit", url=JOB_URL, failures=(found,))
    card = "\n".join(job_card(job, RunLinks()))
    assert "```" not in card and "<summary>Fingerprint</summary>" in card
    assert "ModuleNotFoundError: No module named 'yaml'" in render(card).code


def test_a_job_that_does_not_fit_is_one_line_with_its_first_cause_and_link() -> None:
    first = occ("TypeError: x is undefined")
    second = occ("ReferenceError: y is not defined")
    job = JobResult(
        "web @everyone",
        url=JOB_URL,
        failures=(failure(first, label(first, "runtime_error"), None), failure(second, label(second, "x"), None)),
    )
    page = render(job_line(job))
    assert page.prose.strip().startswith("❌ web @\u200beveryone: Runtime error"), "a mention in a job name stays inert"
    assert page.code == ["TypeError: x is undefined"]
    assert "(and 1 more root cause)" in page.prose and page.links == [JOB_URL]
    assert page.tags.count("li") == 1


def test_a_job_with_hundreds_of_root_causes_keeps_a_card_of_bounded_size() -> None:
    found = []
    for index in range(100):
        root = occ(f"src/m{index}.py:{index + 1}: error: Name 'x{index}' is not defined", line=index + 1)
        found.append(failure(root, label(root, "compilation_error"), None))
    job = JobResult("mypy", url=JOB_URL, failures=tuple(found))
    card = "\n".join(job_card(job, RunLinks()))
    page = render(card)
    assert card.count("<details>") == 20, "the first 20 root causes whole"
    assert page.tags.count("ol") == 1 and page.tags.count("li") == 30, "the next 30 one line each"
    assert '<ol start="21">' in to_html(card)
    assert "Name 'x49' is not defined" in "".join(page.code) and "Name 'x50'" not in "".join(page.code)
    assert "… and 50 more root causes (every one is in the JSON report)." in page.prose
    assert "100 root causes" in page.prose


def test_an_unclassified_failure_says_why_in_words(tmp_path: Path) -> None:
    # a line only a generic matcher finds: no rule knows it, and no model is configured
    analysis = analysis_of(tmp_path, "Restoring cache\nFATAL: file does not exist\nFailed to extract cache\n")
    (job,) = analysis.jobs
    (found,) = job.failures
    assert not found.classification.is_classified
    assert found.classification.reasoning.startswith("no rule matched: "), "the JSON keeps what was checked"
    card = "\n".join(job_card(job, RunLinks()))
    page = render(card)
    assert "Unclassified" in page.prose
    (reason,) = [line for line in card.splitlines() if line.startswith("Not classified: ")]
    assert reason.startswith("Not classified: no rule matched; model not used: ")
    assert "rules (" not in reason and "context lines" not in reason


def test_the_excerpt_stops_at_the_logs_section_breaks() -> None:
    # GitLab's trace: the cache step's error, two blank lines, then the next section of the job
    context = (
        "section_end:1578:install",
        "",
        "",
        "Restoring cache",
        "FATAL: file does not exist",
        "Failed to extract cache",
        "",
        "",
        "Downloading artifacts",
        "Downloading artifacts from coordinator... ok        id=1280281190 status=200",
    )
    root = occ("FATAL: file does not exist", context=context)
    job = JobResult("unit", url=JOB_URL, failures=(failure(root, label(root, "infrastructure_error"), None),))
    (fold,) = _folds("\n".join(job_card(job, RunLinks())))
    excerpt = render(fold).code[0]  # the block comes first, then the fingerprint
    assert excerpt.splitlines() == ["Restoring cache", "FATAL: file does not exist", "Failed to extract cache"]


# jest's failure blocks (jestjs.io "Getting Started" sum test, failed twice: the second test's name starts
# with the first's), as `jest` prints them with the code frame under each message
JEST_TWO = """\
FAIL tests/example-test.test.js
  ● example tests › test that always fails

    expect(received).toBe(expected) // Object.is equality

    Expected: true
    Received: false

      2 |
      3 |     test('test that always fails', () => {
    > 4 |         expect(false).toBe(true);
        |                       ^
      5 |     });

      at Object.<anonymous> (tests/example-test.test.js:4:23)

  ● example tests › test that always fails too

    expect(received).toBe(expected) // Object.is equality

    Expected: false
    Received: true

      11 |     test('test that always fails too', () => {
    > 12 |         expect(true).toBe(false);
         |                      ^
      13 |     });

      at Object.<anonymous> (tests/example-test.test.js:12:22)

Tests:       2 failed, 1 passed, 3 total
"""


def test_a_test_whose_name_starts_another_shows_only_its_own_block(tmp_path: Path) -> None:
    job = _job_of(tmp_path, JEST_TWO)
    assert [f.root.record.test_id for f in job.failures] == [
        "example tests › test that always fails",
        "example tests › test that always fails too",
    ]
    card = "\n".join(job_card(job, RunLinks()))
    first, second = (render(fold).code[0] for fold in _folds(card))
    assert "expect(false).toBe(true);" in first and "fails too" not in first and "toBe(false)" not in first
    assert "expect(true).toBe(false);" in second
    # the excerpt keeps the code frame's layout: the caret under `toBe`, the block's shared indent gone
    rows = first.splitlines()
    assert rows[:2] == ["FAIL tests/example-test.test.js", "  ● example tests › test that always fails"]
    frame = next(i for i, row in enumerate(rows) if "expect(false)" in row)
    assert rows[frame + 1].index("^") == rows[frame].index("toBe(")
    # the headline names the test once: the message does not repeat it
    messages = [line for line in card.splitlines() if line.startswith("`") and "expect(received)" in line]
    assert messages and all("›" not in line for line in messages)


def test_runner_markers_read_as_the_log_page_shows_them() -> None:
    context = (
        "    self.parseArgs(argv)",
        "    ~~~~~~~~~~~~~~^^^^^^",
        "IndentationError: unexpected indent",
        "##[error]Process completed with exit code 1.",
    )
    root = occ("IndentationError: unexpected indent", context=context, line=24)
    copied = occ("Error: Process completed with exit code 1.", line=25)  # a log copied from the run page
    marker = occ("Process completed with exit code 1.", line=26)  # the runner's own `##[error]` line
    found = failure(root, label(root, "compilation_error"), None, ((copied, Link.SYMPTOM), (marker, Link.SYMPTOM)))
    job = JobResult("unit", url=JOB_URL, failures=(found,))
    (fold,) = _folds("\n".join(job_card(job, RunLinks())))
    assert render(fold).code[0].splitlines() == [
        "    self.parseArgs(argv)",
        "    ~~~~~~~~~~~~~~^^^^^^",
        "IndentationError: unexpected indent",
        "Error: Process completed with exit code 1.",
    ]
    items = [line for line in fold.splitlines() if line.startswith("- ")]
    assert len(items) == 1 and "(2 times)" in items[0], "one exit-code line, however it was printed"
