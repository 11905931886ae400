"""What the action publishes when the run could not be read: never "No failures found".

The job summary names the endpoint GitHub refused and the permission or setting that fixes it; the outputs
say "not analysed" and leave the counts empty (a 0 would read as a clean run); no PR comment is written, so
an existing one is never replaced. Pure rendering of `classifier.access` data (plain text from the API and
our own words only, never log text).
"""

from __future__ import annotations

from classifier.access import AccessProblem, Denial, RunAccess
from classifier.github.publish import OUTPUT_NAMES

TITLE = "ci-classify: run not analysed"
COUNT_OUTPUTS = ("errors", "unique_fingerprints", "new_fingerprints", "classified", "unclassified")
REASON: dict[Denial, str] = {
    Denial.FORBIDDEN: "the token is not allowed to read it",
    Denial.UNAUTHORIZED: "the token was refused",
    Denial.NOT_FOUND: "GitHub answered 404: the repository or run does not exist for this token",
    Denial.RATE_LIMITED: "the API rate limit is spent and resets later than this action waits",
    Denial.SECONDARY_LIMIT: "GitHub's secondary rate limit still refused after waiting",
    Denial.SERVER: "GitHub's API did not answer",
}


def _plain(text: str) -> str:
    """API messages in a table cell or inline: no markup, no line breaks."""
    return " ".join(text.replace("|", "/").replace("`", "'").replace("<", "(").replace(">", ")").split())


def headline(found: AccessProblem) -> str:
    return f"Not analysed: the {found.endpoint.value} of this run could not be read ({REASON[found.denial]})."


def not_analysed_markdown(access: RunAccess) -> str:
    """The job summary for a run that could not be read."""
    found = access.unreadable
    if found is None:
        return ""
    status = f"HTTP {found.status}" if found.status else "no answer"
    lines = [
        "## CI failure analysis: not analysed",
        "",
        headline(found),
        "",
        "| what | |",
        "|---|---|",
        f"| endpoint | {found.endpoint.value} |",
        f"| GitHub said | {status}{': ' + _plain(found.message) if found.message else ''} |",
        f"| to fix | {found.fix} |",
    ]
    if found.retry_at:
        lines.append(f"| rate limit resets | {found.retry_at} |")
    for other in access.denied:
        if other != found:
            said = f" ({_plain(other.message)})" if other.message else ""
            lines.append(f"| also refused | {other.endpoint.value}: HTTP {other.status}{said}; to fix: {other.fix} |")
    lines += ["", "The failures of this run are unknown: this is not a run without failures.", ""]
    lines.append(f"GitHub API calls: {access.api_calls}.")
    return "\n".join(lines) + "\n"


def not_analysed_outputs(reason: str, report_path: str = "") -> dict[str, str]:
    """Step outputs for a run that was not analysed (configuration error or unreadable run)."""
    values = dict.fromkeys(OUTPUT_NAMES, "")
    values["summary"] = reason if reason.startswith("Not analysed") else f"Not analysed: {reason}"
    values["report_path"] = report_path
    return values
