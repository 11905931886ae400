"""The terminal report: headline, the failures of each job (root cause first, with their evidence), then
the evidence table (errors by category), problems, footer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from classifier.escape import printable
from classifier.extract.time_limit import stated_evidence
from classifier.model import Analysis, Evidence, GroupResult, JobResult, Link
from classifier.report.stats import MAX_PROBLEMS, compute_stats, first_problems
from classifier.wording import baseline_note, failed_where, plural, shown_message

RULE = "=" * 78
EVIDENCE_SHOWN = 3  # linked evidence lines shown under a failure


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_text(analysis: Analysis) -> str:
    return "".join(f"{line}\n" for line in text_lines(analysis))


def write_text(analysis: Analysis, out: TextIO) -> None:
    """The text of `render_text`, written line by line (a report of a million inputs is never held whole)."""
    for line in text_lines(analysis):
        out.write(f"{line}\n")


def text_lines(analysis: Analysis) -> Iterator[str]:
    """The report's lines, made one at a time; names and messages come from inputs, so each is printable."""
    return (printable(line) for line in _lines(analysis))


def _lines(analysis: Analysis) -> Iterator[str]:
    stats = compute_stats(analysis)
    yield from (RULE, "CI FAILURE ANALYSIS", RULE)
    if analysis.jobs:
        succeeded = sum(1 for job in analysis.jobs if job.succeeded)
        yield (
            f"Jobs: {len(analysis.jobs):,} ({succeeded:,} succeeded)   Failures: {len(analysis.failures):,} "
            "(distinct root causes)"
        )
    yield (
        f"Inputs: {stats.inputs:,} ({stats.inputs_with_problems:,} with problems)   Error lines: {stats.errors:,} "
        f"({stats.unique_fingerprints:,} distinct, {stats.new_fingerprints:,} new; "
        f"{stats.classified:,} classified, {stats.unclassified:,} not)"
    )
    yield from _failures(analysis) if analysis.jobs else _primaries(analysis)
    yield from _by_category(analysis)
    shown, more = first_problems(analysis, MAX_PROBLEMS)
    if shown:
        yield from ("", "PROBLEMS", "-" * 78)
        yield from (f"  {p.render()}" for p in shown)
    if more:
        yield f"  … and {more} more (every problem is in the JSON report)"
    if analysis.notes:
        yield from ("", "NOTES", "-" * 78)
        yield from (f"  {note}" for note in analysis.notes)


def _job_title(job: JobResult) -> str:
    names = ", ".join(path.rsplit("/", 1)[-1] for path in job.inputs)
    if job.name:
        return f"{job.name}  [{_short(names, 60)}]"
    paths = " ".join(", ".join(job.inputs).split())
    return paths if len(paths) <= 76 else "…" + paths[-75:]  # a path keeps its end: the file's name


def _where(evidence: Evidence, job: JobResult) -> str:
    """`[file:line]`; the file's base name when the job's title already names it."""
    rec = evidence.occurrence.record
    source = rec.source.rsplit("/", 1)[-1] if rec.source in job.inputs else rec.source
    return f"[{source}:{rec.line_start or '-'}]"


def _failures(analysis: Analysis) -> Iterator[str]:
    said = f"{len(analysis.failures):,} in {failed_where([job for job in analysis.jobs if job.failures])}"
    yield from ("", f"FAILURES ({said}, root cause first)", "-" * 78)
    for job in analysis.jobs:
        yield from _job_lines(job)


def _job_lines(job: JobResult) -> list[str]:
    out = [f"  {_job_title(job)}"]
    if job.succeeded or not job.failures:
        state = "succeeded" if job.succeeded else "no failure found"
        extra = f" ({plural(len(job.warnings), 'warning')})" if job.warnings else ""
        return [*out, f"    {state}{extra}"]
    for number, failure in enumerate(job.failures, 1):
        root = failure.evidence[0] if failure.evidence else Evidence(failure.root, Link.ROOT)
        category = failure.classification.category
        message = shown_message(root.occurrence.record)  # the test's name follows on its own line
        out.append(f"    {number}. {category:<20} {_short(message, 80)}  {_where(root, job)}")
        if failure.root.record.test_id:
            out.append(f"       test: {_short(failure.root.record.test_id, 100)}")
        if limit := stated_evidence(failure.root.record):
            out.append(f"       time limit: {_short(limit, 100)}")
        linked = failure.evidence[1:]
        for item in linked[:EVIDENCE_SHOWN]:
            message = _short(item.occurrence.record.message, 70)
            out.append(f"       + {item.link.value:<12} {message}  {_where(item, job)}")
        if len(linked) > EVIDENCE_SHOWN:
            out.append(f"       + {plural(len(linked) - EVIDENCE_SHOWN, 'more line')} of evidence")
    if job.baseline:
        out.append(f"    ({baseline_note(job)})")
    return out


def _primaries(analysis: Analysis) -> Iterator[str]:
    yield from ("", "PRIMARY CAUSE PER INPUT", "-" * 78)
    for item in analysis.inputs:
        if item.primary is None:
            state = "problem" if item.problems else "no error found"
            yield f"  {_short(item.job or item.path, 60)}: {state}"
            continue
        label = analysis.classification_for(item.primary.fingerprint.value)
        category = label.category if label else "unknown"
        rec = item.primary.record
        yield f"  {_short(item.job or item.path, 60)}"
        yield f"    {category:<22} {_short(rec.message, 90)}  [{rec.source}:{rec.line_start or '-'}]"


def _by_category(analysis: Analysis) -> list[str]:
    """Every distinct line found, by category: the message first, then count, how it was classified and the
    fingerprint (what `corrections` takes); why a line stayed unclassified only when no failure explains it."""
    grouped: dict[str, list[GroupResult]] = defaultdict(list)
    for result in analysis.groups:
        grouped[result.classification.category].append(result)
    explained = {e.occurrence.fingerprint.value for f in analysis.failures for e in f.evidence}
    out = ["", "ERRORS BY CATEGORY (every line found, the evidence)", "-" * 78]
    for category, results in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  {category} ({len(results)} unique)")
        for result in results:
            label = result.classification
            new = " new" if result.stats is not None and result.stats.is_new else ""
            value = result.group.fingerprint.value
            out.append(
                f"    {_short(result.group.representative.message, 70):<70}  x{result.group.count:<3} "
                f"{label.classified_by.value} {label.confidence:.2f}{new}  {value}"
            )
            if not label.is_classified and value not in explained:
                out.append(f"      why unclassified: {_short(label.reasoning, 90)}")
    return out
