"""Test runners' console output in CI logs (runners/testconsoles.py and their neighbours): one failure per failed
test, named as the runner names it, with the reason the runner printed; the runner's own verdicts are symptoms."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# TestNG under Gradle (a project's CI notes, read_file id 60487335523; and Markdown4k's README, id 13118011962)
GRADLE_SUITE = """\
Gradle suite > Gradle test > com.mobileautomation.framework.tests.LoginTest > loginOutcomeVerification FAILED
    java.lang.AssertionError at LoginTest.java:48
"""
GRADLE_SUITE_DOTTED = """\
Gradle suite > Gradle test > com.package.MyMakrdown4kTest.testMethodName[2](CodeSnippet{relativePath=/README.md, lineNumber=78, code=val root = ...}) FAILED
    javax.script.ScriptException: Error: error: unresolved reference: File
        val root = File("./")
                   ^
"""  # noqa: E501


def test_testng_under_gradle_names_the_test_by_its_full_path(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, GRADLE_SUITE)
    record = failure.root.record
    assert (record.test_id, record.message) == (
        "com.mobileautomation.framework.tests.LoginTest.loginOutcomeVerification",
        "java.lang.AssertionError",
    )
    assert record.location is not None and record.location.line == 48
    assert failure.classification.category == "assertion_failure"
    [dotted] = failures_of(tmp_path, GRADLE_SUITE_DOTTED, "dotted.log")
    assert dotted.root.record.test_id.startswith("com.package.MyMakrdown4kTest.testMethodName[2](")
    assert dotted.root.record.exception_type == "ScriptException"


# Karma with Chrome Headless (https://github.com/Olddude/flaky-selector-tests README's run, read_file id 24218413045)
KARMA = """\
Chrome Headless 98.0.4758.109 (Mac OS 10.15.7) DoSomethingFoo Selectors select foo should return foo FAILED
        Error: Expected $.name = 'first' to equal 'second'.
            at <Jasmine>
            at UserContext.<anonymous> (src/app/features/do-something/do-something.selectors.spec.ts:19:22)
            at ZoneDelegate.invoke (node_modules/zone.js/dist/zone.js:400:1)
Chrome Headless 98.0.4758.109 (Mac OS 10.15.7): Executed 2 of 2 (1 FAILED) (0.072 secs / 0.055 secs)
TOTAL: 1 FAILED, 1 SUCCESS
"""


def test_a_karma_failed_test_is_one_failure_with_its_expectation(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, KARMA)
    record = failure.root.record
    assert record.test_id == "DoSomethingFoo Selectors select foo should return foo"
    assert record.message == "Error: Expected $.name = 'first' to equal 'second'."
    assert record.line_start == 1
    assert failure.classification.category == "assertion_failure"


# Robot Framework's console (a RIDE test's captured output of a small suite, read_file id 12062031840)
ROBOT = """\
==============================================================================
Small Test.Test
==============================================================================
Passing                                                               | PASS |
------------------------------------------------------------------------------
Failing                                                               | FAIL |
this fails
------------------------------------------------------------------------------
Small Test.Test                                                       | FAIL |
2 critical tests, 1 passed, 1 failed
2 tests total, 1 passed, 1 failed
==============================================================================
Small Test                                                            | FAIL |
2 critical tests, 1 passed, 1 failed
2 tests total, 1 passed, 1 failed
==============================================================================
"""


def test_a_robot_test_fails_with_the_reason_under_it_and_its_suites_verdicts_are_symptoms(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, ROBOT)
    record = failure.root.record
    assert (record.test_id, record.message, record.line_start) == ("Failing", "this fails", 6)
    assert failure.classification.category == "assertion_failure"


# The JUnit Platform console's tree (https://github.com/junit-team/junit-framework/pull/711): a skipped and an
# aborted test are no failures
JUNIT_TREE = """\
\t ├─ engine alpha ✔
\t │  └─ container 1 ✔
\t │     └─ test 01 ✔
\t └─ engine omega ✔
\t    ├─ container 2 ✔
\t    │  └─ test 11 ■ aborted
\t    └─ container 3 ✔
\t       ├─ skipped ↷ because
\t       └─ failing ✘ BäMM
"""


def test_a_junit_tree_failure_is_its_test_with_its_message(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, JUNIT_TREE)
    assert (failure.root.record.test_id, failure.root.record.message) == ("failing", "BäMM")


# Boost.Test under b2 (https://github.com/boostorg/geometry issue, read_file id 54188070706; and
# https://github.com/boostorg/serialization/pull/288, id 54372375267)
BOOST_CHECK = """\
Running 1 test case...
libs/geometry/test/srs/projections_static.cpp(59): error: in "test_main_caller( argc, argv )":  projection: bonne_spheroid distance found: 17 expected: 35

*** 1 failure is detected in the test module "Test Program"

EXIT STATUS: 201
"""  # noqa: E501
BOOST_FATAL = """\
Running 1 test case...
unknown location(0): fatal error: in "my_test": memory access violation occurred at address 0x4, while attempting to  read inaccessible data
libs\\msm\\test\\SerializeSimpleEuml.cpp(134): last checkpoint

*** 1 failure is detected in the test module "MyTest"
"""  # noqa: E501


def test_a_boost_test_check_and_a_fatal_error_are_their_tests_failures(tmp_path: Path) -> None:
    [check] = failures_of(tmp_path, BOOST_CHECK)
    record = check.root.record
    assert (record.test_id, record.line_start) == ("test_main_caller( argc, argv )", 2)
    assert record.message == "projection: bonne_spheroid distance found: 17 expected: 35"
    assert record.location is not None and (record.location.file, record.location.line) == (
        "libs/geometry/test/srs/projections_static.cpp",
        59,
    )
    assert check.classification.category == "assertion_failure"
    [fatal] = failures_of(tmp_path, BOOST_FATAL, "fatal.log")
    assert (fatal.root.record.test_id, fatal.root.record.line_start) == ("my_test", 2)
    assert fatal.root.record.location is None  # `unknown location(0)`
    assert fatal.classification.category != "assertion_failure"


# Cucumber (Ruby): a Makers Academy tutorial's run (read_file id 3500771293) and a course's wordguesser run
# (read_file id 41617099374, its trailing spaces kept)
CUCUMBER_NAME_ERROR = """\
  Scenario: cucumber says OH HAI CUCUMNER # features/greeter_says_hello.feature:7
    Given a lulz greeter                  # features/step_definitions/lulz_greeter_steps.rb:1
      uninitialized constant LulzGreeter (NameError)
      ./features/step_definitions/lulz_greeter_steps.rb:2:in `/^a lulz greeter$/'
      features/greeter_says_hello.feature:8:in `Given a lulz greeter'
    When I send it the greet message      # features/step_definitions/lulz_greeter_steps.rb:5
    Then I should see "OH HAI CUCUMNER!"  # features/step_definitions/lulz_greeter_steps.rb:9

Failing Scenarios:
cucumber features/greeter_says_hello.feature:7 # Scenario: cucumber says OH HAI CUCUMNER

1 scenario (1 failed)
3 steps (1 failed, 2 skipped)
"""
CUCUMBER_EXPECTATION = """\
  Scenario: I start a new game         # features/start_new_game.feature:7
    Given I am on the home page        # features/step_definitions/game_steps.rb:61
    And I press "New Game"             # features/step_definitions/game_steps.rb:74
    Then I should see "Guess a letter" # features/step_definitions/game_steps.rb:70
      expected to find text "Guess a letter" in "Not Found" (RSpec::Expectations::ExpectationNotMetError)     \x20
      ./features/step_definitions/game_steps.rb:71:in `/^(?:|I )should see "([^\\"]*)"(?: within "([^\\"]*)")?$/'
      features/start_new_game.feature:11:in `I should see "Guess a letter"'
"""


def test_a_cucumber_step_error_is_its_scenarios_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CUCUMBER_NAME_ERROR)
    record = failure.root.record
    assert (record.test_id, record.line_start) == ("cucumber says OH HAI CUCUMNER", 3)
    assert record.message == "NameError: uninitialized constant LulzGreeter"
    assert failure.classification.category == "runtime_error"
    [expectation] = failures_of(tmp_path, CUCUMBER_EXPECTATION, "expectation.log")
    assert expectation.root.record.test_id == "I start a new game"
    assert expectation.classification.category == "assertion_failure"


# swift-corelibs-xctest on Linux (https://github.com/ole/Ampere/pull/9): the test named after `error:`
XCTEST_LINUX = """\
Test Case 'UnitAreaTests.testMultiplicationWithDefaultUnits' started at 18:57:59.468
/tmp/Ampere/Tests/AmpereTests/UnitAreaTests.swift:12: error: UnitAreaTests.testMultiplicationWithDefaultUnits : XCTAssertTrue failed - "m²" is not the same unit as "m²"
"""  # noqa: E501


def test_a_linux_xctest_failure_names_its_test_and_place(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, XCTEST_LINUX)
    record = failure.root.record
    assert record.test_id == "UnitAreaTests.testMultiplicationWithDefaultUnits"
    assert record.message == 'XCTAssertTrue failed - "m²" is not the same unit as "m²"'
    assert record.location is not None and record.location.line == 12


# Cucumber under rake (methadone's tutorial, read_file id 13171860531, its first `rake features` run): the task's
# `Cucumber failed` is the verdict on the failed scenario above it, not a second failure
RAKE_CUCUMBER = r"""
  Scenario: Basic UI
    When I get help for "fullstop"
    Then the exit status should be 0
    And the following options should be documented:
      | --force        |
      | --checkout-dir |
      | -d             |
      expected: /^\s*--force\s+\w\w\w+/m
           got: "Usage: fullstop [options] repo_url\n\nManages dotfiles from a git repo\n\nv0.0.1\n\nOptions:\n        --version                    Show help/version info\n        --log-level LEVEL            Set the logging level (debug|info|warn|error|fatal)\n                                     (Default: info)\n" (using =~)
      Diff:
      @@ -1,2 +1,11 @@
      -/^\s*--force\s+\w\w\w+/m
      +Usage: fullstop [options] repo_url
       (RSpec::Expectations::ExpectationNotMetError)
      features/fullstop.feature:15:in `And the following options should be documented:'

Failing Scenarios:
cucumber features/fullstop.feature:6

2 scenarios (1 failed, 1 passed)
12 steps (1 failed, 11 passed)
0m0.574s
rake aborted!
Cucumber failed

Tasks: TOP => features
(See full trace by running task with --trace)
"""  # noqa: E501


def test_rakes_cucumber_failed_is_the_verdict_on_the_failed_scenario(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, RAKE_CUCUMBER)
    assert (failure.root.record.line_start or 99) < 24  # above `rake aborted!`
    assert failure.classification.category == "assertion_failure"


# Catch2 v3 with Trompeloeil (a Japanese note on C++ mocking, read_file id 36918154632, its output indented as
# pasted): the test case's name is the header's line at the rule's indentation, its section's name is not part of it
CATCH2_SECTION = """\
    -------------------------------------------------------------------------------
    IAdder::add
      fail case
    -------------------------------------------------------------------------------
    ../../test/test_mocking.cpp:32
    ...............................................................................

    ../../extern/Trompeloeil/include/catch2/trompeloeil.hpp:40: FAILED:
    explicitly with message:
      No match for call of add with signature int(int, int) with.
        param  _1 == 1
        param  _2 == 2
"""


def test_a_catch2_failure_is_named_by_its_test_case_not_its_section(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CATCH2_SECTION)
    assert failure.root.record.test_id == "IAdder::add"


# JUnit 4's text runner (the book Clojure Programming's JUnit example output, read_file id 623502396): the numbered
# case right above an exception names its test
JUNIT4_TEXT = """\
There were 2 failures:
1) timeoutTest(com.clojurebook.annotations.JUnitTest)
java.lang.Exception: test timed out after 2000 milliseconds
2) throwsWrongException(com.clojurebook.annotations.JUnitTest)
java.lang.Exception: Unexpected exception,
expected<java.lang.NullPointerException> but was<java.lang.NumberFormatException>
"""


def test_a_junit4_numbered_case_names_the_exception_under_it(tmp_path: Path) -> None:
    tests = {failure.root.record.test_id for failure in failures_of(tmp_path, JUNIT4_TEXT)}
    assert tests == {
        "timeoutTest(com.clojurebook.annotations.JUnitTest)",
        "throwsWrongException(com.clojurebook.annotations.JUnitTest)",
    }
