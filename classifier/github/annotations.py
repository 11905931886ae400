"""Budgeted annotation selection: the platform shows at most 10 of each type per step and 50 per job.

New fingerprints and failures in files the pull request changed come first; what does not fit is counted
in a final notice pointing at the job summary. Pure: no environment, network or clock.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from classifier.github.commands import Annotation
from classifier.model import Analysis, GroupResult, Role, Severity

PER_TYPE_PER_STEP = 10
PER_JOB = 50
MAX_MESSAGE = 1000


@dataclass(frozen=True, slots=True)
class Budget:
    per_type: int = PER_TYPE_PER_STEP
    per_job: int = PER_JOB


def _in_pr(result: GroupResult, pr_files: Collection[str]) -> bool:
    location = result.group.representative.location
    return location is not None and location.file.removeprefix("./") in pr_files


def _priority(result: GroupResult, pr_files: Collection[str]) -> tuple[int, int, int, int]:
    is_new = result.stats is not None and result.stats.is_new
    symptom = result.group.representative.role is Role.SYMPTOM
    return (int(symptom), 0 if is_new else 1, 0 if _in_pr(result, pr_files) else 1, -result.group.count)


def _annotation(result: GroupResult) -> Annotation:
    record = result.group.representative
    label = result.classification
    level = "warning" if record.severity is Severity.WARNING else "error"
    title_parts = [label.category if label.is_classified else "unclassified"]
    if result.stats is not None and result.stats.is_new:
        title_parts.append("new")
    if record.job:
        title_parts.append(record.job)
    message = label.summary or record.message
    if result.group.count > 1:
        message = f"{message}\n({result.group.count} occurrences, fingerprint {result.group.fingerprint.value})"
    location = record.location
    return Annotation(
        level=level,
        message=message[:MAX_MESSAGE],
        title=" | ".join(title_parts),
        file=location.file if location else "",
        line=location.line if location else None,
    )


def select_annotations(
    analysis: Analysis, pr_files: Collection[str] = (), budget: Budget = Budget()
) -> list[Annotation]:
    """One annotation per group (causes before symptoms; new, then in the PR's files, then by count),
    identical ones merged, within the caps; then a notice for the rest."""
    normalized_pr = {path.removeprefix("./") for path in pr_files}
    ordered: Sequence[GroupResult] = sorted(analysis.groups, key=lambda r: _priority(r, normalized_pr))
    chosen: list[Annotation] = []
    used: dict[str, int] = {}
    total_cap = budget.per_job - 1  # keep room for the closing notice
    skipped = 0
    seen: set[tuple[str, int | None, str]] = set()
    for result in ordered:
        annotation = _annotation(result)
        key = (annotation.file, annotation.line, result.group.representative.message)
        if annotation.file and key in seen:
            continue
        seen.add(key)
        if len(chosen) >= total_cap or used.get(annotation.level, 0) >= budget.per_type:
            skipped += 1
            continue
        used[annotation.level] = used.get(annotation.level, 0) + 1
        chosen.append(annotation)
    if skipped:
        chosen.append(Annotation("notice", f"{skipped} more failure(s) in the job summary.", title="ci-classify"))
    return chosen
