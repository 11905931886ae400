"""JUnit extraction conformance against publish-unit-test-result-action's golden parses.

For every JUnit XML file under test_results/publish-unit-test-result-action/files/{junit-xml,xml}, compares
the failing/erroring test cases and their messages with the expected parse beside it (`.results`, a
Python repr of the parsed cases; `.exception` for corrupt input, where a Problem is expected), per flavour
and in total. Then reads every XML file of test_results/mikepenz-action-junit-report and
test_results/junitparser: each must parse or yield a Problem, never raise.

    python -m bench.junit_conformance [--data PATH] [-v]
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from bench.common import data_dir
from classifier.extract import junit
from classifier.model import Extraction
from classifier.sources.base import Document

FAILED = ("failure", "error")


@dataclass
class Tally:
    files: int = 0
    cases_ok: int = 0
    messages_ok: int = 0
    messages: int = 0
    problems_ok: int = 0
    problems: int = 0
    crashes: int = 0


def _document(path: Path) -> Document:
    return Document(str(path), lambda: path.open("rb"), path.stat().st_size)


def _expected_cases(results: Path) -> list[dict[str, Any]]:
    """UnitTestCase(...) calls of a `.results` repr, as keyword dicts."""
    tree = ast.parse(results.read_text(encoding="utf-8"), mode="eval")
    cases = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "UnitTestCase":
            cases.append({kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg})
    return cases


def _case_id(case: dict[str, Any]) -> str:
    cls, name, file = case.get("class_name"), case.get("test_name"), case.get("test_file")
    if cls and name:
        return f"{cls}.{name}"
    if file and name:
        return f"{file}::{name}"
    return str(name or cls or "")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _message_ok(ours: str, expected: str | None) -> bool:
    if not expected:
        return True
    ours_n, exp_n = _norm(ours), _norm(expected)
    return bool(ours_n) and (ours_n == exp_n or ours_n in exp_n or exp_n in ours_n)


def _flavour(path: Path, root: Path) -> str:
    rel = path.relative_to(root).parts
    return "/".join(rel[:2]) if len(rel) > 2 else rel[0]


def conformance(root: Path, verbose: bool) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for path in sorted([*root.glob("junit-xml/**/*.xml"), *root.glob("xml/**/*.xml")]):
        tally = tallies[_flavour(path, root)]
        tally.files += 1
        try:
            extraction = junit.extract(_document(path))
        except Exception as exc:  # a crash is the figure being measured
            tally.crashes += 1
            print(f"CRASH {path}: {exc!r}")
            continue
        if path.with_suffix(".exception").exists():
            tally.problems += 1
            tally.problems_ok += bool(extraction.problems)
            continue
        results = path.with_suffix(".results")
        if results.exists():
            _compare(path, extraction, _expected_cases(results), tally, verbose, _unnamed_failures(path))
    return tallies


def _unnamed_failures(xml: Path) -> int:
    """Failed/errored <testcase> elements without a name: the peer counts them in its suite totals but lists
    no case for them; we report them (a failure without a name is still a failure)."""
    try:
        root = ElementTree.parse(xml).getroot()
    except ElementTree.ParseError:
        return 0
    return sum(
        1
        for case in root.iter("testcase")
        if not case.get("name") and any(child.tag in ("failure", "error") for child in case)
    )


def _compare(
    path: Path, extraction: Extraction, cases: list[dict[str, Any]], tally: Tally, verbose: bool, unnamed: int = 0
) -> None:
    expected = {_case_id(c): c for c in cases if c.get("result") in FAILED}
    records = [r for r in extraction.records if r.tool_hint != "flaky"]
    ours = {r.test_id: r for r in records if r.test_id or not unnamed}
    same = set(expected) == set(ours) and (not unnamed or sum(1 for r in records if not r.test_id) == unnamed)
    tally.cases_ok += same
    if not same and verbose:
        print(f"cases differ {path.name}: expected {sorted(expected)[:3]} got {sorted(ours)[:3]}")
    for test_id, case in expected.items():
        tally.messages += 1
        record = ours.get(test_id)
        ok = record is not None and _message_ok(record.message, case.get("message") or case.get("content"))
        tally.messages_ok += ok
        if not ok and verbose:
            print(
                f"message differs {path.name} {test_id}: {case.get('message')!r:.80} vs "
                f"{record.message if record else None!r:.80}"
            )


def robustness(folder: Path) -> tuple[int, int, int, int]:
    """(files, with records, with problems, crashes) over every XML file in folder."""
    files = with_records = with_problems = crashes = 0
    for path in sorted(folder.rglob("*.xml")):
        files += 1
        try:
            extraction = junit.extract(_document(path))
        except Exception as exc:
            crashes += 1
            print(f"CRASH {path}: {exc!r}")
            continue
        with_records += bool(extraction.records)
        with_problems += bool(extraction.problems)
    return files, with_records, with_problems, crashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    data = args.data or data_dir()
    if data is None:
        print("shared data not found; set CI_CLASSIFY_DATA or pass --data")
        return 0
    tallies = conformance(data / "test_results" / "publish-unit-test-result-action" / "files", args.verbose)
    total = Tally()
    print(f"{'flavour':28} files  cases-match  messages-match  corrupt->problem  crashes")
    for name, t in sorted(tallies.items()):
        graded = t.files - t.problems - t.crashes
        print(
            f"{name:28} {t.files:5}  {t.cases_ok:4}/{graded:<6}  {t.messages_ok:5}/{t.messages:<7}  "
            f"{t.problems_ok:4}/{t.problems:<10}  {t.crashes}"
        )
        for field in ("files", "cases_ok", "messages_ok", "messages", "problems_ok", "problems", "crashes"):
            setattr(total, field, getattr(total, field) + getattr(t, field))
    graded = total.files - total.problems - total.crashes
    print(
        f"TOTAL: cases match {total.cases_ok}/{graded} ({100 * total.cases_ok / max(graded, 1):.1f}%), "
        f"messages match {total.messages_ok}/{total.messages} "
        f"({100 * total.messages_ok / max(total.messages, 1):.1f}%), corrupt -> Problem "
        f"{total.problems_ok}/{total.problems}, crashes {total.crashes}"
    )
    for name in ("mikepenz-action-junit-report", "junitparser"):
        folder = data / "test_results" / name
        if folder.is_dir():
            files, recs, probs, crashes = robustness(folder)
            print(f"{name}: {files} XML files, {recs} with failure records, {probs} with a Problem, {crashes} crashes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
