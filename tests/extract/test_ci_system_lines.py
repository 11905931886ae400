"""A CI system's own error lines in its raw logs, with the system's native prefixes kept.

Trimmed real samples (origin in a comment): mozharness and Taskcluster logs (`[task ISO] HH:MM:SS  LEVEL - `,
`[taskcluster:error]`), where the logger's level word, the harness's `TEST-UNEXPECTED-*` / `PROCESS-CRASH`
line or the worker's error tag marks the error line; every such line is an error record of its own.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.extract.prefix import strip_prefix
from classifier.model import ErrorRecord, Severity
from tests.extract.helpers import bytes_doc


def _errors(log: str) -> dict[int, ErrorRecord]:
    records = extract_document(bytes_doc("live.log", log.encode())).records
    return {r.line_start or 0: r for r in records if r.severity is Severity.ERROR}


# https://github.com/mozilla/activity-stream/issues/3826 (Taskcluster live log of a talos job)
PROCESS_CRASH = """\
[task 2017-11-07T20:09:24.851Z] 20:09:24     INFO -  PROCESS-CRASH | tp5o_webext | application crashed [@ libc-2.23.so + 0x35428]
[task 2017-11-07T20:09:24.852Z] 20:09:24     INFO -  Crash dump filename: /tmp/tmpEOfFTQ/profile/minidumps/3804c9ff.dmp
[task 2017-11-07T20:09:24.853Z] 20:09:24     INFO -  Operating system: Linux
[task 2017-11-07T20:09:24.857Z] 20:09:24     INFO -  Crash reason:  SIGABRT
"""  # noqa: E501


def test_process_crash_line_is_a_crash_of_the_test() -> None:
    found = _errors(PROCESS_CRASH)
    assert list(found) == [1]
    record = found[1]
    assert (record.code, record.test_id, record.tool_hint) == ("PROCESS-CRASH", "tp5o_webext", "crash")
    assert record.message == "application crashed [@ libc-2.23.so + 0x35428]"


# https://github.com/firefox-devtools/debugger/issues/5965 (mozharness mochitest log: the harness logs its
# TEST-UNEXPECTED-FAIL lines at ERROR level, every other line at INFO)
MOCHITEST = """\
00:05:15     INFO -  Buffered messages finished
00:05:15    ERROR -  17 INFO TEST-UNEXPECTED-FAIL | devtools/client/debugger/new/test/mochitest/browser_dbg-browser-content-toolbox.js | Test timed out -
00:05:15     INFO -  18 INFO Removing tab.
00:05:15     INFO -  22 INFO TEST-OK | devtools/client/debugger/new/test/mochitest/browser_dbg-browser-content-toolbox.js | took 45122ms
00:05:15     INFO -  Not taking screenshot here: see the one that was previously logged
00:05:15    ERROR -  24 INFO TEST-UNEXPECTED-FAIL | devtools/client/debugger/new/test/mochitest/browser_dbg-browser-content-toolbox.js | Found a tab after previous test timed out: about:blank -
"""  # noqa: E501


def test_mozharness_error_lines_are_records_and_info_lines_are_not() -> None:
    found = _errors(MOCHITEST)
    assert sorted(found) == [2, 6]
    assert found[6].message.startswith("Found a tab after previous test timed out")


# https://github.com/taskcluster/community-tc-config/pull/276 (docker-worker live log) and
# https://github.com/servo/servo/pull/22459 (generic-worker): the worker's own `[taskcluster:error]` tag
WORKER = """\
[taskcluster:error] Docker configuration could not be created.  This may indicate an authentication error when validating scopes necessary for running the task.
 TypeError: taskVolumeBindings is not iterable
    at buildVolumeBindings (/home/ubuntu/docker-worker/src/lib/task.js:101:26)
    at runMicrotasks (<anonymous>)
[taskcluster:error] TASK FAILURE during artifact upload: file-missing-on-worker: Could not read file '/Users/worker/tasks/task_1544801404/repo/filtered-wpt-errorsummary.log'
"""  # noqa: E501


def test_worker_error_tag_marks_an_error_line() -> None:
    assert strip_prefix("[taskcluster:error] TASK FAILURE").level == "ERROR"
    assert strip_prefix("[taskcluster:warn] slow").level == "WARNING"
    found = _errors(WORKER)
    assert {1, 5} <= set(found)
    assert found[1].message.startswith("Docker configuration could not be created.")
    assert found[5].message.startswith("TASK FAILURE during artifact upload")


def test_level_tag_in_brackets_alone_is_not_a_logged_error() -> None:
    # Maven's `[ERROR]` tag is read by Maven's own matchers; an empty one is noise, not an error line
    assert _errors("[INFO] Building x 1.0\n[ERROR] \n[ERROR] -> [Help 1]\n") == {}


# https://github.com/mozilla/geckodriver/issues/506 (Gecko's NS_ABORT under its process tag) and
# https://github.com/mozilla/spidernode/issues/343 (MOZ_ASSERT's message in a test run)
GECKO = """\
[Child 37064] ###!!! ABORT: Aborting on channel error.: file /builds/slave/m-rel-m64-00000000000000000000/build/src/ipc/glue/MessageChannel.cpp, line 2056
AssertionError: debugger did not pause on exception
Assertion failure: !joinable(), at /Users/myk/Projects/spidernode/deps/spidershim/spidermonkey/js/src/threading/Thread.h:122
"""  # noqa: E501


def test_gecko_abort_and_assertion_are_crashes_with_their_place() -> None:
    found = _errors(GECKO)
    abort, assertion = found[1], found[3]
    assert (abort.exception_type, abort.tool_hint) == ("abort", "crash")
    assert abort.location is not None and (abort.location.line, abort.message[:13]) == (2056, "###!!! ABORT:")
    assert assertion.exception_type == "assertion" and assertion.location is not None
    assert (assertion.location.file.endswith("Thread.h"), assertion.location.line) == (True, 122)


# https://github.com/ManchildProductions/Male-Poon/issues/13 (mach: elapsed time before each line)
MACH = """\
 0:08.68 ERROR: Cannot find project application/xulrunner
 0:08.71 *** Fix above errors and then restart with\\
 0:08.71                "c:/mozilla-build/bin/mozmake.EXE -f client.mk build"
 0:08.72 mozmake.EXE: *** [client.mk;370: configure] Error 1
"""


def test_mach_elapsed_time_is_a_prefix() -> None:
    assert strip_prefix("90:45.12 make[5]: *** [x] Error 1").text == "make[5]: *** [x] Error 1"
    assert strip_prefix(" 0:08.68 ERROR: Cannot find project").level == "ERROR"
    assert set(_errors(MACH)) == {1, 4}


# CI systems' own verdict lines, each a symptom record of its own: TeamCity's runner
# (https://github.com/jonnyzzz/TeamCity.Virtual/issues/22), a Jenkins freestyle step
# (https://github.com/redhat-nfvpe/toad/issues/36), a Jenkins parallel branch
# (https://github.com/jenkins-infra/evergreen/pull/389), Taskcluster's negative exit code
# (https://github.com/taskcluster/community-tc-config/pull/276)
VERDICTS = """\
[17:31:52]W:         [docker] 2014/11/30 16:31:52 HTTP code: 502
[17:31:52]W:         [docker] Process exited with code 1
fatal: destination path 'tripleo-quickstart' already exists and is not an empty directory.
Build step 'Execute shell' marked build as failure
Failed in branch Java 11 Docker Cloud image
[taskcluster 2020-05-22 15:02:48.312Z] Unsuccessful task run with exit code: -1 completed in 1.231 seconds
"""


def test_ci_verdict_lines_are_symptom_records() -> None:
    found = _errors(VERDICTS)
    assert set(found) == {1, 2, 3, 4, 5, 6}
    assert found[2].code == "1" and found[6].code == "-1"
    assert [found[n].role.value for n in (2, 4, 5, 6)] == ["symptom"] * 4


# https://github.com/jenkins-infra/evergreen/pull/73 (Jenkins console tail of a shunit2 run)
SHUNIT2 = """\
ASSERT:expected:<200> but was:<000>
./tests/tests.sh: line 100: /tmp/output19425.json: No such file or directory
ASSERT:expected:<true> but was:<>
shunit2:ERROR test_metrics_health_check() returned non-zero return code.
test_logs_are_propagated
ASSERT:null should contain the log from the Essentials Jenkins plugin expected:<0> but was:<1>
shunit2:ERROR test_logs_are_propagated() returned non-zero return code.
"""


def test_shunit2_asserts_and_failed_tests() -> None:
    found = _errors(SHUNIT2)
    assert set(found) == {1, 2, 3, 4, 6, 7}  # 2: bash's `script: line N:` error (runners/farms.py)
    assert (found[4].test_id, found[7].test_id) == ("test_metrics_health_check", "test_logs_are_propagated")
    assert found[6].framework == "shunit2" and found[6].message.startswith("ASSERT:null should contain")


# a GitLab trace kept as a test fixture by mesa (bin/ci/test/test_pipeline_message.py; its escape bytes
# restored): LAVA's `[MM:SS]` elapsed time before its own ERROR lines
LAVA = (
    "\x1b[0;31m[01:54] ERROR: lava_submit: ret code: 1 \x1b[0m\n\n"
    "\x1b[0;31m[01:54] ERROR: unknown-section: ret code: 1 \x1b[0m\n"
)


def test_bracketed_minutes_and_seconds_are_a_prefix() -> None:
    assert strip_prefix("[01:54] ERROR: lava_submit: ret code: 1").text == "ERROR: lava_submit: ret code: 1"
    found = _errors(LAVA)
    assert set(found) == {1, 3}
    assert found[1].message == "ERROR: lava_submit: ret code: 1"
