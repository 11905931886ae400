"""`ci-classify`: the command line. `main(argv)` returns the exit code (tests call it directly).

Exit codes: 0 success; 1 some inputs had problems (the analysis was still done); 2 bad usage or
configuration; 3 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from classifier import __version__
from classifier.errors import ClassifierError, ConfigError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

# Subcommand -> (module classifier.commands.<module>, one-line help). Only the module of the command being
# run is imported, so `ci-classify analyze` does not pay for the GitHub, LLM or OpenSearch SDKs.
COMMANDS: dict[str, tuple[str, str]] = {
    "analyze": ("analyze", "analyse CI logs, test reports and error records"),
    "batch": ("batch", "classify the failures of the last N hours (backlog)"),
    "reclassify": ("reclassify", "re-apply rules and model to stored labels after a taxonomy or prompt change"),
    "validate": ("validate", "phase-0 report: category coverage of recent failed runs"),
    "metrics": ("metrics", "add s_error_type, s_error_summary, f_error_confidence to job/step documents"),
    "dashboards": ("dashboards", "export or import the OpenSearch Dashboards saved objects"),
    "import-corrections": ("corrections", "import human labels from an exported CSV"),
    "correct": ("corrections", "label one fingerprint by hand"),
}

EPILOG = """exit codes:
  0  success
  1  some inputs had problems (reported; everything readable was still analysed)
  2  bad usage or configuration
  3  internal error (a bug: please report it)
"""


def selected_command(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
    return None


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `selected`, that command's module registers its full sub-parser."""
    parser = argparse.ArgumentParser(
        prog="ci-classify",
        description="Explain, deduplicate and classify CI failures.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if selected is None:
        for name, (_module, summary) in COMMANDS.items():
            subparsers.add_parser(name, help=summary)
        return parser
    module = importlib.import_module(f"classifier.commands.{COMMANDS[selected][0]}")
    module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(selected_command(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"ci-classify: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ClassifierError as exc:
        print(f"ci-classify: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("ci-classify: interrupted", file=sys.stderr)
        return 130
