"""Publishing an analysis on a runner: job summary, annotations, step outputs, PR comment.

The rendering is the report package's; this module only decides what goes where, within the platform's
limits, through the one writer in `commands.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from classifier.github.annotations import select_annotations
from classifier.github.api import GitHubClient
from classifier.github.commands import WorkflowCommands
from classifier.github.pr_comment import Action, plan_comment
from classifier.model import Analysis
from classifier.report.jobs_view import failed_jobs
from classifier.report.markdown import render_markdown
from classifier.report.stats import compute_stats
from classifier.report.untrusted import with_code
from classifier.wording import failed_where, plural

SUMMARY_LIMIT = 1_000_000
OUTPUT_NAMES = (
    "primary_category",
    "primary_domain",
    "summary",
    "errors",
    "unique_fingerprints",
    "new_fingerprints",
    "classified",
    "unclassified",
    "report_path",
)


def one_line_summary(analysis: Analysis) -> str:
    """`3 root causes in 2 failed jobs, 1 new: test_failure (2), network_error (1).`: root causes, as
    the summary's headline counts them (never the evidence lines: exit codes, `N failed` lines)."""
    jobs = failed_jobs(analysis)
    failures = [failure for job in jobs for failure in job.failures]
    if not failures:
        return "No failures found."
    top = Counter(failure.classification.category for failure in failures).most_common(3)
    new = sum(1 for failure in failures if failure.stats is not None and failure.stats.is_new)
    said = f"{plural(len(failures), 'root cause')} in {failed_where(jobs)}"
    said += f", {new:,} new" if new else ""
    return f"{said}: " + ", ".join(f"{name} ({count})" for name, count in top) + "."


def action_outputs(analysis: Analysis | None, report_path: str) -> dict[str, str]:
    """The action's outputs; empty strings / zeros when nothing was analysed."""
    values = dict.fromkeys(OUTPUT_NAMES, "")
    values["report_path"] = report_path
    if analysis is None:
        values.update(
            dict.fromkeys(("errors", "unique_fingerprints", "new_fingerprints", "classified", "unclassified"), "0")
        )
        values["summary"] = "Analysis did not run."
        return values
    stats = compute_stats(analysis)
    primary = next((item.primary for item in analysis.inputs if item.primary is not None), None)
    fingerprint = primary.fingerprint.value if primary else ""
    if not fingerprint and analysis.groups:
        fingerprint = analysis.groups[0].group.fingerprint.value
    label = analysis.classification_for(fingerprint) if fingerprint else None
    values.update(
        primary_category=label.category if label else "",
        primary_domain=label.domain.value if label else "",
        summary=one_line_summary(analysis),
        errors=str(stats.errors),
        unique_fingerprints=str(stats.unique_fingerprints),
        new_fingerprints=str(stats.new_fingerprints),
        classified=str(stats.classified),
        unclassified=str(stats.unclassified),
    )
    return values


def own_errors_markdown(errors: Sequence[str]) -> str:
    lines = ["### ci-classify could not finish everything", ""]
    lines.extend(f"- {with_code(error)}" for error in errors)  # may quote file names or API messages
    lines.append("")
    lines.append("This does not fail the job unless `fail_on` asks for it.")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class PublishOptions:
    summary: bool = True
    annotations: bool = True
    pr_comment: bool = False


def publish_analysis(
    analysis: Analysis,
    commands: WorkflowCommands,
    options: PublishOptions,
    pr_files: Collection[str] = (),
) -> None:
    """Summary and annotations (outputs are written by the caller, always)."""
    if options.summary:
        commands.append_summary(render_markdown(analysis, max_bytes=SUMMARY_LIMIT - 4096))
    if options.annotations:
        for annotation in select_annotations(analysis, pr_files):
            commands.annotate(annotation)


def _fully_read(analysis: Analysis) -> bool:
    """Failures found, or nothing failed to load: only then may a comment say what failed or that it is fixed."""
    if failed_jobs(analysis):
        return True
    problems = [*analysis.problems, *(p for item in analysis.inputs for p in item.problems)]
    return not any(problem.kind in {"fetch", "limit"} for problem in problems)


def publish_pr_comment(
    client: GitHubClient, repo: str, number: int, analysis: Analysis, readable: bool = True
) -> Action:
    """Create or update this workflow's comment (only one written by the token's own identity);
    raises GitHubError when the API refuses."""
    readable = readable and _fully_read(analysis)
    if not readable:
        return Action.NONE
    own = client.own_login()
    plan = plan_comment(client.issue_comments(repo, number), analysis, own, readable)
    if plan.action is Action.CREATE:
        client.create_comment(repo, number, plan.body)
    elif plan.action is Action.UPDATE and plan.comment_id is not None:
        client.edit_comment(repo, plan.comment_id, plan.body)
    return plan.action


__all__ = [
    "OUTPUT_NAMES",
    "PublishOptions",
    "action_outputs",
    "one_line_summary",
    "own_errors_markdown",
    "publish_analysis",
    "publish_pr_comment",
]
