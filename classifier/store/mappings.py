"""OpenSearch index layouts as data, and the pure conversions to and from their documents.

Field names follow the seeds' prefixes: `s_` keyword, `l_` long, `ts_` date, `f_` float, `b_` boolean,
`t_` analysed text (messages), plus `@timestamp`. Each logical index is an alias (the configured name)
over a versioned index (`<alias>-v<N>`); a mapping change bumps `VERSIONS[kind]` and the store copies
documents into the new index and moves the alias. Mappings are strict: a field missing here is rejected
per item, not added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from classifier.model import (
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    FingerprintStats,
    Occurrence,
    SourceKind,
    Stream,
    TokenUsage,
)

_JOB_IN_URL = re.compile(r"/job/(\d+)(?!\d)")

IndexKind = Literal["classifications", "history", "occurrences", "corrections"]

MAPPING_META_KEY = "ci_classify_mapping_version"

# Bump one of these when its field table changes; the store then migrates to `<alias>-v<N>`.
VERSIONS: Mapping[IndexKind, int] = {"classifications": 1, "history": 1, "occurrences": 1, "corrections": 1}

_PREFIX_TYPES: Mapping[str, str] = {
    "s_": "keyword",
    "l_": "long",
    "ts_": "date",
    "f_": "float",
    "b_": "boolean",
    "t_": "text",
}

_LABEL_FIELDS: tuple[str, ...] = (
    "@timestamp",
    "s_fingerprint",
    "s_taxonomy",
    "s_taxonomy_version",
    "s_primary_category",
    "s_domain",
    "f_confidence_score",
    "s_classified_by",
    "s_ruleset_version",
    "s_rule_id",
    "t_reasoning",
    "t_evidence",
    "t_summary",
    "t_suggested_fix",
    "s_model",
    "s_prompt_version",
    "s_normalizer_version",
    "ts_classified_at",
    "l_prompt_tokens",
    "l_completion_tokens",
    "l_cached_tokens",
    "l_cache_creation_tokens",
    "f_cost_usd",
    "l_saved_ns",
)

FIELDS: Mapping[IndexKind, tuple[str, ...]] = {
    # One document per fingerprint, taxonomy and taxonomy version: the current label.
    "classifications": (
        *_LABEL_FIELDS,
        "ts_first_seen",
        "ts_last_seen",
        "l_occurrence_count",
        "b_is_duplicate",
        "t_error_message",
        "s_repository",
        "s_workflow_id",
        "s_job_id",
        "s_job_name",
        "s_test_name",
        "s_framework",
    ),
    # Every label ever saved (append-only): what reclassification keeps.
    "history": (*_LABEL_FIELDS, "s_label_id"),
    # One document per error occurrence; its id is `store.base.occurrence_id`.
    "occurrences": (
        "@timestamp",
        "ts_seen_at",
        "s_fingerprint",
        "s_fingerprint_version",
        "s_repository",
        "s_workflow",
        "s_workflow_id",
        "l_run_id",
        "l_run_attempt",
        "s_job_id",
        "s_job_name",
        "s_step_name",
        "s_branch",
        "s_sha",
        "l_pr_number",
        "s_event",
        "s_test_name",
        "s_framework",
        "s_source_kind",
        "s_source",
        "l_line_start",
        "l_line_end",
        "s_exception_type",
        "s_stream",
        "s_tool_hint",
        "t_error_message",
        "t_normalized_message",
        "b_new_fingerprint",  # the fingerprint had no stored occurrence before this one's run
        "s_primary_category",  # copied from the label once the run's classifications are saved
        "s_domain",
    ),
    "corrections": (
        "@timestamp",
        "s_fingerprint",
        "s_taxonomy",
        "s_primary_category",
        "s_user",
        "ts_corrected_at",
        "t_note",
        "t_error_message",
    ),
}


def index_aliases(classification_index: str, occurrence_index: str) -> dict[IndexKind, str]:
    """The alias of each logical index, from the two configured names."""
    return {
        "classifications": classification_index,
        "history": f"{classification_index}_history",
        "occurrences": occurrence_index,
        "corrections": f"{classification_index}_corrections",
    }


def field_type(name: str) -> str:
    """The OpenSearch type a field name implies by its prefix."""
    if name == "@timestamp":
        return "date"
    for prefix, kind in _PREFIX_TYPES.items():
        if name.startswith(prefix):
            return kind
    raise ValueError(f"field {name!r} has no known type prefix")


def properties(kind: IndexKind) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = {}
    for name in FIELDS[kind]:
        kind_of = field_type(name)
        spec: dict[str, Any] = {"type": kind_of}
        if kind_of == "keyword":
            spec["ignore_above"] = 1024
        props[name] = spec
    return props


def mappings(kind: IndexKind) -> dict[str, Any]:
    return {
        "dynamic": "strict",
        "_meta": {MAPPING_META_KEY: VERSIONS[kind]},
        "properties": properties(kind),
    }


def versioned_name(alias: str, kind: IndexKind, version: int | None = None) -> str:
    return f"{alias}-v{VERSIONS[kind] if version is None else version}"


def index_body(alias: str, kind: IndexKind) -> dict[str, Any]:
    """Body to create the current versioned index with its alias (the write index)."""
    return {
        "settings": {"index": {"number_of_shards": 1}},
        "mappings": mappings(kind),
        "aliases": {alias: {"is_write_index": True}},
    }


def template_body(alias: str, kind: IndexKind) -> dict[str, Any]:
    """Composable index template so indexes created by hand (`<alias>-v*`) get the same mapping."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 100,
        "template": {"mappings": mappings(kind)},
        "_meta": {"managed_by": "ci-classify"},
    }


# Documents: pure conversions between the shared model and these layouts.


def _drop_empty(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if value not in ("", None)}


def github_job_id(job: str, source: str) -> str:
    """The numeric GitHub job id when the job name or source carries one (".../job/123", "123")."""
    if job.isascii() and job.isdigit():
        return job
    found = _JOB_IN_URL.search(source)
    return found.group(1) if found else ""


def job_link_id(job_id: str, attempt: int | None) -> str:
    """The id a GitHub job has in the existing jobs index (seed: `github-job-<id>-attempt-<n>`)."""
    return f"github-job-{job_id}-attempt-{attempt or 1}" if job_id else ""


def occurrence_doc(
    *,
    fingerprint: str,
    fingerprint_version: str,
    run: Mapping[str, Any],
    record: Mapping[str, Any],
    normalized: str,
    seen_at: str,
) -> dict[str, Any]:
    """An occurrence document; `run` and `record` are the dataclasses' fields as mappings."""
    job_id = github_job_id(str(record.get("job", "")), str(record.get("source", "")))
    run_id = run.get("run_id")
    return _drop_empty(
        {
            "@timestamp": record.get("timestamp") or seen_at,
            "ts_seen_at": seen_at,
            "s_fingerprint": fingerprint,
            "s_fingerprint_version": fingerprint_version,
            "s_repository": run.get("repository"),
            "s_workflow": run.get("workflow"),
            "s_workflow_id": str(run_id) if run_id else "",
            "l_run_id": run_id,
            "l_run_attempt": run.get("run_attempt"),
            "s_job_id": job_link_id(job_id, run.get("run_attempt")),
            "s_job_name": record.get("job"),
            "s_step_name": record.get("step"),
            "s_branch": run.get("branch"),
            "s_sha": run.get("sha"),
            "l_pr_number": run.get("pr_number"),
            "s_event": run.get("event"),
            "s_test_name": record.get("test_id"),
            "s_framework": record.get("framework"),
            "s_source_kind": record.get("kind"),
            "s_source": record.get("source"),
            "l_line_start": record.get("line_start"),
            "l_line_end": record.get("line_end"),
            "s_exception_type": record.get("exception_type"),
            "s_stream": record.get("stream"),
            "s_tool_hint": record.get("tool_hint"),
            "t_error_message": record.get("message"),
            "t_normalized_message": normalized,
        }
    )


LABEL_KEYS: Mapping[str, str] = {
    # Classification field -> document field
    "fingerprint": "s_fingerprint",
    "taxonomy": "s_taxonomy",
    "taxonomy_version": "s_taxonomy_version",
    "category": "s_primary_category",
    "domain": "s_domain",
    "confidence": "f_confidence_score",
    "classified_by": "s_classified_by",
    "ruleset_version": "s_ruleset_version",
    "rule_id": "s_rule_id",
    "reasoning": "t_reasoning",
    "evidence": "t_evidence",
    "summary": "t_summary",
    "suggested_fix": "t_suggested_fix",
    "model": "s_model",
    "prompt_version": "s_prompt_version",
    "normalizer_version": "s_normalizer_version",
    "classified_at": "ts_classified_at",
}

USAGE_KEYS: Mapping[str, str] = {
    "input_tokens": "l_prompt_tokens",
    "output_tokens": "l_completion_tokens",
    "cache_read_input_tokens": "l_cached_tokens",
    "cache_creation_input_tokens": "l_cache_creation_tokens",
    "cost_usd": "f_cost_usd",
}


def label_doc(label: Mapping[str, Any], usage: Mapping[str, Any], saved_ns: int) -> dict[str, Any]:
    """The label part of a classification (or history) document."""
    doc: dict[str, Any] = {target: label.get(source) for source, target in LABEL_KEYS.items()}
    doc.update({target: usage.get(source) for source, target in USAGE_KEYS.items()})
    doc["@timestamp"] = label.get("classified_at")
    doc["l_saved_ns"] = saved_ns
    return _drop_empty(doc)


def label_fields(doc: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Inverse of `label_doc`: (classification fields, usage fields) with defaults for missing ones."""
    label: dict[str, Any] = {}
    for source, target in LABEL_KEYS.items():
        value = doc.get(target)
        label[source] = float(value or 0.0) if source == "confidence" else str(value or "")
    usage: dict[str, Any] = {}
    for source, target in USAGE_KEYS.items():
        value = doc.get(target) or 0
        usage[source] = float(value) if source == "cost_usd" else int(value)
    return label, usage


def record_fields(occ: Occurrence) -> dict[str, Any]:
    """The record fields `occurrence_doc` reads."""
    rec = occ.record
    return {
        "source": rec.source,
        "kind": rec.kind.value,
        "message": rec.message[:4000],
        "line_start": rec.line_start,
        "line_end": rec.line_end,
        "exception_type": rec.exception_type,
        "test_id": rec.test_id,
        "framework": rec.framework,
        "tool_hint": rec.tool_hint,
        "job": rec.job,
        "step": rec.step,
        "timestamp": rec.timestamp,
        "stream": rec.stream.value,
    }


def label_mapping(label: Classification) -> dict[str, Any]:
    """The Classification fields `label_doc` reads (enums as their values)."""
    fields = {key: getattr(label, key) for key in LABEL_KEYS}
    fields["domain"] = label.domain.value
    fields["classified_by"] = label.classified_by.value
    return fields


def label_from_doc(doc: Mapping[str, Any]) -> Classification:
    """A Classification from a classification or history document (unknown enum values degrade)."""
    label, usage = label_fields(doc)
    label["domain"] = Domain(label["domain"]) if label["domain"] in Domain._value2member_map_ else Domain.UNKNOWN
    by = label["classified_by"]
    label["classified_by"] = ClassifiedBy(by) if by in ClassifiedBy._value2member_map_ else ClassifiedBy.NONE
    return Classification(**label, usage=TokenUsage(**usage))


def count_fields(stats: FingerprintStats) -> dict[str, Any]:
    """The denormalised count snapshot of a classification document."""
    fields: dict[str, Any] = {
        "l_occurrence_count": stats.occurrence_count,
        "b_is_duplicate": stats.occurrence_count > 1,
    }
    if stats.first_seen:
        fields["ts_first_seen"] = stats.first_seen
    if stats.last_seen:
        fields["ts_last_seen"] = stats.last_seen
    return fields


def sample_links(occurrence: Mapping[str, Any]) -> dict[str, Any]:
    """Message and links a classification document copies from one of its occurrences."""
    keys = ("t_error_message", "s_repository", "s_workflow_id", "s_job_id", "s_job_name", "s_test_name", "s_framework")
    return {key: occurrence[key] for key in keys if occurrence.get(key)}


def record_from_doc(doc: Mapping[str, Any]) -> ErrorRecord:
    """The evidence rules look at, rebuilt from an occurrence document (for reclassification)."""
    kind = str(doc.get("s_source_kind", ""))
    stream = str(doc.get("s_stream", ""))
    return ErrorRecord(
        source=str(doc.get("s_source", "")),
        kind=SourceKind(kind) if kind in SourceKind._value2member_map_ else SourceKind.GHA_LOG,
        message=str(doc.get("t_error_message", "")),
        line_start=doc.get("l_line_start"),
        line_end=doc.get("l_line_end"),
        exception_type=str(doc.get("s_exception_type", "")),
        test_id=str(doc.get("s_test_name", "")),
        framework=str(doc.get("s_framework", "")),
        tool_hint=str(doc.get("s_tool_hint", "")),
        job=str(doc.get("s_job_name", "")),
        step=str(doc.get("s_step_name", "")),
        stream=Stream(stream) if stream in Stream._value2member_map_ else Stream.CI,
    )
