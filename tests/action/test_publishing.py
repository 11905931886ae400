"""Workflow commands, annotation budget and PR-comment planning (pure parts of the action)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from classifier.github.annotations import Budget, select_annotations
from classifier.github.api import GitHubClient
from classifier.github.commands import Annotation, WorkflowCommands, escape_property, parse_output_file
from classifier.github.pr_comment import MARKER, Action, Comment, comment_body, plan_comment, workflow_key
from classifier.github.publish import action_outputs, one_line_summary, publish_pr_comment
from classifier.model import Analysis, FingerprintStats, Location
from tests.core.builders import analysis
from tests.report.scenario import RUN, failed_run, green_run
from tests.servers.github_api import FakeGitHub


def test_annotation_escapes_data_and_properties() -> None:
    note = Annotation("error", "50% done\r\nnext", title="a,b:c", file="src/a,b.py", line=3, end_line=4)
    assert note.command() == "::error file=src/a%2Cb.py,line=3,endLine=4,title=a%2Cb%3Ac::50%25 done%0D%0Anext"
    assert Annotation("notice", "plain").command() == "::notice::plain"
    assert escape_property("x:y,z%") == "x%3Ay%2Cz%25"


def test_outputs_and_summary_go_to_env_files(tmp_path: Path) -> None:
    out, summary, stream = tmp_path / "out", tmp_path / "summary.md", io.StringIO()
    commands = WorkflowCommands(stream, str(out), str(summary))
    commands.set_output("summary", "two\nlines")
    commands.set_output("errors", "3")
    commands.append_summary("# hi")
    commands.warning("careful: 100%")
    assert parse_output_file(out.read_text()) == {"summary": "two\nlines", "errors": "3"}
    assert summary.read_text() == "# hi\n"
    assert stream.getvalue() == "::warning::careful: 100%25\n"


def _many_failures(count: int, new: set[int]) -> Analysis:
    """One job with `count` root causes at src/f<i>.py:<i+1>; the indexes in `new` are new."""
    base = failed_run()
    job = base.jobs[0]
    template = job.failures[1]
    failures = []
    for index in range(count):
        record = dataclasses.replace(
            template.root.record, message=f"error {index}", location=Location(f"src/f{index}.py", index + 1)
        )
        root = dataclasses.replace(template.root, record=record)
        stats = FingerprintStats(f"fp{index}", 3, "2026-11-01", "2026-11-20", is_new=index in new)
        failures.append(dataclasses.replace(template, root=root, stats=stats, evidence=()))
    return dataclasses.replace(base, jobs=(dataclasses.replace(job, failures=tuple(failures)),))


def test_annotations_root_cause_first_then_new_then_pr_files_within_caps() -> None:
    chosen = select_annotations(_many_failures(30, new={20, 25}), pr_files={"./src/f7.py"})
    errors = [a for a in chosen if a.level == "error"]
    assert len(errors) == 10
    assert [a.file for a in errors[:4]] == ["src/f0.py", "src/f20.py", "src/f25.py", "src/f7.py"]
    assert "new" in errors[1].title and "new" not in errors[3].title
    assert "seen 3 times since 2026-11-01" in errors[3].title
    assert chosen[-1].level == "notice" and chosen[-1].message.startswith("20 more")
    small = select_annotations(_many_failures(30, new=set()), budget=Budget(per_type=50, per_job=5))
    assert len(small) == 5 and small[-1].message.startswith("26 more")


def test_one_failure_one_annotation_never_a_symptom() -> None:
    run = failed_run()
    chosen = select_annotations(run)
    assert len(chosen) == len(run.failures) == 3
    assert chosen[0].file == "tests/test_orders.py" and chosen[0].line == 57
    assert not any("exit code" in a.message for a in chosen)
    fix = next(a for a in chosen if "Re-run the job" in a.message)
    assert fix.message.startswith("The registry did not answer") and "build-image" in fix.title


def test_annotation_title_and_message_read_as_words() -> None:
    chosen = select_annotations(failed_run())
    first = chosen[0]
    assert first.title == "unit (3.12): Test failure · new", "job, category in words, history"
    assert first.message.splitlines() == [
        "AssertionError: assert order.total == Decimal('42.00')",
        "Test: tests/test_orders.py::TestTotals::test_discount_applies",
    ]
    build = next(a for a in chosen if a.title.startswith("build-image"))
    assert build.title == "build-image: Network error · seen 14 times since 2026-10-30"
    assert build.message.splitlines()[-1].startswith("Suggested fix: Re-run the job")
    one_more = select_annotations(_many_failures(11, new=set()))
    assert one_more[-1].message == "1 more failure is in the job summary (only 10 per type are shown per step)."


def test_pr_comment_is_created_then_left_alone_then_updated_then_fixed() -> None:
    me = "github-actions[bot]"
    first = plan_comment([Comment(1, "unrelated", "someone")], failed_run(), me)
    assert first.action is Action.CREATE and first.body.startswith(MARKER)
    posted = Comment(2, first.body, me)
    # same failures, other counts and dates: no edit (no churn)
    later = failed_run(dataclasses.replace(RUN, run_id=1002, sha="d" * 40))
    assert plan_comment([posted], later, me).action is Action.UNCHANGED
    # other failures: edited in place
    changed = failed_run(job_name="unit (3.13)")
    plan = plan_comment([Comment(1, "LGTM", "someone"), posted], changed, me)
    assert (plan.action, plan.comment_id) == (Action.UPDATE, 2) and "unit (3.13)" in plan.body
    # a green run: marked fixed at that commit, then left alone
    green = green_run(dataclasses.replace(RUN, run_id=1003, sha="e" * 40))
    fixed = plan_comment([posted], green, me)
    assert fixed.action is Action.UPDATE and "fixed" in fixed.body and "eeeeeee" in fixed.body
    assert plan_comment([Comment(2, fixed.body, me)], green, me).action is Action.UNCHANGED
    # nothing failed and no earlier comment: nothing to say; a run that could not be read never replaces
    assert plan_comment([], green, me).action is Action.NONE
    assert plan_comment([posted], changed, me, readable=False).action is Action.NONE
    assert len(comment_body(_many_failures(3000, set()))) <= 65_000


def test_pr_comment_is_per_workflow_and_only_edits_our_own() -> None:
    me = "github-actions[bot]"
    ci = plan_comment([], failed_run(), me).body
    docs_run = failed_run(dataclasses.replace(RUN, workflow="Docs"), job_name="build docs")
    # another workflow's comment is not ours to edit
    plan = plan_comment([Comment(5, ci, me)], docs_run, me)
    assert plan.action is Action.CREATE
    assert workflow_key("CI") != workflow_key("Docs") != workflow_key("docs")
    # a copy of our marker in someone else's comment is never edited
    forged = Comment(6, ci.replace("3 root causes", "spoof"), "mallory")
    assert plan_comment([forged], failed_run(job_name="other"), me).action is Action.CREATE
    assert plan_comment([Comment(7, ci, "mallory")], failed_run(), "").action is Action.CREATE


def test_comment_identity_from_the_api(tmp_path: Path) -> None:
    with FakeGitHub() as gh:
        gh.state.comments[7] = [{"id": 1, "body": MARKER + " workflow=x state=y -->", "user": {"login": "mallory"}}]
        client = GitHubClient(gh.url, "ghs_token")
        try:
            # an Actions token cannot read /user (403 "Resource not accessible by integration"): the bot login
            assert client.own_login() == "github-actions[bot]"
            assert publish_pr_comment(client, "octo/app", 7, failed_run()) is Action.CREATE
            assert publish_pr_comment(client, "octo/app", 7, failed_run()) is Action.UNCHANGED
            assert gh.state.comments[7][0]["body"].endswith("state=y -->"), "mallory's comment untouched"
            assert len(gh.requests_to("/user")) == 1, "asked once per client"
        finally:
            client.close()
        gh.state.user = {"login": "ci-bot", "id": 99, "type": "User"}
        gh.state.login = "ci-bot"
        client = GitHubClient(gh.url, "ghp_pat")
        try:
            assert client.own_login() == "ci-bot"
            assert publish_pr_comment(client, "octo/app", 7, failed_run()) is Action.CREATE  # not the bot's
            changed = failed_run(job_name="unit (3.13)")
            assert publish_pr_comment(client, "octo/app", 7, changed) is Action.UPDATE
            assert [c["user"]["login"] for c in gh.state.comments[7]] == ["mallory", "github-actions[bot]", "ci-bot"]
        finally:
            client.close()


def test_outputs_name_the_primary_cause() -> None:
    result = analysis(["error: a", "error: a", "error: b"], category="test_failure")
    values = action_outputs(result, "out/report.json")
    assert values["primary_category"] == "test_failure"
    assert values["primary_domain"] == "code"
    assert (values["errors"], values["unique_fingerprints"], values["new_fingerprints"]) == ("3", "2", "2")
    assert values["summary"] == one_line_summary(result) and "\n" not in values["summary"]
    assert action_outputs(None, "")["errors"] == "0"


def test_the_summary_output_counts_root_causes_not_evidence_lines() -> None:
    run = failed_run()  # 3 root causes in 2 jobs; 5 distinct lines (a JUnit twin and an exit code among them)
    assert len(run.groups) == 5
    assert one_line_summary(run) == (
        "3 root causes in 2 failed jobs, 1 new: test_failure (1), runtime_error (1), network_error (1)."
    )
    assert one_line_summary(green_run()) == "No failures found."


def test_annotations_among_equals_follow_the_summary_not_the_evidence_count() -> None:
    # the run page lists annotations in this order: the cards' order, whatever evidence each failure has
    run = _many_failures(4, new=set())
    job = run.jobs[0]
    some = failed_run().jobs[0].failures[0].evidence
    failures = tuple(dataclasses.replace(f, evidence=some * i) for i, f in enumerate(job.failures))
    chosen = select_annotations(dataclasses.replace(run, jobs=(dataclasses.replace(job, failures=failures),)))
    assert [a.file for a in chosen] == ["src/f0.py", "src/f1.py", "src/f2.py", "src/f3.py"]
