"""Errors of package managers, build systems and deployment tools, each in the tool's own documented output."""

from __future__ import annotations

import pytest

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Location, Role, Severity
from tests.extract.helpers import bytes_doc


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("job.log", log.encode())).records)


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        # pnpm's error codes (pnpm.io "Error Codes": ERR_PNPM_NO_MATCHING_VERSION, ERR_PNPM_OUTDATED_LOCKFILE)
        (
            " ERR_PNPM_NO_MATCHING_VERSION  No matching version found for foo@^9.0.0\n",
            ("pnpm", "dependency", "No matching version found for foo@^9.0.0"),
        ),
        (
            'ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to'
            " date with package.json\n",
            (
                "pnpm",
                "dependency",
                'Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with package.json',
            ),
        ),
        # Yarn Berry (Yarn's documentation, "Error Codes": YN0028 FROZEN_LOCKFILE_EXCEPTION)
        (
            "➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.\n"
            "➤ YN0000: Failed with errors in 4s 32ms\n",
            (
                "yarn",
                "dependency",
                "The lockfile would have been modified by this install, which is explicitly forbidden.",
            ),
        ),
        # Yarn 1 (its CLI's message for a missing package, as quoted in Yarn 1's GitHub issues)
        (
            'error Couldn\'t find package "left-padd" on the "npm" registry.\n',
            ("yarn", "", 'error Couldn\'t find package "left-padd" on the "npm" registry.'),
        ),
        # the go command (go.dev/ref/mod, "Resolving a package to a module"; cmd/go's error wording)
        (
            "main.go:4:2: no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib\n",
            ("go", "dependency", "main.go:4:2: no required module provides package example.com/lib; to add it:"),
        ),
        # kubectl (kubernetes.io, "kubectl" troubleshooting: the API server's Status reason in brackets)
        (
            'Error from server (Forbidden): pods is forbidden: User "ci" cannot list resource "pods"\n',
            (
                "kubectl",
                "permission",
                'Error from server (Forbidden): pods is forbidden: User "ci" cannot list resource "pods"',
            ),
        ),
        # NuGet (learn.microsoft.com, "NuGet Error NU1101")
        (
            "/src/App/App.csproj : error NU1101: Unable to find package Foo.Bar. No packages exist with this id in"
            " source(s): feed.example\n",
            (
                "msvc",
                "dependency",
                "Unable to find package Foo.Bar. No packages exist with this id in source(s): feed.example",
            ),
        ),
        # Kotlin compiler (kotlinc's `e: file:///path:line:col message`, as Gradle prints it)
        (
            "e: file:///src/app/src/main/kotlin/App.kt:3:5 Unresolved reference: foo\n",
            ("kotlin", "compilation", "Unresolved reference: foo"),
        ),
        # Terraform >= 0.15 frames its diagnostics in a box (developer.hashicorp.com, "terraform validate")
        (
            '╷\n│ Error: Unsupported argument\n│ \n│   on main.tf line 12, in resource "aws_instance" "web":\n╵\n',
            ("", "", "Error: Unsupported argument"),
        ),
        # Docker Compose v2 (docs.docker.com, "depends_on" with condition: service_healthy)
        (
            "dependency failed to start: container app-db-1 is unhealthy\n",
            ("compose", "", "dependency failed to start: container app-db-1 is unhealthy"),
        ),
    ],
)
def test_tool_error_lines_are_causes(log: str, expected: tuple[str, str, str]) -> None:
    causes = [r for r in _records(log) if r.role is Role.CAUSE and r.severity is Severity.ERROR]
    assert [(r.framework, r.tool_hint, r.message) for r in causes][:1] == [expected]


def test_bazel_test_summary_names_the_failed_target_and_the_verdict_is_a_symptom() -> None:
    # Bazel's test summary (bazel.build, "Test encyclopedia" / `bazel test` output)
    log = (
        "//pkg:my_test                                                          FAILED in 0.3s\n"
        "  /home/u/.cache/bazel/execroot/__main__/bazel-out/k8-fastbuild/testlogs/pkg/my_test/test.log\n"
        "//pkg:slow_test                                                        TIMEOUT in 60.0s\n"
        "\nExecuted 2 out of 2 tests: 2 fail locally.\n"
        "FAILED: Build did NOT complete successfully\n"
    )
    records = _records(log)
    assert [(r.test_id, r.tool_hint, r.role) for r in records] == [
        ("//pkg:my_test", "test", Role.CAUSE),
        ("//pkg:slow_test", "timeout", Role.CAUSE),
        ("", "exit_code", Role.SYMPTOM),
    ]


def test_dotnet_test_failure_takes_its_error_message() -> None:
    # `dotnet test` console logger (learn.microsoft.com, "Unit testing C# with xUnit": a failing test)
    log = (
        "  Failed PrimeService.Tests.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse [4 ms]\n"
        "  Error Message:\n"
        "   Assert.False() Failure\n"
        "Expected: False\n"
        "Actual:   True\n"
        "  Stack Trace:\n"
        "     at PrimeService.Tests.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse() in"
        " /src/PrimeService.Tests/PrimeService_IsPrimeShould.cs:line 16\n"
    )
    (record,) = _records(log)
    assert (record.framework, record.tool_hint, record.message, record.test_id) == (
        "dotnet",
        "test",
        "Assert.False() Failure",
        "PrimeService.Tests.PrimeService_IsPrimeShould.IsPrime_InputIs1_ReturnFalse",
    )


def test_go_test_error_line_below_its_fail_line_is_the_failure_not_a_compiler_error() -> None:
    # `go test` without -v (pkg.go.dev/testing: t.Errorf prints `file_test.go:line: msg` under `--- FAIL`)
    log = "--- FAIL: TestAdd (0.00s)\n    add_test.go:9: Add(1, 2) = 4; want 3\nFAIL\nFAIL\texample.com/app\t0.002s\n"
    records = _records(log)
    assert [(r.test_id, r.message, r.location, r.tool_hint) for r in records if r.role is Role.CAUSE] == [
        ("TestAdd", "Add(1, 2) = 4; want 3", Location("add_test.go", 9), "test")
    ]
    # a compile error in a test file keeps its column and directory: still a compiler error
    (compile_error,) = _records("# example.com/app [example.com/app.test]\n./add_test.go:9:2: undefined: foo\n")
    assert (compile_error.tool_hint, compile_error.message) == ("compilation", "undefined: foo")


def test_lintrunner_block_is_one_finding_at_its_file_header() -> None:
    # lintrunner's default output (its README, "lintrunner" format: a `>>> Lint for <path>:` header, then
    # `  <Severity> (<LINTER>) <code>` and the message)
    log = (
        ">>> Lint for torch/utils/data.py:\n\n"
        "  Error (FLAKE8) E501\n"
        "    line too long (128 > 120 characters)\n\n"
        "        10  |import os\n"
    )
    (record,) = _records(log)
    assert (record.line_start, record.framework, record.severity, record.code, record.message) == (
        1,
        "lintrunner",
        Severity.ERROR,
        "FLAKE8/E501",
        "line too long (128 > 120 characters)",
    )
    assert record.location == Location("torch/utils/data.py")


# sbt's output of a scalac type error, from https://github.com/BIDData/BIDMach_Spark/issues/3 (trimmed): scalac ends
# a message it details on the next lines with `;`.
SBT_TYPE_MISMATCH = """[info] Compiling 12 Scala sources to /home/ubuntu/BIDMach_Spark/target/scala-2.11/classes...
[error] /home/ubuntu/Downloads/BIDMach_Spark/src/main/scala/BIDMat/MatIO.scala:31: type mismatch;
[error]  found   : java.io.DataOutput
[error]  required: String
[error]         case fM:FMat => {out.writeInt(MatTypeTag.FMat); HMat.saveFMat(out, fM);}
[error]
"""
# The same shape under a project's name, as a multi-project build's CI log prints it (sbt/sbt#5790, trimmed).
PROJECT_TYPE_MISMATCH = """[akka-http] [error] ${BASE}/project/ValidatePullRequest.scala:376:62: type mismatch;
[akka-http] [error]  found   : (sbt.internal.util.Appender, sbt.Level.Value)
[akka-http] [error]  required: (org.apache.logging.log4j.core.Appender, sbt.util.Level.Value)
[akka-http] [error]       LogExchange.bindLoggerAppenders("testLogger", appender -> Level.Info :: Nil)
[akka-http] [error]                                                              ^
[akka-http] [error] one error found
[akka-http] [error] Compilation failed
"""


@pytest.mark.parametrize(
    ("log", "line", "place"),
    [
        (SBT_TYPE_MISMATCH, 2, Location("/home/ubuntu/Downloads/BIDMach_Spark/src/main/scala/BIDMat/MatIO.scala", 31)),
        (PROJECT_TYPE_MISMATCH, 1, Location("${BASE}/project/ValidatePullRequest.scala", 376, 62)),
    ],
)
def test_scalac_type_mismatch_is_a_compiler_error_under_sbt_and_a_project_name(
    log: str, line: int, place: Location
) -> None:
    records = extract_document(bytes_doc("build.log", log.encode())).records
    first = records[0]
    assert (first.message, first.line_start, first.location, first.framework) == (
        "type mismatch;",
        line,
        place,
        "scalac",
    )
    assert first.role is Role.CAUSE and first.severity is Severity.ERROR
