"""Shapes earlier held-out sets missed, end to end (rules only), each on a trimmed real sample from a source
other than those sets (origin above each; read_file ids are files of the stored public repositories the
search tools read).
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract import judge
from classifier.extract.prefix import strip_prefix
from tests.core.ci_logs import failures_of as _failures

# --- Gradle's --debug / --info layout: timestamp, level, logger, then the line ----------------------------------

# read_file id 26486978008 (jump.android README, "Typical Misconfiguration Errors": `gradle --debug` output)
GRADLE_DEBUG = """\
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter]
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] FAILURE: Build failed with an exception.
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter]
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] * What went wrong:
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] Execution failed for task ':fabricGenerateResourcesDebug'.
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] > Crashlytics Developer Tools error.
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter]
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] * Exception is:
10:54:59.243 [ERROR] [org.gradle.BuildExceptionReporter] org.gradle.api.tasks.TaskExecutionException: \
Execution failed for task ':fabricGenerateResourcesDebug'.
10:54:59.248 [ERROR] [org.gradle.BuildExceptionReporter] Caused by: java.lang.IllegalArgumentException: \
Crashlytics found an invalid API key: UPDATE.
"""


def test_gradle_debug_prefix_is_stripped_with_its_level() -> None:
    # https://github.com/flutter/flutter/issues/90192 (GitHub Actions' timestamp, then Gradle's ISO one)
    line = (
        "2021-09-16T10:07:53.4636012Z 2021-09-16T10:07:52.236+0000 [ERROR] "
        "[org.gradle.internal.buildevents.BuildExceptionReporter] \tat org.gradle.tooling.internal.provider."
        "StartParamsValidatingActionExecuter.execute(StartParamsValidatingActionExecuter.java:31)"
    )
    stripped = strip_prefix(line)
    assert stripped.text.startswith("\tat org.gradle.tooling.")
    assert stripped.level == "ERROR"
    # Maven's help reference is no logger: its tag stays for the Maven matchers
    assert (
        strip_prefix("[ERROR] [Help 1] http://cwiki.apache.org/x").text == "[ERROR] [Help 1] http://cwiki.apache.org/x"
    )


def test_gradle_debug_failure_is_read_like_the_plain_console(tmp_path: Path) -> None:
    failures = _failures(tmp_path, GRADLE_DEBUG)
    first = failures[0].root.record
    assert first.message == "Crashlytics Developer Tools error."
    assert first.line_start == 6
    assert not any("org.gradle.BuildExceptionReporter" in f.root.record.message for f in failures)


# --- Gradle's block copied double-spaced (a blank line after each) ------------------------------------------------

# read_file id 9197037668 (a Travis build of Jamling/QuickAF, as the blog post pasted it)
GRADLE_DOUBLE_SPACED = """\
FAILURE: Build failed with an exception.

* Where:

Build file '/home/travis/build/Jamling/QuickAF/library/build.gradle' line: 12

* What went wrong:

A problem occurred evaluating project ':af-library'.

> Failed to apply plugin [id 'com.android.library']

   > Minimum supported Gradle version is 2.14.1.  Current version is 2.2.1. If using the gradle wrapper, try \
editing the distributionUrl in /home/travis/build/Jamling/QuickAF/gradle/wrapper/gradle-wrapper.properties to \
gradle-2.14.1-all.zip

* Try:

Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output.

BUILD FAILED
"""


def test_double_spaced_gradle_block_is_read_at_its_deepest_cause(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GRADLE_DOUBLE_SPACED)
    record = failure.root.record
    assert record.message.startswith("Minimum supported Gradle version is 2.14.1.")
    assert record.line_start == 13


# --- git describe probing for a version: its refusal is no failure unless the command stops there --------------


def test_git_describe_without_tags_is_a_probe(tmp_path: Path) -> None:
    # https://github.com/RIOT-OS/RIOT/pull/990 (a shallow clone: "the build process spams" it)
    assert _failures(tmp_path, "fatal: No names found, cannot describe anything.\n", "riot.log") == []
    # read_file id 1391700164 (git mailing list: describe, then describe --always, in a terminal)
    session = """\
  $ git describe cfbc47ee2d
  fatal: No tags can describe '83adac3c57ad8cd2c8d44b525414b949950e316d'.
  Try --always, or create some tags.

  $ git describe --always cfbc47ee2d
  83adac3c57:checkout-cache.c
"""
    assert _failures(tmp_path, session, "git.log") == []


def test_git_describe_refusal_that_stops_the_script_is_its_failure(tmp_path: Path) -> None:
    # read_file id 70647284851 (an incident lab: scripts/version.sh in a depth-1 clone exits with git's status)
    log = """\
$ bash scripts/version.sh
fatal: No tags can describe '367b8fb86f55484ce386316098cdbb174a5a65f5'.
Try --always, or create some tags.
[exit status: 128]
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith("fatal: No tags can describe")


# --- pytest's short test summary cut to the terminal's width ------------------------------------------------------

# read_file id 678906501 (pytest's docs, "Verbosity": `pytest --no-header` on test_verbosity_example.py; the
# code block's indentation removed)
PYTEST_CUT_SUMMARY = """\
================================= FAILURES =================================
_____________________________ test_words_fail ______________________________

    def test_words_fail():
        fruits1 = ["banana", "apple", "grapes", "melon", "kiwi"]
        fruits2 = ["banana", "apple", "orange", "melon", "kiwi"]
>       assert fruits1 == fruits2
E       AssertionError: assert ['banana', 'a...elon', 'kiwi'] == ['banana', 'a...elon', 'kiwi']
E
E         At index 2 diff: 'grapes' != 'orange'
E         Use -v to get more diff

test_verbosity_example.py:8: AssertionError
____________________________ test_numbers_fail _____________________________

    def test_numbers_fail():
        number_to_text1 = {str(x): x for x in range(5)}
        number_to_text2 = {str(x * 10): x * 10 for x in range(5)}
>       assert number_to_text1 == number_to_text2
E       AssertionError: assert {'0': 0, '1':..., '3': 3, ...} == {'0': 0, '10'...'30': 30, ...}
E
E         Omitting 1 identical items, use -vv to show
E         Use -v to get more diff

test_verbosity_example.py:14: AssertionError
___________________________ test_long_text_fail ____________________________

    def test_long_text_fail():
        long_text = "Lorem ipsum dolor sit amet " * 10
>       assert "hello world" in long_text
E       AssertionError: assert 'hello world' in 'Lorem ipsum dolor sit amet Lorem ipsum dolor sit amet Lorem ipsum \
dolor sit amet Lorem ipsum dolor sit amet Lorem ips... sit amet Lorem ipsum dolor sit amet Lorem ipsum dolor sit amet \
Lorem ipsum dolor sit amet Lorem ipsum dolor sit amet '

test_verbosity_example.py:19: AssertionError
========================= short test summary info ==========================
FAILED test_verbosity_example.py::test_words_fail - AssertionError: asser...
FAILED test_verbosity_example.py::test_numbers_fail - AssertionError: ass...
FAILED test_verbosity_example.py::test_long_text_fail - AssertionError: a...
======================= 3 failed, 1 passed in 0.12s ========================
"""


def test_cut_summary_rows_are_the_blocks_above(tmp_path: Path) -> None:
    failures = _failures(tmp_path, PYTEST_CUT_SUMMARY)
    messages = sorted(f.root.record.message for f in failures)
    assert len(failures) == 3
    assert not any(message.endswith("...") for message in messages)
    assert {f.root.record.test_id for f in failures} == {
        f"test_verbosity_example.py::{name}" for name in ("test_words_fail", "test_numbers_fail", "test_long_text_fail")
    }


# --- docker 1.x's Dockerfile parser: `Unknown instruction: X` -----------------------------------------------------


def test_docker_1x_unknown_instruction_is_the_build_definition(tmp_path: Path) -> None:
    # https://github.com/distribution/distribution/issues/2777 (docker build . from a directory whose path the
    # parser read as an instruction)
    log = """\
# pwd
/home/test-user/docker
# docker build -t test .
Error response from daemon: Unknown instruction: /HOME/TEST-USER/DOCKER
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "Unknown instruction: /HOME/TEST-USER/DOCKER"
    assert failure.root.record.line_start == 4
    assert failure.classification.category == "configuration_error"
    # https://github.com/kasimon/docker-heartbleed/pull/3 (docker 0.x skipped what it did not know and went on)
    skipped = """\
Step 0 : <!DOCTYPE html>
# Skipping unknown instruction <!DOCTYPE
Step 1 : <html class="   ">
# Skipping unknown instruction <HTML
"""
    assert _failures(tmp_path, skipped, "skipped.log") == []


# --- the classic builder's step line over the tool verdict inside the step -------------------------------------

# https://github.com/stoerr/GrokConstructor/issues/22 (also ../fresh-misses d01, a dev sample since)
CLASSIC_OVER_MAVEN = """\
[INFO] Final Memory: 14M/33M
[INFO] ------------------------------------------------------------------------
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:2.12.4:test (default-test) on \
project GrokConstructor: There are test failures.
[ERROR]
[ERROR] Please refer to /usr/src/app/target/surefire-reports for the individual test results.
[ERROR] -> [Help 1]
[ERROR]
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
[ERROR] Re-run Maven using the -X switch to enable full debug logging.
[ERROR]
[ERROR] For more information about the errors and possible solutions, please read the following articles:
[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException
The command '/bin/sh -c mvn install' returned a non-zero code: 1
"""


def test_tool_verdict_inside_a_classic_build_step_leads(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CLASSIC_OVER_MAVEN)
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "assertion_failure"


# --- Sphinx's `Warning, treated as error:` over the warning it stopped on ------------------------------------------

# read_file id 27485722152 (qemu-devel mail, a bisection's make output: Sphinx 1.x prints the warning bare; the
# mail's quoted-printable soft break is kept as it was stored)
SPHINX_BARE = """\
  CC      stubs/semihost.o
  CC      qemu-keymap.o
  CC      util/filemonitor-stub.o

Warning, treated as error:
/build/qemu-bisect/src/qemu/docs/interop/bitmaps.rst:202:Could not lex lite=
ral_block as "json". Highlighting skipped.
  CC      ui/input-keymap.o
  CC      contrib/elf2dmp/main.o
"""


def test_sphinx_warning_treated_as_error_is_read_from_the_warning(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SPHINX_BARE)
    record = failure.root.record
    assert record.message == "Could not lex lite="
    assert record.line_start == 6
    assert record.location is not None and record.location.file.endswith("docs/interop/bitmaps.rst")
    assert record.location.line == 202
    assert failure.classification.category == "lint_error"


# --- pylint 1.x's text rows: `E:  1, 0: msg (symbol)` under `************* Module x` ------------------------------

# read_file id 41198934686 (a project's pylint 1.x report; the rows of its last module)
PYLINT1 = """\
************* Module lib.textfile
C: 14, 0: Trailing newlines (trailing-newlines)
C:  4, 0: Missing function docstring (missing-docstring)
************* Module lib.xmlextension
C: 32, 0: Exactly one space required before comparison
        node.tag  == 'name':
                  ^^ (bad-whitespace)
W: 33, 0: Bad indentation. Found 12 spaces, expected 8 (bad-indentation)
C: 62, 0: Trailing newlines (trailing-newlines)
C:  1, 0: Missing module docstring (missing-docstring)
E:  1, 0: Unable to import 'lxml' (import-error)
W:  5,-1: String statement has no effect (pointless-string-statement)
C:  7, 0: Missing function docstring (missing-docstring)
"""


def test_pylint1_error_row_is_read_under_its_module(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PYLINT1)
    record = failure.root.record
    assert record.message == "Unable to import 'lxml' (import-error)"
    assert record.line_start == 11
    assert record.location is not None and (record.location.file, record.location.line) == ("lib/xmlextension.py", 1)
    # read_file id 397822759 (pylint 1.x's own test expectation): warning and convention rows only, no error
    rows = """\
************* Module test_pylintrc_comments
W:  2, 0: Bad indentation. Found 1 spaces, expected 4 (bad-indentation)
C:  1, 0: Missing module docstring (missing-docstring)
C:  1, 0: Missing function docstring (missing-docstring)
"""
    assert _failures(tmp_path, rows, "conventions.log") == []


# --- GitLab's job time limit: the step it stopped -----------------------------------------------------------------


def test_gitlab_time_limit_is_a_timeout_of_the_running_step(tmp_path: Path) -> None:
    # read_file id 68440226185 (a platform's kaniko build docs, "Job timeout": the job log's last lines)
    log = """\
INFO[0154] Taking snapshot of full filesystem...
WARNING: step_script could not run to completion because the timeout was exceeded. For more control over job and \
script timeouts see: https://docs.gitlab.com/ee/ci/runners/configure_runners.html#set-script-and-after_script-timeouts
ERROR: Job failed: execution took longer than 2h0m0s seconds
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "step_script could not run to completion because the timeout was exceeded"
    assert failure.root.record.line_start == 2
    assert failure.classification.category == "timeout"
    assert {item.occurrence.record.line_start for item in failure.evidence} >= {2, 3}


# --- a licensed compiler without its licence ----------------------------------------------------------------------


def test_compiler_licence_checkout_is_the_runners_setup(tmp_path: Path) -> None:
    # https://github.com/E3SM-Project/scream/pull/1820 (the autotester's Intel build)
    icpc = """\
icpc: error #10052: could not checkout FLEXlm license
gmake[2]: *** [src/diagnostics/tests/potential_temperature] Error 1
"""
    [failure] = _failures(tmp_path, icpc, "icpc.log")
    assert failure.root.record.message.endswith("could not checkout FLEXlm license")
    assert failure.classification.category == "configuration_error"
    # https://github.com/peng-zhihui/L-ink_Card/issues/64 (Keil MDK's ARM Compiler 5)
    armcc = """\
compiling app_nfc.c...
Error: C9555E: Failed to check out a license.LICENSE ERROR (R207(2): REGISTRY READ ERROR)
"""
    [keil] = _failures(tmp_path, armcc, "armcc.log")
    assert keil.classification.category == "configuration_error"


# --- a compiler's note is part of its diagnostic; the classic builder's record starts at its telling line --------


def test_compiler_note_is_no_cause_of_its_own() -> None:
    # read_file id 21284395 (gotk3 systray README: the deprecation warnings its cgo build prints)
    note = "/usr/include/gtk-3.0/gtk/gtkfontbutton.h:96:23: note: declared here"
    warning = (
        "cgo-gcc-prolog:5455:2: warning: ‘gtk_font_button_get_font_name’ is deprecated [-Wdeprecated-declarations]"
    )
    assert judge.tier(note)[0] == judge.tier(warning)[0] == 0


def test_classic_build_record_starts_at_the_line_it_tells(tmp_path: Path) -> None:
    # https://github.com/jhipster/jhipster-registry/issues/377 (the step's only output line, then the builder's)
    log = """\
/bin/sh: 1: ./mvnw: not found
The command '/bin/sh -c apt-get update &&     apt-get install build-essential -y &&     cd /code/ &&     rm -Rf \
target node_modules &&     chmod +x /code/mvnw &&     sleep 1 &&     JHI_DISABLE_WEBPACK_LOGS=true ./mvnw package -ntp \
-Pprod -DskipTests &&     mv /code/target/*.jar /jhipster-registry.jar &&     apt-get clean &&     rm -Rf /code/ \
/root/.m2 /root/.cache /tmp/* /var/lib/apt/lists/* /var/tmp/*' returned a non-zero code: 127
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.line_start == 1
    assert failure.root.record.message == "/bin/sh: 1: ./mvnw: not found"


# --- pip's verdict on a package's build under the compiler's error ------------------------------------------------


def test_pip_wheel_verdict_is_the_compilers_failure(tmp_path: Path) -> None:
    # read_file id 14028792978 (notes on installing espnet: pip 23 building pyworld without cc1plus)
    log = """\
    gcc: fatal error: cannot execute ‘cc1plus’: execvp: No such file or directory
    compilation terminated.
    error: command '/usr/bin/gcc' failed with exit code 1
    [end of output]

    note: This error originates from a subprocess, and is likely not a problem with pip.
    ERROR: Failed building wheel for pyworld
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.line_start == 1
    assert 7 in {item.occurrence.record.line_start for item in failure.evidence}


def test_javac_older_than_the_release_asked_for_is_the_runners_jdk(tmp_path: Path) -> None:
    # read_file id 10512326299 (chartsy README, "building project with Maven")
    log = """\
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.8.1:compile (default-compile) on \
project chartsy-core:
  Fatal error compiling: error: invalid target release: 17 -> [Help 1]
"""
    [failure] = _failures(tmp_path, log)
    assert failure.classification.category == "configuration_error"
