"""Checkers with a failure syntax of their own (runners/checks.py): link checkers, TeX, format checks.

Each sample is the tool's own output, quoted from its documentation, its tests or an issue thread (origin per
sample). A link that is alive or only redirected, a white-listed link and a passing check yield no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Severity
from tests.extract.helpers import bytes_doc
from tests.extract.test_explanations import JEST_FAILED_TEST
from tests.link.test_jobs import run, write


def _errors(log: str) -> list[ErrorRecord]:
    records = extract_document(bytes_doc("check.log", log.encode())).records
    return [r for r in records if r.severity is Severity.ERROR]


# awesome_bot's README (github.com/dkhamsing/awesome_bot, "Command Line"): a run with issues, and one without
AWESOME_BOT = """$ awesome_bot README.md
Checking links in ../README.md
Links found: 35, 11 unique
  1. https://github.com/sindresorhus/awesome
  2. http://i.giphy.com/12qq4Em3MVuwJW.gif
Checking URLs: x✓✓✓x✓✓✓✓✓✓

Issues :-(
> Links
  1. 301 http://gph.is/1gU5itl
  2. 301 https://travis-ci.org/dkhamsing/awesome_bot.svg
> Dupes
  1. https://github.com/sindresorhus/awesome
  2. http://i.giphy.com/12qq4Em3MVuwJW.gif
The command "awesome_bot README.md" exited with 1.
"""


def test_awesome_bot_issues_are_one_finding_spanning_its_lists() -> None:
    (finding,) = [r for r in _errors(AWESOME_BOT) if r.tool_hint == "lint"]
    assert finding.message == "Issues: 301 http://gph.is/1gU5itl"
    assert (finding.line_start, finding.line_end) == (8, 14)  # `Issues :-(` through the last dupe


def test_awesome_bot_without_issues_and_its_white_list_are_no_error() -> None:
    log = (
        "Checking URLs: ✓✓✓✓✓✓✓✓✓\n"
        "> White listed:\n"
        '  2. http://www.graphviz.org/ Connection timed out - connect(2) for "www.graphviz.org" port 80\n'
        "No issues :-)\n"
    )
    assert _errors(log) == []


def test_an_awesome_bot_failure_is_a_lint_error_of_the_job(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "travis.log", AWESOME_BOT)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("Issues: 301 http://gph.is/1gU5itl")
    assert failure.classification.category == "lint_error"


@pytest.mark.parametrize(
    ("line", "dead"),
    [
        # markdown-link-check's reporter (src/markdown-link-check.js: `  [%s] %s → Status: %s`)
        ("  [✖] http://example.net/not-found → Status: 404", True),
        ("  [✓] https://github.com/tcort/markdown-link-check", False),
        # lychee's compact format, quoted in celestiaorg/docs issue 2172
        (
            "[ERROR] https://lychee.cli.rs/ | Network error: error sending request for url (https://lychee.cli.rs/)"
            " Maybe a certificate error?",
            True,
        ),
        ("[404] https://example.com/missing | Failed: Network error: Not Found", True),
        ("[200] https://example.com/", False),
        ("[301] https://example.com/old", False),
        # HTML-Proofer 4 CLI report (its HTMLProofer::Reporter::Cli spec)
        (
            "  External link https://upload.wikimedia.org/wikipedia/en/thumb/not_here.png failed (status code 404)",
            True,
        ),
        ("  internally linking to nowhere.fooof, which does not exist", True),
        # HTML-Proofer 3 (its spec/html/proofer/scripts_spec.rb)
        (
            "External link http://www.asdo3IRJ395295jsingrkrg4.com/asdo3IRJ.js failed: 0 Couldn't resolve host name",
            True,
        ),
    ],
)
def test_link_checker_lines(line: str, dead: bool) -> None:
    errors = _errors(line + "\n")
    assert [r.tool_hint for r in errors] == (["lint"] if dead else [])


def test_a_tex_error_is_a_compilation_error_at_its_source_line() -> None:
    # The TeX FAQ, "The structure of TeX error messages" (texfaq.org/FAQ-errstruct)
    log = (
        "! Undefined control sequence.\n\\blah #1->\\bleah \n                 #1\n"
        "l.5 \\blah{to you}\n                 , folks\n"
    )
    (error,) = _errors(log)
    assert error.message == "Undefined control sequence." and error.tool_hint == "compilation"
    assert error.location is not None and error.location.line == 5


def test_latexmk_unresolved_references_are_a_warning() -> None:
    log = "Latexmk: Summary of warnings:\n  Latex failed to resolve 3 reference(s)\n"
    records = extract_document(bytes_doc("tex.log", log.encode())).records
    assert [r.severity for r in records if "resolve" in r.message] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("log", "message"),
    [
        # black --check (docs/usage_and_configuration/the_basics.md)
        ("would reformat test.py\nOh no! 💥 💔 💥\n1 file would be reformatted.\n", "would reformat test.py"),
        # prettier --check (tests/integration/__tests__/__snapshots__/check.js.snap)
        (
            "Checking formatting...\n[warn] unformatted.js\n"
            "[warn] Code style issues found in the above file. Run Prettier with --write to fix.\n",
            "[warn] Code style issues found in the above file. Run Prettier with --write to fix.",
        ),
    ],
)
def test_format_checks(log: str, message: str) -> None:
    errors = _errors(log)
    assert errors and errors[0].message == message and errors[0].tool_hint == "format"


def test_a_passing_format_check_is_no_error() -> None:
    assert _errors("All done! ✨ 🍰 ✨\n1 file would be left unchanged.\n") == []


# Coverage gates. Jest: its e2e snapshot (jestjs/jest e2e/__tests__/__snapshots__/coverageThreshold.test.ts.snap,
# "exits with 1 if coverage threshold is not met": every test passed, the run still failed).
JEST_THRESHOLD = """PASS __tests__/a-banana.js
  ✓ banana

Jest: "global" coverage threshold for lines (90%) not met: 50%
Test Suites: 1 passed, 1 total (100%)
Tests:       1 passed, 1 total
Snapshots:   0 total
Ran all test suites.
"""
# istanbul's check-coverage, as pasted in arikon/mocha-istanbul#14 (its own rethrow prints the lines twice)
ISTANBUL_THRESHOLD = """=============================== Coverage summary ===============================
Statements   : 92.85% ( 8005/8621 )
Lines        : 92.97% ( 7706/8289 )
================================================================================
ERROR: Coverage for statements (68.9%) does not meet global threshold (75%)
ERROR: Coverage for lines (69.72%) does not meet global threshold (75%)

/Users/btineo/Desktop/myProject/node_modules/istanbul/lib/cli.js:39
        throw ex; // turn it into an uncaught exception
        ^
ERROR: Coverage for statements (68.9%) does not meet global threshold (75%)
ERROR: Coverage for lines (69.72%) does not meet global threshold (75%)
"""


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (JEST_THRESHOLD, 'Jest: "global" coverage threshold for lines (90%) not met: 50%'),
        (ISTANBUL_THRESHOLD, "ERROR: Coverage for statements (68.9%) does not meet global threshold (75%)"),
        # pytest-cov's wording (its tests/test_pytest_cov.py, test_cov_min_100)
        ("FAIL Required test coverage of 100% not reached. Total coverage: 89.47%\n", None),
        # Cobertura's check goal, quoted in checkstyle/checkstyle#2544
        (
            "com.puppycrawl.tools.checkstyle.checks.coding.RequireThisCheck failed coverage check. Branch coverage"
            " rate of 98.5% is below 100.0%\n",
            None,
        ),
    ],
)
def test_a_coverage_gate_the_run_fell_short_of_is_one_lint_failure(
    log: str, message: str | None, tmp_path: Path
) -> None:
    (job,) = run([write(tmp_path, "coverage.log", log)], tmp_path).jobs
    (failure,) = job.failures  # one gate, however many metrics it names
    assert failure.classification.category == "lint_error"
    assert failure.root.record.message == (message or log.strip())


def test_a_coverage_gate_that_was_reached_is_no_error() -> None:
    # pytest-cov's passing wording (its tests/test_pytest_cov.py, test_cov_min_50)
    assert _errors("Required test coverage of 50% reached. Total coverage: 89.47%\n") == []


def test_a_failed_test_leads_the_coverage_gate_it_may_have_caused(tmp_path: Path) -> None:
    # two real outputs of jest's default reporter one after the other, as one run prints them: a failed test
    # (JeanPaiva42/jest-an-issue#47) and the threshold line of jest's e2e snapshot above
    log = JEST_FAILED_TEST + 'Jest: "global" coverage threshold for lines (90%) not met: 50%\n'
    log += "Tests:       1 failed, 1 passed, 2 total\n"
    (job,) = run([write(tmp_path, "jest.log", log)], tmp_path).jobs
    test, gate = job.failures
    assert test.classification.category == "assertion_failure"
    assert gate.classification.category == "lint_error"
