"""JavaScript and TypeScript: tsc, eslint (stylish and compact), jest, npm."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import EXPLANATION_CHARS, LineMatch, coded_location, exc_of, explained, loc
from classifier.model import Role, Severity


def eslint_compact(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") == "Warning" else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        "eslint",
        "lint",
        severity=severity,
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=1,
    )


_located = coded_location("tsc", "compilation", after=3)
MAX_CHAIN = 6  # lines of a diagnostic's message chain read


def tsc(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """tsc `a.ts(3,5): error TS2322: msg` and `a.ts:3:5 - error TS2322: msg`, with the message chain tsc
    prints indented under it (`  Types of property 'a' are incompatible.` / `    Type 'number' is not
    assignable to type 'string'.`): the chain is the details, its deepest line (the most specific reason)
    ends the message, which starts with the code (`error TS2305: ...`)."""
    found = _located(m, following)
    chain = []
    if found is None:
        return None
    found = replace(found, message=f"error {found.code}: {found.message}")  # as tsc prints it: the code names it
    for line in following[:MAX_CHAIN]:
        if not line.strip() or not line[:1].isspace():
            break
        chain.append(line.strip()[:EXPLANATION_CHARS])
    if not chain:
        return found
    return replace(
        found,
        message=f"{found.message} {chain[-1]}",
        details=" / ".join(chain),
        span=len(chain),
        after=max(found.after, len(chain)),
    )


def eslint(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    severity = Severity.WARNING if m.group("level") in ("warning", "⚠") else Severity.ERROR
    return LineMatch(
        m.group("msg").strip(),
        "stylelint" if m.group("level") in ("✖", "⚠") else "eslint",
        "lint",
        severity=severity,
        code=m.group("rule") or "",
        before=1,
        after=1,
    )


_JEST_STOP = re.compile(r"^\s*(?:at |>?\s*\d+ \||●)")  # a stack frame, the code frame, the next test
_JEST_VALUES = re.compile(r"^\s*(?:Expected|Received)(?: [\w ]+)?: ")


def jest(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`● suite › test`: the message is the header and what jest prints under it, the `expect(...)` line
    with its `Expected:` / `Received:` lines, or the thrown error (its type is the exception type)."""
    said: list[str] = []
    for line in following[:10]:
        if _JEST_STOP.match(line):
            break
        if line.strip() and (not said or _JEST_VALUES.match(line)):
            said.append(line.strip()[:EXPLANATION_CHARS])
    exc, _ = exc_of(said[0]) if said else ("", "")
    message = m.group(0).strip()
    if said:
        message = f"{message}: {said[0]}" + (f" ({'; '.join(said[1:])})" if said[1:] else "")
    return LineMatch(message, "jest", "", exception_type=exc, test_id=m.group("test").strip(), before=0, after=10)


_FROM_SUITE = re.compile(r" from '[^']*'$")


def jest_suite(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`● Test suite failed to run`: the suite never ran; the error jest prints under it is the message (a
    module it cannot find, a syntax error), not a test of its own."""
    said = next((line.strip()[:EXPLANATION_CHARS] for line in following[:4] if line.strip()), "")
    said = _FROM_SUITE.sub("", said)  # the suite's own path: the same missing module is one failure
    exc, _ = exc_of(said) if said else ("", "")
    message = f"{m.group(0).strip()}: {said}" if said else m.group(0).strip()
    return LineMatch(message, "jest", "", exception_type=exc, before=0, after=10)


_NPM_FIELD = re.compile(r"^(?:syscall|path|dest|errno|file|code|signal|command|cwd) \S+$")  # npm's error fields


def npm_code(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`npm ERR! code E404` with the explanation npm prints on its next `npm ERR!` line."""
    code = m.group("code")
    if code in ("ELIFECYCLE",):
        return LineMatch(m.group(0).strip(), "npm", "exit_code", Role.SYMPTOM, code=code, before=2, after=6)
    hint = {
        "ERESOLVE": "dependency",
        "E404": "dependency",
        "ETARGET": "dependency",
        "ENOTFOUND": "dns",
        "ECONNRESET": "network",
        "ETIMEDOUT": "timeout",
        "ENOSPC": "disk",
        "EACCES": "permission",
    }
    prefix = m.group(0)[: m.start("code")].removesuffix("code ")  # `npm ERR! ` or `npm error `
    told = [line for line in following if not _NPM_FIELD.match(line[len(prefix) :])]
    message = explained(m.group(0).strip(), told, prefix)
    return LineMatch(message, "npm", hint.get(code, ""), code=code, before=1, after=8)


# Grunt's `grunt.warn` (its API docs, "grunt.fail"): `Warning: <message> Use --force to continue.`, then
# `Aborted due to warnings.`. `Task "x" failed.` names a task whose own output above holds the errors.
_GRUNT_TASK_FAILED = re.compile(r'^Task "[^"]+" failed\.?$')


def grunt_warning(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A Grunt task's warning that stopped the run: the verdict on a failed task, else the error itself."""
    message = m.group("msg").strip()
    if _GRUNT_TASK_FAILED.match(message):
        return LineMatch(f"Warning: {message}", "grunt", "", Role.SYMPTOM, before=8, after=2)
    return LineMatch(message, "grunt", "", before=3, after=2)


# esbuild (its README's error format): `✘ [ERROR] Could not resolve "x"`, then the place on an indented line
# (`    src/a.ts:2:31:`) and the source line; `Build failed with 1 error:` tells each error again below it.
_ESBUILD_PLACE = re.compile(r"^\s+(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+):$")
_ESBUILD_RETOLD = re.compile(r"^(?:error: |\S+:\d+:\d+: ERROR: )\S")
MAX_RETOLD = 20  # errors esbuild's summary tells again under it


def esbuild(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """esbuild's error (also quoted by a wrapper: `Esbuild Failed: ✘ [ERROR] ...`), located at the place below it."""
    place = next((found for line in following[:3] if (found := _ESBUILD_PLACE.match(line))), None)
    location = loc(place.group("file"), place.group("line"), place.group("col")) if place else None
    return LineMatch(m.group("msg").strip(), "esbuild", "compilation", location=location, before=1, after=6)


def esbuild_summary(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`Error: Build failed with 1 error:` over the errors told again: a symptom of the errors printed above."""
    told = 0
    for line in following[:MAX_RETOLD]:
        if not _ESBUILD_RETOLD.match(line):
            break
        told += 1
    return LineMatch(m.string.strip(), "esbuild", "compilation", Role.SYMPTOM, before=2, after=told, span=told)


def webpack(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """webpack's `ERROR in ./src/a.js 372:16-63` (the module, the place of its import) with the error on the next
    line (`Module not found: Error: Can't resolve 'x' in '/src'`, `Module parse failed: ...`): that is the message."""
    said = following[0].strip() if following and following[0].strip() else ""
    location = loc(m.group("file"), m.group("line"), m.group("col")) if m.group("line") else None
    message = said[:EXPLANATION_CHARS] or m.group(0).strip()
    hint = "dependency" if message.startswith("Module not found") else "compilation"  # a module it cannot resolve
    return LineMatch(message, "webpack", hint, location=location, before=0, after=4, span=1 if said else 0)


# Playwright's failed web-first assertion (its docs, "Assertions"): `Error: expect(locator).toBeVisible() failed`
# (before 1.50: `Error: Timed out 5000ms waiting for expect(locator).toBeVisible()`), then its detail lines
_PLAYWRIGHT_DETAIL = re.compile(r"^\s*(?:Locator|Expected(?: [\w ]+)?|Received(?: [\w ]+)?|Timeout|Error): \S")
MAX_PLAYWRIGHT_DETAILS = 10


def playwright_expect(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """The assertion with its `Locator:`, `Expected:`, `Received:`, `Timeout:` and `Error: element(s) not found`
    lines (one failure: the `Error:` among them is no failure of its own); `Received` or `Error` ends the message."""
    details: list[str] = []
    span = 0
    for index, line in enumerate(following[:MAX_PLAYWRIGHT_DETAILS]):
        if _PLAYWRIGHT_DETAIL.match(line):
            details.append(line.strip()[:EXPLANATION_CHARS])
            span = index + 1
        elif line.strip():
            break
    told = [d for d in details if d.startswith(("Received", "Error"))]
    message = m.group(0).strip() + (f" ({told[-1]})" if told else "")
    return LineMatch(
        message, "playwright", "test", details=" / ".join(details), span=span, before=2, after=max(span, 4)
    )


_NX_TASK = re.compile(r"^\s*- (?P<task>[\w@./-]+:[\w:.-]+)\s*$")
_NX_FAILED = re.compile(r"^\s*Failed tasks:\s*$")
MAX_NX_LINES = 40  # lines of Nx's verdict block read under its head


def nx_failed_tasks(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Nx's verdict (`>  NX   Running target build for 3 projects failed`, `Failed tasks:` and its list
    `- app:build:production` below it): a wrapper's verdict over the tasks' own output above it, one symptom
    spanning the block and naming the tasks that failed."""
    tasks: list[str] = []
    listing = False
    span = 0
    for index, line in enumerate(following[:MAX_NX_LINES]):
        found = _NX_TASK.match(line)
        if _NX_FAILED.match(line):
            listing = True
        elif found and listing:
            tasks.append(found.group("task"))
            span = index + 1
        elif tasks and line.strip():
            break
    head = m.group(0).strip()
    if not tasks:
        return LineMatch(head, "nx", "", Role.SYMPTOM)
    message = f"Nx task failed: {tasks[0]}" + (f" (and {len(tasks) - 1} more)" if len(tasks) > 1 else "")
    return LineMatch(message, "nx", "", Role.SYMPTOM, details=", ".join(tasks), span=span)


def unhandled_rejection(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Node's death on a promise rejected with a value that is no Error (`[UnhandledPromiseRejection: This error
    originated either by ... The promise rejected with the reason "#<Object>".] {`, then `code: 'ERR_...'`)."""
    return LineMatch(m.group(0).strip().removesuffix("{").strip(), "node", "", exception_type=m.group("exc"), after=4)


def cli_exception(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The Angular CLI's report of an error it did not handle (`An unhandled exception occurred: error TS5083:
    Cannot read file 'tsconfig.base.json'.`): the error is the message."""
    return LineMatch(m.group("msg").strip(), "angular", "", before=2, after=3)
