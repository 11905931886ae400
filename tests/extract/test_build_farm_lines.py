"""CI systems', build farms' and their wrappers' own failure lines (runners/farms.py), with native prefixes kept.

Trimmed real samples, origin in a comment above each; every expected error line is an error record of its
own, and lines the tool marks as harmless are not.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.extract.runners import match_line
from classifier.model import ErrorRecord, Role, Severity
from tests.extract.helpers import bytes_doc


def _errors(log: str) -> dict[int, ErrorRecord]:
    records = extract_document(bytes_doc("job.log", log.encode())).records
    return {r.line_start or 0: r for r in records if r.severity is Severity.ERROR}


# https://github.com/rear/rear/issues/2135 (Open Build Service log, `[   27s] ` elapsed prefix)
OBS_SED = """\
[   27s] make[1]: Leaving directory `/usr/src/packages/BUILD/rear-2.4-git.0.3930248.unknown/doc'
[   27s] sed: can't read %{buildroot}/usr/share/man/man8/rear.8: No such file or directory
[   27s] make: *** [install-doc] Error 2
[   27s] error: Bad exit status from /var/tmp/rpm-tmp.4728 (%install)
"""


def test_obs_sed_error_is_the_cause_under_the_make_chain() -> None:
    found = _errors(OBS_SED)
    assert sorted(found) == [2, 3, 4]
    assert found[2].role is Role.CAUSE and found[2].message.startswith("sed: can't read")


# https://gitee.com/openeuler-risc-v/go-bindata/pulls/1 (openEuler's OBS worker; quoted in a fix diary)
OBS_GO = """\
[ 2012s] + go build -o bin/go-bindata github.com/go-bindata/go-bindata/go-bindata
[ 2013s] no required module provides package github.com/go-bindata/go-bindata/go-bindata: go.mod file not found in current directory or any parent directory; see 'go help modules'
[ 2013s] error: Bad exit status from /var/tmp/rpm-tmp.cj1QAl (%build)
[ 2013s]
[ 2013s] oe-RISCV-worker29 failed "build go-bindata.spec" at Sat Apr  9 20:30:54 UTC 2022.
"""  # noqa: E501


def test_obs_go_module_error_and_the_workers_verdict() -> None:
    found = _errors(OBS_GO)
    assert sorted(found) == [2, 3, 5]
    assert found[2].role is Role.CAUSE and found[2].framework == "go"
    assert found[5].role is Role.SYMPTOM


# https://github.com/rpm-software-management/mock/issues/1018 (mock's closing exception, command shortened)
MOCK = """\
RPM build errors:
error: Bad exit status from /var/tmp/rpm-tmp.7i1xVJ (%install)
Bad exit status from /var/tmp/rpm-tmp.7i1xVJ (%install)
Child return code was: 1
EXCEPTION: [Error('Command failed: \\n # /usr/bin/systemd-nspawn -q -M 6e3b -D /var/lib/mock/fedora-37-x86_64/root bash --login -c /usr/bin/rpmbuild -bb /builddir/build/SPECS/ocamlfuse.spec\\n', 1)]
"""  # noqa: E501


def test_mock_exception_is_a_symptom_of_the_rpm_error() -> None:
    found = _errors(MOCK)
    assert sorted(found) == [2, 5]
    assert found[5].role is Role.SYMPTOM and found[5].framework == "mock"


# sbuild log of a GnuCash backport (forum thread "Backport GnuCash 3.x from Debian to Bionic", 2019-10-09; found
# with the search tool's code corpus, stored text 57143030104)
SBUILD = """\
+ exit 2
debian/rules:92: recipe for target 'override_dh_auto_test' failed
make[1]: *** [override_dh_auto_test] Error 2
make: *** [build] Error 2
dpkg-buildpackage: error: debian/rules build subprocess returned exit status 2
--------------------------------------------------------------------------------
Build finished at 2019-10-09T19:29:18Z

Not cleaning session: cloned chroot in use
E: Build failure (dpkg-buildpackage died)
"""


def test_dpkg_and_sbuild_verdicts_are_error_lines() -> None:
    found = _errors(SBUILD)
    assert {5, 10} <= set(found)
    assert found[5].role is Role.SYMPTOM and found[10].role is Role.SYMPTOM


# https://github.com/vmware-archive/fly/issues/130 (Concourse `fly execute`)
def test_concourse_no_workers_line() -> None:
    m = match_line("no workers satisfying: resource type 'archive'")
    assert m is not None and m.framework == "concourse" and m.severity is Severity.ERROR


# rust-lang/rust's CI bot quoting a Travis log (`[HH:MM:SS]` elapsed prefix): bootstrap's verdicts and the CI
# script's retry wrapper giving up
RUST_BOOTSTRAP = """\
[01:22:55] error: test failed, to rerun pass '--doc'
[01:22:55]
[01:22:55] command did not execute successfully: "/checkout/obj/build/x86_64-unknown-linux-gnu/stage0/bin/cargo" "test" "--release" "-p" "core" "--" "--quiet"
[01:22:55]
[01:22:55] failed to run: /checkout/obj/build/bootstrap/debug/bootstrap test
[01:22:55] Build completed unsuccessfully in 0:34:23
[00:01:39] The command has failed after 5 attempts.
"""  # noqa: E501


def test_rust_bootstrap_and_retry_verdicts() -> None:
    found = _errors(RUST_BOOTSTRAP)
    assert {3, 5, 7} <= set(found)
    assert all(found[n].role is Role.SYMPTOM for n in (5, 7))
    verdict = match_line('command did not execute successfully: "cargo" "test"')
    assert verdict is not None and verdict.role is Role.SYMPTOM
    assert 6 not in found  # the summary of them


# https://github.com/jenkins-infra/evergreen/pull/73 (Jenkins console, bash running a test script); Travis'
# macOS stage script and the `[` builtin (LogChunks' Travis logs) are warnings
def test_bash_script_line_error_has_the_scripts_location() -> None:
    stage = match_line("/Users/travis/.travis/job_stages: line 600: shell_session_update: command not found")
    test = match_line("./models/get-models.sh: line 74: [: 199a2c0d32fd: unary operator expected")
    assert stage is not None and stage.severity is Severity.WARNING
    assert test is not None and test.severity is Severity.WARNING
    m = match_line("./tests/tests.sh: line 100: /tmp/output19425.json: No such file or directory")
    assert m is not None and m.location is not None
    assert (m.location.file, m.location.line, m.tool_hint) == ("./tests/tests.sh", 100, "filesystem")
    assert match_line("see the manual: line 3: nothing") is None  # not a script's path


# a Travis log tail (autoconf, pkg-config, make) found with the search tool's code corpus (stored text 42338557531)
CONFIGURE = """\
checking for gl... no
configure: error: Package requirements (gl) were not met:

No package 'gl' found

Consider adjusting the PKG_CONFIG_PATH environment variable if you
installed software in a non-standard prefix.

The command "./configure" exited with 1.
$ make
make: *** No targets specified and no makefile found.  Stop.
"""


def test_configure_error_spans_its_reason_and_names_the_package() -> None:
    found = _errors(CONFIGURE)
    assert found[2].line_end == 4
    assert found[2].message == "Package requirements (gl) were not met: No package 'gl' found"
    assert found[2].tool_hint == "dependency"
    assert 11 in found and found[11].framework == "make"


# https://github.com/checkstyle/checkstyle/issues/7330 (AppVeyor running Maven with -e)
MAVEN = """\
[INFO] Error stacktraces are turned on.
[INFO] Scanning for projects...
[INFO] BUILD FAILURE
[INFO] ------------------------------------------------------------------------
[ERROR] Unknown lifecycle phase "verify111". You must specify a valid lifecycle phase or a goal.
"""


def test_maven_command_line_error_and_its_e_flag_notice() -> None:
    found = _errors(MAVEN)
    assert 1 not in found  # Maven's notice that -e is on
    assert found[5].tool_hint == "configuration" and found[5].role is Role.CAUSE


# https://github.com/jenkins-infra/pipeline-library/pull/119 (Jenkins junit step in a declarative post block)
JENKINS_POST = """\
[2020-01-01T15:57:09.086Z] Recording test results
[2020-01-01T15:57:09.101Z] No test report files were found. Configuration error?
[2020-01-01T15:57:09.150Z] Error when executing always post condition:
[2020-01-01T15:57:09.152Z] hudson.AbortException: No test report files were found. Configuration error?
[2020-01-01T15:57:09.152Z] 	at hudson.tasks.junit.JUnitParser$ParseResultCallable.invoke(JUnitParser.java:154)
"""


def test_jenkins_post_condition_lines_lead_to_the_exception() -> None:
    found = _errors(JENKINS_POST)
    assert sorted(found) == [2, 3, 4]
    assert found[3].role is Role.SYMPTOM and found[4].exception_type.endswith("AbortException")


# https://gitlab.freedesktop.org/mesa/mesa (a GitLab job trace in bin/ci/test/test_pipeline_message.py): the
# after_script's archive extraction failing
def test_archive_errors() -> None:
    cause = match_line(r"zstd: /*stdin*\: unexpected end of file")
    assert cause is not None and cause.role is Role.CAUSE and cause.framework == "archive"


# https://github.com/appleboy/drone-ssh/issues/75 (Drone's plugins/ssh; Go's ssh client's ExitError)
def test_remote_command_exit_status() -> None:
    m = match_line("Process exited with status 1")
    assert m is not None and m.role is Role.SYMPTOM and m.code == "1"
    assert match_line("Process exited with status 0") is None


# OBS log in a linux-nvdimm list message (ndctl's meson tests in %build); the VM's shutdown lines are no error
MESON = """\
[   95s] 14/23 ndctl:ndctl / btt-pad-compat.sh      FAIL            0.12s   exit status 1
[   95s] 15/23 ndctl:ndctl / libndctl               OK              2.01s
[   95s] Full log written to /usr/src/packages/BUILD/ndctl-73/x86_64-suse-linux/meson-logs/testlog.txt
[   95s] error: Bad exit status from /var/tmp/rpm-tmp.ZNNQ9N (%build)
[   95s] Failed to write wtmp record, ignoring: Read-only file system
"""


def test_meson_failed_test_line() -> None:
    found = _errors(MESON)
    assert {1, 4} <= set(found) and 2 not in found
    assert found[1].test_id == "ndctl:ndctl / btt-pad-compat.sh"


# monero-project/monero-gui issue of 2020-11-05 (OBS build: CMake's verdict after its `CMake Error`)
def test_cmake_generate_step_failed_is_a_symptom() -> None:
    m = match_line("CMake Generate step failed.  Build files cannot be regenerated correctly.")
    assert m is not None and m.role is Role.SYMPTOM


# https://github.com/jenkins-infra/jenkins.io/pull/2389 (Jenkins timestamper; bundler wrapping the exception)
def test_bundler_failed_to_load_command() -> None:
    m = match_line("bundler: failed to load command: ./scripts/fetch-external-resources (./scripts/fetch)")
    assert m is not None and m.role is Role.SYMPTOM and m.framework == "bundler"
