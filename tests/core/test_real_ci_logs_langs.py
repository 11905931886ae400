"""Failed jobs of less common ecosystems (Haskell, Zig, Nim, Julia, R, Lua, Ruby): the build tool's verdict is
a symptom of the compiler's or the test's error, which is the failure, on its own line."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Role
from tests.core.ci_logs import failures_of as _failures

# cabal-install 1.x: the pkg-config check that stopped the configure step, then cabal's verdict on the install
# (a blog post's `cabal install libssh2`, find_string id 12018103710)
CABAL_PKG_CONFIG = """\
$ cabal install libssh2
Resolving dependencies...
Configuring libssh2-0.2.0.1...
cabal: The pkg-config package libssh2 version >=1.2.8 is required but it could
not be found.
Failed to install libssh2-0.2.0.1
cabal: Error: some packages failed to install:
libssh2-0.2.0.1 failed during the configure step. The exception was:
ExitFailure 1
"""


def test_cabals_verdict_on_the_install_is_a_symptom_of_the_configure_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CABAL_PKG_CONFIG)
    assert failure.root.record.line_start == 4
    assert "pkg-config package libssh2" in failure.root.record.message


# GHC 7 under cabal: the error's place alone on its line, the message indented below it (a project's notes,
# find_string id 30478737884; the notes' four-space code indent taken off)
GHC7_PLACE_ALONE = """\
Setup.hs:3:8:
    Could not find module `Distribution.PreProcess'
    Use -v to see a list of the files searched for.
Failed to install fenfire-0.1
cabal: Error: some packages failed to install:
fenfire-0.1 failed during the configure step. The exception was:
ExitFailure 1
"""


def test_ghc7s_place_alone_over_its_indented_message_is_the_compile_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GHC7_PLACE_ALONE)
    record = failure.root.record
    assert record.line_start == 1 and record.message.startswith("Could not find module `Distribution.PreProcess'")
    assert record.location is not None and (record.location.file, record.location.line) == ("Setup.hs", 3)
    assert failure.classification.category == "compilation_error"


# GHC 7.8 without `error:`: an unmarked `x.hs:57:3: msg` is the compiler's error, not a linter's finding
# (https://github.com/LeifW/xmonad-utils/issues/5)
GHC_UNMARKED = """\
[2 of 2] Compiling Main             ( src/Hhp.hs, dist/build/hhp/hhp-tmp/Main.o )

src/Hhp.hs:57:3: Not in scope: ‘block’
Failed to install xmonad-utils-0.1.3.2.1
cabal: Error: some packages failed to install:
xmonad-utils-0.1.3.2.1 failed during the building phase. The exception was:
ExitFailure 1
"""


def test_an_unmarked_ghc_line_is_a_compile_error_and_cabals_verdict_no_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GHC_UNMARKED)
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "compilation_error"


# cabal 3.12 running a custom Setup.hs: `Error: [Cabal-7125]` over the GHC error that stopped its configure step
# (a wrapped paste: the place alone over `error: [GHC-88464]`; https://github.com/mercury/hs-temporal-sdk/pull/31)
CABAL_7125 = """\
Starting     temporal-sdk-core-0.1.0.0 (all, legacy fallback: build-type is Custom)
Error: [Cabal-7125]
Failed to build temporal-sdk-core-0.1.0.0. The failure occurred during the configure step. The exception was:
  dieVerbatim: user error (Error: cabal: '/Users/ianwookim/repo/srcc/ghcHEAD/_build/stage1/bin/ghc'
exited with an error:
/Users/ianwookim/repo/mercury/mwb-on-ghcHEAD/20240914/mwb-20240914/dist-newstyle/tmp/src-60010/temporal-sdk-core-0.1.0.0/dist/setup/setup.hs:46:39:
error: [GHC-88464]
Variable not in scope: buildDir :: LocalBuildInfo -> FilePath
Suggested fix:
"""


def test_cabals_numbered_error_over_a_failed_build_gives_way_to_ghcs_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CABAL_7125)
    record = failure.root.record
    assert record.line_start == 6 and record.message == "Variable not in scope: buildDir :: LocalBuildInfo -> FilePath"
    assert (record.code, failure.classification.category) == ("GHC-88464", "compilation_error")


# Zig 0.10's build runner under a judge: the compile error, then the step's name and the runner's verdicts on
# the command it ran (an online judge's stored messages, find_string id 131304668)
ZIG_BUILD = """\
/judge/Main.zig:43:5: error: use of undeclared identifier 'ans'
    ans="YES";
    ^~~
error: a.out...
error: The following command exited with error code 1:
/opt/zig-linux-x86_64-0.10.1/zig build-exe /judge/Main.zig -OReleaseFast --cache-dir /judge/zig-cache --name a.out
error: the following build command failed with exit code 1:
/judge/zig-cache/o/5297450095ee08f631a822f783f9b1b0/build /opt/zig-linux-x86_64-0.10.1/zig /judge /judge/zig-cache
"""


def test_zigs_build_runner_verdicts_are_symptoms_of_the_compile_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, ZIG_BUILD)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "compilation_error"  # a .zig file's error: the compiler's


# nimble's test task on nimble itself: the unittest module's failed test, then the tester's exit (nim c -r) and
# the nimscript exec that ran it (https://github.com/nim-lang/nimble/issues/676)
NIMBLE_TASK = """\
[Suite] Module tests
  [OK] version
  [OK] cli
Error: execution of an external program failed: '/home/bobeff/projects/Nim/dist/nimble/tests/tester '
stack trace: (most recent call last)
/tmp/nimblecache/nimscriptapi.nim(164, 16)
/home/bobeff/projects/Nim/dist/nimble/nimble_83013.nims(30, 10) testTask
/home/bobeff/projects/Nim/lib/system/nimscript.nim(246, 7) exec
/home/bobeff/projects/Nim/lib/system/nimscript.nim(246, 7) Error: unhandled exception: FAILED: nim c -r tester
     Error: Exception raised during nimble script execution
"""


def test_nims_external_program_and_nimble_exec_verdicts_are_symptoms(tmp_path: Path) -> None:
    for failure in _failures(tmp_path, NIMBLE_TASK):
        assert failure.root.record.role is Role.SYMPTOM


# Nim's unittest on Windows CI: a check that failed in a test, the test's verdict below it
# (https://github.com/exercism/configlet/issues/889)
NIM_CHECK = """\
[Suite] fmt, with --update, without --yes, for an exercise that is not formatted (no diff, and exits with 1)
    D:\\a\\configlet\\configlet\\tests\\test_binary_fmt.nim(215, 21): Check failed: exitCode == 1
    exitCode was -1073741819
  [FAILED] -e bob
[Suite] genUuid
  [OK] can generate 100_000 valid version 4 UUIDs
Error: execution of an external program failed: 'C:\\Users\\runneradmin\\nimcache\\all_tests_d\\all_tests.exe'
"""


def test_a_nim_unittest_check_is_the_failed_tests_assertion(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NIM_CHECK)
    record = failure.root.record
    assert (record.line_start, record.message, record.test_id) == (2, "Check failed: exitCode == 1", "-e bob")
    assert failure.classification.category == "assertion_failure"


# Julia's Pkg.test: the test summary's verdict, then Pkg's on the package (a package tutorial's REPL session,
# find_string id 43982947871)
JULIA_PKG_TEST = """\
Test Summary: | Pass  Fail  Total  Time
test set      |    1     1      2  0.5s
ERROR: LoadError: Some tests did not pass: 1 passed, 1 failed, 0 errored, 0 broken.
in expression starting at /tmp/ULG/test/runtests.jl:4
ERROR: Package ULG errored during testing
"""


def test_pkgs_errored_during_testing_is_a_symptom_of_the_tests_verdict(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JULIA_PKG_TEST)
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "assertion_failure"  # 1 failed: a test's check, not an exception


# devtools::check in a README, reprex's `#> ` before each line: R CMD check's failed step and its detail line
# (find_string id 9673403479)
RCMDCHECK_REPREX = """\
#> ── R CMD check results ────────────────────────────────── Credit 0.0.0.9000 ────
#> Duration: 8.3s
#>
#> ❯ checking package dependencies ... ERROR
#>   Namespace dependencies missing from DESCRIPTION Imports/Depends entries:
#>     'DT', 'bslib', 'ggplot2'
#>
#> 1 error ✖ | 0 warnings ✔ | 0 notes ✔
#> Error: R CMD check found ERRORs
"""


def test_rcmdchecks_failed_step_in_reprex_output_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RCMDCHECK_REPREX)
    record = failure.root.record
    assert record.line_start == 4 and "Namespace dependencies missing from DESCRIPTION" in record.message
    assert failure.classification.category == "dependency_error"


# rlang's form of an R error under R CMD check's tests: `Error in `f()`:` over its `! msg` line (a README's
# devtools::check, find_string id 246370494)
RLANG_ERROR = """\
#> > test_check("ravingBrowser")
#> Error in `test_dir()`:
#> ! No test files found
#> Backtrace:
#>     ▆
#>  1. └─testthat::test_check("ravingBrowser")
#> Execution halted
"""


def test_rlangs_error_and_its_bullet_are_one_r_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RLANG_ERROR)
    record = failure.root.record
    assert (record.line_start, record.message) == (2, "Error in `test_dir()`: No test files found")


# luarocks building luaposix on Travis: the build script's uncaught Lua error (`lua: file:line: msg`, the
# script without a .lua extension; https://github.com/luaposix/luaposix/issues/276)
LUA_UNCAUGHT = """\
Installing https://luarocks.org/luaposix-34.0-1.src.rock

lua: build-aux/luke:120: attempt to concatenate a nil value (local 'found')

stack traceback:

	build-aux/luke:120: in upvalue 'check_executable_in_path'
"""


def test_the_lua_interpreters_uncaught_error_is_the_failure_at_its_place(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, LUA_UNCAUGHT)
    record = failure.root.record
    assert (record.line_start, record.message) == (3, "attempt to concatenate a nil value (local 'found')")
    assert record.location is not None and (record.location.file, record.location.line) == ("build-aux/luke", 120)
    assert failure.classification.category == "runtime_error"


# rake running the specs through bundler: `rake aborted!` and the command that failed on the next line, where
# the record starts (https://github.com/rspec/rspec-rails/issues/109)
RAKE_ABORTED = """\
rake aborted!
bundle exec  /System/Library/Frameworks/Ruby.framework/Versions/1.8/usr/bin/ruby  -Ilib -Ispec "./spec/models/question_spec.rb" failed
"""  # noqa: E501


def test_rakes_abort_starts_at_the_reason_below_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RAKE_ABORTED)
    assert failure.root.record.line_start == 2 and failure.root.record.message.startswith("bundle exec")


# cpanm on Travis: a dependency that did not install, then cpanm bailing out (never TeX's `! ` errors)
# (https://github.com/travis-ci/travis-ci/issues/1296)
CPANM_DEPS = """\
$ cpanm --quiet --installdeps --notest .

Successfully installed common-sense-3.71

! Installing the dependencies failed: Module 'common::sense' is not installed

! Bailing out the installation for JSON-XS-2.34.
"""


def test_cpanms_failed_install_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CPANM_DEPS)
    assert failure.root.record.line_start == 5 and failure.root.record.framework == "cpanm"
    assert failure.classification.category == "dependency_error"


# RuboCop's verdict alone on Travis: its count of offenses (https://github.com/voxpupuli/puppet-icingaweb2/issues/271)
RUBOCOP_COUNT = """\
25 files inspected, 1013 offenses detected
RuboCop failed!
"""


def test_rubocops_offense_count_is_a_lint_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RUBOCOP_COUNT)
    assert failure.classification.category == "lint_error"


# Psalm's console rows in a CI job (https://github.com/concretecms/console/pull/29)
PSALM = """\
ERROR: UndefinedMethod - src/Command/Site/InfoCommand.php:19:23 - Method Concrete\\Core\\Application\\Application::make does not exist (see https://psalm.dev/022)
        $info = $app->make(Info::class);
"""  # noqa: E501


def test_a_psalm_row_is_a_lint_finding_at_its_place(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PSALM)
    record = failure.root.record
    assert (record.code, record.location is not None and record.location.line) == ("UndefinedMethod", 19)
    assert failure.classification.category == "lint_error"


# `flutter pub get` on an old SDK: pub's solver explains why there is no solution
# (https://github.com/konifar/droidkaigi2018-flutter/issues/71)
PUB_SDK = """\
Because droidkaigi2018 depends on uri <0.11.3 which requires SDK version >=0.8.10 <2.0.0 or >=2.0.0-dev.18 <2.0.0, version solving failed.
"""  # noqa: E501


def test_pubs_failed_version_solving_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PUB_SDK)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "dependency_error"


# a gem's native extension that did not build on a GitLab runner (https://github.com/ruby/rubygems/issues/4073)
GEM_EXTENSION = """\
Installing unf_ext 0.0.7.6 with native extensions
Gem::Ext::BuildError: ERROR: Failed to build gem native extension.
 current directory:
 /Users/cloud-mac/builds/prJ_GqMs/0/mobile/our_app/vendor/bundle/ruby/2.6.0/gems/unf_ext-0.0.7.6/ext/unf_ext
"""


def test_a_gems_native_extension_that_did_not_build_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GEM_EXTENSION)
    assert failure.classification.category == "dependency_error"


# Nim's unittest on Jenkins: an exception in a test, the test's verdict below it; Nim's exceptions are Defects
# (https://github.com/status-im/status-app/issues/16545)
NIM_DEFECT = """\
[2024-10-17T07:04:24.214Z] [Suite] collectibles model
[2024-10-17T07:04:24.214Z] options.nim(226)         get
[2024-10-17T07:04:24.214Z] 
[2024-10-17T07:04:24.214Z]     Unhandled exception: Can't obtain a value from a `none` [UnpackDefect]
[2024-10-17T07:04:24.214Z]   [FAILED] Collectible list set
"""  # noqa: W291


def test_a_nim_defect_in_a_test_is_its_runtime_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NIM_DEFECT)
    record = failure.root.record
    assert (record.line_start, record.exception_type, record.test_id) == (4, "UnpackDefect", "Collectible list set")
    assert failure.classification.category == "runtime_error"


# `zig build test` on Windows: a stack frame's address after a .zig place is no linter's finding
# (https://github.com/Avokadoen/ecez/issues/150)
ZIG_WINDOWS_FRAME = """\
run test: error: 'test.systems produce expected 3x3 grid state' failed: expected true, found false
C:\\Program Files\\Zig\\lib\\std\\testing.zig:84:17: 0x7ff68b4e1052 in expectEqual__anon_5673 (test.exe.obj)
                return error.TestExpectedEqual;
                ^
C:\\repositories\\ecez\\examples\\game-of-life\\main.zig:386:13: 0x7ff68b4e1abb in test.systems produce expected 3x3 grid state (test.exe.obj)
            try std.testing.expectEqual(alive, health.alive[0]);
"""  # noqa: E501


def test_a_zig_stack_frame_on_windows_is_no_finding(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, ZIG_WINDOWS_FRAME)
    assert failure.root.record.line_start == 1
