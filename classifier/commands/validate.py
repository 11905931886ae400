"""`ci-classify validate`: classify the failed runs of the last N hours and write the phase-0 report.

ci-classify validate --hours 48 --output report.md [--repo owner/name] [--max-runs 30]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from classifier.github.api import GitHubClient
from classifier.modes import validate
from classifier.settings import load_settings


def run(args: argparse.Namespace) -> int:
    overrides = {"hours": str(args.hours)}
    if args.repo:
        overrides["repository"] = args.repo
    settings = load_settings(os.environ, overrides)
    client = GitHubClient(settings.github_api_url, settings.github_token)
    try:
        result = validate.run(settings, client, Path(args.output), args.max_runs)
    finally:
        client.close()
    print(result.text, file=sys.stderr, end="")
    return result.exit_code


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
    parser.add_argument("--max-runs", type=int, default=validate.DEFAULT_MAX_RUNS, help="most runs to read")
    parser.set_defaults(func=run)
