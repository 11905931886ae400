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
from collections import Counter

from classifier.model import Analysis, GroupResult, Occurrence

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


def _safe(text: str) -> str:
    """Keep spreadsheet programs from evaluating a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _ordered(analysis: Analysis) -> list[tuple[Occurrence, GroupResult, str, str]]:
    """(occurrence, its group, failure number, link) with the failures' evidence first. Occurrences are
    matched by value, one for one (a report read back from disk holds equal copies, not the same objects)."""
    by_fingerprint = {result.group.fingerprint.value: result for result in analysis.groups}
    rows: list[tuple[Occurrence, GroupResult, str, str]] = []
    seen: Counter[Occurrence] = Counter()
    listed: set[int] = set()  # the same evidence object twice is one row
    for number, failure in enumerate(analysis.failures, 1):
        for evidence in failure.evidence:
            result = by_fingerprint.get(evidence.occurrence.fingerprint.value)
            if result is not None and id(evidence.occurrence) not in listed:
                listed.add(id(evidence.occurrence))
                seen[evidence.occurrence] += 1
                rows.append((evidence.occurrence, result, str(number), evidence.link.value))
    warnings = Counter(occ for job in analysis.jobs for occ in job.warnings)
    for result in analysis.groups:
        for occ in result.group.occurrences:
            if _take(seen, occ):
                continue
            rows.append((occ, result, "", "warning" if _take(warnings, occ) else ""))
    return rows


def _take(counts: Counter[Occurrence], occ: Occurrence) -> bool:
    """Count one of `occ` off; False when none was left."""
    if counts[occ] <= 0:
        return False
    counts[occ] -= 1
    return True


def render_csv(analysis: Analysis) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    run = analysis.run
    for occ, result, number, link in _ordered(analysis):
        label = result.classification
        rec = occ.record
        code = rec.code or (str(rec.http_status) if rec.http_status is not None else "")
        writer.writerow(
            [
                _safe(rec.job or (str(run.run_id) if run.run_id else "")),
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
    return buffer.getvalue()
