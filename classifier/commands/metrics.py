"""`ci-classify metrics`: add error fields to workflow-metrics job/step documents (JSON lines).

    ci-classify metrics --jobs jobs.jsonl --report report.json --output out.jsonl

Each line of `--jobs` is one job or step document (`s_job_name`, `s_step_name`, `s_status`, ...);
failed ones get `s_error_type`, `s_error_summary`, `f_error_confidence` from the JSON report of the
run's analysis. A bad line is reported with its line number and copied unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifier.errors import ConfigError
from classifier.integrations.workflow_metrics import FIELD_ERROR_TYPE, add_fields, verdicts_from_report
from classifier.model import Problem


def enrich_lines(lines: list[str], report: dict[str, object], source: str) -> tuple[list[str], list[Problem]]:
    verdicts = verdicts_from_report(report)
    out: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError as exc:
            problems.append(Problem(source, f"not JSON: {exc}", line=number))
            out.append(line.rstrip("\n"))
            continue
        if not isinstance(doc, dict):
            problems.append(Problem(source, "not a JSON object", line=number))
            out.append(line.rstrip("\n"))
            continue
        out.append(json.dumps(add_fields(doc, verdicts), ensure_ascii=False))
    return out, problems


def run(args: argparse.Namespace) -> int:
    try:
        report = json.loads(Path(args.report).read_text(encoding="utf-8"))
        lines = Path(args.jobs).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read input: {exc}") from None
    if not isinstance(report, dict):
        raise ConfigError(f"{args.report}: not a ci-classify JSON report")
    out, problems = enrich_lines(lines, report, args.jobs)
    text = "\n".join(out) + ("\n" if out else "")
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    for problem in problems:
        print(f"ci-classify: {problem.render()}", file=sys.stderr)
    enriched = sum(1 for line in out if f'"{FIELD_ERROR_TYPE}"' in line)
    print(f"ci-classify: {enriched} of {len(out)} document(s) got error fields", file=sys.stderr)
    return 1 if problems else 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "metrics",
        help="add s_error_type / s_error_summary / f_error_confidence to workflow-metrics documents",
        description="Enrich job and step documents (JSON lines) of failed jobs with the classification "
        "from a ci-classify JSON report.",
    )
    parser.add_argument("--jobs", required=True, help="job/step documents, one JSON object per line")
    parser.add_argument("--report", required=True, help="ci-classify JSON report of the run")
    parser.add_argument("--output", default="-", help="where to write the enriched lines (default stdout)")
    parser.set_defaults(func=run)
