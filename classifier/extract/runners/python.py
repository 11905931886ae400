"""Python: pytest, unittest, tracebacks' exception lines, flake8/pycodestyle/pylint codes, pip."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import LineMatch, coded_location, exc_of, loc
from classifier.model import Role, Severity


def pytest_failed(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    msg = (m.groupdict().get("msg") or "").strip()
    exc, _text = exc_of(msg)
    role = Role.CAUSE
    return LineMatch(
        msg or m.group(0).strip(), "pytest", "", role, exception_type=exc, test_id=m.group("test"), before=0, after=2
    )


def pytest_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    msg = (m.groupdict().get("msg") or "").strip()
    exc, _text = exc_of(msg)
    hint = "collection" if "collecting" in m.group(0) or "::" not in m.group("test") else ""
    if exc in ("ImportError", "ModuleNotFoundError"):
        hint = "import"
    return LineMatch(
        msg or m.group(0).strip(), "pytest", hint, exception_type=exc, test_id=m.group("test"), before=0, after=8
    )


def pytest_header(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`____ test_x[param] ____` / `____ ERROR at setup of test_x ____` opens a pytest failure block; the
    scanner joins it with the block's `E   ...` or `path.py:12: AssertionError` line (blocks.py)."""
    hint = "test_error" if m.group("phase") else "test"
    return LineMatch(m.group(0).strip(), "pytest", hint, test_id=m.group("test").strip(), before=0, after=12)


def pytest_e(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    exc = m.group("exc")
    hint = "import" if exc in ("ImportError", "ModuleNotFoundError") else ""
    return LineMatch(m.group("body").strip(), "pytest", hint, exception_type=exc.rsplit(".", 1)[-1], before=10, after=3)


_JAVA_PACKAGES = ("java.", "javax.", "jakarta.", "org.", "com.", "io.", "net.", "kotlin.", "scala.", "android.")


_PYTHON_BUILTINS = frozenset(
    {
        "ValueError",
        "KeyError",
        "TypeError",
        "AttributeError",
        "ImportError",
        "ModuleNotFoundError",
        "AssertionError",
        "RuntimeError",
        "OSError",
        "IOError",
        "IndexError",
        "NameError",
        "ZeroDivisionError",
        "FileNotFoundError",
        "PermissionError",
        "SyntaxError",
        "IndentationError",
        "NotImplementedError",
        "RecursionError",
        "MemoryError",
        "TimeoutError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "KeyboardInterrupt",
        "SystemExit",
        "CalledProcessError",
        "JSONDecodeError",
        "FileExistsError",
        "IsADirectoryError",
        "BrokenPipeError",
        "OverflowError",
    }
)


_FRAME = re.compile(r"^\s+at |^\s*\.\.\. \d+ more")  # a Java stack frame, or its elision


def exception_framework(exc: str) -> str:
    if exc.startswith(_JAVA_PACKAGES):
        return "java"
    if exc in _PYTHON_BUILTINS or ("." in exc and exc[:1].islower()):
        return "python"
    return ""


def exception(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`x.y.SomeError: msg`; a name whose last part starts lower-case is a function or a test's title (jest's
    `describe("isHandledError")`), not an exception class."""
    exc = m.group("exc")
    if exc.rsplit(".", 1)[-1][:1].islower():
        return None
    fw = exception_framework(exc)
    hint = "import" if exc in ("ImportError", "ModuleNotFoundError") else ""
    body, span = m.group("body").strip(), 0
    if body == f"{exc}:":  # a qualified name alone (AssertJ's `java.lang.AssertionError:`): its message below
        if "." not in exc:
            return None
        below = following[0].strip() if following else ""
        if below and not below.startswith(("at ", "...")):  # the message's further lines up to its frames
            body = f"{body} {below}"
            span = next((n for n, line in enumerate(following[:12]) if not line.strip() or _FRAME.match(line)), 12)
    return LineMatch(body, fw, hint, exception_type=exc.rsplit(".", 1)[-1], before=10, after=3, span=span)


_SEPARATOR = re.compile(r"^(?:-{20,}|={20,})\s*$")


def unittest_case(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`FAIL: test_x (pkg.mod.Class)` (unittest, Django, nose; 3.11 adds `.test_x` to the class) or nose's
    `FAIL: pkg.mod.test_func`. The bare form counts only above unittest's `----` separator. The traceback's
    exception line below is merged into this record by the scanner (blocks.py), however long the traceback."""
    cls, test = m.group("cls"), m.group("test")
    if not cls and not any(_SEPARATOR.match(line) for line in following[:2]):
        return None
    if not cls:
        test_id = test
    elif cls == test or cls.endswith("." + test):
        test_id = cls
    else:
        test_id = f"{cls}.{test}"
    hint = "test_error" if m.group("kind") == "ERROR" else "test"
    return LineMatch(m.string.strip(), "unittest", hint, test_id=test_id, before=0, after=10)


def pytest_location(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`tests/x.py:45: AssertionError` closes a pytest failure block (the scanner merges it upward)."""
    return LineMatch(
        m.string.strip(),
        "pytest",
        "location",
        exception_type=m.group("exc"),
        location=loc(m.group("file"), m.group("line")),
        before=11,
        after=0,
    )


def pytest_summary(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group(0).strip(" ="), "pytest", "test", Role.SYMPTOM, before=6, after=0)


# flake8/pycodestyle/ruff `path.py:1:2: E501 msg` and pylint `path.py:1:0: W0611: msg (unused-import)`
_python_lint = coded_location("flake8", "lint", after=1)
# pylint's message ids: a letter and four digits; convention, refactor, warning and info ids are no errors
_PYLINT_NOT_ERROR = re.compile(r"^[CRWI]\d{4}$")


def python_lint(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """A coded finding; pylint's `C0114` (convention), `R`, `W` and `I` ids are warnings, `E` and `F` errors."""
    found = _python_lint(m, following)
    if found is not None and _PYLINT_NOT_ERROR.match(found.code):
        return replace(found, severity=Severity.WARNING)
    return found


# pylint 1.x's text rows under a module's header, without the path: `E:  4, 6: msg (symbol)` (line, column)
_PYLINT1_ROW = re.compile(r"^\s*(?P<level>[CRWEIF]):\s*(?P<line>\d+),\s*(?P<col>\d+): (?P<msg>\S.*)$")
PYLINT1_ROWS = 14  # lines read below the header


def pylint_module(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """pylint 1.x's `************* Module x` header: its first error row below (`E:  4, 6: Undefined variable 'B'
    (undefined-variable)`, an `E` or `F` row; `C`, `R`, `W` and `I` rows are no errors), at its line of
    module x. None without an error row among its rows (pylint 2 prints paths on its rows: read by themselves)."""
    for index, line in enumerate(following[:PYLINT1_ROWS]):
        row = _PYLINT1_ROW.match(line)
        if row is None:
            if not line.strip() or line.lstrip().startswith("*************"):
                break  # the module's rows end (another module, its report)
            continue  # a row's source line and caret (`bad-whitespace`)
        if row.group("level") in "EF":
            path = m.group("module").replace(".", "/") + ".py"
            where = loc(path, row.group("line"), row.group("col"))
            return LineMatch(
                row.group("msg").strip(),
                "pylint",
                "lint",
                location=where,
                before=0,
                after=index + 2,
                span=index + 1,
                at=index + 1,
            )
    return None


def pip_dep(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.string.strip(), "pip", "dependency", before=3, after=4)
