"""Markdown cards: one per failed job, one short block per root cause (pure).

A card shows what a developer needs on the run page: the job, its test totals, and per root cause the
category, the message, where it is (file and line at the commit), a link to the log, whether it is new,
what showed that a cancelled job ran out of time, and the suggested fix when a model gave one; tests that
passed on rerun are one closing note, never a root cause. The log excerpt (its own lines, see `excerpt.py`),
the other evidence (linked at its log line) and the fingerprint sit in a `<details>` block. Every untrusted
string goes through `untrusted` (code spans or escaped prose).
"""

from __future__ import annotations

from classifier.extract.time_limit import stated_evidence
from classifier.github.paths import failure_location
from classifier.model import ClassifiedBy, ErrorRecord, Evidence, Failure, JobResult, Link, Location, TestTotals
from classifier.report.excerpt import markers, own_excerpt
from classifier.report.jobs_view import LogLine, RunLinks, history, location_url, log_line
from classifier.report.untrusted import block, code, prose
from classifier.wording import plural, shown_message

MESSAGE_CHARS = 240
STEP_CHARS = 40  # a longer step name (a whole `run:` command) is cut
EVIDENCE_ITEMS = 8
CAUSE_BLOCKS = 20  # root causes shown whole in a card; the next ones one line each
CAUSE_LINES = 30
RERUN_NAMES = 5
INPUT_NAMES = (
    3  # files named in the title of a card outside a job, at most  # tests named in the passed-on-rerun note, at most
)
_LINK_WORDS = {
    Link.ROOT: "root cause",
    Link.SAME_FAILURE: "same failure",
    Link.WRAPPER: "wrapping error",
    Link.SYMPTOM: "consequence",
}
_LINK_ORDER = {Link.ROOT: 0, Link.SAME_FAILURE: 1, Link.WRAPPER: 2, Link.SYMPTOM: 3}
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


def job_name(job: JobResult) -> str:
    """The job's name, or the files it was read from (the CLI's inputs, a run's artifacts; an archive's
    member by its own name), as prose."""
    if job.name:
        return prose(job.name, 120)
    files = [_base_name(path) for path in job.inputs]
    if not files:
        return "Reports and files outside a job log"
    more = f" and {len(files) - INPUT_NAMES} more" if len(files) > INPUT_NAMES else ""
    return prose(", ".join(files[:INPUT_NAMES]), 160) + more


def job_title(job: JobResult, level: int = 3) -> str:
    return f"{'#' * level} ❌ {job_name(job)}"


def job_card(job: JobResult, links: RunLinks, level: int = 3) -> list[str]:
    """The lines of one failed job's card; `level` is its heading level."""
    lines = [job_title(job, level), ""]
    facts = [fact for fact in (tests_line(job.tests), _job_link(job), _baseline_link(job)) if fact]
    count = len(job.failures)
    facts.insert(0, "1 root cause" if count == 1 else f"{count} root causes")
    lines += [" · ".join(facts), ""]
    names = [markers(failure.root.record) for failure in job.failures]
    for index, failure in enumerate(job.failures[:CAUSE_BLOCKS]):
        others = tuple(marker for i, found in enumerate(names) if i != index for marker in found)
        lines += failure_block(failure, job, links, index + 1 if count > 1 else 0, others)
    lines += _more_causes(job, links)
    note = rerun_note(job)
    return [*lines, note, ""] if note else lines


def _more_causes(job: JobResult, links: RunLinks) -> list[str]:
    """The root causes after the first `CAUSE_BLOCKS`: one line each, then how many more (a lint job with
    hundreds of findings keeps a card of bounded size)."""
    rest = job.failures[CAUSE_BLOCKS:]
    if not rest:
        return []
    lines = []
    for number, failure in enumerate(rest[:CAUSE_LINES], start=CAUSE_BLOCKS + 1):
        found = log_line(links, job.url, failure.root)
        where = f" · [log]({found.url})" if found is not None else ""
        message = code(failure.root.record.message, MESSAGE_CHARS)
        lines.append(f"{number}. {category_words(failure.classification.category)} {message}{where}")
    left = len(rest) - CAUSE_LINES
    if left > 0:
        lines += ["", f"_… and {left:,} more root causes (every one is in the JSON report)._"]
    return [*lines, ""]


def job_line(job: JobResult) -> str:
    """A failed job in one list item (when its whole card does not fit): first root cause, link, count."""
    name = job_name(job)
    first = job.failures[0]
    more = len(job.failures) - 1
    also = f" (and {more} more root {'cause' if more == 1 else 'causes'})" if more else ""
    link = _job_link(job)
    return (
        f"- ❌ **{name}**: {category_words(first.classification.category)} "
        f"{code(first.root.record.message, 160)}{also}" + (f" · {link}" if link else "")
    )


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
    """The successful run whose logs were compared with this job's (their lines are never the cause), and how
    many of this job's error-looking lines it showed too."""
    if not job.baseline:
        return ""
    run = f"[a passing run]({job.baseline})" if job.baseline.startswith(("https://", "http://")) else "the passing log"
    seen = f" ({plural(job.baseline_matched, 'line')} also there set aside)" if job.baseline_matched else ""
    return f"compared with {run}{seen}"


def failure_block(
    failure: Failure, job: JobResult, links: RunLinks, number: int = 0, others: tuple[str, ...] = ()
) -> list[str]:
    """One root cause: a headline (category, test, history), the message, where, the explanation and fix,
    then the details; `others` name the job's other failures (their lines are not this one's excerpt)."""
    label = failure.classification
    record = failure.root.record
    seen = history(failure.stats)
    numbered = f"{number}. " if number else ""
    head = [f"**{numbered}{category_words(label.category)}**"]
    if record.test_id:
        head.append(code(_test_name(record), 160))
    if seen:
        head.append("🆕 new" if seen == "new" else seen)
    lines = [" · ".join(head) + "  ", code(shown_message(record), MESSAGE_CHARS) + "  "]
    location = failure_location(failure, links.paths)  # in the repository, never a third-party frame
    where = _where(location, links, log_line(links, job.url, failure.root), record.source, record.line_start)
    if where:
        lines.append(where + "  ")
    if limit := stated_evidence(record):
        lines.append(f"⏱️ Cancelled at the job's time limit: {prose(limit, 200)}  ")
    if label.summary and label.classified_by in {ClassifiedBy.LLM, ClassifiedBy.CACHE, ClassifiedBy.HUMAN}:
        lines.append(f"📝 {prose(label.summary, 400)}  ")
    if label.suggested_fix:
        lines.append(f"💡 **Suggested fix:** {prose(label.suggested_fix, 500)}")
    lines.append("")
    lines += details(failure, job, links, others)
    return lines


def _where(location: Location | None, links: RunLinks, log: LogLine | None, source: str, line: int | None) -> str:
    parts = []
    if location is not None and location.file:
        shown = f"{location.file}:{location.line}" if location.line else location.file
        url = location_url(links, location)
        parts.append(f"[{code(shown, 160)}]({url})" if url else code(shown, 160))
    if log is not None and log.step:
        parts.append(f"[log: step {log.number} “{prose(log.step, STEP_CHARS)}”, line {log.line:,}]({log.url})")
    elif log is not None:  # the job's log, its steps not known: the line of the downloaded log
        parts.append(f"[job log]({log.url})" + (f", line {line:,}" if line else ""))
    elif source:  # a file outside a job log: by its own name (the card's title or the JSON has the path)
        name = _base_name(source)
        parts.append(code(f"{name}:{line}" if line else name, 160))
    return "📍 " + " · ".join(parts) if parts else ""


def _base_name(path: str) -> str:
    return path.replace("\\", "/").replace("!", "/").rsplit("/", 1)[-1]


def details(
    failure: Failure, job: JobResult | None = None, links: RunLinks | None = None, others: tuple[str, ...] = ()
) -> list[str]:
    """The log excerpt, the other evidence and the fingerprint, folded."""
    record = failure.root.record
    label = failure.classification
    evidence = sorted((e for e in failure.evidence if e.link is not Link.ROOT), key=lambda e: _LINK_ORDER[e.link])
    excerpt = own_excerpt(record, others)
    shown = [name for name, present in (("log excerpt", excerpt), ("evidence", evidence)) if present]
    parts = [*shown, "fingerprint"]
    summary = (", ".join(parts[:-1]) + " and " if len(parts) > 1 else "") + parts[-1]
    summary = summary[:1].upper() + summary[1:]
    lines = ["<details><summary>" + summary + "</summary>", ""]
    if excerpt:
        lines += [block("\n".join(excerpt)), ""]
    if evidence:
        lines += [*_evidence_lines(evidence, job, links or RunLinks()), ""]
    if record.test_id and _test_name(record) != record.test_id:
        lines += [f"Test: {code(record.test_id, 200)}", ""]
    how = f"Classified by {_BY_WORDS[label.classified_by]}"
    if label.is_classified:
        how += f" ({label.confidence:.0%} confident, {prose(label.domain.value, 20)})"
    else:
        how = "Not classified: " + prose(why_unclassified(label.reasoning), 300)
    lines += [how + ".  ", _fingerprint_line(failure), "", "</details>", ""]
    return lines


def why_unclassified(reasoning: str) -> str:
    """The reasons in words: `no rule matched: 118 rules (…) checked …; model not used: no API key` ->
    `no rule matched; model not used: no API key` (what was checked stays in the JSON report)."""
    parts = [part.strip() for part in reasoning.split("; ") if part.strip()]
    said = ["no rule matched" if part.startswith("no rule matched") else part for part in parts]
    return "; ".join(said) or "no reason recorded"


def _said(message: str) -> str:
    """A message as said, whoever printed it: the runner's `##[error]x` is the `Error: x` a log copied from
    its page shows, and the `x` the runner's own annotation line carries."""
    text = message.strip()
    return text[len("error:") :].strip() if text[:6].lower() == "error:" else text


def _evidence_lines(evidence: list[Evidence], job: JobResult | None, links: RunLinks) -> list[str]:
    """One line per distinct (link, message), with how often it occurs and where it first does."""
    same: dict[tuple[Link, str], list[Evidence]] = {}
    for item in evidence:
        same.setdefault((item.link, _said(item.occurrence.record.message)), []).append(item)
    groups = list(same.values())
    lines = [_evidence_line(items, job, links) for items in groups[:EVIDENCE_ITEMS]]
    left = sum(len(items) for items in groups[EVIDENCE_ITEMS:])
    if left:
        lines.append(f"- … and {left:,} more {'line' if left == 1 else 'lines'} (every one is in the JSON report)")
    return lines


def _evidence_line(items: list[Evidence], job: JobResult | None, links: RunLinks) -> str:
    first = items[0].occurrence
    record = first.record
    found = log_line(links, job.url, first) if job is not None else None
    if found is not None and found.step:
        where = f"[step {found.number}, line {found.line:,}]({found.url})"
    else:
        name = _base_name(record.source)
        where = code(f"{name}:{record.line_start}" if record.line_start else name, 120)
    times = f" ({len(items)} times)" if len(items) > 1 else ""
    return f"- {_LINK_WORDS[items[0].link]}: {code(record.message, 160)}{times} · {where}"


def _fingerprint_line(failure: Failure) -> str:
    stats = failure.stats
    seen = ""
    if stats is not None and stats.last_seen and not stats.is_new:
        seen = f", last seen {stats.last_seen[:16].replace('T', ' ')}"
    return f"Fingerprint {code(failure.fingerprint, 40)}{seen}."


__all__ = ["category_words", "details", "failure_block", "job_card", "job_line", "rerun_note", "tests_line"]
