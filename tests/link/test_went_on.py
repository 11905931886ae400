"""Lines of a successful run that look like errors: the tool's own wording says it went on, fell back, retried to a
pass or only probed. Each sample is a trimmed real log; the red ones keep their real failure."""

from __future__ import annotations

from pathlib import Path

from classifier.extract.judge import tier
from tests.core.ci_logs import failures_of

# autoconf's probes: a build guide's configure run (stored text 42888503689 of the search tool's code corpus,
# the bench-slopes README): `checking for GPG Error - version >= 1.0... yes (1.37)` is a probe that passed
CONFIGURE_PASSED = """\
checking for libgcrypt-config... /usr/bin/libgcrypt-config
checking for LIBGCRYPT - version >= 1.8.0... yes (1.8.5)
checking for gpg-error-config... /usr/bin/gpg-error-config
checking for gpgrt-config... /usr/bin/gpgrt-config
configure: Use gpgrt-config with /usr/lib/x86_64-linux-gnu as gpg-error-config
checking for GPG Error - version >= 1.0... yes (1.37)
checking for botan... yes
configure: creating ./config.status
config.status: creating Makefile
"""

# ... and one that failed: configure says so on a line of its own (stored text 56719056792, a forum post on
# building libgcrypt from svn)
CONFIGURE_FAILED = """\
./autogen.sh && ./configure --enable-maintainer-mode && make && make check
checking for gpg-error-config... no
checking for GPG Error - version >= 1.8... no
configure: error: libgpg-error is needed.
                See ftp://ftp.gnupg.org/gcrypt/libgpg-error/ .
"""


def test_a_configure_probe_that_passed_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, CONFIGURE_PASSED) == []


def test_a_failed_configure_probe_leads_to_configure_s_error(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CONFIGURE_FAILED)
    assert failure.root.record.message == "libgpg-error is needed."


# A parallel OpenWrt build (https://github.com/openwrt/openwrt/issues/19044, the lines of its compile log that
# say `Error`): make stopped on tls.o while another recipe line's `(ignored)` notice came right after it
MAKE_STOPPED_THEN_IGNORED = """\
make[4]: [Makefile:258: install-static] Error 1 (ignored)
make[5]: *** [<builtin>: tls.o] Error 1
make[5]: *** [<builtin>: tls.o] Error 1
make[6]: [Makefile:642: install] Error 1 (ignored)
"""


def test_make_s_own_failure_is_not_covered_by_another_line_s_ignored_notice(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, MAKE_STOPPED_THEN_IGNORED)
    assert failure.root.record.message == "make[5]: *** [<builtin>: tls.o] Error 1"


# Bazel retried a flaky test and it passed (https://github.com/bazelbuild/bazel/issues/3753; the paths, wrapped in
# the issue, joined): the first attempt's `FAIL:` points at test_attempts/attempt_1.log, the summary says FLAKY
BAZEL_FLAKY = """\
INFO: Found 1 test target...
FAIL: //:flaky (see /root/bazel-out/local-fastbuild/testlogs/flaky/test_attempts/attempt_1.log)

FLAKY: //:flaky (Summary)
      /root/bazel-out/local-fastbuild/testlogs/flaky/test_attempts/attempt_1.log
Target //:flaky up-to-date:
  bazel-bin/flaky
"""
# Bazel's summary row of such a test, on Cirrus CI (https://github.com/TokTok/c-toxcore/pull/1358)
BAZEL_FLAKY_ROW = """\
//c-toxcore/auto_tests:lan_discovery_test FLAKY, failed in 1 out of 2 in 75.0s
  Stats over 2 runs: max = 75.0s, min = 13.1s, avg = 44.0s, dev = 31.0s
"""


def test_a_bazel_test_that_passed_on_a_retried_attempt_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, BAZEL_FLAKY, "attempt.log") == []
    assert failures_of(tmp_path, BAZEL_FLAKY_ROW, "row.log") == []


# debconf falls back to another frontend, and apt runs dpkg-preconfigure with `|| true`
# (https://github.com/packpack/packpack/issues/7)
DEBCONF_FALLBACK = """\
debconf: unable to initialize frontend: Dialog
debconf: (Dialog frontend will not work on a dumb terminal, an emacs shell buffer, or without a controlling \
terminal.)
debconf: falling back to frontend: Readline
debconf: unable to initialize frontend: Readline
debconf: (This frontend requires a controlling tty.)
debconf: falling back to frontend: Teletype
dpkg-preconfigure: unable to re-open stdin:\x20
"""


def test_debconf_falling_back_to_another_frontend_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, DEBCONF_FALLBACK) == []


# pytest-rerunfailures' summary of the attempts it ran again (--rerun-show-tracebacks), the test PASSED
# (https://github.com/pytest-dev/pytest-rerunfailures/pull/329)
PYTEST_RERUN_PASSED = """\
test_demo.py::test_eventually_passes RERUN                               [100%]
test_demo.py::test_eventually_passes PASSED                              [100%]
=========================== rerun test summary info ============================
RERUN test_demo.py::test_eventually_passes
>       assert attempt > 2, f"transient failure on attempt {attempt}"
E       AssertionError: transient failure on attempt 1
E       assert 1 > 2
"""


def test_an_attempt_in_the_rerun_summary_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, PYTEST_RERUN_PASSED) == []


# actions/cache restoring from a self-hosted cache server: tar fails, the action says so as a warning and goes on
# (https://github.com/falcondev-oss/github-actions-cache-server/issues/54)
CACHE_RESTORE_WARNING = """\
zstd: /*stdin*\\: unsupported format\x20
tar: Error opening archive: Child process exited with status 1
Warning: Failed to restore: "/usr/bin/tar" failed with error: The process '/usr/bin/tar' failed with exit code 1
"""
# ... a cache action whose restore tar failed and then found no cache (https://github.com/nix-community/
# cache-nix-action/issues/9)
CACHE_RESTORE_MISS = """\
/usr/bin/tar: ../../../../../nix/store/h5c0n2pcidaikpm6pwm8v9hz81ndmppj-aws-sdk-cpp-1.11.37/lib/\
libtesting-resources.so: Cannot open: File exists
/usr/bin/tar: Exiting with failure status due to previous errors
Warning: Failed to restore: "/usr/bin/tar" failed with error: The process '/usr/bin/tar' failed with exit code 2
Cache not found for input keys: nix-f69b52731a4e03acd9238e5c4b0e1db653f46d92e3a380bab33c5ab7c53f0155, \
nix-f69b52731a4e03acd9238e5c4b0e1db653f46d92e3a380bab33c5ab7c53f0155
"""
# ... and actions/cache v1's own warning, as the job page shows it (https://github.com/actions/cache/issues/271)
CACHE_TAR_WARNING = """\
/bin/tar -xz -f /home/runner/work/_temp/ff46900f-412d-436a-8112-ed27d4437ae4/cache.tgz -C /home/runner/.npm

gzip: stdin: unexpected end of file
/bin/tar: Unexpected EOF in archive
/bin/tar: Unexpected EOF in archive
/bin/tar: Error is not recoverable: exiting now
[warning]Tar failed with error: The process '/bin/tar' failed with exit code 2
"""


def test_a_process_an_action_reports_as_a_warning_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, CACHE_RESTORE_WARNING, "zstd.log") == []
    assert failures_of(tmp_path, CACHE_RESTORE_MISS, "miss.log") == []
    assert failures_of(tmp_path, CACHE_TAR_WARNING, "gzip.log") == []


# pip's note after an install (https://github.com/triton-inference-server/perf_analyzer/pull/330, the lines before
# its `Successfully installed`); actions/cache's miss (https://github.com/actions/cache/issues/782); Yarn's YN0013
# and its verdict (stored text 37318395034, a Vite-in-Docker tutorial's `yarn create vite`)
PIP_CONFLICT_NOTE = """\
Installing collected packages: protobuf, genai-perf
ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. \
This behaviour is the source of the following dependency conflicts.
grpcio-tools 1.64.0 requires protobuf<6.0dev,>=5.26.1, but you have protobuf 4.25.6 which is incompatible.
"""
CACHE_MISS = """\
Cache not found for input keys: Linux-node-ffd095da82fcd41af89f8278e66b668c7aa360b9494d7f000bf6fca7bb19148a, Linux-node-
"""
YARN_NOT_CACHED = """\
➤ YN0000: ┌ Fetch step
➤ YN0013: │ create-vite@npm:4.2.0 can't be found in the cache and will be fetched from the remote registry
➤ YN0000: └ Completed in 0s 407ms
"""


def test_notices_of_tools_that_went_on_are_no_failures(tmp_path: Path) -> None:
    assert failures_of(tmp_path, PIP_CONFLICT_NOTE, "pip.log") == []
    assert failures_of(tmp_path, CACHE_MISS, "cache.log") == []
    assert failures_of(tmp_path, YARN_NOT_CACHED, "yarn.log") == []


# Detox's lines under jest-circus retryTimes: the test failed, its second retry passed
# (https://github.com/wix/Detox/pull/2043)
DETOX_RETRY_PASSED = """\
detox[60507] INFO:  Sanity: should have welcome screen [FAIL]
detox[60507] INFO:  Sanity: should show hello screen after tap
detox[60507] INFO:  Sanity: should show hello screen after tap [OK]
detox[60507] INFO:  Sanity: should have welcome screen
detox[60507] INFO:  Sanity: should have welcome screen (retry #1) [FAIL]
detox[60507] INFO:  Sanity: should have welcome screen
detox[60507] INFO:  Sanity: should have welcome screen (retry #2) [OK]
"""


def test_a_detox_test_whose_retry_passed_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, DETOX_RETRY_PASSED) == []


# upload-artifact v2's last lines (https://github.com/actions/upload-artifact/issues/208, one line as the raw log
# has it; the issue shows it wrapped by the page)
UPLOAD_NOTHING_FAILED = """\
Total size of all the files uploaded is 40292 bytes
Finished uploading artifact cmk1-9c32221.mkp. Reported size is 40292 bytes. There were 0 items that failed to upload
Artifact cmk1-9c32221.mkp has been successfully uploaded!
"""


def test_zero_items_that_failed_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, UPLOAD_NOTHING_FAILED) == []


# sysdig's inline scan states its policy verdict in words of its own (https://github.com/sysdiglabs/
# secure-inline-scan/pull/65: the `Status is fail` of a scan that failed, the `Status is pass` after the fix):
# the failed one tells what failed when a CI wrapper's `script returned exit code 1` follows it
def test_a_tool_s_status_is_fail_is_a_line_lookback_reads() -> None:
    assert tier("Status is fail")[0] >= 1
    assert tier("Status is pass")[0] == 0


# actions/cache's post step out of disk (https://github.com/FormalizedFormalLogic/Foundation/issues/631), as the job
# page shows it and as the raw log has the same lines (the page shows `##[warning]x` as `Warning: x`; timestamps
# added in the raw log's shape)
CACHE_SAVE_NO_SPACE = """\
/usr/bin/tar --posix -cf cache.tzst --exclude cache.tzst -P -C /home/runner/work/Foundation/Foundation \
--files-from manifest.txt --use-compress-program zstdmt
zstd: error 70 : Write error : cannot write block : No space left on device\\x20
/usr/bin/tar: cache.tzst: Cannot write: Broken pipe
/usr/bin/tar: Child returned status 70
/usr/bin/tar: Error is not recoverable: exiting now
Warning: Failed to save: "/usr/bin/tar" failed with error: The process '/usr/bin/tar' failed with exit code 2
Warning: Cache save failed.
"""


def test_a_cache_save_the_action_warns_about_is_no_failure_in_either_form(tmp_path: Path) -> None:
    assert failures_of(tmp_path, CACHE_SAVE_NO_SPACE, "page.log") == []
    raw = "".join(
        f"2025-11-14T10:00:0{n}.0000000Z {line.replace('Warning: ', '##[warning]')}\n"
        for n, line in enumerate(CACHE_SAVE_NO_SPACE.splitlines())
    )
    assert failures_of(tmp_path, raw, "raw.log") == []
