"""Test runner and linter shapes the scanner used to miss, each in the tool's own documented output format."""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Location, Severity
from tests.extract.helpers import bytes_doc, causes


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("job.log", log.encode())).records)


# `mix test` output (ExUnit documentation, "ExUnit.Formatter" / getting-started guide): numbered failures,
# the test's file:line, then the assertion or the exception.
EXUNIT = """\
  1) test adds two numbers (MathTest)
     test/math_test.exs:12
     Assertion with == failed
     code:  assert Math.add(1, 1) == 3
     left:  2
     right: 3
     stacktrace:
       test/math_test.exs:13: (test)

  2) test raises (MathTest)
     test/math_test.exs:20
     ** (RuntimeError) boom
     stacktrace:
       test/math_test.exs:21: (test)

Finished in 0.1 seconds
5 tests, 2 failures
"""


def test_exunit_failures_name_their_test_location_and_assertion() -> None:
    found = causes(extract_document(bytes_doc("job.log", EXUNIT.encode())))
    assert [(r.test_id, r.message, r.exception_type, r.location) for r in found] == [
        ("MathTest.test adds two numbers", "Assertion with == failed", "", Location("test/math_test.exs", 12)),
        ("MathTest.test raises", "RuntimeError: boom", "RuntimeError", Location("test/math_test.exs", 20)),
    ]


def test_jest_test_outside_a_describe_is_a_test_failure_but_console_is_not() -> None:
    # jest's default reporter (jest docs, "Getting Started": a failing `test('adds 1 + 2 to equal 3')`)
    log = (
        " FAIL  ./sum.test.js\n  ● adds 1 + 2 to equal 3\n\n"
        "    expect(received).toBe(expected) // Object.is equality\n\n"
        "    Expected: 3\n    Received: 4\n\n  ● Console\n\n    console.log sum.js:2\n      hello\n"
    )
    records = _records(log)
    assert [(r.framework, r.test_id) for r in records if r.test_id] == [("jest", "adds 1 + 2 to equal 3")]
    assert records[0].framework == "jest"  # the FAIL line of a .js file is jest's, not go's


def test_stylelint_string_formatter_lines_are_lint_errors() -> None:
    # stylelint's "string" formatter (stylelint docs, "Formatters"): file, then `line:col  ✖  message  rule`
    found = _records("a.css\n  49:11  ✖  Expected a leading zero   number-leading-zero\n")
    assert [(r.framework, r.tool_hint, r.code, r.severity, r.message) for r in found] == [
        ("stylelint", "lint", "number-leading-zero", Severity.ERROR, "Expected a leading zero")
    ]


def test_cmake_error_takes_its_indented_message_and_probes_are_not_errors() -> None:
    # CMake's message(FATAL_ERROR) report as FindPackageHandleStandardArgs words it (CMake docs, "find_package")
    log = (
        "-- Looking for pthread_create - not found\n"
        "CMake Error at /usr/share/cmake-3.16/Modules/FindPackageHandleStandardArgs.cmake:146 (message):\n"
        "  Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)\n"
        "Call Stack (most recent call first):\n"
        "  CMakeLists.txt:12 (find_package)\n"
        "-- Configuring incomplete, errors occurred!\n"
    )
    records = _records(log)
    assert records[0].framework == "cmake"  # the probe line above is not kept as an error-word line
    assert (records[0].message, records[0].tool_hint) == (
        "Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)",
        "dependency",
    )
    assert records[0].location == Location("/usr/share/cmake-3.16/Modules/FindPackageHandleStandardArgs.cmake", 146)


def test_rake_aborted_takes_the_reason_below_it() -> None:
    # rake's report when it stops (rake's own tests expect "rake aborted!" then the error message)
    log = "rake aborted!\nNameError: uninitialized constant Foo\n/app/Rakefile:3:in `<top (required)>'\n"
    found = causes(extract_document(bytes_doc("job.log", log.encode())))
    assert [(r.framework, r.message, r.exception_type) for r in found] == [
        ("rake", "NameError: uninitialized constant Foo", "NameError")
    ]


def test_xunit_console_failures_name_their_test_and_assertion() -> None:
    # xUnit.net's console runner and `dotnet test` (xunit docs, "Getting started with the .NET CLI": a failing Fact)
    log = (
        "    MyFirstUnitTests.Class1.FailingTest [FAIL]\n"
        "      Assert.Equal() Failure\n      Expected: 5\n      Actual:   4\n"
        "[xUnit.net 00:00:00.52]     MyFirstUnitTests.Class1.Throws [FAIL]\n"
        "[xUnit.net 00:00:00.52]       System.InvalidOperationException : boom\n"
    )
    found = causes(extract_document(bytes_doc("job.log", log.encode())))
    assert [(r.test_id, r.message, r.exception_type) for r in found] == [
        ("MyFirstUnitTests.Class1.FailingTest", "Assert.Equal() Failure", ""),
        ("MyFirstUnitTests.Class1.Throws", "System.InvalidOperationException : boom", "InvalidOperationException"),
    ]


def test_tap_harness_dubious_line_names_its_script() -> None:
    # Perl's prove / Test::Harness summary (Test::Harness documentation)
    found = _records("t/basic.t .......... Dubious, test returned 1 (wstat 256, 0x100)\nFailed 1/5 subtests\n")
    assert [(r.framework, r.test_id) for r in found][:1] == [("perl", "t/basic.t")]


# Decoration before an error (origins: makepkg's message.sh prints `==> ERROR: msg`; Portage's `die` prints
# ` * ERROR: cat/pkg-ver::repo failed (compile phase):`; Portage's emerge marks problems `!!!`; glibc 2.25's
# malloc_printerr printed `*** Error in `prog': msg: 0x... ***`; BSD make ends a failed target `*** Error code 1`).
DECORATED = """\
==> ERROR: A failure occurred in build().
    Aborting...
 * ERROR: sys-libs/zlib-1.2.11::gentoo failed (configure phase):
!!! Fetch failed for dev-libs/foo-1.0, continuing...
*** Error in `./a.out': double free or corruption (fasttop): 0x0000000001b4f010 ***
### Error: no such table: users
*** Error code 1
"""
# Separators, headers closed by decoration and comments stay out.
NOT_DECORATED_ERRORS = """\
==============================================
==================== ERRORS ==================
# error handling: retry three times
--- errors are reported below ---
"""


def test_decoration_before_an_error_is_read_as_the_error() -> None:
    records = _records(DECORATED)
    assert [(r.line_start, r.role.value, r.severity, r.exception_type, r.message) for r in records] == [
        # makepkg's and Portage's verdicts are symptoms of the output above them (runners/packaging.py; changed on
        # purpose: they were causes, and a second failure beside the error they report)
        (1, "symptom", Severity.ERROR, "", "ERROR: A failure occurred in build()."),
        (3, "symptom", Severity.ERROR, "", "ERROR: sys-libs/zlib-1.2.11::gentoo failed (configure phase):"),
        (5, "cause", Severity.ERROR, "heap corruption", "double free or corruption (fasttop): 0x0000000001b4f010"),
        (6, "cause", Severity.ERROR, "", "Error: no such table: users"),
        (7, "symptom", Severity.ERROR, "", "*** Error code 1"),
    ]
    assert [(r.severity, r.message) for r in _records("!!! Fetch failed for dev-libs/foo-1.0, continuing...\n")] == [
        (Severity.WARNING, "Fetch failed for dev-libs/foo-1.0, continuing...")  # an error word after `!!!`
    ]
    assert _records(NOT_DECORATED_ERRORS) == []


def test_refusing_to_is_an_error_word() -> None:
    # git push rejected by GitHub (the remote's message as quoted in public issue threads about workflow scopes)
    line = (
        " ! [remote rejected] HEAD -> main (refusing to allow a GitHub App to create or update workflow "
        "`.github/workflows/ci.yml` without `workflows` permission)"
    )
    records = _records(
        f"To https://github.com/o/r\n{line}\nerror: failed to push some refs to 'https://github.com/o/r'\n"
    )
    assert [r.line_start for r in records][:1] == [2]
    assert records[0].message.startswith("[remote rejected] HEAD -> main (refusing to allow")


def test_a_host_and_port_is_no_file_location() -> None:
    from classifier.extract.judge import location

    # Emacs' url package tries each TLS client in turn (lisp/net/tls.el `tls-program`), as in a CI log:
    assert (
        location("Opening TLS connection with `openssl s_client -connect elpa.gnu.org:443 -no_ssl2 -ign_eof'...")
        is None
    )
    assert location("curl: (7) Failed to connect to registry.example.com:8443 after 3 ms") is None
    assert location("README.org:12: error: unknown keyword") == Location("README.org", 12)
    assert location("src/app.py:3 undefined name 'x'") == Location("src/app.py", 3)


# The end of a tox 3 run (tox documentation, "Basic example"): its `___ summary ___` banner is tox's own
# heading, not a pytest test header; the env's failure is the line below it.
TOX_SUMMARY = """\
tests/test_a.py:9: AssertionError
========================= 1 failed, 2 passed in 0.12s ==========================
ERROR: InvocationError for command /home/u/proj/.tox/py37/bin/pytest tests (exited with code 1)
___________________________________ summary ____________________________________
  py27: commands succeeded
ERROR:   py37: commands failed
"""


def test_tox_s_summary_banner_is_not_a_pytest_test_header() -> None:
    records = _records(TOX_SUMMARY)
    assert not any(r.test_id == "summary" or "summary ___" in r.message for r in records)
    assert any(r.message.split() == ["ERROR:", "py37:", "commands", "failed"] for r in records)


# Terraform's human-readable diagnostic (Terraform documentation, "Diagnostics"; the box gutter of >= 0.15):
# the location is on its own line under the summary.
TERRAFORM = """\
╷
│ Error: Unsupported argument
│
│   on main.tf line 32, in resource "aws_instance" "web":
│   32:   ami_idx = "ami-123"
│
│ An argument named "ami_idx" is not expected here.
╵
"""


def test_terraform_s_diagnostic_takes_the_location_printed_under_it() -> None:
    (record,) = [r for r in _records(TERRAFORM) if r.message == "Error: Unsupported argument"]
    assert record.location == Location("main.tf", 32)


# testthat's failure headers (testthat documentation and its reporter snapshots: 3e `── Failure (file:line:col):
# test ──`, R CMD check's quoted form, 2e `── 1. Failure: test (@file#line) ──`), the expectation under each,
# and `test_check`'s closing verdict.
TESTTHAT = """\
══ Failed tests ════════════════════════════════════════════════════════════════
── Failure (test-add.R:3:5): addition works ────────────────────────────────────
add(1, 1) not equal to 3.
1/1 mismatches
── Error ('test-io.R:12:3'): reading fails cleanly ─────────────────────────────
Error in `read_config("x")`: file not found
── 1. Failure: subtraction works (@test-sub.R#7) ──────────────────────────────
sub(2, 1) not equal to 0.

[ FAIL 3 | WARN 0 | SKIP 0 | PASS 4 ]
Error: Test failures
Execution halted
"""


def test_testthat_failures_name_their_test_file_and_line() -> None:
    found = [r for r in _records(TESTTHAT) if r.framework == "testthat"]
    assert [(r.message, r.test_id, r.location, r.role.value) for r in found] == [
        ("add(1, 1) not equal to 3.", "addition works", Location("tests/testthat/test-add.R", 3, 5), "cause"),
        (
            'Error in `read_config("x")`: file not found',
            "reading fails cleanly",
            Location("tests/testthat/test-io.R", 12, 3),
            "cause",
        ),
        ("sub(2, 1) not equal to 0.", "subtraction works", Location("tests/testthat/test-sub.R", 7), "cause"),
        ("Error: Test failures", "", None, "symptom"),
    ]


# R CMD check's test output (R's "Writing R Extensions", 1.5 "Checking packages"): a parse error in a
# testthat file, R's `Error in <call> :` with the message (the source position first) on the next line;
# and testthat 1's summary `N. Failure (at file#line): test`, printed once per failed expectation.
R_CHECK = """\
  Error in parse(text = lines, n = -1, srcfile = srcfile) :
    testthat/test_io.R:3:70: unexpected '{'
  Calls: test_check ... FUN -> with_reporter -> force -> source_file -> parse
  Execution halted
  1. Failure (at test-dates.r#144): parses ISO weeks
  2. Failure (at test-dates.r#144): parses ISO weeks
"""


def test_r_parse_errors_and_testthat_1_failures_name_their_file_and_line() -> None:
    records = _records(R_CHECK)
    parse = next(r for r in records if r.message.startswith("Error in parse("))
    assert parse.location == Location("tests/testthat/test_io.R", 3, 70)
    assert "unexpected '{'" in parse.message
    failures = [r for r in records if r.framework == "testthat" and r.role.value == "cause"]
    assert [(r.message, r.test_id, r.location) for r in failures] == [
        (
            "Failure (at test-dates.r#144): parses ISO weeks",
            "parses ISO weeks",
            Location("tests/testthat/test-dates.r", 144),
        )
    ]  # the repeat is the same test's same failure
