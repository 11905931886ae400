"""Markdown cards: one per failed job, one short block per root cause (pure).

A card shows what a developer needs on the run page: the job, its test totals, and per root cause the
category, the message, where it is (file and line at the commit), a link to the log, whether it is new,
and the suggested fix when a model gave one; tests that passed on rerun are one closing note, never a root
cause. Evidence, the stack trace and the fingerprint sit in a `<details>` block. Every untrusted string goes
through `untrusted` (code spans or escaped prose).
"""

from __future__ import annotations

from classifier.github.paths import failure_location
from classifier.model import ClassifiedBy, ErrorRecord, Evidence, Failure, JobResult, Link, Location, TestTotals
from classifier.report.jobs_view import LogLine, RunLinks, history, location_url, log_line
from classifier.report.untrusted import block, code, prose

MESSAGE_CHARS = 240
STEP_CHARS = 40  # a longer step name (a whole `run:` command) is cut
EVIDENCE_ITEMS = 8
RERUN_NAMES = 5  # tests named in the passed-on-rerun note, at most
_LINK_WORDS = {
    Link.ROOT: "root cause",
    Link.SAME_FAILURE: "same failure",
    Link.WRAPPER: "wrapping error",
    Link.SYMPTOM: "consequence",
}
_BY_WORDS = {
    ClassifiedBy.RULE: "a rule",
    ClassifiedBy.LLM: "a model",
    ClassifiedBy.CACHE: "a stored label",
    ClassifiedBy.HUMAN: "a human correction",
    ClassifiedBy.NONE: "nothing",
}


def category_words(category: str) -> str:
    """`test_failure` -> `Test failure` (taxonomy names are data: escaped like any text)."""
    words = category.replace("_", " ").replace("-", " ").strip() or "unknown"
    if words == "unknown":
        words = "unclassified"
    return prose(words[:1].upper() + words[1:], 60)


def tests_line(tests: TestTotals | None) -> str:
    if tests is None or tests.run == 0:
        return ""
    passed = max(tests.run - tests.failed - tests.skipped, 0)
    parts = [f"{tests.run:,} tests", f"{passed:,} passed", f"**{tests.failed:,} failed**"]
    if tests.skipped:
        parts.append(f"{tests.skipped:,} skipped")
    return "🧪 " + " · ".join(parts)


def job_title(job: JobResult, level: int = 3) -> str:
    name = prose(job.name, 120) if job.name else "Reports and files outside a job log"
    return f"{'#' * level} ❌ {name}"


def job_card(job: JobResult, links: RunLinks, level: int = 3) -> list[str]:
    """The lines of one failed job's card; `level` is its heading level."""
    lines = [job_title(job, level), ""]
    facts = [fact for fact in (tests_line(job.tests), _job_link(job), _baseline_link(job)) if fact]
    count = len(job.failures)
    facts.insert(0, "1 root cause" if count == 1 else f"{count} root causes")
    lines += [" · ".join(facts), ""]
    for index, failure in enumerate(job.failures, start=1):
        lines += failure_block(failure, job, links, index if count > 1 else 0)
    note = rerun_note(job)
    return [*lines, note, ""] if note else lines


def rerun_note(job: JobResult) -> str:
    """`🔁 1 test passed on rerun (flaky): `Class.test`` for the job's tests that passed on rerun, or ""."""
    flaky = list(dict.fromkeys(_test_name(occ.record) for occ in job.warnings if occ.record.passed_on_rerun))
    if not flaky:
        return ""
    names = ", ".join(code(name, 120) for name in flaky[:RERUN_NAMES])
    more = f" and {len(flaky) - RERUN_NAMES} more" if len(flaky) > RERUN_NAMES else ""
    tests = "1 test" if len(flaky) == 1 else f"{len(flaky):,} tests"
    return f"🔁 {tests} passed on rerun (flaky): {names}{more}"


def _test_name(record: ErrorRecord) -> str:
    """A test's name without its Java package (`com.x.OrderServiceTest.m` -> `OrderServiceTest.m`)."""
    test = record.test_id or record.message
    if "::" in test or "/" in test:
        return test
    parts = test.split(".")
    while len(parts) > 2 and parts[0][:1].islower():
        parts.pop(0)
    return ".".join(parts)


def _job_link(job: JobResult) -> str:
    return f"[job log]({job.url})" if job.url.startswith(("https://", "http://")) else ""


def _baseline_link(job: JobResult) -> str:
    """The successful run whose logs were compared with this job's (their lines are never the cause)."""
    return f"compared with [a passing run]({job.baseline})" if job.baseline.startswith(("https://", "http://")) else ""


def failure_block(failure: Failure, job: JobResult, links: RunLinks, number: int = 0) -> list[str]:
    """One root cause: a headline, where, the explanation and fix, then the details."""
    label = failure.classification
    record = failure.root.record
    seen = history(failure.stats)
    badge = "🆕 new" if seen == "new" else seen
    numbered = f"{number}. " if number else ""
    head = f"**{numbered}{category_words(label.category)}**"
    if badge:
        head += f" · {badge}"
    lines = [head + "  ", code(record.message, MESSAGE_CHARS) + "  "]
    location = failure_location(failure, links.paths)  # in the repository, never a third-party frame
    where = _where(location, links, log_line(links, job.url, failure.root), record.source, record.line_start)
    if where:
        lines.append(where + "  ")
    if label.summary and label.classified_by in {ClassifiedBy.LLM, ClassifiedBy.CACHE, ClassifiedBy.HUMAN}:
        lines.append(f"📝 {prose(label.summary, 400)}  ")
    if label.suggested_fix:
        lines.append(f"💡 **Suggested fix:** {prose(label.suggested_fix, 500)}")
    lines.append("")
    lines += details(failure)
    return lines


def _where(location: Location | None, links: RunLinks, log: LogLine | None, source: str, line: int | None) -> str:
    parts = []
    if location is not None and location.file:
        shown = f"{location.file}:{location.line}" if location.line else location.file
        url = location_url(links, location)
        parts.append(f"[{code(shown, 160)}]({url})" if url else code(shown, 160))
    if log is not None and log.step:
        parts.append(f"[log: step {log.number} “{prose(log.step, STEP_CHARS)}”, line {log.line:,}]({log.url})")
    elif source:
        parts.append(code(f"{source}:{line}" if line else source, 160))
    return "📍 " + " · ".join(parts) if parts else ""


def details(failure: Failure) -> list[str]:
    """Evidence, the stack trace (context lines) and the fingerprint, folded."""
    record = failure.root.record
    label = failure.classification
    evidence = [e for e in failure.evidence if e.link is not Link.ROOT]
    context = display_context(record.context)
    shown = [name for name, present in (("evidence", evidence), ("stack trace", context)) if present]
    parts = [*shown, "fingerprint"]
    summary = (", ".join(parts[:-1]) + " and " if len(parts) > 1 else "") + parts[-1]
    summary = summary[:1].upper() + summary[1:]
    lines = ["<details><summary>" + summary + "</summary>", ""]
    if context:
        lines += [block("\n".join(context)), ""]
    if evidence:
        lines += [_evidence_line(item) for item in evidence[:EVIDENCE_ITEMS]]
        if len(evidence) > EVIDENCE_ITEMS:
            lines.append(f"- … and {len(evidence) - EVIDENCE_ITEMS} more")
        lines.append("")
    if record.test_id:
        lines += [f"Test: {code(record.test_id, 200)}", ""]
    how = f"Classified by {_BY_WORDS[label.classified_by]}"
    if label.is_classified:
        how += f" ({label.confidence:.0%} confident, {prose(label.domain.value, 20)})"
    elif label.reasoning:
        how += f": {prose(label.reasoning, 200)}"
    lines += [how + ".  ", _fingerprint_line(failure), "", "</details>", ""]
    return lines


def display_context(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Context lines without the runner's group markers (`##[group]…`, `##[endgroup]`)."""
    kept = []
    for line in lines:
        if line.startswith("##[endgroup]"):
            continue
        kept.append(line.removeprefix("##[group]"))
    return tuple(kept)


def _evidence_line(item: Evidence) -> str:
    record = item.occurrence.record
    where = f"{record.source}:{record.line_start}" if record.line_start else record.source
    return f"- {_LINK_WORDS[item.link]}: {code(record.message, 160)} in {code(where, 120)}"


def _fingerprint_line(failure: Failure) -> str:
    stats = failure.stats
    seen = ""
    if stats is not None and stats.first_seen:
        seen = f", first seen {stats.first_seen[:16].replace('T', ' ')}, last {stats.last_seen[:16].replace('T', ' ')}"
    return f"Fingerprint {code(failure.fingerprint, 40)}{seen}."


__all__ = ["category_words", "details", "failure_block", "job_card", "rerun_note", "tests_line"]
