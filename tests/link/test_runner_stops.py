"""A runner shutdown with memory evidence is `resource_exhaustion` of the job, the memory line its root
(issue 8, item 5); without memory evidence it stays the platform's failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.model import Link
from tests.link.test_jobs import run, write

# GitHub Actions' own wording when a hosted runner goes away (the runner's log of a job it lost).
SHUTDOWN = (
    "The runner has received a shutdown signal. This can happen when the runner service is stopped, or a "
    "manually started runner is canceled."
)
MEMORY = [
    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",  # V8
    "Killed",  # bash, when the kernel's OOM killer ends the child
    "java.lang.OutOfMemoryError: Java heap space",  # the JVM
    "fork: Cannot allocate memory",  # bash, ENOMEM
    "Out of memory: Killed process 4242 (java) total-vm:8000000kB",  # the kernel's OOM killer (dmesg)
    "##[error]Process completed with exit code 137.",  # 128 + SIGKILL
]


def _log(line: str) -> str:
    return (
        "2026-07-29T10:00:00.0000000Z ##[group]Run npm run build\n"
        "2026-07-29T10:00:00.0000000Z npm run build\n"
        "2026-07-29T10:00:00.0000000Z ##[endgroup]\n"
        "2026-07-29T10:00:01.0000000Z > webpack --mode production\n"
        f"2026-07-29T10:00:02.0000000Z {line}\n"
        f"2026-07-29T10:05:00.0000000Z ##[error]{SHUTDOWN}\n"
        "2026-07-29T10:05:00.1000000Z ##[error]The operation was canceled.\n"
    )


@pytest.mark.parametrize("evidence", MEMORY)
def test_a_runner_shutdown_with_memory_evidence_is_resource_exhaustion(tmp_path: Path, evidence: str) -> None:
    (job,) = run([write(tmp_path, "job.log", _log(evidence))], tmp_path).jobs
    (failure,) = job.failures
    assert failure.classification.category == "resource_exhaustion"
    assert failure.root.record.message.startswith(evidence.removeprefix("##[error]"))  # the memory line is the root
    assert (Link.WRAPPER, SHUTDOWN) in [(e.link, e.occurrence.record.message) for e in failure.evidence]


def test_a_runner_shutdown_without_memory_evidence_is_the_platform(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", _log("compiled 12 modules"))], tmp_path).jobs
    (failure,) = job.failures
    assert failure.classification.category == "infrastructure_error"
