"""Misreads a developer saw on the run page: a BuildKit step's `#9 7.312` prefix in a card, pip's boxed
`│ exit code: 1` as evidence of its own."""

from __future__ import annotations

from pathlib import Path

from classifier.model import JobResult
from classifier.report.cards import job_card
from classifier.report.jobs_view import RunLinks
from tests.report.gfm import render
from tests.report.test_card_evidence import analysis_of

# pip >= 22 reports a failed build subprocess as a DiagnosticPipError (pip's src/pip/_internal/exceptions.py,
# InstallationSubprocessError and MetadataGenerationFailed, as its docs' "Build failures" show): `error:
# <reference>`, `× message`, `│ exit code: 1`, `╰─> [N lines of output]`. Here inside `docker build
# --progress=plain` (Docker docs, "Build output"): each output line carries its step number and seconds.
BUILDKIT_PIP = """\
#9 [4/6] RUN pip install --no-cache-dir -r requirements.txt
#9 1.873 Collecting uwsgi==2.0.21
#9 2.105   Downloading uwsgi-2.0.21.tar.gz (808 kB)
#9 6.950   error: subprocess-exited-with-error
#9 6.950
#9 6.950   × python setup.py egg_info did not run successfully.
#9 6.950   │ exit code: 1
#9 6.950   ╰─> [8 lines of output]
#9 6.950       Traceback (most recent call last):
#9 6.950         File "<string>", line 2, in <module>
#9 6.950         File "/tmp/pip-install-3p/uwsgi_1/uwsgiconfig.py", line 8, in <module>
#9 6.950           uwsgi_os = os.uname()[0]
#9 6.950       AttributeError: module 'os' has no attribute 'uname'
#9 6.950       [end of output]
#9 6.950
#9 6.950   note: This error originates from a subprocess, and is likely not a problem with pip.
#9 6.951 error: metadata-generation-failed
#9 6.951
#9 6.951 × Encountered error while generating package metadata.
#9 6.951 ╰─> See above for output.
#9 6.951
#9 6.951 note: This is an issue with the package mentioned above, not pip.
#9 6.951 hint: See above for details.
#9 ERROR: process "/bin/sh -c pip install --no-cache-dir -r requirements.txt" did not complete successfully: \
exit code: 1
------
 > [4/6] RUN pip install --no-cache-dir -r requirements.txt:
6.951 × Encountered error while generating package metadata.
6.951 ╰─> See above for output.
------
Dockerfile:6
--------------------
   5 |
   6 | >>> RUN pip install --no-cache-dir -r requirements.txt
--------------------
ERROR: failed to solve: process "/bin/sh -c pip install --no-cache-dir -r requirements.txt" did not complete \
successfully: exit code: 1
"""

# The same pip error with no output of its own (`See above for output.`) from the legacy builder, which ends with
# `executor failed running [...]` and no `#9 ERROR:` line: the cause is read back from the step's lines.
BUILDKIT_PIP_NO_OUTPUT = """\
#9 [4/6] RUN pip install -r requirements.txt
#9 5.021 Collecting gevent==21.1.2
#9 5.400   Downloading gevent-21.1.2.tar.gz (5.9 MB)
#9 7.312 error: subprocess-exited-with-error
#9 7.312
#9 7.312 × pip subprocess to install build dependencies did not run successfully.
#9 7.312 │ exit code: 1
#9 7.312 ╰─> See above for output.
#9 7.312
#9 7.312 note: This error originates from a subprocess, and is likely not a problem with pip.
------
executor failed running [/bin/sh -c pip install -r requirements.txt]: exit code: 1
"""

# pip >= 22 in a GitHub Actions step (psycopg2 without pg_config, its setup.py's own message in the box).
PIP_IN_STEP = """\
Collecting psycopg2==2.9.3
  Downloading psycopg2-2.9.3.tar.gz (380 kB)
  Preparing metadata (setup.py): started
  Preparing metadata (setup.py): finished with status 'error'
  error: subprocess-exited-with-error

  × python setup.py egg_info did not run successfully.
  │ exit code: 1
  ╰─> [6 lines of output]
      running egg_info

      Error: pg_config executable not found.

      pg_config is required to build psycopg2 from source.
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
error: metadata-generation-failed

× Encountered error while generating package metadata.
╰─> See above for output.

note: This is an issue with the package mentioned above, not pip.
hint: See above for details.
##[error]Process completed with exit code 1.
"""


def _job(tmp_path: Path, text: str) -> JobResult:
    (job,) = analysis_of(tmp_path, text, "build.log").jobs
    return job


def _messages(job: JobResult) -> list[str]:
    return [evidence.occurrence.record.message for failure in job.failures for evidence in failure.evidence]


def test_a_buildkit_pip_failure_is_one_failure_led_by_its_own_error(tmp_path: Path) -> None:
    job = _job(tmp_path, BUILDKIT_PIP)
    assert [f.root.record.message for f in job.failures] == ["AttributeError: module 'os' has no attribute 'uname'"]
    assert not [m for m in _messages(job) if "exit code: 1" in m and "did not complete" not in m]


def test_a_buildkit_card_shows_the_step_output_without_step_number_and_time(tmp_path: Path) -> None:
    job = _job(tmp_path, BUILDKIT_PIP)
    code = "".join(render("\n".join(job_card(job, RunLinks()))).code)
    assert "AttributeError: module 'os' has no attribute 'uname'" in code
    assert "× python setup.py egg_info did not run successfully.\n│ exit code: 1\n" in code
    assert "#9 6.950" not in code


def test_a_cause_read_back_from_a_buildkit_step_has_no_prefix(tmp_path: Path) -> None:
    job = _job(tmp_path, BUILDKIT_PIP_NO_OUTPUT)
    (failure,) = job.failures
    assert failure.root.record.message == "× pip subprocess to install build dependencies did not run successfully."
    assert all(not line.startswith("#9 7.312") for line in failure.root.record.context)
    assert "exit code: 1" not in [m.lstrip("│ ") for m in _messages(job)]


def test_pips_boxed_exit_code_belongs_to_its_error(tmp_path: Path) -> None:
    job = _job(tmp_path, PIP_IN_STEP)
    (failure,) = job.failures
    assert failure.root.record.message == "Error: pg_config executable not found."
    assert not [m for m in _messages(job) if m.lstrip("│ ").startswith("exit code")]
    records = [e.occurrence.record for e in failure.evidence]
    subprocess_error = next(r for r in records if "subprocess-exited" in r.message)
    assert "  │ exit code: 1" in subprocess_error.context  # shown with its error, not as a record of its own


# A Terraform apply cancelled at GitHub's default 360-minute limit: the log's own times (GitHub stamps each line)
# span the limit; Terraform prints `Still creating... [5h55m0s elapsed]` (its documented apply progress).
CANCELLED_AT_LIMIT = """\
2026-11-23T08:00:02.0000000Z ##[group]Run terraform apply -auto-approve
2026-11-23T08:00:02.0000000Z terraform apply -auto-approve
2026-11-23T08:00:02.0000000Z ##[endgroup]
2026-11-23T08:00:09.0000000Z aws_db_instance.main: Creating...
2026-11-23T13:55:09.0000000Z aws_db_instance.main: Still creating... [5h55m0s elapsed]
2026-11-23T14:00:04.0000000Z ##[error]The operation was canceled.
"""


def test_the_card_says_what_showed_the_time_limit(tmp_path: Path) -> None:
    job = _job(tmp_path, CANCELLED_AT_LIMIT)
    (failure,) = job.failures
    assert failure.classification.category == "timeout"
    page = render("\n".join(job_card(job, RunLinks())))
    said = [line for line in " ".join(page.text).split("⏱️")[1:]]
    assert said and "the log spans 360 minutes (limit 360)" in said[0]


# R CMD check of a package whose testthat (2.x) test fails, run by r-lib/actions' check-r-package: the check's
# own `Last 13 lines of output:` block, then rcmdcheck's summary, which prints that block again and closes with
# `Error: R CMD check found ERRORs` (testthat's CheckReporter and rcmdcheck's print method, as they print them).
R_CMD_CHECK = """\
* checking tests ...
  Running ‘testthat.R’
 ERROR
Running the tests in ‘tests/testthat.R’ failed.
Last 13 lines of output:
  ── 1. Failure: addition works (@test-math.R#3)  ────────────────────────────────
  add(1, 1) not equal to 3.
  1/1 mismatches
  [1] 2 - 3 == -1

  ══ testthat results  ═══════════════════════════════════════════════════════════
  [ OK: 5 | SKIPPED: 0 | WARNINGS: 0 | FAILED: 1 ]
  1. Failure: addition works (@test-math.R#3)

  Error: testthat unit tests failed
  Execution halted
* DONE

Status: 1 ERROR

── R CMD check results ─────────────────────────────────── mypkg 0.1.0 ────
Duration: 31.2s

❯ checking tests ... ERROR
  Running ‘testthat.R’
  Running the tests in ‘tests/testthat.R’ failed.
  Last 13 lines of output:
    ── 1. Failure: addition works (@test-math.R#3)  ────────────────────────────────
    add(1, 1) not equal to 3.
    1/1 mismatches
    [1] 2 - 3 == -1

    ══ testthat results  ═══════════════════════════════════════════════════════════
    [ OK: 5 | SKIPPED: 0 | WARNINGS: 0 | FAILED: 1 ]
    1. Failure: addition works (@test-math.R#3)

    Error: testthat unit tests failed
    Execution halted

1 error ✖ | 0 warnings ✔ | 0 notes ✔
Error: R CMD check found ERRORs
Execution halted
"""


def test_a_testthat_failure_listed_again_by_r_cmd_check_is_one_failure(tmp_path: Path) -> None:
    job = _job(tmp_path, R_CMD_CHECK)
    (failure,) = job.failures
    assert (failure.root.record.test_id, failure.root.record.message) == ("addition works", "add(1, 1) not equal to 3.")
    assert "Error: R CMD check found ERRORs" in _messages(job)  # rcmdcheck's verdict: evidence, not a failure
    headlines = [line for line in job_card(job, RunLinks()) if line.startswith("**")]
    assert headlines == ["**Assertion failure** · `addition works` · 🆕 new  "]  # one root cause, once


# `docker build --progress=plain` of a pip install that finds no distribution (BuildKit's failed-step output
# and its recap block after `#N ERROR:`, then the Dockerfile excerpt and `failed to solve`).
BUILDKIT_RECAP = """\
#9 [3/4] RUN pip install -r requirements.txt
#9 1.204 Collecting requests==2.31.0
#9 7.312 ERROR: Could not find a version that satisfies the requirement foo==9.9 (from versions: none)
#9 7.313 ERROR: No matching distribution found for foo==9.9
#9 ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1
------
 > [3/4] RUN pip install -r requirements.txt:
1.204 Collecting requests==2.31.0
7.312 ERROR: Could not find a version that satisfies the requirement foo==9.9 (from versions: none)
7.313 ERROR: No matching distribution found for foo==9.9
------
Dockerfile:5
--------------------
   5 | >>> RUN pip install -r requirements.txt
--------------------
ERROR: failed to solve: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1
"""


def test_a_buildkit_excerpt_shows_the_step_output_once(tmp_path: Path) -> None:
    job = _job(tmp_path, BUILDKIT_RECAP)
    assert len(job.failures) == 1
    excerpt = next(code for code in render("\n".join(job_card(job, RunLinks()))).code if "\n" in code)
    assert excerpt.count("Could not find a version that satisfies the requirement foo==9.9") == 1
    assert excerpt.splitlines()[-1].startswith("#9 ERROR: process")
    assert "#9 7.312" not in excerpt


# goreleaser (v2) nests a tool's output under a box-drawing gutter, as its docker pipe prints a failed build.
GORELEASER = """\
    • building docker image                          image=ghcr.io/acme/tool:v1.2.0-arm64
    │ #12 exporting to image
    │ ERROR: failed to build: failed to solve: ResourceExhausted: write /var/lib/docker/overlay2/x/diff/tool: \
no space left on device
    │ Learn more at https://goreleaser.com/errors/docker-build
Error: The process '/opt/hostedtoolcache/goreleaser-action/2.13.0/x64/goreleaser' failed with exit code 1
"""


def test_a_message_is_shown_without_the_gutter_a_tool_drew_before_it(tmp_path: Path) -> None:
    job = _job(tmp_path, GORELEASER)
    (failure,) = job.failures
    assert failure.classification.category == "resource_exhaustion"
    card = job_card(job, RunLinks())
    headline = next(line for line in card if line.startswith("`"))
    assert headline.startswith("`ERROR: failed to build: failed to solve: ResourceExhausted:")
    # the record itself (the JSON's message, the fingerprint's text) has no gutter either
    assert failure.root.record.message.startswith("ERROR: failed to build: failed to solve: ResourceExhausted:")


# Maven Surefire's end-of-run summary (its documented `Results:` block): `Class.test:line message`, or the
# line number alone when the assertion gave no message.
SUREFIRE_SUMMARY = """\
[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   ContentExtractorTest.getContentWithImagesTest:433
[ERROR]   CalculatorTest.testAdd:12 expected:<3> but was:<4>
[INFO]
[ERROR] Tests run: 128, Failures: 2, Errors: 0, Skipped: 0
[INFO]
[INFO] BUILD FAILURE
"""


def test_a_surefire_summary_line_shows_its_message_not_its_line_number(tmp_path: Path) -> None:
    job = _job(tmp_path, SUREFIRE_SUMMARY)
    card = job_card(job, RunLinks())
    shown = [line.strip() for line in card if line.startswith("`")]
    assert "`ContentExtractorTest.getContentWithImagesTest:433`" in shown  # no message: the line stays with it
    assert "`expected:<3> but was:<4>`" in shown
    assert "`433`" not in shown


def test_a_buildkit_step_line_is_shown_with_its_own_text_not_its_outputs(tmp_path: Path) -> None:
    job = _job(tmp_path, BUILDKIT_RECAP)
    (failure,) = job.failures
    shown = [(e.link.value, e.occurrence.record.line_start, e.occurrence.record.message) for e in failure.evidence]
    assert [message for _link, _line, message in shown].count("ERROR: No matching distribution found for foo==9.9") == 1
    step = 'ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1'
    assert ("wrapper", 5, step) in shown  # the step's ERROR line (5) with its own text, not pip's line above it
    bullets = [line for line in job_card(job, RunLinks()) if line.startswith("- ")]
    assert sum("No matching distribution found for foo==9.9" in line for line in bullets) == 1
