"""The Markdown report: the job-summary body (GITHUB_STEP_SUMMARY) and the PR comment's body.

Layout (GitHub-flavoured Markdown): a headline with the commit and the run, one card per failed job (see
`cards.py`), the inputs that could not be read, and a footer in plain words (how failures were classified,
model calls and cost, what was skipped). It always fits `max_bytes` (the step limit is 1 MiB): whole cards
are dropped from the end and a line says how many are only in the JSON report; the footer stays.
"""

from __future__ import annotations

from collections import Counter

from classifier.model import Analysis, ClassifiedBy, Problem
from classifier.report.cards import job_card, rerun_note
from classifier.report.jobs_view import RunLinks, failed_jobs, jobs_of, run_links
from classifier.report.stats import first_problems
from classifier.report.untrusted import code, prose

SUMMARY_LIMIT_BYTES = 1_000_000  # GitHub's limit is 1 MiB per step; keep a margin
MAX_PROBLEMS = 30
_METHOD_WORDS = {
    ClassifiedBy.RULE: "rules",
    ClassifiedBy.LLM: "a model",
    ClassifiedBy.CACHE: "stored model labels",
    ClassifiedBy.HUMAN: "human corrections",
}


def _plural(count: int, word: str, many: str = "") -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"


def headline(analysis: Analysis, title: str = "CI failure analysis", level: int = 2) -> list[str]:
    """The title line (what failed, in numbers) and a line naming the commit and the run."""
    jobs = failed_jobs(analysis)
    causes = sum(len(job.failures) for job in jobs)
    if causes:
        new = sum(1 for job in jobs for f in job.failures if f.stats is not None and f.stats.is_new)
        what = f"{_plural(causes, 'root cause')} in {_plural(len(jobs), 'failed job')}"
        if new:
            what += f", {new:,} new"
        lines = [f"{'#' * level} ❌ {title}: {what}"]
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
    lines = [f"### ⚠️ {_plural(len(shown) + more, 'input')} not read or not fully read", ""]
    lines += [f"- {_problem(p)}" for p in shown]
    if more:
        lines.append(f"- … and {more} more in the JSON report")
    return [*lines, ""]


def _problem(problem: Problem) -> str:
    where = f"{problem.source}:{problem.line}" if problem.line is not None else problem.source
    return f"{code(where, 160)}: {prose(problem.message, 300)}"


def quiet_jobs(analysis: Analysis) -> list[str]:
    """Jobs that passed but showed error-looking lines, folded."""
    passed = [job for job in jobs_of(analysis) if not job.failures and job.warnings]
    if not passed:
        return []
    lines = ["<details><summary>" + _plural(len(passed), "job") + " with warnings only</summary>", ""]
    for job in passed:
        note = rerun_note(job)
        others = [occ for occ in job.warnings if not occ.record.passed_on_rerun]
        said = [f"{_plural(len(others), 'warning')}, e.g. {code(others[0].record.message)}"] if others else []
        lines.append(f"- {prose(job.name or 'files', 120)}: " + "; ".join([*said, *([note] if note else [])]))
    return [*lines, "", "</details>", ""]


def footer(analysis: Analysis) -> list[str]:
    """Plain words: how the failures were classified, what the model cost, what was skipped."""
    labels = [failure.classification for job in failed_jobs(analysis) for failure in job.failures]
    methods = Counter(label.classified_by for label in labels if label.is_classified)
    said = [f"{_METHOD_WORDS[by]} ({count})" for by, count in methods.most_common()]
    words = ["Classified by " + ", ".join(said) + "." if said else "Nothing needed classifying."]
    unclassified = [label for label in labels if not label.is_classified]
    if unclassified:
        words.append(f"{_plural(len(unclassified), 'failure')} left unclassified (the reason is in its details).")
    if analysis.usage.cost_usd or analysis.usage.input_tokens:
        usage = analysis.usage
        total = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens
        words.append(f"Model use: {total + usage.output_tokens:,} tokens, about ${usage.cost_usd:.4f}.")
    if analysis.access.api_calls:
        words.append(f"GitHub API calls: {analysis.access.api_calls:,}.")
    lines = ["---", "<sub>" + " ".join(words) + "</sub>", ""]
    if analysis.notes:
        lines += ["<details><summary>How this analysis was made</summary>", ""]
        lines += [f"- {prose(note, 400)}" for note in analysis.notes]
        lines += ["", "</details>", ""]
    return lines


def render_markdown(
    analysis: Analysis, max_bytes: int = SUMMARY_LIMIT_BYTES, title: str = "CI failure analysis", level: int = 2
) -> str:
    """The whole document within max_bytes; `level` is the title's heading level (jobs one below)."""
    links = run_links(analysis.run, analysis.access)
    cards = [job_card(job, links, level + 1) for job in failed_jobs(analysis)]
    head = headline(analysis, title, level)
    rest = problem_lines(analysis) + quiet_jobs(analysis)
    return fit(head, cards, rest, footer(analysis), max_bytes)


def fit(head: list[str], cards: list[list[str]], rest: list[str], tail: list[str], max_bytes: int) -> str:
    """Whole cards while they fit; then a line saying how many were left out; the footer always."""

    def size(lines: list[str]) -> int:
        return sum(len(line.encode()) + 1 for line in lines)

    budget = max_bytes - size(head) - size(tail) - 300
    kept: list[str] = []
    for index, card in enumerate(cards):
        if size(card) > budget:
            left = len(cards) - index
            note = f"_{_plural(left, 'more failed job')} did not fit the summary's size limit: see the JSON report._"
            kept += [note, ""]
            budget = -1
            break
        kept += card
        budget -= size(card)
    if budget >= size(rest):
        kept += rest
    return "\n".join([*head, *kept, *tail]).rstrip() + "\n"


__all__ = ["SUMMARY_LIMIT_BYTES", "fit", "footer", "headline", "render_markdown", "run_line"]
