"""The Markdown report: the job-summary body (GITHUB_STEP_SUMMARY) and the PR comment's body.

Layout (GitHub-flavoured Markdown): a headline with the commit and the run, one card per failed job (see
`cards.py`), the inputs that could not be read, and a footer in plain words (how failures were classified,
model calls and cost, what was skipped). It always fits `max_bytes` (the step limit is 1 MiB): whole cards
that do not fit become one line each (job, first root cause, link) and, past that, a line says how many
jobs are left and where they are shown whole (the JSON report; for the PR comment, the job summary); the
footer stays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from classifier.model import Analysis, ClassifiedBy, JobResult, Problem
from classifier.report.cards import job_card, job_line, job_name, rerun_note
from classifier.report.jobs_view import RunLinks, failed_jobs, jobs_of, run_links
from classifier.report.stats import first_problems
from classifier.report.untrusted import code, prose
from classifier.wording import failed_where, plural

SUMMARY_LIMIT_BYTES = 1_000_000  # GitHub's limit is 1 MiB per step; keep a margin
MAX_PROBLEMS = 30
MAX_QUIET = 30  # passed jobs with warnings listed, at most
MAX_NOTES = 30  # notes in the footer's fold (one per job and more on a big run)
_METHOD_WORDS = {
    ClassifiedBy.RULE: "rules",
    ClassifiedBy.LLM: "a model",
    ClassifiedBy.CACHE: "stored model labels",
    ClassifiedBy.HUMAN: "human corrections",
}


def headline(analysis: Analysis, title: str = "CI failure analysis", level: int = 2) -> list[str]:
    """The title line (what failed, in numbers) and a line naming the commit and the run."""
    jobs = failed_jobs(analysis)
    causes = sum(len(job.failures) for job in jobs)
    if causes:
        new = sum(1 for job in jobs for f in job.failures if f.stats is not None and f.stats.is_new)
        what = f"{plural(causes, 'root cause')} in {failed_where(jobs)}"
        if new:
            what += f", {new:,} new"
        lines = [f"{'#' * level} ❌ {title}: {what}"]
    elif unexplained := len(_unexplained(analysis)):
        lines = [f"{'#' * level} ❔ {title}: no failure line found in {plural(unexplained, 'job')}"]
    else:
        lines = [f"{'#' * level} ✅ {title}: no failures found"]
    context = run_line(analysis, run_links(analysis.run))
    return [*lines, "", context, ""] if context else [*lines, ""]


def run_line(analysis: Analysis, links: RunLinks) -> str:
    run = analysis.run
    parts = []
    if run.sha:
        short = code(run.sha[:7], 10)
        parts.append(f"Commit [{short}]({links.commit})" if links.commit else f"Commit {short}")
    if run.branch:
        parts.append(f"branch {code(run.branch, 80)}")
    if run.pr_number:
        parts.append(f"pull request #{run.pr_number}")
    if run.run_id:
        name = f"{prose(run.workflow, 80)} run" if run.workflow else "Run"
        attempt = f", attempt {run.run_attempt}" if run.run_attempt and run.run_attempt > 1 else ""
        text = f"{name} {run.run_id}{attempt}"
        parts.append(f"[{text}]({links.run})" if links.run else text)
    return " · ".join(parts)


def problem_lines(analysis: Analysis) -> list[str]:
    """Inputs that could not be read, by name and reason (visible: they change what the cards mean)."""
    shown, more = first_problems(analysis, MAX_PROBLEMS)  # counted beyond the cap, not held
    if not shown:
        return []
    lines = [f"### ⚠️ {plural(len(shown) + more, 'input')} not read or not fully read", ""]
    lines += [f"- {_problem(p)}" for p in shown]
    if more:
        lines.append(f"- … and {more} more in the JSON report")
    return [*lines, ""]


def _problem(problem: Problem) -> str:
    where = f"{problem.source}:{problem.line}" if problem.line is not None else problem.source
    return f"{code(where, 160)}: {prose(problem.message, 300)}"


def _unexplained(analysis: Analysis) -> list[JobResult]:
    """Jobs that did not succeed, yet where no failure (nor any error-looking line) was found."""
    return [job for job in jobs_of(analysis) if not job.failures and not job.succeeded and not job.warnings]


def unexplained_jobs(analysis: Analysis) -> list[str]:
    """Jobs with no failure line, by name and log link: a failed job must not vanish from the page."""
    found = _unexplained(analysis)
    if not found:
        return []
    lines = [f"### ❔ No failure line found in {plural(len(found), 'job')}", ""]
    lines += ["Their logs show no error line that is known here: read them directly.", ""]
    for job in found[:MAX_QUIET]:
        link = f" · [job log]({job.url})" if job.url.startswith(("https://", "http://")) else ""
        lines.append(f"- {job_name(job)}{link}")
    if len(found) > MAX_QUIET:
        lines.append(f"- … and {len(found) - MAX_QUIET:,} more in the JSON report")
    return [*lines, ""]


def quiet_jobs(analysis: Analysis) -> list[str]:
    """Jobs that passed but showed error-looking lines, folded."""
    passed = [job for job in jobs_of(analysis) if not job.failures and job.warnings]
    if not passed:
        return []
    lines = ["<details><summary>" + plural(len(passed), "job") + " with warnings only</summary>", ""]
    for job in passed[:MAX_QUIET]:
        note = rerun_note(job)
        others = [occ for occ in job.warnings if not occ.record.passed_on_rerun]
        said = [f"{plural(len(others), 'warning')}, e.g. {code(others[0].record.message)}"] if others else []
        lines.append(f"- {prose(job.name or 'files', 120)}: " + "; ".join([*said, *([note] if note else [])]))
    if len(passed) > MAX_QUIET:
        lines.append(f"- … and {len(passed) - MAX_QUIET:,} more in the JSON report")
    return [*lines, "", "</details>", ""]


def footer(analysis: Analysis, notes: bool = True) -> list[str]:
    """Plain words: how the failures were classified, what the model cost, what was skipped."""
    labels = [failure.classification for job in failed_jobs(analysis) for failure in job.failures]
    methods = Counter(label.classified_by for label in labels if label.is_classified)
    said = [f"{_METHOD_WORDS[by]} ({count})" for by, count in methods.most_common()]
    words = ["Classified by " + ", ".join(said) + "." if said else "Nothing needed classifying."]
    unclassified = [label for label in labels if not label.is_classified]
    if unclassified:
        words.append(f"{plural(len(unclassified), 'failure')} left unclassified (the reason is in its details).")
    if analysis.usage.cost_usd or analysis.usage.input_tokens:
        usage = analysis.usage
        total = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens
        words.append(f"Model use: {total + usage.output_tokens:,} tokens, about ${usage.cost_usd:.4f}.")
    if analysis.access.api_calls:
        words.append(f"GitHub API calls: {analysis.access.api_calls:,}.")
    lines = ["---", "<sub>" + " ".join(words) + "</sub>", ""]
    if analysis.notes and notes:
        lines += ["<details><summary>How this analysis was made</summary>", ""]
        lines += [f"- {prose(note, 400)}" for note in analysis.notes[:MAX_NOTES]]
        if len(analysis.notes) > MAX_NOTES:  # the footer always fits: it must not grow with the run
            lines.append(f"- … and {len(analysis.notes) - MAX_NOTES:,} more in the JSON report")
        lines += ["", "</details>", ""]
    return lines


def render_markdown(
    analysis: Analysis,
    max_bytes: int = SUMMARY_LIMIT_BYTES,
    title: str = "CI failure analysis",
    level: int = 2,
    *,
    elsewhere: str = "the JSON report",
    notes: bool = True,
) -> str:
    """The whole document within max_bytes; `level` is the title's heading level (jobs one below).
    `elsewhere` (Markdown) names where the jobs that did not fit are shown whole; `notes` keeps the fold
    saying how the analysis was made."""
    links = run_links(analysis.run, analysis.access)
    jobs = failed_jobs(analysis)
    cards = [job_card(job, links, level + 1) for job in jobs]
    head = headline(analysis, title, level)
    rest = problem_lines(analysis) + unexplained_jobs(analysis) + quiet_jobs(analysis)
    tail = footer(analysis, notes)
    return fit(head, cards, rest, tail, max_bytes, Overflow([job_line(job) for job in jobs], elsewhere))


@dataclass(frozen=True, slots=True)
class Overflow:
    """What stands in for the cards that do not fit: one line per job, and where they are shown whole."""

    lines: list[str] = field(default_factory=list)  # one per card, same order
    elsewhere: str = "the JSON report"


def _size(lines: list[str]) -> int:
    return sum(len(line.encode()) + 1 for line in lines)


def fit(
    head: list[str], cards: list[list[str]], rest: list[str], tail: list[str], max_bytes: int, short: Overflow
) -> str:
    """Whole cards while they fit (keeping up to a quarter of the room for the short lines of the jobs
    after them); then one line per further job while those fit; then a line saying how many jobs are left
    and where they are; the footer always."""
    budget = max_bytes - _size(head) - _size(rest) - _size(tail) - 400  # room for the closing note
    kept: list[str] = []
    later = [len(line.encode()) + 1 for line in short.lines]
    waiting = sum(later)  # the short lines of the jobs after the current one
    quarter = budget // 4  # at most this much is kept for them while whole cards are added
    index = 0
    while index < len(cards):
        waiting -= later[index] if index < len(later) else 0
        if _size(cards[index]) + min(waiting, quarter) > budget:
            break
        kept += cards[index]
        budget -= _size(cards[index])
        index += 1
    if index < len(cards):
        intro = f"{plural(len(cards) - index, 'more failed job')}, in short (the whole cards did not fit):"
        listed = [f"**{intro}**", ""]
        budget -= _size(listed)
        while index < len(cards) and index < len(short.lines) and len(short.lines[index].encode()) + 1 <= budget:
            listed.append(short.lines[index])
            budget -= len(short.lines[index].encode()) + 1
            index += 1
        kept += [*listed, ""] if len(listed) > 2 else []
        if index < len(cards):
            kept += [f"_… and {plural(len(cards) - index, 'more failed job')}: see {short.elsewhere}._", ""]
    kept += rest  # bounded (problems and quiet jobs are capped), so always shown
    return "\n".join([*head, *kept, *tail]).rstrip() + "\n"


__all__ = ["SUMMARY_LIMIT_BYTES", "Overflow", "fit", "footer", "headline", "render_markdown", "run_line"]
