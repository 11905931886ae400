"""Real Go, Rust and C/C++ build logs, end to end (rules only): the line a failed job is read from, once,
and its category, where the build tools print their own verdicts around the compiler's or the test's.

Each sample is trimmed to the part around the failure, with its origin in the comment above it (read_file ids
are files of the stored public repositories the search tools read).
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# --- go test: a test's own output is no failure; testify's assertion block is the failed test's message -------

# read_file id 67265592544 (terraform-provider-mongodbatlas acceptance test report, a GitHub Actions job log)
TESTIFY = """\
2026-08-28T03:24:15.3010165Z === RUN   TestAccCloudBackupCollectionRestoreJob_snapshotSameClusterDatabaseRename
2026-08-28T03:24:15.3011846Z     cloud_backup_collection_restore_fixture.go:82: Creating execution project (1): \
test-acc-tf-p-6088905679006959120
2026-08-28T03:24:15.3013403Z 2026/08/28 03:08:38 [DEBUG] Waiting for state to become: [IDLE]
2026-08-28T03:24:15.3021849Z     cloud_backup_collection_restore_fixture.go:82:\x20
2026-08-28T03:24:15.3022923Z         \tError Trace:\t/home/runner/work/p/p/internal/testutil/acc/shared_resource\
.go:203
2026-08-28T03:24:15.3033451Z         \t            \t\t\t\t/home/runner/work/p/p/internal/serviceapi/x/resource_\
test.go:33
2026-08-28T03:24:15.3034340Z         \tError:      \tReceived unexpected error:
2026-08-28T03:24:15.3035227Z         \t            \tunexpected state 'FAILED', wanted target 'COMPLETED'. last \
error: %!s(<nil>)
2026-08-28T03:24:15.3036049Z         \tTest:       \tTestAccCloudBackupCollectionRestoreJob_snapshotSameClusterD\
atabaseRename
2026-08-28T03:24:15.3036766Z --- FAIL: TestAccCloudBackupCollectionRestoreJob_snapshotSameClusterDatabaseRename \
(941.04s)
"""

# read_file id 67494874716 (the same provider's report: a timeout after a test's t.Log line)
TIMEOUT_AFTER_LOG = """\
2025-10-07T00:27:23.6392459Z === RUN   TestAccGlobalClusterConfig_iss
2025-10-07T03:27:49.5067355Z     pre_check.go:36: Time before creating cluster: 2025-10-07T03:27:49.506157342Z, \
ProjectID: 68e4
2025-10-07T05:27:20.9535754Z panic: test timed out after 5h0m0s
2025-10-07T05:27:20.9536372Z \trunning tests:
2025-10-07T05:27:20.9536924Z \t\tTestAccGlobalClusterConfig_iss (1h59m51s)
"""


def test_testify_block_is_the_failed_tests_message_and_test_output_is_no_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TESTIFY, "testify.log")
    record = failure.root.record
    assert record.message == (
        "Received unexpected error: unexpected state 'FAILED', wanted target 'COMPLETED'. last error: %!s(<nil>)"
    )
    assert record.line_start == 7  # testify's `Error:` field, not the t.Log line at the top
    assert record.test_id == "TestAccCloudBackupCollectionRestoreJob_snapshotSameClusterDatabaseRename"
    assert record.location is not None and record.location.file == "cloud_backup_collection_restore_fixture.go"
    assert failure.classification.category == "assertion_failure"
    [timeout] = _failures(tmp_path, TIMEOUT_AFTER_LOG, "timeout.log")
    assert timeout.root.record.message == "panic: test timed out after 5h0m0s"
    assert timeout.classification.category == "timeout"


# --- a driver's verdict on the command it ran, naming its status, is a wrapper of that command's errors -----

# read_file id 41054633751 (a ZMK firmware build with Zephyr's west on GitHub Actions)
WEST = """\
2024-02-03T23:50:51.3086164Z /tmp/t/zephyr/include/generated/devicetree_generated.h:6382:56: error: \
'DT_N_S_behaviors_S_key_press_P_label' undeclared here (not in a function)
2024-02-03T23:50:51.3088453Z  6382 | #define DT_N_S_behaviors_S_swapper_P_bindings_IDX_0_PH \
DT_N_S_behaviors_S_key_press
2024-02-03T23:50:51.3163797Z compilation terminated due to -Wfatal-errors.
2024-02-03T23:50:51.5246561Z [21/337] Building C object CMakeFiles/app.dir/src/ext_power_generic.c.obj
2024-02-03T23:50:51.5247612Z ninja: build stopped: subcommand failed.
2024-02-03T23:50:51.5294956Z FATAL ERROR: command exited with status 1: /usr/local/bin/cmake --build \
/tmp/tmp.6FiFYZGtKh
"""

# https://github.com/hw-native-sys/PTOAS/pull/742 (a board test harness building each case with cmake/gmake)
HARNESS = """\
ld.lld: error: undefined reference due to --no-allow-shlib-undefined: Sqrt_kernel_2d(float*, float*)
>>> referenced by libsqrt_kernel.so
bisheng: error: linker command failed with exit code 1 (use -v to see invocation)
gmake[2]: *** [CMakeFiles/sqrt.dir/build.make:98: sqrt] Error 1
gmake: *** [Makefile:91: all] Error 2
[2026-06-04 18:06:26] ERROR: testcase failed (exit 2): sqrt
"""

# read_file id 47017975625 (davidzchen/bazel-8445, bazelbuild/bazel#8445: a cc_test that does not link)
BAZEL_LINK = """\
ERROR: /Volumes/oasis/Projects/experimental/bazel-8445/foo/BUILD:23:1: Linking of rule '//foo:foo_test' failed \
(Exit 1) cc_wrapper.sh failed: error executing command external/local_config_cc/cc_wrapper.sh -lc++ -o \
bazel-out/darwin-fastbuild/bin/foo/foo_test

Use --sandbox_debug to see verbose messages from the sandbox
Undefined symbols for architecture x86_64:
  "foo::Foo::~Foo()", referenced from:
      foo::(anonymous namespace)::FooTest_BaseCase_Test::TestBody() in foo_test.o
ld: symbol(s) not found for architecture x86_64
clang: error: linker command failed with exit code 1 (use -v to see invocation)
Target //foo:foo_test failed to build
FAILED: Build did NOT complete successfully
"""


def test_a_drivers_status_verdict_wraps_the_error_it_ran_into(tmp_path: Path) -> None:
    [west] = _failures(tmp_path, WEST, "west.log")
    assert west.root.record.line_start == 1
    assert west.classification.category == "compilation_error"
    [harness] = _failures(tmp_path, HARNESS, "harness.log")
    assert harness.root.record.line_start == 1
    assert "Sqrt_kernel_2d" in harness.root.record.message
    [bazel] = _failures(tmp_path, BAZEL_LINK, "bazel.log")
    assert bazel.root.record.message.startswith("Undefined symbols for architecture x86_64")
    assert bazel.classification.category == "compilation_error"


# read_file id 47017975625 (the same repository: the test binary aborted by dyld inside its gtest case, then
# Bazel's summary row for the target)
BAZEL_TEST_CRASH = """\
FAIL: //foo:foo_test (see /private/var/tmp/_bazel_dzc/x/execroot/com_google_bazel_507/bazel-out/darwin-fastbuild\
/testlogs/foo/foo_test/test.log)
INFO: From Testing //foo:foo_test:
==================== Test output for //foo:foo_test:
[ RUN      ] FooTest.BaseCase
dyld: Symbol not found: __ZN3foo3FooD1Ev
  Expected in: flat namespace

external/bazel_tools/tools/test/test-setup.sh: line 310: 94915 Abort trap: 6           "${TEST_PATH}" "$@" 2>&1
================================================================================
INFO: Build completed, 1 test FAILED, 2 total actions
//foo:foo_test                                                           FAILED in 0.1s
"""

# read_file id 9891300816 (steeve/rules_go_ios_arm, bazelbuild/rules_go#1693: the Go linker under GoLink)
GO_LINK = """\
ERROR: /Users/steeve/go/src/github.com/steeve/rules_go_ios_arm/BUILD.bazel:3:1: GoLink darwin_arm/cmd failed \
(Exit 1): link failed: error executing command

Use --sandbox_debug to see verbose messages from the sandbox
sync.(*Map).Load: relocation target sync/atomic.(*Value).Load not defined
sync.(*Map).Store: relocation target sync/atomic.(*Value).Load not defined
GoLink: error running subcommand: exit status 2
Target //:cmd failed to build
FAILED: Build did NOT complete successfully
"""


def test_bazels_summary_row_is_the_crashed_tests_and_the_go_linker_is_read(tmp_path: Path) -> None:
    [crash] = _failures(tmp_path, BAZEL_TEST_CRASH, "crash.log")
    assert crash.classification.category == "crash"
    assert crash.root.record.line_start == 8  # the shell's report of the abort, the summary row joined to it
    [link] = _failures(tmp_path, GO_LINK, "golink.log")
    assert link.root.record.message == "sync.(*Map).Load: relocation target sync/atomic.(*Value).Load not defined"
    assert link.classification.category == "compilation_error"


# --- gcc -Werror: the warning over `cc1: some warnings being treated as errors` failed the compile -----------

# https://github.com/martynsmith/lg4l/issues/1 (an out-of-tree kernel module built with kbuild)
WERROR = """\
/home/stephen/Documents/projects/lg4l/hid-g13.c:1349:13: warning: ‘g13_post_reset_start’ defined but not used \
[-Wunused-function]
 1349 | static void g13_post_reset_start(struct hid_device *hdev)
      |             ^~~~~~~~~~~~~~~~~~~~
cc1: some warnings being treated as errors
make[3]: *** [/usr/src/linux-headers-5.14.0-2-common/scripts/Makefile.build:276: \
/home/stephen/Documents/projects/lg4l/hid-g13.o] Error 1
make[2]: *** [/usr/src/linux-headers-5.14.0-2-common/Makefile:1882: /home/stephen/Documents/projects/lg4l] Error 2
make: *** [Makefile:18: default] Error 2
"""

# read_file id 50828300759 (rust-lang/rust's LLVM build on Azure Pipelines, a part that went on: a warning
# without -Werror, under gcc's function header that names `llvm::Error`)
WARNING_ONLY = """\
2019-07-12T16:06:53.0974985Z [ 56%] Building CXX object lib/Bitcode/Reader/CMakeFiles/LLVMBitReader.dir/BitcodeA\
nalyzer.cpp.o
2019-07-12T16:06:53.4196492Z /checkout/src/llvm-project/llvm/lib/Bitcode/Reader/BitcodeAnalyzer.cpp: In member \
function 'llvm::Error llvm::BitcodeAnalyzer::analyze(llvm::Optional<llvm::BCDumpOptions>, \
llvm::Optional<llvm::StringRef>)':
2019-07-12T16:06:53.4197203Z /checkout/src/llvm-project/llvm/lib/Bitcode/Reader/BitcodeAnalyzer.cpp:549:23: \
warning: variable 'BlockInfoStreamType' set but not used [-Wunused-but-set-variable]
2019-07-12T16:06:53.4197323Z      CurStreamTypeType BlockInfoStreamType;
2019-07-12T16:06:53.4311404Z [ 56%] Building CXX object lib/Bitcode/Reader/CMakeFiles/LLVMBitReader.dir/BitReade\
r.cpp.o
"""


def test_werror_makes_the_warning_the_failure_and_a_warning_alone_fails_nothing(tmp_path: Path) -> None:
    [werror] = _failures(tmp_path, WERROR, "werror.log")
    assert werror.root.record.line_start == 1
    assert werror.root.record.message == "‘g13_post_reset_start’ defined but not used [-Wunused-function]"
    assert werror.classification.category == "compilation_error"
    assert _failures(tmp_path, WARNING_ONLY, "warning.log") == []


# --- autoconf's AC_MSG_FAILURE: the error is on the line under `configure: error: in `dir':` ----------------

# https://github.com/Homebrew/linuxbrew-core/pull/1165 (a Travis bottle build)
AUTOCONF = """\
checking whether the C compiler works... no
configure: error: in `/tmp/infer-20161028-11554-1kmr7dj/infer-linux64-v0.9.2':
configure: error: C compiler cannot create executables
See `config.log' for more details
"""


def test_autoconf_failure_is_read_under_its_directory_header(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, AUTOCONF, "configure.log")
    assert failure.root.record.message == "C compiler cannot create executables"
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "configuration_error"


# --- checkers and the machine: go vet, gometalinter, clippy's denied lint, rustc out of memory, ginkgo -------

# https://github.com/containerd/containerd/pull/1747 (gometalinter's `file:line::severity:` with no column)
GOMETALINTER = """\
gometalinter --config .gometalinter.json ./...
snapshot/testsuite/testsuite.go:603::error: arg st.Kind for printf verb %s of wrong type: \
github.com/containerd/containerd/snapshot.Kind
 (vet)
snapshot/testsuite/testsuite.go:639::error: arg st.Kind for printf verb %s of wrong type: \
github.com/containerd/containerd/snapshot.Kind
 (vet)
Makefile:64: recipe for target 'check' failed
make: *** [check] Error 1
"""

# https://github.com/sendgrid/sendgrid-go/issues/162
GO_VET = """\
go vet ./...
helpers/mail/mail_v3_test.go:66: arg personalizations for printf verb %d of wrong type: []*mail.Personalization
exit status 1
"""

# https://github.com/zoni/obsidian-export/issues/149 (GitHub's web view of actions-rs/cargo: the problem
# matcher's annotation prints rustc's arrow as `Error:    --> ...`)
CLIPPY = """\
/home/runner/.cargo/bin/cargo clippy -- -D warnings
    Checking obsidian-export v22.11.0 (/home/runner/work/obsidian-export/obsidian-export)
error: the borrowed expression implements the required traits
Error:    --> src/lib.rs:384:58
    |
384 |                 let destination = &self.destination.join(&relative_path);
    |                                                          ^^^^^^^^^^^^^^ help: change this to: `relative_path`
    |
    = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#needless_borrow
    = note: `-D clippy::needless-borrow` implied by `-D warnings`

error: could not compile `obsidian-export` due to previous error
"""

# read_file id 50946346837 (rust-lang/rust on Azure Pipelines, Windows: rustc's allocation failure)
RUSTC_ALLOC = """\
2019-11-11T02:50:20.0979591Z    Compiling shell-escape v0.1.4
2019-11-11T02:50:20.9155500Z memory allocation of 2147483656 bytes failed[RUSTC-TIMING] hex test:false 3.619
2019-11-11T02:50:20.9199953Z error: could not compile `hex`.
2019-11-11T02:50:22.5510567Z error: build failed
"""

# https://github.com/cilium/cilium/issues/29853 (Ginkgo's report of a spec that panicked)
GINKGO = """\
    checks container ids match monitor output [It]
    /home/runner/work/cilium/cilium/test/ginkgo-ext/scopes.go:515

    Test Panicked
    runtime error: index out of range [5] with length 5
    /opt/hostedtoolcache/go/1.20.12/x64/src/runtime/panic.go:113

    Full Stack Trace
    github.com/cilium/cilium/test/runtime.glob..func9.7.10()
    \t/home/runner/work/cilium/cilium/test/runtime/monitor.go:319 +0x6b2
"""


def test_checkers_and_the_machine_get_their_categories(tmp_path: Path) -> None:
    findings = _failures(tmp_path, GOMETALINTER, "gometalinter.log")
    assert findings[0].root.record.line_start == 2
    assert {finding.classification.category for finding in findings} == {"lint_error"}
    [vet] = _failures(tmp_path, GO_VET, "vet.log")
    assert vet.classification.category == "lint_error"
    [clippy] = _failures(tmp_path, CLIPPY, "clippy.log")
    assert clippy.root.record.location is not None and clippy.root.record.location.line == 384
    assert clippy.classification.category == "lint_error"
    [alloc] = _failures(tmp_path, RUSTC_ALLOC, "alloc.log")
    assert alloc.classification.category == "resource_exhaustion"
    [panicked] = _failures(tmp_path, GINKGO, "ginkgo.log")
    assert panicked.root.record.message == "runtime error: index out of range [5] with length 5"
    assert panicked.root.record.exception_type == "index out of range"
    assert panicked.classification.category == "runtime_error"
