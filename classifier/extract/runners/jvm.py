"""JVM: javac under Maven, Maven goals and plugins, Surefire, Gradle, checkstyle, Java exceptions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import LineMatch, exc_of, framework_for, loc, with_symbol
from classifier.model import Role


def java_thread(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    exc = m.group("exc")
    return LineMatch(m.group("body").strip(), "java", "", exception_type=exc.rsplit(".", 1)[-1], before=1, after=10)


def javadoc_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """javadoc's own error, not a doc comment's (`javadoc: error - The code being documented uses modules but
    the packages defined in https://... are in the unnamed module.`)."""
    return LineMatch(m.group("msg").strip(), "javadoc", "javadoc", before=2, after=4)


def maven_javac(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    path = m.group("file")
    framework = "javac" if path.endswith(".java") else framework_for(path) or "maven"
    msg = with_symbol(m.group("msg").strip(), following)
    if _CHECKSTYLE_MSG.match(msg):
        return LineMatch(
            msg, "maven", "checkstyle", location=loc(path, m.group("line"), m.group("col")), before=0, after=2
        )
    return LineMatch(
        msg, framework, "compilation", location=loc(path, m.group("line"), m.group("col")), before=0, after=3
    )


_CHECKSTYLE_MSG = re.compile(r"^\(\w+\) \w+:|\[\w+\]$")


def checkstyle(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(
        m.group("msg").strip(),
        "maven",
        "checkstyle",
        location=loc(m.group("file"), m.group("line"), m.group("col")),
        before=0,
        after=2,
    )


_PLUGIN_HINTS = (
    ("checkstyle", "checkstyle"),
    ("javadoc", "javadoc"),
    ("apache-rat", "license"),
    ("rat-plugin", "license"),
    ("license", "license"),
    ("enforcer", "enforcer"),
    ("findbugs", "findbugs"),
    ("spotbugs", "findbugs"),
    ("pmd", "pmd"),
    ("spotless", "format"),
    ("animal-sniffer", "compatibility"),
    ("jacoco", "coverage"),
)


def maven_goal(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    text = m.group(0).strip()
    plugin = m.group("plugin").lower()
    for needle, hint in _PLUGIN_HINTS:
        if needle in plugin:
            return LineMatch(text, "maven", hint, before=2, after=4)
    if "surefire" in plugin or "failsafe" in plugin:
        return LineMatch(text, "maven", "test", Role.SYMPTOM, before=4, after=2)
    if "compiler" in plugin:
        return LineMatch(text, "maven", "compilation", Role.SYMPTOM, before=4, after=2)
    if "dependency" in text.lower() or "resolve" in text.lower():
        return LineMatch(text, "maven", "dependency", before=2, after=4)
    return LineMatch(text, "maven", plugin.split(":")[-1], before=2, after=4)


def tests_run(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    if m.group("f") == "0" and m.group("e") == "0":
        return None
    return LineMatch(m.group(0).strip(), "surefire", "test", Role.SYMPTOM, before=4, after=2)


def surefire_case(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    test = f"{m.group('cls')}.{m.group('test')}" if m.group("cls") else m.group("test")
    detail = next((line.strip() for line in following[:2] if line.strip()), "")
    exc, _msg = exc_of(detail)
    hint = "test_error" if m.group("kind") == "ERROR" else "test"
    return LineMatch(
        detail or m.string.strip(),
        "surefire",
        hint,
        exception_type=exc.rsplit(".", 1)[-1],
        test_id=test,
        before=0,
        after=10,
    )


_SUREFIRE_ENTRY = re.compile(
    r"^(?:\[ERROR\])?\s+(?P<test>[A-Za-z_][\w$]*(?:\.[\w$]+)+?)(?::(?P<line>\d+))?"
    r"(?:->\S+)*(?:\s+(?:» )?(?P<msg>.+)|(?(line)|(?!)))$"  # an assertion without a message: `T.m:433`
)


_SUREFIRE2_ENTRY = re.compile(r"^\s+(?P<method>[\w$\[\]]+)\((?P<cls>[\w.$]+)\)(?::\s*(?P<msg>.*))?$")


def surefire2_entry(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Surefire 2's `Failed tests:   testA(com.x.ATest): expected:<1> but was:<2>` (an entry on the header line)."""
    return _surefire2(m, "test_error" if m.group(0).startswith("Tests in error") else "test")


def _surefire2(m: re.Match[str], hint: str) -> LineMatch:
    message = (m.group("msg") or "").strip() or m.string.strip()
    return LineMatch(message, "surefire", hint, test_id=f"{m.group('cls')}.{m.group('method')}", before=0, after=8)


def surefire_summary(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Failed tests:` / `Tests in error:` (and Maven 3's `[ERROR] Failures:`) and the first test below:
    `  testA(com.x.ATest): msg` (surefire 2) or `  ATest.testA:12 msg` (surefire 2.19+)."""
    hint = "test_error" if "rror" in m.group(0) else "test"
    for index, line in enumerate(following[:2]):
        old = _SUREFIRE2_ENTRY.match(line)
        if old:
            return replace(_surefire2(old, hint), span=index + 1, at=index + 1)  # the failure is the entry's line
    found = [(index, _SUREFIRE_ENTRY.match(line)) for index, line in enumerate(following[:2])]
    index, entry = next(((index, e) for index, e in found if e), (0, None))
    if entry is None:
        return None
    if hint == "test" and entry.string.startswith("[ERROR]") and m.group(0).startswith("[ERROR]"):
        # Maven 3's `[ERROR]   ATest.testA:12 msg` rows under `[ERROR] Failures:` are assertions matched on their
        # own lines (surefire_entry): the header is their symptom, the failure is at the row that says what failed
        return LineMatch(m.string.strip(), "surefire", hint, Role.SYMPTOM, before=0, after=2)
    message = (entry.group("msg") or entry.string.replace("[ERROR]", "", 1)).strip()
    exc = _surefire_exception(message) if "» " in entry.string else ""
    return LineMatch(
        message,
        "surefire",
        hint,
        exception_type=exc,
        test_id=entry.group("test"),
        before=0,
        after=10,
        span=index + 1,
        at=index + 1,
    )


def _surefire_exception(message: str) -> str:
    """`IllegalState boom` -> IllegalStateException: surefire prints the name without `Exception`."""
    name = message.split(" ", 1)[0].rsplit(".", 1)[-1]
    return name if name.endswith(("Error", "Exception", "Failure")) else name + "Exception"


def surefire_entry(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """One entry of Maven 3's results: `[ERROR]   FooTest.bar:12 expected:<1> but was:<2>` or, for an error,
    `[ERROR]   FooTest.baz:36 » IllegalState boom` (surefire drops the `Exception` suffix of the name)."""
    marked = "» " in m.string
    message = m.string.split("» ", 1)[1] if marked else m.group("msg") or m.string.replace("[ERROR]", "", 1)
    exc = _surefire_exception(message.strip()) if marked else ""
    return LineMatch(
        message.strip(),
        "surefire",
        "test_error" if exc else "test",
        exception_type=exc,
        test_id=m.group("test"),
        before=0,
        after=1,
    )


_WHERE = re.compile(r"^(?:Build|Settings|Script) file '(?P<file>[^']+)' line: (?P<line>\d+)$")  # under `* Where:`
# the compiler failed, or a compile task did (`compileSdkVersion is not specified` is the project's setup)
_COMPILING = re.compile(r"compilation|compiler|task '[^']*:compile")


# Gradle's note under a dependency it did not try again (the first failure of that module is above it)
_PLACEHOLDER = re.compile(r"(?i)^Skipped due to (?:an )?earlier error")


def _deepest_cause(block: Sequence[str]) -> str:
    """The first of the most deeply nested `> cause` lines of Gradle's block (its indentation is the nesting;
    siblings: the first failed first), never its `> Skipped due to earlier error` placeholder."""
    return _deepest(block)[0]


def _deepest(block: Sequence[str]) -> tuple[str, int]:
    """`_deepest_cause` and its index in the block (-1 without a cause)."""
    best, depth, at = "", -1, -1
    for index, line in enumerate(block):
        text = line.lstrip()
        cause = text[1:].strip() if text.startswith(">") else ""
        indent = len(line) - len(text)
        if cause and not _PLACEHOLDER.match(cause) and indent > depth:
            best, depth, at = cause, indent, index
    return best, at


def _gradle_hint(lowered: str, exc: str) -> str:
    """What kind of failure a Gradle block (lower-cased, its lines joined) tells."""
    if exc == "OutOfMemoryError" or "outofmemoryerror" in lowered or "java heap space" in lowered:
        return "oom"  # the JVM ran out of memory, whatever the task
    # resolving a configuration named `:compile` is a dependency failure, not the compiler's; so is the Android
    # Gradle plugin's `Failed to install the following SDK components:` (a download)
    if "could not resolve" in lowered or "could not find " in lowered or "failed to install the following" in lowered:
        return "dependency"
    if _COMPILING.search(lowered):
        return "compilation"
    if lowered.startswith(("a problem occurred configuring", "a problem occurred evaluating")):
        return "configuration"  # the build script or the project's setup, read before any task runs
    return ""


def gradle_block(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Gradle's `* What went wrong:` block whose `FAILURE: Build failed` line above was not kept (a log pasted
    from the block on): read as under that line (which spans the block when it is there)."""
    found = gradle_failure(m, [m.string, *following])
    return replace(found, span=max(found.span - 1, 0), at=max(found.at - 1, 0))


def gradle_task_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`Execution failed for task ':app:x'.` with its `> cause` lines under it and no `* What went wrong:`
    header above (a log cut there, or a task's own report): the deepest cause, the nested lines as the record's.
    None without a nested cause (then the line is a wrapper of the errors around it)."""
    block = []
    for line in following[:12]:
        if not line.lstrip().startswith(">"):
            break
        block.append(line)
    cause, at = _deepest(block)
    if not cause:
        return None
    name, _text = exc_of(cause)
    lowered = " ".join([m.string, *block]).lower()
    return LineMatch(
        cause,
        "gradle",
        _gradle_hint(lowered, name.rsplit(".", 1)[-1]),
        exception_type=name.rsplit(".", 1)[-1],
        details=" / ".join(line.strip() for line in [m.string, *block])[:1000],
        before=0,
        after=len(block) + 2,
        span=len(block),
        at=at + 1,
    )


def gradle_nested(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Gradle's `Could not resolve all dependencies for configuration ':app:x'.` over the `> cause` lines nested
    under it (indented deeper, as Gradle prints a failure's causes; a log or a paste cut above its `* What
    went wrong:` header): the deepest cause is the failure (`Could not find com.x:y:1.0.`), on its own line.
    Without nested causes, the line itself (Maven's `Could not resolve dependencies ...` too)."""
    own = len(m.string) - len(m.string.lstrip())
    block = []
    for line in following[:14]:
        text = line.lstrip()
        if not text or len(line) - len(text) <= own:
            break
        block.append(line)
    cause, at = _deepest(block)
    if not cause:
        return LineMatch(m.string.strip(), "maven", "dependency")
    return LineMatch(
        cause,
        "gradle",
        "dependency",
        details=" / ".join(line.strip() for line in [m.string, *block])[:1000],
        before=1,
        after=len(block) + 1,
        span=len(block),
        at=at + 1,
    )


BLOCK_LINES = 14  # lines of a `* What went wrong:` block read below its header


def gradle_failure(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Gradle's `* What went wrong:` block below the FAILURE line: one failure, whose deepest `> cause` is
    the message (the block's exception line when it says the same with its type), at the build script line
    `* Where:` names. The block's lines are this
    record's: an exception or error line inside it is not a failure of its own."""
    lines = [line.strip() for line in following[:14]]
    if "* What went wrong:" not in lines:
        return LineMatch(m.string.strip(), "gradle", "", Role.SYMPTOM, before=6, after=8)
    start = lines.index("* What went wrong:") + 1
    # a double-spaced copy (a blank line after each of Gradle's, as some pastes and old Travis logs show): the
    # block's lines are the non-blank ones up to the next `* ` header
    spaced = start < len(lines) and not lines[start]
    rows: list[int] = []  # the block's lines, by their index in `following`
    for index in range(start, min(len(following), start + (2 * BLOCK_LINES if spaced else BLOCK_LINES))):
        line = following[index].strip()
        if line.startswith("* ") or (not line and not spaced):
            break
        if line:
            rows.append(index)
    block = [following[index].strip() for index in rows]
    cause, at = _deepest([following[index] for index in rows])
    # `> 1 exception was raised by workers:` over the exception itself (`java.lang.RuntimeException: ...`), not
    # over the items of a list it heads (`> Failed to install the following SDK components:`)
    if cause.endswith(":") and 0 <= at < len(block) - 1 and exc_of(block[at + 1])[0]:
        cause, at = block[at + 1], at + 1
    message = cause or (block[0] if block else m.string.strip())
    at = max(at, 0)
    exc = ""
    for index, line in enumerate(block):
        name, _text = exc_of(line.lstrip("> "))
        if name and message in line:
            message, exc, at = line.lstrip("> ").strip(), name.rsplit(".", 1)[-1], index
            break
    hint = _gradle_hint(" ".join(block).lower(), exc)
    where = next((found for found in map(_WHERE.match, lines[:start]) if found), None)
    return LineMatch(
        message,
        "gradle",
        hint,
        exception_type=exc,
        location=loc(where.group("file"), where.group("line")) if where else None,
        details=" / ".join(block)[:1000],
        before=0,
        after=11,
        span=rows[-1] + 1 if rows else start,
        at=rows[at] + 1 if block else 0,
    )
