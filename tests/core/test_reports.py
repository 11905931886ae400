from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import jsonschema

from classifier.report.csv_report import COLUMNS, render_csv
from classifier.report.json_report import render_json
from classifier.report.markdown import render_markdown
from classifier.report.text import render_text
from tests.core.builders import analysis

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "classifier/report/report.schema.json").read_text())


def test_json_report_matches_its_schema() -> None:
    doc = json.loads(render_json(analysis(["error: a", "error: a", "error: b"])))
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema_version"] == "1.5"
    assert doc["stats"]["errors"] == 3 and doc["stats"]["unique_fingerprints"] == 2
    assert doc["inputs"][0]["primary"]["category"] == "compilation_error"
    assert {e["message"] for e in doc["errors"]} == {"error: a", "error: b"}


def test_schema_rejects_a_broken_report() -> None:
    doc = json.loads(render_json(analysis(["error: a"])))
    doc["errors"][0]["fingerprint"] = "not-hex"
    try:
        jsonschema.validate(doc, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an invalid fingerprint")


def test_markdown_summary_has_a_card_per_failed_input_and_a_footer() -> None:
    text = render_markdown(analysis(["src/a.c:1: error: x", "src/a.c:1: error: x"]))
    assert "### ❌ build" in text
    assert "**Compilation error** · 🆕 new" in text
    assert "`src/a.c:1: error: x`" in text
    assert "| Error |" not in text, "no wide tables in the main view (issue 9)"
    assert "Classified by rules (1)." in text


def test_markdown_summary_is_truncated_under_the_limit() -> None:
    messages = [f"error number {i}: " + "x" * 150 for i in range(3000)]
    base = analysis(messages)
    inputs = tuple(
        dataclasses.replace(base.inputs[0], job=f"job {i}", primary=r.group.occurrences[0])
        for i, r in enumerate(base.groups)
    )
    text = render_markdown(dataclasses.replace(base, inputs=inputs), max_bytes=100_000)
    assert len(text.encode()) <= 100_000
    # deliberately changed wording: the jobs that do not fit are listed in short, then counted
    assert "more failed jobs, in short (the whole cards did not fit):" in text
    assert re.search(r"… and [\d,]+ more failed jobs: see the JSON report\.", text)
    assert "Classified by rules" in text, "the footer survives truncation"


def test_markdown_keeps_untrusted_text_in_code_spans() -> None:
    text = render_markdown(analysis(["a | b `c`\nnext line"]))
    assert "``a | b `c` next line``" in text


def test_csv_has_seed_columns_and_blank_correction() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(analysis(["=cmd|' /C calc'!A0", "plain"])))))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert all(row["Corrected Category"] == "" for row in body)
    assert body[0]["Error Message"].startswith("'="), "formula injection is neutralised"


def test_text_report_lists_primary_and_categories() -> None:
    text = render_text(analysis(["boom"]))
    assert "PRIMARY CAUSE PER INPUT" in text and "compilation_error" in text and "boom" in text
