"""`ci-classify validate`: classify the failed runs of the last N hours and write the phase-0 report.

ci-classify validate --hours 48 --output report.md [--repo owner/name] [--max-runs 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from classifier.errors import ConfigError
from classifier.github.api import GitHubClient
from classifier.github.validation import render_validation_report
from classifier.model import Analysis
from classifier.settings import Settings, load_settings
from classifier.sources.github_run import RunReader, Target

DEFAULT_MAX_RUNS = 30
RULES_ONLY = "validation classifies with rules only"


def run_validation(
    settings: Settings, client: GitHubClient, hours: int, output: Path, max_runs: int = DEFAULT_MAX_RUNS
) -> str:
    """Fetch, classify (rules only, throw-away store) and write the report; returns the markdown."""
    from classifier.classify import Tier  # noqa: PLC0415 (heavy; only when used)
    from classifier.pipeline import analyze  # noqa: PLC0415
    from classifier.wiring import Vocabularies, cache_policy, open_store, utc_now  # noqa: PLC0415

    if not settings.repository:
        raise ConfigError("validate needs a repository (input 'repository' or GITHUB_REPOSITORY)")
    if not client.has_token:
        raise ConfigError("validate needs a GitHub token (input 'github_token' or GITHUB_TOKEN)")
    since = datetime.now(UTC) - timedelta(hours=hours)
    runs = client.failed_runs(settings.repository, since, max_runs)
    analyses: list[Analysis] = []
    with tempfile.TemporaryDirectory(prefix="ci-classify-validate-") as workdir:
        local = settings.replace(paths=(), db_path=str(Path(workdir) / "validate.db"), opensearch_url="")
        store = open_store(local)
        vocabularies = Vocabularies(local, store, tier=Tier.BATCH, llm_unavailable_reason=RULES_ONLY)
        try:
            for run in runs:
                target = Target(settings.repository, run.id, 0, run.event, None, "", {})
                material = RunReader(client, local, Path(workdir)).read(target)
                analyses.append(
                    analyze(
                        material.items,
                        vocabularies=vocabularies,
                        store=store,
                        run=material.run,
                        clock=utc_now,
                        cache=cache_policy(local),
                        tier=Tier.BATCH,
                    )
                )
        finally:
            store.close()
    markdown = render_validation_report(settings.repository, hours, analyses)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown, encoding="utf-8")
    return markdown


def run(args: argparse.Namespace) -> int:
    overrides = {"hours": str(args.hours)}
    if args.repo:
        overrides["repository"] = args.repo
    settings = load_settings(os.environ, overrides)
    client = GitHubClient(settings.github_api_url, settings.github_token)
    try:
        run_validation(settings, client, settings.hours, Path(args.output), args.max_runs)
    finally:
        client.close()
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="classify recent failed runs and write a coverage report (phase 0)",
        description="Fetch the failed runs of the last N hours, classify them with the rules and write a "
        "markdown report: coverage per category, examples, unclassified samples, recommendations.",
    )
    parser.add_argument("--hours", type=int, default=48, help="how far back to look (default 48)")
    parser.add_argument("--output", default="report.md", help="markdown file to write (default report.md)")
    parser.add_argument("--repo", default="", help="owner/name (default: REPO / GITHUB_REPOSITORY)")
    parser.add_argument("--max-runs", type=int, default=DEFAULT_MAX_RUNS, help="most runs to read")
    parser.set_defaults(func=run)
