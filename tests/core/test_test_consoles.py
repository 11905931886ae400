"""Test runners' console output in CI logs: each failed test one failure, with its message, test id and place."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Location
from tests.core.ci_logs import failures_of

# googletest's console as a pull request quoted its red run (stored public text id 66947241747, `riftbound_tests
# --gtest_filter='EmpowerTest.*'`): two checks failed in one test, one in another; googletest's own golden output
# (google/googletest, googletest/test/googletest-output-test-golden-lin.txt) prints the same shapes.
GTEST = """\
[ RUN      ] EmpowerTest.EmpoweringSetsStatusAndEmitsEventOnce
.../test_empower.cpp:40: Failure
Value of: state.getObject(obj_id).is_empowered
  Actual: false
Expected: true
.../test_empower.cpp:41: Failure
Expected equality of these values:
  empower_events
    Which is: 0
  1
[  FAILED  ] EmpowerTest.EmpoweringSetsStatusAndEmitsEventOnce (3 ms)
[ RUN      ] EmpowerTest.DisempoweringNonEmpoweredObjectIsNoOp
[       OK ] EmpowerTest.DisempoweringNonEmpoweredObjectIsNoOp (1 ms)
[ RUN      ] EmpowerTest.DisempoweringEmpoweredObjectClearsStatus
.../test_empower.cpp:70: Failure
Value of: state.getObject(obj_id).is_empowered
  Actual: false
Expected: true
[  FAILED  ] EmpowerTest.DisempoweringEmpoweredObjectClearsStatus (1 ms)
"""


def test_googletest_failures_are_located_assertions_of_their_tests(tmp_path: Path) -> None:
    first, second = failures_of(tmp_path, GTEST)
    root = first.root.record
    assert root.test_id == "EmpowerTest.EmpoweringSetsStatusAndEmitsEventOnce"
    assert root.message == "Value of: state.getObject(obj_id).is_empowered Actual: false Expected: true"
    assert root.location == Location(".../test_empower.cpp", 40)
    assert first.classification.category == "assertion_failure"
    # the test's second check is the same failure (one test), not one of its own
    assert {evidence.occurrence.record.line_start for evidence in first.evidence} >= {2, 6}
    assert second.root.record.test_id == "EmpowerTest.DisempoweringEmpoweredObjectClearsStatus"
    assert second.root.record.location == Location(".../test_empower.cpp", 70)


# A test whose exception googletest caught (cryfs/cryfs's flaky CacheTest_PushAndPop.AfterTimeout, as its issue notes
# quote macOS job 105554091434, stored public text id 71333035780; the quote's two lines, which it ran together):
# no place, the exception's description.
GTEST_THROWN = """\
unknown file: Failure
C++ exception with description "Attempted to access the value of an uninitialized optional object." thrown in the \
test body.
"""


def test_an_exception_googletest_caught_is_an_error_of_its_test(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, GTEST_THROWN)
    root = failure.root.record
    assert root.message.startswith('C++ exception with description "Attempted to access the value of an uninit')
    assert root.location is None
    assert root.tool_hint == "test_error"
