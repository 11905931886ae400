"""What `go test` prints (the testing package's output: `x_test.go:12: msg` log lines, `=== RUN` progress,
`--- FAIL` verdicts, panics and the race detector's reports with their goroutine stacks), read wherever a report
carries it: JUnit texts (go-junit-report, gotestsum) and `go test -json` output events.
"""

from __future__ import annotations

import re

from classifier.extract.reportio import repo_path
from classifier.model import Location

# A Go stack frame (`\t/src/pkg/a_test.go:6 +0x27`); the standard library's frames are not the failure's place
_GO_FRAME_RE = re.compile(r"^\s+(?P<file>\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$", re.MULTILINE)
_GO_STDLIB_RE = re.compile(r"(?:^|/)src/(?:runtime|testing|reflect|sync|internal|os|syscall|time)/|^_testmain\.go$")
GO_LINE_RE = re.compile(r"^\s*(?P<file>[\w./-]+_test\.go):(?P<line>\d+): ?(?P<msg>.*)$", re.MULTILINE)
EXIT_STATUS_RE = re.compile(r"^exit status \d+$")  # a package binary's exit, said by go test
GO_BENCH_HEADER_RE = re.compile(r"^(?:goos|goarch|pkg|cpu): ")  # `go test -bench`'s header lines
GO_RACE_RE = re.compile(r"^WARNING: DATA RACE$", re.MULTILINE)  # the race detector's report (before its verdict)
GO_PANIC_RE = re.compile(r"^panic: ", re.MULTILINE)
GO_RUNNER_RE = re.compile(r"^\s*=== (?:RUN|PAUSE|CONT|NAME)\b.*$", re.MULTILINE)  # go test's progress lines
_TESTIFY_RE = re.compile(r"^\s*Error:\s+(?P<msg>\S.*)$(?P<more>(?:\n\s+(?!Test:|Messages:)\S.*$){0,2})", re.MULTILINE)


def go_message(text: str, go_line: re.Match[str] | None) -> str:
    """A go test failure's own words: the `x_test.go:12:` line's text, or testify's `Error:` block under it."""
    if go_line is None:
        return ""
    message = go_line.group("msg").strip()
    if message:
        return message
    testify = _TESTIFY_RE.search(text, go_line.end())
    return " ".join((testify.group("msg") + testify.group("more")).split()) if testify else ""


def go_trace_location(text: str) -> Location | None:
    """The first frame of a Go stack trace (a panic's goroutine, a data race's accesses) outside the standard
    library."""
    for m in _GO_FRAME_RE.finditer(text):
        if not _GO_STDLIB_RE.search(m.group("file")):
            return Location(repo_path(m.group("file")), int(m.group("line")))
    return None
