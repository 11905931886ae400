"""An error make says it ignored (`make: [x] Error 1 (ignored)`) is a warning; one that stops make stays a failure."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# A VASP build's `make` (trimmed; a `-rm` recipe line of its Makefile): stored text 25250859845 of the search
# tool's code corpus (a build-notes blog post)
MAKE_IGNORED = """$ make
gfortran -O1  -c lapack_atlas.f
rm libdmy.a
rm: libdmy.a: No such file or directory
make: [libdmy.a] Error 1 (ignored)
ar vq libdmy.a preclib.o timing_.o derrf_.o dclock_.o  diolib.o dlexlib.o drdatab.o
ar: creating archive libdmy.a
q - preclib.o
"""

# The same command failing without the `-` prefix: make stops (the `***` line of
# https://github.com/neondatabase/neon/issues/2577's output shape)
MAKE_STOPPED = """$ make
gfortran -O1  -c lapack_atlas.f
rm libdmy.a
rm: libdmy.a: No such file or directory
make: *** [libdmy.a] Error 1
"""


def test_an_error_make_ignored_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, MAKE_IGNORED) == []


def test_the_same_error_when_make_stops_is_the_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, MAKE_STOPPED)
    assert failure.root.record.message == "rm: libdmy.a: No such file or directory"


def test_an_ignored_error_before_a_real_one_leaves_the_real_one(tmp_path: Path) -> None:
    log = MAKE_IGNORED + "gcc-9 -O -c -o getshmem.o getshmem.c\n"
    log += "getshmem.c:23:42: error: 'SHM_NORESERVE' undeclared (first use in this function)\n"
    log += "make: *** [getshmem.o] Error 1\n"
    failures = failures_of(tmp_path, log)
    assert failures
    assert "SHM_NORESERVE" in failures[0].root.record.message
    assert not any("libdmy.a" in f.root.record.message for f in failures)


# Surefire's rerun rows in a Hadoop build (https://github.com/apache/uniffle/pull/1865): the flaky test passed on
# its second run; the rows as a Maven console prints them in its Flakes: section
SUREFIRE_FLAKE = """[WARNING] Flakes:
[WARNING] org.apache.hadoop.hdfs.server.blockmanagement.TestUnderReplicatedBlocks.testSetRepIncWithUnderReplicatedBlocks
[ERROR]   Run 1: TestUnderReplicatedBlocks.testSetRepIncWithUnderReplicatedBlocks:80 » TestTimedOut
[INFO]   Run 2: PASS
"""

# Tests that failed every rerun (https://github.com/EnricoMi/publish-unit-test-result-action/issues/539, trimmed)
SUREFIRE_FAILED = """[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR] example.ExampleTests.failsAssertionAlways
[ERROR]   Run 1: ExampleTests.failsAssertionAlways:60 Always fails assertion ==> expected: <1> but was: <2>
[ERROR]   Run 2: ExampleTests.failsAssertionAlways:60 Always fails assertion ==> expected: <1> but was: <2>
[INFO]
[ERROR] Errors:
[ERROR] example.ExampleTests.throwsAlways
[ERROR]   Run 1: ExampleTests.throwsAlways:37 Runtime Always throws exception
[ERROR]   Run 2: ExampleTests.throwsAlways:37 Runtime Always throws exception
[INFO]
[WARNING] Flakes:
"""


def test_a_surefire_run_that_passed_on_its_rerun_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, SUREFIRE_FLAKE) == []


def test_surefire_runs_that_all_failed_stay_failures(tmp_path: Path) -> None:
    messages = [f.root.record.message for f in failures_of(tmp_path, SUREFIRE_FAILED)]
    assert any("Always fails assertion" in m for m in messages)
    assert any("Always throws exception" in m for m in messages)


# pip-audit's step in a GitHub Actions job (https://github.com/KnowOneActual/isobar-cli, its Security Audit
# workflow's step log): no vulnerability, the project itself skipped as not on the index
PIP_AUDIT_SKIPPED = """2026-02-28T19:12:04.3545955Z ##[group]Run pip-audit
2026-02-28T19:12:04.3546224Z pip-audit
2026-02-28T19:12:04.3596928Z shell: /usr/bin/bash -e {0}
2026-02-28T19:12:04.3599892Z ##[endgroup]
2026-02-28T19:12:05.4917581Z No known vulnerabilities found
2026-02-28T19:12:05.4927781Z Name       Skip Reason
2026-02-28T19:12:05.4928341Z ---------- -------------------------------------------------------------------------
2026-02-28T19:12:05.4929307Z isobar-cli Dependency not found on PyPI and could not be audited: isobar-cli (0.5.1)
"""


def test_a_dependency_pip_audit_could_not_audit_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, PIP_AUDIT_SKIPPED) == []
    failed = PIP_AUDIT_SKIPPED + "2026-02-28T19:12:05.6000000Z ##[error]Process completed with exit code 1.\n"
    assert failures_of(tmp_path, failed, name="failed.log")


# LVGL's Unity test run under coverage (https://github.com/lvgl/lvgl/pull/2503, trimmed): libgcov's notes on the
# coverage data of an earlier build, printed as each instrumented test program exits, after it passed
GCOV_NOTES = """\
=========================
Running: test/test_config
=========================
./src/test_cases/test_config.c:6:test_config:PASS

-----------------------
1 Tests 0 Failures 0 Ignored
OK
libgcov profiling error:/mnt/c/Users/cmumf/src/lvgl/lvgl/tests/build_test/CMakeFiles/test_config.dir/src/test_cases/\
test_config.c.gcda:overwriting an existing profile data with a different timestamp


===========================
Running: test/test_dropdown
===========================
./src/test_cases/test_dropdown.c:7:test_dropdown_create_delete:PASS
./src/test_cases/test_dropdown.c:8:test_dropdown_set_options:PASS
"""


def test_libgcov_s_notes_on_coverage_data_are_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, GCOV_NOTES) == []
    # an older GCC's wording (gcc/libgcov-driver-system.c: `profiling:%s:Merge mismatch for %s %u`)
    older = GCOV_NOTES.replace("libgcov profiling error:", "profiling:").replace(
        "overwriting an existing profile data with a different timestamp", "Merge mismatch for function 7"
    )
    assert failures_of(tmp_path, older, name="older.log") == []
