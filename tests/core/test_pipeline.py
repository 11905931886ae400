"""The pipeline end to end on the bundled examples: rules only, SQLite, every report format."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from classifier import model
from classifier.cli import main
from classifier.fingerprint import DEFAULT_GROUPING
from classifier.intake import MIN_OCCURRENCES_FOR_WORKERS
from classifier.model import Analysis, ClassifiedBy, RunContext
from classifier.pipeline import analyze
from classifier.report.json_report import render_json, write_json
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.spill import BLOCK
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "failed-run"
SETTINGS = load_settings({}, {"enable_error_classification": "false"})

JOB_LOG = """2026-11-23T10:00:00.0000000Z ##[group]Run make build
2026-11-23T10:00:01.0000000Z src/main.c:12:5: error: 'count' undeclared (first use in this function)
2026-11-23T10:00:01.1000000Z make: *** [Makefile:8: build] Error 1
2026-11-23T10:00:01.2000000Z ##[endgroup]
2026-11-23T10:00:01.3000000Z ##[error]Process completed with exit code 2.
"""


def run_analyze(paths: list[str], store: SQLiteStore, workers: int = 1) -> object:
    return analyze(
        iter_documents(paths),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
        workers=workers,
    )


def test_examples_are_extracted_classified_and_stored(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    analysis = analyze(
        iter_documents([str(EXAMPLE)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
    )
    assert len(analysis.inputs) >= 4
    assert all(item.primary is not None for item in analysis.inputs), [i.path for i in analysis.inputs]
    assert analysis.groups and all(r.stats is not None and r.stats.is_new for r in analysis.groups)
    assert sum(1 for r in analysis.groups if r.classification.classified_by is ClassifiedBy.RULE) >= 3
    assert any("Model classification off" in note for note in analysis.notes)
    assert analysis.grouping == DEFAULT_GROUPING.name  # the report names the grouping configuration
    assert json.loads(render_json(analysis))["tool"]["grouping"] == DEFAULT_GROUPING.name


def test_streamed_json_report_is_the_rendered_one(tmp_path: Path) -> None:
    (tmp_path / "job.log").write_text(JOB_LOG.replace("'count'", "'compté' \"✗\""), encoding="utf-8")
    analysis = run_analyze([str(EXAMPLE), str(tmp_path / "job.log")], SQLiteStore(tmp_path / "s.db"))
    assert isinstance(analysis, Analysis)
    assert analysis.failures and analysis.jobs and len(analysis.inputs) > 1
    streamed = io.StringIO()
    write_json(analysis, streamed)
    assert streamed.getvalue() == render_json(analysis)
    assert "compté" in streamed.getvalue()
    # A UTF-8 file gets orjson's bytes on its binary buffer, after what the stream already held; a stream
    # of another encoding gets text (escaped by its own error handler).
    for encoding, errors in (("utf-8", "strict"), ("UTF8", "strict"), ("ascii", "backslashreplace")):
        path = tmp_path / f"report-{encoding}.json"
        with path.open("w", encoding=encoding, errors=errors) as out:
            out.write("[")
            write_json(analysis, out)
            out.write("]")
        assert path.read_bytes() == f"[{render_json(analysis)}]".encode(encoding, errors)


def test_primary_is_the_compile_error_not_the_exit_code(tmp_path: Path) -> None:
    log = tmp_path / "build.log"
    log.write_text(JOB_LOG)
    store = SQLiteStore(tmp_path / "s.db")
    analysis = analyze(
        iter_documents([str(log)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
    )
    primary = analysis.inputs[0].primary
    assert primary is not None and "undeclared" in primary.record.message
    label = analysis.classification_for(primary.fingerprint.value)
    assert label is not None and label.category == "compilation_error"


def test_second_analysis_reuses_identity_and_does_not_double_count(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    first = analyze(
        iter_documents([str(EXAMPLE)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
    )
    again = analyze(
        iter_documents([str(EXAMPLE)]),
        vocabularies=Vocabularies(SETTINGS, store),
        store=store,
        run=RunContext(),
        clock=utc_now,
    )
    assert [r.group.fingerprint.value for r in first.groups] == [r.group.fingerprint.value for r in again.groups]
    assert not any(r.stats is not None and r.stats.is_new for r in again.groups)
    for before, after in zip(first.groups, again.groups, strict=True):
        assert before.stats is not None and after.stats is not None
        assert before.stats.occurrence_count == after.stats.occurrence_count


def test_occurrences_are_stored_while_the_inputs_are_read(tmp_path: Path) -> None:
    """A store that keeps no label per occurrence (SQLite) receives them as the inputs arrive, a block at a
    time, with the same counts, first sightings and labels as storing them after classification."""
    logs = [tmp_path / f"job{n}.log" for n in range(6)]
    for n, log in enumerate(logs):
        log.write_text(
            f"compiling\nsrc/m.c:{n + 3}:1: error: expected ';' before '}}' token\nmake: *** [all] Error {n}\n"
        )
    store = SQLiteStore(tmp_path / "s.db")
    stored_before: list[int] = []  # occurrences in the store when each input's results arrive

    def progress(name: str) -> None:
        stored_before.append(store._db.execute("SELECT count(*) FROM occurrences").fetchone()[0])

    def analyze_into(target: SQLiteStore, **options: Any) -> Analysis:
        documents = iter_documents([str(log) for log in logs])
        vocabularies = Vocabularies(SETTINGS, target)
        return analyze(documents, vocabularies=vocabularies, store=target, run=RunContext(), clock=utc_now, **options)

    analysis = analyze_into(store, block=1, progress=progress)
    assert stored_before[0] == 0 and stored_before[-1] > 0  # stored before the last input was classified
    after = SQLiteStore(tmp_path / "after.db")
    after.labels_per_occurrence = True  # as a store keeping labels: after classifying
    late = analyze_into(after, block=1)
    assert [
        (r.classification.category, r.stats and (r.stats.occurrence_count, r.stats.is_new)) for r in analysis.groups
    ] == [(r.classification.category, r.stats and (r.stats.occurrence_count, r.stats.is_new)) for r in late.groups]
    assert all(r.stats is not None and r.stats.is_new for r in analysis.groups)
    samples = "SELECT fingerprint, sample_message FROM fingerprints ORDER BY fingerprint"
    assert store._db.execute(samples).fetchall() == after._db.execute(samples).fetchall()  # same chunks


def test_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    for index in range(6):  # > 4 MB in all, so workers are really used
        (tmp_path / f"job{index}.log").write_text(("2026-11-23T10:00:00Z ok line\n" * 30000) + JOB_LOG)
    serial_store, parallel_store = SQLiteStore(":memory:"), SQLiteStore(":memory:")
    serial = analyze(
        iter_documents([str(tmp_path)]),
        vocabularies=Vocabularies(SETTINGS, serial_store),
        store=serial_store,
        run=RunContext(),
        clock=utc_now,
    )
    parallel = analyze(
        iter_documents([str(tmp_path)]),
        vocabularies=Vocabularies(SETTINGS, parallel_store),
        store=parallel_store,
        run=RunContext(),
        clock=utc_now,
        workers=2,
    )
    assert [i.path for i in serial.inputs] == [i.path for i in parallel.inputs]
    assert [(r.group.fingerprint.value, r.group.count) for r in serial.groups] == [
        (r.group.fingerprint.value, r.group.count) for r in parallel.groups
    ]


@pytest.mark.parametrize("block", [BLOCK, 2])  # 2: the waiting inputs are spilled, and the workers read the file
def test_jobs_linked_in_worker_processes_are_the_jobs_linked_here(tmp_path: Path, block: int) -> None:
    for index in range(6):  # > 4 MB and more occurrences than linking forks for
        errors = "".join(f"2026-11-23T10:00:01Z src/m{index}.c:{n}:5: error: 'v{n}' undeclared\n" for n in range(1000))
        (tmp_path / f"job{index}.log").write_text(("2026-11-23T10:00:00Z ok line\n" * 30000) + errors + JOB_LOG)
    analyses = []
    for workers in (1, 2):
        store = SQLiteStore(":memory:")
        vocabularies = Vocabularies(SETTINGS, store)
        documents = iter_documents([str(tmp_path)])
        clock = lambda: "2026-11-23T10:00:00Z"  # noqa: E731 - labels and stats carry the time
        analyses.append(
            analyze(
                documents,
                vocabularies=vocabularies,
                store=store,
                run=RunContext(),
                clock=clock,
                workers=workers,
                block=block,
            )
        )
    serial, parallel = analyses
    assert sum(i.record_count for i in serial.inputs) > MIN_OCCURRENCES_FOR_WORKERS
    assert list(serial.jobs) == list(parallel.jobs) and list(serial.inputs) == list(parallel.inputs)
    assert all(job.failures for job in serial.jobs)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_cli_writes_every_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    code = main(["analyze", str(EXAMPLE), "--format", fmt, "--output", str(out), "--db", str(tmp_path / "s.db"), "-q"])
    assert code == 0
    text = out.read_text()
    assert text.strip()
    if fmt == "json":
        assert json.loads(text)["stats"]["errors"] > 0


def test_cli_reports_bad_inputs_and_still_analyses_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.log").write_bytes(b"")
    (tmp_path / "bad.xml").write_text("<testsuite><testcase name='x'><failure")
    (tmp_path / "build.log").write_text(JOB_LOG)
    out = tmp_path / "r.json"
    code = main(["analyze", str(tmp_path), "--format", "json", "-o", str(out), "--db", str(tmp_path / "s.db"), "-q"])
    assert code == 1
    report = json.loads(out.read_text())
    problems = {p["path"]: p for item in report["inputs"] for p in item["problems"]}
    assert any(path.endswith("empty.log") for path in problems)
    assert any(path.endswith("bad.xml") for path in problems)
    assert any(item["primary"] and "undeclared" in item["primary"]["message"] for item in report["inputs"])
    assert "problem:" in capsys.readouterr().err


def test_cli_bad_usage_exits_2(tmp_path: Path) -> None:
    assert main(["analyze"]) == 2
    assert (
        main(["analyze", str(EXAMPLE), "--taxonomy", str(tmp_path / "missing.toml"), "--db", str(tmp_path / "d")]) == 2
    )


def test_baseline_option_reads_job_logs_and_reports_a_missing_file(tmp_path: Path) -> None:
    from classifier.commands.analyze import read_baselines

    ok = tmp_path / "ok.log"
    ok.write_text("step one\nstep two\n")
    assert read_baselines([f"deploy={ok}", str(ok)]) == {
        "deploy": ["step one", "step two"],
        "": ["step one", "step two"],
    }
    log = tmp_path / "build.log"
    log.write_text(JOB_LOG)
    code = main(["analyze", str(log), "--baseline", str(tmp_path / "missing.log"), "--db", str(tmp_path / "d"), "-q"])
    assert code == 2


def test_job_test_totals_sum_the_test_reports(tmp_path: Path) -> None:
    reports = ROOT / "tests" / "fixtures"
    log = tmp_path / "build.log"
    log.write_text(JOB_LOG)
    paths = [str(reports / "junit" / "go-junit-report.xml"), str(reports / "reports" / "nunit3-failures.xml"), str(log)]
    analysis = run_analyze(paths, SQLiteStore(tmp_path / "s.db"))
    assert isinstance(analysis, Analysis)
    by_path = {item.path: item.tests for item in analysis.inputs}
    assert {Path(path).name: tests for path, tests in by_path.items()} == {
        "go-junit-report.xml": model.TestTotals(run=5, failed=1, skipped=2),
        "nunit3-failures.xml": model.TestTotals(run=2, failed=2, skipped=0),
        "build.log": None,
    }
    for job in analysis.jobs:
        found = [tests for path in job.inputs if (tests := by_path[path]) is not None]
        assert job.tests == (sum(found[1:], found[0]) if found else None)
    assert sum((job.tests for job in analysis.jobs if job.tests), model.TestTotals()) == model.TestTotals(7, 3, 2)
