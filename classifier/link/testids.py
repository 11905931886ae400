"""One spelling for a test id, whichever tool printed it.

pytest `tests/test_x.py::TestA::test_b[param]`, JUnit XML from pytest `tests.test_x.TestA.test_b`,
unittest `test_b (tests.test_x.TestA)`, surefire `test_b(com.x.ATest)` and `com.x.ATest#test_b`, go
`TestB/sub_case`, jest `Suite › case` all reduce to a dotted, lower-cased path; parameters are kept
(`[1-2]` is part of the id) because two parameter sets are two tests. The words of a name written with
spaces (jest's `renders the title`) stay one part, joined by `_`: `renders` and `renders the title` are two
tests, not a parent and its child. Compared loosely (`_` as `.`), jest's `Suite › case` still equals the
`Suite case` its JUnit reporter writes.
"""

from __future__ import annotations

import re

_UNITTEST = re.compile(r"^(?P<method>[\w\[\]-]+) \((?P<cls>[\w.]+)\)$")  # test_b (pkg.mod.Cls)
_SUREFIRE = re.compile(r"^(?P<method>[\w$\[\]-]+)\((?P<cls>[\w.$]+)\)$")  # testB(com.x.ATest)
_PARAMS = re.compile(r"(\[.*\])$")
_INHERITED = re.compile(r">[\w$]+\.(?=[\w$]+$)")  # surefire `ATest>BaseTest.testB`: ATest runs BaseTest's testB
_SEPARATORS = re.compile(r"\s*(?:::|#|/|\\|›|>)\s*")
_PY_SUFFIX = re.compile(r"\.py(?=\.|$)")


def canonical_test_id(test_id: str) -> str:
    """A comparable key for a test id; "" for an empty id."""
    text = test_id.strip()
    if not text:
        return ""
    for pattern in (_UNITTEST, _SUREFIRE):
        m = pattern.match(text)
        if m:
            cls, method = m.group("cls"), m.group("method")
            text = cls if cls.endswith("." + method) else f"{cls}.{method}"  # 3.11: `test_b (pkg.Cls.test_b)`
            break
    text = _INHERITED.sub(".", text)
    params = ""
    pm = _PARAMS.search(text)
    if pm:
        params, text = pm.group(1), text[: pm.start()]
    text = _PY_SUFFIX.sub("", _SEPARATORS.sub(".", text))
    parts = ["_".join(part.split()) for part in text.split(".") if part.strip()]
    return ".".join(parts).lower() + params


def loose(test: str) -> str:
    """A canonical id with the words of its names apart too (`suite.case_name` -> `suite.case.name`)."""
    return test.replace("_", ".")


def same_test(a: str, b: str) -> bool:
    """Whether two canonical ids name one test: equal, or one is a dotted suffix of the other.

    A log often prints `ATest.testB` where the report says `com.x.ATest.testB`.
    """
    if not a or not b:
        return False
    if a == b or loose(a) == loose(b):
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short.count(".") >= 1 and long.endswith("." + short)
