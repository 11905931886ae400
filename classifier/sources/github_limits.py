"""Each job's own time limit, read from the run's workflow file through the GitHub API (one call, bounded).

The run object names its workflow file (`path`, `.github/workflows/ci.yml`) and commit (`head_sha`); the
contents API gives the file as it was at that commit, and `workflow_limits.py` reads each job's
`timeout-minutes` from it. It is asked for only when a cancelled job's annotations could not say whether it
ran out of time (they name the limit themselves); a file that cannot be read leaves GitHub's default.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier.errors import GitHubError
from classifier.github.api import GitHubClient, JobInfo, RunInfo
from classifier.sources.workflow_limits import MAX_CHARS, job_limits, limit_for

WORKFLOWS = ".github/workflows/"  # a dynamic workflow (`dynamic/...`: CodeQL, Dependabot) has no file


def own_limits(client: GitHubClient, repo: str, run: RunInfo, jobs: Sequence[JobInfo]) -> tuple[dict[int, float], str]:
    """The time limit each of `jobs` sets (job id -> minutes; a job without one is left out) and a note when
    the workflow file could not be read."""
    if not jobs or not run.path.startswith(WORKFLOWS):
        return {}, ""
    try:
        text = client.file_text(repo, run.path, run.head_sha, MAX_CHARS)
    except GitHubError as exc:
        note = f"The workflow file {run.path} was not read ({exc}): the jobs' own time limits are not known."
        return {}, note
    limits = job_limits(text)
    found = {job.id: limit_for(job.name, limits) for job in jobs}
    return {job: minutes for job, minutes in found.items() if minutes is not None}, ""


__all__ = ["own_limits"]
