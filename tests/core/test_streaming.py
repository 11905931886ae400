"""Inputs streamed through the analysis (classifier/intake.py, classifier/spill.py) give the answer of
linking every input at the end: same inputs, same jobs, same report."""

from __future__ import annotations

import collections
import dataclasses
import io
import json
import pickle
import random
import zipfile
from pathlib import Path

import pytest

from classifier.cli import main
from classifier.extract import extract_document
from classifier.fingerprint import identify
from classifier.group import Stored
from classifier.joblink import build_jobs, input_primaries, with_test_totals
from classifier.model import Analysis, InputResult, JobResult, Occurrence, Problem, RunContext
from classifier.pipeline import GROUPING, analyze
from classifier.redact import redact_record
from classifier.report.csv_report import render_csv, write_csv
from classifier.report.json_report import render_json
from classifier.report.markdown import render_markdown
from classifier.report.stats import MAX_PROBLEMS, first_problems
from classifier.report.text import render_text, write_text
from classifier.rules.primary import rule_ranks
from classifier.settings import load_settings
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from classifier.spill import BLOCK, Spill, Tally, View
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings({}, {"enable_error_classification": "false"})
PASSING_JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="unit" tests="3" failures="0" errors="0" skipped="1">
  <testcase classname="pkg.A" name="test_one" time="0.1"/>
  <testcase classname="pkg.A" name="test_two" time="0.1"/>
  <testcase classname="pkg.A" name="test_three" time="0.0"><skipped/></testcase>
</testsuite>
"""
GREEN_LOG = "Running tests\n3 passed in 0.2s\nBUILD SUCCESSFUL in 4s\n"
RED_LOG = "compiling\nsrc/app.c:3:1: error: expected ';' before '}' token\nmake: *** [all] Error 1\n"


def test_spill_is_a_sequence_across_its_blocks() -> None:
    spill: Spill[tuple[int, str]] = Spill(block=3)
    items = [(number, f"item {number}") for number in range(10)]
    spill.extend(items)
    assert len(spill) == 10 and spill == tuple(items) and spill == items and tuple(items) == spill
    assert list(spill) == items and list(spill) == items  # read again: blocks come back from the file
    assert spill[0] == items[0] and spill[4] == items[4] and spill[9] == items[9] and spill[-1] == items[-1]
    assert spill[2:5] == tuple(items[2:5])
    assert spill != items[:9] and spill != [*items[:9], (9, "other")]
    assert pickle.loads(pickle.dumps(spill)) == items
    pairs = [(a, b) for a in spill for b in spill]  # two readers at once
    assert pairs == [(a, b) for a in items for b in items]
    spill.close()
    assert len(spill) == 0 and list(spill) == [] and not spill


def test_empty_spill() -> None:
    spill: Spill[int] = Spill()
    assert not spill and spill == () and list(spill) == []


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    logs = folder / "logs"
    logs.mkdir(parents=True)
    for name, text in {
        "a-green.log": GREEN_LOG,
        "b-red.log": RED_LOG,
        "c-quiet.log": "nothing to see\n",
        "d-empty.log": "",
        "e-red.log": RED_LOG.replace("app.c:3", "lib.c:9"),
        "f-passing.xml": PASSING_JUNIT,
    }.items():
        (logs / name).write_text(text)
    for example in (ROOT / "examples" / "failed-run").rglob("*"):  # a JUnit report joined to its log job
        if example.is_file():
            target = folder / "example" / example.relative_to(ROOT / "examples" / "failed-run")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(example.read_bytes())
    with zipfile.ZipFile(folder / "run-logs.zip", "w") as archive:  # named jobs: linked at the end
        archive.writestr("build/1_Set up job.txt", "2026-11-23T10:00:00.0000000Z starting\n")
        archive.writestr("build/2_Compile.txt", RED_LOG)
        archive.writestr("lint/1_Lint.txt", "all clean\n##[section]Finishing: lint\n")
    return folder


def _linked_at_the_end(
    paths: list[str], analysis: Analysis, store: SQLiteStore, baseline: dict[str, list[str]] | None
) -> tuple[list[InputResult], tuple[JobResult, ...]]:
    """The inputs and jobs as the pipeline made them before streaming: every input linked at the end."""
    documents: list[tuple[Document, tuple[Occurrence, ...]]] = []
    inputs: list[InputResult] = []
    loose: list[InputResult] = []
    for item in iter_documents(paths):
        if isinstance(item, Problem):
            loose.append(InputResult(item.source, 0, (item,)))
            continue
        extraction = extract_document(item)
        occurrences = tuple(identify(redact_record(raw), GROUPING) for raw in extraction.records)
        documents.append((item, occurrences))
        inputs.append(
            InputResult(item.name, len(occurrences), extraction.problems, None, item.job, item.url, extraction.tests)
        )
    labels = [result.classification for result in analysis.groups]
    stats = {result.group.fingerprint.value: result.stats for result in analysis.groups if result.stats}
    streams = {occ.record.stream for _, occs in documents for occ in occs}
    vocabulary = dict(Vocabularies(SETTINGS, store).for_streams(streams))
    ranks = rule_ranks(labels, (v.rules for v in vocabulary.values()))
    jobs = build_jobs(
        documents,
        labels,
        stats,
        {stream: v.taxonomy for stream, v in vocabulary.items()},
        ranks,
        baseline=baseline,
        normalizer_version=GROUPING.normalizer,
    )
    jobs = with_test_totals(jobs, {item.path: item.tests for item in inputs})
    primaries = input_primaries(jobs)
    filled = [
        InputResult(i.path, i.record_count, i.problems, primaries.get(i.path), i.job, i.url, i.tests) for i in inputs
    ]
    return [*filled, *loose], jobs


@pytest.mark.parametrize("block", [BLOCK, 2])  # 2: every waiting input and occurrence goes to disk
@pytest.mark.parametrize("baseline", [None, {"": ["compiling", "all clean"], "lint": ["all clean"]}])
def test_streamed_inputs_and_jobs_are_those_of_linking_at_the_end(
    tmp_path: Path, baseline: dict[str, list[str]] | None, block: int
) -> None:
    folder = _folder(tmp_path)
    # the same red log twice: one job of two inputs, its second input met after other jobs
    paths = [str(folder), str(tmp_path / "missing.log"), str(folder / "logs" / "b-red.log")]
    store = SQLiteStore(tmp_path / "s.db")
    analysis = analyze(
        iter_documents(paths),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
        baseline=baseline,
        block=block,
    )
    inputs, jobs = _linked_at_the_end(paths, analysis, store, baseline)
    assert any(job.baseline for job in jobs) == bool(baseline)
    assert isinstance(analysis.inputs, View) and isinstance(analysis.jobs, View)
    assert list(analysis.inputs) == inputs
    assert list(analysis.jobs) == list(jobs)
    # the shapes this covers: a green log, a quiet one, a passing test report, a report joined to its log,
    # named jobs from a run-log zip, a bad input and a missing one
    by_name = {job.inputs[0].rsplit("/", 1)[-1]: job for job in analysis.jobs}
    assert by_name["a-green.log"].succeeded and not by_name["c-quiet.log"].failures
    assert by_name["f-passing.xml"].tests is not None and by_name["f-passing.xml"].tests.run == 3
    assert any(len(job.inputs) == 2 and not job.name for job in analysis.jobs)
    assert {job.name for job in analysis.jobs if job.name} == {"build", "lint"}
    assert [item.path for item in analysis.inputs if item.problems][-1].endswith("missing.log")
    assert any(job.inputs == (job.inputs[0], job.inputs[0]) for job in analysis.jobs)
    tupled = dataclasses.replace(analysis, inputs=tuple(inputs), jobs=jobs)
    assert render_json(analysis) == render_json(tupled)


def test_problems_are_listed_up_to_a_cap_and_counted_beyond(tmp_path: Path) -> None:
    bad = [InputResult(f"bad-{n}.log", 0, (Problem(f"bad-{n}.log", "empty file"),)) for n in range(MAX_PROBLEMS + 3)]
    repeated = InputResult("bad-0.log", 0, (Problem("bad-0.log", "empty file"),))  # the same problem twice
    analysis = Analysis(RunContext(), inputs=Spill([repeated, *bad]), groups=())
    shown, more = first_problems(analysis, MAX_PROBLEMS)
    assert [p.source for p in shown] == [f"bad-{n}.log" for n in range(MAX_PROBLEMS)] and more == 3
    text = render_text(analysis)
    assert "bad-999.log: empty file" in text and "bad-1000.log: empty file" not in text
    assert "… and 3 more (every problem is in the JSON report)" in text
    out = io.StringIO()
    write_text(analysis, out)
    assert out.getvalue() == text


def test_cli_caps_the_problems_it_prints_but_reports_every_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(MAX_PROBLEMS + 2):
        (folder / f"empty-{n:04d}.log").write_text("")
    (folder / "red.log").write_text(RED_LOG)
    report = tmp_path / "r.json"
    code = main(
        [
            "analyze",
            str(folder),
            "--db",
            str(tmp_path / "s.db"),
            "--no-llm",
            "-q",
            "--format",
            "json",
            "-o",
            str(report),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        len(err) == MAX_PROBLEMS + 1
        and err[-1] == "ci-classify: … and 2 more problems (every one is in the JSON report)"
    )
    inputs = json.loads(report.read_text())["inputs"]
    assert len(inputs) == MAX_PROBLEMS + 3 and sum(1 for item in inputs if item["problems"]) == MAX_PROBLEMS + 2


def test_markdown_lists_the_first_problems_and_counts_the_rest() -> None:
    bad = [InputResult(f"bad-{n}.log", 0, (Problem(f"bad-{n}.log", "empty file"),)) for n in range(33)]
    markdown = render_markdown(Analysis(RunContext(), inputs=Spill(bad, block=4), groups=()))
    assert "33 inputs not read or not fully read" in markdown
    assert "`bad-29.log`" in markdown and "`bad-30.log`" not in markdown
    assert "- … and 3 more in the JSON report" in markdown


def _analyzed_at_noon(folder: Path, db: Path, block: int) -> Analysis:
    """The folder analysed with a fixed clock, so two runs' reports can be compared byte for byte."""
    store = SQLiteStore(db)
    return analyze(
        iter_documents([str(folder)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=lambda: "2026-11-30T12:00:00+00:00",
        block=block,
    )


def test_spilled_groups_give_the_report_of_groups_in_memory(tmp_path: Path) -> None:
    """Occurrences written to disk a block at a time, read back by group, stored in chunks: same reports."""
    folder = _folder(tmp_path)
    for number in range(30):  # one group of 30 (more than its samples), interleaved with two others
        (folder / "logs" / f"g-{number:02d}.log").write_text(
            f"step {number}\nERROR: connection refused by host-{number}\n"
            + ("make: *** [all] Error 2\n" if number % 3 else "")
        )
    reports = []
    for block in (BLOCK, 2):
        analysis = _analyzed_at_noon(folder, tmp_path / f"s-{block}.db", block)
        occurrences = [result.group.occurrences for result in analysis.groups]
        assert all(isinstance(found, Stored) for found in occurrences) == (block == 2)
        assert max(len(found) for found in occurrences) >= 30 and all(
            list(found) == list(found[: len(found)]) and found[-1] == list(found)[-1] for found in occurrences
        )
        assert all(result.stats is not None and result.stats.is_new for result in analysis.groups)
        reports.append((render_json(analysis), render_text(analysis), render_csv(analysis)))
    assert reports[0] == reports[1]
    biggest = max(json.loads(reports[1][0])["groups"], key=lambda group: group["count"])
    assert biggest["count"] >= 30 and biggest["total_occurrences"] == biggest["count"] and biggest["is_new"]


@pytest.mark.parametrize("limit", [1, 3, 1 << 16])
def test_tally_counts_like_a_counter_in_memory_or_on_disk(limit: int) -> None:
    rng = random.Random(limit)
    tally, counts = Tally(limit), collections.Counter[int]()
    for _ in range(2000):
        keys = [rng.randrange(-50, 50) * (1 << 40) for _ in range(rng.randrange(3))]
        tally.add_all(keys)
        counts.update(keys)
        key = rng.randrange(-50, 50) * (1 << 40)
        expected = counts[key] > 0
        counts[key] -= expected
        assert tally.take(key) is expected
    tally.close()
    assert not tally.take(0)


def test_csv_written_in_batches_is_the_rendered_csv(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for number in range(300):  # more rows than a batch, one failure per log
        (folder / "logs" / f"h-{number:03d}.log").write_text(f"ERROR: connection refused by host-{number % 7}\n")
    analysis = _analyzed_at_noon(folder, tmp_path / "s.db", block=4)
    written = io.StringIO()
    write_csv(analysis, written)
    rows = written.getvalue().splitlines()
    assert written.getvalue() == render_csv(analysis) and len(rows) > 300
    # each failure's root once, and every occurrence once: evidence first, the others after
    assert sum(1 for row in rows if ",root," in row) == len(analysis.failures) > 300
    assert len(rows) - 1 == sum(result.group.count for result in analysis.groups)
