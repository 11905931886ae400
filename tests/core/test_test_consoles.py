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


# Gradle's test logging (exceptionFormat short), as a concurrency talk's example repository shows its failing build
# (stored public text id 16192296317): two parameterized cases, each its own failure at its assertion's line.
GRADLE_SHORT = """\
> Task :test

CounterTest > [2] org.example.concurrent.UnsafeCounter@6472519b FAILED
    java.lang.AssertionError at CounterTest.java:79

CounterTest > [2] org.example.concurrent.UnsafeCounter@2782620a FAILED
    org.opentest4j.AssertionFailedError at CounterTest.java:63

8 tests completed, 2 failed

> Task :test FAILED
"""


def test_gradle_s_failed_tests_are_their_exceptions_at_their_lines(tmp_path: Path) -> None:
    first, second = failures_of(tmp_path, GRADLE_SHORT)
    assert first.root.record.test_id == "CounterTest.[2] org.example.concurrent.UnsafeCounter@6472519b"
    assert (first.root.record.message, first.root.record.location) == (
        "java.lang.AssertionError",
        Location("CounterTest.java", 79),
    )
    assert second.root.record.location == Location("CounterTest.java", 63)
    assert first.classification.category == "assertion_failure"


# The JUnit Platform console's failure entry, as a Quarkus triage note quotes it (stored public text id 68404167479):
# named by its MethodSource line, located at its first frame outside JUnit (a helper of the test class).
JUNIT_CONSOLE = """\
Failures (1):
  JUnit Jupiter:ClassLoadingChainAnalyzerTest:analyzeFindsClassesLoadedViaMethodHandlesFindClass()
    MethodSource [className = 'io.quarkus.deployment.pkg.steps.ClassLoadingChainAnalyzerTest', methodName = \
'analyzeFindsClassesLoadedViaMethodHandlesFindClass', methodParameterTypes = '']
    => org.opentest4j.AssertionFailedError: Should discover Target loaded via MHFindClassUtil ==> expected: <true> \
but was: <false>
       org.junit.jupiter.api.Assertions.assertTrue(Assertions.java:232)
       io.quarkus.deployment.pkg.steps.ClassLoadingChainAnalyzerTest.assertSeedDiscovery(ClassLoadingChainAnalyzerTest.java:234)
       io.quarkus.deployment.pkg.steps.ClassLoadingChainAnalyzerTest.analyzeFindsClassesLoadedViaMethodHandlesFindClass(ClassLoadingChainAnalyzerTest.java:220)
"""


def test_the_junit_platform_console_names_its_failed_test(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, JUNIT_CONSOLE)
    root = failure.root.record
    assert root.test_id == (
        "io.quarkus.deployment.pkg.steps.ClassLoadingChainAnalyzerTest.analyzeFindsClassesLoadedViaMethodHandlesFindClass"
    )
    assert root.message.startswith("org.opentest4j.AssertionFailedError: Should discover Target loaded via")
    assert root.location == Location("ClassLoadingChainAnalyzerTest.java", 234)
    assert failure.classification.category == "assertion_failure"


# vitest's failed tests' section, from a project's red run (stored public text id 56130964244; trimmed): two tests
# whose assertion errors read alike once normalised stay two failures, each named by its ` FAIL  file > ...` header.
VITEST = """\
⎯⎯⎯⎯⎯⎯⎯ Failed Tests 3 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  src/__tests__/oauth-token-exchange.test.ts > AC-1: Authorization code is exchanged for access and refresh \
tokens > makes a POST request to Strava token endpoint with authorization code
AssertionError: expected undefined to be defined
 ❯ src/__tests__/oauth-token-exchange.test.ts:206:24
    204|     // Verify that a request was made to Strava API
    205|     const stravaCall = stravaApiCalls.find((call) => call.url.includes…
    206|     expect(stravaCall).toBeDefined();
       |                        ^
    207|   });
    208|

⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/3]⎯

 FAIL  src/__tests__/oauth-token-exchange.test.ts > AC-1: Authorization code is exchanged for access and refresh \
tokens > extracts access_token and refresh_token from Strava response
AssertionError: expected 500 to be less than 500
"""


def test_vitest_s_failed_tests_are_named_by_their_headers(tmp_path: Path) -> None:
    first, second = failures_of(tmp_path, VITEST)
    assert first.root.record.test_id.endswith("> makes a POST request to Strava token endpoint with authorization code")
    assert first.root.record.message == "AssertionError: expected undefined to be defined"
    assert second.root.record.test_id.endswith("> extracts access_token and refresh_token from Strava response")


# Zig 0.16's build runner under a Nix build (NixOS/nixpkgs#517746, xit's check phase): the message on the next line.
ZIG = """\
mq run test 24 pass, 1 fail (25 total)
error: 'test.main.test.main' failed:
       expected 3, found 2
failed command: ./.zig-cache/o/9d92cd523e490fe794dcc4dd1036320f/test --cache-dir=./.zig-cache --seed=0x4a8f6428 \
--listen=-

Build Summary: 7/9 steps succeeded (1 failed); 24/25 tests passed (1 failed)
"""


def test_a_zig_test_s_failure_is_its_message(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, ZIG)
    assert (failure.root.record.test_id, failure.root.record.message) == ("test.main.test.main", "expected 3, found 2")


# Swift Testing's console, as a project's notes quote a red run (stored public text id 68952202018).
SWIFT_TESTING = """\
◇ Test "a dim leading glyph at a third of the bright digits' contrast is counted" started.
✘ Test "a dim leading glyph at a third of the bright digits' contrast is counted" recorded an issue at \
PumpGlyphSlicerTests.swift:204:9: Expectation failed: cells.filter { !$0.isBlank }.count == 4
↳ the dim leading glyph must be counted, got 3 digits
"""


def test_a_swift_testing_issue_is_a_located_failure_of_its_test(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, SWIFT_TESTING)
    root = failure.root.record
    assert root.test_id == "a dim leading glyph at a third of the bright digits' contrast is counted"
    assert root.location == Location("PumpGlyphSlicerTests.swift", 204, 9)
    assert root.message == "Expectation failed: cells.filter { !$0.isBlank }.count == 4"


# Catch2 v2.12's console in a course's lab notes (stored public text id 20327851107): two failed CHECKs of one test
# case are one failure, named by the test case's header.
CATCH2 = """\
-------------------------------------------------------------------------------
<findPrimes()> function tests
-------------------------------------------------------------------------------
src/test-primes.cpp:71


src/test-primes.cpp:79: FAILED:
  CHECK( findPrimes(1, 10, false) == 169 )
with expansion:
  9 == 169

src/test-primes.cpp:84: FAILED:
  CHECK( findPrimes(10, 1500, false) == 4256 )
with expansion:
  9 == 4256 (0x10a0)

===============================================================================
test cases:  2 |  1 passed | 1 failed
assertions: 27 | 25 passed | 2 failed

make: *** [include/Makefile.inc:60: tests] Error 2
"""


def test_catch2_s_failed_checks_of_one_test_case_are_one_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CATCH2)
    root = failure.root.record
    assert root.test_id == "<findPrimes()> function tests"
    assert root.message == "CHECK( findPrimes(1, 10, false) == 169 ) with expansion: 9 == 169"
    assert root.location == Location("src/test-primes.cpp", 79)
    assert {evidence.occurrence.record.line_start for evidence in failure.evidence} >= {7, 12}


# Julia's Test in a benchmark report's errors section (Convex.jl, stored public text id 28695938987): the test set
# names both failed checks, one failure.
JULIA = """\
Error in testset socp_dual_minimal_norm_solutions:
Test Failed at /home/runner/.julia/packages/Convex/cKTOH/src/problem_depot/problems/socp.jl:438
  Expression: ≈(p.optval, 1.5, atol = atol, rtol = rtol)
   Evaluated: -0.1482853037893854667561755504342657921142366130608660706548383045021534535065042 ≈ 1.5 (atol=0.001, \
rtol=0.0)

Error in testset socp_dual_minimal_norm_solutions:
Test Failed at /home/runner/.julia/packages/Convex/cKTOH/src/problem_depot/problems/socp.jl:439
  Expression: ≈(evaluate(x), [0, 1.5], atol = atol, rtol = rtol)
   Evaluated: [0.6000000110484164, 1.1999999944757918] ≈ [0.0, 1.5] (atol=0.001, rtol=0.0)
"""


def test_julia_s_failed_checks_of_one_test_set_are_one_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, JULIA)
    assert failure.root.record.test_id == "socp_dual_minimal_norm_solutions"
    assert failure.root.record.location is not None and failure.root.record.location.line == 438


# Reporters that print the test's name on a line of its own next to the error: node:test's spec recap (an agent
# benchmark's run, stored public text id 53324450384) and Pest (a Laravel project's notes, stored public text id
# 68370564910; two tests of one class, two failures).
NODE_SPEC = """\
✖ failing tests:

test at __tests__/tier-eval/alphametics.test.js:205:3
✖ claw solves the task (82670.768858ms)
  AssertionError [ERR_ASSERTION]: claw must exit cleanly

  1 !== 0

      at TestContext.<anonymous> (file:///test/__tests__/tier-eval/alphametics.test.js:233:12)
"""
PEST = """\
     FAIL  Tests\\Feature\\CustomerTrackingFilterTest

     FAILED  Tests\\Feature\\CustomerTrackingFilterTest > customer tracking filters by district
     Failed asserting that '<!DOCTYPE html> ...' contains "Active Filters:".
     at tests\\Feature\\CustomerTrackingFilterTest.php:78

     FAILED  Tests\\Feature\\CustomerTrackingFilterTest > customer tracking filters by application type
     Failed asserting that '<!DOCTYPE html> ...' contains "Active Filters:".
     at tests\\Feature\\CustomerTrackingFilterTest.php:92

     Tests:    2 failed, 48 passed (388 assertions)
"""


def test_an_error_is_named_by_the_reporter_s_line_next_to_it(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, NODE_SPEC)
    assert failure.root.record.test_id == "claw solves the task"
    assert failure.root.record.exception_type == "AssertionError"
    first, second = failures_of(tmp_path, PEST, "pest.log")
    assert (
        first.root.record.test_id
        == "Tests\\Feature\\CustomerTrackingFilterTest > customer tracking filters by district"
    )
    assert second.root.record.test_id.endswith("> customer tracking filters by application type")
