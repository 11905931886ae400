"""`ci-classify reclassify`: re-apply today's rules (and model) to stored labels; history is kept."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from classifier.modes import reclassify
from classifier.settings import load_settings


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "reclassify",
        help="re-apply the current taxonomy, rules and prompt to stored labels",
        description=(
            "Select stored labels (by taxonomy or prompt version, category, classifier, date range on "
            "classified_at, or confidence), classify them again (rules, then the model when configured) "
            "and save what changed. Earlier labels stay in the history; human corrections are never replaced."
        ),
        epilog="example: ci-classify reclassify --where taxonomy_version=1 --where max_confidence=0.7",
    )
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="taxonomy_version, prompt_version, category, classified_by, since, until, "
        "min_confidence, max_confidence, fingerprint (repeatable; default: "
        "the reclassify_filter input)",
    )
    parser.add_argument("--taxonomy", help="built-in taxonomy or TOML file (default: the taxonomy input)")
    parser.add_argument("--db", metavar="PATH", help="SQLite store (when no OpenSearch is configured)")
    parser.add_argument("--output-dir", metavar="DIR", help="where reclassify-summary.json is written")
    parser.add_argument("--no-llm", action="store_true", help="rules only")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; save nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides = {"mode": "reclassify"}
    if args.taxonomy:
        overrides["taxonomy"] = args.taxonomy
    if args.db:
        overrides["db_path"] = args.db
    if args.output_dir:
        overrides["output_dir"] = args.output_dir
    if args.no_llm:
        overrides["enable_error_classification"] = "false"
    settings = load_settings(os.environ, overrides)
    selection = reclassify.Selection.parse(",".join(args.where)) if args.where else None
    result = reclassify.run(settings, selection=selection, dry_run=args.dry_run)
    sys.stdout.write(result.text)
    return result.exit_code
