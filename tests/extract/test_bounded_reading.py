"""Bounded reading (issue 11): long lines in linear time and flat memory, CR progress, prefixes, record cap."""

from __future__ import annotations

import io
import string

from classifier.extract import gha_log, logread
from classifier.extract.prefix import strip_prefix
from classifier.extract.text import ESCLESS_RE, MAX_LINE_CHARS, clean_line, strip_ansi
from tests.extract.helpers import bytes_doc


def test_a_line_without_newline_is_read_with_bounded_buffers() -> None:
    head = b"ERROR: first part of a giant line "
    data = head + b"x" * (6 * logread.MAX_LINE_BYTES) + b" ERROR: Connection refused at the end"
    chunks = list(logread.iter_chunks(io.BytesIO(data), chunk_bytes=256 << 10))
    assert len(chunks) == 1
    (buf, _start, first_line) = chunks[0]
    assert first_line == 1
    assert len(buf) <= logread.MAX_LINE_BYTES + (256 << 10)  # flat: not the line's 6 MB
    assert buf.startswith(head) and buf.rstrip(b"\n").endswith(b"Connection refused at the end")


def test_giant_line_between_lines_keeps_line_numbers_and_both_ends() -> None:
    giant = b"progress " + b"#" * (3 * logread.MAX_LINE_BYTES) + b" fatal: unable to access 'https://x/': timed out"
    data = b"start\n" + giant + b"\nValueError: after the giant line\n"
    result = gha_log.extract(bytes_doc("giant.log", data))
    by_line = {r.line_start: r for r in result.records}
    assert by_line[3].exception_type == "ValueError"
    assert by_line[2].tool_hint == "timeout"


def test_overlap_is_capped_in_bytes() -> None:
    lines = [b"y" * 100_000 for _ in range(10)]
    data = b"\n".join(lines) + b"\nerror: done\n"
    sizes = [len(buf) for buf, _s, _n in logread.iter_chunks(io.BytesIO(data), chunk_bytes=200_000)]
    assert max(sizes) <= 200_000 + logread.OVERLAP_BYTES + 100_001


def test_carriage_return_progress_is_dropped_before_the_cut() -> None:
    progress = "".join(f"\rDownloading {i}%" + " " * 200 for i in range(120))  # about 26 KB
    raw = (progress + "\rERROR: Could not connect to db.example:5432: Connection refused").encode()
    assert len(raw) > 3 * MAX_LINE_CHARS
    _ts, text = clean_line(raw)
    assert text == "ERROR: Could not connect to db.example:5432: Connection refused"
    result = gha_log.extract(bytes_doc("progress.log", b"start\n" + raw + b"\n"))
    assert [(r.line_start, r.tool_hint) for r in result.records] == [(2, "network")]


def test_over_long_line_keeps_first_and_last_parts() -> None:
    raw = b"error: " + b"a" * 50_000 + b" tail-marker"
    _ts, text = clean_line(raw)
    assert len(text) <= MAX_LINE_CHARS
    assert text.startswith("error: aaa") and text.endswith("tail-marker")


def test_error_dense_log_stops_matching_at_the_record_cap() -> None:
    data = b"".join(b"error: thing %d broke\n" % i for i in range(gha_log.MAX_RECORDS * 3))
    result = gha_log.extract(bytes_doc("dense.log", data))
    assert len(result.records) == gha_log.MAX_RECORDS
    assert [p.kind for p in result.problems] == ["limit"]


def test_native_prefixes_are_stripped_with_their_timestamp() -> None:
    cases = {
        "[task 2025-02-13T09:58:31.520Z] 09:58:31     INFO -  make: *** [all] Error 2": "make: *** [all] Error 2",
        "[2019-05-23T16:37:45.180Z] ERROR: script returned exit code 1": "ERROR: script returned exit code 1",
        "2024-03-05T12:00:00.123456Z 01O+ error: linker failed": "error: linker failed",
        "14:02:11.123 ERROR org.acme.Db - connection lost": "connection lost",
        "DEBUG util.py:459:  No matching package to install: 'foo'": "No matching package to install: 'foo'",
        "Thu, 13 Feb 2025 09:58:31 GMT fatal: not a git repository": "fatal: not a git repository",
        "[24222:24245:0324/233643.1:FATAL:render.cc(18)] Check failed: x": "Check failed: x",
        "travis_fold:end:install npm ERR! code E404": "npm ERR! code E404",
    }
    for line, text in cases.items():
        assert strip_prefix(line).text == text, line
    assert strip_prefix("[ERROR] /a/B.java:[3,9] x").bare == "/a/B.java:[3,9] x"
    assert strip_prefix("12:34:56: not a timestamp prefix").text == "12:34:56: not a timestamp prefix"


def test_escape_sequences_of_ci_systems_are_removed() -> None:
    buildkite = b"\x1b_bk;t=1729032357206\x07\x1b[31mError: The command exited with status 1\x1b[0m"
    jenkins = b"\x1b[8mha:////4HPR6yAvrg8Qw/J1EkAW+oRkK9sifK==\x1b[0m[Pipeline] sh"
    gitlab = b"section_start:1621524382:build_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting step\x1b[0;m"
    assert clean_line(buildkite)[1] == "Error: The command exited with status 1"
    assert clean_line(jenkins)[1] == "[Pipeline] sh"
    assert clean_line(gitlab)[1] == "Executing step"


def test_escapes_without_their_esc_are_removed_as_their_regex_removes_them() -> None:
    # strip_ansi tries the regex only on a line whose `[` is followed by a digit or `;`, as every match's is
    lines = ["[0K[31;1mThe command exited with 1.", "[K8s] pod", "[INFO] x", "[", "[0", "[ERROR] [0Kx", "x[0K"]
    lines += [f"[{char}{end}x" for char in string.printable for end in ("m", "K", "0m", ";1m")]
    for line in lines:
        assert strip_ansi(line) == ESCLESS_RE.sub("", line), line
    assert strip_ansi("[0K[31;1mThe command exited with 1.") == "The command exited with 1."


def test_a_shell_scripts_own_logger_prefix_gives_the_line_its_level() -> None:
    # kata-containers' CI scripts log `[file:line] LEVEL: message` (kata-containers/tests#3982, a Jenkins job)
    job = (
        "10:18:05 [setup.sh:206] WARNING: Service docker is not active\n"
        "10:18:05 A dependency job for docker.service failed. See 'journalctl -xe' for details.\n"
        "10:18:05 [setup.sh:228] WARNING: Can't restart the docker service\n"
        "10:18:05 [jenkins_job_build.sh:170] ERROR: ci/setup.sh\n"
    )
    lines = [strip_prefix(line.split(" ", 1)[1]) for line in job.splitlines()]
    assert [(line.level, line.text) for line in lines[2:]] == [
        ("WARNING", "Can't restart the docker service"),
        ("ERROR", "ci/setup.sh"),
    ]
    assert strip_prefix("[foo.c:12] error: x").text == "[foo.c:12] error: x"  # a level word in capitals only
    records = gha_log.extract(bytes_doc("job.log", job.encode())).records
    assert not any(record.location for record in records)  # the script's own file and line are no finding
