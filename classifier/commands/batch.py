"""`ci-classify batch`: work through the backlog of failed jobs (scheduled workflow, matrix shards)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from classifier.modes import batch
from classifier.settings import load_settings


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="classify the failures of the last N hours (backlog)",
        description=(
            "Find failures of the last N hours from the GitHub API (repository or organisation), from "
            "failed documents of existing OpenSearch indexes that lack a label (--from-index), or from "
            "files (logs, test reports, JSONL error records); deduplicate, classify what is new (the model's "
            "batch path when configured), store, and update counts. Resumable (--checkpoint) and shardable "
            "(--shard i/n)."
        ),
        epilog="exit codes: 0 done, 1 some inputs had problems (the rest was done), 2 bad usage, 3 internal error",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="log/report/JSONL files or folders")
    parser.add_argument("--repository", help="owner/name (default: GITHUB_REPOSITORY)")
    parser.add_argument("--organization", help="every repository of this organisation")
    parser.add_argument("--hours", type=int, help="how far back to look (default 24)")
    parser.add_argument(
        "--from-index",
        action="append",
        default=[],
        metavar="INDEX",
        help="failed, unlabelled documents of this OpenSearch index (repeatable: jobs, steps, tests)",
    )
    parser.add_argument("--shard", help="this job's share as i/n, e.g. 2/4 (stable hash of each job's key)")
    parser.add_argument("--checkpoint", metavar="FILE", help="done-list file (default in output_dir)")
    parser.add_argument("--output-dir", metavar="DIR", help="summary, checkpoint and spool folder")
    parser.add_argument("--db", metavar="PATH", help="SQLite store (when no OpenSearch is configured)")
    parser.add_argument("--no-llm", action="store_true", help="rules and stored labels only")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides = {"mode": "batch"}
    for name in ("repository", "organization", "hours", "shard", "output_dir"):
        value = getattr(args, name)
        if value is not None:
            overrides[name] = str(value)
    if args.db:
        overrides["db_path"] = args.db
    if args.no_llm:
        overrides["enable_error_classification"] = "false"
    settings = load_settings(os.environ, overrides)
    checkpoint = Path(args.checkpoint) if args.checkpoint else None
    result = batch.run(
        settings, paths=args.paths, indexes=args.from_index, checkpoint_path=checkpoint, quiet=args.quiet
    )
    sys.stdout.write(result.text)
    return result.exit_code
