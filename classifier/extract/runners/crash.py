"""Crashes: sanitizer and libFuzzer reports, fatal signals, aborts, CHECK and assert failures, C++ terminate.

Kernel console reports: `BUG:`/`KASAN:`/`UBSAN:` titles, `WARNING: CPU:`, `general protection fault`,
`Kernel panic - not syncing`, hung tasks and RCU stalls.

Formats: the sanitizers' report header `==PID==ERROR: AddressSanitizer: <kind> on address ...` (also
ThreadSanitizer/LeakSanitizer/MemorySanitizer/UBSan, `WARNING:` for races) and `SUMMARY:` line, UBSan's
`file:line:col: runtime error: ...`, libFuzzer's `==PID== ERROR: libFuzzer: deadly signal|timeout|
out-of-memory`; shells' `Segmentation fault (core dumped)`, `Aborted`, `Bus error`; glibc's
`prog: file.c:12: func: Assertion `x' failed.`; Chromium/absl `Check failed: x`; libstdc++'s
`terminate called after throwing an instance of 'T'`. The crash kind is the record's exception_type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch, loc

_KIND_END = re.compile(r"\s+(?:on (?:unknown )?address|in |at pc|after )|\s*[(:]|\s*$")
_SIGNALS = {
    "segmentation fault": "SIGSEGV",
    "bus error": "SIGBUS",
    "aborted": "SIGABRT",
    "illegal instruction": "SIGILL",
    "floating point exception": "SIGFPE",
    "killed": "SIGKILL",
}


def sanitizer(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`==1==ERROR: AddressSanitizer: heap-use-after-free on address ...` -> kind heap-use-after-free."""
    tool = m.group("tool")
    rest = m.group("rest").strip()
    end = _KIND_END.search(rest)
    kind = rest[: end.start()].strip() if end else rest
    hint = "crash"
    lowered = rest.lower()
    if "out-of-memory" in lowered or "out of memory" in lowered or "rss limit" in lowered:
        hint = "oom"
    elif lowered.startswith("timeout"):
        hint = "timeout"
    return LineMatch(f"{tool}: {rest}", "sanitizer", hint, exception_type=kind or tool, before=2, after=12)


def ubsan(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        f"runtime error: {m.group('msg').strip()}",
        "sanitizer",
        "crash",
        exception_type="runtime error",
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=8,
    )


def fatal_signal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A shell's or runtime's report of a fatal signal: the signal name is the exception type."""
    text = m.string.strip()
    lowered = text.lower()
    signal = m.groupdict().get("sig") or next((sig for word, sig in _SIGNALS.items() if word in lowered), "signal")
    hint = "oom" if signal == "SIGKILL" else "crash"
    return LineMatch(text, "", hint, exception_type=signal.upper(), before=8, after=4)


def glibc_assert(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        m.group("msg").strip(),
        "",
        "crash",
        exception_type="assertion",
        location=loc(m.group("file"), m.group("line")),
        before=2,
        after=8,
    )


def check_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "", "crash", exception_type="CHECK failure", before=2, after=10)


def cpp_terminate(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`terminate called after throwing an instance of 'std::runtime_error'` and its `  what():  msg` line."""
    what = next((line.split("what():", 1)[1].strip() for line in following[:3] if "what():" in line), "")
    message = f"{m.group('exc')}: {what}" if what else m.string.strip()
    return LineMatch(message, "", "crash", exception_type=m.group("exc"), before=2, after=6)


def kernel_report(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A kernel console report's title line (`BUG: KASAN: use-after-free in f`, `WARNING: CPU: 0 PID: 1 at ...`,
    `general protection fault`, `Kernel panic - not syncing:`, `INFO: task x blocked for more than 120 seconds`)."""
    text = m.group(0).strip()
    kind = text.split(" in ", 1)[0].split(":", 2)
    exc = ":".join(part.strip() for part in kind[:2]) if m.group("kind") else text.split(":", 1)[0]
    hint = "timeout" if m.group("info") else "crash"
    return LineMatch(text, "kernel", hint, exception_type=exc[:80], before=2, after=12)
