"""A record's context never reads across a runner's group markers: a step's `##[group]Run x` header (its
command echo, `shell:` and `env:` lines) is never evidence, and the previous or next step is not either; a
joined failure block (a pytest header and its exception) never runs on into the next failure's block."""

from __future__ import annotations

from classifier.extract import gha_log
from tests.extract.helpers import EXAMPLES, PYTEST_BLOCKS, bytes_doc, causes, file_doc

STAMP = "2026-03-02T09:13:49.7680000Z "
HEADER_LINES = ("shell: /usr/bin/bash -e {0}", "env:", "  DATABASE_URL: postgresql://shop:***@localhost:5432/shop")
# GitHub Actions' layout of two `run:` steps (the runner prints each step's header as a group)
TWO_STEPS = [
    "##[group]Run make lint",
    "make lint",
    "shell: /usr/bin/bash -e {0}",
    "##[endgroup]",
    "lint: all files clean",
    "##[group]Run ./deploy.sh",
    "./deploy.sh",
    "shell: /usr/bin/bash -e {0}",
    "env:",
    "  REGION: eu-west-1",
    "##[endgroup]",
    "curl: (6) Could not resolve host: deploy.internal.example",
    "##[group]Run ./notify.sh",
    "./notify.sh",
    "##[endgroup]",
]


def test_the_demo_logs_pytest_error_block_starts_after_the_step_header() -> None:
    result = gha_log.extract(file_doc(EXAMPLES / "failed-run" / "logs" / "test (3.11).txt", job="test (3.11)"))
    network = next(r for r in causes(result) if r.test_id.endswith("test_reserve_stock"))
    assert network.context[0].startswith("____")  # the block header
    for record in result.records:
        assert not set(record.context) & set(HEADER_LINES), record.message
        assert not any(line.startswith(("##[group]", "##[endgroup]")) for line in record.context)


def test_context_stays_inside_its_step() -> None:
    log = "\n".join(STAMP + line for line in TWO_STEPS).encode()
    result = gha_log.extract(bytes_doc("deploy.txt", log))
    dns = next(r for r in result.records if "Could not resolve host" in r.message)
    assert dns.step == "./deploy.sh"
    assert dns.context == ("curl: (6) Could not resolve host: deploy.internal.example",)


def test_a_failure_blocks_context_ends_with_its_own_block() -> None:
    result = gha_log.extract(bytes_doc("pytest.log", PYTEST_BLOCKS.encode()))
    db, answer = causes(result)
    assert db.test_id.endswith("test_db") and answer.test_id.endswith("test_answer")
    assert db.context[0].startswith("_____") and "test_sample.py:9: ConnectionError" in db.context
    assert not any("test_answer" in line or "inc(3)" in line for line in db.context)
    assert answer.context[0].startswith("_____") and answer.context[-1] == "test_sample.py:6: AssertionError"
    demo = gha_log.extract(file_doc(EXAMPLES / "failed-run" / "logs" / "test (3.11).txt", job="test (3.11)"))
    network = next(r for r in causes(demo) if r.test_id.endswith("test_reserve_stock"))
    assert network.context[-1].endswith("default.py:620: OperationalError")
