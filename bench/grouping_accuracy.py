"""Grouping accuracy (GA) of our fingerprints against Drain3 on Loghub-2.0 2k samples.

GA as in the Loghub papers: a message is correct iff the set of messages in its predicted group equals
the set of messages in its true group (EventTemplate). Every message is normalised with v1 and
fingerprinted with one generic setup (a log line, no per-system patterns). Drain3 runs with its default
TemplateMiner config on the same messages in the same run.

    python -m bench.grouping_accuracy [--data DIR] [--show-errors SYSTEM]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

from bench.common import data_dir
from classifier.cluster import cluster_texts
from classifier.fingerprint import fingerprint
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import normalize


def _data_dir(override: str | None) -> Path | None:
    return Path(override) if override else data_dir()


def load_system(path: Path) -> tuple[list[str], list[str]]:
    contents: list[str] = []
    templates: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            contents.append(row["Content"])
            templates.append(row["EventTemplate"])
    return contents, templates


def grouping_accuracy(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> float:
    """Share of messages whose predicted group is exactly their true group."""
    true_sizes = Counter(truth)
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for index, label in enumerate(predicted):
        groups[label].append(index)
    correct = 0
    for members in groups.values():
        labels = {truth[i] for i in members}
        if len(labels) == 1 and true_sizes[truth[members[0]]] == len(members):
            correct += len(members)
    return correct / len(truth) if truth else 0.0


def ours(contents: Sequence[str]) -> tuple[list[str], float]:
    start = time.process_time()
    labels = []
    for content in contents:
        record = ErrorRecord(source="loghub", kind=SourceKind.GHA_LOG, message=content)
        labels.append(fingerprint(record, normalize(content)).value)
    return labels, time.process_time() - start


def clustered(contents: Sequence[str]) -> tuple[list[int], float]:
    """Near-duplicate suggestions (classifier.cluster) on top of v1 normalisation."""
    start = time.process_time()
    labels = cluster_texts([normalize(content).text for content in contents])
    return labels, time.process_time() - start


def drain3(contents: Sequence[str]) -> tuple[list[int], float]:
    from drain3 import TemplateMiner

    miner = TemplateMiner()
    start = time.process_time()
    labels = [int(miner.add_log_message(content)["cluster_id"]) for content in contents]
    return labels, time.process_time() - start


def show_errors(contents: Sequence[str], truth: Sequence[str], limit: int = 25) -> None:
    by_template: dict[str, Counter[str]] = defaultdict(Counter)
    for content, template in zip(contents, truth, strict=True):
        by_template[template][normalize(content).text] += 1
    shown = 0
    for template, texts in by_template.items():
        if len(texts) > 1 and shown < limit:
            shown += 1
            print(f"T: {template}")
            for text, count in texts.most_common(4):
                print(f"   {count:4d} {text}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", help="shared data folder (default: ../shared/data or $CI_CLASSIFY_DATA)")
    parser.add_argument("--show-errors", metavar="SYSTEM", help="print templates we split for SYSTEM")
    args = parser.parse_args(argv)
    base = _data_dir(args.data)
    root = (base or Path("../shared/data")) / "log_templates" / "loghub2_2k"
    files = sorted(root.glob("*/*_2k.log_structured_corrected.csv"))
    if not files:
        print(f"no Loghub data under {root}", file=sys.stderr)
        return 1
    print(f"{'system':<12} {'messages':>8} {'GA ours':>8} {'+cluster':>8} {'GA drain3':>9} "
          f"{'us/msg ours':>11} {'us/msg drain3':>13}")
    ga_ours: list[float] = []
    ga_cluster: list[float] = []
    ga_drain: list[float] = []
    total_msgs, total_ours, total_drain, total_cluster = 0, 0.0, 0.0, 0.0
    for path in files:
        system = path.parent.name
        contents, truth = load_system(path)
        our_labels, our_time = ours(contents)
        drain_labels, drain_time = drain3(contents)
        cluster_labels, cluster_time = clustered(contents)
        total_cluster += cluster_time
        a, b = grouping_accuracy(our_labels, truth), grouping_accuracy(drain_labels, truth)
        c = grouping_accuracy(cluster_labels, truth)
        ga_ours.append(a)
        ga_cluster.append(c)
        ga_drain.append(b)
        total_msgs += len(contents)
        total_ours += our_time
        total_drain += drain_time
        n = len(contents)
        print(f"{system:<12} {n:>8} {a:>8.3f} {c:>8.3f} {b:>9.3f} "
              f"{our_time / n * 1e6:>11.1f} {drain_time / n * 1e6:>13.1f}")
        if args.show_errors == system:
            show_errors(contents, truth)
    mean_ours = sum(ga_ours) / len(ga_ours)
    mean_drain = sum(ga_drain) / len(ga_drain)
    mean_cluster = sum(ga_cluster) / len(ga_cluster)
    print(f"{'mean':<12} {total_msgs:>8} {mean_ours:>8.3f} {mean_cluster:>8.3f} {mean_drain:>9.3f} "
          f"{total_ours / total_msgs * 1e6:>11.1f} {total_drain / total_msgs * 1e6:>13.1f}")
    print(f"ratio ours/drain3: {mean_ours / mean_drain:.3f}; with near-duplicate clustering: "
          f"{mean_cluster / mean_drain:.3f}  (systems: {len(files)})")
    print(f"CPU time per message: normalise + fingerprint {total_ours / total_msgs * 1e6:.1f} us; "
          f"normalise + near-duplicate clustering {total_cluster / total_msgs * 1e6:.1f} us; "
          f"Drain3 {total_drain / total_msgs * 1e6:.1f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
