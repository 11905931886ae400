"""Which member of a job's evidence is the root cause, and which category the failure shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classifier.model import Link, Occurrence, Role
from classifier.rules.primary import primary_key
from classifier.rules.taxonomy import load_taxonomy
from tests.link.test_jobs import run, write
from tests.rules.helpers import occurrence

# javadoc reports in the compiler's `File.java:N: error: msg` form (JDK javadoc tool documentation), under
# the maven-javadoc-plugin goal that failed the build.
JAVADOC = (
    "[INFO] --- maven-javadoc-plugin:2.9.1:jar (attach-javadocs) @ nfe ---\n"
    "[ERROR] /home/ci/nfe/src/main/java/com/x/Nota.java:42: error: self-closing element not allowed\n"
    "[ERROR] * <p/>\n"
    "[INFO] BUILD FAILURE\n"
    "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-javadoc-plugin:2.9.1:jar (attach-javadocs) on "
    "project nfe: MavenReportException: Error while creating archive: Exit code: 1\n"
)

# the same compiler-shaped line when the compiler's goal failed stays a compilation error
JAVAC = (
    "[INFO] --- maven-compiler-plugin:3.3:compile (default-compile) @ checkstyle ---\n"
    "[ERROR] /home/ci/checkstyle/src/main/java/com/x/Check.java:[12,5] cannot find symbol\n"
    "[INFO] BUILD FAILURE\n"
    "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.3:compile (default-compile) on "
    "project checkstyle: Compilation failure\n"
)


def test_a_quality_plugins_goal_decides_that_compiler_shaped_lines_are_its_findings(tmp_path: Path) -> None:
    (javadoc,) = run([write(tmp_path, "javadoc.log", JAVADOC)], tmp_path / "a").jobs
    assert "self-closing element not allowed" in javadoc.failures[0].root.record.message
    assert javadoc.failures[0].classification.category == "lint_error"
    (javac,) = run([write(tmp_path, "javac.log", JAVAC)], tmp_path / "b").jobs
    assert javac.failures[0].classification.category == "compilation_error"


def test_a_wrapper_far_from_every_cause_of_its_log_is_a_failure_of_its_own(tmp_path: Path) -> None:
    noise = "".join(f"[INFO] Running test batch {n}\n" for n in range(400))
    log = (
        "java.lang.NullPointerException: BimBadaboum\n"
        "\tat com.x.Checks.run(Checks.java:12)\n" + noise + "[INFO] BUILD FAILURE\n"
        "[ERROR] Failed to execute goal org.codehaus.mojo:license-maven-plugin:1.16:aggregate-add-third-party "
        "(default-cli) on project java: There are some forbidden licenses used, please check your dependencies.\n"
    )
    (job,) = run([write(tmp_path, "mvn.log", log)], tmp_path).jobs
    exception, wrapper = job.failures  # a cause leads; the wrapper is primary only when nothing else exists
    assert exception.root.record.exception_type.endswith("NullPointerException")
    assert [e.link for e in exception.evidence] == [Link.ROOT]
    assert wrapper.root.record.message.startswith("Failed to execute goal org.codehaus.mojo:license-maven")
    assert wrapper.classification.category == "lint_error"


# pytest's report of a module it could not import (pytest 3 wording): its own AttributeError, then, while
# handling it, the SyntaxError of the module under test.
COLLECTION = """==================================== ERRORS ====================================
___________________ ERROR collecting mypy/test/testcheck.py ____________________
../site-packages/_pytest/python.py:209: in fget
    return self._obj
E   AttributeError: 'Module' object has no attribute '_obj'

During handling of the above exception, another exception occurred:
../site-packages/_pytest/python.py:411: in _importtestmodule
    mod = self.fspath.pyimport(ensuresyspath=importmode)
mypy/plugin.py:7: in <module>
    import mypy.plugins.attrs
E     File "/home/travis/build/python/mypy/mypy/plugins/attrs.py", line 74
E       types: List[Type] = []
E            ^
E   SyntaxError: invalid syntax
!!!!!!!!!!!!!!!!!!! Interrupted: 1 errors during collection !!!!!!!!!!!!!!!!!!!
=========================== 1 error in 2.31 seconds ============================
"""


def test_a_syntax_error_while_collecting_tests_is_the_root(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "pytest.log", COLLECTION)], tmp_path).jobs
    first = job.failures[0]
    assert first.classification.category == "compilation_error"
    assert "SyntaxError" in [e.occurrence.record.exception_type for e in first.evidence]


def _key(message: str, role: Role = Role.CAUSE, **fields: Any) -> tuple[int, int, int]:
    occ: Occurrence = occurrence("fp", message, role=role, **fields)
    return primary_key(occ, 0, {}, load_taxonomy("ci"))


def test_unknown_causes_with_an_exception_location_or_test_rank_before_bare_error_words() -> None:
    bare = _key("something failed badly")
    assert _key("FooError: it broke", exception_type="FooError") < bare
    assert _key("it broke", test_id="tests/test_a.py::test_b") < bare
    assert _key("something failed badly", role=Role.SYMPTOM) > bare
