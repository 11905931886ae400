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

# Each is a module classifier.commands.<name> with add_parser(subparsers) registering func=run.
COMMANDS: tuple[str, ...] = (
    "analyze",
    "batch",
    "reclassify",
    "validate",
    "metrics",
    "dashboards",
    "corrections",
)

EPILOG = """exit codes:
  0  success
  1  some inputs had problems (reported; everything readable was still analysed)
  2  bad usage or configuration
  3  internal error (a bug: please report it)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ci-classify",
        description="Explain, deduplicate and classify CI failures.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"classifier.commands.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
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
