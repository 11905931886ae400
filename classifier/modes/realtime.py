"""Realtime mode: analyse one failed run (the action) or the given files (`ci-classify analyze`).

The run's failed-job logs, artifacts and workspace files are read through `sources/github_run.py`; the
analysis is stored, and its JSON report written to `output_dir/report.json`.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.access import RunAccess
from classifier.classify import Tier
from classifier.model import Analysis, RunContext
from classifier.modes.result import ModeResult
from classifier.pipeline import Progress, analyze
from classifier.report.json_report import write_json
from classifier.settings import Mode, Settings
from classifier.sources.files import iter_documents
from classifier.wiring import Vocabularies, cache_policy, open_store, utc_now
from classifier.workers import auto_workers

if TYPE_CHECKING:  # the GitHub SDK is imported only when a run is read, not by `ci-classify analyze`
    from classifier.github.api import GitHubClient
    from classifier.sources.github_run import Target


def degrade_notes(settings: Settings) -> list[str]:
    """What the report says about running without OpenSearch or secrets."""
    notes = []
    if not settings.opensearch_url:
        notes.append(f"Store: SQLite at {settings.db_path} (no OpenSearch configured).")
    if not settings.github_token and not settings.llm_configured:
        notes.append("Running without secrets (fork pull request?): rules and SQLite only.")
    return notes


def baseline_notes(access: RunAccess) -> list[str]:
    """Which passing run the logs were compared with, or why none was."""
    if access.baseline is not None:
        ref = access.baseline
        return [f"Compared with the passing logs of {', '.join(ref.jobs)} in run {ref.run_id} on {ref.branch}."]
    return [access.baseline_note] if access.baseline_note else []


def with_access(analysis: Analysis, access: RunAccess) -> Analysis:
    """The analysis with how its run was read; a job compared with a passing log names that run's URL."""
    ref = access.baseline
    jobs = analysis.jobs
    if ref is not None and ref.html_url:
        jobs = tuple(
            dataclasses.replace(job, baseline=ref.html_url) if job.baseline and job.name in ref.jobs else job
            for job in jobs
        )
    return dataclasses.replace(analysis, access=access, jobs=jobs)


def run(settings: Settings, environ: Mapping[str, str], client: GitHubClient) -> tuple[ModeResult, Target]:
    """Analyse the run the action was started for; the result and the run it analysed."""
    from classifier.sources.github_run import RunReader, resolve_target  # noqa: PLC0415 (see TYPE_CHECKING)

    target = resolve_target(settings, environ)
    Path(settings.db_path).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ci-classify-") as workdir:
        material = RunReader(client, settings, Path(workdir)).read(target)
        store = open_store(settings)
        try:
            analysis = analyze(
                material.items,
                vocabularies=Vocabularies(settings, store, tier=Tier.REALTIME),
                store=store,
                run=material.run,
                clock=utc_now,
                cache=cache_policy(settings),
                tier=Tier.REALTIME,
                notes=[*material.notes, *baseline_notes(material.access), *settings.ignored, *degrade_notes(settings)],
                workers=auto_workers(),
                baseline=material.baseline or None,
            )
            analysis = with_access(analysis, dataclasses.replace(material.access, api_calls=client.calls))
        finally:
            store.close()
    path = Path(settings.output_dir) / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        write_json(analysis, out)
    problems = tuple(p for item in analysis.inputs for p in item.problems)
    return ModeResult(Mode.REALTIME, analysis=analysis, report_path=str(path), problems=problems), target


def analyze_files(
    settings: Settings,
    paths: Sequence[str],
    *,
    tier: Tier = Tier.REALTIME,
    progress: Progress | None = None,
    workers: int = 0,
    baseline: Mapping[str, Sequence[str]] | None = None,
) -> Analysis:
    """`ci-classify analyze`: files, folders, archives or stdin, with the configured store and model."""
    store = open_store(settings)
    try:
        return analyze(
            iter_documents(list(paths)),
            vocabularies=Vocabularies(settings, store, tier=tier),
            store=store,
            run=RunContext(),
            clock=utc_now,
            cache=cache_policy(settings),
            tier=tier,
            progress=progress,
            workers=workers or auto_workers(),
            baseline=baseline,
        )
    finally:
        store.close()
