"""Backlog fixtures built in a temporary folder: GitHub-style job logs with a few distinct failures."""

from __future__ import annotations

from pathlib import Path

from classifier.settings import Settings, load_settings

FAILURES = (
    "Frobnicator refused to glorp the widget (code {n})",
    "fatal: unable to access 'https://example.invalid/repo.git/': Could not resolve host: example.invalid",
    "ERROR: No matching distribution found for leftpadx=={n}.0",
    "Error: Process completed with exit code 1.",
)


def write_logs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = (
            "2026-01-01T00:00:00.0000000Z ##[group]Run ./build.sh\n"
            f"2026-01-01T00:00:01.0000000Z ##[error]{FAILURES[n % 3].format(n=n % 2)}\n"
            f"2026-01-01T00:00:02.0000000Z ##[error]{FAILURES[3]}\n"
        )
        path = folder / f"job-{n:03d}.log"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def batch_settings(tmp: Path, **overrides: str) -> Settings:
    values = {"output_dir": str(tmp / "out"), "db_path": str(tmp / "out" / "store.db"), "mode": "batch",
              "enable_error_classification": "false"}
    values.update(overrides)
    return load_settings({}, values)
