"""Process deaths as the tool that ran the process reports them: the crash type from the signal or status named.

Formats: cargo's `process didn't exit successfully: `x` (signal: 11, SIGSEGV: invalid memory reference)` and
`(exit code: 0xc0000005, STATUS_ACCESS_VIOLATION)`; SwiftPM's `error: Exited with signal code 11` (`Exited with
unexpected signal code 6`); gdb's `Program terminated with signal SIGSEGV, Segmentation fault.`; vstest's
`The active test run was aborted. Reason: Test host process crashed : Unhandled exception. System.X: msg` (or
`: Stack overflow.`). CTest's status column `***Exception: SegFault` (`Illegal`, `Numerical`, `Subprocess
aborted`, `Exit code 0xc0000374`) is read by analyzers.py's ctest_case with ctest_crash; a Windows crash status
as an exit code (NTSTATUS: -1073741819 is 0xC0000005, an access violation) by base.py's exit_code. The record
is a crash report (tool hint `crash`) whose exception_type is the signal or status.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, ntstatus

SIGNALS = {
    "4": "SIGILL",
    "5": "SIGTRAP",
    "6": "SIGABRT",
    "7": "SIGBUS",
    "8": "SIGFPE",
    "9": "SIGKILL",
    "11": "SIGSEGV",
    "15": "SIGTERM",
}
# CTest's names of how a test process ended (cmCTestRunTest)
_CTEST = {"segfault": "SIGSEGV", "illegal": "SIGILL", "numerical": "SIGFPE", "bus error": "SIGBUS"}


def _crash(m: re.Match[str], kind: str, framework: str = "", after: int = 6) -> LineMatch:
    hint = "oom" if kind == "SIGKILL" else "crash"
    return LineMatch(m.string.strip(), framework, hint, exception_type=kind, before=6, after=after)


def cargo_exit(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """cargo's test binary that died: by a signal, or (Windows) with a crash status."""
    kind = m.group("sig") or ntstatus(m.group("code") or "")
    return _crash(m, kind, "cargo") if kind else None


def numbered(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A runner naming the signal by its number (SwiftPM's `error: Exited with signal code 11`)."""
    number = m.group("num")
    return _crash(m, SIGNALS.get(number, f"signal {number}"))


def ctest_crash(what: str, code: str, aborted: bool) -> str:
    """The crash type of CTest's `***Exception: SegFault` status (`Exit code 0xc0000374***Exception:`,
    `Subprocess aborted***Exception:`): the signal or Windows status, else CTest's own word for it."""
    return _CTEST.get(what.lower()) or ntstatus(code) or ("SIGABRT" if aborted else "") or what or "crash"


def named_signal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """gdb's `Program terminated with signal SIGSEGV, Segmentation fault.` (older gdb: `signal 6, Aborted.`)."""
    number = m.group("num") or ""
    return _crash(m, m.group("sig") or SIGNALS.get(number, f"signal {number}"), "gdb", after=12)


# the runtime's last words: `Unhandled exception. System.X: msg`, `Fatal error. System.AccessViolationException: msg`
_UNHANDLED = re.compile(r"^(?:Unhandled [Ee]xception|Fatal error)\.? (?P<exc>[A-Za-z_][\w.]*(?:Exception|Error))\b")


def test_host_crash(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """vstest's test host that crashed, with the runtime's last words: an unhandled exception or a stack overflow."""
    reason = (m.group("reason") or "").strip()
    unhandled = _UNHANDLED.match(reason)
    if unhandled:
        kind = unhandled.group("exc").rsplit(".", 1)[-1]
    elif "stack overflow" in reason.lower() or "StackOverflowException" in reason:
        kind = "stack overflow"
    else:
        kind = "test host crash"
    return LineMatch(m.string.strip(), "dotnet", "crash", exception_type=kind, before=2, after=8)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        "didn't exit successfully",
        r"process didn't exit successfully: .*\((?:signal: \d+, (?P<sig>SIG[A-Z]+)\b[^)]*"
        r"|exit code: (?P<code>0x[0-9a-fA-F]{8}|-?\d{5,})\b[^)]*)\)\s*$",
        cargo_exit,
    ),
    ("signal code", r"^(?:error: )?Exited with (?:unexpected )?signal code (?P<num>\d+)\b", numbered),
    (
        "terminated with signal",
        r"^Program terminated with signal (?:(?P<sig>SIG[A-Z]+)\b|(?P<num>\d+), )",
        named_signal,
    ),
    (
        "test host process crashed",
        r"^The active test run was aborted\. Reason: Test host process crashed(?: : (?P<reason>.*))?$",
        test_host_crash,
    ),
)
