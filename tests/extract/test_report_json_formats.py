"""JSON report formats: jest `--json`, mocha's JSON reporter, cargo `--message-format=json` and libtest JSON;
and that `extract_document` routes every report format by content."""

from __future__ import annotations

import json

from classifier import model
from classifier.extract import cargo_json, detect_format, extract_document, jest_json, mocha_json
from classifier.model import Location, Role, Severity
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc

REPORTS = FIXTURES / "reports"

JEST = {
    "numFailedTests": 1,
    "numPassedTests": 1,
    "numPendingTests": 1,
    "numTodoTests": 0,
    "numTotalTests": 3,
    "success": False,
    "testResults": [
        {
            "name": "/home/runner/work/shop/shop/src/cart.test.js",
            "status": "failed",
            "message": "",
            "assertionResults": [
                {
                    "ancestorTitles": ["Cart"],
                    "title": "adds",
                    "fullName": "Cart adds",
                    "status": "failed",
                    "location": None,
                    "failureMessages": [
                        "Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe"
                        "\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m) // Object.is equality\u001b[22m\n\n"
                        "Expected: \u001b[32m2\u001b[39m\nReceived: \u001b[31m3\u001b[39m\n"
                        "    at Object.<anonymous> (/home/runner/work/shop/shop/src/cart.test.js:4:17)\n"
                        "    at Promise.then.completed "
                        "(/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:298:28)"
                    ],
                },
                {"ancestorTitles": ["Cart"], "title": "empties", "fullName": "Cart empties", "status": "passed"},
                {"ancestorTitles": ["Cart"], "title": "later", "fullName": "Cart later", "status": "pending"},
            ],
        },
        {
            "name": "/home/runner/work/shop/shop/src/broken.test.js",
            "status": "failed",
            "message": "  \u25cf Test suite failed to run\n\n"
            "    Cannot find module './missing' from 'src/broken.test.js'\n\n"
            "      at Resolver.resolveModule (node_modules/jest-resolve/build/resolver.js:324:11)",
            "assertionResults": [],
        },
    ],
}


def test_jest_failed_assertion_clean_message_location_and_totals() -> None:
    result = jest_json.extract(bytes_doc("jest.json", json.dumps(JEST).encode()))
    assert result.problems == ()
    assert result.tests == model.TestTotals(run=3, failed=1, skipped=1)
    failed, suite = result.records
    assert failed.test_id == "Cart adds"
    assert failed.message == "Error: expect(received).toBe(expected) // Object.is equality"
    assert failed.exception_type == ""  # a bare Error names no exception type
    assert failed.location == Location("src/cart.test.js", 4, 17)
    assert "Expected: 2" in failed.context
    assert (failed.framework, failed.tool_hint) == ("jest", "test")
    assert suite.test_id == "src/broken.test.js"
    assert suite.message == "Cannot find module './missing' from 'src/broken.test.js'"
    assert suite.tool_hint == "test_error"


MOCHA = {
    "stats": {"suites": 2, "tests": 3, "passes": 1, "pending": 1, "failures": 2},
    "tests": [{"title": "a"}, {"title": "b"}, {"title": "c"}],
    "pending": [{"title": "c"}],
    "passes": [{"title": "a"}],
    "failures": [
        {
            "title": "adds",
            "fullTitle": "Cart adds",
            "file": "/home/runner/work/shop/shop/test/cart.spec.js",
            "err": {
                "message": "expected 3 to equal 2",
                "stack": "AssertionError: expected 3 to equal 2\n    at Context.<anonymous> (test/cart.spec.js:9:22)\n"
                "    at process.processImmediate (node:internal/timers:476:21)",
            },
        },
        {
            "title": '"before each" hook for "empties"',
            "fullTitle": 'Cart "before each" hook for "empties"',
            "file": "/home/runner/work/shop/shop/test/cart.spec.js",
            "err": {"message": "connect ECONNREFUSED 127.0.0.1:5432", "stack": "Error: connect ECONNREFUSED"},
        },
    ],
}


def test_mocha_failures_hooks_and_totals() -> None:
    result = mocha_json.extract(bytes_doc("mocha.json", json.dumps(MOCHA).encode()))
    assert result.tests == model.TestTotals(run=3, failed=2, skipped=1)
    test, hook = result.records
    assert (test.test_id, test.message, test.exception_type) == ("Cart adds", "expected 3 to equal 2", "AssertionError")
    assert test.location == Location("test/cart.spec.js", 9, 22)
    assert hook.tool_hint == "network"  # a refused connection is infrastructure evidence, over test_error
    assert "hook" in hook.details


def test_libtest_json_fixture() -> None:
    result = cargo_json.extract(file_doc(REPORTS / "libtest.jsonl"))
    assert result.tests == model.TestTotals(run=4, failed=1, skipped=1)  # the suite's own passed 2, failed 1, ignored 1
    (record,) = result.records
    assert (record.test_id, record.message) == ("b", "assertion failed: false")
    assert record.location == Location("f.rs", 9, 5)
    assert (record.framework, record.tool_hint) == ("cargo", "test")


def test_cargo_compiler_messages_with_interleaved_stderr() -> None:
    def message(level: str, text: str, code: str | None, line: int | None) -> str:
        spans = (
            [{"file_name": "src/main.rs", "line_start": line, "column_start": 5, "is_primary": True}] if line else []
        )
        body = {"message": text, "level": level, "code": {"code": code} if code else None, "spans": spans}
        body["rendered"] = f"{level}: {text}\n --> src/main.rs:{line}:5\n"
        return json.dumps({"reason": "compiler-message", "target": {"name": "app"}, "message": body})

    lines = [
        json.dumps({"reason": "compiler-artifact", "target": {"name": "dep"}}),
        message("error", "mismatched types", "E0308", 10),
        message("warning", "unused variable: `x`", "unused_variables", 3),
        message("note", "a note", None, 3),
        message("error", "aborting due to 1 previous error", None, None),
        'error: could not compile `app` (bin "app") due to 1 previous error',
        message("warning", "this `if` branch is empty", "clippy::needless_if", 7),
        '{"reason": "build-finished", "success": false}',
        "{not json",
    ]
    doc = bytes_doc("cargo.log", "\n".join(lines).encode())
    assert detect_format(doc, "\n".join(lines).encode()) == "cargo_json"  # stderr lines in between
    result = cargo_json.extract(doc)
    assert [(r.severity, r.code, r.tool_hint, r.role) for r in result.records] == [
        (Severity.ERROR, "E0308", "compilation", Role.CAUSE),
        (Severity.WARNING, "unused_variables", "compilation", Role.CAUSE),
        (Severity.ERROR, "", "compilation", Role.SYMPTOM),
        (Severity.WARNING, "clippy::needless_if", "lint", Role.CAUSE),
    ]
    assert result.records[0].location == Location("src/main.rs", 10, 5)
    assert result.records[0].line_start == 2
    assert result.problems[0].line == 9 and result.tests is None


def test_extract_document_routes_report_formats_by_content() -> None:
    cases = {
        "nunit3-failures.xml": "nunit",
        "xunit2.xml": "xunit",
        "eslint-checkstyle.xml": "checkstyle",
        "eslint.json": "eslint_json",
        "clang.sarif": "sarif",
        "libtest.jsonl": "cargo_json",
    }
    for name, fmt in cases.items():
        path = REPORTS / name
        doc = bytes_doc("report.out", path.read_bytes())  # a name that says nothing: content decides
        assert detect_format(doc, path.read_bytes()) == fmt, name
    for data, fmt in ((JEST, "jest_json"), (MOCHA, "mocha_json")):
        raw = json.dumps(data).encode()
        assert detect_format(bytes_doc("results.json", raw), raw) == fmt
    trx = b'<?xml version="1.0"?><TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"/>'
    assert detect_format(bytes_doc("x", trx), trx) == "trx"
    cppunit = b"<?xml version='1.0'?><TestRun><FailedTests/><SuccessfulTests/></TestRun>"
    assert detect_format(bytes_doc("x.xml", cppunit), cppunit) != "trx"


def test_broken_report_is_a_problem_naming_the_file_and_falls_back() -> None:
    raw = b'{"version": "2.1.0", "$schema": "sarif", "runs": [{"results": [ {"ruleId": '
    result = extract_document(bytes_doc("cut.sarif", raw))
    assert result.problems and result.problems[0].source == "cut.sarif"
    jest = extract_document(bytes_doc("jest.json", b'{"numTotalTests": 1, "testResults": 5}'))
    assert jest.problems[0].source == "jest.json" and jest.problems[0].kind == "unsupported"
