"""Grouping accuracy (GA) of our fingerprints against Drain3 on Loghub-2.0 2k samples.

GA as in the Loghub papers: a message is correct iff the set of messages in its predicted group equals
the set of messages in its true group (EventTemplate). Every message is normalised with v1 and with v2
and fingerprinted with one generic setup (a log line, no per-system patterns). Also shown: v2 with
fingerprint v2 (which hashes `<IP1> ... <IP2>` as `<IP> ... <IP>`), normalisers v3, v4, v7 and v8 (the default
grouping) with fingerprint v3, the near-duplicate suggestions of bench/near_duplicates.py on top of v1 and v2,
and Drain3 with its default TemplateMiner config, all in one run.

    python -m bench.grouping_accuracy [--data DIR] [--show-errors SYSTEM [--version v1|v2]]
    python -m bench.grouping_accuracy --ablate v7   # each mask a version adds, alone, per system

`--ablate VERSION` measures, per system, the previous normaliser version, that version with each mask
VERSION adds (alone) and VERSION itself, all with fingerprint v3, and how many lines each added mask
changes: a mask that helps one system should change no grouping on the others (no per-system tuning).
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

from bench.common import data_dir
from bench.near_duplicates import cluster_texts
from classifier.fingerprint import fingerprint
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, Normalizer, normalize


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


def ours(contents: Sequence[str], version: str = "v1", fp_version: str = "v1") -> tuple[list[str], float]:
    """Exact fingerprints (`fp_version` over the normaliser `version`), and the CPU time they took."""
    start = time.process_time()
    labels = []
    for content in contents:
        record = ErrorRecord(source="loghub", kind=SourceKind.GHA_LOG, message=content)
        labels.append(fingerprint(record, normalize(content, version), fp_version).value)
    return labels, time.process_time() - start


def clustered(contents: Sequence[str], version: str = "v1") -> list[int]:
    """Near-duplicate suggestions (bench/near_duplicates.py) on top of the normaliser `version`."""
    return cluster_texts([normalize(content, version).text for content in contents])


def drain3(contents: Sequence[str]) -> tuple[list[int], float]:
    from drain3 import TemplateMiner

    miner = TemplateMiner()
    start = time.process_time()
    labels = [int(miner.add_log_message(content)["cluster_id"]) for content in contents]
    return labels, time.process_time() - start


def show_errors(contents: Sequence[str], truth: Sequence[str], version: str, limit: int = 25) -> None:
    by_template: dict[str, Counter[str]] = defaultdict(Counter)
    for content, template in zip(contents, truth, strict=True):
        by_template[template][normalize(content, version).text] += 1
    shown = 0
    for template, texts in by_template.items():
        if len(texts) > 1 and shown < limit:
            shown += 1
            print(f"T: {template}")
            for text, count in texts.most_common(4):
                print(f"   {count:4d} {text}")


def ablation(version: str) -> tuple[Normalizer, dict[str, Normalizer], Normalizer]:
    """The version before `version`, it with each mask `version` adds (alone, in its place), and `version`."""
    names = list(NORMALIZERS)
    index = names.index(version)
    if index == 0:
        raise SystemExit(f"{version} has no previous version to compare with")
    new, old = NORMALIZERS[version], NORMALIZERS[names[index - 1]]
    kept = {mask.name for mask in old.masks}
    added = [mask.name for mask in new.masks if mask.name not in kept]
    alone = {
        name: Normalizer(f"{old.version}+{name}", tuple(m for m in new.masks if m.name in kept or m.name == name), "")
        for name in added
    }
    if tuple(m for m in new.masks if m.name in kept) != old.masks:
        raise SystemExit(f"{version} changes masks of {old.version}, not only adds: no per-mask ablation")
    return old, alone, new


def fingerprints_v3(contents: Sequence[str], normalizer: Normalizer) -> list[str]:
    labels = []
    for content in contents:
        record = ErrorRecord(source="loghub", kind=SourceKind.GHA_LOG, message=content)
        labels.append(fingerprint(record, normalizer(content), "v3").value)
    return labels


def ablate(files: Sequence[Path], version: str) -> None:
    old, alone, new = ablation(version)
    columns = [old.version, *(f"+{name}" for name in alone), version]
    print(
        f"GA with fingerprint v3: {old.version}, {old.version} with each mask {version} adds alone, {version}; "
        "(n) lines whose text that mask changes"
    )
    print(f"{'system':<10} " + " ".join(f"{name:>20}" for name in columns))
    sums = dict.fromkeys(columns, 0.0)
    for path in files:
        contents, truth = load_system(path)
        base_texts = [old(content).text for content in contents]
        row = {old.version: grouping_accuracy(fingerprints_v3(contents, old), truth)}
        changed = {}
        for name, normalizer in alone.items():
            row[f"+{name}"] = grouping_accuracy(fingerprints_v3(contents, normalizer), truth)
            changed[f"+{name}"] = sum(normalizer(c).text != t for c, t in zip(contents, base_texts, strict=True))
        row[version] = grouping_accuracy(fingerprints_v3(contents, new), truth)
        for name in columns:
            sums[name] += row[name]
        cells = [f"{row[name]:.3f}" + (f" ({changed[name]})" if name in changed else "") for name in columns]
        print(f"{path.parent.name:<10} " + " ".join(f"{cell:>20}" for cell in cells))
    print(f"{'mean':<10} " + " ".join(f"{sums[name] / len(files):>20.3f}" for name in columns))


COLUMNS = ("v1", "v2", "v2+fp2", "v3+fp3", "v4+fp3", "v7+fp3", "v8+fp3", "v1+near", "v2+near", "drain3")


def measure(contents: Sequence[str], truth: Sequence[str]) -> tuple[dict[str, float], dict[str, float]]:
    """GA per column and CPU seconds per method (v1, v2, drain3) for one system."""
    v1_labels, v1_time = ours(contents, "v1")
    v2_labels, v2_time = ours(contents, "v2")
    drain_labels, drain_time = drain3(contents)
    labels: dict[str, Sequence[Hashable]] = {
        "v1": v1_labels,
        "v2": v2_labels,
        "v2+fp2": ours(contents, "v2", "v2")[0],
        "v3+fp3": ours(contents, "v3", "v3")[0],  # grouping ci@2026-12-01
        "v4+fp3": ours(contents, "v4", "v3")[0],  # ci@2026-12-01b (v5 and v6 of -c, -d differ on CI paths only)
        "v7+fp3": ours(contents, "v7", "v3")[0],  # ci@2026-12-01e
        "v8+fp3": ours(contents, "v8", "v3")[0],  # ci@2026-12-01f, the default
        "v1+near": clustered(contents, "v1"),
        "v2+near": clustered(contents, "v2"),
        "drain3": drain_labels,
    }
    ga = {name: grouping_accuracy(labels[name], truth) for name in COLUMNS}
    return ga, {"v1": v1_time, "v2": v2_time, "drain3": drain_time}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", help="shared data folder (default: ../shared/data or $CI_CLASSIFY_DATA)")
    parser.add_argument("--show-errors", metavar="SYSTEM", help="print templates we split for SYSTEM")
    parser.add_argument("--version", default="v2", help="normaliser version for --show-errors (default v2)")
    parser.add_argument("--ablate", metavar="VERSION", help="per-mask table of the masks VERSION adds (e.g. v7)")
    args = parser.parse_args(argv)
    base = _data_dir(args.data)
    root = (base or Path("../shared/data")) / "log_templates" / "loghub2_2k"
    files = sorted(root.glob("*/*_2k.log_structured_corrected.csv"))
    if not files:
        print(f"no Loghub data under {root}", file=sys.stderr)
        return 1
    if args.ablate:
        ablate(files, args.ablate)
        return 0
    logging.getLogger("drain3").setLevel(logging.ERROR)
    print(
        "GA (grouping accuracy) per system. v1, v2: normaliser version, fingerprint v1; v2+fp2: fingerprint v2 "
        "(numbers of equal values not hashed); v3+fp3: grouping ci@2026-12-01; v4+fp3: ci@2026-12-01b; "
        "v7+fp3: ci@2026-12-01e; v8+fp3: ci@2026-12-01f (the default); "
        "+near: near-duplicate suggestions; us: CPU us per message "
        "(normalise + fingerprint)"
    )
    print(
        f"{'system':<10} {'msgs':>5} "
        + " ".join(f"{name:>8}" for name in COLUMNS)
        + f" {'us v1':>6} {'us v2':>6} {'us drain3':>9}"
    )
    sums: dict[str, float] = dict.fromkeys(COLUMNS, 0.0)
    times: dict[str, float] = {"v1": 0.0, "v2": 0.0, "drain3": 0.0}
    total = 0
    for path in files:
        system = path.parent.name
        contents, truth = load_system(path)
        ga, cpu = measure(contents, truth)
        n = len(contents)
        total += n
        for name in COLUMNS:
            sums[name] += ga[name]
        for name in times:
            times[name] += cpu[name]
        print(
            f"{system:<10} {n:>5} "
            + " ".join(f"{ga[name]:>8.3f}" for name in COLUMNS)
            + f" {cpu['v1'] / n * 1e6:>6.1f} {cpu['v2'] / n * 1e6:>6.1f} {cpu['drain3'] / n * 1e6:>9.1f}"
        )
        if args.show_errors == system:
            show_errors(contents, truth, args.version)
    means = {name: sums[name] / len(files) for name in COLUMNS}
    print(
        f"{'mean':<10} {total:>5} "
        + " ".join(f"{means[name]:>8.3f}" for name in COLUMNS)
        + f" {times['v1'] / total * 1e6:>6.1f} {times['v2'] / total * 1e6:>6.1f}"
        f" {times['drain3'] / total * 1e6:>9.1f}"
    )
    print(
        f"mean GA: normaliser v1 {means['v1']:.3f}, v2 {means['v2']:.3f}, v2 with fingerprint v2 "
        f"{means['v2+fp2']:.3f} (target 0.90), default v8+fp3 {means['v8+fp3']:.3f}, Drain3 {means['drain3']:.3f}; "
        "hashing the equal-value numbers "
        f"costs {means['v2+fp2'] - means['v2']:.3f}  (systems: {len(files)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
