"""CSV export, one row per error, in the columns of the seed's export plus identity columns.

`Corrected Category` is left blank for a human to fill in; `ci-classify import-corrections` reads it back
(rows are keyed by `Fingerprint`).
"""

from __future__ import annotations

import csv
import io

from classifier.model import Analysis

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
    "Corrected Category",
)


def _safe(text: str) -> str:
    """Keep spreadsheet programs from evaluating a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(analysis: Analysis) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    run = analysis.run
    for result in analysis.groups:
        label = result.classification
        for occ in result.group.occurrences:
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
                    "",
                ]
            )
    return buffer.getvalue()
