"""`ci-classify import-corrections FILE.csv` and `ci-classify correct FINGERPRINT CATEGORY`.

A correction is stored twice: as a correction (it becomes a few-shot example for the model at once) and as
the fingerprint's current label with `classified_by=human` (it wins over rules and the model from now on).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from datetime import UTC, datetime
from typing import Any

from classifier.model import Classification, ClassifiedBy, Problem
from classifier.rules.taxonomy import Taxonomy, load_taxonomy
from classifier.settings import load_settings
from classifier.store.base import Correction, LabelStore
from classifier.wiring import open_store


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    imp = subparsers.add_parser(
        "import-corrections",
        help="import human labels from an exported CSV (column 'Corrected Category')",
        description="Read a CSV written by `analyze --format csv` in which a human filled in 'Corrected Category'.",
    )
    imp.add_argument("csv_file", metavar="FILE.csv")
    imp.add_argument("--user", required=True, help="who made the corrections (recorded)")
    imp.add_argument("--taxonomy", help="taxonomy of the labels (default: the CSV's Taxonomy column, else ci)")
    imp.add_argument("--db", metavar="PATH", help="SQLite store")
    imp.set_defaults(func=run_import)
    one = subparsers.add_parser("correct", help="label one fingerprint by hand")
    one.add_argument("fingerprint")
    one.add_argument("category")
    one.add_argument("--user", required=True)
    one.add_argument("--note", default="")
    one.add_argument("--taxonomy", default=None)
    one.add_argument("--db", metavar="PATH")
    one.set_defaults(func=run_correct)


def _store(args: argparse.Namespace) -> tuple[LabelStore, str]:
    overrides = {"db_path": args.db} if args.db else {}
    settings = load_settings(os.environ, overrides)
    return open_store(settings), args.taxonomy or ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def human_label(correction: Correction, taxonomy: Taxonomy) -> Classification:
    return Classification(
        fingerprint=correction.fingerprint,
        category=correction.category,
        domain=taxonomy.domain_of(correction.category),
        confidence=1.0,
        classified_by=ClassifiedBy.HUMAN,
        taxonomy=taxonomy.name,
        taxonomy_version=taxonomy.version,
        reasoning=f"corrected by {correction.user}" + (f": {correction.note}" if correction.note else ""),
        classified_at=correction.corrected_at,
    )


def read_corrections(path: str, user: str, taxonomy_name: str) -> tuple[list[Correction], list[Problem]]:
    corrections: list[Correction] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"Fingerprint", "Corrected Category"} - set(reader.fieldnames or ())
        if missing:
            return [], [Problem(path, f"missing column(s): {', '.join(sorted(missing))}", 1)]
        for line, row in enumerate(reader, start=2):
            category = (row.get("Corrected Category") or "").strip()
            fingerprint = (row.get("Fingerprint") or "").strip()
            if not category:
                continue
            name = taxonomy_name or (row.get("Taxonomy") or "").strip() or "ci"
            taxonomy = load_taxonomy(name)
            if category not in taxonomy:
                allowed = ", ".join(taxonomy.names)
                problems.append(
                    Problem(path, f"unknown category {category!r} for taxonomy {name}; allowed: {allowed}", line)
                )
                continue
            if (fingerprint, name) in seen:
                continue
            seen.add((fingerprint, name))
            message = (row.get("Error Message") or "").lstrip("'")
            corrections.append(Correction(fingerprint, name, category, user, _now(), "", message))
    return corrections, problems


def save(store: LabelStore, corrections: list[Correction]) -> None:
    store.add_corrections(corrections)
    store.save_classifications([human_label(c, load_taxonomy(c.taxonomy)) for c in corrections])


def run_import(args: argparse.Namespace) -> int:
    store, taxonomy = _store(args)
    try:
        corrections, problems = read_corrections(args.csv_file, args.user, taxonomy)
        save(store, corrections)
    finally:
        store.close()
    for problem in problems:
        print(f"ci-classify: problem: {problem.render()}", file=sys.stderr)
    print(f"imported {len(corrections)} correction(s) from {args.csv_file}")
    return 1 if problems else 0


def run_correct(args: argparse.Namespace) -> int:
    store, taxonomy_name = _store(args)
    taxonomy = load_taxonomy(taxonomy_name or "ci")
    if args.category not in taxonomy:
        print(f"ci-classify: unknown category {args.category!r}; allowed: {', '.join(taxonomy.names)}", file=sys.stderr)
        store.close()
        return 2
    try:
        record = store.sample_record(args.fingerprint)
        if record is None:
            print(f"ci-classify: fingerprint {args.fingerprint!r} is not in the store; nothing saved", file=sys.stderr)
            return 2
        message = record.message
        save(store, [Correction(args.fingerprint, taxonomy.name, args.category, args.user, _now(), args.note, message)])
    finally:
        store.close()
    print(f"{args.fingerprint}: {args.category} (human)")
    return 0
