"""Workflow-metrics integration: the `s_error_*` fields of the workflow-metrics uploader's job and step
documents, read and written in this one module.

- Enrich: add `s_error_type`, `s_error_summary`, `f_error_confidence` to the documents of failed jobs,
  with verdicts from an `Analysis` or from a JSON report (`ci-classify metrics`). Pure.
- Backlog (batch `--from-index`): failed documents of existing indexes without a label become work items
  (`index_items`), and are labelled in place afterwards (`write_back`) through `MetricsIndexes`
  (implemented by the OpenSearch store).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from classifier.model import Analysis, Classification, Problem, RunContext
from classifier.sources.base import Document, WorkItem

FIELD_ERROR_TYPE = "s_error_type"
FIELD_ERROR_SUMMARY = "s_error_summary"
FIELD_ERROR_CONFIDENCE = "f_error_confidence"
FIELD_ERROR_FINGERPRINT = "s_error_fingerprint"
MESSAGE_FIELDS = ("t_error_message", "s_error_message", "s_failure_message", "s_message", "s_error", "message")
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


# --- the backlog: unlabelled failed documents in, labels written back -----------------------------------


class MetricsIndexes(Protocol):
    """Existing job / step / test indexes of the workflow-metrics uploader."""

    def unlabelled_failures(self, index: str, *, since: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, source) of failed documents in `index` since `since` that carry no label yet."""
        ...

    def label_documents(self, index: str, labels: Mapping[str, Mapping[str, Any]]) -> int:
        """Partial updates of documents (id -> fields); returns how many were updated."""
        ...


def index_items(indexes: MetricsIndexes, names: Sequence[str], since: str) -> Iterable[WorkItem]:
    """Failed documents of existing jobs / steps / tests indexes that carry no label yet (seed 000)."""
    for index in names:
        for ident, source in indexes.unlabelled_failures(index, since=since):
            text = next((str(source[name]) for name in MESSAGE_FIELDS if source.get(name)), "")
            name = f"{index}/{ident}"
            doc: Document | Problem
            if text:
                doc = Document(
                    name,
                    _opener(text.encode()),
                    len(text.encode()),
                    job=str(source.get("s_job_name", "")),
                    step=str(source.get("s_step_name", "")),
                )
            else:
                doc = Problem(name, "failed, but the document has no error text field", kind="input")
            yield WorkItem(name, run_from(source), _loader(doc), (index, ident))


def _opener(data: bytes) -> Any:
    def opener() -> BinaryIO:
        return io.BytesIO(data)

    return opener


def _loader(doc: Document | Problem) -> Any:
    def load() -> list[Document | Problem]:
        return [doc]

    return load


def run_from(source: Mapping[str, Any]) -> RunContext:
    """The run a workflow-metrics document belongs to."""

    def number(*names: str) -> int | None:
        for name in names:
            value = source.get(name)
            if isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit()):
                return int(value)
        return None

    return RunContext(
        repository=str(source.get("s_repository") or source.get("s_repo") or ""),
        workflow=str(source.get("s_workflow_name") or source.get("s_workflow") or ""),
        run_id=number("l_run_id", "s_workflow_id"),
        run_attempt=number("l_run_attempt", "l_attempt"),
        branch=str(source.get("s_branch") or ""),
        sha=str(source.get("s_commit_sha") or source.get("s_sha") or ""),
    )


def label_fields(label: Classification | None) -> dict[str, Any]:
    """The fields written onto a source document; documents without an error are labelled too, or every
    later run would pick them up again."""
    if label is None:
        return {
            FIELD_ERROR_TYPE: "unknown",
            FIELD_ERROR_SUMMARY: "no error found in its text",
            FIELD_ERROR_CONFIDENCE: 0.0,
        }
    return {
        FIELD_ERROR_TYPE: label.category,
        FIELD_ERROR_SUMMARY: label.summary or label.reasoning,
        FIELD_ERROR_CONFIDENCE: label.confidence,
        FIELD_ERROR_FINGERPRINT: label.fingerprint,
    }


def write_back(
    indexes: MetricsIndexes,
    targets: Mapping[str, tuple[str, str]],
    primaries: Mapping[str, str],
    labels: Mapping[str, Classification],
) -> int:
    """Label the source documents in place: item key -> (index, id); item key -> primary fingerprint."""
    by_index: dict[str, dict[str, dict[str, Any]]] = {}
    for key, (index, ident) in targets.items():
        label = labels.get(primaries.get(key) or "")
        by_index.setdefault(index, {})[ident] = label_fields(label)
    return sum(indexes.label_documents(index, fields) for index, fields in by_index.items())
