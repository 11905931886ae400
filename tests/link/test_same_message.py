"""Causes with one normalised message: joined unless they name different tests (classifier/link/cluster.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from classifier.link.cluster import Item, Union, link_causes
from classifier.link.shapes import Shape
from classifier.link.testids import canonical_test_id
from tests.core.builders import occurrence
from tests.core.ci_logs import failures_of


def items(tests: list[str]) -> list[Item]:
    """One cause per test id ("" for none), all with the same message, far apart in one log."""
    found = []
    for index, test in enumerate(tests):
        occ = occurrence("expected true but was false", line=10 + 100 * index)
        occ = dataclasses.replace(occ, record=dataclasses.replace(occ.record, test_id=test))
        found.append(Item(index, 0, occ, Shape.CAUSE, canonical_test_id(test)))
    return found


def failures(tests: list[str]) -> list[list[int]]:
    causes = items(tests)
    union = Union(len(causes))
    link_causes(causes, union)
    buckets: dict[int, list[int]] = {}
    for item in causes:
        buckets.setdefault(union.find(item.index), []).append(item.index)
    return list(buckets.values())


def test_one_message_joins_the_first_cause_it_may_join() -> None:
    # t2 names another test than t1 and nothing without a test came before it: apart. The cause without a
    # test joins the first; `T.t1` is t1 (a suffix of its id); t3 joins the cause without a test.
    assert failures(["a.T.t1", "a.T.t2", "", "T.t1", "a.T.t3"]) == [[0, 2, 3, 4], [1]]
    assert failures(["", "a.T.t1", "a.T.t2"]) == [[0, 1, 2]]


def test_many_tests_failing_with_one_message_stay_apart() -> None:
    tests = [f"pkg.SuiteTest.test_{n}" for n in range(3000)]
    assert failures([*tests, tests[1500].removeprefix("pkg.")]) == [[n] for n in range(1500)] + [[1500, 3000]] + [
        [n] for n in range(1501, 3000)
    ]


def test_a_reporter_s_failure_mark_is_not_part_of_the_message(tmp_path: Path) -> None:
    # xcpretty (xcpretty/xcpretty lib/xcpretty/formatters/simple.rb: `✗` before a failing test while the run goes,
    # then the recap of failures per suite without it), as Alamofire's Travis logs show it
    log = (
        "Test Suite 'SessionTestCase' started\n"
        "    ✗ testThatDataRequestWithInvalidURLStringThrowsResponseHandlerError, XCTAssertTrue failed\n"
        "Executed 847 tests, with 1 failure (0 unexpected) in 40.118 (40.310) seconds\n"
        "\n"
        "Alamofire_iOS_Tests.SessionTestCase\n"
        "  testThatDataRequestWithInvalidURLStringThrowsResponseHandlerError, XCTAssertTrue failed\n"
        "  /Users/travis/build/Alamofire/Alamofire/Tests/SessionTests.swift:550\n"
        "** TEST FAILED **\n"
    )
    [failure] = failures_of(tmp_path, log)
    # one failure; the recap's entry leads it, as it names the assertion's file and line (test_real_ci_logs_7.py)
    assert failure.root.record.message.startswith("testThatDataRequestWithInvalidURLString")
    assert failure.root.record.location is not None
    assert any(e.occurrence.record.message.startswith("✗ testThatDataRequest") for e in failure.evidence)
