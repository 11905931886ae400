"""Validate mode: classify the failed runs of the last N hours with the rules only, in a throw-away
in-memory store, and write the phase-0 coverage report (Markdown)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from classifier.classify import Tier
from classifier.errors import ConfigError
from classifier.github.api import GitHubClient
from classifier.github.validation import render_validation_report
from classifier.model import Analysis
from classifier.modes.result import ModeResult
from classifier.pipeline import analyze
from classifier.settings import Mode, Settings
from classifier.sources.github_run import RunReader, Target
from classifier.store.memory import MemoryStore
from classifier.wiring import Vocabularies, cache_policy, utc_now

DEFAULT_MAX_RUNS = 30
RULES_ONLY = "validation classifies with rules only"


def run(settings: Settings, client: GitHubClient, output: Path, max_runs: int = DEFAULT_MAX_RUNS) -> ModeResult:
    """Fetch, classify and write the report to `output`; the Markdown is also the job summary."""
    if not settings.repository:
        raise ConfigError("validate needs a repository (input 'repository' or GITHUB_REPOSITORY)")
    if not client.has_token:
        raise ConfigError("validate needs a GitHub token (input 'github_token' or GITHUB_TOKEN)")
    since = datetime.now(UTC) - timedelta(hours=settings.hours)
    runs = client.failed_runs(settings.repository, since, max_runs)
    analyses: list[Analysis] = []
    store = MemoryStore()
    vocabularies = Vocabularies(settings, store, tier=Tier.BATCH, llm_unavailable_reason=RULES_ONLY)
    local = settings.replace(paths=())  # the run's artifacts and logs only, no workspace files
    with tempfile.TemporaryDirectory(prefix="ci-classify-validate-") as workdir:
        for found in runs:
            target = Target(settings.repository, found.id, 0, found.event, None, "", {})
            material = RunReader(client, local, Path(workdir)).read(target)
            analyses.append(
                analyze(
                    material.items,
                    vocabularies=vocabularies,
                    store=store,
                    run=material.run,
                    clock=utc_now,
                    cache=cache_policy(settings),
                    tier=Tier.BATCH,
                )
            )
    markdown = render_validation_report(settings.repository, settings.hours, analyses)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown, encoding="utf-8")
    return ModeResult(Mode.VALIDATE, markdown=markdown, report_path=str(output), text=f"wrote {output}\n")
