"""Workflow commands, annotation budget and PR-comment planning (pure parts of the action)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from classifier.github.annotations import Budget, select_annotations
from classifier.github.commands import Annotation, WorkflowCommands, escape_property, parse_output_file
from classifier.github.pr_comment import MARKER, Action, Comment, comment_body, plan_comment
from classifier.github.publish import action_outputs, one_line_summary
from classifier.model import FingerprintStats, Location
from tests.core.builders import analysis


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


def _with_locations(count: int, new_every: int = 2) -> list[str]:
    return [f"error: failure number {i}" for i in range(count)]


def test_annotations_respect_caps_and_put_new_and_pr_files_first() -> None:
    base = analysis(_with_locations(30))
    groups = []
    for index, result in enumerate(base.groups):
        record = dataclasses.replace(result.group.representative, location=Location(f"src/f{index}.py", index + 1))
        occ = dataclasses.replace(result.group.occurrences[0], record=record)
        group = dataclasses.replace(result.group, occurrences=(occ,))
        stats = FingerprintStats(group.fingerprint.value, 1, "a", "b", is_new=index in {20, 25})
        groups.append(dataclasses.replace(result, group=group, stats=stats))
    chosen = select_annotations(dataclasses.replace(base, groups=tuple(groups)), pr_files={"./src/f7.py"})
    errors = [a for a in chosen if a.level == "error"]
    assert len(errors) == 10
    assert [a.file for a in errors[:3]] == ["src/f20.py", "src/f25.py", "src/f7.py"]
    assert "new" in errors[0].title and "new" not in errors[2].title
    assert chosen[-1].level == "notice" and chosen[-1].message.startswith("20 more")
    small = select_annotations(base, budget=Budget(per_type=50, per_job=5))
    assert len(small) == 5 and small[-1].message.startswith("26 more")


def test_pr_comment_is_created_then_updated_then_left_alone() -> None:
    body = comment_body("## CI failure analysis\n\nx")
    assert body.startswith(MARKER)
    assert plan_comment([Comment(1, "unrelated")], body).action is Action.CREATE
    plan = plan_comment([Comment(1, "hello"), Comment(2, f"{MARKER}\nold")], body)
    assert (plan.action, plan.comment_id) == (Action.UPDATE, 2)
    assert plan_comment([Comment(2, body)], body).action is Action.UNCHANGED
    assert len(comment_body("x" * 100_000)) <= 65_000


def test_outputs_name_the_primary_cause() -> None:
    result = analysis(["error: a", "error: a", "error: b"], category="test_failure")
    values = action_outputs(result, "out/report.json")
    assert values["primary_category"] == "test_failure"
    assert values["primary_domain"] == "code"
    assert (values["errors"], values["unique_fingerprints"], values["new_fingerprints"]) == ("3", "2", "2")
    assert values["summary"] == one_line_summary(result) and "\n" not in values["summary"]
    assert action_outputs(None, "")["errors"] == "0"
