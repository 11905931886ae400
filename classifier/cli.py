"""`ci-classify`: the command line. `main(argv)` returns the exit code (tests call it directly).

Exit codes: 0 success; 1 some inputs had problems (the analysis was still done); 2 bad usage or
configuration; 3 internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from classifier import __version__
from classifier.errors import ClassifierError, ConfigError
from classifier.escape import printable

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class Command(Protocol):
    """A command module (classifier/commands/): registers its sub-parser with `func` as the default."""

    def add_parser(self, subparsers: argparse._SubParsersAction[Any]) -> None: ...


# Only the module of the command being run is imported, so `ci-classify analyze` does not pay for the GitHub,
# LLM or OpenSearch SDKs.
def _analyze() -> Command:
    from classifier.commands import analyze  # noqa: PLC0415

    return analyze


def _batch() -> Command:
    from classifier.commands import batch  # noqa: PLC0415

    return batch


def _reclassify() -> Command:
    from classifier.commands import reclassify  # noqa: PLC0415

    return reclassify


def _validate() -> Command:
    from classifier.commands import validate  # noqa: PLC0415

    return validate


def _metrics() -> Command:
    from classifier.commands import metrics  # noqa: PLC0415

    return metrics


def _dashboards() -> Command:
    from classifier.commands import dashboards  # noqa: PLC0415

    return dashboards


def _corrections() -> Command:
    from classifier.commands import corrections  # noqa: PLC0415

    return corrections


# Subcommand -> (its module, one-line help).
COMMANDS: dict[str, tuple[Callable[[], Command], str]] = {
    "analyze": (_analyze, "analyse CI logs, test reports and error records"),
    "batch": (_batch, "classify the failures of the last N hours (backlog)"),
    "reclassify": (_reclassify, "re-apply rules and model to stored labels after a taxonomy or prompt change"),
    "validate": (_validate, "phase-0 report: category coverage of recent failed runs"),
    "metrics": (_metrics, "add s_error_type, s_error_summary, f_error_confidence to job/step documents"),
    "dashboards": (_dashboards, "export or import the OpenSearch Dashboards saved objects"),
    "import-corrections": (_corrections, "import human labels from an exported CSV"),
    "correct": (_corrections, "label one fingerprint by hand"),
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
    COMMANDS[selected][0]().add_parser(subparsers)
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
        print(f"ci-classify: configuration error: {printable(str(exc), keep_newlines=True)}", file=sys.stderr)
        return EXIT_USAGE
    except ClassifierError as exc:
        print(f"ci-classify: {printable(str(exc))}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("ci-classify: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, not a traceback
        print(
            f"ci-classify: internal error ({printable(f'{type(exc).__name__}: {exc}')}); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
