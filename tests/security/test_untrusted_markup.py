"""Mentions, HTML and links from untrusted text never reach the page, end to end through the action.

A job named with hostile markup, a log line holding it, and a model (the loopback Anthropic server) whose
summary and suggested fix hold it too: the job summary and the PR comment, rendered as GitHub does
(cmark-gfm, `tests/report/gfm.py`), have no <img>, no <details> but ours, no link to the hostile host and no
mention; stdout has no workflow command but the action's own. The renderer's unit tests are in
`tests/report/test_untrusted.py`; this shows the whole path keeps them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import entrypoint
from tests.action.runner import RUN_ID, gha_log, runner_env
from tests.report.gfm import MENTION, render
from tests.servers.anthropic_api import FakeAnthropic, keyword_responder
from tests.servers.github_api import FakeGitHub

HOSTILE = (
    "<img src=x onerror=alert(1)> <details open><summary>x</summary> @octocat @acme/security-team "
    "[click](https://evil.example/a) https://evil.example/b www.evil.example <https://evil.example/c> "
    "![i](https://evil.example/i.png)"
)


def _hostile_model(body: dict[str, Any]) -> dict[str, Any] | str:
    answer = keyword_responder(body)
    assert isinstance(answer, dict)
    for item in answer["classifications"]:
        item.update(
            category="runtime_error", summary=f"Summary {HOSTILE}", suggested_fix=f"Fix {HOSTILE}\n::warning::x"
        )
    return answer


def _check_page(text: str) -> None:
    page = render(text)
    assert "img" not in page.tags
    ours = text.count("<details><summary>")
    assert page.tags.count("details") == ours, "no <details> from untrusted text"
    assert not [link for link in page.links if "evil" in link], page.links
    assert not MENTION.search(page.prose), page.prose
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


def test_job_name_log_line_and_model_answer_reach_summary_and_comment_as_text(tmp_path: Path) -> None:
    with FakeGitHub() as gh, FakeAnthropic(_hostile_model) as api:
        gh.add_run(RUN_ID, attempt=1, prs=(7,), event="pull_request")
        log = gha_log(f"##[error]Frobnicator refused {HOSTILE}", step="Deploy")
        gh.add_job(RUN_ID, 31, f"deploy {HOSTILE}", attempt=1, log=log, failed_step="Deploy")
        env = runner_env(tmp_path, gh, event={"pull_request": {"number": 7}}, event_name="pull_request")
        env.update(
            INPUT_PR_COMMENT="true",
            INPUT_RUN_ATTEMPT="1",
            GITHUB_RUN_ATTEMPT="1",
            INPUT_ENABLE_ERROR_CLASSIFICATION="true",
            INPUT_ANTHROPIC_API_KEY="test-key",
            INPUT_API_BASE_URL=api.url,
            INPUT_CLASSIFY_REALTIME_THRESHOLD="all",
        )
        stream = io.StringIO()
        entrypoint.main(env, stream)
        comments = [str(comment["body"]) for comment in gh.state.comments[7]]
    assert api.state.message_calls >= 1
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "Summary" in summary and "Fix" in summary, "the model's answer is shown"
    assert "deploy" in summary and "octocat" in summary, "the job name is shown"
    (comment,) = comments
    assert "octocat" in comment
    _check_page(summary)
    _check_page(comment)
    commands = [line for line in stream.getvalue().splitlines() if line.startswith("::")]
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "::add-mask::")) for line in commands)
    assert len(commands) == 3, "two masks and one annotation: the answer's `::warning::` stays inside its data"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["jobs"], "the job was analysed"
