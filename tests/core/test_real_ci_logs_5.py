"""A fifth set of real CI job logs from public issue threads, end to end (rules only): CI systems, tools and
log prefixes the first four sets (test_real_ci_logs*.py) did not cover (Tekton, fastlane/xcpretty, Zig,
rebar/EUnit, ExUnit, Helm, Hugo, NuGet feeds, apt behind a broken DNS, Node.js error codes).

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category; a green job has none.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# --- line prefixes -----------------------------------------------------------------------------------------

# https://github.com/openshift/pipelines-tutorial/issues/15 (Tekton `tkn pipelinerun logs`: `[task : step] `)
TEKTON = """\
[build : build] STEP 3: USER root
[build : build] --> 4a7e70bb2e8
[build : build] STEP 4: COPY upload/src /tmp/src
[build : build] error building at STEP "COPY upload/src /tmp/src": no files found matching \
"/workspace/upload/src": no such file or directory
"""

# https://github.com/fastlane/fastlane/issues/10969 (fastlane: `[hh:mm:ss]: ▸ ` before xcpretty's lines; the
# failed build command is on the line below xcodebuild's recap header, under the same prefix)
FASTLANE = """\
[15:48:29]: ▸ Running script 'Run Script'
[15:48:30]: ▸ ** BUILD FAILED **
[15:48:30]: ▸ The following build commands failed:
[15:48:30]: ▸ PhaseScriptExecution Run\\ Script /var/folders/d8/T/Build/Script-8890D72018B6396400326A96.sh
[15:48:30]: ▸ (1 failure)
"""


def test_tekton_and_xcpretty_prefixes(tmp_path: Path) -> None:
    [tekton] = _failures(tmp_path, TEKTON, "tekton.log")
    assert tekton.root.record.message.startswith('error building at STEP "COPY upload/src /tmp/src"')
    [xcode] = _failures(tmp_path, FASTLANE, "fastlane.log")
    assert xcode.root.record.message.startswith("The following build commands failed: PhaseScriptExecution")


# --- causes and their symptoms -----------------------------------------------------------------------------

# https://github.com/flix/vscode-flix/issues/382 (mocha under the VS Code test runner: Node's `[ERR_ASSERTION]`)
MOCHA_ERR_CODE = """\
  5 passing (12s)
  1 failing

  6) Source file manipulation
       Created file should be added:

      AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

true !== false

        at Context.<anonymous> (X:\\Work\\GitHub\\flix\\vscode-flix\\test\\out\\files.test.js:52:16)

6 tests failed.
"""


def test_node_error_with_its_code_is_the_cause_not_the_count(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MOCHA_ERR_CODE)
    assert failure.root.record.message == "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:"
    assert failure.classification.category == "assertion_failure"


# https://github.com/cloudnativeto/sig-envoy/issues/3 (Hugo: its site-build verdict is no failure of its own)
HUGO = """\
TypeError: Invalid PostCSS Plugin found: [0]
    at /home/runner/work/sig-envoy/sig-envoy/node_modules/postcss-load-plugins/lib/plugins.js:76:17
Building sites … ERROR 2020/09/23 15:58:01 Transformation failed: exit status 1
Error: Error building site: logged 1 error(s)
Total in 1409 ms
"""

# https://github.com/helm/helm/issues/5758 (helm lint: the finding is a lint failure, the count its verdict)
HELM_LINT = """\
==> Linting mychart/
[INFO] Chart.yaml: icon is recommended
[ERROR] templates/scripts/_echo.sh: file extension '.sh' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt

Error: 1 chart(s) linted, 1 chart(s) failed
"""

# https://github.com/dept/easy-genomics/pull/160 (Node out of memory; the shell's `Aborted` is its consequence)
NODE_OOM = """\
FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
 1: 0xb7a940 node::Abort() [node]
 2: 0xa8e823  [node]
Aborted (core dumped)
"""


def test_run_verdicts_attach_to_the_error_above_them(tmp_path: Path) -> None:
    [hugo] = _failures(tmp_path, HUGO, "hugo.log")
    assert hugo.root.record.message == "TypeError: Invalid PostCSS Plugin found: [0]"
    [helm] = _failures(tmp_path, HELM_LINT, "helm.log")
    assert helm.root.record.message.startswith("templates/scripts/_echo.sh: file extension '.sh' not valid.")
    assert helm.classification.category == "lint_error"
    [oom] = _failures(tmp_path, NODE_OOM, "oom.log")
    assert oom.classification.category == "resource_exhaustion"


# https://github.com/themesberg/flowbite-svelte/issues/1716 (BuildKit: pnpm's error in the step's output and the
# step's `#9 ERROR:` record are one failure; the registry host is replaced by an example one)
BUILDKIT_PNPM = """\
#9 [build 5/7] RUN pnpm install
#9 8.558 Progress: resolved 111, reused 0, downloaded 110, added 101
#9 8.696  ERR_PNPM_FETCH_404  GET https://registry.example.org/sad/-/sad-1.8.1.tgz: Not Found - 404
#9 8.696
#9 8.696 No authorization header was set for the request.
#9 ERROR: process "/bin/sh -c pnpm install" did not complete successfully: exit code: 1
------
ERROR: failed to build: failed to solve: process "/bin/sh -c pnpm install" did not complete successfully: exit code: 1
"""


def test_buildkit_step_record_reads_its_output_as_the_tool_does(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_PNPM)
    assert failure.classification.category == "dependency_error"


# --- categories ------------------------------------------------------------------------------------------

# https://github.com/stephendade/Rpanion-server/issues/119 (apt: the package host did not resolve)
APT_DNS = """\
Err:3 http://ports.ubuntu.com/ubuntu-ports focal/universe armhf resolvconf all 1.82
  Temporary failure resolving 'ports.ubuntu.com'
E: Failed to fetch http://ports.ubuntu.com/ubuntu-ports/pool/universe/r/resolvconf/resolvconf_1.82_all.deb  \
Temporary failure resolving 'ports.ubuntu.com'
E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?
"""

# https://github.com/dotnet/runtime/issues/44707 (NuGet could not reach its feeds: NU1301 without its code)
NUGET_FEED = """\
2020-11-15T18:04:31.1021220Z   Determining projects to restore...
2020-11-15T18:04:39.9313460Z /Users/runner/work/1/s/artifacts/toolset/restore.proj : error : Unable to load the \
service index for source https://pkgs.dev.azure.com/dnceng/public/_packaging/dotnet-tools/nuget/v3/index.json.
2020-11-15T18:04:40.1200000Z ##[error]Bash exited with code '1'.
"""


def test_a_fetch_that_failed_on_the_network_is_a_network_error(tmp_path: Path) -> None:
    apt = _failures(tmp_path, APT_DNS, "apt.log")
    assert [failure.classification.category for failure in apt] == ["network_error"] * len(apt)
    assert not any(f.root.record.message.startswith("E: Unable to fetch some archives") for f in apt)
    [nuget] = _failures(tmp_path, NUGET_FEED, "nuget.log")
    assert nuget.classification.category == "network_error"


# --- green jobs --------------------------------------------------------------------------------------------

# https://github.com/samsondav/rihanna/issues/31 (ExUnit: tests that expect crashes log `[error]` reports; the run
# passed; ExUnit prints its seed after the summary)
EXUNIT_GREEN = """\
10:47:59.056 [error] Task #PID<0.271.0> started from #PID<0.269.0> terminating
** (UndefinedFunctionError) function Nope.broken/1 is undefined (module Nope is not available)
    Nope.broken(:kaboom!)
..........

Finished in 1.3 seconds
21 tests, 0 failures

Randomized with seed 513412
"""

# https://github.com/rebar/rebar/issues/329 (rebar's EUnit: the tests print `ERROR:` lines, all of them pass)
EUNIT_GREEN = """\
==> rebar (eunit)
ERROR: Cannot parse eunit version string: abc
ERROR: sh(cp -R tmp_file_utils/source/file1 "tmp_file_utils/dest")
failed with return code 1 and the following output:
cp: tmp_file_utils/dest/file1: Permission denied

  All 117 tests passed.
"""

# https://github.com/sapcc/helm-charts/pull/6766 (helm lint: nothing failed)
HELM_GREEN = """\
==> Linting kmip
[INFO] Chart.yaml: icon is recommended

1 chart(s) linted, 0 chart(s) failed
"""

# https://github.com/ziglang/zig/issues/16954 (zig build: a test logged an error, every step succeeded; Zig's
# step tree follows its summary)
ZIG_GREEN = """\
run test: error: [default] (err): foo
Build Summary: 1/1 steps succeeded; 1/1 tests passed
test success
└─ run test 1 passed 2ms MaxRSS:1M
"""


def test_green_runs_have_no_failure(tmp_path: Path) -> None:
    for name, log in (("exunit", EXUNIT_GREEN), ("eunit", EUNIT_GREEN), ("helm", HELM_GREEN), ("zig", ZIG_GREEN)):
        assert _failures(tmp_path, log, f"{name}.log") == [], name


def test_the_same_summaries_with_failures_still_fail(tmp_path: Path) -> None:
    failed = EXUNIT_GREEN.replace("21 tests, 0 failures", "21 tests, 1 failure")
    assert _failures(tmp_path, failed, "exunit-failed.log") != []
    zig = ZIG_GREEN.replace("1/1 steps succeeded; 1/1 tests passed", "0/1 steps succeeded; 1 failed; 0/1 tests passed")
    assert _failures(tmp_path, zig, "zig-failed.log") != []
