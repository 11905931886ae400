"""Failed CI output of test runners, build tools and CI systems seen little so far (third batch): one failure
each, on the right line, with the category its tool's own words give."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# busted (Lua) under make: two failed tests, then make's verdict (https://github.com/sile-typesetter/sile/pull/654)
BUSTED = """\
33 successes / 2 failures / 0 errors / 0 pending : 0.601402 seconds

Failure → tests/complex_frame_spec.lua @ 17
Overlapping frame definitions Frame B should have top
tests/complex_frame_spec.lua:17: Expected objects to be equal.
Passed in:
(number) 0
Expected:
(number) 8

Failure → tests/frame_spec.lua @ 14
The frame factory Simple should have width
tests/frame_spec.lua:14: Expected objects to be equal.
Passed in:
(number) 0
Expected:
(number) 270
Makefile:984: *** [busted] Error 1
"""


def test_busted_failures_are_the_tests_that_failed(tmp_path: Path) -> None:
    first, second = _failures(tmp_path, BUSTED)
    assert (first.root.record.test_id, first.root.record.message) == (
        "Overlapping frame definitions Frame B should have top",
        "Expected objects to be equal.",
    )
    assert first.root.record.location is not None and first.root.record.location.line == 17
    assert second.root.record.test_id == "The frame factory Simple should have width"
    assert first.classification.category == second.classification.category == "assertion_failure"


# busted's ASCII arrows and a name on two lines; the assertion library's own frame is not the test's place
# (https://github.com/lunarmodules/lua_cliargs/issues/79)
BUSTED_ASCII = """\
Failure -> spec/features/command_spec.lua @ 76
cliargs - commands running commands given a command file propagates parsing
errors
/usr/share/lua/5.5/luassert/assertions.lua:95: bad argument #2 to 'matches'
(string or object convertible to a string expected, got (nil))

stack traceback:
         spec/features/command_spec.lua:82: in function
<spec/features/command_spec.lua:76>
"""


def test_a_busted_failure_raised_in_the_assertion_library_is_placed_at_its_test(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUSTED_ASCII)
    record = failure.root.record
    assert record.test_id == "cliargs - commands running commands given a command file propagates parsing errors"
    assert record.location is not None and (record.location.file, record.location.line) == (
        "spec/features/command_spec.lua",
        76,
    )


# clojure.test under `lein test`: a failed `is` (https://github.com/pjstadig/humane-test-output/issues/7) and a
# test that threw (https://github.com/mikera/core.matrix/issues/210)
CLOJURE_FAIL = """\
lein test :only pjstadig.humane-test-output.formatting-test/t-formatting

FAIL in (t-formatting) (formatting_test.clj:12)
FIXME, I fail.
expected: {:foo :bar}
  actual: {:another-key "and another value",
           :foo :bar}
"""
CLOJURE_ERROR = """\
lein test :only clojure.core.matrix.test-api/test-set-sel

ERROR in (test-set-sel) (test_api.clj:78)
set-sel
expected: (= [[2 2 3 4] [5 6 7 8] [9 10 11 12]])
  actual: java.lang.Exception: = expects more than one argument
          test_api.clj:78 clojure.core.matrix.test-api/fn[fn]
"""


def test_clojure_test_fail_and_error_are_an_assertion_and_an_exception(tmp_path: Path) -> None:
    [failed] = _failures(tmp_path, CLOJURE_FAIL, "fail.log")
    assert (failed.root.record.test_id, failed.root.record.message) == ("t-formatting", "FIXME, I fail.")
    assert failed.classification.category == "assertion_failure"
    [errored] = _failures(tmp_path, CLOJURE_ERROR, "error.log")
    assert errored.root.record.message == "java.lang.Exception: = expects more than one argument"
    assert errored.classification.category == "runtime_error"


# Common Test names a fun by its quoted atom (https://github.com/erlang/rebar3/pull/167)
CT_QUOTED_FUN = """\
- - - - - - - - - - - - - - - - - - - - - - - - - -
rebar_test_utils:'-check_results/2-fun-5-' failed on line 176
Reason: assertNotEqual_failed
- - - - - - - - - - - - - - - - - - - - - - - - - -
"""


def test_a_common_test_failure_in_a_quoted_fun_is_its_assertion(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CT_QUOTED_FUN)
    assert failure.root.record.message == "assertNotEqual_failed"
    assert failure.classification.category == "assertion_failure"


# Test::More's unnamed test names its place on its own line, prove's verdict on the script follows
# (https://github.com/obuk/Cv-Olive/issues/43)
PROVE_UNNAMED = """\
 t/4houghCircle.t .............. 2/10
 #   Failed test at t/4houghCircle.t line 37.
 #          got: '1'
 #     expected: '2'
 # Looks like you failed 1 test of 10.
 t/4houghCircle.t .............. Dubious, test returned 1 (wstat 256, 0x100)
"""


def test_an_unnamed_test_more_failure_is_one_failure_with_prove_s_verdict(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PROVE_UNNAMED)
    record = failure.root.record
    assert record.location is not None and (record.location.file, record.location.line) == ("t/4houghCircle.t", 37)
    assert failure.classification.category == "assertion_failure"


# the older `dotnet test` console logger marks a failed test `X Name [time]`, without an error word
# (https://github.com/microsoft/azure-pipelines-tasks/issues/12657)
VSTEST_X = """\
  X TheSearchTest [6s 729ms]
  Error Message:
   Assert.Fail failed.
  Stack Trace:
     at SeleniumBingTests.MySeleniumTests.TheSearchTest() in d:\\a\\1\\s\\TestProject\\MySeleniumTests.cs:line 36

Test Run Failed.
"""


def test_the_old_vstest_mark_names_the_test_of_its_error_message(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, VSTEST_X)
    assert (failure.root.record.test_id, failure.root.record.message) == ("TheSearchTest", "Assert.Fail failed.")
    assert failure.classification.category == "assertion_failure"


# CTest's recap row stands for a test whose own line the log lost; a test named `...-violation` starting is
# no error (https://github.com/openairymax/agentrt/issues/208)
CTEST_NOT_RUN = """\
      Start 46: depgraph-links-violation
46/50 Test #46: depgraph-links-violation ............   Passed    0.01 sec

98% tests passed, 1 tests failed out of 50

The following tests FAILED:
\t 32 - test_heapstore_trace (Not Run)
Errors while running CTest
"""
# ... and a run where every test passed says `0 tests failed` (https://github.com/uxlfoundation/oneMath/pull/311)
CTEST_PASSED = """\
977/977 Test #977: dft/EXAMPLE/CT/complex_fwd_buffer_mklcpu ..........   Passed    0.30 sec

100% tests passed, 0 tests failed out of 977
"""


def test_a_ctest_test_that_did_not_run_is_the_failure_of_its_set_up(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CTEST_NOT_RUN)
    assert failure.root.record.test_id == "test_heapstore_trace"
    assert failure.classification.category == "configuration_error"
    assert _failures(tmp_path, CTEST_PASSED, "passed.log") == []


# ocp-build's `Error:` heading over the command it ran is no minitest case (https://github.com/ocaml/opam/issues/386)
OCP_BUILD = """\
File "src/core/opamSystem.ml", line 39, characters 4-30:
Error: Unbound value Filename.get_temp_dir_name
[991.1] ERROR in project opam-core
Error:
[991.1] '/usr/bin/ocamlc.opt' '-warn-error' 'A' '-c' '-o' '_obuild/991/opamSystem.cmo' 'src/core/opamSystem.ml'
File "src/core/opamSystem.ml", line 39, characters 4-30:
Error: Unbound value Filename.get_temp_dir_name
"""


def test_an_error_heading_over_a_command_is_no_test_case(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, OCP_BUILD)
    assert failure.root.record.message == "Error: Unbound value Filename.get_temp_dir_name"
    assert failure.classification.category == "compilation_error"


# the Kotlin Gradle plugin's exception points at the compiler's lines (https://github.com/mvysny/karibu-dsl/issues/67)
KOTLIN_WRAPPED = """\
e: file:///Users/runner/work/karibu-dsl/src/main/kotlin/Router.kt:24:59 Unresolved reference 'RouteParameters'.
Caused by: org.jetbrains.kotlin.gradle.tasks.CompilationErrorException: Compilation error. See log for more details
"""


def test_the_kotlin_compilation_exception_is_no_second_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, KOTLIN_WRAPPED)
    assert failure.root.record.message == "Unresolved reference 'RouteParameters'."


# cmd.exe cannot find the tool an MSBuild Exec task runs (https://github.com/microsoft/bond/issues/526), and
# NuGet's code printed without a project in front (https://github.com/actions/setup-dotnet/issues/145)
CMD_NOT_FOUND = """\
  '"gbc"' is not recognized as an internal or external command,
  operable program or batch file.
C:\\projects\\bond\\cs\\build\\nuget\\Common.targets(100,5): error MSB3073: The command ""gbc" c#" exited \
with code 9009. [C:\\projects\\bond\\cs\\src\\core\\Bond.csproj]
"""
NUGET_BARE = (
    "error NU1101: Unable to find package System.Memory. No packages exist with this id in source(s): github "
    "[/home/runner/work/Project/Project.sln]\n"
)


def test_windows_command_not_found_and_a_bare_nuget_code_are_read(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CMD_NOT_FOUND, "cmd.log")
    assert failure.root.record.message.startswith("'\"gbc\"' is not recognized as an internal or external command")
    assert failure.classification.category == "configuration_error"
    [nuget] = _failures(tmp_path, NUGET_BARE, "nuget.log")
    assert nuget.root.record.code == "NU1101"
    assert nuget.classification.category == "dependency_error"


# Tools' own wording of a missing dependency, set-up or service state, one line each: RubyGems
# (https://github.com/railsbridge/bridge_troll/issues/661, https://github.com/travis-ci/travis-ci/issues/2100,
# https://github.com/travis-ci/travis-ci/issues/1335), conda (https://github.com/conda/conda/issues/7204), Terraform
# (https://github.com/kubevela/terraform-controller/issues/123), uv (https://github.com/a2aproject/a2a-samples/issues/284),
# nx (https://github.com/nrwl/nx/issues/13223), chart-testing (https://github.com/benthosdev/benthos-captain/issues/17),
# Pulumi (https://github.com/pulumi/pulumi/issues/1102, https://github.com/pulumi/actions/issues/1034,
# https://github.com/pulumi/pulumi/issues/2914), Serverless (https://github.com/serverless/serverless/issues/5630)
WORDING = {
    "/home/travis/.rvm/rubies/ruby-2.5.3/lib/ruby/site_ruby/2.5.0/rubygems.rb:289:in `find_spec_for_exe': "
    "can't find gem bundler (>= 0.a) with executable bundle (Gem::GemNotFoundException)\n": "dependency_error",
    "Resolving dependencies...\n\nCould not find gem 'gem-release (>= 0.7) ruby' in the gems available on this "
    "machine.\n\nRun `bundle install` to install missing gems.\n": "dependency_error",
    # (the index host renamed here)
    "ERROR:  Could not find a valid gem 'bundler' (>= 0), here is why:\n          Unable to download data from "
    "https://gems.example.org/ - no such name (https://gems.example.org/latest_specs.4.8.gz)\n": "network_error",
    "UnsatisfiableError: The following specifications were found to be in conflict:\n  - python=3.6\n": (
        "dependency_error"
    ),
    "Error: Failed to install provider\n\nError while installing hashicorp/aws v4.0.0\n": "dependency_error",
    "error: Failed to parse `uv.lock`\n  Caused by: TOML parse error at line 1, column 1\n": "dependency_error",
    " >  NX   Cannot find configuration for task products-product-detail-page:custom-command\n\n"
    "   Pass --verbose to see the stacktrace.\n\nerror Command failed with exit code 1.\n": "configuration_error",
    "Error: failed linting charts: failed identifying charts to process: must be in a git repository\n": (
        "configuration_error"
    ),
    "error: failed to load resource plugin aws: failed to configure pkg 'aws' resource provider: could not validate "
    'provider configuration: 1 error(s) occurred:\n\n* "region": required field is not set\n': "configuration_error",
    "  error: [409] Conflict: Another update is currently in progress.\n": "infrastructure_error",
    "  Serverless Error ---------------------------------------\n\n"
    "  Stack:arn:aws:cloudformation:us-east-1:38145:stack/x-api/x "
    "is in ROLLBACK_COMPLETE state and can not be updated.\n": "infrastructure_error",
    "  aws:ec2:NatGateway (app-vpc-nat-gateway-1):\n    error: Plan apply failed: transport is closing\n": (
        "network_error"
    ),
}


def test_tools_own_wording_gives_the_category(tmp_path: Path) -> None:
    for index, (log, category) in enumerate(WORDING.items()):
        [failure] = _failures(tmp_path, log, f"wording{index}.log")
        assert failure.classification.category == category, (log, failure.classification.category)


# Packer: the build's error, then the run's summary repeating it (https://github.com/hashicorp/packer/issues/3079)
PACKER = """\
==> amazon-ebs: Prevalidating AMI Name...
Build 'amazon-ebs' errored: unexpected EOF
==> Some builds didn't complete successfully and had errors:
--> amazon-ebs: unexpected EOF
==> Builds finished but no artifacts were created.
"""


def test_a_packer_build_that_errored_is_its_error_and_the_summary_no_second_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PACKER)
    assert (failure.root.record.message, failure.root.record.framework) == ("unexpected EOF", "packer")
    assert failure.root.record.line_start == 2
