"""BuildKit and classic docker build failures."""

from __future__ import annotations

from classifier.extract import buildkit, extract_document, gha_log
from classifier.model import Location, Role, SourceKind
from tests.extract.helpers import FIXTURES, bytes_doc, file_doc


def test_buildx_failure_names_step_command_exit_code_and_dockerfile_line() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "buildkit" / "buildx-pip.log"))
    step = next(r for r in result.records if r.kind is SourceKind.BUILDKIT and r.role is Role.CAUSE)
    assert step.location == Location("Dockerfile", 9)
    assert step.message == "ERROR: No matching distribution found for shop-billing==1.4.2"
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
