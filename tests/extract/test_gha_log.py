"""The raw log scanner: GitHub Actions markers, steps, workflow commands, streaming and limits."""

from __future__ import annotations

import io

from classifier.extract import gha_log, logread
from classifier.model import Location, Problem, Role, Severity, SourceKind
from tests.extract.helpers import EXAMPLES, FIXTURES, bytes_doc, causes, file_doc, symptoms


def test_example_job_log_finds_pytest_failures_with_steps_and_symptoms() -> None:
    result = gha_log.extract(file_doc(EXAMPLES / "failed-run" / "logs" / "test (3.11).txt", job="test (3.11)"))
    assert result.problems == ()
    found = causes(result)
    assert {r.test_id for r in found} == {
        "tests/test_pricing.py::test_discount_applies_to_total",
        "tests/test_inventory.py::test_reserve_stock",
    }
    for record in found:
        assert record.framework == "pytest"
        assert record.step == "python -m pytest --junitxml=test-results/pytest-unit.xml -q"
        assert record.job == "test (3.11)"
        assert record.timestamp.startswith("2026-03-02T09:1")
        assert all("\x1b" not in line for line in record.context)
    assertion = next(r for r in found if r.test_id.endswith("test_discount_applies_to_total"))
    assert assertion.location == Location("tests/test_pricing.py", 45)  # from the block's closing line
    network = next(r for r in found if r.test_id.endswith("test_reserve_stock"))
    assert network.tool_hint == "network"
    assert network.exception_type == "OperationalError"
    exit_code = next(r for r in symptoms(result) if r.tool_hint == "exit_code")
    assert exit_code.message == "Process completed with exit code 1."
    assert exit_code.kind is SourceKind.GHA_LOG
    assert exit_code.code == "1"
    assert any(r.framework == "pytest" and r.role is Role.SYMPTOM and "1 failed" in r.message for r in result.records)


def test_workflow_commands_give_locations_and_error_markers_are_read() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "gha_log" / "job-commands.txt"))
    by_message = {r.message: r for r in result.records}
    lint = by_message["'total' is assigned a value but never used"]
    assert lint.location == Location("src/cart.ts", 12, 5)
    assert lint.details == "no-unused-vars"
    assert lint.step == "npm run lint"
    assert lint.line_start == 7
    warning = by_message["Unexpected any. Specify a different type"]
    assert warning.severity is Severity.WARNING
    assert by_message["Process completed with exit code 1."].role is Role.SYMPTOM
    dns = by_message["curl: (6) Could not resolve host: registry.internal.example"]
    assert dns.tool_hint == "dns"
    assert dns.step == "./scripts/integration.sh"
    timeout = next(r for r in result.records if "maximum execution time" in r.message)
    assert timeout.tool_hint == "timeout"


def test_plain_travis_maven_log() -> None:
    result = gha_log.extract(file_doc(FIXTURES / "gha_log" / "travis-maven.log"))
    test = next(r for r in result.records if r.test_id)
    assert test.test_id == "com.example.orders.OrderServiceTest.rejectsEmptyOrder"
    assert test.message == "org.opentest4j.AssertionFailedError: expected: <400> but was: <500>"
    assert test.framework == "surefire"
    hints = {(r.tool_hint, r.role) for r in result.records}
    assert ("checkstyle", Role.CAUSE) in hints
    assert ("test", Role.SYMPTOM) in hints  # surefire plugin goal and "Tests run" summary
    assert any(
        r.message == 'The command "mvn test -B" exited with 1.' and r.role is Role.SYMPTOM for r in result.records
    )
    assert not any("Help 1" in r.message and r.tool_hint == "" for r in result.records)


def test_ant_task_prefix_is_stripped() -> None:
    data = b"    [javac] /src/com/x/Water.java:352: error: method getFactor cannot be applied\nBUILD FAILED\n"
    result = gha_log.extract(bytes_doc("ant.log", data))
    javac = result.records[0]
    assert (javac.framework, javac.location) == ("javac", Location("/src/com/x/Water.java", 352))
    assert result.records[1].role is Role.SYMPTOM


def test_invalid_utf8_and_carriage_returns_are_not_problems() -> None:
    data = b"progress 10%\rprogress 100%\rerror: disk \xff\xfe is full: No space left on device\n"
    result = gha_log.extract(bytes_doc("bad.log", data))
    assert result.problems == ()
    (record,) = result.records
    assert record.tool_hint == "disk"
    assert "\ufffd" in record.message
    assert "progress" not in record.message


def test_chunking_keeps_line_numbers_and_lookback() -> None:
    lines = [f"line {i} ok" for i in range(1, 5001)]
    lines[3999] = "Traceback (most recent call last):"
    lines[4000] = "ValueError: bad value"
    data = ("\n".join(lines)).encode()  # no final newline
    chunks = list(logread.iter_chunks(io.BytesIO(data), chunk_bytes=4096))
    assert len(chunks) > 10
    assert b"".join(buf[start:] for buf, start, _ in chunks).rstrip(b"\n") == data
    for buf, _start, first_line in chunks:
        assert buf.split(b"\n", 1)[0] == lines[first_line - 1].encode()
    result = gha_log.extract(bytes_doc("big.log", data))
    (record,) = result.records
    assert record.line_start == 4001
    assert record.exception_type == "ValueError"
    assert "Traceback (most recent call last):" in record.context


def test_record_cap_is_reported_as_a_limit_problem() -> None:
    data = "".join(f"error: thing {i} broke\n" for i in range(gha_log.MAX_RECORDS + 50)).encode()
    result = gha_log.extract(bytes_doc("many.log", data))
    assert len(result.records) == gha_log.MAX_RECORDS
    assert result.problems == (
        Problem(
            "many.log", f"more than {gha_log.MAX_RECORDS} errors; the rest skipped", gha_log.MAX_RECORDS + 1, "limit"
        ),
    )


def test_repeated_messages_are_capped_per_document() -> None:
    data = b"java.lang.IllegalStateException: pool closed\n" * 20
    result = gha_log.extract(bytes_doc("repeat.log", data))
    assert len(result.records) == gha_log.MAX_REPEATS


def test_known_noise_lines_are_not_errors() -> None:
    data = (
        b"[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 0\n"
        b"gcc -Werror=format-security -c x.c\n"
        b"12:00:01.000 [main] DEBUG o.s.Factory - error handler registered\n"
    )
    assert gha_log.extract(bytes_doc("noise.log", data)).records == ()
