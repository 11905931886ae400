"""Small builders of model objects for tests of the stages after extraction."""

from __future__ import annotations

import hashlib

from classifier.model import (
    Analysis,
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    Fingerprint,
    FingerprintStats,
    Group,
    GroupResult,
    InputResult,
    Normalized,
    Occurrence,
    RunContext,
    SourceKind,
)


def occurrence(message: str, source: str = "logs/job.log", line: int = 10, job: str = "build") -> Occurrence:
    record = ErrorRecord(source=source, kind=SourceKind.GHA_LOG, message=message, line_start=line, job=job)
    value = hashlib.sha256(message.encode()).hexdigest()[:16]
    return Occurrence(record, Fingerprint(value, "v1", (("message", message),)), Normalized(message, "v1"))


def label(
    fp: str,
    category: str = "compilation_error",
    by: ClassifiedBy = ClassifiedBy.RULE,
    confidence: float = 0.9,
    at: str = "2026-11-23T10:00:00Z",
    prompt: str = "",
) -> Classification:
    return Classification(
        fingerprint=fp,
        category=category,
        domain=Domain.CODE,
        confidence=confidence,
        classified_by=by,
        taxonomy="ci",
        taxonomy_version="1",
        reasoning="rule r1",
        rule_id="r1",
        classified_at=at,
        prompt_version=prompt,
        model="m" if by is ClassifiedBy.LLM else "",
    )


def analysis(messages: list[str], category: str = "compilation_error") -> Analysis:
    occs = [occurrence(m, line=i + 1) for i, m in enumerate(messages)]
    groups: dict[str, list[Occurrence]] = {}
    for occ in occs:
        groups.setdefault(occ.fingerprint.value, []).append(occ)
    results = tuple(
        GroupResult(
            Group(items[0].fingerprint, tuple(items)),
            label(fp, category),
            FingerprintStats(fp, len(items), "2026-11-20T00:00:00Z", "2026-11-23T00:00:00Z", is_new=True),
        )
        for fp, items in groups.items()
    )
    inputs = (InputResult("logs/job.log", len(occs), (), occs[0] if occs else None, "build", "https://x/job/1"),)
    return Analysis(RunContext(repository="o/r", run_id=1), inputs, results, started_at="a", finished_at="b")
