"""Linter findings by shape (runners/lint.py), each on a line of the tool's own output.

Samples come from the tools' documentation or from reviewdog/errorformat's testdata (`fmts/testdata/*.in`,
MIT), which keeps real outputs of each tool; the origin is given per sample. A warning stays a warning; a
location-shaped line that is not a finding (a test summary, a traceback frame, a grep hit) yields no error.
"""

from __future__ import annotations

import pytest

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Location, Severity
from tests.extract.helpers import bytes_doc


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("lint.log", log.encode())).records)


@pytest.mark.parametrize(
    ("line", "message", "code", "location"),
    [
        # ansible-lint parseable output (errorformat fmts/testdata/ansible-lint.in)
        ("main.yml:1: [E201] Trailing whitespace", "Trailing whitespace", "E201", Location("main.yml", 1)),
        # bandit with a msg template (errorformat fmts/testdata/bandit.in)
        (
            "/workspaces/errorformat/test.py:11: B304[bandit]: HIGH: Use of insecure cipher Crypto.Cipher.XOR.new.",
            "Use of insecure cipher Crypto.Cipher.XOR.new.",
            "B304",
            Location("/workspaces/errorformat/test.py", 11),
        ),
        # buf lint (buf docs, "Lint": the default text format; errorformat fmts/testdata/buf.in)
        (
            'pet/v1/pet.proto:42:10:Field name "petID" should be lower_snake_case, such as "pet_id".',
            'Field name "petID" should be lower_snake_case, such as "pet_id".',
            "",
            Location("pet/v1/pet.proto", 42, 10),
        ),
        # dotenv-linter (errorformat fmts/testdata/dotenv-linter.in)
        (".env:1 Leading space detected", "Leading space detected", "", Location(".env", 1)),
        # luacheck's default formatter without codes (errorformat fmts/testdata/luacheck.in)
        (
            "format.lua:118:1: setting non-standard global variable 'comment'",
            "setting non-standard global variable 'comment'",
            "",
            Location("format.lua", 118, 1),
        ),
        # misspell (errorformat fmts/testdata/misspell.in)
        (
            'fmts/testdata/misspell.in:1:20: "zeebra" is a misspelling of "zebra"',
            '"zeebra" is a misspelling of "zebra"',
            "",
            Location("fmts/testdata/misspell.in", 1, 20),
        ),
        # phpstan --error-format=raw (errorformat fmts/testdata/phpstan.in)
        (
            "/application/controllers/Account.php:107:Access to an undefined property account::$member_id.",
            "Access to an undefined property account::$member_id.",
            "",
            Location("/application/controllers/Account.php", 107),
        ),
        # protolint (protolint README "Usage"; errorformat fmts/testdata/protolint.in)
        (
            "[protolint.new.proto:1:1] File name should be lower_snake_case.proto.",
            "File name should be lower_snake_case.proto.",
            "",
            Location("protolint.new.proto", 1, 1),
        ),
        # tslint's prose formatter (errorformat fmts/testdata/tslint.in)
        ("path/to/file1.ts[15, 11]: missing semicolon", "missing semicolon", "", Location("path/to/file1.ts", 15, 11)),
        # psalm --output-format=text (errorformat fmts/testdata/psalm.in)
        (
            "/path/to/main.php:84:21:error - UndefinedConstant: Const __ROOT__ is not defined",
            "UndefinedConstant: Const __ROOT__ is not defined",
            "",
            Location("/path/to/main.php", 84, 21),
        ),
        # yamllint -f parsable (yamllint docs "Running yamllint"; errorformat fmts/testdata/yamllint.in)
        (
            "foo/service.yml:1:1: [error] too many blank lines (1 > 0) (empty-lines)",
            "too many blank lines (1 > 0) (empty-lines)",
            "empty-lines",
            Location("foo/service.yml", 1, 1),
        ),
        # puppet-lint's default format (puppet-lint README; errorformat fmts/testdata/puppet-lint.in)
        (
            "/modules/manifests/install.pp - ERROR: docker::install not in autoload module layout on line 7",
            "docker::install not in autoload module layout",
            "",
            Location("/modules/manifests/install.pp", 7),
        ),
        # scalastyle's text output (errorformat fmts/testdata/scalastyle.in)
        (
            "error file=/src/main/scala/hello.scala message=File length exceeds 5 lines",
            "File length exceeds 5 lines",
            "",
            Location("/src/main/scala/hello.scala"),
        ),
        # standardrb (errorformat fmts/testdata/standardrb.in): indented, a cop name for a code
        (
            "  app/models/order.rb:45:5: Style/TrailingCommaInHashLiteral: Put a comma after the last item of a "
            "multiline hash.",
            "Put a comma after the last item of a multiline hash.",
            "Style/TrailingCommaInHashLiteral",
            Location("app/models/order.rb", 45, 5),
        ),
        # sorbet (errorformat fmts/testdata/sorbet.in)
        (
            "sample.rb:13: Method barr does not exist on A https://srb.help/7003",
            "Method barr does not exist on A https://srb.help/7003",
            "",
            Location("sample.rb", 13),
        ),
    ],
)
def test_location_shaped_findings_are_errors(line: str, message: str, code: str, location: Location) -> None:
    record = _records(line + "\n")[0]
    assert (record.message, record.code, record.location, record.severity) == (message, code, location, Severity.ERROR)
    assert record.tool_hint == "lint"


@pytest.mark.parametrize(
    "line",
    [
        # hadolint's tty format (hadolint README)
        "Dockerfile:3 DL3008 warning: Pin versions in apt get install. Instead of `apt-get install <package>` use "
        "`apt-get install <package>=<version>`",
        # yamllint -f parsable (errorformat fmts/testdata/yamllint.in)
        'foo/widget.yml:1:1: [warning] missing document start "---" (document-start)',
        # haml-lint (errorformat fmts/testdata/haml-lint.in)
        "app/views/nodes/_form.html.haml:1 [W] InstanceVariables: Avoid using instance variables in partials views",
        # rubocop's default formatter: C is a convention (errorformat fmts/testdata/rubocop.in)
        "Gemfile:4:1: C: Extra blank line detected.",
        # javadoc (a Travis log of puniverse/quasar in BugSwarm's dataset)
        'src/main/java/Actor.java:139: warning - @param argument "interfaces" is not a parameter name.',
    ],
)
def test_warnings_stay_warnings(line: str) -> None:
    records = _records(line + "\n")
    assert records and all(r.severity is Severity.WARNING for r in records)


def test_pydocstyle_code_on_the_next_line() -> None:
    # pydocstyle docs ("Usage"); errorformat fmts/testdata/pydocstyle.in
    log = "test.py:18 in private nested class `meta`:\n        D101: Docstring missing\n"
    record = _records(log)[0]
    assert (record.message, record.code, record.location) == ("Docstring missing", "D101", Location("test.py", 18))


def test_stylelint_rows_under_a_file_header() -> None:
    # stylelint's string formatter (errorformat fmts/testdata/stylelint.in)
    log = (
        "renderer/style.css\n"
        "  46:3   ✖  Unexpected longhand value '0px 5px 0 5px' instead of '0px 5px 0'   "
        "shorthand-property-no-redundant-values\n"
        "  46:12  ⚠  Unexpected unit                                                   length-zero-no-unit\n"
    )
    found = [(r.severity, r.code) for r in _records(log)]
    assert found == [
        (Severity.ERROR, "shorthand-property-no-redundant-values"),
        (Severity.WARNING, "length-zero-no-unit"),
    ]


def test_shellcheck_tty_format() -> None:
    # shellcheck README ("How to use"): the tty output under the `In file line N:` header
    log = "In myscript line 2:\necho $1\n     ^-- SC2086 (info): Double quote to prevent globbing and word splitting.\n"
    record = next(r for r in _records(log) if r.code)
    assert (record.code, record.severity) == ("SC2086", Severity.WARNING)
    error = "     ^-- SC1073 (error): Couldn't parse this for loop. Fix to allow more checks.\n"
    assert _records(error)[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    "line",
    [
        # surefire's failure summary names `Class.method:line` (BugSwarm, SonarSource/sonar-java)
        "  CheckListTest.test:146 No description for S3366 S3366",
        # Ant's BUILD FAILED location: a wrapper of the compiler's errors
        "/home/travis/build/ProjectKorra/ProjectKorra/build.xml:16: Compile failed; see the compiler error output.",
        # an indented continuation of an ANTLR warning
        "/src/main/resources/grammars/java.g:1364:     between alt 1 and exit branch of block",
        # grep -n output, a source line
        "src/app.py:12:    import os",
        "src/app.js:3:const x = require('x');",
        # Ruby and pytest traceback frames
        "/usr/lib/ruby/2.7.0/foo.rb:12:in `block in <main>'",
        "tests/test_x.py:45: in test_y",
        # a Python warning from the warnings summary
        "/usr/lib/python3/site-packages/x.py:12: DeprecationWarning: the imp module is deprecated",
        # a host and port
        "registry.example.com:443 connection reset by peer",
    ],
)
def test_location_shaped_lines_that_are_not_findings(line: str) -> None:
    assert not [r for r in _records(line + "\n") if r.tool_hint == "lint" and r.severity is Severity.ERROR]


@pytest.mark.parametrize(
    ("line", "message", "code", "severity"),
    [
        # cppcheck's classic template (cppcheck manual, "Getting started")
        (
            "[test.cpp:3]: (error) Array 'a[10]' accessed at index 10, which is out of bounds.",
            "Array 'a[10]' accessed at index 10, which is out of bounds.",
            "",
            Severity.ERROR,
        ),
        ("[test.cpp:5]: (style) Variable 'x' is assigned a value that is never used.", "", "", Severity.WARNING),
        # pyright's CLI output (pyright docs, "Command-line interface")
        (
            '  /src/app.py:12:5 - error: "foo" is not defined (reportUndefinedVariable)',
            '"foo" is not defined (reportUndefinedVariable)',
            "reportUndefinedVariable",
            Severity.ERROR,
        ),
        # markdownlint-cli (its README "Usage" output)
        (
            "README.md:12:81 MD013/line-length Line length [Expected: 80; Actual: 120]",
            "Line length [Expected: 80; Actual: 120]",
            "MD013/line-length",
            Severity.ERROR,
        ),
        # codespell (its README "Usage")
        ("./README.md:12: teh ==> the", "teh ==> the", "", Severity.ERROR),
        # GNU make (make manual, "Error Messages")
        ("Makefile:3: *** missing separator.  Stop.", "*** missing separator.  Stop.", "", Severity.ERROR),
        # the Lua interpreter's uncaught error
        (
            "lua: test.lua:1: attempt to call a nil value (global 'foo')",
            "attempt to call a nil value (global 'foo')",
            "",
            Severity.ERROR,
        ),
        # jshint's default reporter with --verbose (jshint docs, "Command-line Interface")
        ("app.js: line 1, col 13, Missing semicolon. (W033)", "Missing semicolon. (W033)", "W033", Severity.WARNING),
    ],
)
def test_more_finding_shapes(line: str, message: str, code: str, severity: Severity) -> None:
    record = _records(line + "\n")[0]
    assert (record.code, record.severity) == (code, severity)
    assert not message or record.message == message


def test_rows_with_ranges_and_words() -> None:
    # remark-cli / alex (unified-engine's vfile-reporter): `line:col-line:col  severity  message  rule  source`
    log = "readme.md\n  1:1-1:10  error    Unexpected use of `his`   he-her  retext-equality\n"
    record = _records(log)[0]
    assert (record.severity, record.message.startswith("Unexpected use of")) == (Severity.ERROR, True)


def test_an_upper_case_warning_stays_a_warning() -> None:
    # GNU make's $(warning) in an OpenWrt build (gitlab-runner's testdata corpus, log-5)
    records = _records("Makefile:762: WARNING: skipping libgomp -- package has no install section\n")
    assert records and all(r.severity is Severity.WARNING for r in records)
