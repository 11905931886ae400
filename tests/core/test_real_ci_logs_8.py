"""An eighth set of real CI job logs from public issue threads, end to end (rules only): tools the first seven
sets did not cover (Deno's type check, the Angular and Elm compilers, HLint, SwiftLint, mix format, Stack,
Conan, Julia's Pkg, Helm templates, kustomize, valgrind, minitest, bats, Puppeteer, Testcontainers, Go's race
detector).

Each sample is trimmed to the part around the failure, with its origin in the comment above it. The
assertion is what the developer reading the log would call the failure: the root-cause line once, with a
sensible category; a green job has none.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# --- compilers and type checkers by their own wording --------------------------------------------------------

# https://github.com/denjucks/yolk/issues/4 (`deno install` type-checks the module first)
DENO = """\
Check https://raw.githubusercontent.com/denjucks/yolk/master/yolk.js
error: TS2345 [ERROR]: Argument of type 'string | URL' is not assignable to parameter of type 'string'.
  Type 'URL' is not assignable to type 'string'.
  return new URL(url).pathname
                 ~~~
    at https://deno.land/std@0.56.0/path/win32.ts:917:18

Found 1 error.
"""

# https://github.com/Calciumdibromid/CaBr2/pull/803 (Angular CLI build)
ANGULAR = """\
Error: src/app/onepager/onepager.component.html:30:7 - error NG8001: 'app-export-buttons' is not a known element:
1. If 'app-export-buttons' is an Angular component, then verify that it is part of this module.

30       <app-export-buttons [docsTemplate]="DOCS_TEMPLATE"></app-export-buttons>
         ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
"""

# https://github.com/mdgriffith/elm-markup/issues/19 (`elm make`: the count comes before the problem)
ELM = """\
 $ elm make src/Main.elm --output=editor.js
Detected errors in 1 module.
-- NAMING ERROR --------------------------------------------------- src/Main.elm

I cannot find a `Mark.Edit.Error` type:

387|     -> Result (List Mark.Edit.Error) ( Cursor, Mark.Parsed )
                         ^^^^^^^^^^^^^^^
The `Mark.Edit` module does not expose a `Error` type.
"""


def test_type_and_template_checkers_are_compile_errors(tmp_path: Path) -> None:
    [deno] = _failures(tmp_path, DENO, "deno.log")
    assert deno.root.record.message.startswith("error: TS2345 [ERROR]: Argument of type 'string | URL'")
    assert deno.classification.category == "compilation_error"
    [angular] = _failures(tmp_path, ANGULAR, "angular.log")
    assert "error NG8001: 'app-export-buttons' is not a known element" in angular.root.record.message
    assert angular.classification.category == "compilation_error"
    [elm] = _failures(tmp_path, ELM, "elm.log")
    assert elm.root.record.message == "Naming Error: I cannot find a `Mark.Edit.Error` type:"
    assert elm.root.record.location is not None and elm.root.record.location.file == "src/Main.elm"
    assert elm.classification.category == "compilation_error"


# --- linters and format checks --------------------------------------------------------------------------------

# https://github.com/IntersectMBO/cardano-node/pull/1625 (HLint exits 1 on any hint; `1 hint` in its format)
HLINT = """\
cardano-node/test/Test/Common/Base.hs:75:19-114: Warning: Use maybe
Found:
  fromMaybe
    "UnknownModule"

1 hint
"""

# https://github.com/bernardolins/fake_server/pull/50 (Travis, `mix format --check-formatted`)
MIX_FORMAT = """\
$ mix format --check-formatted
** (Mix) mix format failed due to --check-formatted.
The following files were not formatted:
  * lib/fake_server.ex
The command "mix format --check-formatted" exited with 1.
"""

# https://github.com/contentful/contentful.swift/issues/104 (SwiftLint warnings; without --strict they pass: the
# `Done linting!` summary in SwiftLint's format)
SWIFTLINT_WARNINGS = """\
/Users/bejones/Development/project/Carthage/Checkouts/contentful.swift/Sources/Query.swift:295: warning: Line \
Length Violation: Line should be 120 characters or less: currently 122 characters (line_length)
/Users/bejones/Development/project/Carthage/Checkouts/contentful.swift/Sources/Query.swift:296: warning: Line \
Length Violation: Line should be 120 characters or less: currently 147 characters (line_length)
Done linting! Found 2 violations, 0 serious in 1 file.
"""


def test_linters_and_format_checks_are_lint_errors(tmp_path: Path) -> None:
    [hlint] = _failures(tmp_path, HLINT, "hlint.log")
    assert hlint.root.record.code == "Use maybe"
    assert hlint.classification.category == "lint_error"
    [mix] = _failures(tmp_path, MIX_FORMAT, "mix.log")
    assert "mix format failed due to --check-formatted" in mix.root.record.message
    assert mix.classification.category == "lint_error"
    assert _failures(tmp_path, SWIFTLINT_WARNINGS, "swiftlint.log") == []
    serious = SWIFTLINT_WARNINGS.replace("warning: Line", "error: Line", 1).replace("0 serious", "1 serious")
    [swiftlint] = _failures(tmp_path, serious, "swiftlint-serious.log")
    assert swiftlint.root.record.code == "line_length"
    assert swiftlint.classification.category == "lint_error"


# --- package resolvers and manifests ----------------------------------------------------------------------------

# https://github.com/haskellfoundation/error-message-index/pull/457 (Stack's coded error, its reason below)
STACK = """\
Error: [S-4804]
       Stack failed to construct a build plan.

       While constructing the build plan, Stack encountered the following errors:

       In the dependencies for message-index-0.1.0.0:
           hakyll-4.15.1.1 from Stack configuration does not match ^>=4.16.0.0 (latest matching version is 4.16.1.0)
       needed since message-index is a build target.
"""

# https://github.com/conan-io/conan-center-index/issues/21029 (Conan 2)
CONAN = """\
ERROR: Missing prebuilt package for 'freetype/2.12.1'
Check the available packages using 'conan list freetype/2.12.1:* -r=remote'
or try to build locally from sources using the '--build=freetype/2.12.1' argument
"""

# https://github.com/arlk/ConvexBodyProximityQueries.jl/issues/10 (Travis, Julia's Pkg.test)
JULIA = """\
 Resolving package versions...
┌ Warning: julia version requirement for package ConvexBodyProximityQueries not satisfied
└ @ Pkg.Operations /buildworker/worker/package_linux64/build/usr/share/julia/stdlib/v1.0/Pkg/src/Operations.jl:153
ERROR: Unsatisfiable requirements detected for package LazySets [b4f0291d]:
 LazySets [b4f0291d] log:
 ├─restricted to versions 1.28.0-1 by an explicit requirement, leaving only versions 1.28.0
"""

# https://github.com/helm/helm/issues/8656 (`helm template --debug`: the error, then its debug repeat)
HELM = """\
Error: template: test-chart/templates/serviceaccount.yaml:1:14: executing "test-chart/templates/serviceaccount.yaml" \
at <.Values.serviceAccount.create>: nil pointer evaluating interface {}.create
"""

# https://github.com/GoogleCloudPlatform/anthos-service-mesh-packages/issues/125 (kustomize in a CI script)
KUSTOMIZE = """\
+ kustomize build -o ../asm-base-dir/all.yaml
Error: accumulating resources: accumulateFile "accumulating resources from 'resources': '/workspace/asm-patch/\
resources' must resolve to a file", accumulateDirector: "recursed accumulation of path '/workspace/asm-patch/resources'\
: lstat /workspace/asm-patch/resources/namespace.yaml: no such file or directory"
"""


def test_resolvers_and_manifest_renderers_name_what_is_missing(tmp_path: Path) -> None:
    for name, log, start, category in (
        ("stack", STACK, "Error: [S-4804]", "dependency_error"),
        ("conan", CONAN, "ERROR: Missing prebuilt package for 'freetype/2.12.1'", "dependency_error"),
        ("julia", JULIA, "ERROR: Unsatisfiable requirements detected for package LazySets", "dependency_error"),
        ("helm", HELM, "Error: template: test-chart/templates/serviceaccount.yaml:1:14", "configuration_error"),
        ("kustomize", KUSTOMIZE, "Error: accumulating resources:", "configuration_error"),
    ):
        [failure] = _failures(tmp_path, log, f"{name}.log")
        assert failure.root.record.message.startswith(start), name
        assert failure.classification.category == category, name


# --- test runners and what they need -----------------------------------------------------------------------------

# https://github.com/minitest/minitest-rg/issues/12 (rake test: minitest's numbered `Failure:` and `Error:`)
MINITEST = """\
  1) Failure:
minitest-rg#test_0002_fails [/tmp/minitest-rg/test/test_minitest-rg.rb:13]:
Failure should be RED.
Expected: 1
  Actual: 2


  2) Error:
minitest-rg#test_0003_error:
RuntimeError: Error should be YELLOW
    /tmp/minitest-rg/test/test_minitest-rg.rb:18:in `block (2 levels) in <top (required)>'

4 runs, 2 assertions, 1 failures, 1 errors, 1 skips
"""

# https://github.com/sstephenson/bats/issues/271 (bats' pretty formatter; `1 test, 1 failure` in its format)
BATS = """\
 ✗ Say Hi!
   (in test file hello_world_test.sh, line 8)
     `[[ $status -eq 0 ]]' failed

1 test, 1 failure
"""

# https://github.com/ofi-cray/libfabric-cray/issues/406 (valgrind over criterion tests; its ERROR SUMMARY line)
VALGRIND = """\
==9099== Invalid read of size 8
==9099==    at 0x4397C2: vc_setup (fi_cm.h:70)
==9099==    by 0x43CAD6: run_test_child (runner.c:138)
==9099==  Address 0x20 is not stack'd, malloc'd or (recently) free'd
==9099==
==9099== ERROR SUMMARY: 1 errors from 1 contexts (suppressed: 0 from 0)
"""

# https://github.com/usnistgov/dastard/issues/10 (`go test -race`; go's FAIL lines below the report)
GO_RACE = """\
==================
WARNING: DATA RACE
Read at 0x00c4201af210 by goroutine 62:
  github.com/usnistgov/dastard.TestTriangle()
      /Users/oneilg/go/src/github.com/usnistgov/dastard/simulated_data_test.go:75 +0xbf0
==================
--- FAIL: TestTriangle (0.05s)
	testing.go:730: race detected during execution of test
FAIL
"""


def test_test_runners_report_each_failed_test_once(tmp_path: Path) -> None:
    failure, error = _failures(tmp_path, MINITEST, "minitest.log")
    assert failure.root.record.test_id == "minitest-rg#test_0002_fails"
    assert failure.classification.category == "assertion_failure"
    assert error.root.record.exception_type == "RuntimeError"
    [bats] = _failures(tmp_path, BATS, "bats.log")
    assert bats.root.record.message == "Say Hi!: `[[ $status -eq 0 ]]' failed"
    assert bats.root.record.location is not None and bats.root.record.location.line == 8
    assert bats.classification.category == "assertion_failure"
    [valgrind] = _failures(tmp_path, VALGRIND, "valgrind.log")
    assert valgrind.root.record.message == "valgrind: Invalid read of size 8"
    assert valgrind.classification.category == "crash"
    [race] = _failures(tmp_path, GO_RACE, "race.log")
    assert race.root.record.message == "DATA RACE in dastard.TestTriangle" or race.root.record.test_id == "TestTriangle"
    assert "race detected during execution" not in race.root.record.message


# https://github.com/shipmight/helm-playground/pull/17 (GHA, Puppeteer's Chrome without a sandbox)
PUPPETEER = """\
[browser-test] starting browser
[browser-test] ERROR  Error: Failed to launch the browser process!
[0124/090623.034195:FATAL:zygote_host_impl_linux.cc(117)] No usable sandbox! Update your kernel or see \
https://chromium.googlesource.com/chromium/src/+/main/docs/linux/suid_sandbox_development.md for more information.
#0 0x5594a4a5a029 base::debug::CollectStackTrace()
Error: Process completed with exit code 1.
"""

# https://github.com/testcontainers/testcontainers-java/issues/5030 (a test class starting its containers)
TESTCONTAINERS = """\
java.lang.IllegalStateException: Could not find a valid Docker environment. Please see logs and check configuration
\tat org.testcontainers.dockerclient.DockerClientProviderStrategy.lambda$getFirstValidStrategy$4(\
DockerClientProviderStrategy.java:156)
\tat java.util.Optional.orElseThrow(Optional.java:290)
\tat org.testcontainers.containers.GenericContainer.start(GenericContainer.java:316)
"""


def test_what_the_runner_lacks_is_not_the_code(tmp_path: Path) -> None:
    [puppeteer] = _failures(tmp_path, PUPPETEER, "puppeteer.log")
    assert "Failed to launch the browser process!" in puppeteer.root.record.message
    assert puppeteer.classification.category == "configuration_error"
    [docker] = _failures(tmp_path, TESTCONTAINERS, "testcontainers.log")
    assert docker.root.record.exception_type.endswith("IllegalStateException")
    assert docker.classification.category == "infrastructure_error"
