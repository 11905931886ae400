"""Categories for what is found: Ant quality tasks, checker output quoted by tests, warning-level findings,
and test modules the runner could not collect. Logs go through the real extractor, then the built-in rules."""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.fingerprint import DEFAULT_GROUPING, identify
from classifier.model import ErrorRecord, Occurrence, Severity
from classifier.rules.engine import RuleMatch
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary, rule_ranks
from classifier.rules.taxonomy import load_taxonomy
from classifier.sources.base import Document
from classifier.sources.files import iter_documents

from .helpers import record

CI = load_taxonomy("ci")
RULES = load_rules([], CI)

# Checkstyle's Ant task (checkstyle.org/anttask.html) logs each finding under the `[checkstyle]` task
# prefix in the plain formatter's `file:line:col: severity: message` shape; the messages are Checkstyle's
# own (metrics/messages.properties: "Cyclomatic Complexity is {0} (max allowed is {1}).",
# design/messages.properties: "Utility classes should not have a public or default constructor.").
ANT_CHECKSTYLE = """\
checkstyle:
[checkstyle] Running Checkstyle 6.12 on 852 files
[checkstyle] /home/u/p/src/Main.java:169:5: error: Cyclomatic Complexity is 11 (max allowed is 10).
[checkstyle] [ERROR] /home/u/p/src/Util.java:12:1: Utility classes should not have a public or default constructor.

BUILD FAILED
"""

# mypy's data-driven tests (mypy/test/helpers.py, assert_string_arrays_equal) print the type checker's
# expected and actual output, indented under `Expected:` and `Actual:`, when a test case fails.
MYPY_TEST_FAILURE = """\
_______________________________ testNewAnalyzer ________________________________
data: /home/user/mypy/test-data/unit/check-classes.test:12:
/home/user/mypy/mypy/test/testcheck.py:228: in run_case_once
    assert_string_arrays_equal(output, a, msg.format(testcase.file, testcase.line))
E   AssertionError: Unexpected type checker output (/home/user/mypy/test-data/unit/check-classes.test, line 12)
----------------------------- Captured stderr call -----------------------------
Expected:
  main:3: note: Revealed type is "builtins.int"
  a.py:4: error: Incompatible types in assignment (expression has type "str", variable has type "int")
Actual:
  main:3: note: Revealed type is "builtins.int"
  a.py:4: error: Incompatible types in assignment (expression has type "str", variable has type "int") (diff)
  a.py:5: error: Name "y" is not defined (diff)

=========================== short test summary info ============================
FAILED mypy/test/testcheck.py::TypeCheckSuite::check-classes.test::testNewAnalyzer
========================= 1 failed, 20 passed in 3.21s =========================
"""

# pytest's collection errors, in the shape its docs show them (docs.pytest.org, "pytest import mechanisms"
# and "Good Integration Practices": ImportError while importing test module, import file mismatch).
COLLECTION_MISSING_MODULE = """\
==================================== ERRORS ====================================
_______________________ ERROR collecting test_sample.py ________________________
ImportError while importing test module '/home/user/proj/test_sample.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
test_sample.py:1: in <module>
    import yaml
E   ModuleNotFoundError: No module named 'yaml'
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
"""
COLLECTION_IMPORT_NAME = """\
==================================== ERRORS ====================================
____________________ ERROR collecting tests/test_config.py _____________________
ImportError while importing test module '/home/user/proj/tests/test_config.py'.
Traceback:
tests/test_config.py:3: in <module>
    from app.config import parse
E   ImportError: cannot import name 'parse' from 'app.config' (/home/user/proj/app/config.py)
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
"""
COLLECTION_MISMATCH = """\
==================================== ERRORS ====================================
_____________________ ERROR collecting tests/b/test_util.py _____________________
import file mismatch:
imported module 'test_util' has this __file__ attribute:
  /home/user/proj/tests/a/test_util.py
which is not the same as the test file we want to collect:
  /home/user/proj/tests/b/test_util.py
HINT: remove __pycache__ / .pyc files and/or use a unique basename for your test file modules
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
"""
COLLECTION_CODE = """\
==================================== ERRORS ====================================
________________________ ERROR collecting tests/test_app.py ________________________
tests/test_app.py:5: in <module>
    SETTINGS = load_settings()
app/settings.py:9: in load_settings
    return json.loads(Path("settings.json").read_text())
E   json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
"""


def records(tmp_path: Path, text: str) -> list[ErrorRecord]:
    path = tmp_path / "job.log"
    path.write_text(text)
    docs = [doc for doc in iter_documents([str(path)]) if isinstance(doc, Document)]
    return [rec for doc in docs for rec in extract_document(doc).records]


def classified(recs: list[ErrorRecord]) -> list[tuple[str, str, str]]:
    """(message start, category, rule id) of each record."""
    out = []
    for rec in recs:
        match = RULES.classify(rec, rec.message)
        out.append((rec.message[:40], match.category if match else "unknown", match.rule_id if match else "-"))
    return out


def test_ant_checkstyle_findings_are_lint_not_compiler_errors(tmp_path: Path) -> None:
    found = classified(records(tmp_path, ANT_CHECKSTYLE))
    complexity = [item[1:] for item in found if item[0].startswith("Cyclomatic Complexity")]
    assert complexity == [("lint_error", "ci.lint.ant_task")]
    assert {category for _, category, _ in found if category != "unknown"} == {"lint_error"}


def test_javac_error_is_still_a_compilation_error_beside_an_ant_task_line() -> None:
    line = "/home/user/proj/src/Main.java:3: error: cannot find symbol"
    rec = record(
        "cannot find symbol",
        framework="javac",
        tool_hint="compilation",
        context=(line, "[checkstyle] Running Checkstyle 6.12 on 852 files"),
    )
    match = RULES.classify(rec, rec.message)
    assert match is not None and match.category == "compilation_error"


def test_checker_output_quoted_by_a_failed_test_is_not_the_cause(tmp_path: Path) -> None:
    recs = records(tmp_path, MYPY_TEST_FAILURE)
    found = classified(recs)
    quoted = [item for item in found if item[0].startswith(("Incompatible types", "Name "))]
    assert len(quoted) == 3 and all(rule == "ci.noise.expected_output" for _, _, rule in quoted)
    occs = [identify(rec, DEFAULT_GROUPING) for rec in recs]
    primary = _primary(occs)
    assert primary.record.exception_type == "AssertionError"


def test_checker_error_outside_a_comparison_block_stays_a_finding() -> None:
    # a type checker's error is a compilation error (taxonomy ci: "compiler and type-checker errors"; it was
    # lint_error before, deliberately changed)
    rec = record(
        'Incompatible types in assignment (expression has type "str", variable has type "int")',
        framework="mypy",
        tool_hint="compilation",
        context=(
            'a.py:4: error: Incompatible types in assignment (expression has type "str", variable has type "int")',
        ),
    )
    match = RULES.classify(rec, rec.message)
    assert match is not None and match.category == "compilation_error"


# Type checkers' own output: mypy (mypy.readthedocs.io, "Getting started": `file:line: error: msg  [code]`),
# pyright (its docs, "Command-line interface": `  path:line:col - error: msg (rule)`), tsc (TypeScript
# handbook, `file(line,col): error TSnnnn: msg`) and a Travis step running mypy.
TYPE_CHECKERS = """program.py:3: error: Argument 1 to "greeting" has incompatible type "int"; expected "str"  [arg-type]
Found 1 error in 1 file (checked 1 source file)
/home/user/proj/src/app.py
  /home/user/proj/src/app.py:12:5 - error: "foo" is not defined (reportUndefinedVariable)
1 error, 0 warnings, 0 informations
src/app.ts(17,5): error TS2322: Type 'string' is not assignable to type 'number'.
The command "mypy --strict src" exited with 1.
"""


def test_type_checker_errors_are_compilation_errors_like_the_compilers(tmp_path: Path) -> None:
    recs = records(tmp_path, TYPE_CHECKERS)
    found = {(rec.framework, rec.tool_hint): RULES.classify(rec, rec.message) for rec in recs}
    assert {key: match.category if match else "" for key, match in found.items()} == {
        ("mypy", "compilation"): "compilation_error",
        ("pyright", "compilation"): "compilation_error",
        ("tsc", "compilation"): "compilation_error",
        ("", "exit_code"): "compilation_error",  # the Travis command line, a symptom of the mypy error above
    }


def test_warning_level_lint_findings_are_lint_but_never_beat_an_error() -> None:
    # ESLint's `no-unused-vars` as a warning (eslint.org/docs/latest/rules/no-unused-vars) and pylint's C0301
    # (pylint.readthedocs.io, messages/convention/line-too-long) as warning-severity records.
    eslint = classify_match(
        "'total' is assigned a value but never used.", severity=Severity.WARNING, tool_hint="eslint"
    )
    pylint = classify_match("Line too long (120/100)", severity=Severity.WARNING, tool_hint="lint", code="C0301")
    assert (eslint.rule_id, eslint.category, eslint.rank) == ("ci.lint.warning", "lint_error", 90)
    assert (pylint.rule_id, pylint.category) == ("ci.lint.warning", "lint_error")
    compile_error = record("cannot find symbol", framework="javac", tool_hint="compilation", line_start=9)
    lint_error = record("Missing a Javadoc comment.", tool_hint="checkstyle", line_start=7)
    for error in (compile_error, lint_error):
        warning = record("Line too long (120/100)", severity=Severity.WARNING, tool_hint="lint", line_start=1)
        primary = _primary([identify(warning, DEFAULT_GROUPING), identify(error, DEFAULT_GROUPING)])
        assert primary.record.message == error.message


def test_checker_notes_and_python_runtime_warnings_are_no_findings() -> None:
    # mypy's note beside an error (mypy.readthedocs.io, "Running mypy": `note: See https://...`) and the
    # line `warnings.warn` prints (docs.python.org/3/library/warnings.html, formatwarning):
    # `{file}:{line}: {category}: {message}`; extractors may read either as a checker's warning.
    note = 'prog.py:3: note: (Perhaps setting MYPYPATH or using the "--ignore-missing-imports" flag would help)'
    runtime = "/venv/lib/python3.11/site-packages/sklearn/model_selection/_split.py:737: Warning: The least populated"
    for line in (note, runtime):
        message = line.split(": ", 2)[-1]
        match = classify_match(message, severity=Severity.WARNING, tool_hint="lint", context=(line,))
        assert (match.rule_id, match.category) == ("ci.noise.note_or_runtime_warning", "unknown"), line


def test_collection_errors_take_the_category_of_their_exception(tmp_path: Path) -> None:
    # the extractor may give the header its own record (tool hint `collection`) or join it to the
    # exception under it (the exception's record): either way the first record carries the category
    cases = (
        (COLLECTION_MISSING_MODULE, "dependency_error"),
        (COLLECTION_IMPORT_NAME, "compilation_error"),
        (COLLECTION_MISMATCH, "configuration_error"),
        (COLLECTION_CODE, "runtime_error"),
    )
    for text, category in cases:
        recs = [rec for rec in records(tmp_path, text) if rec.framework == "pytest"]
        assert recs, text
        first = RULES.classify(recs[0], recs[0].message)
        assert first is not None and first.category == category, (text, first)


def test_collection_error_without_an_exception_is_the_test_code_not_the_infrastructure() -> None:
    header = "____________________ ERROR collecting tests/test_app.py ____________________"
    match = classify_match(header, tool_hint="collection", framework="pytest", context=(header,))
    assert (match.rule_id, match.category) == ("ci.test.collection", "runtime_error")


def classify_match(message: str, **fields: object) -> RuleMatch:
    match = RULES.classify(record(message, **fields), message)
    assert match is not None, message
    return match


def _primary(occs: list[Occurrence]) -> Occurrence:
    labels = {}
    categories = {}
    for occ in occs:
        label = RULES.classification(occ.fingerprint.value, occ.record, occ.normalized.text)
        labels[occ.fingerprint.value] = label
        categories[occ.fingerprint.value] = label.category
    primary = choose_primary(occs, categories, CI, rule_ranks(labels.values(), [RULES]))
    assert primary is not None
    return primary


def test_package_lock_without_root_is_configuration_not_a_missing_package() -> None:
    # apt run without sudo (the lines apt-get prints, as quoted in Debian/Ubuntu bug reports and the
    # Travis CI docs on container-based builds): the lock, not a package, is what failed
    context = (
        "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)",
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?",
    )
    for line in (*context, "E: Unable to lock directory /var/lib/apt/lists/"):
        match = classify_match(line, framework="apt", tool_hint="dependency", context=(*context, line))
        assert match.category == "configuration_error", line
    held = classify_match("E: Could not get lock /var/lib/dpkg/lock - open (11: Resource temporarily unavailable)")
    assert held.category == "infrastructure_error"


def test_maven_quality_plugin_is_read_from_the_goal_not_the_project_name() -> None:
    # Maven's "Failed to execute goal <groupId>:<artifactId>:<version>:<goal> (<execution>) on project <name>"
    # (maven.apache.org, MojoFailureException): a project named like a quality tool is no quality gate
    enforcer = (
        "Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.0.0-M1:enforce (enforce-size) "
        "on project sonar-java-plugin: Some Enforcer rules have failed."
    )
    assert classify_match(enforcer, framework="maven", tool_hint="enforcer").category == "configuration_error"
    checkstyle = (
        "Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.1.0:check (validate) "
        "on project core: You have 3 Checkstyle violations."
    )
    match = classify_match(checkstyle, framework="maven")
    assert (match.rule_id, match.category) == ("ci.lint.maven_plugin", "lint_error")


def test_checkstyle_ant_task_failure_behind_maven_antrun_is_lint() -> None:
    # CheckstyleAntTask throws BuildException("Got " + errors + " errors and " + warnings + " warnings.")
    # (checkstyle/src/main/java/com/puppycrawl/tools/checkstyle/ant/CheckstyleAntTask.java); Maven's antrun
    # plugin wraps it in its goal failure
    goal = (
        "Failed to execute goal org.apache.maven.plugins:maven-antrun-plugin:1.8:run (verify) on project core: "
        "An Ant BuildException has occured: The following error occurred while executing this line:"
    )
    context = (goal, "/home/u/p/config/verify.xml:50: Got 2 errors and 0 warnings.")
    match = classify_match(goal, framework="maven", tool_hint="maven-antrun-plugin", context=context)
    assert (match.rule_id, match.category) == ("ci.lint.checkstyle_ant_failed", "lint_error")


# pip's wheel build (pip.pypa.io, "pip install": legacy builds fall back to `setup.py install`; since pip 21
# a failed PEP 517 build stops with "Could not build wheels for X, which is required to install
# pyproject.toml-based projects")
PIP_LEGACY_FALLBACK = """\
Building wheels for collected packages: psycopg2
  Running setup.py bdist_wheel for psycopg2 ... error
  Complete output from command /venv/bin/python -u -c "import setuptools" bdist_wheel -d /tmp/tmpxyz:
  usage: -c [global_opts] cmd1 [cmd1_opts] [cmd2 [cmd2_opts] ...]
  error: invalid command 'bdist_wheel'
  ----------------------------------------
  Failed building wheel for psycopg2
Installing collected packages: psycopg2
  Running setup.py install for psycopg2 ... done
Successfully installed psycopg2-2.7.3
"""
PIP_BUILD_FAILED = """\
Building wheels for collected packages: lxml
  Building wheel for lxml (setup.py) ... error
  ERROR: Failed building wheel for lxml
Failed to build lxml
ERROR: Could not build wheels for lxml, which is required to install pyproject.toml-based projects
"""


def test_pip_wheel_fallback_is_no_failure_and_a_failed_build_is_a_dependency_error(tmp_path: Path) -> None:
    fallback = classified(records(tmp_path, PIP_LEGACY_FALLBACK))
    assert all(category == "unknown" for _, category, _ in fallback), fallback
    assert any(rule == "ci.noise.pip_wheel_fallback" for _, _, rule in fallback)
    failed = classified(records(tmp_path, PIP_BUILD_FAILED))
    assert [category for text, category, _ in failed if text.startswith("ERROR: Could not build")] == [
        "dependency_error"
    ]


def test_library_notices_and_python_warning_types_are_noise() -> None:
    # log4j2 without a config (logging.apache.org/log4j/2.x/manual/configuration.html), the AWS SDK for Java
    # v1 AmazonS3Client.putObject warning, conda remove of a missing env, urllib3's SNIMissingWarning
    # (urllib3.readthedocs.io, "SSL Warnings")
    notices = (
        "ERROR StatusLogger No log4j2 configuration file found. Using default configuration: logging only errors "
        "to the console.",
        "No content length specified for stream data.  Stream contents will be buffered in memory and could "
        "result in out of memory errors.",
        "Error: no packages found to remove from environment: /home/user/miniconda/envs/testenv",
    )
    for line in notices:
        match = classify_match(line, tool_hint="oom" if "memory" in line else "")
        assert (match.rule_id, match.category) == ("ci.noise.library_notice", "unknown"), line
    sni = classify_match("SNIMissingWarning", exception_type="SNIMissingWarning", framework="python")
    assert (sni.rule_id, sni.category) == ("ci.noise.python_warning_type", "unknown")
    real = classify_match("java.lang.OutOfMemoryError: Java heap space", exception_type="OutOfMemoryError")
    assert real.category == "resource_exhaustion"


def test_a_system_service_that_did_not_start_is_the_machine() -> None:
    # systemd's messages when `systemctl start docker` fails, as quoted in the Docker install guides and
    # issue threads (e.g. a Raspberry Pi setup guide: `Job for docker.service failed because the control process
    # exited with error code.` then invoke-rc.d's `initscript docker, action "start" failed.`), and a Jenkins
    # job's setup script logging `A dependency job for docker.service failed. See 'journalctl -xe' for details.`
    for line in (
        "Job for docker.service failed because the control process exited with error code.",
        "A dependency job for docker.service failed. See 'journalctl -xe' for details.",
        "Failed to start docker.service: Unit docker.service is masked.",
    ):
        assert classify_match(line).category == "infrastructure_error", line
