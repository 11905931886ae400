"""Where each step begins in a job log, for `…/job/<id>#step:<n>:<line>` links.

The real check reads one GitHub Actions run's raw log archive (`ci_logs/gha_raw_log_example`, from
D2KLab/gha-dataset): each job there comes twice, as the whole job log the jobs API serves and as one file per
step (`<n>_<name>.txt`, the step's log as the web view numbers it). The steps' `started_at` is taken as the
jobs API gives it (the step's first line's time, whole seconds); every step must begin where its own file's
first line is in the job log. Skipped when the shared data is absent.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest

import entrypoint
from bench.common import data_dir
from classifier.access import LogSteps, StepStart
from classifier.github.api import StepInfo
from classifier.github.commands import parse_output_file
from classifier.github.log_steps import first_at, step_starts
from tests.action.runner import failed_run, runner_env
from tests.report.gfm import to_html
from tests.servers.github_api import FakeGitHub

STEP_FILE = re.compile(r"^(\d+)_(.*)\.txt$")


def _line(stamp: str, text: str) -> str:
    return f"2026-11-23T08:24:{stamp}Z {text}\n"


def _step(number: int, name: str, started: str, conclusion: str = "success") -> StepInfo:
    return StepInfo(number, name, "completed", conclusion, f"2026-11-23T08:24:{started}Z")


def test_steps_begin_at_their_opening_line_within_a_shared_second() -> None:
    log = "".join(
        [
            _line("01.1000000", "Requested labels: ubuntu-latest"),  # before a runner picked the job up
            _line("03.1000000", "Current runner version: '2.330.0'"),
            _line("03.2000000", "Complete job name: test"),
            _line("03.4000000", "##[group]Run actions/checkout@v4"),  # same second as the line before
            _line("03.5000000", "##[endgroup]"),
            _line("04.9000000", "Syncing repository: octo/app"),
            _line("05.0000000", "##[group]Run pytest -q"),
            _line("05.1000000", "##[endgroup]"),
            _line("09.0000000", "E       assert 3 == 4"),
            _line("09.1000000", "##[error]Process completed with exit code 1."),
            _line("10.0000000", "Post job cleanup."),
            _line("10.5000000", "Cleaning up orphan processes"),
        ]
    ).encode()
    steps = [
        _step(1, "Set up job", "03"),
        _step(2, "Run actions/checkout@v4", "03"),
        _step(3, "Run pytest -q", "05", "failure"),
        _step(4, "Deploy", "05", "skipped"),  # skipped: wrote nothing
        _step(6, "Post Run actions/checkout@v4", "10"),
        _step(7, "Complete job", "10"),
    ]
    starts = step_starts(log, steps)
    assert [(s.number, s.line) for s in starts] == [(1, 2), (2, 4), (3, 7), (6, 11), (7, 12)]
    where = LogSteps("test.log", "https://github.com/octo/app/actions/runs/1/job/2", starts)
    assert where.locate(9) == (StepStart(3, "Run pytest -q", 7), 3)
    assert where.locate(1) is None  # the lines before the runner started belong to no step


def test_a_log_without_timestamps_places_no_step() -> None:
    """A plain build log (no timestamps) cannot be placed against the steps' times: no links, not wrong ones."""
    assert (
        step_starts(b"#1 [internal] load build definition\nERROR: failed to solve\n", [_step(1, "Set up job", "00")])
        == ()
    )


def test_first_at_is_a_binary_search_over_growing_timestamps() -> None:
    log = b"".join(_line(f"{i // 10:02d}.{i:07d}", f"line {i}").encode() for i in range(500))
    offset = first_at(log, "2026-11-23T08:24:17")
    assert log[offset:].split(b"\n", 1)[0].endswith(b"line 170")
    assert first_at(log, "2026-11-23T09:00:00") == len(log)
    assert first_at(log, "2026-11-23T08:00:00") == 0


def _archive_files(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and not m.name.endswith("/")]
        return {m.name: tar.extractfile(m).read() for m in members}  # type: ignore[union-attr]


def _archive_jobs(files: dict[str, bytes]) -> list[tuple[bytes, list[StepInfo], dict[int, int]]]:
    """(job log, steps as the API gives them, true first line per step number) per job of the archive."""
    jobs = []
    folders = sorted({name.split("/", 1)[0] for name in files if "/" in name})
    for folder in folders:
        whole = [name for name in files if "/" not in name and name.split("_", 1)[-1] == f"{folder}.txt"]
        if len(whole) != 1:
            continue
        log = files[whole[0]]
        lines = log.decode("utf-8", "replace").splitlines()
        step_files = []
        for name, text in files.items():
            matched = STEP_FILE.match(name.split("/", 1)[1]) if name.startswith(folder + "/") else None
            if matched:
                step_files.append((int(matched.group(1)), matched.group(2), text))
        steps: list[StepInfo] = []
        truth: dict[int, int] = {}
        for number, name, text in sorted(step_files):
            first = text.decode("utf-8", "replace").splitlines()[0]
            steps.append(StepInfo(number, name, "completed", "success", first[:19] + "Z"))
            after = max(truth.values(), default=0)
            at = [i for i, line in enumerate(lines, 1) if i > after and line[29:] == first[29:]]
            truth[number] = at[0] if at else 0
        if all(truth.values()):  # one whole log of the archive is another job's of the same name
            jobs.append((log, steps, truth))
    return jobs


def test_steps_of_a_real_run_begin_where_their_own_step_logs_do() -> None:
    data = data_dir()
    archive = data / "ci_logs/gha_raw_log_example/examples/log.tar.gz" if data else None
    if archive is None or not archive.exists():
        pytest.skip("shared data absent")
    jobs = _archive_jobs(_archive_files(archive))
    assert len(jobs) >= 15
    for log, steps, truth in jobs:
        found = {start.number: start.line for start in step_starts(log, steps)}
        assert found == truth


def test_cards_and_the_report_link_each_root_cause_to_its_log_line(tmp_path: Path) -> None:
    """End to end on the loopback API: the jobs API's steps and the downloaded log give each root cause a
    `#step:<n>:<line>` link whose line, counted from its step's first line, is the root's line."""
    with FakeGitHub() as gh:
        failed_run(gh)
        env = runner_env(tmp_path, gh, artifact_patterns="", paths="")
        entrypoint.main(env, io.StringIO())
        logs = {job_id: gh.state.logs[job_id].decode().splitlines() for job_id in (21, 23)}
    outputs = parse_output_file(Path(env["GITHUB_OUTPUT"]).read_text())
    report = json.loads(Path(outputs["report_path"]).read_text())
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    linked = [f for f in report["failures"] if "#step:" in f["log_url"]]
    assert {f["job"] for f in linked} == {"unit (3.12)", "build"}
    for failure in linked:
        job_id = int(failure["log_url"].split("/job/")[1].split("#")[0])
        step, line = (int(part) for part in failure["log_url"].split("#step:")[1].split(":"))
        assert step == 3  # "Run tests" / "Build": the step that failed
        step_lines = logs[job_id][7:]  # the step begins at the job log's 8th line (`##[group]Run …`)
        assert step_lines[0].endswith(("##[group]Run python -m pytest -q", "##[group]Run make"))
        assert failure["message"] in step_lines[line - 1]
        assert f"line {line}]({failure['log_url']})" in summary  # `[log: “Run tests”, line 9](…)`
    html = to_html(summary)
    assert 'href="https://github.com/octo/app/actions/runs/1001/job/23#step:3:' in html
