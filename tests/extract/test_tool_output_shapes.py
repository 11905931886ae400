"""Findings of compilers, linters and analysers in shapes of their own (runners/vendors.py, checkers.py,
toolchains.py): a program's own `tool: error:`, numbered diagnostics without a location, ecj's problem blocks,
cpplint, pylint's message ids, Bandit, PHPStan's table, golangci-lint's `ERRO`, MSBuild's code-less `error :`.

Each sample is a real output, trimmed, with the issue thread or page it was copied from. An error is an error
record at its line; a tool's warning, convention or info finding stays a warning.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Location, Role, Severity
from tests.extract.helpers import bytes_doc


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("tool.log", log.encode())).records)


def _errors(log: str) -> list[ErrorRecord]:
    return [r for r in _records(log) if r.severity is Severity.ERROR]


def test_a_programs_own_error_is_an_error() -> None:
    # Keil's Arm Compiler 6 on a renamed source (a project's notes, found by `armclang: error:`)
    [error] = _errors("armclang: error: no such file or directory: '../Core/Src/old_name.c'\n")
    assert error.message == "armclang: error: no such file or directory: '../Core/Src/old_name.c'"


def test_a_numbered_diagnostic_without_a_location_is_an_error() -> None:
    # TI's C2000 linker (a project's notes on a FatFS build, found by `error #10099-D:`)
    log = (
        "error #10099-D: program will not fit into available memory\n"
        'section ".const" size 0x8086 page 0 → placement fails for RAMLS5|RAMLS6\n'
    )
    [error] = _errors(log)
    assert (error.line_start, error.message, error.code) == (
        1,
        "program will not fit into available memory",
        "#10099",
    )


def test_an_ecj_problem_is_its_message_at_its_line() -> None:
    # Ant's javac task running ecj (DomUI's AntMessageFilter test data, found by `. ERROR in /`)
    log = (
        "[javac] ----------\n"
        "[javac] 543. ERROR in /home/jal/buildfiles/vp-3.1-hot/branch-work/to.etc.server/src/to/etc/server/vfs/"
        "VfsSegmentResolver.java (at line 26)\n"
        "[javac] PathSplitter ps = new PathSplitter(rpath);\n"
        "[javac] ^^^^^^^^^^^^\n"
        "[javac] PathSplitter cannot be resolved to a type\n"
    )
    [error] = _errors(log)
    assert error.line_start == 2
    assert error.message == "PathSplitter cannot be resolved to a type"
    assert error.location is not None and error.location.line == 26
    # an INFO problem of the batch compiler under Tycho is no error
    # (github.com/eclipse-jdt/eclipse.jdt.core/issues/1717)
    log = (
        "23:22:23  3. INFO in /home/jenkins/agent/workspace/eclipse.jdt.ui-github_PR-997/org.eclipse.jdt.ui/ui/org/"
        "eclipse/jdt/ui/text/java/correction/ChangeCorrectionProposal.java (at line 195)\n"
        "23:22:23  \tITextOperationTarget textOperationTarget= activeEditor.getAdapter(ITextOperationTarget.class);\n"
        "23:22:23  \t                                          ^^^^^^^^^^^^\n"
        "23:22:23  Potential null pointer access: The variable activeEditor may be null at this location\n"
    )
    assert not _errors(log)


def test_cpplint_findings_are_errors_at_their_line() -> None:
    # github.com/cpplint/cpplint/issues/399
    [error] = _errors("test.c:4:  Add #include <cstdio> for printf  [build/include_what_you_use] [4]\n")
    assert (error.message, error.code, error.location) == (
        "Add #include <cstdio> for printf",
        "build/include_what_you_use",
        Location("test.c", 4),
    )


def test_pylint_conventions_are_warnings_its_errors_errors() -> None:
    # a project's pylint report (found by `: C0116: Missing function or method docstring`)
    log = (
        "************* Module app\n"
        "app.py:1:0: C0114: Missing module docstring (missing-module-docstring)\n"
        "app.py:5:0: E0401: Unable to import 'flask' (import-error)\n"
        "app.py:6:0: E0401: Unable to import 'flask' (import-error)\n"
        "app.py:17:0: C0116: Missing function or method docstring (missing-function-docstring)\n"
        "app.py:29:0: C0116: Missing function or method docstring (missing-function-docstring)\n"
        "app.py:29:0: E0102: function already defined line 22 (function-redefined)\n"
    )
    assert [r.line_start for r in _errors(log)] == [3, 4, 7]
    assert {r.line_start for r in _records(log) if r.severity is Severity.WARNING} >= {2, 5, 6}


def test_a_bandit_issue_is_located_and_a_low_one_a_warning() -> None:
    # Bandit's documented output (a security review guide, found by `>> Issue: [B`)
    log = (
        ">> Issue: [B102:exec_used] Use of exec detected.\n"
        "   Severity: Medium   Confidence: High\n"
        "   CWE: CWE-78 (https://cwe.mitre.org/data/definitions/78.html)\n"
        "   Location: ./malicious.py:15:0\n"
        "   More Info: https://bandit.readthedocs.io/en/latest/plugins/b102_exec_used.html\n"
    )
    [error] = _errors(log)
    assert (error.line_start, error.message, error.code, error.location) == (
        1,
        "Use of exec detected.",
        "B102",
        Location("./malicious.py", 15, 0),
    )
    # a Low severity (a static analysis of PyRobot, found by `>> Issue: [B`)
    log = (
        "Test results:\n"
        ">> Issue: [B403:blacklist] Consider possible security implications associated with pickle module.\n"
        "   Severity: Low   Confidence: High\n"
        "   Location: ./examples/crash_detection/crash_utils/train.py:10\n"
    )
    assert not _errors(log)


def test_a_phpstan_table_is_its_first_row_at_its_file() -> None:
    # PHPStan's own formatter test (phpstan/phpstan-src TableErrorFormatterTest, `One file error`)
    log = (
        " ------ -----------------------------------------------------------------\n"
        '  Line   folder with unicode 😃/file name with "spaces" and unicode 😃.php\n'
        " ------ -----------------------------------------------------------------\n"
        "  4      Foo\n"
        " ------ -----------------------------------------------------------------\n"
        "\n"
        " [ERROR] Found 1 error\n"
    )
    [error] = _errors(log)
    assert (error.line_start, error.line_end, error.message) == (2, 4, "Foo")
    assert error.location == Location('folder with unicode 😃/file name with "spaces" and unicode 😃.php', 4)


def test_golangci_lints_erro_line_is_an_error() -> None:
    # a project's notes on golangci-lint in a container (found by `ERRO Running error:`)
    log = (
        "WARN [runner] Can't run linter goanalysis_metalinter: inspect: failed to load package : could not load "
        'export data: no export data for "github.com/containifyci/engine-ci/protos2"\n'
        "ERRO Running error: can't run linter goanalysis_metalinter\n"
    )
    assert [r.line_start for r in _errors(log)] == [2]


def test_msbuilds_error_without_a_code_is_located() -> None:
    # Boost.Test under Visual Studio (boostorg/math, a test's notes, found by `): error : in "`)
    log = (
        'I:/boost/libs/math/test/test_dirchlet_dist.cpp(126): error : in "test_main": exception '
        "std::domain_error expected but not raised  \n"
    )
    [error] = _errors(log)
    assert error.location == Location("I:/boost/libs/math/test/test_dirchlet_dist.cpp", 126)
    assert error.message == 'in "test_main": exception std::domain_error expected but not raised'


def test_flutter_analyzes_bullet_rows_are_findings_at_their_line() -> None:
    # a project's helper notes on `make check` (found by `error • Undefined name`)
    log = (
        "ANALYZE (1 issue(s) reported)\nerror • Undefined name 'foo' • lib/foo.dart:10:5 • undefined_identifier\n---\n"
    )
    [error] = _errors(log)
    assert (error.line_start, error.code, error.location) == (
        2,
        "undefined_identifier",
        Location("lib/foo.dart", 10, 5),
    )


def test_qmakes_project_error_is_the_cause_under_makes_line() -> None:
    # a project's build notes on missing Qt development packages (found by `Project ERROR: Unknown module(s)`)
    log = (
        "$ make release\n"
        "/usr/lib/qt5/bin/qmake -o Makefile archongui.pro\n"
        "Project ERROR: Unknown module(s) in QT: core gui widgets network concurrent svg\n"
        "make: *** [Makefile:151: Makefile] Error 3\n"
    )
    causes = [r for r in _errors(log) if r.role is Role.CAUSE]
    assert [(r.line_start, r.message) for r in causes] == [
        (3, "Unknown module(s) in QT: core gui widgets network concurrent svg")
    ]


def test_an_ansible_lint_violation_over_its_bare_location() -> None:
    # ansible-lint 6 (a blog's ansible-lint walkthrough, found by `name[play]: All plays should be named.`)
    log = (
        "$ ansible-lint test.yml\n"
        "\n"
        "WARNING  Listing 5 violation(s) that are fatal\n"
        "\n"
        "name[play]: All plays should be named.\n"
        "test.yml:2\n"
        "\n"
        "command-instead-of-module: yum used in place of yum module\n"
        "test.yml:4 Task/Handler: install package\n"
    )
    assert [r.line_start for r in _errors(log)] == [6, 9]
    assert _errors(log)[0].message == "All plays should be named."
    # a rule on ansible-lint's warn_list says `(warning)` (found by the same words)
    log = (
        "WARNING  Listing 50 violation(s) that are fatal\n"
        "name[play]: All plays should be named. (warning)\n"
        "oracle.yaml:2\n"
    )
    assert not _errors(log)
