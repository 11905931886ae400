"""The job as the unit of the answer: distinct failures per job, what the primary is, passing logs.

Runs the pipeline's stages without a store (extract -> redact -> normalise -> fingerprint -> group ->
rules -> link) and compares the answer before linking (every unique fingerprint is an error, the primary
chosen over the whole input by `choose_primary`) with the linked one (`JobResult.failures`):

* BugSwarm (ci_logs/bugswarm_dev): distinct failures per job, median and p90; jobs whose primary is a
  symptom or a wrapper (classifier/link/shapes.py); jobs with no failure at all;
* LogChunks (ci_logs/logchunks): share of jobs whose primary lies on the labelled failure chunk: its lines
  (line_start..line_end) among the chunk's lines in the log (the acceptance measure's kind), and its message
  one of the chunk's lines (the earlier figure; a message a matcher rewrote, `** (X) msg` -> `X: msg`, misses);
* pytorch log-classifier fixtures (ci_logs/pytorch-log-classifier): share whose primary is the line that
  classifier marks (`#=MATCH=#`; markers stripped before reading);
* logs of successful jobs (GitLab traces ending `Job succeeded`, the GitHub Actions run log of a run that
  succeeded, Jenkins logs without a failure, a successful sbuild log, passing test outputs): share
  without a primary failure.

    python -m bench.job_failures [--data DIR] [--limit N] [--only bugswarm|logchunks|passing|pytorch] [--show N]
        [--misses]

`--show N` lists the BugSwarm jobs whose primary is a symptom or wrapper and the N jobs with the most
failures (each failure's root line), to see what the figures count. The LogChunks misses are counted by
where the chunk's lines went (another failure leads, kept only as a warning, linked under a root off the
chunk, no candidate on the chunk); `--misses` lists them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import statistics
import sys
import tarfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.bugswarm_labels import consistent_label
from bench.category_f1 import GOLD_GROUP, OTHER, PREDICTED_GROUP, Outcome, prf, raw_text
from bench.common import data_dir, memory_document
from classifier.classify import Vocabulary, rule_classification
from classifier.extract import extract_document
from classifier.extract.text import strip_ansi
from classifier.fingerprint import identify
from classifier.group import group_occurrences
from classifier.joblink import build_jobs
from classifier.link.shapes import Shape, shape_of
from classifier.model import JobResult, Occurrence, Stream
from classifier.pipeline import GROUPING
from classifier.redact import redact_record
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary, rule_ranks
from classifier.rules.taxonomy import load_taxonomy
from classifier.sources.base import Document

NOW = "2026-01-01T00:00:00Z"
TAXONOMY = load_taxonomy("ci")
VOCABULARY = Vocabulary(TAXONOMY, load_rules([], TAXONOMY))


@dataclass(frozen=True, slots=True)
class Answer:
    unique: int  # unique fingerprints (the old count of "unique errors")
    before: Occurrence | None  # choose_primary over the input
    before_category: str
    job: JobResult

    @property
    def category(self) -> str:
        return self.job.failures[0].classification.category if self.job.failures else TAXONOMY.default_category


def answer(docs: Sequence[Document], baseline: Sequence[str] = ()) -> Answer:
    """The old and the linked answer for documents that form one job."""
    pairs = []
    for doc in docs:
        occs = []
        for raw in extract_document(doc).records:
            occs.append(identify(redact_record(raw), GROUPING))
        pairs.append((doc, occs))
    everything = [occ for _, occs in pairs for occ in occs]
    groups = group_occurrences(everything)
    labels = [rule_classification(group, VOCABULARY, GROUPING.normalizer, NOW) for group in groups]
    categories = {label.fingerprint: label.category for label in labels}
    ranks = rule_ranks(labels, [VOCABULARY.rules])
    before = choose_primary(everything, categories, TAXONOMY, ranks)
    jobs = build_jobs(
        pairs,
        labels,
        {},
        {Stream.CI: TAXONOMY},
        ranks,
        baseline={"": list(baseline)} if baseline else None,
        normalizer_version=GROUPING.normalizer,
    )
    merged = JobResult("", failures=tuple(f for job in jobs for f in job.failures))
    before_category = categories[before.fingerprint.value] if before is not None else TAXONOMY.default_category
    return Answer(len(groups), before, before_category, jobs[0] if len(jobs) == 1 else merged)


def _bad(occ: Occurrence | None) -> bool:
    return occ is not None and shape_of(occ.record) is not Shape.CAUSE


def _p90(values: Sequence[int]) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] if ordered else 0


def bugswarm(root: Path, limit: int, show: int = 0) -> None:
    labels = root / "ci_logs" / "bugswarm_dev" / "labels.csv"
    if not labels.is_file():
        print("bugswarm: corpus not found")
        return
    rows = list(csv.DictReader(labels.open(newline="")))[: limit or None]
    answers = []
    started = time.perf_counter()
    for row in rows:
        path = labels.parent / row["log"].strip()
        answers.append(answer([memory_document(path.name, gzip.decompress(path.read_bytes()))]))
    elapsed = time.perf_counter() - started
    before = [a.unique for a in answers]
    after = [len(a.job.failures) for a in answers]
    print(f"BugSwarm: {len(answers)} failed jobs ({elapsed:.0f}s)")
    print(f"  distinct failures per job: before median {statistics.median(before):g} p90 {_p90(before)}")
    print(f"                              after  median {statistics.median(after):g} p90 {_p90(after)}")
    bad_before = sum(_bad(a.before) for a in answers)
    bad_after = sum(_bad(a.job.failures[0].root) for a in answers if a.job.failures)
    only = sum(1 for a in answers if a.job.failures and all(_bad(f.root) for f in a.job.failures))
    print(f"  primary is a symptom or wrapper: before {bad_before}, after {bad_after} (jobs)")
    print(f"    after: {only} of them show no cause at all (the wrapper or symptom is all that was extracted)")
    print(f"  no failure at all: before {sum(a.before is None for a in answers)}, after {after.count(0)}")
    for view in ("consistent", "strict"):
        for name in ("before", "after"):
            outcomes = [
                Outcome("", label, PREDICTED_GROUP.get(pick, OTHER), "", "", False, label)
                for label, pick in _labelled(labels.parent, rows, answers, view, name)
            ]
            print(
                f"  primary category macro-F1, {view} labels (bench.category_f1 groups) {name}: {prf(outcomes)[1]:.3f}"
            )
    if show:
        _show(rows, answers, show)


def _show(rows: Sequence[dict[str, str]], answers: Sequence[Answer], most: int) -> None:
    """The jobs behind the figures: symptom or wrapper primaries, then the jobs with the most failures."""
    print("  jobs whose primary is a symptom or wrapper:")
    for row, result in zip(rows, answers, strict=True):
        if result.job.failures and _bad(result.job.failures[0].root):
            print(f"    {row['log'].strip()}: {_where(result.job.failures[0].root)}")
    print(f"  the {most} jobs with the most failures:")
    ranked = sorted(zip(rows, answers, strict=True), key=lambda pair: -len(pair[1].job.failures))
    for row, result in ranked[:most]:
        print(f"    {row['log'].strip()}: {len(result.job.failures)} failures")
        for failure in result.job.failures:
            print(f"      [{failure.classification.category}] {_where(failure.root)}")


def _where(occ: Occurrence) -> str:
    return f"{occ.record.line_start}: {occ.record.message[:150]!r}"


def _labelled(
    root: Path, rows: Sequence[dict[str, str]], answers: Sequence[Answer], view: str, name: str
) -> list[tuple[str, str]]:
    """(gold group, predicted category) of the labelled logs."""
    pairs = []
    for row, result in zip(rows, answers, strict=True):
        strict = GOLD_GROUP.get(row["failure_category"].strip(), "")
        if not strict:
            continue
        label = strict if view == "strict" else consistent_label(strict, raw_text(root / row["log"].strip()))
        pairs.append((label, result.before_category if name == "before" else result.category))
    return pairs


_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub("", strip_ansi(text))


def _in_chunk(occ: Occurrence | None, chunk: set[str]) -> bool:
    if occ is None:
        return False
    line = _flat(occ.record.message)
    return bool(line) and any(line in part or (len(part) > 8 and part in line) for part in chunk)


def _last_part(line: str) -> str:
    """What a terminal shows of a line with carriage returns (progress output): its last non-blank part."""
    parts = [part for part in line.split("\r") if part.strip()]
    return parts[-1] if parts else ""


def chunk_region(text: str, chunk: str) -> set[int]:
    """The log's line numbers (1-based) of the labelled chunk: the run of log lines (blank lines skipped)
    that matches the chunk's lines in order, the longest such run when the chunk's first lines recur."""
    wanted = [n for n in (_flat(_last_part(line)) for line in chunk.split("\n")) if n]
    if not wanted:
        return set()
    lines = [(number, flat) for number, raw in enumerate(text.split("\n"), 1) if (flat := _flat(_last_part(raw)))]
    best: list[int] = []
    for start, (_, flat) in enumerate(lines):
        if not _same_line(flat, wanted[0]):
            continue
        run = [number for (number, seen), want in zip(lines[start:], wanted, strict=False) if _same_line(seen, want)]
        if len(run) > len(best):
            best = run
    return set(best)


def _same_line(seen: str, wanted: str) -> bool:
    return seen == wanted or (len(wanted) > 8 and wanted in seen)


def _on_region(occ: Occurrence | None, region: set[int]) -> bool:
    """Whether the occurrence's lines overlap the chunk's (the primary lies on a labelled line)."""
    if occ is None or occ.record.line_start is None:
        return False
    end = occ.record.line_end or occ.record.line_start
    return any(number in region for number in range(occ.record.line_start, end + 1))


def miss_kind(job: JobResult, region: set[int]) -> str:
    """Why the primary is not on the chunk: where the chunk's lines went in the job's answer."""
    for number, failure in enumerate(job.failures):
        for evidence in failure.evidence:
            if _on_region(evidence.occurrence, region):
                if number == 0:
                    return "linked under a root off the chunk"
                return "another failure leads"
    if any(_on_region(occ, region) for occ in job.warnings):
        return "kept only as a warning"
    return "no candidate on the chunk"


def logchunks(root: Path, limit: int, misses: bool = False) -> None:
    base = root / "ci_logs" / "logchunks"
    labels = base / "labels.jsonl"
    if not labels.is_file():
        print("logchunks: corpus not found")
        return
    text_before = text_after = line_before = line_after = total = 0
    kinds: dict[str, list[str]] = {}
    for raw in labels.read_text(encoding="utf-8").splitlines()[: limit or None]:
        label = json.loads(raw)
        path = base / label["log"]
        if not path.exists() or not label.get("failure_chunk"):
            continue
        chunk = {n for n in (_flat(line) for line in label["failure_chunk"].split("\n")) if n}
        data = gzip.decompress(path.read_bytes())
        region = chunk_region(data.decode("utf-8", errors="replace"), label["failure_chunk"])
        result = answer([memory_document(path.name, data)])
        primary = result.job.failures[0].root if result.job.failures else None
        total += 1
        text_before += _in_chunk(result.before, chunk)
        text_after += _in_chunk(primary, chunk)
        line_before += _on_region(result.before, region)
        line_after += _on_region(primary, region)
        if not _on_region(primary, region):
            where = _where(primary) if primary is not None else "no failure"
            kinds.setdefault(miss_kind(result.job, region), []).append(f"{label['log']}: {where}")
    print(
        f"LogChunks: {total} failed jobs, primary on a failure-chunk line: before {line_before / total:.1%}, after "
        f"{line_after / total:.1%} (its lines in the chunk's place in the log); its message a chunk line: before "
        f"{text_before / total:.1%}, after {text_after / total:.1%} (no passing logs in this corpus)"
    )
    print("  misses: " + ", ".join(f"{kind} {len(logs)}" for kind, logs in sorted(kinds.items())))
    for kind, logs in sorted(kinds.items()) if misses else ():
        print(f"  {kind}:")
        for entry in logs:
            print(f"    {entry}")


_MARK = re.compile(r"^#=MATCH=# ")


def pytorch(root: Path) -> None:
    base = root / "ci_logs" / "pytorch-log-classifier" / "fixtures" / "classify"
    paths = sorted(base.glob("*.txt"))
    if not paths:
        print("pytorch fixtures: not found")
        return
    hits_before = hits_after = total = 0
    for path in paths:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        marked = [_flat(_MARK.sub("", line).replace("‹", "").replace("›", "")) for line in lines if _MARK.match(line)]
        raw = [
            _MARK.sub("", line).replace("‹", "").replace("›", "") for line in lines if not line.startswith("#=SOURCE")
        ]
        if not marked:
            continue
        result = answer([memory_document(path.name, "\n".join(raw).encode())])
        total += 1
        hits_before += _in_chunk(result.before, set(marked))
        hits_after += _in_chunk(result.job.failures[0].root if result.job.failures else None, set(marked))
    print(
        f"pytorch fixtures: {total} failed jobs, primary on the marked line: before {hits_before}, after {hits_after}"
    )


def _passing_logs(root: Path) -> list[tuple[str, list[Document]]]:
    logs: list[tuple[str, list[Document]]] = []
    ci = root / "ci_logs"

    def add(path: Path) -> None:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        logs.append((str(path.relative_to(root)), [memory_document(path.name, data)]))

    for path in sorted((ci / "gitlab-runner-traces").glob("log-*")):
        add(path)
    for path in sorted((ci / "jenkins-ansicolor-plugin").glob("*.log")):
        add(path)
    for name in ("success.log",):
        add(ci / "jenkins-apm-pipeline-library" / "blueocean_run_logs" / name)
    for path in sorted((ci / "rust-log-analyzer").rglob("*.txt")):
        add(path)
    add(root / "test_outputs" / "buildlog-consultant" / "sbuild.0.log")
    archive = ci / "gha_raw_log_example" / "examples" / "log.tar.gz"
    if archive.is_file():
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if member.isfile() and "/" not in member.name:  # the whole log of one job
                    handle = tar.extractfile(member)
                    if handle is not None:
                        logs.append(
                            (f"gha_raw_log_example:{member.name}", [memory_document(member.name, handle.read())])
                        )
    return logs


def passing(root: Path) -> None:
    logs = [(name, docs) for name, docs in _passing_logs(root) if docs]
    if not logs:
        print("passing logs: none found")
        return
    answers = [(name, answer(docs)) for name, docs in logs]
    before = sum(a.before is None for _, a in answers)
    after = sum(not a.job.failures for _, a in answers)
    print(
        f"Passing logs: {len(answers)} logs of successful jobs without a primary failure: before {before} "
        f"({before / len(answers):.0%}), after {after} ({after / len(answers):.0%})"
    )
    for name, a in answers:
        if a.job.failures:
            print(f"  still a failure: {name}: {a.job.failures[0].root.record.message[:100]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=0, help="at most N logs per corpus (0: all)")
    parser.add_argument("--only", choices=("bugswarm", "logchunks", "passing", "pytorch"), default="")
    parser.add_argument(
        "--show", type=int, default=0, help="list the wrapper/symptom primaries and the N jobs with most failures"
    )
    parser.add_argument("--misses", action="store_true", help="list the LogChunks jobs whose primary is off the chunk")
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if root is None:
        print("shared data not found; set CI_CLASSIFY_DATA or pass --data", file=sys.stderr)
        return 2
    if args.only in ("", "passing"):
        passing(root)
    if args.only in ("", "pytorch"):
        pytorch(root)
    if args.only in ("", "bugswarm"):
        bugswarm(root, args.limit, args.show)
    if args.only in ("", "logchunks"):
        logchunks(root, args.limit, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
