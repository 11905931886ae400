"""Linter findings in JSON by shape (findings_json.py), each on the tool's own documented JSON output."""

from __future__ import annotations

import json

import pytest

from classifier.extract import detect_format, extract_document
from classifier.model import Location, Severity
from tests.extract.helpers import bytes_doc

SAMPLES = [
    # hadolint -f json (psastras/sarif-rs sarif-fmt/tests/data/hadolint.out, hadolint README "JSON output")
    (
        [
            {
                "code": "DL3006",
                "column": 1,
                "file": "./Dockerfile",
                "level": "warning",
                "line": 1,
                "message": "Always tag the version of an image explicitly",
            }
        ],
        ("Always tag the version of an image explicitly", "DL3006", Severity.WARNING, Location("Dockerfile", 1, 1)),
    ),
    # shellcheck -f json (sarif-rs sarif-fmt/tests/data/shellcheck.out): the code is a number
    (
        [
            {
                "file": "./shell.sh",
                "line": 6,
                "endLine": 6,
                "column": 1,
                "endColumn": 1,
                "level": "error",
                "code": 1058,
                "message": "Expected 'do'.",
                "fix": None,
            }
        ],
        ("Expected 'do'.", "SC1058", Severity.ERROR, Location("shell.sh", 6, 1)),
    ),
    # shellcheck -f json1 (shellcheck man page): the list under `comments`
    (
        {
            "comments": [
                {
                    "file": "t.sh",
                    "line": 2,
                    "column": 6,
                    "level": "info",
                    "code": 2086,
                    "message": "Double quote to prevent globbing and word splitting.",
                }
            ]
        },
        ("Double quote to prevent globbing and word splitting.", "SC2086", Severity.WARNING, Location("t.sh", 2, 6)),
    ),
    # pylint --output-format=json (microsoft/sarif-sdk's Pylint converter test input)
    (
        [
            {
                "type": "error",
                "module": "test",
                "obj": "",
                "line": 4,
                "column": 0,
                "path": "test.py",
                "symbol": "import-error",
                "message": "Unable to import 'foo'",
                "message-id": "E0401",
            }
        ],
        ("Unable to import 'foo'", "import-error", Severity.ERROR, Location("test.py", 4, 0)),
    ),
    # ruff check --output-format=json (ruff docs, "Output formats")
    (
        [
            {
                "code": "F401",
                "filename": "/src/app.py",
                "location": {"row": 1, "column": 8},
                "end_location": {"row": 1, "column": 10},
                "message": "`os` imported but unused",
                "fix": None,
                "noqa_row": 1,
                "url": "https://docs.astral.sh/ruff/rules/unused-import",
            }
        ],
        ("`os` imported but unused", "F401", Severity.ERROR, Location("/src/app.py", 1, 8)),
    ),
    # rubocop --format json (rubocop docs, "Formatters": JSON formatter)
    (
        {
            "metadata": {"rubocop_version": "1.50.0"},
            "files": [
                {
                    "path": "lib/foo.rb",
                    "offenses": [
                        {
                            "severity": "error",
                            "message": "Lint/Syntax: unexpected token kEND",
                            "cop_name": "Lint/Syntax",
                            "corrected": False,
                            "location": {"start_line": 3, "start_column": 1, "line": 3, "column": 1},
                        }
                    ],
                }
            ],
            "summary": {"offense_count": 1},
        },
        ("Lint/Syntax: unexpected token kEND", "Lint/Syntax", Severity.ERROR, Location("lib/foo.rb", 3, 1)),
    ),
    # golangci-lint --out-format json (golangci-lint pkg/printers/testdata/golden-json.json)
    (
        {
            "Issues": [
                {
                    "FromLinter": "gochecknoinits",
                    "Text": "don't use `init` function",
                    "Severity": "",
                    "Pos": {"Filename": "pkg/experimental/myplugin/myplugin.go", "Offset": 0, "Line": 13, "Column": 1},
                }
            ],
            "Report": {},
        },
        (
            "don't use `init` function",
            "gochecknoinits",
            Severity.ERROR,
            Location("pkg/experimental/myplugin/myplugin.go", 13, 1),
        ),
    ),
    # phpstan --error-format=json (phpstan docs, "Output format"): files keyed by path
    (
        {
            "totals": {"errors": 0, "file_errors": 1},
            "files": {
                "/app/src/Foo.php": {
                    "errors": 1,
                    "messages": [{"message": "Call to an undefined method Foo::bar().", "line": 12, "ignorable": True}],
                }
            },
            "errors": [],
        },
        ("Call to an undefined method Foo::bar().", "", Severity.ERROR, Location("/app/src/Foo.php", 12)),
    ),
    # bandit -f json (bandit docs, "Formatters"): only a high severity is an error
    (
        {
            "errors": [],
            "results": [
                {
                    "filename": "./app.py",
                    "line_number": 5,
                    "issue_severity": "HIGH",
                    "issue_confidence": "HIGH",
                    "issue_text": "Use of exec detected.",
                    "test_id": "B102",
                    "test_name": "exec_used",
                }
            ],
        },
        ("Use of exec detected.", "B102", Severity.ERROR, Location("app.py", 5)),
    ),
]


@pytest.mark.parametrize(("value", "expected"), SAMPLES)
def test_findings_by_shape(value: object, expected: tuple[str, str, Severity, Location]) -> None:
    data = json.dumps(value).encode()
    doc = bytes_doc("report.json", data)
    assert detect_format(doc, data) == "findings_json"
    record = extract_document(doc).records[0]
    assert (record.message, record.code, record.severity, record.location) == expected


def test_json_without_lines_is_not_a_findings_report() -> None:
    # an LLM provider's error body (the records reader's): a message, no file and line
    data = json.dumps({"provider": "openai", "http_status": 429, "message": "Rate limit reached"}).encode()
    assert detect_format(bytes_doc("api.json", data), data) == "records"


# mypy --output=json, one finding per line (python/mypy test-data/unit/outputjson.test,
# testOutputJsonWithHint): a note, an error with its hint, an error.
MYPY_FINDINGS = [
    {"line": 12, "column": 12, "end_line": 12, "end_column": 15, "hint": None, "code": "misc", "severity": "note"}
    | {"file": "main", "message": 'Revealed type is "Overload(def (), def (x: int))"'},
    {"line": 14, "column": 0, "end_line": 14, "end_column": 9, "code": "call-overload", "severity": "error"}
    | {"file": "main", "message": 'No overload variant of "foo" matches argument type "str"'}
    | {"hint": "Possible overload variants:\n    def foo() -> None\n    def foo(x: int) -> None"},
    {"line": 17, "column": 0, "end_line": 17, "end_column": 9, "hint": None, "code": "call-arg", "severity": "error"}
    | {"file": "main", "message": 'Too many arguments for "bar"'},
]
MYPY_JSON_LINES = "".join(json.dumps(finding) + "\n" for finding in MYPY_FINDINGS).encode()


def test_mypy_json_lines_are_type_checker_findings_with_their_hint() -> None:
    doc = bytes_doc("mypy.json", MYPY_JSON_LINES)
    assert detect_format(doc, MYPY_JSON_LINES) == "findings_json"
    extraction = extract_document(doc)
    assert not extraction.problems
    note, overload, call = extraction.records
    assert note.severity is Severity.WARNING
    assert (overload.severity, overload.code) == (Severity.ERROR, "call-overload")
    assert overload.location == Location("main", 14, 0)
    assert overload.context == ("Possible overload variants:", "    def foo() -> None", "    def foo(x: int) -> None")
    assert {(r.framework, r.tool_hint) for r in extraction.records} == {("mypy", "compilation")}
    assert call.message == 'Too many arguments for "bar"'


# pyright --outputjson (pyright docs/command-line.md, "JSON Output"): ranges count lines from 0.
PYRIGHT_JSON = {
    "version": "1.1.300",
    "time": "1680000000000",
    "generalDiagnostics": [
        {
            "file": "/src/app.py",
            "severity": "error",
            "message": 'Cannot access member "foo" for type "int"',
            "range": {"start": {"line": 4, "character": 6}, "end": {"line": 4, "character": 9}},
            "rule": "reportGeneralTypeIssues",
        }
    ],
    "summary": {"filesAnalyzed": 1, "errorCount": 1, "warningCount": 0, "informationCount": 0, "timeInSec": 0.5},
}


def test_pyright_json_findings_are_type_checker_findings() -> None:
    data = json.dumps(PYRIGHT_JSON).encode()
    (record,) = extract_document(bytes_doc("pyright.json", data)).records
    assert (record.framework, record.tool_hint, record.code) == ("pyright", "compilation", "reportGeneralTypeIssues")
    assert record.location is not None and record.location.line == 5
