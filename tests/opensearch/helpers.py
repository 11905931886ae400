"""Building real model values for store tests."""

from __future__ import annotations

import hashlib

from classifier.model import (
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    Fingerprint,
    Normalized,
    Occurrence,
    SourceKind,
    TokenUsage,
)


def occurrence(fp: str, line: int, source: str = "build.log", job: str = "build", ts: str = "") -> Occurrence:
    record = ErrorRecord(
        source=source,
        kind=SourceKind.RUNNER,
        message=f"error: thing {line} failed",
        line_start=line,
        job=job,
        framework="pytest",
        timestamp=ts,
    )
    value = hashlib.sha256(fp.encode()).hexdigest()[:16]
    return Occurrence(record, Fingerprint(value, "v1", (("message", fp),)), Normalized("error: thing <n> failed", "v1"))


def label(
    value: str,
    category: str = "timeout",
    by: ClassifiedBy = ClassifiedBy.LLM,
    confidence: float = 0.9,
    prompt: str = "p1",
    at: str = "2026-11-20T10:00:00+00:00",
    taxonomy_version: str = "1",
) -> Classification:
    return Classification(
        fingerprint=value,
        category=category,
        domain=Domain.INFRASTRUCTURE,
        confidence=confidence,
        classified_by=by,
        taxonomy="ci",
        taxonomy_version=taxonomy_version,
        summary="the job timed out",
        reasoning="because",
        model="claude-haiku-4-5",
        prompt_version=prompt,
        normalizer_version="v1",
        classified_at=at,
        usage=TokenUsage(1200, 80, 0, 1000, 0.0021),
    )
