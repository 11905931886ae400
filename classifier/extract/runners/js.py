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
