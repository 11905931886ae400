"""The job summary as GitHub renders it (cmark-gfm): job cards, links at the commit, details, footer."""

from __future__ import annotations

import dataclasses
import re

from classifier.github.pr_comment import Comment, plan_comment
from classifier.model import Analysis, InputResult, JobResult, Problem
from classifier.report.markdown import render_markdown
from tests.core.builders import analysis as simple_analysis
from tests.report.gfm import render
from tests.report.scenario import RUN, SHA, failed_run, green_run

BLOB = f"https://github.com/octo/app/blob/{SHA}/"


def test_headline_names_the_jobs_the_commit_and_the_run() -> None:
    page = render(render_markdown(failed_run()))
    assert page.headings[0] == "❌ CI failure analysis: 3 root causes in 2 failed jobs, 1 new"
    assert page.headings[1:] == ["❌ unit (3.12)", "❌ build-image"]
    assert f"https://github.com/octo/app/commit/{SHA}" in page.links
    assert "https://github.com/octo/app/actions/runs/1001" in page.links
    assert "c6e5cac" in page.code and "fix-totals" in page.code
    assert "pull request #7" in page.prose


def test_headline_counts_a_report_outside_any_job_as_a_file_not_a_failed_job() -> None:
    # a run's artifact whose tests match no job keeps a card of its own, named by its file
    run = failed_run()
    report = dataclasses.replace(run.jobs[0], name="", url="", inputs=("test-results.zip!TEST-orders.xml",))
    page = render(render_markdown(dataclasses.replace(run, jobs=(*run.jobs, report))))
    assert page.headings[0].startswith("❌ CI failure analysis: 5 root causes in 2 failed jobs and 1 file")
    assert page.headings[3] == "❌ TEST-orders.xml"


def test_each_root_cause_is_one_card_line_with_location_log_and_history() -> None:
    page = render(render_markdown(failed_run()))
    assert BLOB + "tests/test_orders.py#L57" in page.links
    assert BLOB + "src/app/pricing.py#L88" in page.links
    assert "https://github.com/octo/app/actions/runs/1001/job/21" in page.links
    assert "AssertionError: assert order.total == Decimal('42.00')" in page.code
    assert "Test failure" in page.prose and "Runtime error" in page.prose and "Network error" in page.prose
    assert "🆕 new" in page.prose
    assert "seen 9 times in 4 runs since 2026-11-02" in page.prose
    assert "seen 14 times since 2026-10-30" in page.prose, "without a run count"
    assert "Suggested fix: Re-run the job; if it persists, mirror the base image" in page.prose
    assert "212 tests · 205 passed · 2 failed · 5 skipped" in page.prose


def test_evidence_stack_and_fingerprint_are_folded_and_no_wide_tables() -> None:
    text = render_markdown(failed_run())
    page = render(text)
    assert "table" not in page.tags
    assert page.tags.count("details") == 4, "one fold per root cause, one for the notes"
    failure = failed_run().jobs[0].failures[0]
    folded = text.split("<details>")[1].split("</details>")[0]
    assert failure.fingerprint in folded and "same failure" in folded and "consequence" in folded
    assert "E       AssertionError: assert Decimal('46.67')" in folded
    main_view = text.split("<details>")[0]
    assert failure.fingerprint not in main_view, "no internal identifiers in the main view"


def test_footer_in_plain_words() -> None:
    page = render(render_markdown(failed_run()))
    assert "Classified by rules (2), a model (1)." in page.prose
    assert "Model use: 2,390 tokens, about $0.0081." in page.prose
    assert "How this analysis was made" in page.prose


def test_green_run_and_run_without_jobs() -> None:
    page = render(render_markdown(green_run()))
    assert page.headings == ["✅ CI failure analysis: no failures found"]
    # an Analysis built without jobs still gets one card per failed input (the pipeline's fallback)
    page = render(render_markdown(simple_analysis(["error: x", "error: y"])))
    assert page.headings[1] == "❌ build"
    assert "error: x" in page.code


def test_a_job_without_any_failure_line_is_named_not_dropped() -> None:
    base = failed_run()
    lost = JobResult("deploy @ops", url="https://github.com/octo/app/actions/runs/1001/job/29")
    page = render(render_markdown(dataclasses.replace(base, jobs=(*base.jobs, lost))))
    assert page.headings[0] == "❌ CI failure analysis: 3 root causes in 2 failed jobs, 1 new"
    assert "❔ No failure line found in 1 job" in page.headings
    assert "deploy @\u200bops" in page.prose and "https://github.com/octo/app/actions/runs/1001/job/29" in page.links
    alone = render(render_markdown(dataclasses.replace(base, jobs=(lost, base.jobs[2]), groups=())))
    assert alone.headings[0] == "❔ CI failure analysis: no failure line found in 1 job", "never 'no failures found'"


def test_problems_are_listed_by_input_and_reason() -> None:
    base = failed_run()
    gone = InputResult("docs.log", 0, (Problem("docs.log", "logs expired or deleted (HTTP 410)", kind="fetch"),))
    page = render(render_markdown(dataclasses.replace(base, inputs=(*base.inputs, gone))))
    assert "⚠️ 1 input not read or not fully read" in page.headings
    assert "docs.log" in page.code and "logs expired or deleted (HTTP 410)" in page.prose


def test_summary_fits_the_limit_whole_cards_then_one_line_per_job_then_a_count() -> None:
    # Deliberately changed: jobs whose card does not fit are listed one line each before the count.
    base = failed_run()
    jobs = tuple(dataclasses.replace(base.jobs[0], name=f"shard {i}") for i in range(400))
    big = Analysis(RUN, base.inputs, base.groups, jobs=jobs, notes=base.notes, usage=base.usage)
    text = render_markdown(big, max_bytes=60_000)
    assert len(text.encode()) <= 60_000
    page = render(text)
    cards = [heading for heading in page.headings if heading.startswith("❌ shard")]
    short = re.findall(r"^- ❌ \*\*shard (\d+)\*\*: Test failure `AssertionError", text, re.M)
    more = re.search(r"… and ([\d,]+) more failed jobs: see the JSON report", text)
    assert cards and short and more is not None
    assert f"{400 - len(cards):,} more failed jobs, in short (the whole cards did not fit):" in text
    assert len(cards) + len(short) + int(more.group(1).replace(",", "")) == 400, "every job is counted once"
    assert short[0] == str(len(cards)), "the short lines continue where the cards stop"
    assert "(and 1 more root cause)" in text and "job/21)" in text.split("in short")[1]
    assert page.tags.count("details") % 2 == 1, "the notes fold survives with whole cards"
    assert "Classified by" in page.prose


def test_unread_inputs_stay_listed_when_the_cards_do_not_fit() -> None:
    base = failed_run()
    jobs = tuple(dataclasses.replace(base.jobs[0], name=f"shard {i}") for i in range(400))
    gone = InputResult("docs.log", 0, (Problem("docs.log", "logs expired or deleted (HTTP 410)", kind="fetch"),))
    big = Analysis(RUN, (*base.inputs, gone), base.groups, jobs=jobs, notes=base.notes, usage=base.usage)
    text = render_markdown(big, max_bytes=60_000)
    assert len(text.encode()) <= 60_000 and "more failed jobs: see the JSON report" in text
    assert "⚠️ 1 input not read or not fully read" in render(text).headings


def test_the_footer_does_not_grow_with_the_run() -> None:
    base = failed_run()
    notes = tuple(f"Job 'shard {i}' failed at: Run pytest." for i in range(5000))
    text = render_markdown(dataclasses.replace(base, notes=notes), max_bytes=60_000)
    page = render(text)
    assert len(text.encode()) <= 60_000
    assert page.headings[1:] == ["❌ unit (3.12)", "❌ build-image"], "the cards are kept"
    assert "Job 'shard 29' failed at" in page.prose and "shard 30'" not in page.prose
    assert "… and 4,970 more in the JSON report" in page.prose


def test_a_big_pr_comment_points_at_the_job_summary_and_leaves_the_notes_out() -> None:
    base = failed_run()
    jobs = tuple(dataclasses.replace(base.jobs[0], name=f"shard {i}") for i in range(400))
    big = Analysis(RUN, base.inputs, base.groups, jobs=jobs, notes=base.notes, usage=base.usage)
    body = plan_comment([], big, "github-actions[bot]").body
    assert len(body) <= 65_536
    page = render(body)
    assert "more failed jobs: see the run's job summary." in page.prose
    assert "https://github.com/octo/app/actions/runs/1001" in page.links
    assert "How this analysis was made" not in page.prose
    assert "JSON report" not in page.prose, "a comment's reader cannot open the JSON report"


def test_pr_comment_and_its_fixed_form_render() -> None:
    first = plan_comment([], failed_run(), "github-actions[bot]")
    page = render(first.body)
    assert page.headings[:2] == ["❌ CI failure analysis: 3 root causes in 2 failed jobs, 1 new", "❌ unit (3.12)"]
    assert "https://github.com/octo/app/actions/runs/1001" in page.links
    green = green_run(dataclasses.replace(RUN, run_id=1003, sha="e" * 40))
    fixed = plan_comment([Comment(9, first.body, "github-actions[bot]")], green, "github-actions[bot]")
    page = render(fixed.body)
    assert page.headings[0] == "✅ CI: the failures reported earlier are fixed"
    assert "https://github.com/octo/app/actions/runs/1003" in page.links
    assert f"https://github.com/octo/app/commit/{'e' * 40}" in page.links
    assert page.headings[1] == "❌ CI failure analysis: 3 root causes in 2 failed jobs, 1 new", (
        "the earlier report, folded"
    )
    # the earlier report's fold and one per root cause (deliberately no notes fold in a comment any more)
    assert page.tags.count("details") == page.tags.count("summary") == 4
