"""Budgeted annotation selection: the platform shows at most 10 of each type per step and 50 per job.

One failure, one annotation: each job's distinct root-cause failures (`Analysis.jobs`), never their
symptoms or wrapping errors. Order: each job's first root cause, then new fingerprints, then failures in
files the pull request changed, then the job summary's order (job by job, root causes in order); when not
all fit, the ones with more evidence are kept among equals. What does not fit is
counted in a final notice pointing at the job summary. Pure: no environment, network or clock.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from classifier.access import PathContext
from classifier.extract.time_limit import stated_evidence
from classifier.github.commands import Annotation
from classifier.github.paths import failure_location
from classifier.model import Analysis, Failure, Severity
from classifier.report.jobs_view import failed_jobs, history
from classifier.wording import shown_message

PER_TYPE_PER_STEP = 10
PER_JOB = 50
MAX_MESSAGE = 1000


@dataclass(frozen=True, slots=True)
class Budget:
    per_type: int = PER_TYPE_PER_STEP
    per_job: int = PER_JOB


@dataclass(frozen=True, slots=True)
class _Ranked:
    failure: Failure
    first_of_job: bool
    shown_at: int = 0  # its place in the job summary (jobs in order, root causes in order)


def _in_pr(failure: Failure, pr_files: Collection[str], paths: PathContext) -> bool:
    location = failure_location(failure, paths)
    return location is not None and location.file in pr_files


def _priority(item: _Ranked, pr_files: Collection[str], paths: PathContext) -> tuple[int, int, int, int]:
    stats = item.failure.stats
    is_new = stats is not None and stats.is_new
    return (
        0 if item.first_of_job else 1,
        0 if is_new else 1,
        0 if _in_pr(item.failure, pr_files, paths) else 1,
        -len(item.failure.evidence),
    )


def _category(category: str, classified: bool) -> str:
    """`assertion_failure` -> `Assertion failure` (an annotation's title is plain text, not Markdown)."""
    words = " ".join(category.replace("_", " ").replace("-", " ").split()) if classified else ""
    words = words if words and words != "unknown" else "Unclassified failure"
    return words[:1].upper() + words[1:]


def _annotation(failure: Failure, paths: PathContext) -> Annotation:
    """Title `job: Category · history`; message: the explanation (when a model gave one), the error line,
    the failing test, what showed a time limit and the suggested fix, one per line."""
    record = failure.root.record
    label = failure.classification
    level = "warning" if record.severity is Severity.WARNING else "error"
    title = _category(label.category, label.is_classified)
    if failure.job:
        title = f"{failure.job}: {title}"
    seen = history(failure.stats)
    if seen:
        title += f" · {seen}"
    message = shown_message(record)  # its test's name is said once, on its own line
    lines = [message]
    if label.summary and label.summary != record.message:
        lines.insert(0, label.summary)
    if record.test_id and record.test_id not in message:
        lines.append(f"Test: {record.test_id}")
    if limit := stated_evidence(record):
        lines.append(f"Cancelled at the job's time limit: {limit}")
    if label.suggested_fix:
        lines.append(f"Suggested fix: {label.suggested_fix}")
    location = failure_location(failure, paths)  # repository-relative, never a third-party frame
    return Annotation(
        level=level,
        message="\n".join(lines)[:MAX_MESSAGE],
        title=title[:200],
        file=location.file if location else "",
        line=location.line if location else None,
    )


def select_annotations(
    analysis: Analysis, pr_files: Collection[str] = (), budget: Budget = Budget()
) -> list[Annotation]:
    """One annotation per root-cause failure, identical ones merged, within the caps; then a notice."""
    normalized_pr = {path.removeprefix("./") for path in pr_files}
    ordered = [(failure, index == 0) for job in failed_jobs(analysis) for index, failure in enumerate(job.failures)]
    ranked = [_Ranked(failure, first, place) for place, (failure, first) in enumerate(ordered)]
    paths = analysis.access.paths
    by_priority = sorted(((_priority(item, normalized_pr, paths), item) for item in ranked), key=lambda pair: pair[0])
    chosen: list[tuple[tuple[int, ...], Annotation]] = []
    used: dict[str, int] = {}
    total_cap = budget.per_job - 1  # keep room for the closing notice
    skipped = 0
    seen: set[tuple[str, int | None, str]] = set()
    for priority, item in by_priority:
        annotation = _annotation(item.failure, paths)
        key = (annotation.file, annotation.line, item.failure.root.record.message)
        if key in seen:
            continue
        seen.add(key)
        if len(chosen) >= total_cap or used.get(annotation.level, 0) >= budget.per_type:
            skipped += 1
            continue
        used[annotation.level] = used.get(annotation.level, 0) + 1
        chosen.append(((*priority[:3], item.shown_at), annotation))
    shown = [annotation for _, annotation in sorted(chosen, key=lambda pair: pair[0])]
    if skipped:
        said = "1 more failure is" if skipped == 1 else f"{skipped:,} more failures are"
        cap = f"only {budget.per_type} per type are shown per step"
        shown.append(Annotation("notice", f"{said} in the job summary ({cap}).", title="ci-classify"))
    return shown
