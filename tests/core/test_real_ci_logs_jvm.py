"""Real JVM and Python build logs of the Travis / GitHub Actions era, end to end (rules only): the right
category per failed job (test, compilation, dependency, lint, infrastructure, configuration) and the line it
is read from, for Maven, Gradle, sbt, tox and pip outputs the other sets did not cover.

Each sample is trimmed to the part around the failure, with its origin in the comment above it (read_file ids
are files of the stored public repositories the search tools read).
"""

from __future__ import annotations

from pathlib import Path

from classifier.link.verdict import Verdict, line_verdict
from tests.core.ci_logs import failures_of as _failures

# --- Gradle: the deepest `> cause` is the failure, on its own line -------------------------------------------

# https://github.com/LocativeHQ/Locative-Android/issues/9 (Travis: the unresolved artifact nested under
# `* What went wrong:`; the searched repository's host is replaced by an example one)
GRADLE_HEADER = """\
FAILURE: Build failed with an exception.
* What went wrong:
A problem occurred configuring project ':app'.
> Could not resolve all dependencies for configuration ':app:_debugCompile'.
   > Could not find com.google.android.gms:play-services-location:8.3.0.
     Searched in the following locations:
         https://registry.example.org/maven2/com/google/android/gms/play-services-location/8.3.0/play-services-location-8.3.0.pom
     Required by:
         android-app:app:unspecified
* Try:
"""

# https://github.com/xcodebuild/RecyclerViewSwipeDismiss/issues/1 (the paste starts below the FAILURE line:
# the resolution failure's own cause is nested under it)
GRADLE_NO_FAILURE_LINE = """\
* What went wrong:
A problem occurred configuring project ':app'.
> A problem occurred configuring project ':library'.
   > Could not resolve all dependencies for configuration ':library:_debugCompile'.
      > Could not find com.android.support:appcompat-v7:22.1.1.
        Searched in the following locations:
            https://jcenter.bintray.com/com/android/support/appcompat-v7/22.1.1/appcompat-v7-22.1.1.pom
        Required by:
            RecyclerViewSwipeDismiss:library:unspecified
"""


def test_gradle_block_is_read_at_its_deepest_cause(tmp_path: Path) -> None:
    [header] = _failures(tmp_path, GRADLE_HEADER, "header.log")
    assert header.root.record.message == "Could not find com.google.android.gms:play-services-location:8.3.0."
    assert header.root.record.line_start == 5  # not the FAILURE line of the block
    assert header.classification.category == "dependency_error"
    [nested] = _failures(tmp_path, GRADLE_NO_FAILURE_LINE, "nested.log")
    assert nested.root.record.message == "Could not find com.android.support:appcompat-v7:22.1.1."
    assert nested.root.record.line_start == 5
    assert nested.classification.category == "dependency_error"


# read_file id 46888151753 (a Travis build of SpongePowered/SpongeAPI: Gradle's old console prints the task's
# first output line on its `:compileJava` line)
GRADLE_GLUED_TASK = """\
:compileJava/home/travis/build/SpongePowered/SpongeAPI/src/main/java/org/spongepowered/api/data/merge/\
MergeFunction.java:93: error: incompatible types: invalid functional descriptor for lambda expression
return (a, b) -> that.merge(self.merge(a, b), b);
^
"""

# https://github.com/TouK/sputnik/issues/59 is alike; read_file id 2179915996 (a Gradle tutorial: a task name
# that matches two tasks)
GRADLE_AMBIGUOUS = """\
FAILURE: Build failed with an exception.

* What went wrong:
Task 'd' is ambiguous in root project 'openApiTest'. Candidates are: 'dependencies', 'dist'.

* Try:
Run gradle tasks to get a list of available tasks. Run with --stacktrace option to get the stack trace. Run with \
--info or --debug option to get more log output.

BUILD FAILED
"""


def test_gradle_task_output_and_task_selection(tmp_path: Path) -> None:
    [glued] = _failures(tmp_path, GRADLE_GLUED_TASK, "glued.log")
    assert glued.root.record.message.startswith("incompatible types: invalid functional descriptor")
    assert glued.root.record.location is not None and glued.root.record.location.line == 93
    assert glued.classification.category == "compilation_error"
    [ambiguous] = _failures(tmp_path, GRADLE_AMBIGUOUS, "ambiguous.log")
    assert ambiguous.classification.category == "configuration_error"


# --- Maven ---------------------------------------------------------------------------------------------------

# read_file id 14038177832 (a Travis job's surefire 2 results quoted in a log reader's notes)
SUREFIRE_FAILED_TESTS = """\
Results :

Failed tests:
  MigrationStepModuleTest.verify_count_of_added_MigrationStep_types:32 expected:<13[5]> but was:<13[2]>

Tests run: 1246, Failures: 1, Errors: 0, Skipped: 0
"""


def test_surefire_failed_test_is_read_at_its_entry(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SUREFIRE_FAILED_TESTS)
    assert failure.root.record.message == "expected:<13[5]> but was:<13[2]>"
    assert failure.root.record.line_start == 4  # the entry, not the `Failed tests:` header
    assert failure.classification.category == "assertion_failure"


# read_file id 37510779335 (a release note: maven-javadoc-plugin glues javadoc's own error to its exit code)
JAVADOC_MODULES = """\
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-javadoc-plugin:3.0.1:jar (attach-javadocs) on project \
ldp-testsuite: MavenReportException: Error while generating Javadoc:
[ERROR] Exit code: 1 - javadoc: error - The code being documented uses modules but the packages defined in \
https://docs.oracle.com/javase/8/docs/api/ are in the unnamed module.
"""

# https://github.com/k3po/k3po/issues/64 (a doc comment's tag javadoc does not know, after the exit code)
JAVADOC_TAG = """\
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-javadoc-plugin:2.9.1:jar (default) on project \
robot-maven-plugin: MavenReportException: Error while creating archive:
[ERROR] Exit code: 1 - /Users/satkinson/Work/github/forks/robot/robot-maven-plugin/src/main/java/org/kaazing/robot/\
maven/plugin/AbstractRobotMojo.java:37: error: unknown tag: parameter
"""


def test_javadoc_error_after_the_plugins_exit_code_is_the_cause(tmp_path: Path) -> None:
    [modules] = _failures(tmp_path, JAVADOC_MODULES, "modules.log")
    assert modules.root.record.message.startswith("The code being documented uses modules")
    assert modules.root.record.line_start == 2
    assert modules.classification.category == "lint_error"
    [tag] = _failures(tmp_path, JAVADOC_TAG, "tag.log")
    assert tag.root.record.message == "unknown tag: parameter"
    assert tag.classification.category == "lint_error"


# https://github.com/uber/uReplicator/issues/310 (Maven's error summary names the error without a goal)
MAVEN_HEAP = """\
[INFO] Building jar: /opt/uReplicator/uReplicator-Distribution/target/uReplicator-Distribution-2.0.0.1-HOTFIX-jar-\
with-dependencies.jar
Cleaning up unclosed ZipFile for archive /root/.m2/repository/org/scalatest/scalatest_2.11/2.2.5/\
scalatest_2.11-2.2.5.jar
[ERROR] Java heap space -> [Help 1]
[ERROR]
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
"""


def test_maven_error_summary_is_the_cause_and_a_failure_verdict(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MAVEN_HEAP)
    assert failure.root.record.message == "Java heap space -> [Help 1]"
    assert failure.classification.category == "resource_exhaustion"
    # after a `BUILD SUCCESS` (the JVM failed once Maven printed it) the summary still says the build failed
    assert line_verdict("[ERROR] Java heap space -> [Help 1]") is Verdict.FAILURE


# https://github.com/sevntu-checkstyle/sevntu.checkstyle/issues/836 (Travis: the xml-maven-plugin's format
# check; the goal's line as Maven printed it, the log's wrapped lines above it trimmed)
XML_FORMAT = """\
[INFO] BUILD FAILURE
[ERROR] Failed to execute goal org.codehaus.mojo:xml-maven-plugin:1.0.2:check-format (default) on project checkstyle: \
There are XML formatting violations. Check the above log for details. -> [Help 1]
"""


def test_format_check_goal_is_lint(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, XML_FORMAT)
    assert failure.classification.category == "lint_error"


# --- sbt -----------------------------------------------------------------------------------------------------

# read_file id 1899862064 (a workshop's README: `sbt test` with failing ScalaTest specs)
SBT_TESTS = """\
[error] Failed tests:
[error] \tcom.kduggan.spark.worldcup.Ex2TopClubSpec
[error] \tcom.kduggan.spark.worldcup.Ex1PlayerCountSpec
[error] (test:test) sbt.TestsFailedException: Tests unsuccessful
[error] Total time: 12 s, completed 19-Oct-2016 10:30:44
"""

# read_file id 33626666854 (a question on ScalaMock under `sbt test`: sbt's verdict of the test sources' compile
# task, the compiler's message above it trimmed)
SBT_TEST_COMPILE = """\
[error] one error found
[error] (test:compile) Compilation failed
[error] Total time: 4 s, completed 14/01/2013 1:26:57 PM
"""


def test_sbt_test_and_compile_verdicts(tmp_path: Path) -> None:
    tests = _failures(tmp_path, SBT_TESTS, "tests.log")
    assert tests and tests[0].classification.category == "assertion_failure"
    [compile] = _failures(tmp_path, SBT_TEST_COMPILE, "compile.log")
    assert compile.classification.category == "compilation_error"


# --- Python: tox and pip -------------------------------------------------------------------------------------

# read_file id 29198294364 (dotapatch's notes on running tox; the README's code-block indentation removed)
TOX_INTERPRETER = """\
$ tox
GLOB sdist-make: /home/arthurazs/git/dotapatch/setup.py
py33 create: /home/arthurazs/git/dotapatch/.tox/py33
ERROR: InterpreterNotFound: python3.3
"""

# https://github.com/KSP-KOS/KOS/issues/1885 (Travis: pip 6's wording of a requirement it cannot find)
PIP_OLD = """\
pip install --user $USER sphinx_rtd_theme
You are using pip version 6.0.8, however version 9.0.1 is available.
You should consider upgrading via the 'pip install --upgrade pip' command.
Collecting travis
  Could not find any downloads that satisfy the requirement travis
  No distributions at all found for travis
"""


def test_tox_interpreter_and_old_pip_wording(tmp_path: Path) -> None:
    [interpreter] = _failures(tmp_path, TOX_INTERPRETER, "tox.log")
    assert interpreter.root.record.message.endswith("InterpreterNotFound: python3.3")
    assert interpreter.classification.category == "configuration_error"
    [pip] = _failures(tmp_path, PIP_OLD, "pip.log")
    assert "travis" in pip.root.record.message
    assert pip.classification.category == "dependency_error"


# --- the job's own command and an assertion's message below its type ----------------------------------------

# read_file id 47302572437 (a blog's Travis log: the job's script is not executable; Travis' stage script
# reports it)
TRAVIS_NOT_EXECUTABLE = """\
$ ./publish-to-gh-pages.sh
/home/travis/.travis/job_stages: line 57: ./publish-to-gh-pages.sh: Permission denied
"""

# read_file id 63537041920 (a pull request's notes: AssertJ prints its message below the exception's name)
ASSERTJ = """\
java.lang.AssertionError:
Expecting actual throwable to be an instance of:
  java.lang.IllegalStateException
but was:
  java.lang.IllegalArgumentException: request does not match investigation
"""


def test_unstartable_job_command_and_assertion_message_below(tmp_path: Path) -> None:
    [script] = _failures(tmp_path, TRAVIS_NOT_EXECUTABLE, "travis.log")
    assert script.root.record.message.endswith("./publish-to-gh-pages.sh: Permission denied")
    assert script.classification.category == "configuration_error"
    [assertion] = _failures(tmp_path, ASSERTJ, "assertj.log")
    assert assertion.root.record.message == (
        "java.lang.AssertionError: Expecting actual throwable to be an instance of:"
    )
    assert assertion.classification.category == "assertion_failure"


# https://github.com/eirslett/frontend-maven-plugin/issues/694 (the plugin's npm was killed: SIGKILL's 137)
PLUGIN_KILLED = """\
[ERROR] Failed to execute goal com.github.eirslett:frontend-maven-plugin:1.0:npm (npm install) on project \
atlas-dashboardv2: Failed to run task: 'npm install' failed. (error code 137) -> [Help 1]
"""


def test_a_plugins_killed_process_is_the_machines_memory(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PLUGIN_KILLED)
    assert failure.classification.category == "resource_exhaustion"
