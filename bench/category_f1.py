"""Job-level primary-category macro-F1 of the rules alone, on BugSwarm's labelled Travis logs.

For each labelled log: extract -> redact -> normalise -> fingerprint -> group -> rules -> job linking
(classifier/joblink.py) -> the category of the job's first failure (no failure -> unknown), mapped to
four groups (Test, Compilation, Quality, Dependency); gold labels are mapped the same way and other
labels are left out. Prints the confusion matrix, per-group P/R/F1, macro-F1, the same on the two halves
(split by a hash of the artifact id), and the time. Two label sets: `strict` (as the dataset files them)
and `consistent` (our taxonomy's conventions, decided from the raw log alone by
`bench.bugswarm_labels.consistent_label`); the summary prints both side by side, and the figures of the
primary chosen over the input alone (`choose_primary`, before job linking).

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
from classifier.classify import Vocabulary, rule_classification
from classifier.extract import extract_document as extract
from classifier.fingerprint import DEFAULT_GROUPING as GROUPING
from classifier.fingerprint import identify
from classifier.group import group_occurrences
from classifier.joblink import build_jobs
from classifier.model import Extraction, Occurrence, Stream
from classifier.redact import redact_record
from classifier.rules.engine import RuleSet
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary, rule_ranks
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


NOW = "2026-01-01T00:00:00Z"  # labels need a time; it never matters here
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
    input_predicted: str = OTHER  # the group of the primary chosen over the input alone (before linking)


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


def input_view(outcome: Outcome) -> Outcome:
    """The outcome as the primary chosen over the input alone (no job linking) predicted it."""
    return replace(outcome, predicted=outcome.input_predicted)


def occurrences_of(extraction: Extraction) -> list[Occurrence]:
    occs = []
    for raw in extraction.records:
        occs.append(identify(redact_record(raw), GROUPING))
    return occs


@dataclass(frozen=True, slots=True)
class Prediction:
    """The job's answer (its first linked failure) and the primary chosen over the input alone."""

    category: str
    evidence: str
    input_category: str


def predict(path: Path, rules: RuleSet, taxonomy: Taxonomy) -> Prediction:
    """Both predictions for one log, through the pipeline's stages (no store, no model)."""
    pairs: list[tuple[Document, list[Occurrence]]] = []
    started = time.perf_counter()
    for doc in documents(path):
        try:
            pairs.append((doc, occurrences_of(extract(doc))))
        except Exception as exc:  # an extractor bug must not stop the measurement; it is counted
            CRASHES.append(f"{path.name}: {type(exc).__name__}: {exc}")
            return Prediction(taxonomy.default_category, f"(extraction crashed: {exc!r})", taxonomy.default_category)
    TIMES["extract"] += time.perf_counter() - started
    occs = [occ for _, doc_occs in pairs for occ in doc_occs]
    TIMES["records"] += len(occs)
    started = time.perf_counter()
    vocabulary = Vocabulary(taxonomy, rules)
    labels = [rule_classification(group, vocabulary, GROUPING.normalizer, NOW) for group in group_occurrences(occs)]
    by_fingerprint = {label.fingerprint: label for label in labels}
    categories = {label.fingerprint: label.category for label in labels}
    ranks = rule_ranks(labels, [rules])
    primary = choose_primary(occs, categories, taxonomy, ranks)
    input_category = categories[primary.fingerprint.value] if primary is not None else taxonomy.default_category
    jobs = build_jobs(
        pairs, labels, {}, {Stream.CI: taxonomy}, ranks, baseline=None, normalizer_version=GROUPING.normalizer
    )
    TIMES["rules"] += time.perf_counter() - started
    failures = [failure for job in jobs for failure in job.failures]
    if not failures:
        return Prediction(taxonomy.default_category, "(no failure)", input_category)
    root = failures[0].root
    label = by_fingerprint.get(root.fingerprint.value)
    rule = (label.rule_id or "-") if label is not None else "-"
    evidence = f"{rule}: {label.evidence if label else ''} | {root.record.message[:160]!r}"
    return Prediction(failures[0].classification.category, evidence, input_category)


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
        found = predict(path, rules, taxonomy)
        artifact = row["artifact_id"].strip()
        strict = GOLD_GROUP[row["failure_category"].strip()]
        consistent = consistent_label(strict, raw_text(path))
        predicted = PREDICTED_GROUP.get(found.category, OTHER)
        before = PREDICTED_GROUP.get(found.input_category, OTHER)
        held = held_out(artifact)
        outcomes.append(Outcome(artifact, consistent, predicted, found.category, found.evidence, held, strict, before))
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
        _, alone = prf([input_view(o) for o in part])
        _, alone_strict = prf([strict_view(input_view(o)) for o in part])
        summary.append(
            f"  {title:<26} consistent {consistent:.3f}   strict {strict:.3f}   "
            f"(primary over the input alone: {alone:.3f} / {alone_strict:.3f})   {len(part)} logs"
        )
    print("\nmacro-F1 summary (the job's first failure, as the product answers)")
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
