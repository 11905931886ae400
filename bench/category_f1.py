"""Job-level primary-category macro-F1 of the rules alone, on BugSwarm's labelled Travis logs.

For each labelled log: extract -> normalise -> fingerprint -> rules -> choose_primary -> predicted
category (none -> unknown), mapped to four groups (Test, Compilation, Quality, Dependency); gold
labels are mapped the same way and other labels are left out. Prints the confusion matrix, per-group
P/R/F1, macro-F1, the same on a held-out half (split by a hash of the artifact id), and the time.
Two label sets: `strict` (as the dataset files them) and `consistent` (our taxonomy's conventions, decided
from the raw log alone by `bench.bugswarm_labels.consistent_label`); the summary prints both side by side.

    python -m bench.category_f1 [--data DIR] [--show-misses N] [--group G] [--half dev|held] [--rule-counts]

DIR defaults to env CI_CLASSIFY_DATA or ../shared/data beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.bugswarm_labels import consistent_label
from classifier.extract import extract_document as extract
from classifier.fingerprint import fingerprint
from classifier.model import Extraction, Occurrence
from classifier.normalize import normalize
from classifier.rules.engine import RuleSet, load_rules
from classifier.rules.primary import choose_primary
from classifier.rules.taxonomy import Taxonomy, load_taxonomy
from classifier.sources.base import Document
from classifier.sources.files import iter_documents

GROUPS = ("Test", "Compilation", "Quality", "Dependency")
OTHER = "other"
GOLD_GROUP = {
    "Test": "Test",
    "Compilation": "Compilation",
    "Checkstyle": "Quality",
    "Documentation": "Quality",
    "License": "Quality",
    "Missing library": "Dependency",
}
PREDICTED_GROUP = {
    "assertion_failure": "Test",
    "runtime_error": "Test",
    "crash": "Test",
    "flaky_test": "Test",
    "timeout": "Test",
    "compilation_error": "Compilation",
    "lint_error": "Quality",
    "dependency_error": "Dependency",
}


CRASHES: list[str] = []
TIMES = {"extract": 0.0, "rules": 0.0, "records": 0.0, "bytes": 0.0}


@dataclass(frozen=True, slots=True)
class Outcome:
    artifact: str
    gold: str  # the consistent label (see bench.bugswarm_labels)
    predicted: str
    category: str
    evidence: str
    held_out: bool
    strict: str  # the label as the dataset files it


def default_data() -> Path:
    env = os.environ.get("CI_CLASSIFY_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def held_out(artifact: str) -> bool:
    """Half of the artifacts, fixed by a hash of the id (not used to write rules)."""
    return hashlib.sha256(artifact.encode()).digest()[0] % 2 == 1


def documents(path: Path) -> list[Document]:
    """The log as documents (a `.gz` is opened by the files source)."""
    return [doc for doc in iter_documents([str(path)]) if isinstance(doc, Document)]


def raw_text(path: Path) -> str:
    """The log's text, for relabelling (read apart from the product's own reading)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        return handle.read()


def strict_view(outcome: Outcome) -> Outcome:
    """The outcome scored against the label as filed."""
    return replace(outcome, gold=outcome.strict)


def occurrences_of(extraction: Extraction) -> list[Occurrence]:
    occs = []
    for record in extraction.records:
        normalized = normalize(record.message, "v1")
        occs.append(Occurrence(record, fingerprint(record, normalized, "v1"), normalized))
    return occs


def predict(path: Path, rules: RuleSet, taxonomy: Taxonomy) -> tuple[str, str]:
    """(predicted category, evidence) for one log."""
    occs: list[Occurrence] = []
    started = time.perf_counter()
    for doc in documents(path):
        try:
            occs.extend(occurrences_of(extract(doc)))
        except Exception as exc:  # an extractor bug must not stop the measurement; it is counted
            CRASHES.append(f"{path.name}: {type(exc).__name__}: {exc}")
            return "unknown", f"(extraction crashed: {exc!r})"
    TIMES["extract"] += time.perf_counter() - started
    TIMES["records"] += len(occs)
    started = time.perf_counter()
    categories: dict[str, str] = {}
    ranks: dict[str, int] = {}
    evidence: dict[str, str] = {}
    for occ in occs:
        key = occ.fingerprint.value
        if key in categories:
            continue
        match = rules.classify(occ.record, occ.normalized.text)
        categories[key] = match.category if match else taxonomy.default_category
        evidence[key] = f"{match.rule_id}: {match.evidence}" if match else "-"
        if match is not None and match.rank is not None:
            ranks[key] = match.rank
    primary = choose_primary(occs, categories, taxonomy, ranks)
    TIMES["rules"] += time.perf_counter() - started
    if primary is None:
        return taxonomy.default_category, "(no records)"
    key = primary.fingerprint.value
    return categories[key], f"{evidence[key]} | {primary.record.message[:160]!r}"


def prf(outcomes: Sequence[Outcome]) -> tuple[dict[str, tuple[float, float, float]], float]:
    scores = {}
    for group in GROUPS:
        tp = sum(1 for o in outcomes if o.gold == group and o.predicted == group)
        fp = sum(1 for o in outcomes if o.gold != group and o.predicted == group)
        fn = sum(1 for o in outcomes if o.gold == group and o.predicted != group)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scores[group] = (p, r, f)
    return scores, sum(f for _, _, f in scores.values()) / len(GROUPS)


def report(title: str, outcomes: Sequence[Outcome]) -> float:
    print(f"\n{title}: {len(outcomes)} logs")
    cols = (*GROUPS, OTHER)
    print("gold \\ predicted".ljust(18) + "".join(c.rjust(13) for c in cols))
    counts = Counter((o.gold, o.predicted) for o in outcomes)
    for gold in GROUPS:
        print(gold.ljust(18) + "".join(str(counts[(gold, c)]).rjust(13) for c in cols))
    scores, macro = prf(outcomes)
    for group, (p, r, f) in scores.items():
        print(f"  {group:<12} P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"  macro-F1 = {macro:.3f}")
    return macro


def print_rule_counts(outcomes: Sequence[Outcome]) -> None:
    """How many misclassified logs each deciding rule accounts for, per confusion cell."""
    cells = Counter(
        (o.gold, o.predicted, o.evidence.split(":", 1)[0].split(" |", 1)[0]) for o in outcomes if o.gold != o.predicted
    )
    for (gold, predicted, rule), count in sorted(cells.items(), key=lambda item: (item[0][:2], -item[1])):
        print(f"  {gold} -> {predicted}: {rule} x{count}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N misclassified logs")
    parser.add_argument("--group", default="", help="only show misses whose gold group is this")
    parser.add_argument("--half", choices=("all", "dev", "held"), default="all", help="which half to show misses of")
    parser.add_argument(
        "--rule-counts",
        action="store_true",
        help="per half, which rules decided the misclassified logs (counts only, no log lines)",
    )
    return parser.parse_args(argv)


def measure(root: Path, rows: Sequence[dict[str, str]], rules: RuleSet, taxonomy: Taxonomy) -> list[Outcome]:
    """Predict every labelled log; both labels per outcome."""
    outcomes: list[Outcome] = []
    for row in rows:
        path = root / row["log"].strip()
        if not path.is_file():
            continue
        TIMES["bytes"] += path.stat().st_size
        category, evidence = predict(path, rules, taxonomy)
        artifact = row["artifact_id"].strip()
        strict = GOLD_GROUP[row["failure_category"].strip()]
        consistent = consistent_label(strict, raw_text(path))
        predicted = PREDICTED_GROUP.get(category, OTHER)
        outcomes.append(Outcome(artifact, consistent, predicted, category, evidence, held_out(artifact), strict))
    return outcomes


def report_all(outcomes: Sequence[Outcome]) -> None:
    """Confusion matrices and macro-F1, consistent and strict, for all logs and each half."""
    relabelled = Counter((o.strict, o.gold) for o in outcomes if o.strict != o.gold)
    moved = ", ".join(f"{a} -> {b} x{n}" for (a, b), n in sorted(relabelled.items()))
    print(f"consistent labels (bench/bugswarm_labels.py): {moved or 'none'}")
    halves = (
        ("all", outcomes),
        ("dev half (hash even)", [o for o in outcomes if not o.held_out]),
        ("held-out half (hash odd)", [o for o in outcomes if o.held_out]),
    )
    summary = []
    for title, part in halves:
        consistent = report(f"{title}, consistent labels", part)
        strict = report(f"{title}, strict labels", [strict_view(o) for o in part])
        summary.append(f"  {title:<26} consistent {consistent:.3f}   strict {strict:.3f}   ({len(part)} logs)")
    print("\nmacro-F1 summary")
    print("\n".join(summary))


def print_misses(outcomes: Sequence[Outcome], args: argparse.Namespace) -> None:
    shown = 0
    for o in outcomes:
        if o.gold == o.predicted or (args.group and o.gold != args.group):
            continue
        if (args.half == "dev" and o.held_out) or (args.half == "held" and not o.held_out):
            continue
        print(
            f"MISS {o.artifact}: gold={o.gold} (filed {o.strict}) predicted={o.predicted} ({o.category}) "
            f"<- {o.evidence}"
        )
        shown += 1
        if shown >= args.show_misses:
            break


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.data / "ci_logs" / "bugswarm_dev"
    labels = root / "labels.csv"
    if not labels.is_file():
        print(f"no corpus at {root} (set --data or CI_CLASSIFY_DATA)", file=sys.stderr)
        return 2
    taxonomy = load_taxonomy("ci")
    rules = load_rules([], taxonomy)
    with labels.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["failure_category"].strip() in GOLD_GROUP]
    started = time.perf_counter()
    outcomes = measure(root, rows, rules, taxonomy)
    elapsed = time.perf_counter() - started
    print(f"rules: {rules.version} ({len(rules)} rules), taxonomy {taxonomy.name}@{taxonomy.version}")
    report_all(outcomes)
    if CRASHES:
        print(f"\nextraction crashed on {len(CRASHES)} logs, e.g. {CRASHES[0]}")
    print(
        f"\ntime: {elapsed:.2f}s for {len(outcomes)} logs ({TIMES['bytes'] / 1e6:.1f} MB compressed), "
        f"{elapsed / max(len(outcomes), 1) * 1000:.1f} ms/log"
    )
    per_record = TIMES["rules"] / max(TIMES["records"], 1) * 1e6
    print(
        f"  extraction+normalise+fingerprint {TIMES['extract']:.2f}s; rules+primary {TIMES['rules']:.2f}s "
        f"for {int(TIMES['records'])} records ({per_record:.0f} us/record, unique fingerprints only)"
    )
    if args.rule_counts:
        for name, held in (("dev", False), ("held-out", True)):
            print(f"\nrules deciding misclassified logs, {name} half (gold -> predicted: rule x count)")
            print_rule_counts([o for o in outcomes if o.held_out is held])
    if args.show_misses:
        print_misses(outcomes, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
