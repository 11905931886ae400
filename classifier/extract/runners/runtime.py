"""Crash reports of language runtimes and debugging tools, by each one's own header line.

Formats: the HotSpot JVM's fatal error log header (`# A fatal error has been detected by the Java Runtime
Environment:` then `#  SIGSEGV (0xb) at pc=...`); .NET's `Unhandled exception. System.X: msg`; Dart's
`Unhandled exception:` and its next line; Ruby's uncaught exception `file.rb:12:in 'm': msg (NameError)`;
Swift's runtime trap `Fatal error: msg`; libc++abi's `terminating due to uncaught exception of type T: msg`;
C `assert` on BSD/macOS/Windows (`Assertion failed: (x), function f, file a.c, line 12.`) and musl
(`Assertion failed: x (a.c: f: 12)`); Valgrind memcheck's error kinds (`==123== Invalid read of size 4`);
Apple crash reports' `Exception Type:  EXC_BAD_ACCESS (SIGSEGV)`; Android tombstones' `signal 11 (SIGSEGV)`;
R's `Error in f(x) : msg`; fuzzing engines' verdicts (Centipede's `Per-input timeout exceeded`, PySecSan's
`BUG DETECTED`, V8's `# V8 correctness failure`), Android's `CANNOT LINK EXECUTABLE` and WinDbg/cdb's
`!analyze -v` exception record (`ExceptionCode: c0000094 (Integer divide-by-zero)`), stack overflows (Rust's
`thread 'x' has overflowed its stack`, .NET's `Stack overflow.`), V8's heap exhaustion (`FATAL ERROR: ... Allocation
failed - JavaScript heap out of memory`) and the Erlang VM halting (`Kernel pid terminated`, `Crash dump is being
written to`). The crash kind is the record's exception_type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, loc
from classifier.model import Role


def _crash(message: str, kind: str, framework: str = "", after: int = 12) -> LineMatch:
    hint = "oom" if "out of memory" in message.lower() or "OutOfMemory" in kind else "crash"
    return LineMatch(message, framework, hint, exception_type=kind, before=1, after=after)


_JVM_SIGNAL = re.compile(
    r"^#\s+(?P<kind>SIG[A-Z]+|EXCEPTION_[A-Z_]+|Internal Error|Out of Memory Error)\b(?P<rest>.*)$"
)


def jvm_fatal(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """HotSpot's `# A fatal error has been detected ...`: the kind is on a `#  SIGSEGV (0xb) at pc=` line below."""
    for line in following[:4]:
        found = _JVM_SIGNAL.match(line[line.find("#") :] if "#" in line else line)  # surefire's `SUREFIRE-859: #`
        if found:
            kind = found.group("kind")
            return _crash(f"JVM fatal error: {kind}{found.group('rest').rstrip()}", kind, "java", 20)
    return _crash("JVM fatal error", "JVM fatal error", "java", 20)


def unhandled(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Unhandled exception. System.InvalidOperationException: msg` (.NET) or `Unhandled exception:` (Dart)."""
    body = (m.group("body") or "").strip()
    if not body:
        body = next((line.strip() for line in following[:2] if line.strip()), "")
    if not body:
        return None
    head = body.split(":", 1)[0].strip() if ":" in body else ""
    kind = head.rsplit(".", 1)[-1] if head and len(head) <= 60 else "Unhandled exception"
    return _crash(body, kind, "dotnet" if m.group("dot") else "dart")


def ruby_uncaught(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Ruby's uncaught exception: `app.rb:12:in 'foo': undefined method 'x' for nil (NoMethodError)`."""
    exc = m.group("exc")
    location = loc(m.group("file"), m.group("line"))
    message = f"{exc}: {m.group('msg').strip()}"
    return LineMatch(message, "ruby", "", exception_type=exc.rsplit("::", 1)[-1], location=location, after=12)


def swift_fatal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Swift's runtime trap `Swift/Array.swift:418: Fatal error: Index out of range`."""
    return _crash(f"Fatal error: {m.group('msg').strip()}", "Fatal error", "swift")


def libcxx_terminate(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """libc++abi: `terminating due to uncaught exception of type std::runtime_error: msg`."""
    exc = m.group("exc").strip()
    return _crash(f"{exc}: {m.group('msg').strip()}", exc, "", 6)


def c_assert(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`Assertion failed: (x > 0), function main, file a.c, line 12.` and musl's `(a.c: main: 12)`."""
    file, line = m.group("file") or m.group("mfile"), m.group("line") or m.group("mline")
    message = f"Assertion failed: {m.group('expr').strip()}"
    location = loc(file, line) if file else None
    return LineMatch(message, "", "crash", exception_type="assertion", location=location, before=2, after=8)


def valgrind(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Valgrind memcheck's error header: the kind (`Invalid read`, `definitely lost`) is the exception type."""
    text = m.group("kind").strip()
    kind = "memory leak" if "definitely lost" in text else re.sub(r" of size \d+| \d+ bytes.*", "", text)
    return _crash(f"valgrind: {text}", kind, "valgrind", 16)


def apple_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """An Apple crash report's `Exception Type:  EXC_BAD_ACCESS (SIGSEGV)`."""
    kind = m.group("sig") or m.group("exc")
    return _crash(f"{m.group('exc')} ({m.group('sig')})" if m.group("sig") else m.group("exc"), kind, "", 16)


def tombstone_signal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """An Android tombstone's `signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0`."""
    return _crash(m.string.strip(), m.group("sig"), "", 16)


_R_SOURCE = re.compile(r"^(?P<file>[^\s:]+\.[Rr]):(?P<line>\d+):(?P<col>\d+): \S")
_R_TESTS = "tests/"  # R CMD check runs a package's tests from its tests/ folder (testthat/x.R is tests/testthat/x.R)


def r_error(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """R's `Error in library(foo) : there is no package called 'foo'` (the message may wrap to the next line);
    a parse error's message starts with the source position (`testthat/x.R:3:70: unexpected '{'`)."""
    msg = m.group("msg").strip() or next((line.strip() for line in following[:1]), "")
    found = _R_SOURCE.match(msg)
    where = None
    if found is not None:
        file = found.group("file")
        where = loc(_R_TESTS + file if file.startswith("testthat/") else file, found.group("line"), found.group("col"))
    message = f"Error in {m.group('call').strip()} : {msg}"
    return LineMatch(message, "r", "", exception_type="Error", location=where, after=6)


def debugger_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """WinDbg/cdb `!analyze -v`: the exception record's `ExceptionCode: c0000094 (Integer divide-by-zero)`."""
    return _crash(f"{m.group('kind')} (exception code {m.group('code')})", m.group("kind"), "windbg")


def fuzzer_stop(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A fuzzing engine's own verdict: Centipede's `Per-input timeout exceeded`, PySecSan's `BUG DETECTED`,
    V8's `# V8 correctness failure`."""
    kind = m.group("kind").strip()
    hint = "timeout" if "timeout" in kind.lower() else "oom" if "RSS" in kind else "crash"
    return LineMatch(m.string.strip().strip("=# "), "fuzzer", hint, exception_type=kind, before=1, after=10)


def cannot_link(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Android's linker: `CANNOT LINK EXECUTABLE "/bin/x": library "libfoo.so" not found`."""
    lib = m.group("lib")
    return LineMatch(f"library {lib} not found", "", "dependency", exception_type="missing library", after=2)


def stack_overflow(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Rust's `thread 'tests::x' has overflowed its stack` (its test's thread name is the test id); the runtime's
    `fatal runtime error: stack overflow` under it is the same crash (runtime_abort); .NET's bare `Stack overflow.`."""
    thread = m.group("thread") or ""
    test = thread if "::" in thread else ""
    return LineMatch(
        m.string.strip(),
        "cargo" if thread else "dotnet",
        "crash",
        exception_type="stack overflow",
        test_id=test,
        before=2,
        after=6,
    )


def runtime_abort(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Rust's `fatal runtime error: stack overflow, aborting`: the runtime's abort, a symptom of the report above
    it (a thread's stack overflow) and the crash itself when nothing is above it."""
    kind = m.group("msg").split(",", 1)[0].strip()
    return LineMatch(m.string.strip(), "cargo", "crash", Role.SYMPTOM, exception_type=kind, before=4, after=4)


def v8_oom(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """V8's (node's) `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory`."""
    return LineMatch(m.string.strip(), "node", "oom", exception_type=m.group("kind"), before=4, after=6)


def erlang_vm(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The Erlang VM halting: `Kernel pid terminated (application_controller) (reason)`, `Runtime terminating
    during boot (reason)`, `System process <0.0.0> terminated: reason`; its `Crash dump is being written to:
    erl_crash.dump...done` after them is a symptom of the crash they report (the crash when alone)."""
    if m.string.lstrip().startswith("Crash dump"):
        return LineMatch(m.string.strip(), "erlang", "crash", Role.SYMPTOM, exception_type="Erlang crash dump")
    return LineMatch(m.string.strip(), "erlang", "crash", exception_type=m.group("what"), before=4, after=6)


def access_violation(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A Windows runtime's report of an access violation (Delphi's `Access violation at address 00405F3C in
    module 'x.exe'`, Orange C's `Access Violation:(x.exe)` over its registers)."""
    return LineMatch(m.string.strip(), "", "crash", exception_type="access violation", before=2, after=8)


def handler_threw(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The JVM's `Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler in thread "x"`."""
    exc = m.group("exc").rsplit(".", 1)[-1]
    return LineMatch(m.string.strip(), "java", "oom" if "OutOfMemory" in exc else "", exception_type=exc, after=4)


_EXC = r"[A-Za-z_][\w.]*(?:Exception|Error)"
# (needle in the lowered line, pattern matched at the line's start, builder)
ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        "fatal error has been detected",
        r"^# A fatal error has been detected by the Java Runtime Environment:",
        jvm_fatal,
    ),
    (
        "unhandled exception",
        rf"^Unhandled [Ee]xception(?P<dot>\. )?(?::|\. )?\s*(?P<body>(?:{_EXC}:? .*)?)$",
        unhandled,
    ),
    (
        ":in ",
        r"^(?P<file>\S+\.rb):(?P<line>\d+):in [`'](?P<meth>[^']+)': (?P<msg>.+) \((?P<exc>[A-Z][\w:]*)\)$",
        ruby_uncaught,
    ),
    ("fatal error: ", r"^(?:\S+\.swift:\d+: )?Fatal error: (?P<msg>.+)$", swift_fatal),
    (
        "uncaught exception of type",
        r"^libc\+\+abi(?:\.dylib)?: terminating(?: with| due to) uncaught exception of type"
        r" (?P<exc>.+?): (?P<msg>.*)$",
        libcxx_terminate,
    ),
    (
        "assertion failed: ",
        r"^Assertion failed: (?P<expr>.+?)(?:, function [^,]+)?(?:, file (?P<file>[^,]+), line (?P<line>\d+)\.?"
        r"| \((?P<mfile>[^:]+): [^:]+: (?P<mline>\d+)\))$",
        c_assert,
    ),
    (
        "==",
        r"^==\d+== (?P<kind>Invalid (?:read|write) of size \d+|Invalid free\(\).*|Mismatched free\(\).*"
        r"|Conditional jump or move depends on uninitialised value.*|Use of uninitialised value.*"
        r"|Syscall param .+ uninitialised byte.*|Source and destination overlap.*"
        r"|[\d,]+ bytes in [\d,]+ blocks are definitely lost.*)$",
        valgrind,
    ),
    ("exception type:", r"^Exception Type:\s+(?P<exc>EXC_\w+)(?: \((?P<sig>SIG\w+)\))?", apple_exception),
    ("signal", r"^signal \d+ \((?P<sig>SIG[A-Z]+)\), code ", tombstone_signal),
    ("error in ", r"^Error in (?P<call>.+?) : ?(?P<msg>.*)$", r_error),
    (
        "exceeded",
        r"^(?:CRASH LOG: )?=+ (?P<kind>Per-input timeout exceeded|Per-batch timeout exceeded|RSS limit exceeded)\b.*",
        fuzzer_stop,
    ),
    ("bug detected", r"^=+\s*BUG DETECTED: (?P<kind>[^=]+?)\s*=*$", fuzzer_stop),
    ("correctness failure", r"^# (?P<kind>V8 correctness failure)$", fuzzer_stop),
    ("exceptioncode:", r"^\s*ExceptionCode: (?P<code>[0-9a-f]{8}) \((?P<kind>[^)]+)\)$", debugger_exception),
    ("cannot link executable", r'^CANNOT LINK EXECUTABLE "[^"]*": library "(?P<lib>[^"]+)" not found', cannot_link),
    ("overflowed its stack", r"^thread '(?P<thread>[^']*)'(?: \(\d+\))? has overflowed its stack$", stack_overflow),
    ("stack overflow.", r"^(?P<thread>)Stack overflow\.$", stack_overflow),
    ("fatal runtime error: ", r"^fatal runtime error: (?P<msg>\S.*)$", runtime_abort),
    (
        "allocation failed",
        r"^FATAL ERROR: .*\bAllocation failed - (?P<kind>(?:JavaScript heap|process) out of memory)\s*$",
        v8_oom,
    ),
    ("access violation", r"^Access [Vv]iolation(?::\(| at address )", access_violation),
    (
        "uncaughtexceptionhandler",
        r'^Exception: (?P<exc>[\w.$]+(?:Error|Exception)) thrown from the UncaughtExceptionHandler in thread ".*"$',
        handler_threw,
    ),
    ("kernel pid terminated", r"^(?P<what>Kernel pid terminated) \(.+\)$", erlang_vm),
    ("runtime terminating", r"^(?P<what>Runtime terminating during boot) \(.+\)$", erlang_vm),
    ("system process", r"^(?P<what>System process) <[\d.]+> terminated: .+$", erlang_vm),
    ("crash dump is being written", r"^Crash dump is being written to: \S+?(?:\.\.\.done)?$", erlang_vm),
)
