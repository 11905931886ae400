"""Kernel console reports: the title line of a Linux oops/BUG/WARNING splat, sanitizer (KASAN, KMSAN, KCSAN,
KFENCE, UBSAN), lockdep, RCU stall, hung task, lockup and memory-leak report, as dmesg, a serial console
or syzkaller prints them; FreeBSD's `Fatal trap 12:`, the BSDs' witness (`lock order reversal:`, `witness:`),
OpenBSD's `uvm_fault(` and `page fault trap`, NetBSD's `fatal page fault in supervisor mode`, macOS's
`panic(cpu 0 caller ...)`, Zircon's `ZIRCON KERNEL PANIC`, `ASSERT FAILED at` and `<== fatal exception`;
syzkaller's executor `SYZFAIL:` / `SYZFATAL:`.

Format: printk console output (Documentation/admin-guide/bug-hunting.rst, dev-tools/kasan.rst, kcsan.rst,
kmemleak.rst, RCU/stallwarn.rst, locking/lockdep-design.rst). A line may carry a `[  12.345678]`
timestamp (stripped before the matchers), a caller id `[ T1234]` / `[    C0]` (CONFIG_PRINTK_CALLER), a
syslog/journal `host kernel:` tag and a subsystem prefix (`rcu: `, `watchdog: `); KERNEL_PREFIX skips them here. The
title names the crash type; the record's exception_type is that type (`KASAN: use-after-free`, `kernel
BUG`, `INFO: task hung`) so reports of different kinds never share a fingerprint, and its message is the
title without call-site offsets (`+0x1a/0x30`) and CPU/PID numbers. The context is the report's block
(registers and call trace), bounded by the scanner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import LineMatch
from classifier.model import Role

# `[ T1234] ` / `[    C0] ` caller ids, `<4>` printk levels, syslog `kernel: `, subsystem prefixes
KERNEL_PREFIX = (
    r"(?:<\d>)?(?:\[ *[TC]\d+\] ?)?\s*(?:(?:\S+ )?kernel: (?:\[ *\d+\.\d+\] ?)?)?(?:(?:rcu|watchdog|NMI watchdog): )?"
)
_LOCKDEP = (
    r"possible (?:circular|recursive) locking(?: dependency)? detected|possible irq lock inversion dependency"
    r"|inconsistent lock state|suspicious RCU usage|bad unlock balance detected|held lock freed"
    r"|lock held when returning to user space|nested lock was not taken|(?:HARD|SOFT)IRQ-safe -> .+ lock order"
)
# the title shapes; `kind` names the crash type where the title does not start with it
TITLE = (
    rf"^{KERNEL_PREFIX}(?:\[ )?(?P<title>"
    r"BUG: .+"
    r"|(?:KASAN|KMSAN|KCSAN|KFENCE|UBSAN): .+"
    r"|WARNING: (?:CPU: \d+ PID: \d+ .+|(?:\S+:\d+ )?at .+|" + _LOCKDEP + r"|refcount bug.+|ODEBUG bug.+).*"
    r"|INFO: (?:task .+ blocked for more than \d+ seconds|rcu.+detected (?:expedited )?stalls?\b|"
    + _LOCKDEP
    + r"|trying to register non-static key).*"
    r"|kernel BUG at .+"
    r"|(?:general protection fault|divide error|invalid opcode|stack segment|double fault|alignment check)"
    r"(?::|,).*"
    r"|Internal error: Oops.*|Oops(?: - [\w ]+)?: .+"
    r"|Kernel panic - not syncing: .+"
    r"|Unable to handle kernel .+"
    r"|Watchdog detected hard LOCKUP.+"
    r"|unreferenced object 0x[0-9a-f]+ \(size \d+\):"
    r"|list_(?:add|del) corruption.+"
    r"|(?:Memory cgroup )?[Oo]ut of memory: .+|.+ invoked oom-killer: .+"
    r"|Fatal trap \d+: .+|lock order reversal:.*|panic\(cpu \d+ caller .+|ZIRCON KERNEL PANIC.*"
    r"|witness: .+|uvm_fault\(.+|page fault trap.*|fatal (?:page|protection|integer divide) fault in supervisor mode.*"
    r"|ASSERT FAILED at .+|<== fatal (?:exception|page fault).*|recursion in interrupt handler.*|KVM internal error.*"
    r"|SYZFAIL: .+|SYZFATAL: .+"
    r")(?: \])?$"
)
_OFFSET = re.compile(r"\+0x[0-9a-f]+/0x[0-9a-f]+")
_CPU_PID = re.compile(r"CPU: \d+ PID: \d+ |, CPU#\d+: .*$")
_WARN_AT = re.compile(r"^WARNING: (?:CPU: |at |\S+:\d+ at )")
_HEX = re.compile(r"\s*\b(?:0x)?[0-9a-f]{8,}\S*")
# an oops header after the title (`invalid opcode: 0000 [#1] SMP`) and a panic because of the report before
_CONSEQUENCE = re.compile(
    r"^(?:Internal error: |Oops: )?(?:Oops(?: - \w+)?|invalid opcode): [0-9a-f]+ \[#\d+\]"
    r"|^Kernel panic - not syncing: (?:Fatal exception|panic_on_warn|.*kernel: panic_on_warn|hung_task|softlockup"
    r"|.* \(panic_on_\w+\))"
)
_TYPED = re.compile(r"^(?:BUG: )?(?P<kind>(?:KASAN|KMSAN|KCSAN|KFENCE|UBSAN): [\w -]+?)(?: in | on |:|$)")
_KINDS = (  # (title start, crash type, hint), first match wins
    ("BUG: unable to handle", "BUG: unable to handle kernel", "crash"),
    ("BUG: soft lockup", "BUG: soft lockup", "timeout"),
    ("BUG: workqueue lockup", "BUG: workqueue lockup", "timeout"),
    ("BUG: memory leak", "memory leak", "crash"),
    ("unreferenced object", "memory leak", "crash"),
    ("kernel BUG", "kernel BUG", "crash"),
    ("INFO: task", "INFO: task hung", "timeout"),
    ("INFO: rcu", "INFO: rcu detected stall", "timeout"),
    ("Watchdog detected hard LOCKUP", "hard lockup", "timeout"),
    ("Out of memory", "out of memory", "oom"),
    ("Memory cgroup out of memory", "out of memory", "oom"),
    ("Fatal trap", "Fatal trap", "crash"),
    ("lock order reversal", "lock order reversal", "crash"),
    ("panic(cpu", "Kernel panic", "crash"),
    ("ZIRCON KERNEL PANIC", "Kernel panic", "crash"),
    ("witness", "witness", "crash"),
    ("uvm_fault", "page fault", "crash"),
    ("page fault trap", "page fault", "crash"),
    ("<== fatal", "fatal exception", "crash"),
    ("SYZFAIL", "SYZFAIL", "crash"),
    ("SYZFATAL", "SYZFATAL", "crash"),
    ("Kernel panic", "Kernel panic", "crash"),
    ("Unable to handle kernel", "BUG: unable to handle kernel", "crash"),
    ("list_", "list corruption", "crash"),
)


def crash_kind(title: str) -> tuple[str, str]:
    """(crash type, hint) of a report title: `BUG: KASAN: use-after-free in f` -> `KASAN: use-after-free`."""
    kind, hint = _crash_kind(title)
    return _HEX.sub("", kind).strip() or "kernel crash", hint


def _crash_kind(title: str) -> tuple[str, str]:
    typed = _TYPED.match(title)
    if typed:
        return typed.group("kind").strip(), "crash"
    if " invoked oom-killer" in title:
        return "out of memory", "oom"
    for start, kind, hint in _KINDS:
        if title.startswith(start):
            return kind, hint
    if _WARN_AT.match(title):
        return "WARNING", "crash"
    if title.startswith(("INFO: possible", "WARNING: possible", "INFO: inconsistent", "WARNING: inconsistent")):
        return "possible deadlock", "crash"
    head = [part.strip() for part in re.split(r"[:,]| at | in | - ", title, maxsplit=2)]
    if title.startswith(("BUG: ", "WARNING: ", "INFO: ")) and len(head) > 1 and head[1] and head[1] != "CPU":
        return f"{head[0]}: {head[1]}"[:80], "crash"
    return head[0][:80] or "kernel crash", "crash"


def kernel_title(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A kernel report's title line: the crash type is the exception type, the cleaned title the message."""
    title = m.group("title").strip()
    title = title[:-2].strip() if title.endswith(" ]") else title  # lockdep's old `[ INFO: ... ]` banner
    kind, hint = crash_kind(title)
    message = _CPU_PID.sub("", _OFFSET.sub("", title))
    role = Role.SYMPTOM if _CONSEQUENCE.match(title) else Role.CAUSE
    return LineMatch(message, "kernel", hint, role, exception_type=kind, before=2, after=24)
