"""Structured error records in JSON or JSON Lines.

Two shapes are read:

* data-pipeline job failures: a job row `{"id", "pipeline", "tenant", "finished_at",
  "data": {"run_info": {"errors": [{"code", "message", "exception", "details", "activity"}]}}}`
  (or the bare `data` / `run_info` object) -> stream DATA_PIPELINE, kind PIPELINE_RECORD, one record per error;
* LLM-provider API errors: `{"provider", "model", "http_status" | "status", "message", "type", "code"}`
  (`providerId`/`modelId` as some clients log them; without a `message`, an `error_message`, the error as a
  string, or an error rollup's first `sample_messages` entry),
  also with the provider's own `{"error": {...}}` body nested -> stream LLM_API, kind API_ERROR. A body
  inside the message text (an SDK's `Error code: 429 - {...}`) is unwrapped (api_errors.py): the record
  carries the provider's message, error type and code; the SDK class and wrapper text go to `details`.

A document may be one object, a list of them, `{"jobs": [...]}` / `{"errors": [...]}`, or JSON Lines.
A bad JSON line is a Problem with its line number; the other lines are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.api_errors import provider_error
from classifier.extract.jsonio import is_json_lines, iter_json_lines, loads_bounded, read_json
from classifier.extract.text import clip
from classifier.model import ErrorRecord, Extraction, Problem, SourceKind, Stream
from classifier.sources.base import Document


def extract(doc: Document) -> Extraction:
    head = _head(doc)
    records: list[ErrorRecord] = []
    problems: list[Problem] = []
    if is_json_lines(head):
        for item in iter_json_lines(doc):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                _collect(doc, item[1], item[0], records, problems)
    else:
        value = read_json(doc)
        if isinstance(value, Problem):
            problems.append(value)
        else:
            _collect(doc, value, _message_line(head) if _single(value) else None, records, problems)
    if not records and not problems:
        problems.append(Problem(doc.name, "no error records found", kind="unsupported"))
    return Extraction(tuple(records), tuple(problems))


def _single(value: Any) -> bool:
    """One error body (not a list of records, jobs or errors)."""
    return isinstance(value, Mapping) and not any(isinstance(value.get(key), list) for key in ("jobs", "errors"))


def _message_line(head: bytes) -> int | None:
    """The line of a single error body's `"message"` key (a pretty-printed API error), for links to it."""
    at = head.find(b'"message"')
    return head.count(b"\n", 0, at) + 1 if at >= 0 else None


def _head(doc: Document) -> bytes:
    try:
        with doc.opener() as stream:
            return stream.read(65536)
    except OSError:
        return b""


def _collect(doc: Document, value: Any, line: int | None, records: list[ErrorRecord], problems: list[Problem]) -> None:
    rows: list[Any]
    if line is not None and not isinstance(value, Mapping):
        problems.append(Problem(doc.name, "expected a JSON object", line, "unsupported"))
        return
    if isinstance(value, list):
        rows = value
    elif isinstance(value, Mapping) and isinstance(value.get("jobs"), list):
        rows = value["jobs"]
    elif isinstance(value, Mapping) and isinstance(value.get("errors"), list) and not _is_run_info(value):
        rows = value["errors"]
    else:
        rows = [value]
    for row in rows:
        if not isinstance(row, Mapping):
            problems.append(Problem(doc.name, "expected a JSON object", line, "unsupported"))
            continue
        found = list(_pipeline_records(doc, row, line)) or list(_api_records(doc, row, line))
        if found:
            records.extend(found)
        else:
            problems.append(Problem(doc.name, "object is neither a pipeline job nor an API error", line, "unsupported"))


def _is_run_info(value: Mapping[str, Any]) -> bool:
    errors = value.get("errors")
    return (
        isinstance(errors, list)
        and bool(errors)
        and isinstance(errors[0], Mapping)
        and "provider" not in errors[0]
        and ("exception" in errors[0] or "code" in errors[0])
    )


def _run_info(row: Mapping[str, Any]) -> Mapping[str, Any] | None:
    data = row.get("data")
    if isinstance(data, str):
        try:
            data = loads_bounded(data)
        except ValueError:  # broken or too deep
            data = None
    for holder in (data, row):
        if isinstance(holder, Mapping):
            info = holder.get("run_info")
            if isinstance(info, Mapping):
                return info
    return row if _is_run_info(row) else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _pipeline_records(doc: Document, row: Mapping[str, Any], line: int | None) -> Iterator[ErrorRecord]:
    info = _run_info(row)
    if info is None:
        return
    errors = info.get("errors")
    if not isinstance(errors, list):
        return
    pipeline = _text(row.get("pipeline") or row.get("pipeline_name") or row.get("pipeline_id"))
    job_id = _text(row.get("id") or row.get("job_id"))
    tenant = _text(row.get("tenant") or row.get("tenant_id"))
    meta = "; ".join(f"{k}={v}" for k, v in (("job_id", job_id), ("pipeline", pipeline), ("tenant", tenant)) if v)
    for error in errors:
        if not isinstance(error, Mapping):
            continue
        details = error.get("details")
        detail_text = _text(details) if details not in (None, {}, [], "") else ""
        yield ErrorRecord(
            source=doc.name,
            kind=SourceKind.PIPELINE_RECORD,
            message=clip(_text(error.get("message")) or _text(error.get("exception")) or "(no message)"),
            line_start=line,
            line_end=line,
            exception_type=_text(error.get("exception"))[:200],
            framework="pipeline",
            job=pipeline or job_id,
            step=_text(error.get("activity") or error.get("activity_name") or error.get("step")),
            timestamp=_text(row.get("finished_at") or error.get("timestamp")),
            stream=Stream.DATA_PIPELINE,
            code=_text(error.get("code")),
            details=clip("; ".join(part for part in (meta, detail_text) if part)),
        )


def _api_records(doc: Document, row: Mapping[str, Any], line: int | None) -> Iterator[ErrorRecord]:
    body = row.get("error")
    merged: dict[str, Any] = dict(body) if isinstance(body, Mapping) else {}
    merged.update({k: v for k, v in row.items() if k != "error" and v not in (None, "")})
    if not merged.get("message"):  # an error rollup's samples, or the error as a plain string
        samples = merged.get("sample_messages")
        first = samples[0] if isinstance(samples, list) and samples else None
        text = merged.get("error_message") or first or body
        if isinstance(text, str) and text:
            merged["message"] = text
    if not ({"provider", "providerId", "http_status", "status", "status_code"} & merged.keys()) or not (
        merged.get("message") or merged.get("type") or merged.get("code")
    ):
        return
    # The provider's own error (its type, code and message) identifies the failure, not the SDK's wrapper.
    inner = provider_error(merged)
    sdk = _text(merged.get("exc_type") or merged.get("exception")) or inner.sdk
    status = _status(merged.get("http_status", merged.get("status_code", merged.get("status"))))
    code = inner.code or _text(merged.get("code"))
    # The SDK class names the failure only when the provider's body gives neither type nor code.
    kind = inner.type or _text(merged.get("type")) or ("" if code else sdk)
    wrapper = "; ".join(f"{name}={value}" for name, value in (("sdk", sdk), ("wrapper", inner.wrapper[:300])) if value)
    yield ErrorRecord(
        source=doc.name,
        kind=SourceKind.API_ERROR,
        message=clip(inner.message or _text(merged.get("message")) or kind),
        line_start=line,
        line_end=line,
        exception_type=kind[:200],
        framework="llm_api",
        step=_text(merged.get("stage")),
        timestamp=_text(merged.get("timestamp") or merged.get("last_seen")),
        stream=Stream.LLM_API,
        http_status=status if status is not None else inner.status,
        code=code,
        provider=_text(merged.get("provider") or merged.get("providerId")),
        model=_text(merged.get("model") or merged.get("model_name") or merged.get("modelId")),
        details=_api_details(kind, code, wrapper, _text(merged.get("details"))),
    )


def _api_details(kind: str, code: str, wrapper: str, extra: str) -> str:
    """`type=...; code=...; sdk=...; wrapper=...`: shown and searched by rules, not fingerprinted."""
    parts = (f"type={kind}" if kind else "", f"code={code}" if code else "", wrapper, extra)
    return clip("; ".join(part for part in parts if part))


def _status(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value or None  # 0: no response at all
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None
