"""What `go test` and Go's test frameworks print: a failed test (`--- FAIL`, the check above it, testify's
assertion block), a panic, a test's own output that is no failure by itself, Ginkgo's `Test Panicked`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import LineMatch, loc

_GO_TEST_LINE = re.compile(r"^\s+(?P<file>[\w./-]+_test\.go):(?P<line>\d+): (?P<msg>\S.*)$")


def go_fail(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`--- FAIL: TestX (0.00s)`; without -v go test prints the test's `x_test.go:9: msg` line below it."""
    below = next((hit for hit in map(_GO_TEST_LINE.match, following[:2]) if hit), None)
    if below is None:
        return LineMatch(m.group(0).strip(), "go", "test", test_id=m.group("test"), before=12, after=2)
    location = loc(below.group("file"), below.group("line"), None)
    return LineMatch(below.group("msg"), "go", "test", test_id=m.group("test"), location=location, before=8, after=4)


# The Go runtime's line under a panic that a fatal signal raised (`panic: runtime error: invalid memory address or
# nil pointer dereference` then `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x...]`); a logger's
# prefix may precede it (packer's `packer: `)
_GO_SIGNAL = re.compile(r"(?:^|\s)\[signal (?P<signal>SIG[A-Z]+)\b")


# what the Go runtime panics with: `runtime error: index out of range [5] with length 3` (a runtime.Error, its kind
# before the brackets or a colon), the test binary's `test timed out after 10m0s`
_GO_RUNTIME_PANIC = re.compile(
    r"^panic: (?:runtime error: (?P<kind>[a-z][\w -]*?)|(?P<timeout>test timed out)\b)\s*(?:[\[:]|after\b|$)"
)


def go_panic(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`panic: msg`; one the runtime raised on a fatal signal says so on the next line: the message names the
    signal, a crash of the process (docs/rules.md), not a panic the program raised. A runtime error's kind
    (`invalid memory address or nil pointer dereference`, `index out of range`) is the exception type."""
    message = m.group(0).strip()
    signal = next((hit.group("signal") for hit in map(_GO_SIGNAL.search, following[:2]) if hit), "")
    if signal:
        message = f"{message} [{signal}]"
    runtime = _GO_RUNTIME_PANIC.match(message)
    kind = (runtime.group("kind") or runtime.group("timeout")) if runtime else "panic"
    return LineMatch(message, "go", "panic", exception_type=kind, before=2, after=10)


_GO_ASSERT_RE = re.compile(r"^\s+(?P<file>[\w./-]+_test\.go):(?P<line>\d+): (?P<msg>.+)")

# What `go test` prints for a test as it runs, indented under its `=== RUN` (t.Log and t.Error lines,
# `    helper.go:82: msg`, no column: Go's own diagnostics are never indented and name a column), and
# testify's assertion block (`\tError Trace:\t...`, `\tError:      \tmsg`, its continuation lines
# `\t            \tmore`, `\tTest:`, `\tMessages:`): the `--- FAIL` line below them is the failure and
# reads them (go_assertion); no line of them is a failure of its own. The testing package's own lines
# (`    testing.go:1712: race detected during execution of test`) say why the test failed: they stay.
_GO_TEST_OUTPUT = re.compile(
    r"^(?: {4}|\t)+(?!testing\.go:)[\w./-]+\.go:\d+: |^ *\t(?:Error Trace|Error|Test|Messages):\s*\t| *\t +\t\S"
)
_TESTIFY_ERROR = re.compile(r"^ *\tError: *\t(?P<msg>.*)$")
_TESTIFY_MORE = re.compile(r"^ *\t +\t(?P<msg>\S.*)$")
_TESTIFY_HEADER = re.compile(r"^\s+(?P<file>[\w./-]+\.go):(?P<line>\d+): ?$")


def go_test_output(text: str) -> bool:
    """Whether the line is a test's own output under go test (`_GO_TEST_OUTPUT`), not a failure by itself."""
    return text[:1] in (" ", "\t") and _GO_TEST_OUTPUT.match(text) is not None


def go_assertion(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """`--- FAIL: TestX` takes its message and location from the `x_test.go:14: ...` line above it (and starts
    there: `lead`), or from testify's `Error:` field above it (its continuation lines too; located at the
    `helper.go:82:` header over the block)."""
    for above, line in enumerate(reversed(before), start=1):
        if line.lstrip().startswith(("=== RUN", "--- FAIL", "--- PASS")):
            break
        testify = _TESTIFY_ERROR.match(line)
        if testify:
            return _testify(match, before, testify.group("msg"), len(before) - above, above)
        m = _GO_ASSERT_RE.match(line)
        if m:
            place = loc(m.group("file"), m.group("line"))
            return replace(match, message=m.group("msg").strip(), location=place, lead=above)
    return match


def _testify(match: LineMatch, before: Sequence[str], first: str, at: int, above: int) -> LineMatch:
    """The failure told by testify's `Error:` field at `before[at]` (its text `first`) and its continuation lines."""
    parts = [first.strip()]
    for line in before[at + 1 :]:
        more = _TESTIFY_MORE.match(line)
        if more is None:
            break
        parts.append(more.group("msg").strip())
    header = next((h for h in map(_TESTIFY_HEADER.match, reversed(before[:at])) if h), None)
    place = loc(header.group("file"), header.group("line")) if header else match.location
    return replace(match, message=" ".join(part for part in parts if part), location=place, lead=above)


_GO_RUNTIME_KIND = re.compile(r"^runtime error: (?P<kind>[a-z][\w -]*?)\s*(?:[\[:]|$)")


def ginkgo_panicked(_m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Ginkgo's `Test Panicked` under a spec's `[It]` line: the panic's value on the next line (a runtime error's
    kind, `index out of range`, is the exception type), then the panic's place and the `Full Stack Trace`."""
    value = following[0].strip() if following else ""
    if not value:
        return None
    runtime = _GO_RUNTIME_KIND.match(value)
    kind = runtime.group("kind") if runtime else "panic"
    return LineMatch(value, "ginkgo", "panic", exception_type=kind, before=6, after=8, span=1, at=1)
