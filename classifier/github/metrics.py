"""Workflow-metrics integration: add `s_error_type`, `s_error_summary`, `f_error_confidence` to the job
and step documents of failed jobs (the field names of the workflow-metrics uploader).

Verdicts come from an `Analysis` or from a JSON report (`ci-classify metrics`). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifier.model import Analysis

FIELD_ERROR_TYPE = "s_error_type"
FIELD_ERROR_SUMMARY = "s_error_summary"
FIELD_ERROR_CONFIDENCE = "f_error_confidence"
FAILED = frozenset({"failure", "failed", "timed_out"})
MAX_SUMMARY = 500


@dataclass(frozen=True, slots=True)
class Verdict:
    category: str
    summary: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Verdicts:
    """The root cause per job, and per (job, step) where the step is known."""

    jobs: Mapping[str, Verdict] = field(default_factory=dict)
    steps: Mapping[tuple[str, str], Verdict] = field(default_factory=dict)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_SUMMARY else flat[: MAX_SUMMARY - 1] + "…"


def verdicts_from_analysis(analysis: Analysis) -> Verdicts:
    jobs: dict[str, Verdict] = {}
    steps: dict[tuple[str, str], Verdict] = {}
    for item in analysis.inputs:
        primary = item.primary
        if primary is None:
            continue
        label = analysis.classification_for(primary.fingerprint.value)
        if label is None:
            continue
        verdict = Verdict(label.category, _short(label.summary or primary.record.message), label.confidence)
        job = item.job or primary.record.job
        jobs.setdefault(job, verdict)
        if primary.record.step:
            steps.setdefault((job, primary.record.step), verdict)
    for result in analysis.groups:
        label = result.classification
        for occ in result.group.occurrences:
            key = (occ.record.job, occ.record.step)
            if occ.record.step and key not in steps:
                steps[key] = Verdict(label.category, _short(label.summary or occ.record.message), label.confidence)
    return Verdicts(jobs, steps)


def verdicts_from_report(report: Mapping[str, Any]) -> Verdicts:
    """The same verdicts from a JSON report (`render_json`)."""
    summaries = {
        str(g.get("fingerprint")): str((g.get("classification") or {}).get("summary") or "")
        for g in report.get("groups") or []
    }
    jobs: dict[str, Verdict] = {}
    steps: dict[tuple[str, str], Verdict] = {}
    for item in report.get("inputs") or []:
        primary = item.get("primary")
        if not primary:
            continue
        summary = summaries.get(str(primary.get("fingerprint")), "") or str(primary.get("message") or "")
        verdict = Verdict(str(primary.get("category")), _short(summary), float(primary.get("confidence") or 0))
        job = str(item.get("job") or primary.get("job") or "")
        jobs.setdefault(job, verdict)
        if primary.get("step"):
            steps.setdefault((job, str(primary["step"])), verdict)
    for error in report.get("errors") or []:
        key = (str(error.get("job") or ""), str(error.get("step") or ""))
        if key[1] and key not in steps:
            summary = summaries.get(str(error.get("fingerprint")), "") or str(error.get("message") or "")
            steps[key] = Verdict(str(error.get("category")), _short(summary), float(error.get("confidence") or 0))
    return Verdicts(jobs, steps)


def _failed(doc: Mapping[str, Any]) -> bool:
    return any(str(doc.get(key) or "").lower() in FAILED for key in ("s_status", "s_conclusion"))


def _lookup(doc: Mapping[str, Any], verdicts: Verdicts) -> Verdict | None:
    job = str(doc.get("s_job_name") or "")
    step = str(doc.get("s_step_name") or "")
    if step:
        if job and (job, step) in verdicts.steps:
            return verdicts.steps[(job, step)]
        if not job:
            return next((v for (_, s), v in verdicts.steps.items() if s == step), None)
    return verdicts.jobs.get(job)


def add_fields(doc: dict[str, Any], verdicts: Verdicts) -> dict[str, Any]:
    """A copy of `doc` with the three fields when it is a failed job or step with a verdict."""
    if not _failed(doc):
        return dict(doc)
    verdict = _lookup(doc, verdicts)
    if verdict is None:
        return dict(doc)
    return {
        **doc,
        FIELD_ERROR_TYPE: verdict.category,
        FIELD_ERROR_SUMMARY: verdict.summary,
        FIELD_ERROR_CONFIDENCE: round(verdict.confidence, 4),
    }


def add_error_fields(doc: dict[str, Any], analysis: Analysis) -> dict[str, Any]:
    """`add_fields` with the verdicts of one analysis (the uploader's `add_error_classification_fields`)."""
    return add_fields(doc, verdicts_from_analysis(analysis))
