"""Kernel console reports and runtime crash reports, each on a sample from the tool's own docs or test data.

The crash type is the record's exception_type (so reports of different kinds never share a fingerprint);
the title is the message, without call-site offsets; the report's block (call trace) is its context.
"""

from __future__ import annotations

import pytest

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Role, Severity
from tests.extract.helpers import bytes_doc, causes, symptoms


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("console.log", log.encode())).records)


# Documentation/dev-tools/kasan.rst ("Error reports"), Linux 4.19+
KASAN = """\
==================================================================
BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0xa8/0xbc [test_kasan]
Write of size 1 at addr ffff8801f44ec37b by task insmod/2760

CPU: 1 PID: 2760 Comm: insmod Not tainted 4.19.0-rc3+ #698
Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.10.2-1 04/01/2014
Call Trace:
 dump_stack+0x94/0xd8
 print_address_description+0x73/0x280
 kasan_report+0x144/0x187
 __asan_report_store1_noabort+0x17/0x20
 kmalloc_oob_right+0xa8/0xbc [test_kasan]
"""


def test_kasan_report_title_type_and_call_trace() -> None:
    record = causes(extract_document(bytes_doc("console.log", KASAN.encode())))[0]
    assert record.exception_type == "KASAN: slab-out-of-bounds"
    assert record.message == "BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right [test_kasan]"
    assert (record.framework, record.tool_hint, record.severity) == ("kernel", "crash", Severity.ERROR)
    # the frames keep the one-space indent the kernel prints them with under `Call Trace:`
    assert "Call Trace:" in record.context and " kasan_report+0x144/0x187" in record.context


@pytest.mark.parametrize(
    ("line", "kind", "hint"),
    [
        # Documentation/dev-tools/kcsan.rst ("Error reports")
        ("BUG: KCSAN: data-race in test_kernel_read / test_kernel_write", "KCSAN: data-race", "crash"),
        # Documentation/dev-tools/kmsan.rst ("Report example")
        (
            "BUG: KMSAN: uninit-value in test_uninit_kmsan_check_memory+0x1be/0x380 [kmsan_test]",
            "KMSAN: uninit-value",
            "crash",
        ),
        # Documentation/dev-tools/kfence.rst ("Error reports")
        (
            "BUG: KFENCE: out-of-bounds read in test_out_of_bounds_read+0xa6/0x234",
            "KFENCE: out-of-bounds read",
            "crash",
        ),
        # syzkaller pkg/report/testdata/linux/report/520 (UBSAN), with the printk caller id
        (
            "[  175.968362][T13309] UBSAN: array-index-out-of-bounds in arch/x86/kernel/uprobes.c:263:56",
            "UBSAN: array-index-out-of-bounds",
            "crash",
        ),
        # Documentation/RCU/stallwarn.rst
        ("INFO: rcu_sched detected stalls on CPUs/tasks:", "INFO: rcu detected stall", "timeout"),
        # syzkaller pkg/report/testdata/linux/report/268: the `rcu: ` subsystem prefix
        ("[  328.823841] rcu: INFO: rcu_preempt self-detected stall on CPU", "INFO: rcu detected stall", "timeout"),
        # syzkaller pkg/report/testdata/linux/report/433 (hung task detector)
        ("INFO: task syz-executor.2:28539 blocked for more than 143 seconds.", "INFO: task hung", "timeout"),
        # syzkaller pkg/report/testdata/linux/report/31: lockdep's pre-4.14 bracketed banner
        ("[   48.981019] [ INFO: possible recursive locking detected ]", "possible deadlock", "crash"),
        # Documentation/locking/lockdep-design.rst
        ("WARNING: possible circular locking dependency detected", "possible deadlock", "crash"),
        # Documentation/admin-guide/bug-hunting.rst ("Where is the Oops message located?")
        ("BUG: unable to handle kernel NULL pointer dereference at (null)", "BUG: unable to handle kernel", "crash"),
        # syzkaller pkg/report/testdata/linux/report/677 (arm)
        (
            "[ 9171.691541][T26146] Unable to handle kernel NULL pointer dereference at virtual address 00000000",
            "BUG: unable to handle kernel",
            "crash",
        ),
        # syzkaller pkg/report/testdata/linux/report/148
        ("general protection fault: 0000 [#1] SMP KASAN", "general protection fault", "crash"),
        # syzkaller pkg/report/testdata/linux/report/375
        (
            "[   76.428565][    C0] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:908",
            "BUG: sleeping function called from invalid context",
            "crash",
        ),
        # syzkaller pkg/report/testdata/linux/report/53: Go log prefix of the syzkaller manager
        ("2018/01/09 14:28:48 BUG: memory leak", "memory leak", "crash"),
        # Documentation/dev-tools/kmemleak.rst
        ("unreferenced object 0xffff89862ca702e8 (size 32):", "memory leak", "crash"),
    ],
)
def test_kernel_report_titles(line: str, kind: str, hint: str) -> None:
    record = causes(extract_document(bytes_doc("console.log", f"{line}\n".encode())))[0]
    assert (record.exception_type, record.tool_hint, record.framework) == (kind, hint, "kernel")
    assert record.line_start == 1


def test_kernel_warning_drops_cpu_and_offsets() -> None:
    # syzkaller pkg/report/testdata/linux/report/405
    line = "[ 1191.421477][ T6711] WARNING: CPU: 1 PID: 6711 at lib/refcount.c:156 refcount_inc_checked+0x59/0x60\n"
    record = causes(extract_document(bytes_doc("console.log", line.encode())))[0]
    assert (record.exception_type, record.message) == ("WARNING", "WARNING: at lib/refcount.c:156 refcount_inc_checked")


def test_oops_header_and_panic_after_a_title_are_symptoms() -> None:
    # syzkaller pkg/report/testdata/linux/report/577
    log = (
        "[  413.263841][T16632] ------------[ cut here ]------------\n"
        "[  413.270117][T16632] kernel BUG at include/linux/highmem.h:202!\n"
        "[  413.276313][T16632] invalid opcode: 0000 [#1] PREEMPT SMP KASAN\n"
        "[  413.282524][T16632] CPU: 0 PID: 16632 Comm: syz-executor.3 Not tainted 5.17.0-syzkaller #0\n"
        "[  413.400040][T16632] Kernel panic - not syncing: Fatal exception\n"
    )
    extraction = extract_document(bytes_doc("console.log", log.encode()))
    assert [(r.exception_type, r.line_start) for r in causes(extraction)] == [("kernel BUG", 2)]
    assert [r.line_start for r in symptoms(extraction)] == [3, 5]


def test_different_crash_kinds_are_different_types() -> None:
    kinds = {
        r.exception_type
        for line in (
            "BUG: KASAN: use-after-free in __lock_acquire+0x302a/0x3b50",
            "BUG: KASAN: slab-out-of-bounds in test_and_clear_bit+0x1a/0x25",
            "kernel BUG at fs/buffer.c:1917!",
            "BUG: KMSAN: kernel-infoleak in _copy_to_user+0x1c9/0x270",
        )
        for r in _records(line + "\n")
    }
    assert len(kinds) == 4


@pytest.mark.parametrize(
    ("log", "kind", "message"),
    [
        # The Go race detector (go.dev/doc/articles/race_detector, "Report Format")
        (
            "WARNING: DATA RACE\nRead by goroutine 185:\n  net.(*pollServer).AddFD()\n"
            "      src/net/fd_unix.go:89 +0x398\n",
            "DATA RACE",
            "DATA RACE in net.(*pollServer).AddFD",
        ),
        # The Go runtime's unrecoverable errors (runtime/map.go `fatal("concurrent map writes")`)
        ("fatal error: concurrent map writes\n", "concurrent map writes", "fatal error: concurrent map writes"),
        # A Go program killed by a signal (syzkaller pkg/report/testdata/gvisor/report/12)
        (
            "SIGSEGV: segmentation violation\nPC=0x881300 m=79 sigcode=128\n",
            "SIGSEGV",
            "SIGSEGV: segmentation violation",
        ),
        # Chromium's stack-trace signal handler (clusterfuzz stack_analyzer_data/generic_segv.txt)
        ("Received signal 11 SEGV_MAPERR 7f6b0c580000\n", "SIGSEGV", "Received signal 11 SEGV_MAPERR 7f6b0c580000"),
        # Android's debuggerd via libc (clusterfuzz stack_analyzer_data/android_null_stack.txt)
        (
            "Fatal signal 11 (SIGSEGV), code 2, fault addr 0xb6e43000 in tid 1544 (surfaceflinger)\n",
            "SIGSEGV",
            "Fatal signal 11 (SIGSEGV), code 2, fault addr 0xb6e43000 in tid 1544 (surfaceflinger)",
        ),
        # glibc's dynamic loader (clusterfuzz stack_analyzer_data/missing_library_linux.txt)
        (
            "./test: error while loading shared libraries: libtest.so.1: cannot open shared object file: "
            "No such file or directory\n",
            "missing library",
            "error while loading shared libraries: libtest.so.1",
        ),
        # V8's fatal error banner (clusterfuzz stack_analyzer_data/v8_fatal_error_no_check.txt)
        (
            "#\n# Fatal error in v8::HandleScope::CreateHandle()\n# Cannot create a handle without a HandleScope\n#\n",
            "Fatal error",
            "Fatal error in v8::HandleScope::CreateHandle(): Cannot create a handle without a HandleScope",
        ),
        # Jazzer (clusterfuzz stack_analyzer_data/java_IllegalStateException.txt)
        (
            "== Java Exception: java.lang.IllegalStateException: mustNeverBeCalled has been called\n"
            "\tat ExampleValueProfileFuzzer.mustNeverBeCalled(ExampleValueProfileFuzzer.java:51)\n",
            "IllegalStateException",
            "java.lang.IllegalStateException: mustNeverBeCalled has been called",
        ),
        # Android's CHECK_EQ (clusterfuzz stack_analyzer_data/check_failure_android_media.txt)
        (
            "frameworks/av/media/libstagefright/MPEG4Extractor.cpp:3301 "
            "CHECK_EQ( (unsigned)ptr[0],1u) failed: 25 vs. 1\n",
            "CHECK failure",
            "CHECK_EQ( (unsigned)ptr[0],1u) failed: 25 vs. 1",
        ),
    ],
)
def test_runtime_crash_reports(log: str, kind: str, message: str) -> None:
    record = causes(extract_document(bytes_doc("crash.log", log.encode())))[0]
    assert (record.exception_type, record.message, record.severity) == (kind, message, Severity.ERROR)


def test_glog_prefix_is_stripped_and_fatal_lines_found() -> None:
    # syzkaller pkg/report/testdata/gvisor/report/10: runsc's glog-prefixed log
    log = "W0622 11:59:19.138728   18712 x:0] FATAL ERROR: error running container: err waiting on container: EOF\n"
    record = _records(log)[0]
    assert record.message == "FATAL ERROR: error running container: err waiting on container: EOF"
    assert record.severity is Severity.ERROR and record.role is Role.CAUSE


@pytest.mark.parametrize(
    ("log", "kind"),
    [
        # FreeBSD's trap handler (syzkaller pkg/report/testdata/freebsd; FreeBSD Handbook "Kernel Debugging")
        ("Fatal trap 12: page fault while in kernel mode\n", "Fatal trap"),
        # FreeBSD witness(4)
        ("lock order reversal:\n 1st 0xfffff80003e7c4a0 ufs (ufs) @ kern/vfs_subr.c:2600\n", "lock order reversal"),
        # journalctl -k / syslog: the host and `kernel:` tag before the printk line
        (
            "Feb 13 09:58:31 buildhost kernel: [  328.8] BUG: soft lockup - CPU#0 stuck for 22s! [a.out:1234]\n",
            "BUG: soft lockup",
        ),
        # OpenBSD's and NetBSD's kernel faults and witness (shapes syzkaller's pkg/report/openbsd.go, netbsd.go read)
        ("uvm_fault(0xffffffff81e8e3a0, 0x0, 0, 1) -> e\n", "page fault"),
        ("kernel: page fault trap, code=0\nStopped at      pool_do_get+0x3a:\n", "page fault"),
        ("fatal page fault in supervisor mode\n", "fatal page fault"),
        ("witness: thread 0xffff800022e5e7e0 exiting with the following locks held:\n", "witness"),
        # Zircon (shapes syzkaller's pkg/report/fuchsia.go reads)
        ("ZIRCON KERNEL PANIC\n", "Kernel panic"),
        ("<== fatal exception: process /boot/bin/sh[1234] thread initial-thread[1236]\n", "fatal exception"),
        # mm/oom_kill.c's memcg message
        ("Memory cgroup out of memory: Killed process 4242 (java) total-vm:8123456kB\n", "out of memory"),
    ],
)
def test_more_kernel_titles(log: str, kind: str) -> None:
    record = causes(extract_document(bytes_doc("console.log", log.encode())))[0]
    assert (record.exception_type, record.framework) == (kind, "kernel")


@pytest.mark.parametrize(
    ("log", "kind", "message"),
    [
        # HotSpot's fatal error log header (Java troubleshooting guide, "Fatal Error Log")
        (
            "#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n"
            "#  SIGSEGV (0xb) at pc=0x00007f0f8a7a4a4e, pid=24158, tid=24159\n",
            "SIGSEGV",
            "JVM fatal error: SIGSEGV (0xb) at pc=0x00007f0f8a7a4a4e, pid=24158, tid=24159",
        ),
        # .NET runtime's unhandled-exception report (docs: "Unhandled exceptions", .NET 5+)
        (
            "Unhandled exception. System.InvalidOperationException: Sequence contains no elements\n"
            "   at System.Linq.ThrowHelper.ThrowNoElementsException()\n",
            "InvalidOperationException",
            "System.InvalidOperationException: Sequence contains no elements",
        ),
        # The Dart VM (dart.dev "Error handling"): the exception is on the next line
        (
            "Unhandled exception:\nBad state: No element\n#0      List.first (dart:core-patch/growable_array.dart)\n",
            "Bad state",
            "Bad state: No element",
        ),
        # Ruby's uncaught exception (ruby -e 'foo' style, Exception#full_message)
        (
            "app.rb:3:in `<main>': undefined local variable or method `foo' for main:Object (NameError)\n",
            "NameError",
            "NameError: undefined local variable or method `foo' for main:Object",
        ),
        # The Swift runtime's trap message
        (
            "Swift/ContiguousArrayBuffer.swift:600: Fatal error: Index out of range\n",
            "Fatal error",
            "Fatal error: Index out of range",
        ),
        # libc++abi on macOS
        (
            "libc++abi: terminating due to uncaught exception of type std::runtime_error: boom\n",
            "std::runtime_error",
            "std::runtime_error: boom",
        ),
        # assert(3) on macOS/BSD libc, MSVC CRT and musl
        ("Assertion failed: (x > 0), function main, file test.c, line 5.\n", "assertion", "Assertion failed: (x > 0)"),
        ("Assertion failed: x > 0, file test.c, line 5\n", "assertion", "Assertion failed: x > 0"),
        ("Assertion failed: x > 0 (test.c: main: 5)\n", "assertion", "Assertion failed: x > 0"),
        # Valgrind user manual ("Quick Start", interpreting Memcheck's output)
        (
            "==19182== Invalid write of size 4\n==19182==    at 0x804838F: f (example.c:6)\n",
            "Invalid write",
            "valgrind: Invalid write of size 4",
        ),
        (
            "==19182== 40 bytes in 1 blocks are definitely lost in loss record 1 of 1\n",
            "memory leak",
            "valgrind: 40 bytes in 1 blocks are definitely lost in loss record 1 of 1",
        ),
        # Apple's crash report (developer docs, "Understanding the exception types in a crash report")
        ("Exception Type:  EXC_BAD_ACCESS (SIGSEGV)\n", "SIGSEGV", "EXC_BAD_ACCESS (SIGSEGV)"),
        # Android tombstone (source.android.com, "Diagnosing native crashes")
        (
            "signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0\n",
            "SIGSEGV",
            "signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0",
        ),
        # Centipede's runner (clusterfuzz stack_analyzer_data/centipede_slo.txt, centipede_oom.txt)
        (
            "CRASH LOG: ========= Per-input timeout exceeded: 6 > 5 (sec); exiting\n",
            "Per-input timeout exceeded",
            "CRASH LOG: ========= Per-input timeout exceeded: 6 > 5 (sec); exiting",
        ),
        # PySecSan (clusterfuzz stack_analyzer_data/pysecsan_command_os_system.txt)
        (
            "===BUG DETECTED: PySecSan: Command injection ===\n",
            "PySecSan: Command injection",
            "BUG DETECTED: PySecSan: Command injection",
        ),
        # Android's dynamic linker (clusterfuzz stack_analyzer_data/missing_library_android.txt)
        (
            'CANNOT LINK EXECUTABLE "/build/vts_proto_fuzzer": library "libvts_codecoverage.so" not found\n',
            "missing library",
            "library libvts_codecoverage.so not found",
        ),
        # syzkaller's executor (syzkaller pkg/report/testdata/linux/report/717)
        ("SYZFAIL: SIGBUS\n", "SYZFAIL", "SYZFAIL: SIGBUS"),
        # R (an R CMD check log)
        (
            "Error in library(foo) : there is no package called 'foo'\n",
            "Error",
            "Error in library(foo) : there is no package called 'foo'",
        ),
    ],
)
def test_runtime_crash_headers(log: str, kind: str, message: str) -> None:
    record = causes(extract_document(bytes_doc("crash.log", log.encode())))[0]
    assert (record.exception_type, record.message, record.severity) == (kind, message, Severity.ERROR)
