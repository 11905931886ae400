"""The indexes linking finds a job's related items with give what a pass over every item gives
(classifier/link/cluster.py `_test_key`, classifier/link/placed.py `Placed`)."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.link.cluster import Item, _test_key
from classifier.link.jobs import _same_step
from classifier.link.placed import Placed
from classifier.link.shapes import Shape
from classifier.link.testids import canonical_test_id, same_test
from tests.core.builders import occurrence

_IDS = st.text(alphabet="ab._", min_size=1, max_size=9)  # every dot, underscore and suffix case in few letters


@settings(max_examples=1500, deadline=None)
@given(_IDS, _IDS)
def test_ids_that_name_one_test_share_their_key(a: str, b: str) -> None:
    """Linking compares only ids with the same key: every pair `same_test` joins has one."""
    if same_test(a, b):
        assert _test_key(a) == _test_key(b)


def test_real_ids_that_name_one_test_share_their_key() -> None:
    ids = [
        canonical_test_id(raw)
        for raw in (
            "tests/test_x.py::TestA::test_b[param]",
            "tests.test_x.TestA.test_b[param]",
            "test_b (tests.test_x.TestA)",
            "TestA::test_b[param]",
            "testB(com.x.ATest)",
            "com.x.ATest#testB",
            "ATest.testB",
            "com.x.BTest.testB",
            "TestParse/sub_case",
            "example tests › test that always fails",
            "example tests test that always fails",
            "that always fails",
        )
    ]
    pairs = [(a, b) for a in ids for b in ids if same_test(a, b)]
    assert len(pairs) > len(ids)  # some pairs of different spellings name one test
    assert all(_test_key(a) == _test_key(b) for a, b in pairs)
    assert _test_key("com.x.atest.testb") != _test_key("com.x.btest.testb")  # apart: not compared


def _item(index: int, source: int, step: str) -> Item:
    occ = occurrence(f"error {index}", line=index)
    occ = dataclasses.replace(occ, record=dataclasses.replace(occ.record, step=step))
    return Item(index, source, occ, Shape.CAUSE, "")


def test_the_nearest_placed_item_is_the_one_a_pass_over_all_finds() -> None:
    """Items placed in any order (causes first, then the others by index); the nearest placed item before each
    item of its input and step, as the highest-indexed of all placed items that qualify."""
    rng = random.Random(8)
    for _ in range(200):
        items = [_item(index, rng.randrange(3), rng.choice(("", "a", "b"))) for index in range(rng.randrange(1, 40))]
        order = sorted(items, key=lambda item: (rng.random() < 0.5, item.index))
        seed = rng.randrange(len(order) + 1)
        placed, every = Placed(order[:seed]), list(order[:seed])
        for item in order[seed:]:
            before = [p for p in every if p.source == item.source and p.index < item.index and _same_step(p, item)]
            expected = max(before, key=lambda p: p.index) if before else None
            assert placed.nearest_before(item, _same_step) is expected
            placed.add(item)
            every.append(item)
