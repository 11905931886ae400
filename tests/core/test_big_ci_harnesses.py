"""Large projects' own CI harnesses (LLVM lit, rustc compiletest, wptrunner, CPython regrtest, 0-day CI, Nix,
Gradle under Taskcluster): the failed test or the error is the failure, once, with its category; what the
harness expected to fail is none."""

from __future__ import annotations

from pathlib import Path

from classifier.extract.prefix import strip_prefix
from tests.core.ci_logs import failures_of as _failures

# lit's summary after `ninja check-llvm` (https://github.com/llvm/llvm-project/issues/127427; the inline
# code marks and the trailing blanks of its lines left out)
LIT_FAILED_TESTS = """\
Failed Tests (11):
  LLVM :: BugPoint/attr-crash.ll
  LLVM :: BugPoint/crash-narrowfunctiontest.ll
  LLVM :: BugPoint/func-attrs-keyval.ll
  LLVM :: BugPoint/func-attrs.ll
FAILED: test/CMakeFiles/check-llvm /Users/coco/cs/llvm-project/build/test/CMakeFiles/check-llvm
cd /Users/coco/cs/llvm-project/build/test && /opt/homebrew/Frameworks/Python.framework/Versions/3.13/bin/python3.13 \
/Users/coco/cs/llvm-project/build/./bin/llvm-lit -sv /Users/coco/cs/llvm-project/build/test
ninja: build stopped: subcommand failed.
"""


def test_lit_s_failed_tests_list_is_the_first_test_it_names(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, LIT_FAILED_TESTS)
    assert failure.root.record.test_id == "LLVM :: BugPoint/attr-crash.ll"
    assert failure.classification.category == "assertion_failure"


# lit's block of a failed test (https://github.com/emscripten-core/emscripten/issues/3784)
LIT_TEST_BLOCK = """\
******************** TEST 'LLVM :: CodeGen/JS/expand-insertextract.ll' FAILED ********************
Script:
--
"""


def test_lit_s_test_block_names_its_test(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, LIT_TEST_BLOCK)
    assert failure.root.record.test_id == "LLVM :: CodeGen/JS/expand-insertextract.ll"
    assert failure.root.record.line_start == 1


# lit's results of tests that did not run here or passed (https://github.com/llvm/llvm-zorg/issues/206)
LIT_UNSUPPORTED = """\
UNSUPPORTED: lldb-api :: commands/expression/import-std-module/vector-dbg-info-content/\
TestDbgInfoContentVectorFromStdModule.py (100 of 2730)
UNSUPPORTED: lldb-api :: commands/expression/import-std-module/vector-of-vectors/\
TestVectorOfVectorsFromStdModule.py (101 of 2730)
UNSUPPORTED: lldb-api :: commands/expression/import_builtin_fileid/TestImportBuiltinFileID.py (105 of 2730)
PASS: lldb-api :: commands/expression/invalid-args/TestInvalidArgsExpression.py (106 of 2730)
"""


def test_lit_s_unsupported_and_passed_tests_are_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, LIT_UNSUPPORTED) == []


# lit could not read a test suite's configuration (https://github.com/jbush001/NyuziToolchain/issues/99)
LIT_CONFIG = """\
llvm-lit: /Users/jeffbush/src/NyuziToolchain/utils/lit/lit/TestingConfig.py:101: fatal: unable to parse config \
file '/Users/jeffbush/src/NyuziToolchain/test/lit.cfg.py', traceback: Traceback (most recent call last):
  File "/Users/jeffbush/src/NyuziToolchain/utils/lit/lit/TestingConfig.py", line 88, in load_from_path
    exec(compile(data, path, 'exec'), cfg_globals, None)
  File "/Users/jeffbush/src/NyuziToolchain/test/lit.cfg.py", line 21, in <module>
    config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
AttributeError: 'NoneType' object has no attribute 'use_lit_shell'
"""


def test_lit_s_fatal_configuration_error_is_one_configuration_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, LIT_CONFIG)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "configuration_error"


# compiletest's block of a failed ui test in a bors run (https://github.com/rust-lang/rust/pull/74308)
COMPILETEST = """\
2020-07-14T00:00:54.8395865Z ---- [ui] ui/rfcs/rfc-1014.rs stdout ----
2020-07-14T00:00:54.8396030Z
"""


def test_compiletest_s_test_block_is_its_test(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, COMPILETEST)
    assert failure.root.record.test_id == "ui/rfcs/rfc-1014.rs"
    assert failure.classification.category == "assertion_failure"


# wptrunner's mach formatter in Servo's Taskcluster run: two subtests passed that were expected to fail
# (https://github.com/servo/servo/pull/25452)
WPT_UNEXPECTED_PASSES = """\
  ▶ Unexpected subtest result in /webdriver/tests/take_screenshot/iframe.py:
  └ PASS [expected FAIL] test_source_origin[same_origin]
  ▶ Unexpected subtest result in /webdriver/tests/take_screenshot/iframe.py:
  └ PASS [expected FAIL] test_source_origin[cross_origin]
"""


def test_wptrunner_s_unexpected_passes_are_failures_of_their_subtests(tmp_path: Path) -> None:
    first, second = _failures(tmp_path, WPT_UNEXPECTED_PASSES)
    assert first.root.record.message == "PASS [expected FAIL] test_source_origin[same_origin]"
    assert second.root.record.message == "PASS [expected FAIL] test_source_origin[cross_origin]"
    assert first.classification.category == second.classification.category == "assertion_failure"


# CPython's regrtest summary (stored public text id 16078619690: Python 3.10 on openEuler RISC-V)
REGRTEST = """\
== Tests result: FAILURE ==

1 test OK.

9 tests failed:
    test_builtin test_dict test_doctest test_doctest2 test_exceptions
    test_grammar test_opcodes test_types test_unittest

Total duration: 1 min 2 sec
Tests result: FAILURE
"""


def test_regrtest_s_summary_is_one_failure_of_the_modules_it_names(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, REGRTEST)
    assert failure.root.record.test_id == "test.test_builtin"
    assert "test_unittest" in failure.root.record.message
    assert failure.classification.category == "assertion_failure"


# 0-day CI's report: old warnings, then the new error its `>> ` marks
# (stored public text id 23152424667, https://lore.kernel.org/oe-kbuild-all/202412031318.6qeKIH6u-lkp@intel.com/)
ZERO_DAY = """\
All errors (new ones prefixed by >>):

   In file included from mm/memcontrol.c:56:
   include/linux/mm_inline.h:47:41: warning: arithmetic between different enumeration types ('enum node_stat_item' \
and 'enum lru_list') [-Wenum-enum-conversion]
      47 |         __mod_lruvec_state(lruvec, NR_LRU_BASE + lru, nr_pages);
         |                                    ~~~~~~~~~~~ ^ ~~~
>> mm/memcontrol.c:4618:3: error: call to undeclared function '__mem_cgroup_uncharge_swap'; ISO C99 and later do \
not support implicit function declarations [-Wimplicit-function-declaration]
    4618 |                 __mem_cgroup_uncharge_swap(entry, nr_pages);
         |                 ^
   mm/memcontrol.c:4618:3: note: did you mean 'mem_cgroup_uncharge_swap'?
   include/linux/swap.h:687:20: note: 'mem_cgroup_uncharge_swap' declared here
     687 | static inline void mem_cgroup_uncharge_swap(swp_entry_t entry,
         |                    ^
   3 warnings and 1 error generated.
"""


def test_zero_day_s_new_error_is_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, ZERO_DAY)
    assert failure.root.record.line_start == 7
    assert failure.root.record.message.startswith("call to undeclared function '__mem_cgroup_uncharge_swap'")
    assert failure.classification.category == "compilation_error"


# Gradle under Taskcluster: a task that ran out of heap (https://github.com/mozilla-mobile/fenix/pull/25561)
GRADLE_HEAP = """\
Execution failed for task ':app:packageDebug'.
> Multiple task action failures occurred:
> A failure occurred while executing com.android.build.gradle.tasks.PackageAndroidArtifact$IncrementalSplitterRunnable
> Java heap space
> A failure occurred while executing com.android.build.gradle.tasks.PackageAndroidArtifact$IncrementalSplitterRunnable
> Self-suppression not permitted
"""


def test_a_gradle_task_s_nested_cause_is_its_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GRADLE_HEAP)
    assert failure.classification.category == "resource_exhaustion"


# `nix build --print-build-logs`: each builder line after the package name (stored public text id 55619520591)
NIX_BUILD = """\
building '/nix/store/20sshdb4i5m1kf9589fx27n19s56fli3-quicknotes-0.1.0.drv'...
quicknotes> Building subPackage .
quicknotes> Running phase: checkPhase
quicknotes> ok          quicknotes      0.014s
quicknotes> Running phase: installPhase
quicknotes> patchelf: cannot find section '.dynamic'. The input file is most likely statically linked
"""


def test_a_nix_builder_s_package_prefix_is_taken_off(tmp_path: Path) -> None:
    assert strip_prefix("quicknotes> Running phase: checkPhase").text == "Running phase: checkPhase"
    assert strip_prefix(">> mm/memcontrol.c:4618:3: error: x").text == "mm/memcontrol.c:4618:3: error: x"
    assert strip_prefix("> Java heap space").text == "> Java heap space"  # Gradle's nested cause keeps its mark
    # no verdict says the build failed: patchelf's note is shown, in the builder's own words
    assert [failure.root.record.message for failure in _failures(tmp_path, NIX_BUILD)] == [
        "patchelf: cannot find section '.dynamic'. The input file is most likely statically linked"
    ]


# A Chromium build whose compiler printed nothing before ninja stopped (https://github.com/NixOS/nixpkgs/pull/48922)
NINJA_OBJECT = """\
ninja: Entering directory `out/Release'
[1/1111] STAMP obj/build/win/default_exe_manifest.stamp
[2/1111] CXX obj/buildtools/third_party/libc++/libc++/algorithm.o
FAILED: obj/buildtools/third_party/libc++/libc++/algorithm.o
"""


def test_ninja_s_failed_object_without_compiler_output_is_a_compilation_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NINJA_OBJECT)
    assert failure.classification.category == "compilation_error"


# The Adoptium test kit's summary on ci.adoptium.net (stored public text id 24593193276, temurin-build notes;
# trailing blanks left out)
TKG = """\
12:42:00  PASSED test targets:
12:42:00        jdk_lang_0 - Test results: passed: 474
12:42:00
12:42:00  FAILED test targets:
12:42:00        jdk_security3_0 - Test results: passed: 606; failed: 1
12:42:00                Failed test cases:
12:42:00                        TEST: sun/security/ssl/X509TrustManagerImpl/Entrust/Distrust.java
12:42:00
12:42:00        jdk_util_0 - Test results: passed: 675; failed: 2
"""


def test_the_test_kit_s_failed_targets_are_its_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TKG)
    assert failure.root.record.test_id == "jdk_security3_0"
    assert "X509TrustManagerImpl/Entrust/Distrust.java" in failure.root.record.message
    assert failure.classification.category == "assertion_failure"


# A kernel's panic in an interrupt handler, its oops above cut off (stored public text id 9391731500)
PANIC_IN_INTERRUPT = """\
[    0.798502] DR0: 0000000000000000 DR1: 0000000000000000 DR2: 0000000000000000
[    0.798504] DR3: 0000000000000000 DR6: 00000000fffe0ff0 DR7: 0000000000000400
[    0.798505] Kernel panic - not syncing: Fatal exception in interrupt
[    0.799522] Kernel Offset: 0xd800000 from 0xffffffff81000000 (relocation range: \
0xffffffff80000000-0xffffffffbfffffff)
[    0.875144] ---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---
"""


def test_a_panic_in_an_interrupt_is_read_whatever_the_word_interrupt(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PANIC_IN_INTERRUPT)
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "crash"
