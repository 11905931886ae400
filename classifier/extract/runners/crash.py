"""Crashes: sanitizer and libFuzzer reports, fatal signals, aborts, CHECK and assert failures, C++ terminate.

Kernel console reports: `BUG:`/`KASAN:`/`UBSAN:` titles, `WARNING: CPU:`, `general protection fault`,
`Kernel panic - not syncing`, hung tasks and RCU stalls.

Formats: the sanitizers' report header `==PID==ERROR: AddressSanitizer: <kind> on address ...` (also
ThreadSanitizer/LeakSanitizer/MemorySanitizer/UBSan, `WARNING:` for races) and `SUMMARY:` line, UBSan's
`file:line:col: runtime error: ...`, libFuzzer's `==PID== ERROR: libFuzzer: deadly signal|timeout|
out-of-memory`; shells' `Segmentation fault (core dumped)`, `Aborted`, `Bus error`; glibc's
`prog: file.c:12: func: Assertion `x' failed.`; Chromium/absl `Check failed: x`; libstdc++'s
`terminate called after throwing an instance of 'T'`; glibc's heap checks (`double free or corruption
(out)`). The crash kind is the record's exception_type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch, loc
from classifier.model import Role

# the end of a sanitizer's crash type: its address, pc or frame, or (a `SUMMARY:` line) the place after it
_KIND_END = re.compile(r"\s+(?:on (?:unknown )?address|in |at pc|after |\S*[/.]\S*:\d|\?\?)|\s*[(:]|\s*$")
_LEAKED = re.compile(r"^\d+ byte\(s\) leaked in ")
_SIGNALS = {
    "segmentation fault": "SIGSEGV",
    "bus error": "SIGBUS",
    "aborted": "SIGABRT",
    "illegal instruction": "SIGILL",
    "floating point exception": "SIGFPE",
    "killed": "SIGKILL",
    "abort trap": "SIGABRT",
}


def signal_of(words: str) -> str:
    """The signal a shell's or runtime's words name (`Segmentation fault` -> SIGSEGV), "" for none."""
    lowered = words.lower()
    return next((sig for word, sig in _SIGNALS.items() if word in lowered), "")


def sanitizer(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`==1==ERROR: AddressSanitizer: heap-use-after-free on address ...` -> kind heap-use-after-free."""
    tool = m.group("tool")
    rest = m.group("rest").strip()
    end = _KIND_END.search(rest)
    kind = rest[: end.start()].strip() if end else rest
    if _LEAKED.match(rest):  # ASan's summary of LeakSanitizer's report: `SUMMARY: ... 16 byte(s) leaked in 1 ...`
        kind = "detected memory leaks"
    hint = "crash"
    lowered = rest.lower()
    if "out-of-memory" in lowered or "out of memory" in lowered or "rss limit" in lowered:
        hint = "oom"
    elif lowered.startswith("timeout"):
        hint = "timeout"
    # a `SUMMARY:` line restates the report above it (UBSan's `undefined-behavior file:line` under its runtime error)
    role = Role.SYMPTOM if m.group(0).lstrip("# ").startswith("SUMMARY:") else Role.CAUSE
    return LineMatch(f"{tool}: {rest}", "sanitizer", hint, role, exception_type=kind or tool, before=2, after=12)


# UBSan's own names of its checks (ubsan_checks.inc, printed with report_error_type=1), by their messages
_UBSAN_KINDS = (
    ("misaligned address", "misaligned-pointer-use"),
    ("null pointer", "null-pointer-use"),
    ("applying non-zero offset", "nullptr-with-nonzero-offset"),
    ("applying zero offset to null", "nullptr-with-offset"),
    ("pointer index expression", "pointer-overflow"),
    ("addition of unsigned offset", "pointer-overflow"),
    ("subtraction of unsigned offset", "pointer-overflow"),
    ("cannot be represented in type 'unsigned", "unsigned-integer-overflow"),
    ("cannot be represented in type", "signed-integer-overflow"),
    ("division by zero", "integer-divide-by-zero"),
    ("is out of bounds for type", "out-of-bounds-index"),
    ("out of bounds for type", "out-of-bounds-index"),
    ("shift exponent", "invalid-shift-exponent"),
    ("left shift of", "invalid-shift-base"),
    ("is not a valid value for type 'bool'", "invalid-bool-load"),
    ("is not a valid value for type", "invalid-enum-load"),
    ("is outside the range of representable values", "float-cast-overflow"),
    ("insufficient space for an object", "insufficient-object-size"),
    ("control flow integrity check", "cfi-bad-type"),
    ("downcast of", "dynamic-type-mismatch"),
    ("member call on address", "dynamic-type-mismatch"),
    ("call to function", "function-type-mismatch"),
    ("variable length array bound", "non-positive-vla-index"),
    ("execution reached an unreachable", "unreachable-call"),
    ("without returning a value", "missing-return"),
    ("null pointer passed as argument", "invalid-null-argument"),
    ("implicit conversion", "implicit-conversion"),
)


def ubsan_kind(message: str) -> str:
    """UBSan's name of the check a `runtime error:` message reports (`load of misaligned address` ->
    misaligned-pointer-use); `undefined-behavior` (UBSan's summary word) for one it does not name."""
    return next((kind for words, kind in _UBSAN_KINDS if words in message), "undefined-behavior")


def ubsan(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    message = m.group("msg").strip()
    return LineMatch(
        f"runtime error: {message}",
        "sanitizer",
        "crash",
        exception_type=ubsan_kind(message),
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


HEAP = (  # glibc's malloc_printerr messages, with older glibc's `*** Error in `prog': ` around them
    r"^(?:\*\*\* Error in [`'][^`']*': )?(?P<msg>(?:double free or corruption \([!\w]+\)|free\(\): (?:invalid "
    r"(?:pointer|size|next size \(\w+\))|double free detected in tcache \d)|(?:malloc|malloc_consolidate|realloc|"
    r"munmap_chunk|_int_free|_int_malloc)\(\): [a-z][\w .()-]+|corrupted size vs\. prev_size|corrupted double-linked "
    r"list)(?:: 0x[0-9a-f]+)?)(?: \*\*\*)?\s*$"
)


def heap_check(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """glibc's malloc checks (malloc/malloc.c malloc_printerr): `double free or corruption (out)`, older
    glibc's `*** Error in `./prog': free(): invalid pointer: 0x... ***`; the process aborts after it. A double free
    detected as one (tcache's `free(): double free detected in tcache 2`) is that crash type."""
    message = m.group("msg").strip()
    kind = "double free" if "double free detected" in message else "heap corruption"
    return LineMatch(message, "", "crash", exception_type=kind, before=2, after=8)


def check_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(), "", "crash", exception_type="CHECK failure", before=2, after=10)


def cpp_terminate(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`terminate called after throwing an instance of 'std::runtime_error'` and its `  what():  msg` line."""
    what = next((line.split("what():", 1)[1].strip() for line in following[:3] if "what():" in line), "")
    message = f"{m.group('exc')}: {what}" if what else m.string.strip()
    return LineMatch(message, "", "crash", exception_type=m.group("exc"), before=2, after=6)


_SIGNAL_NUMBERS = {"4": "SIGILL", "5": "SIGTRAP", "6": "SIGABRT", "7": "SIGBUS", "8": "SIGFPE", "11": "SIGSEGV"}


def numbered_signal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Chromium's `Received signal 11 SEGV_MAPERR 7f6b0c580000`: the signal by its number."""
    signal = _SIGNAL_NUMBERS.get(m.group("num"), f"signal {m.group('num')}")
    return LineMatch(m.string.strip(), "", "crash", exception_type=signal, before=4, after=10)


_GO_KIND_END = re.compile(r"\s*(?:[\[(:]|\bafter\b|!$).*$")


def go_fatal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The Go runtime's `fatal error: concurrent map writes` (not recoverable, unlike a panic): the throw's
    words are the crash type (`all goroutines are asleep - deadlock`, `stack overflow`, `out of memory`)."""
    msg = m.group("msg").strip()
    hint = "oom" if "out of memory" in msg else "crash"
    kind = _GO_KIND_END.sub("", msg.removeprefix("runtime: ")) or "fatal error"
    return LineMatch(f"fatal error: {msg}", "go", hint, exception_type=kind, before=2, after=12)


_GO_FRAME = re.compile(r"^\s+(?P<func>[\w./*()-]+\.[\w.*()-]+)\(\)$")


def go_race(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The Go race detector's `WARNING: DATA RACE`; its first stack frame names where (`DATA RACE in f`)."""
    frame = next((f.group("func") for line in following[:4] if (f := _GO_FRAME.match(line))), "")
    where = frame.rsplit("/", 1)[-1]
    message = f"DATA RACE in {where}" if where else "DATA RACE"
    return LineMatch(message, "go", "crash", exception_type="DATA RACE", before=1, after=20)


def missing_library(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The dynamic loader's `prog: error while loading shared libraries: libx.so.1: cannot open ...`."""
    lib = m.group("lib")
    return LineMatch(
        f"error while loading shared libraries: {lib}", "", "dependency", exception_type="missing library", after=2
    )


def v8_fatal(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """V8's (and so Node's and d8's) `# Fatal error in file.cc, line 12` banner; the next `# ` line says what."""
    what = next((line[2:].strip() for line in following[:3] if line.startswith("# ") and line[2:].strip()), "")
    kind = m.group("kind")
    message = f"{kind} in {m.group('where').strip()}" + (f": {what}" if what else "")
    return LineMatch(message, "v8", "crash", exception_type=kind, before=1, after=10)


def fuzzer_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Jazzer's `== Java Exception: java.lang.IllegalStateException: msg` (an uncaught exception in a fuzz target)."""
    body = m.group("body").strip()
    exc = body.split(":", 1)[0].rsplit(".", 1)[-1]
    return LineMatch(body, "java", "crash", exception_type=exc, before=0, after=10)


def gecko_abort(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Gecko's fatal assertions and aborts (mfbt/Assertions.h, xpcom/base/nsDebugImpl.cpp): `Assertion failure:
    cond (msg), at file:line` (MOZ_ASSERT / MOZ_RELEASE_ASSERT), `Hit MOZ_CRASH(msg) at file:line`,
    `###!!! ABORT: msg: file file, line N`: the crash of the process they print before."""
    found = m.groupdict()
    where = loc(found["file"], found["line"]) if found.get("file") and found.get("line") else None
    kind = "assertion" if m.string.lstrip().startswith("Assertion") else "abort"
    return LineMatch(m.string.strip(), "", "crash", exception_type=kind, location=where, before=2, after=8)


GECKO_ENTRIES = (
    ("assertion failure: ", r"^Assertion failure: (?P<msg>.+?)(?:, at (?P<file>[^\s,]+):(?P<line>\d+))?\s*$"),
    ("moz_crash(", r"^Hit MOZ_CRASH\((?P<msg>.*)\) at (?P<file>[^\s:]+):(?P<line>\d+)"),
    ("###!!! abort", r"^###!!! ABORT: (?P<msg>.+?)(?:: file (?P<file>[^\s,]+)(?:, line |:)(?P<line>\d+))?\s*$"),
)
