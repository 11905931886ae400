"""A realistic failed run as an `Analysis` with jobs: two failed jobs, three root causes, history, a model fix."""

from __future__ import annotations

import hashlib

from classifier.model import (
    Analysis,
    Classification,
    ClassifiedBy,
    Domain,
    ErrorRecord,
    Evidence,
    Failure,
    Fingerprint,
    FingerprintStats,
    Group,
    GroupResult,
    InputResult,
    JobResult,
    Link,
    Location,
    Normalized,
    Occurrence,
    RunContext,
    Severity,
    SourceKind,
    TestTotals,
    TokenUsage,
)

SHA = "c6e5cac67a58a4eb11f1f28567a77a6e2cc8ee98"
RUN = RunContext(
    repository="octo/app",
    workflow="CI",
    run_id=1001,
    run_attempt=1,
    branch="fix-totals",
    sha=SHA,
    pr_number=7,
    event="pull_request",
)


def occ(
    message: str,
    *,
    source: str = "unit (3.12).log",
    line: int = 120,
    job: str = "unit (3.12)",
    location: Location | None = None,
    context: tuple[str, ...] = (),
    kind: SourceKind = SourceKind.RUNNER,
    test_id: str = "",
    severity: Severity = Severity.ERROR,
) -> Occurrence:
    record = ErrorRecord(
        source=source,
        kind=kind,
        message=message,
        line_start=line,
        line_end=line,
        context=context,
        location=location,
        job=job,
        test_id=test_id,
        severity=severity,
    )
    value = hashlib.sha256(f"{kind}{message}".encode()).hexdigest()[:16]
    return Occurrence(
        record, Fingerprint(value, "v2", (("kind", str(kind)), ("message", message))), Normalized(message, "v2")
    )


def label(
    occurrence: Occurrence,
    category: str,
    by: ClassifiedBy = ClassifiedBy.RULE,
    domain: Domain = Domain.CODE,
    summary: str = "",
    fix: str = "",
    confidence: float = 0.95,
) -> Classification:
    return Classification(
        fingerprint=occurrence.fingerprint.value,
        category=category,
        domain=domain,
        confidence=confidence,
        classified_by=by,
        taxonomy="ci",
        taxonomy_version="1",
        reasoning="rule pytest-assert" if by is ClassifiedBy.RULE else "",
        summary=summary,
        suggested_fix=fix,
    )


def failure(
    root: Occurrence,
    classification: Classification,
    stats: FingerprintStats | None,
    linked: tuple[tuple[Occurrence, Link], ...] = (),
) -> Failure:
    evidence = (Evidence(root, Link.ROOT), *(Evidence(o, link) for o, link in linked))
    return Failure(root.record.job, root, classification, evidence, stats)


def failed_run(run: RunContext = RUN, *, job_name: str = "unit (3.12)", message: str = "") -> Analysis:
    """Two failed jobs: a failing test with a JUnit twin, and a build with a network error (model fix)."""
    assertion = occ(
        message or "AssertionError: assert order.total == Decimal('42.00')",
        job=job_name,
        location=Location("tests/test_orders.py", 57),
        test_id="tests/test_orders.py::TestTotals::test_discount_applies",
        context=(
            "    def test_discount_applies(self):",
            "        order = make_order(items=3, discount='10%')",
            ">       assert order.total == Decimal('42.00')",
            "E       AssertionError: assert Decimal('46.67') == Decimal('42.00')",
            "tests/test_orders.py:57: AssertionError",
        ),
    )
    junit = occ(
        "AssertionError: assert Decimal('46.67') == Decimal('42.00')",
        source="test-results/junit.xml",
        line=12,
        job=job_name,
        kind=SourceKind.JUNIT,
    )
    exit_code = occ("Process completed with exit code 1.", line=131, job=job_name, kind=SourceKind.GHA_LOG)
    typeerr = occ(
        "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'",
        line=98,
        job=job_name,
        location=Location("src/app/pricing.py", 88),
        context=('  File "src/app/pricing.py", line 88, in subtotal', "    return base + extra"),
    )
    network = occ(
        "ERROR: failed to solve: python:3.12-slim: failed to resolve source metadata: i/o timeout",
        source="build.log",
        line=233,
        job="build-image",
        kind=SourceKind.BUILDKIT,
    )
    unit_failures = (
        failure(
            assertion,
            label(assertion, "test_failure"),
            FingerprintStats(assertion.fingerprint.value, 1, "2026-11-23T08:25:00Z", "2026-11-23T08:25:00Z", True),
            ((junit, Link.SAME_FAILURE), (exit_code, Link.SYMPTOM)),
        ),
        failure(
            typeerr,
            label(typeerr, "runtime_error"),
            FingerprintStats(typeerr.fingerprint.value, 9, "2026-11-02T10:00:00Z", "2026-11-22T17:00:00Z", False, 4),
        ),
    )
    build_failure = failure(
        network,
        label(
            network,
            "network_error",
            ClassifiedBy.LLM,
            Domain.INFRASTRUCTURE,
            summary="The registry did not answer while the base image was resolved: a transient network fault.",
            fix="Re-run the job; if it persists, mirror the base image in your own registry.",
            confidence=0.86,
        ),
        FingerprintStats(network.fingerprint.value, 14, "2026-10-30T06:00:00Z", "2026-11-22T21:00:00Z", False),
    )
    jobs = (
        JobResult(
            job_name,
            url=f"https://github.com/{run.repository}/actions/runs/{run.run_id}/job/21",
            inputs=("unit (3.12).log", "test-results/junit.xml"),
            failures=unit_failures,
            tests=TestTotals(run=212, failed=2, skipped=5),
        ),
        JobResult(
            "build-image",
            url=f"https://github.com/{run.repository}/actions/runs/{run.run_id}/job/23",
            inputs=("build.log",),
            failures=(build_failure,),
        ),
        JobResult("lint", url="", succeeded=True),
    )
    groups = tuple(
        GroupResult(Group(o.fingerprint, (o,)), f.classification if f else label(o, "unknown"), f.stats if f else None)
        for o, f in (
            (assertion, unit_failures[0]),
            (typeerr, unit_failures[1]),
            (network, build_failure),
            (junit, None),
            (exit_code, None),
        )
    )
    inputs = (
        InputResult("unit (3.12).log", 3, (), assertion, job_name, jobs[0].url),
        InputResult("build.log", 1, (), network, "build-image", jobs[1].url),
    )
    return Analysis(
        run,
        inputs,
        groups,
        jobs=jobs,
        notes=("Model claude-sonnet-4-6 (prompt ci-v1): 1 model call(s): 2,210 input tokens, estimated $0.0081.",),
        usage=TokenUsage(input_tokens=2210, output_tokens=180, cost_usd=0.0081),
    )


def green_run(run: RunContext = RUN) -> Analysis:
    """A later run of the same workflow with nothing failed."""
    return Analysis(run, (), (), jobs=(JobResult("unit (3.12)", succeeded=True),))
