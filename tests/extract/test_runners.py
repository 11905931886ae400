"""Line matchers: one line of each tool -> framework, hint, role, location."""

from __future__ import annotations

import pytest

from classifier.extract import gha_log
from classifier.extract.runners import infra_hint, match_line
from classifier.model import Location, Role
from tests.extract.helpers import FIXTURES, file_doc

CASES = [
    # line, framework, tool_hint, role, test_id, exception_type
    (
        "FAILED tests/test_a.py::test_x - AssertionError: assert 1 == 2",
        "pytest",
        "",
        Role.CAUSE,
        "tests/test_a.py::test_x",
        "AssertionError",
    ),
    (
        "ERROR tests/test_b.py - ModuleNotFoundError: No module named 'requests'",
        "pytest",
        "import",
        Role.CAUSE,
        "tests/test_b.py",
        "ModuleNotFoundError",
    ),
    (
        "_________________ ERROR collecting tests/test_c.py _________________",
        "pytest",
        "collection",
        Role.CAUSE,
        "tests/test_c.py",
        "",
    ),
    ("E       KeyError: 'user'", "pytest", "", Role.CAUSE, "", "KeyError"),
    ("===== 2 failed, 10 passed in 3.21s =====", "pytest", "test", Role.SYMPTOM, "", ""),
    ("ValueError: invalid literal for int() with base 10: 'x'", "python", "", Role.CAUSE, "", "ValueError"),
    ("--- FAIL: TestParse (0.00s)", "go", "test", Role.CAUSE, "TestParse", ""),  # hint test: was "" (deliberate)
    ("panic: runtime error: index out of range [3] with length 3", "go", "panic", Role.CAUSE, "", "index out of range"),
    ("FAIL\tgithub.com/acme/api\t0.412s", "go", "test", Role.SYMPTOM, "", ""),
    ("./server.go:41:2: undefined: handler", "go", "compilation", Role.CAUSE, "", ""),
    (
        'error: could not compile `shop` (bin "shop") due to 1 previous error',
        "cargo",
        "compilation",
        Role.SYMPTOM,
        "",
        "",
    ),
    ("main.c:12:5: error: expected ';' before 'return'", "gcc", "compilation", Role.CAUSE, "", ""),
    (
        "/usr/bin/ld: main.o: in function `main': undefined reference to `lz4_compress'",
        "ld",
        "link",
        Role.CAUSE,
        "",
        "",
    ),
    ("collect2: error: ld returned 1 exit status", "ld", "link", Role.SYMPTOM, "", ""),
    ("[ERROR] /src/main/java/com/acme/App.java:[12,5] cannot find symbol", "javac", "compilation", Role.CAUSE, "", ""),
    ("[ERROR] COMPILATION ERROR :", "maven", "compilation", Role.SYMPTOM, "", ""),
    (
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-javadoc-plugin:3.6.0:jar (attach) on project"
        " x: MavenReportException",
        "maven",
        "javadoc",
        Role.CAUSE,
        "",
        "",
    ),
    (
        "[ERROR] Failed to execute goal org.apache.rat:apache-rat-plugin:0.15:check (default) on project x: Too many"
        " files with unapproved license",
        "maven",
        "license",
        Role.CAUSE,
        "",
        "",
    ),
    (
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.4.1:enforce (enforce) on"
        " project x: Some Enforcer rules have failed.",
        "maven",
        "enforcer",
        Role.CAUSE,
        "",
        "",
    ),
    (
        "[ERROR] Failed to execute goal on project x: Could not resolve dependencies for project com.acme:x:jar:1.0",
        "maven",
        "dependency",
        Role.CAUSE,
        "",
        "",
    ),
    ("[INFO] BUILD FAILURE", "maven", "", Role.SYMPTOM, "", ""),
    ("Tests run: 5, Failures: 1, Errors: 0, Skipped: 0", "surefire", "test", Role.SYMPTOM, "", ""),
    ("FAILURE: Build failed with an exception.", "gradle", "", Role.SYMPTOM, "", ""),
    ("BUILD FAILED in 12s", "gradle", "", Role.SYMPTOM, "", ""),
    (
        "src/cart.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.",
        "tsc",
        "compilation",
        Role.CAUSE,
        "",
        "",
    ),
    ("  12:7  error  'x' is assigned a value but never used  no-unused-vars", "eslint", "lint", Role.CAUSE, "", ""),
    ("  ● Cart › applies discount", "jest", "", Role.CAUSE, "Cart › applies discount", ""),
    ("npm ERR! code ERESOLVE", "npm", "dependency", Role.CAUSE, "", ""),
    ("npm ERR! code ELIFECYCLE", "npm", "exit_code", Role.SYMPTOM, "", ""),
    (
        "ERROR: Could not find a version that satisfies the requirement torch==9.9 (from versions: 2.1.0)",
        "pip",
        "dependency",
        Role.CAUSE,
        "",
        "",
    ),
    ("ERROR: No matching distribution found for torch==9.9", "pip", "dependency", Role.CAUSE, "", ""),
    ("E: Unable to locate package libfoo-dev", "apt", "dependency", Role.CAUSE, "", ""),
    ("make: *** [Makefile:12: all] Error 2", "make", "exit_code", Role.SYMPTOM, "", ""),
    ("ERROR: Job failed: exit code 1", "gitlab", "exit_code", Role.SYMPTOM, "", ""),
    ("Process completed with exit code 137.", "", "oom", Role.SYMPTOM, "", ""),
    ("Killed", "", "oom", Role.CAUSE, "", ""),
    ("java.lang.OutOfMemoryError: Java heap space", "java", "oom", Role.CAUSE, "", "OutOfMemoryError"),
    ("MemoryError", "python", "oom", Role.CAUSE, "", "MemoryError"),
    (
        "fatal: unable to access 'https://github.com/acme/x/': Could not resolve host: github.com",
        "",
        "dns",
        Role.CAUSE,
        "",
        "",
    ),
    ("Error: connect ECONNREFUSED 127.0.0.1:5432", "", "network", Role.CAUSE, "", ""),
    (
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
        "python",
        "tls",
        Role.CAUSE,
        "",
        "SSLCertVerificationError",
    ),
    ("OSError: [Errno 28] No space left on device", "python", "disk", Role.CAUSE, "", "OSError"),
    (
        "##[error]The job running on runner X has exceeded the maximum execution time of 360 minutes.",
        "",
        "timeout",
        Role.CAUSE,
        "",
        "",
    ),
]


@pytest.mark.parametrize(("line", "framework", "hint", "role", "test_id", "exc"), CASES)
def test_line_matchers(line: str, framework: str, hint: str, role: Role, test_id: str, exc: str) -> None:
    match = match_line(line.removeprefix("##[error]"))
    assert match is not None, line
    assert (match.framework, match.tool_hint, match.role, match.test_id, match.exception_type) == (
        framework,
        hint,
        role,
        test_id,
        exc,
    )
    assert match.message


def test_rust_error_takes_its_location_from_the_arrow_line() -> None:
    match = match_line("error[E0308]: mismatched types", ["  --> src/main.rs:3:5", "   |"])
    assert match is not None
    assert (match.code, match.location) == ("E0308", Location("src/main.rs", 3, 5))


def test_minitest_block_reads_the_test_and_exception_below() -> None:
    match = match_line(
        "Failure:",
        [
            "TestKramdown#test_highlighter [test/test_kramdown.rb:106]:",
            "Minitest::Assertion: Expected true to not be truthy.",
        ],
    )
    assert match is not None
    assert (match.framework, match.test_id, match.exception_type) == (
        "minitest",
        "TestKramdown#test_highlighter",
        "Minitest::Assertion",
    )
    ruby = match_line("ArgumentError: wrong number of arguments (given 1, expected 0)")
    assert ruby is not None and ruby.framework == ""


def test_gradle_what_went_wrong_block_is_the_cause() -> None:
    following = [
        "",
        "* Where:",
        "Build file '/b/build.gradle' line: 153",
        "",
        "* What went wrong:",
        "A problem occurred configuring root project 'backendless'.",
        "> Exception thrown while executing model rule: PublishingPlugin.Rules#publishing",
        "   > Cannot get property 'username' on null object",
        "",
        "* Try:",
    ]
    match = match_line("FAILURE: Build failed with an exception.", following)
    assert match is not None
    assert (match.role, match.message) == (Role.CAUSE, "Cannot get property 'username' on null object")
    assert match.details.startswith("A problem occurred configuring root project")


def test_surefire_summary_blocks_name_their_first_test() -> None:
    entry = "  BasicsTestCase.testEscape:673 Expected no diffs. expected:<0> but was:<2>"
    match = match_line("Failed tests: ", [entry])
    assert match is not None
    assert (match.test_id, match.message, match.tool_hint) == (
        "BasicsTestCase.testEscape",
        "Expected no diffs. expected:<0> but was:<2>",
        "test",
    )
    errors = match_line("[ERROR] Errors: ", ["[ERROR]   RoundTripTest.testRO:217->Basics.convert:91 » OWLRuntime"])
    assert errors is not None
    assert (errors.test_id, errors.message, errors.tool_hint) == ("RoundTripTest.testRO", "OWLRuntime", "test_error")
    assert match_line('The command "true" exited with 0.') is None


def test_surefire_case_reads_the_exception_on_the_next_line() -> None:
    match = match_line(
        "[ERROR] testTotal(com.acme.CartTest)  Time elapsed: 0.01 s  <<< FAILURE!",
        ["java.lang.AssertionError: expected:<1> but was:<2>"],
    )
    assert match is not None
    assert (match.test_id, match.exception_type) == ("com.acme.CartTest.testTotal", "AssertionError")


@pytest.mark.parametrize(
    "line",
    [
        "Evaluating timeout",
        "[ERROR] -> [Help 1]",
        "Downloading error_prone_annotations-2.3.4.jar",
        "2 passed in 0.01s",
        "HTTP 429 Too Many Requests retried",
    ],
)
def test_ordinary_lines_are_not_errors(line: str) -> None:
    assert match_line(line) is None


def test_infra_hint_is_case_aware() -> None:
    assert infra_hint("ModuleNotFoundError: No module named 'x'") == ""
    assert infra_hint("getaddrinfo ENOTFOUND registry.example.org") == "dns"


def test_plain_cargo_output() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "runners" / "cargo-build.txt"))
    cause, symptom = result.records
    assert (cause.code, cause.location, cause.framework) == ("E0308", Location("src/cart.rs", 41, 20), "cargo")
    assert symptom.role is Role.SYMPTOM


def test_plain_go_test_output() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "runners" / "go-test.txt"))
    summary = [(r.framework, r.tool_hint, r.role, r.test_id) for r in result.records]
    assert ("go", "test", Role.CAUSE, "TestParse") in summary  # a test failure: hint test (was "")
    parse = next(r for r in result.records if r.test_id == "TestParse")
    assert (parse.message, parse.location) == ("want 3, got 4", Location("parse_test.go", 14))
    assert (parse.line_start, parse.line_end) == (2, 3)  # from the t.Error line its message is, to its FAIL line
    assert ("go", "panic", Role.CAUSE, "") in summary
    assert ("go", "test", Role.SYMPTOM, "") in summary
