"""Test ids from different tools name the same test."""

from __future__ import annotations

import pytest

from classifier.link.testids import canonical_test_id, same_test


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("tests/test_x.py::test_y", "tests.test_x.test_y"),  # pytest log vs pytest's JUnit XML
        ("tests/test_x.py::TestA::test_b", "tests.test_x.TestA.test_b"),
        ("test_b (tests.test_x.TestA)", "tests.test_x.TestA.test_b"),  # unittest's verbose line
        ("test_b (tests.test_x.TestA.test_b)", "tests.test_x.TestA.test_b"),  # the same since Python 3.11
        ("ATest>BaseTest.testB", "ATest.testB"),  # surefire's summary for an inherited test method
        ("testB(com.x.ATest)", "com.x.ATest.testB"),  # surefire's summary vs its XML
        ("com.x.ATest#testB", "com.x.ATest.testB"),  # surefire -Dtest= syntax
        ("tests/test_x.py::test_p[1-2]", "tests.test_x.test_p[1-2]"),  # parametrised
        ("TestAlpha/Meetups", "TestAlpha.Meetups"),  # go sub-test
    ],
)
def test_spellings_of_one_test_are_equal(a: str, b: str) -> None:
    assert canonical_test_id(a) == canonical_test_id(b)


def test_parameters_keep_tests_apart() -> None:
    assert canonical_test_id("t.py::test_p[1]") != canonical_test_id("t.py::test_p[2]")


def test_a_short_id_names_the_test_of_a_long_one() -> None:
    assert same_test(canonical_test_id("ATest.testB"), canonical_test_id("com.x.ATest.testB"))
    assert not same_test(canonical_test_id("testB"), canonical_test_id("com.x.ATest.testB"))  # too vague
    assert not same_test(canonical_test_id("a.b"), canonical_test_id("a.bb"))
    assert not same_test("", "")


def test_a_name_written_with_spaces_is_one_part() -> None:
    # jest prints `describe › test name`; its JUnit reporter writes the same test as `describe test name`
    # (https://github.com/JeanPaiva42/jest-an-issue/issues/47: two tests, one name a prefix of the other)
    short = canonical_test_id("example tests › test that always fails")
    long = canonical_test_id("example tests › test that always fails too")
    assert not long.startswith(short + ".")  # not a parent and its child
    assert not same_test(short, long)
    assert same_test(short, canonical_test_id("example tests test that always fails"))
