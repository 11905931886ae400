"""CSV export, one row per error, in the columns of the seed's export plus identity columns.

Rows lead with the failures: each job's failures in order (root cause first), the root row then its linked
evidence, `Failure` numbering them (`1`, `2`, ... per analysis) and `Link` saying how a row belongs
(`root`, `same_failure`, `wrapper`, `symptom`); then every other line found (`warning`, or blank).

`Corrected Category` is left blank for a human to fill in; `ci-classify import-corrections` reads it back
(rows are keyed by `Fingerprint`).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import TextIO

from classifier.model import Analysis, GroupResult, Occurrence
from classifier.spill import Tally

COLUMNS = (
    "Job ID",
    "Pipeline Name",
    "Tenant ID",
    "Finished At",
    "Activity Name",
    "Error Category",
    "Classified By",
    "Confidence",
    "Reasoning",
    "Error Code",
    "Error Message",
    "Exception Type",
    "Fingerprint",
    "Taxonomy",
    "Source",
    "Line",
    "Failure",
    "Link",
    "Corrected Category",
)


_BATCH = 256  # rows written at once


def _safe(text: str) -> str:
    """Keep spreadsheet programs from evaluating a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


_Row = tuple[Occurrence, GroupResult, str, str]  # (occurrence, its group, failure number, link)


def _ordered(analysis: Analysis) -> Iterator[_Row]:
    """The rows with the failures' evidence first, made as they are written. Occurrences are matched by
    value, one for one (a report read back from disk holds equal copies, not the same objects); the counts
    of those already written are kept by hash (`Tally`: on disk past a bound), not the occurrences."""
    by_fingerprint = {result.group.fingerprint.value: result for result in analysis.groups}
    seen = Tally()
    warnings = Tally()
    numbers = itertools.count(1)  # failures numbered across the analysis, job by job
    try:
        for job in analysis.jobs:
            warnings.add_all(hash(occ) for occ in job.warnings)
            listed: set[int] = set()  # the same evidence object twice is one row (a failure's evidence is small)
            for failure in job.failures:
                number = str(next(numbers))
                for evidence in failure.evidence:
                    result = by_fingerprint.get(evidence.occurrence.fingerprint.value)
                    if result is not None and id(evidence.occurrence) not in listed:
                        listed.add(id(evidence.occurrence))
                        seen.add_all((hash(evidence.occurrence),))
                        yield evidence.occurrence, result, number, evidence.link.value
        for result in analysis.groups:
            for occ in result.group.occurrences:
                key = hash(occ)
                if not seen.take(key):
                    yield occ, result, "", "warning" if warnings.take(key) else ""
    finally:
        seen.close()
        warnings.close()


def render_csv(analysis: Analysis) -> str:
    buffer = io.StringIO()
    write_csv(analysis, buffer)
    return buffer.getvalue()


def write_csv(analysis: Analysis, out: TextIO) -> None:
    """The text of `render_csv`, written in batches of rows (a million rows are never held whole)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    run = analysis.run
    job_or_run = str(run.run_id) if run.run_id else ""
    batch: list[list[object]] = []
    for occ, result, number, link in _ordered(analysis):
        label = result.classification
        rec = occ.record
        code = rec.code or (str(rec.http_status) if rec.http_status is not None else "")
        batch.append(
            [
                _safe(rec.job or job_or_run),
                _safe(run.workflow),
                _safe(run.repository),
                rec.timestamp or analysis.finished_at,
                _safe(rec.step),
                label.category,
                label.classified_by.value,
                f"{label.confidence:.2f}",
                _safe(label.reasoning),
                _safe(code),
                _safe(rec.message),
                _safe(rec.exception_type),
                occ.fingerprint.value,
                label.taxonomy,
                _safe(rec.source),
                rec.line_start if rec.line_start is not None else "",
                number,
                link,
                "",
            ]
        )
        if len(batch) >= _BATCH:
            writer.writerows(batch)
            batch = []
    writer.writerows(batch)
