"""Untrusted text (job names, log lines, model answers) reaches the page as text only (issue 11)."""

from __future__ import annotations

import dataclasses

import pytest

from classifier.github.pr_comment import comment_body
from classifier.github.publish import own_errors_markdown
from classifier.report.markdown import render_markdown
from classifier.report.untrusted import block, code, prose
from tests.report.gfm import AUTOLINK, MENTION, render, to_html
from tests.report.scenario import failed_run

HOSTILE = (
    "<img src=x onerror=alert(1)> <details open><summary>x</summary> @octocat @acme/security-team "
    "[click](https://evil.example/a) https://evil.example/b www.evil.example me@evil.example "
    "<https://evil.example/c> ![i](https://evil.example/i.png) **bold** `tick` &#64;admin"
)


@pytest.mark.parametrize("text", [HOSTILE, "::error file=a::owned", "1. list", "# heading", "> quote", "|a|b|"])
def test_prose_is_text_only(text: str) -> None:
    markdown = f"Job {prose(text)} failed"
    html = to_html(markdown)
    page = render(markdown)
    assert page.tags == ["p"], html
    assert not MENTION.search(page.prose), page.prose
    assert not AUTOLINK.search(page.prose.replace("\u200b", " ").replace(" ", "")) or page.links == []
    assert page.links == []
    assert not markdown.splitlines()[0].startswith("::")


def test_code_spans_and_blocks_hold_any_backticks() -> None:
    for text in ("a ` b", "``x``", "`", HOSTILE):
        page = render(f"x {code(text)} y")
        assert page.tags == ["p", "code"] and "".join(page.code).strip() == " ".join(text.split())
    fenced = block("```\n</details>\n<img src=x>\n````")
    page = render(fenced)
    assert page.tags == ["pre", "code"] and "<img src=x>" in "".join(page.code)


def _hostile_run() -> str:
    base = failed_run(job_name=HOSTILE, message=HOSTILE)
    build = base.jobs[1]
    bad = dataclasses.replace(
        build.failures[0].classification, summary=HOSTILE, suggested_fix=HOSTILE + "\n::warning::x"
    )
    failure = dataclasses.replace(build.failures[0], classification=bad)
    return render_markdown(
        dataclasses.replace(
            base,
            jobs=(base.jobs[0], dataclasses.replace(build, failures=(failure,))),
            notes=(HOSTILE,),
        )
    )


def test_summary_and_comment_neutralise_names_messages_and_model_answers() -> None:
    for text in (_hostile_run(), comment_body(failed_run(job_name=HOSTILE, message=HOSTILE))):
        page = render(text)
        assert "img" not in page.tags
        ours = text.count("<details><summary>")
        assert page.tags.count("details") == ours, "no <details> from untrusted text"
        assert page.tags.count("summary") == ours
        assert not [link for link in page.links if "evil" in link]
        assert not MENTION.search(page.prose)
        assert not any(line.startswith("::") for line in text.splitlines())
        assert "@\u200boctocat" in page.prose  # still readable, with a zero-width space


def test_the_actions_own_errors_are_text_only() -> None:
    text = own_errors_markdown([f"pull-request comment not written: {HOSTILE}", "input 'mode' is 'x'"])
    page = render(text)
    assert "img" not in page.tags and "details" not in page.tags and page.links == []
    assert not MENTION.search(page.prose)
    assert "input 'mode' is 'x'" in page.prose


def test_short_job_lines_test_names_and_file_titles_are_text_only() -> None:
    base = failed_run(job_name=HOSTILE, message=HOSTILE)
    unit = base.jobs[0]
    root = unit.failures[0].root
    hostile_test = dataclasses.replace(root, record=dataclasses.replace(root.record, test_id=HOSTILE))
    failure = dataclasses.replace(unit.failures[0], root=hostile_test)
    many = tuple(
        dataclasses.replace(unit, failures=(failure, *unit.failures[1:]), name="" if i % 2 else HOSTILE,
                            inputs=(f"{HOSTILE}.log",))
        for i in range(60)
    )  # fmt: skip
    text = render_markdown(dataclasses.replace(base, jobs=many), max_bytes=30_000)
    assert "in short (the whole cards did not fit)" in text, "the overflow lines are part of the page"
    page = render(text)
    assert "img" not in page.tags
    assert page.tags.count("details") == text.count("<details><summary>")
    assert not [link for link in page.links if "evil" in link]
    assert not MENTION.search(page.prose)
    assert not any(line.startswith("::") for line in text.splitlines())
