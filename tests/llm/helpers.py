"""Builders for LLM-stage tests: groups, rule labels, settings and a stage pointed at a loopback server."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from classifier.llm.stage import LLMStage
from classifier.model import (
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    Fingerprint,
    Group,
    Normalized,
    Occurrence,
    Role,
    SourceKind,
)
from classifier.rules.taxonomy import Taxonomy, load_taxonomy
from classifier.settings import Settings, load_settings
from classifier.wiring import build_llm_stage

TAXONOMY: Taxonomy = load_taxonomy("ci")


def group(message: str, context: Sequence[str] = (), job: str = "build", role: Role = Role.CAUSE) -> Group:
    record = ErrorRecord(
        source="logs/job.log",
        kind=SourceKind.GHA_LOG,
        message=message,
        line_start=10,
        context=tuple(context),
        job=job,
        role=role,
    )
    value = hashlib.sha256(message.encode()).hexdigest()[:16]
    occ = Occurrence(record, Fingerprint(value, "v1", (("message", message),)), Normalized(message, "v1"))
    return Group(occ.fingerprint, (occ,))


def unsettled(g: Group) -> Classification:
    return Classification(
        fingerprint=g.fingerprint.value,
        category="unknown",
        domain=Domain.UNKNOWN,
        confidence=0.0,
        classified_by=ClassifiedBy.NONE,
        taxonomy="ci",
        taxonomy_version=TAXONOMY.version,
        reasoning="no rule matched",
    )


def ruled(g: Group, category: str, confidence: float) -> Classification:
    return Classification(
        fingerprint=g.fingerprint.value,
        category=category,
        domain=TAXONOMY.domain_of(category),
        confidence=confidence,
        classified_by=ClassifiedBy.RULE,
        taxonomy="ci",
        taxonomy_version=TAXONOMY.version,
        reasoning="rule r1 matched",
        rule_id="r1",
    )


def settings(url: str, **overrides: str) -> Settings:
    values = {"anthropic_api_key": "sk-ant-test-key", "api_base_url": url, **overrides}
    return load_settings({}, overrides=values)


class Sleeps:
    """An injected sleep that records pauses and advances a fake clock."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self.now = 1000.0

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def stage_for(url: str, sleeps: Sleeps | None = None, **overrides: str) -> LLMStage:
    s = sleeps or Sleeps()
    stage, reason = build_llm_stage(settings(url, **overrides), TAXONOMY, sleep=s.sleep, clock=s.clock)
    assert stage is not None, reason
    return stage
