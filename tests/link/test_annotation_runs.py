"""An action's failure told as error annotations in a row is one failure (classifier/link/annotations.py)."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# actions/deploy-pages@v4 on a repository without Pages (yihong0618/running_page issue 781), as the job page shows
# it: what the action was doing, the HttpError it caught with its stack, the message it fails with
DEPLOY_PAGES = """\
Run actions/deploy-pages@v4
Fetching artifact metadata for "pages-artifact" in this workflow run
Found 1 artifact(s)
Creating Pages deployment with payload:
{
\t"artifact_id": 2614437091,
\t"pages_build_version": "d33d35b38b8e9aea5049eb0392d6b7e365f10e4b",
\t"oidc_token": "***"
}
Error: Creating Pages deployment failed
Error: HttpError: Not Found
    at /home/runner/work/_actions/actions/deploy-pages/v4/node_modules/@octokit/request/dist-node/index.js:124:1
    at processTicksAndRejections (node:internal/process/task_queues:95:5)
    at createPagesDeployment (/home/runner/work/_actions/actions/deploy-pages/v4/src/internal/api-client.js:125:1)
    at Deployment.create (/home/runner/work/_actions/actions/deploy-pages/v4/src/internal/deployment.js:74:1)
    at main (/home/runner/work/_actions/actions/deploy-pages/v4/src/index.js:30:1)
Error: Error: Failed to create deployment (status: 404) with build version d33d35b38b8e9aea5049eb0392d6b7e365f10e4b. \
Request ID 8840:C3ED4:FC88D3:1FE2351:67B589A1 Ensure GitHub Pages has been enabled: \
https://github.com/yihong0618/running_page/settings/pages
"""

# JetBrains/writerside-github-action issue 5: configure-pages@v2 refused by the token (the action's inputs trimmed)
CONFIGURE_PAGES = """\
Run actions/configure-pages@v2
  with:
    token: ***
    enablement: true
Warning: Get Pages site failed
Error: Create Pages site failed
Error: AxiosError: Request failed with status code 403
"""


def test_an_action_s_annotations_in_a_row_are_one_failure_led_by_what_it_was_doing(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, DEPLOY_PAGES)
    assert failure.root.record.message == "Error: Creating Pages deployment failed"
    assert [e.occurrence.record.line_start for e in failure.evidence] == [10, 11, 17]
    assert failure.classification.category == "configuration_error"


def test_the_caught_error_on_the_next_line_joins_the_action_s_message(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, CONFIGURE_PAGES)
    assert failure.root.record.message == "Error: Create Pages site failed"
    assert [e.occurrence.record.line_start for e in failure.evidence] == [6, 7]


def test_the_runner_s_own_error_lines_in_a_raw_log_are_read_alike(tmp_path: Path) -> None:
    raw = "".join(
        f"2025-02-19T10:00:{n:02d}.0000000Z {line.replace('Error: ', '##[error]', 1)}\n"
        for n, line in enumerate(DEPLOY_PAGES.splitlines())
    )
    first = failures_of(tmp_path, raw)[0]
    assert first.root.record.message == "Creating Pages deployment failed"
    # a raw `##[error]` line's record holds no lines after it: the frames between the caught error and the
    # action's last message are not all seen, so that message is joined only on a job page's copy
    assert [e.occurrence.record.line_start for e in first.evidence][:2] == [10, 11]


def test_annotations_with_other_output_between_them_stay_apart(tmp_path: Path) -> None:
    # the two failures of CONFIGURE_PAGES with a line of the action's own output between them (assembled from
    # the lines): not told in a row, so two failures
    lines = CONFIGURE_PAGES.splitlines()
    log = "\n".join([*lines[:-1], "Fetching artifact metadata for the pages artifact", lines[-1]]) + "\n"
    assert len(failures_of(tmp_path, log)) == 2
