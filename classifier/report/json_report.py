"""The JSON report: the contract other tools read (schema in `report.schema.json`, docs/report-format.md).

`schema_version` follows semver: additive changes bump the minor, anything else the major. The text is
compact JSON (RFC 8259, no spaces between tokens), encoded by orjson (about five times the standard
library's speed on a big report); a value orjson refuses (an integer beyond 64 bits) is written by the
standard encoder instead, with the same separators.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

import orjson

from classifier import __version__
from classifier.access import AccessProblem, RunAccess
from classifier.model import (
    Analysis,
    Classification,
    Evidence,
    Failure,
    GroupResult,
    InputResult,
    JobResult,
    Location,
    Occurrence,
    Problem,
    RunContext,
    TokenUsage,
)
from classifier.report.jobs_view import log_url, run_links
from classifier.report.stats import compute_stats

SCHEMA_VERSION = "1.5"  # 1.1: `failures`, `jobs`; 1.2: `tool.grouping`; 1.3: `access`; 1.4: `failures[].log_url`
# 1.5: `jobs[].baseline_matched`

Json = dict[str, Any]


FAILURE_CONTEXT_LINES = 12  # report.schema.json: failures[].context maxItems


def _problem(problem: Problem) -> Json:
    return {"path": problem.source, "line": problem.line, "kind": problem.kind, "message": problem.message}


def _location(location: Location | None) -> Json | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "column": location.column}


def _usage(usage: TokenUsage) -> Json:
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cache_creation_input_tokens": usage.cache_creation_input_tokens,
        "cache_read_input_tokens": usage.cache_read_input_tokens,
        "cost_usd": round(usage.cost_usd, 6),
    }


def _classification(item: Classification) -> Json:
    return {
        "category": item.category,
        "domain": item.domain.value,
        "confidence": round(item.confidence, 4),
        "classified_by": item.classified_by.value,
        "taxonomy": item.taxonomy,
        "taxonomy_version": item.taxonomy_version,
        "ruleset_version": item.ruleset_version,
        "rule_id": item.rule_id,
        "reasoning": item.reasoning,
        "evidence": item.evidence,
        "summary": item.summary,
        "suggested_fix": item.suggested_fix,
        "model": item.model,
        "prompt_version": item.prompt_version,
        "normalizer_version": item.normalizer_version,
        "classified_at": item.classified_at,
        "usage": _usage(item.usage),
    }


def _run(run: RunContext) -> Json:
    return {
        "repository": run.repository,
        "workflow": run.workflow,
        "run_id": run.run_id,
        "run_attempt": run.run_attempt,
        "branch": run.branch,
        "sha": run.sha,
        "pr_number": run.pr_number,
        "actor": run.actor,
        "event": run.event,
    }


def _primary(item: InputResult, analysis: Analysis) -> Json | None:
    if item.primary is None:
        return None
    occ = item.primary
    label = analysis.classification_for(occ.fingerprint.value)
    return {
        "category": label.category if label else "unknown",
        "domain": label.domain.value if label else "unknown",
        "confidence": round(label.confidence, 4) if label else 0.0,
        "fingerprint": occ.fingerprint.value,
        "message": occ.record.message,
        "line": occ.record.line_start,
        "job": occ.record.job,
        "step": occ.record.step,
    }


def _errors(result: GroupResult) -> Iterator[Json]:
    """The group's occurrences; what they share (fingerprint, label) is read once."""
    label = result.classification
    head = {
        "fingerprint": result.group.fingerprint.value,
        "category": label.category,
        "domain": label.domain,  # StrEnum members: written as their value by both encoders
        "confidence": round(label.confidence, 4),
        "classified_by": label.classified_by,
    }
    is_new = bool(result.stats and result.stats.is_new)
    for occ in result.group.occurrences:
        yield _error(occ, head, is_new)


def _error(occ: Occurrence, head: Json, is_new: bool) -> Json:
    rec = occ.record
    return {
        **head,
        "path": rec.source,
        "line": rec.line_start,
        "line_end": rec.line_end,
        "message": rec.message,
        "context": list(rec.context),
        "kind": rec.kind,
        "role": rec.role,
        "severity": rec.severity,
        "stream": rec.stream,
        "job": rec.job,
        "step": rec.step,
        "test_id": rec.test_id,
        "exception_type": rec.exception_type,
        "framework": rec.framework,
        "tool_hint": rec.tool_hint,
        "location": _location(rec.location),
        "timestamp": rec.timestamp,
        "http_status": rec.http_status,
        "code": rec.code,
        "is_new": is_new,
    }


def _evidence(item: Evidence) -> Json:
    rec = item.occurrence.record
    return {
        "link": item.link.value,
        "source": rec.kind.value,
        "path": rec.source,
        "line": rec.line_start,
        "message": rec.message,
        "fingerprint": item.occurrence.fingerprint.value,
    }


def _failure(failure: Failure, log: str) -> Json:
    rec = failure.root.record
    label = failure.classification
    return {
        "job": failure.job,
        "category": label.category,
        "domain": label.domain.value,
        "confidence": round(label.confidence, 4),
        "classified_by": label.classified_by.value,
        "fingerprint": failure.fingerprint,
        "message": rec.message,
        "path": rec.source,
        "line": rec.line_start,
        "step": rec.step,
        "test_id": rec.test_id,
        "exception_type": rec.exception_type,
        "location": _location(rec.location),
        "context": list(rec.context[:FAILURE_CONTEXT_LINES]),  # the schema's maxItems
        "is_new": bool(failure.stats and failure.stats.is_new),
        "log_url": log,
        "evidence": [_evidence(item) for item in failure.evidence],
    }


def _job(job: JobResult) -> Json:
    tests = job.tests
    return {
        "name": job.name,
        "url": job.url,
        "inputs": list(job.inputs),
        "succeeded": job.succeeded,
        "failures": len(job.failures),
        "warnings": len(job.warnings),
        "baseline": job.baseline,
        "baseline_matched": job.baseline_matched,
        "tests": {"run": tests.run, "failed": tests.failed, "skipped": tests.skipped} if tests else None,
    }


def _access_problem(found: AccessProblem) -> Json:
    return {
        "endpoint": found.endpoint.value,
        "denial": found.denial.value,
        "status": found.status,
        "message": found.message,
        "fix": found.fix,
        "retry_at": found.retry_at,
    }


def _access(access: RunAccess) -> Json:
    """How the run was read: analysed or not (and why), the API calls used, the passing run compared with."""
    ref = access.baseline
    return {
        "analysed": access.analysed,
        "api_calls": access.api_calls,
        "unreadable": _access_problem(access.unreadable) if access.unreadable else None,
        "denied": [_access_problem(found) for found in access.denied],
        "baseline": {"run_id": ref.run_id, "url": ref.html_url, "branch": ref.branch, "jobs": list(ref.jobs)}
        if ref
        else None,
        "baseline_note": access.baseline_note,
    }


def _group(result: GroupResult) -> Json:
    group = result.group
    stats = result.stats
    return {
        "fingerprint": group.fingerprint.value,
        "fingerprint_version": group.fingerprint.version,
        "components": [{"name": name, "value": value} for name, value in group.fingerprint.components],
        "normalized": group.occurrences[0].normalized.text,
        "count": group.count,
        "first_seen": (stats.first_seen if stats else group.first_seen) or None,
        "last_seen": (stats.last_seen if stats else group.last_seen) or None,
        "total_occurrences": stats.occurrence_count if stats else group.count,
        "is_new": bool(stats and stats.is_new),
        "sample_messages": list(group.sample_messages()),
        "classification": _classification(result.classification),
    }


@dataclass(frozen=True, slots=True)
class _Items:
    """A long list of the report, made item by item when written (never held whole as JSON)."""

    items: Iterable[Json]


def report_dict(analysis: Analysis) -> Json:
    return {key: list(value.items) if isinstance(value, _Items) else value for key, value in _sections(analysis)}


def _sections(analysis: Analysis) -> Iterator[tuple[str, Any]]:
    stats = compute_stats(analysis)
    links = run_links(analysis.run, analysis.access)
    jobs = analysis.jobs
    yield from {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ci-classify", "version": __version__, "grouping": analysis.grouping},
        "run": _run(analysis.run),
        "access": _access(analysis.access),
        "started_at": analysis.started_at,
        "finished_at": analysis.finished_at,
        "stats": {
            "errors": stats.errors,
            "unique_fingerprints": stats.unique_fingerprints,
            "new_fingerprints": stats.new_fingerprints,
            "classified": stats.classified,
            "unclassified": stats.unclassified,
            "by_category": stats.by_category,
        },
        "failures": _Items(
            _failure(failure, log_url(links, job.url, failure.root)) for job in jobs for failure in job.failures
        ),
        "jobs": _Items(_job(job) for job in analysis.jobs),
        "inputs": _Items(
            {
                "path": item.path,
                "job": item.job,
                "url": item.url,
                "error_count": item.record_count,
                "primary": _primary(item, analysis),
                "problems": [_problem(p) for p in item.problems],
            }
            for item in analysis.inputs
        ),
        "errors": _Items(error for result in analysis.groups for error in _errors(result)),
        "groups": _Items(_group(result) for result in analysis.groups),
        "problems": [_problem(p) for p in analysis.problems],
        "notes": list(analysis.notes),
        "usage": _usage(analysis.usage),
    }.items()


def render_json(analysis: Analysis) -> str:
    # No indent: compact JSON is the fastest to write and read (pipe through `jq` to read it).
    return _encode(report_dict(analysis)) + "\n"


_FALLBACK = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BATCH = 256  # items encoded before one write


def _encode(value: object) -> str:
    """Compact JSON text of a value (orjson; the standard encoder for what orjson refuses)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return _FALLBACK(value)


def write_json(analysis: Analysis, out: TextIO) -> None:
    """The text of `render_json`, written section by section and in batches of items: memory stays that of
    the analysis, not several times the report (a report of 60 MB took 300 MB more to render whole)."""
    write = _Writer(out)
    write.text("{")
    for index, (key, value) in enumerate(_sections(analysis)):
        write.text(f"{',' if index else ''}{_encode(key)}:")
        if not isinstance(value, _Items):
            write.text(_encode(value))
            continue
        write.text("[")
        batch: list[Json] = []
        separator = b""
        for item in value.items:
            batch.append(item)
            if len(batch) >= _BATCH:
                write.items(separator, batch)
                batch, separator = [], b","
        if batch:
            write.items(separator, batch)
        write.text("]")
    write.text("}\n")


class _Writer:
    """Writes to a text stream; orjson's UTF-8 bytes go straight to its binary buffer when it has one and
    encodes as UTF-8 (a file, stdout): no decoding of the report into text and encoding it back."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        buffer = getattr(out, "buffer", None)
        self._buffer = buffer if buffer is not None and _is_utf8(getattr(out, "encoding", None)) else None
        if self._buffer is not None:
            out.flush()  # what the stream holds goes first

    def text(self, text: str) -> None:
        if self._buffer is None:
            self._out.write(text)
        else:
            self._buffer.write(text.encode(self._out.encoding, self._out.errors or "strict"))

    def items(self, separator: bytes, items: list[Json]) -> None:
        """The items' JSON texts joined by commas, after `separator`: one orjson call for them all (item by
        item, each with its own fallback, when orjson refuses one)."""
        try:
            data = separator + orjson.dumps(items, option=orjson.OPT_NON_STR_KEYS)[1:-1]
        except orjson.JSONEncodeError:
            self.text(separator.decode() + ",".join(map(_encode, items)))
            return
        if self._buffer is None:
            self._out.write(data.decode())
        else:
            self._buffer.write(data)


def _is_utf8(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
