"""`ci-classify analyze PATH...`: analyse files, folders, archives or stdin and print a report."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from classifier.classify import Tier
from classifier.errors import ConfigError
from classifier.escape import printable
from classifier.model import Analysis
from classifier.modes import realtime
from classifier.report import FORMATS, renderer
from classifier.report.json_report import write_json
from classifier.report.stats import MAX_PROBLEMS, first_problems
from classifier.settings import load_settings
from classifier.workers import bulk_allocation

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analyse CI logs, test reports and error records",
        description=(
            "Extract every error from the given files, folders, zip archives (GitHub run-log zips, artifact "
            "zips), .gz files or '-' (stdin); fingerprint, group, classify, store and report them."
        ),
        epilog="exit codes: 0 success, 1 some inputs had problems (still analysed), 2 bad usage, 3 internal error",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, .zip, .gz, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default text)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    parser.add_argument("--taxonomy", help="built-in taxonomy (ci, llm_api, data_pipeline) or a TOML file")
    parser.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (repeatable)")
    parser.add_argument("--db", metavar="PATH", help="SQLite store (default .ci-classify/classifier.db)")
    parser.add_argument("--mode", choices=("realtime", "batch"), default="realtime", help="model policy to apply")
    parser.add_argument("--no-llm", action="store_true", help="rules and stored labels only")
    parser.add_argument(
        "--baseline",
        action="append",
        metavar="[JOB=]FILE",
        help="a recent successful log (of JOB): its lines are left out of what the model sees (repeatable)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for extraction (0: one per core, max 4)",
    )
    parser.set_defaults(func=run)


def overrides_from(args: argparse.Namespace) -> dict[str, str]:
    overrides: dict[str, str] = {}
    if args.taxonomy:
        overrides["taxonomy"] = args.taxonomy
    if args.rules:
        overrides["rules"] = ",".join(args.rules)
    if args.db:
        overrides["db_path"] = args.db
    if args.no_llm:
        overrides["enable_error_classification"] = "false"
    return overrides


class TerminalProgress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0

    def __call__(self, name: str) -> None:
        if not self.enabled:
            return
        self.count += 1
        label = name if len(name) <= 60 else "…" + name[-59:]
        sys.stderr.write(f"\r\x1b[2K[{self.count}] analysing {printable(label)}")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def write_report(analysis: Analysis, fmt: str, output: str | None) -> None:
    """The report to `output` (or stdout); JSON, CSV and text are written item by item, never held whole. The
    cyclic-garbage collector runs as seldom as during the analysis (`bulk_allocation`): the items are dropped
    batch by batch, and with the default thresholds it walked the young ones 80 times for a 60 MB report."""
    with bulk_allocation():
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            with Path(output).open("w", encoding="utf-8") as out:
                _write(analysis, fmt, out)
        else:
            _write(analysis, fmt, sys.stdout)


def _write(analysis: Analysis, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        write_json(analysis, out)
    elif fmt == "text":
        from classifier.report.text import write_text  # noqa: PLC0415 (only the format asked for is imported)

        write_text(analysis, out)
    elif fmt == "csv":
        from classifier.report.csv_report import write_csv  # noqa: PLC0415

        write_csv(analysis, out)
    else:
        out.write(renderer(fmt)(analysis))


def read_baselines(specs: list[str] | None) -> dict[str, list[str]]:
    """`JOB=FILE` or `FILE` (for inputs without a job name) -> job -> lines of that successful log."""
    baselines: dict[str, list[str]] = {}
    for spec in specs or ():
        job, _, path = spec.rpartition("=") if "=" in spec and not Path(spec).exists() else ("", "", spec)
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ConfigError(f"--baseline {spec}: cannot read {path}: {exc.strerror}") from exc
        baselines.setdefault(job, []).extend(text.splitlines())
    return baselines


def in_checkout(analysis: Analysis, environ: Mapping[str, str]) -> Analysis:
    """The analysis with the CI job's own checkout directory as its workspace, when the CLI runs in a CI job
    that names it (GitLab's `CI_PROJECT_DIR`, Actions' `GITHUB_WORKSPACE`): its paths become repository-relative
    in the reports, also below a GitLab group nested deeper than one level."""
    root = environ.get("CI_PROJECT_DIR", "") or environ.get("GITHUB_WORKSPACE", "")
    if not root or analysis.access.paths.workspace:
        return analysis
    paths = replace(analysis.access.paths, workspace=root)
    return replace(analysis, access=replace(analysis.access, paths=paths))


def run(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, overrides_from(args))
    baselines = read_baselines(args.baseline)
    progress = TerminalProgress(not args.quiet)
    try:
        analysis = realtime.analyze_files(
            settings,
            args.paths,
            tier=Tier(args.mode),
            progress=progress,
            workers=args.jobs,
            baseline=baselines or None,
        )
    finally:
        progress.done()
    write_report(in_checkout(analysis, os.environ), args.format, args.output)
    shown, more = first_problems(analysis, MAX_PROBLEMS)
    for problem in shown:
        print(f"ci-classify: problem: {problem.render()}", file=sys.stderr)
    if more:
        print(f"ci-classify: … and {more} more problems (every one is in the JSON report)", file=sys.stderr)
    return EXIT_PROBLEMS if shown else EXIT_OK
