"""Crash reports in CI and test-runner output: one failure per crash, its crash type as the exception type, and the
crash leading the symptoms printed after it (each sample trimmed from the issue thread named above it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract.runners import match_line
from classifier.extract.runners.base import ntstatus
from tests.core.ci_logs import failures_of as _failures


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # UBSan names its checks (ubsan_checks.inc); its message says which one fired
        # (https://github.com/llvm/llvm-project/issues/177064)
        (
            "lldb/test/API/functionalities/ubsan/basic/main.c:5:17: runtime error: index 5 out of bounds for type "
            "'int[4]'",
            "out-of-bounds-index",
        ),
        # https://github.com/microsoft/verona/issues/479
        (
            "../../src/rt/./sched/spmcq.h:131:12: runtime error: member access within misaligned address "
            "0x7f661b8080b1 for type 'verona::rt::Cown', which requires 8 byte alignment",
            "misaligned-pointer-use",
        ),
        # the Go runtime's throw words (https://github.com/DudeWhoCode/kulay/issues/9)
        ("fatal error: all goroutines are asleep - deadlock!", "all goroutines are asleep - deadlock"),
        # a runtime error's kind (https://github.com/heidihoward/ios/issues/15)
        (
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "invalid memory address or nil pointer dereference",
        ),
        # go test's alarm (https://github.com/status-im/status-go/issues/7236)
        ("panic: test timed out after 1h40m0s", "test timed out"),
        # cargo on Windows names the status (https://github.com/cargo-lambda/cargo-lambda/issues/930)
        (
            r"error: process didn't exit successfully: target\debug\lambda.exe (exit code: 0xc00000fd, "
            "STATUS_STACK_OVERFLOW)",
            "stack overflow",
        ),
        # cargo on Unix the signal (https://github.com/jswrenn/deflect/issues/5)
        (
            "  process didn't exit successfully: `/home/workspace/forks/deflect/target/debug/deps/reflect-ebdf27e1e2969"
            "80e` (signal: 11, SIGSEGV: invalid memory reference)",
            "SIGSEGV",
        ),
        # SwiftPM's test runner by the signal's number (https://github.com/apple/swift-collections/pull/197)
        ("error: Exited with signal code 4", "SIGILL"),
        # gdb on a core file, new and old wording (https://github.com/apache/brpc/issues/2538,
        # https://github.com/bloomberg/comdb2/pull/859)
        ("Program terminated with signal SIGABRT, Aborted.", "SIGABRT"),
        ("Program terminated with signal 6, Aborted.", "SIGABRT"),
        # vstest's test host, with the runtime's last words (https://github.com/Nexus-Mods/NexusMods.App/issues/83,
        # https://github.com/wixtoolset/issues/issues/6503, https://github.com/nunit/nunit/issues/3742)
        (
            "The active test run was aborted. Reason: Test host process crashed : Unhandled exception. "
            "System.InvalidOperationException: The LightningEnvironment was not disposed and cannot be reliably "
            "dealt with from the finalizer",
            "InvalidOperationException",
        ),
        (
            "The active test run was aborted. Reason: Test host process crashed : Fatal error. "
            "System.AccessViolationException: Attempted to read or write protected memory.",
            "AccessViolationException",
        ),
        ("The active test run was aborted. Reason: Test host process crashed : Stack overflow.", "stack overflow"),
        # V8's heap exhaustion under node (https://github.com/gitpod-io/gitpod/issues/4473)
        (
            "FATAL ERROR: MarkCompactCollector: young object promotion failed Allocation failed - JavaScript heap "
            "out of memory",
            "JavaScript heap out of memory",
        ),
        # bash's job report of a test program that died (https://github.com/facebook/folly/issues/419)
        ('../build-aux/test-driver: line 107:  1806 Segmentation fault      "$@" > $log_file 2>&1', "SIGSEGV"),
    ],
)
def test_the_crash_type_is_what_the_report_names(line: str, kind: str) -> None:
    found = match_line(line)
    assert found is not None and found.exception_type == kind


def test_windows_crash_statuses_are_read_from_any_spelling_of_their_code() -> None:
    # ntstatus.h: STATUS_ACCESS_VIOLATION 0xC0000005 (-1073741819 as a signed exit code), STATUS_HEAP_CORRUPTION
    assert ntstatus("-1073741819") == ntstatus("3221225477") == ntstatus("0xC0000005") == "access violation"
    assert ntstatus("0xc0000374") == "heap corruption"
    assert ntstatus("1") == ntstatus("255") == ""


# CTest: two tests whose processes segfaulted, then its recap (https://github.com/Cockatrice/Cockatrice/issues/3639)
CTEST_SEGFAULTS = """\
Test project /build/cockatrice/src/Cockatrice/build
    Start 1: dummy_test
1/5 Test #1: dummy_test .......................   Passed    0.00 sec
    Start 3: carddatabase_test
3/5 Test #3: carddatabase_test ................***Exception: SegFault  0.32 sec
    Start 4: filter_string_test
4/5 Test #4: filter_string_test ...............***Exception: SegFault  0.36 sec
    Start 5: loading_from_clipboard_test
5/5 Test #5: loading_from_clipboard_test ......   Passed    0.01 sec

60% tests passed, 2 tests failed out of 5

Total Test time (real) =   0.70 sec

The following tests FAILED:
\t  3 - carddatabase_test (SEGFAULT)
\t  4 - filter_string_test (SEGFAULT)
"""


def test_each_ctest_test_that_crashed_is_a_crash_of_its_own(tmp_path: Path) -> None:
    failures = _failures(tmp_path, CTEST_SEGFAULTS)
    assert [(f.root.record.test_id, f.root.record.exception_type) for f in failures] == [
        ("carddatabase_test", "SIGSEGV"),
        ("filter_string_test", "SIGSEGV"),
    ]
    assert {f.classification.category for f in failures} == {"crash"}


# Automake's test driver: bash's job report of each test program that died (a crash, not a script error), then the
# driver's verdict on it
# (https://github.com/facebook/folly/issues/419)
AUTOMAKE_DEATHS = """\
PASS: conv_test
../build-aux/test-driver: line 107:   890 Aborted                 "$@" > $log_file 2>&1
FAIL: range_test
PASS: bits_test
PASS: thread_cached_int_test
../build-aux/test-driver: line 107:  1806 Segmentation fault      "$@" > $log_file 2>&1
FAIL: thread_local_test
PASS: fbvector_test
"""


def test_two_test_programs_that_died_are_two_crashes(tmp_path: Path) -> None:
    failures = _failures(tmp_path, AUTOMAKE_DEATHS)
    assert [f.root.record.exception_type for f in failures] == ["SIGABRT", "SIGSEGV"]
    assert {f.classification.category for f in failures} == {"crash"}


# glibc's tcache check, then the shell's report of the abort it raised (https://github.com/MisterY52/apex_dma_kvm_pub/
# issues/11)
DOUBLE_FREE = """\
changen4125@host:~/Documents/apex_dma/build$ ./apex_dma
Searching for apex process...
Searching for client process...
free(): double free detected in tcache 2
Aborted (core dumped)
"""


def test_the_abort_after_a_heap_check_is_the_same_crash(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, DOUBLE_FREE)
    assert failure.root.record.message == "free(): double free detected in tcache 2"
    assert failure.root.record.exception_type == "double free"


# libc's `Fatal signal` line and debuggerd's tombstone of the same death (https://github.com/flutter/flutter/issues/27077)
TOMBSTONE = """\
F/libc    (23110): Fatal signal 11 (SIGSEGV), code 128, fault addr 0x0 in tid 23147 (.example.foo), pid 23110 (.e)
*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***
Build fingerprint: 'google/sdk_gphone_x86/generic_x86:8.1.0/OSM1.180201.031/5455776:userdebug/dev-keys'
Revision: '0'
ABI: 'x86'
pid: 23110, tid: 23147, name: .example.foo  >>> com.example.foo <<<
signal 11 (SIGSEGV), code 128 (SI_KERNEL), fault addr 0x0
    eax 171c68a2  ebx cf0e7a9a  ecx d4afd2ec  edx c0ffb7c0
backtrace:
    #00 pc 0001eceb  /system/lib/libc.so (sigsetjmp+107)
Lost connection to device.
"""


def test_a_tombstone_under_the_fatal_signal_line_is_the_same_crash(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TOMBSTONE)
    assert failure.root.record.exception_type == "SIGSEGV"
    assert failure.root.record.message.startswith("F/libc    (23110): Fatal signal 11 (SIGSEGV)")


# Rust's stack overflow report, its runtime's abort line, then the shell's (https://github.com/Keruspe/cargo-duplicates/
# issues/10)
RUST_OVERFLOW = """\
addr2line 0.24.2:

thread 'main' has overflowed its stack
fatal runtime error: stack overflow
Aborted (core dumped)
"""


def test_a_rust_stack_overflow_is_one_crash_with_its_aborts(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RUST_OVERFLOW)
    assert failure.root.record.message == "thread 'main' has overflowed its stack"
    assert (failure.root.record.exception_type, failure.classification.category) == ("stack overflow", "crash")


# a kernel oops: the title, then the `Internal error: Oops: 805 [#1] ARM` header of the same report
# (https://github.com/openbmc/qemu/issues/10)
KERNEL_OOPS = """\
Unable to handle kernel paging request at virtual address 12005456
pgd = 80004000
[12005456] *pgd=00000000
Internal error: Oops: 805 [#1] ARM
CPU: 0 PID: 6 Comm: ksoftirqd/0 Not tainted 4.10.5-8736136e756ec127de0bbe2c7e2de683204d4512 #1
Hardware name: ASpeed SoC
"""


def test_the_oops_header_under_a_kernel_report_title_is_the_same_crash(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, KERNEL_OOPS)
    assert failure.root.record.message.startswith("Unable to handle kernel paging request")


# Automake's test-suite.log: its header counts `# ERROR: 0` (no error), then the test that segfaulted
# (https://github.com/libunwind/libunwind/issues/306)
AUTOMAKE_SUITE_LOG = """\
# TOTAL: 37
# PASS:  36
# SKIP:  0
# XFAIL: 0
# FAIL:  1
# XPASS: 0
# ERROR: 0

.. contents:: :depth: 2

FAIL: run-coredump-unwind
=========================

Segmentation fault (core dumped)
"""


def test_a_zero_count_in_a_test_suite_log_header_is_no_error(tmp_path: Path) -> None:
    failures = _failures(tmp_path, AUTOMAKE_SUITE_LOG)
    assert failures and all("ERROR: 0" not in f.root.record.message for f in failures)
    assert failures[0].root.record.exception_type == "SIGSEGV"


# a GitHub Actions step whose tool overflowed its stack (https://github.com/zubanls/zuban/issues/93)
GHA_OVERFLOW = """\
Installed 1 package in 101ms
 + zuban==0.1.1

thread 'main' has overflowed its stack
fatal runtime error: stack overflow, aborting
##[error]Process completed with exit code 134.
"""


def test_the_overflow_leads_the_runtime_abort_and_the_exit_code(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GHA_OVERFLOW)
    assert failure.root.record.message == "thread 'main' has overflowed its stack"


# UBSan's runtime errors, each with its `SUMMARY:` line restating it (https://github.com/llvm/llvm-project/issues/177064)
UBSAN_SUMMARIES = """\
lldb/test/API/functionalities/ubsan/basic/main.c:3:16: runtime error: load of misaligned address 0x00016bdcf06a for \
type 'int', which requires 4 byte alignment
0x00016bdcf06a: note: pointer points here
 00 00  18 80 1a 08 02 00 00 00  fb d6 09 00 ff ff ff 0f  bf 00 1d 64 b4 78 50 09  00 00 00 00 00 00
              ^
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior lldb/test/API/functionalities/ubsan/basic/main.c:3:16
lldb/test/API/functionalities/ubsan/basic/main.c:5:17: runtime error: index 5 out of bounds for type 'int[4]'
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior lldb/test/API/functionalities/ubsan/basic/main.c:5:17
"""


def test_a_sanitizer_summary_line_restates_the_report_above_it(tmp_path: Path) -> None:
    failures = _failures(tmp_path, UBSAN_SUMMARIES)
    assert [f.root.record.exception_type for f in failures] == ["misaligned-pointer-use", "out-of-bounds-index"]
