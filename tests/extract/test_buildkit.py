"""BuildKit and classic docker build failures."""

from __future__ import annotations

import pytest

from bench.buildkit_categories import judge, load_cases
from classifier.extract import buildkit, extract_document, gha_log
from classifier.model import ErrorRecord, Location, Role, SourceKind
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc


def test_buildx_failure_names_step_command_exit_code_and_dockerfile_line() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "buildkit" / "buildx-pip.log"))
    step = next(r for r in result.records if r.kind is SourceKind.BUILDKIT and r.line_start == 38)
    assert step.location == Location("Dockerfile", 9)
    # pip's own line (37) is the error's record: the step's ERROR line is its symptom, with its own text
    assert (
        step.message
        == 'ERROR: process "/bin/sh -c pip install --no-cache-dir -r requirements.txt" did not complete successfully: '
        "exit code: 1"
    )
    assert step.role is Role.SYMPTOM
    assert step.code == "1"
    assert "step=[builder 5/6] RUN pip install --no-cache-dir -r requirements.txt" in step.details
    assert "command=/bin/sh -c pip install --no-cache-dir -r requirements.txt" in step.details
    assert step.context[0] == "#9 [builder 5/6] RUN pip install --no-cache-dir -r requirements.txt"
    solve = next(r for r in result.records if "failed to solve" in r.message)
    assert solve.role is Role.SYMPTOM
    pip = [r for r in result.records if r.framework == "pip"]
    assert len(pip) == 2  # from the step's own output, not again from the echoed block
    assert all(r.tool_hint == "dependency" for r in pip)


def test_failed_to_solve_alone_becomes_the_cause() -> None:
    data = (
        b"#5 [internal] load metadata\n"
        b"ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file\n"
    )
    result = extract_document(bytes_doc("build.log", data))
    assert [(r.role, r.framework) for r in result.records] == [(Role.CAUSE, "buildkit")]


def test_classic_builder_points_at_the_failing_output_line() -> None:
    result = extract_document(file_doc(FIXTURES / "buildkit" / "classic-builder.log"))
    gcc = next(r for r in result.records if r.framework == "gcc")
    assert gcc.location == Location("codec.c", 41, 5)
    docker = next(r for r in result.records if r.framework == "docker")
    assert docker.code == "2"
    assert "make: *** [Makefile:12: codec.o] Error 1" in docker.context


def test_output_prefix_is_stripped_for_runner_matchers() -> None:
    assert buildkit.strip_output_prefix("#12 0.613 main.c:3:1: error: x") == "main.c:3:1: error: x"
    assert buildkit.strip_output_prefix("#12 [a 1/2] RUN x") == "#12 [a 1/2] RUN x"


# Real failures quoted in public issue threads (tests/fixtures/buildkit/real/, origin URL on each first line).
REAL = FIXTURES / "buildkit" / "real"


def _records(name: str) -> list[ErrorRecord]:
    return list(extract_document(file_doc(REAL / name)).records)


def test_tty_recap_output_reaches_the_tool_matchers_without_timing_prefix() -> None:
    records = _records("09-apt-no-free-space.log")
    cause = next(r for r in records if r.role is Role.CAUSE)
    assert cause.message == "E: You don't have enough free space in /var/cache/apt/archives/."
    assert cause.tool_hint == "disk"
    solve = next(r for r in records if "failed to solve" in r.message)
    assert solve.role is Role.SYMPTOM  # it wraps the failed RUN step
    assert buildkit.strip_output_prefix("2.134 E: x") == "E: x"
    assert buildkit.strip_output_prefix("#0 0.988 npm ERR! code EUSAGE") == "npm ERR! code EUSAGE"


def test_progress_error_line_is_a_symptom_and_the_builder_error_the_cause() -> None:
    records = _records("02-copy-from-cache-key.log")
    progress = next(r for r in records if r.message.startswith("ERROR [stage-1 5/9]"))
    assert progress.role is Role.SYMPTOM
    assert "command=COPY --from=builder" in progress.details
    cause = next(r for r in records if r.role is Role.CAUSE)
    assert cause.message.startswith('failed to compute cache key: "/app/build/examples/edusense/edusense.bin"')


def test_final_line_wrappers_are_cut_down_to_the_builder_error() -> None:
    line = (
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to authorize: "
        "rpc error: code = Unknown desc = failed to fetch anonymous token: Get x: dial tcp: connect: "
        "network is unreachable"
    )
    assert buildkit.builder_error(line) == (
        "failed to authorize: failed to fetch anonymous token: Get x: dial tcp: connect: network is unreachable"
    )
    assert buildkit.builder_error(
        "ERROR: failed to solve: alpine:3.13.1: failed to resolve source metadata for docker.io/library/alpine:3.13.1:"
        " failed to copy: 429 Too Many Requests"
    ) == ("failed to copy: 429 Too Many Requests")
    # Two unrelated builder errors never share the wrapper's text as their message.
    a = _records("21-dns-unreachable.log")
    b = _records("10-resource-exhausted-dockerfile.log")
    cause_a = next(r for r in a if r.role is Role.CAUSE and r.framework == "buildkit")
    cause_b = next(r for r in b if r.role is Role.CAUSE and r.framework == "buildkit")
    assert cause_a.message.startswith("failed to authorize:")
    assert cause_b.message.startswith("failed to read dockerfile:")
    assert cause_b.tool_hint == "disk"


def test_classic_builder_copy_failure_is_a_cause() -> None:
    records = _records("20-classic-copy-failed.log")
    assert [(r.role, r.framework) for r in records] == [(Role.CAUSE, "buildkit")]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("06-go-mod-download-404.log", "dependency_error"),  # the step's own output: a module 404s
        ("09-apt-no-free-space.log", "resource_exhaustion"),  # apt's command, but the disk is full
        ("16-go-undefined.log", "compilation_error"),
        ("20-classic-copy-failed.log", "configuration_error"),
        ("24-go-mod-download-action.log", "dependency_error"),  # only the command is known
        ("25-go-build-recap-only.log", "compilation_error"),  # only the command is known
        ("08-toomanyrequests-step.log", "infrastructure_error"),
    ],
)
def test_real_failures_get_the_category_of_what_failed(name: str, category: str) -> None:
    case = next(c for c in load_cases() if c.path.name == name)
    assert category in case.accept  # the expectation file agrees with this test
    assert judge(case).category == category


def test_node_socket_timeout_in_a_recap_is_network_evidence() -> None:
    doc = file_doc(FIXTURES / "buildkit" / "heldout" / "h03-yarn-socket-timeout.log")
    records = list(extract_document(doc).records)
    timeout = next(r for r in records if "ESOCKETTIMEDOUT" in r.message)
    assert (timeout.role, timeout.tool_hint) == (Role.CAUSE, "network")
    assert timeout.message.startswith("error Error: https://registry.example.org/")  # timing prefix cut
