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


# numpy/numpy#9671 (an AppVeyor log quoted in the issue): numpy's test suite turns RuntimeWarning into an
# error, so the warning ended the test; unittest's summary lines and Travis's step marker after it are those
# tools' documented formats.
WARNING_AS_ERROR = r"""======================================================================
ERROR: numpy.ma.tests.test_core.TestMaskedArrayMathMethods.test_varstd_specialcases
----------------------------------------------------------------------
Traceback (most recent call last):
  File "C:\Python34-x64\lib\site-packages\nose\case.py", line 198, in runTest
    self.test(*self.arg)
  File "C:\Python34-x64\lib\site-packages\numpy\ma\tests\test_core.py", line 3625, in test_varstd_specialcases
    method(out=nout)
  File "C:\Python34-x64\lib\site-packages\numpy\ma\core.py", line 5212, in std
    np.power(out, 0.5, out=out, casting='unsafe')
RuntimeWarning: invalid value encountered in power
----------------------------------------------------------------------
Ran 6223 tests in 139.105s

FAILED (SKIP=16, errors=1)

The command "python runtests.py" exited with 1.
"""


def test_a_warning_a_failed_test_raised_is_its_failure_not_noise(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "numpy.log", WARNING_AS_ERROR)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.exception_type == "RuntimeWarning"
    assert failure.root.record.test_id.endswith("test_varstd_specialcases")
    assert failure.evidence[0].link is Link.ROOT


# A Travis job log (steps echoed as `$ cmd`, a failed one closed by `The command "cmd" exited with N.`): the
# apt-get update of travis-ci/travis-ci#8507, whose fetch warnings the job went on from, then the failing
# test of pytest's "Get Started" page.
TRAVIS_STEPS = """$ sudo apt-get update
W: Failed to fetch http://ppa.launchpad.net/couchdb/stable/ubuntu/dists/trusty/InRelease  Could not connect to ppa.launchpad.net:80 (91.189.95.83), connection timed out
Reading package lists... Done
$ pip install -r requirements.txt
Successfully installed pytest-8.3.3
$ pytest
============================= test session starts ==============================
collected 1 item

test_sample.py F                                                         [100%]

=================================== FAILURES ===================================
_________________________________ test_answer __________________________________

    def test_answer():
>       assert func(3) == 5
E       assert 4 == 5
E        +  where 4 = func(3)

test_sample.py:6: AssertionError
=========================== short test summary info ============================
FAILED test_sample.py::test_answer - assert 4 == 5
============================== 1 failed in 0.12s ===============================
The command "pytest" exited with 1.

Done. Your build exited with 1.
"""  # noqa: E501


def test_an_error_of_a_step_the_job_went_on_from_is_not_the_primary(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "travis.log", TRAVIS_STEPS)], tmp_path).jobs
    primary, *others = job.failures
    assert primary.root.record.step == "pytest"
    assert "assert 4 == 5" in primary.root.record.message
    assert any(e.occurrence.record.message.startswith("The command") for e in primary.evidence)
    fetch = [f for f in others if "Failed to fetch" in f.root.record.message]
    assert fetch and fetch[0].root.record.step == "sudo apt-get update"  # still reported, after the cause


# liljencrantz/crush#40: cargo's wrapper for a build script that failed, and the script's own panic under it.
CARGO_BUILD_SCRIPT = """   Compiling crush v0.1.0 (/home/user1/VirtualHome/src/crush)
error: failed to run custom build command for `crush v0.1.0 (/home/user1/VirtualHome/src/crush)`

Caused by:
  process didn't exit successfully: `/home/user1/VirtualHome/src/crush/target/debug/build/crush-f42c0eeebe85968a/build-script-build` (exit code: 101)
  --- stdout
  processing file `/home/user1/VirtualHome/src/crush/src/lang/lalrparser.lalrpop`

  --- stderr
  thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }', build.rs:5:66
  note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
"""  # noqa: E501


def test_a_build_scripts_panic_is_the_root_and_the_build_wrapper_says_what_failed(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "cargo.log", CARGO_BUILD_SCRIPT)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("called `Result::unwrap()`")
    wrappers = [e.occurrence.record.message for e in failure.evidence if e.link is Link.WRAPPER]
    assert any("custom build command" in message for message in wrappers)
    assert failure.classification.category == "compilation_error"  # the build failed, not the program


# oggy/respec#13: an RSpec failure, then RSpec's `Failed examples:` recap of it (its rerun command).
RSPEC = """F

Failures:

  1) test fails
     Failure/Error: expect(1).to eq(2)

       expected: 2
            got: 1

       (compared using ==)
     # ./test_spec.rb:3:in `block (2 levels) in <top (required)>'

Finished in 0.01463 seconds (files took 0.0815 seconds to load)
1 example, 1 failure

Failed examples:

rspec ./test_spec.rb:2 # test fails
"""


def test_a_runners_recap_is_not_the_root_of_the_failure_it_reports(tmp_path: Path) -> None:
    (rspec,) = run([write(tmp_path, "rspec.log", RSPEC)], tmp_path).jobs
    (failure,) = rspec.failures
    assert failure.root.record.message == "Failure/Error: expect(1).to eq(2)"
    assert any(e.link is Link.SYMPTOM and e.occurrence.record.message.startswith("rspec ") for e in failure.evidence)


# stepjam/PyRep#116 (pasted unittest output): unittest's loader reports a test module it could not import as
# `ImportError: Failed to import test module: X`, then the traceback of the import, ending with its real error.
UNITTEST_IMPORT = """======================================================================
ERROR: test_vision_sensors (unittest.loader._FailedTest)
----------------------------------------------------------------------
ImportError: Failed to import test module: test_vision_sensors
Traceback (most recent call last):
  File "/home/wkentaro/xxxx/.anaconda3/lib/python3.7/unittest/loader.py", line 436, in _find_test_path
    module = self._get_module_from_name(name)
  File "/home/wkentaro/xxxx/.anaconda3/lib/python3.7/unittest/loader.py", line 377, in _get_module_from_name
    __import__(name)
  File "/home/wkentaro/xxxx/src/pyrep/tests/test_vision_sensors.py", line 2, in <module>
    from tests.core import TestCore
ModuleNotFoundError: No module named 'tests.core'


----------------------------------------------------------------------
Ran 1 test in 0.000s

FAILED (errors=1)
"""


def test_unittests_failed_import_wraps_the_error_that_ends_its_traceback(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "unittest.log", UNITTEST_IMPORT)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message == "ModuleNotFoundError: No module named 'tests.core'"
    links = {e.occurrence.record.message: e.link for e in failure.evidence}
    assert links["ImportError: Failed to import test module: test_vision_sensors"] is Link.WRAPPER
