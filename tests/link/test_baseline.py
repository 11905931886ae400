"""The passing log of the job as evidence (link/baseline.py, link/jobs.py `_items`): what it shows too is set aside,
cleaned and normalised, within the same step; never the marker that ended the failed log. Real runs, trimmed."""

from __future__ import annotations

from pathlib import Path

from classifier.link.baseline import Baseline
from classifier.model import JobResult
from classifier.pipeline import GROUPING
from classifier.report.cards import job_card
from classifier.report.jobs_view import RunLinks
from tests.core.ci_logs import analysis_of


def job_of(tmp_path: Path, log: str, passing: str | None) -> JobResult:
    """The one job of `log`, analysed with `passing` as the passing log of the job when given."""
    analysis = analysis_of(tmp_path, log, baseline={"": passing.splitlines()} if passing is not None else None)
    (job,) = analysis.jobs
    return job


# The Rust book's `cargo test` of a failing test and of the passing project (rust-lang/book
# listings/ch11-writing-automated-tests/listing-11-03/output.txt and listing-11-01/output.txt)
FAILED_ANOTHER = """\
$ cargo test
   Compiling adder v0.1.0 (file:///projects/adder)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.72s
     Running unittests src/lib.rs (target/debug/deps/adder-92948b65e88960b4)

running 2 tests
test tests::another ... FAILED
test tests::exploration ... ok

failures:

---- tests::another stdout ----

thread 'tests::another' (6019162) panicked at src/lib.rs:17:9:
Make this test fail
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    tests::another

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `--lib`
"""
PASSED_ADDER = """\
$ cargo test
   Compiling adder v0.1.0 (file:///projects/adder)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.57s
     Running unittests src/lib.rs (target/debug/deps/adder-f533075b22f9175f)

running 1 test
test tests::it_works ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
"""


def test_the_passing_log_leaves_the_cause_it_lacks_and_the_summary_says_it_was_compared(tmp_path: Path) -> None:
    job = job_of(tmp_path, FAILED_ANOTHER, PASSED_ADDER)
    assert job.failures[0].root.record.message == "Make this test fail"
    assert job.baseline and job.baseline_matched == 0
    card = "\n".join(job_card(job, RunLinks()))
    assert "compared with the passing log" in card


def test_the_marker_that_ended_the_failed_log_is_never_set_aside(tmp_path: Path) -> None:
    # the passing log of a job that ran this test run as a tolerated step (`cargo test || true` before the step
    # that decides): every line of the failed run is in it; the failed log still failed, and says where
    tolerated = PASSED_ADDER + FAILED_ANOTHER
    job = job_of(tmp_path, FAILED_ANOTHER, tolerated)
    assert [failure.root.record.message for failure in job.failures] == ["error: test failed, to rerun pass `--lib`"]
    assert job.baseline_matched > 0


# pytest's short summary names the failed test (fresh GHA set #25: KnowOneActual/isobar-cli
# docs/temp_ts/logs_58908104168/1_Run Tests.txt, its `Run pytest` step, trimmed); the help text pytest quotes,
# escapes and all, is rebuilt from its runs of spaces and box lines
HELP = (
    r"'\x1b[1m"
    + " " * 80
    + r"\x1b[0m\n\x1b[1m \x1b[0m\x1b[1...   \x1b[2m│\x1b[0m\n\x1b[2m╰"
    + "─" * 78
    + r"╯\x1b[0m\n\n'"
)
ASSERTION = f"AssertionError: assert '--metric' in {HELP}"
PYTEST_FAILED = f"""\
2026-02-28T19:12:01.3050622Z ##[group]Run pytest
2026-02-28T19:12:01.3110949Z ##[endgroup]
2026-02-28T19:12:02.3301843Z collected 14 items
2026-02-28T19:12:06.5110617Z tests/test_main.py .F...                                                 [ 78%]
2026-02-28T19:12:06.6002367Z =================================== FAILURES ===================================
2026-02-28T19:12:06.6003149Z _________________________ test_main_metric_flag_exists _________________________
2026-02-28T19:12:06.6003851Z     def test_main_metric_flag_exists():
2026-02-28T19:12:06.6004450Z         result = runner.invoke(app, ["--help"], color=False)
2026-02-28T19:12:06.6004995Z >       assert "--metric" in result.output
2026-02-28T19:12:06.6007391Z E       {ASSERTION}
2026-02-28T19:12:06.6010924Z tests/test_main.py:15: AssertionError
2026-02-28T19:12:06.6018805Z =========================== short test summary info ============================
2026-02-28T19:12:06.6021103Z FAILED tests/test_main.py::test_main_metric_flag_exists - {ASSERTION}
2026-02-28T19:12:06.6025237Z ========================= 1 failed, 13 passed in 4.58s =========================
2026-02-28T19:12:06.6574777Z ##[error]Process completed with exit code 1.
"""
TRACEBACK = PYTEST_FAILED.splitlines()[4:11]  # FAILURES header to `tests/test_main.py:15: AssertionError`


def test_a_test_the_failed_log_reports_failed_keeps_its_lines_the_passing_log_shows_too(tmp_path: Path) -> None:
    # a passing log of the job where the test failed once and passed on a rerun shows its traceback, not its verdict
    job = job_of(tmp_path, PYTEST_FAILED, "\n".join(TRACEBACK))
    assert job.failures[0].root.record.message.startswith("AssertionError: assert '--metric'")


# `cargo build` failing and `cargo run` of the same project passing with a warning (rust-lang/book
# listings/ch12-an-io-project/output-only-02-missing-lifetimes/output.txt and listing-12-12/output.txt, trimmed)
LIFETIME_FAILED = """\
$ cargo build
   Compiling minigrep v0.1.0 (file:///projects/minigrep)
error[E0106]: missing lifetime specifier
  --> src/lib.rs:28:51
   |
28 | pub fn search(query: &str, contents: &str) -> Vec<&str> {
   |                      ----            ----         ^ expected named lifetime parameter
   |

For more information about this error, try `rustc --explain E0106`.
error: could not compile `minigrep` due to previous error
"""
RUN_PASSED = """\
$ cargo run -- the poem.txt
   Compiling minigrep v0.1.0 (file:///projects/minigrep)
warning: unused `Result` that must be used
  --> src/main.rs:19:5
warning: `minigrep` (bin "minigrep") generated 1 warning
    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.71s
     Running `target/debug/minigrep the poem.txt`
Searching for the
"""
LIFETIME_ERROR = LIFETIME_FAILED.splitlines()[2]


def test_a_line_the_passing_log_shows_in_another_step_is_still_a_cause(tmp_path: Path) -> None:
    # a passing log that built first, then showed the error line in its `cargo run` step: another context, no
    # evidence that it is harmless in the build
    build = "\n".join(LIFETIME_FAILED.splitlines()[:2]) + "\n"
    elsewhere = build + RUN_PASSED + LIFETIME_ERROR + "\n"
    job = job_of(tmp_path, LIFETIME_FAILED, elsewhere)
    assert job.failures[0].root.record.message == "error[E0106]: missing lifetime specifier"
    assert job.baseline_matched == 0
    # ... while in the passing log's own `cargo build` step it is set aside (the build's verdict then leads)
    (tmp_path / "b").mkdir()
    built = job_of(tmp_path / "b", LIFETIME_FAILED, RUN_PASSED + build + LIFETIME_ERROR + "\n")
    assert built.baseline_matched == 1
    assert built.failures[0].root.record.message.startswith("error: could not compile `minigrep`")


# The same job's earlier run (fresh GHA set #25, the `Run pytest` step 3 minutes before; stored text 58513166198)
EARLIER_SUMMARY = "2026-02-28T19:08:35.7143207Z " + "=" * 25 + " 1 failed, 13 passed in 4.56s " + "=" * 25


def test_a_line_of_an_earlier_run_matches_once_its_duration_and_timestamp_are_masked(tmp_path: Path) -> None:
    job = job_of(tmp_path, PYTEST_FAILED, None)
    evidence = [item.occurrence for item in job.failures[0].evidence]
    summary = next(occurrence for occurrence in evidence if "13 passed" in occurrence.record.message)
    assert Baseline([EARLIER_SUMMARY], GROUPING.normalizer).contains(summary)
    assert not Baseline([EARLIER_SUMMARY.replace("13 passed", "13 skipped")], GROUPING.normalizer).contains(summary)
