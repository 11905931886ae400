"""The failing step's lines kept while scanning (classifier/extract/steps.py): the same window as reading the
log again from its start, whatever the chunking, and `extract_document` reads a log only once for it."""

from __future__ import annotations

import io

import pytest

from classifier.extract import extract_document, gha_log, logread, lookback, steps
from classifier.sources.base import Document
from tests.extract.helpers import FIXTURES

# Step starts of each CI system and tool steps.py knows, group headers, a Buildkite prompt coloured apart
# from its command (as buildkite-agent prints it), blank lines and timestamps.
LOG = (
    "2024-01-01T00:00:00.0000000Z ##[group]Run pip install -e .\n"
    "2024-01-01T00:00:00.0000000Z shell: /usr/bin/bash -e {0}\n"
    "2024-01-01T00:00:00.0000000Z ##[endgroup]\n"
    "Collecting x\n"
    "\n"
    "$ make test\n"
    "cc -c a.c\n"
    "[INFO] --- maven-surefire-plugin:2.22.2:test (default-test) @ app ---\n"
    "[INFO] Running AppTest\n"
    "> Task :app:compileJava\n"
    "Note: some input files use unchecked operations.\n"
    "\x1b_bk;t=1725840919098\x07\x1b[90m$\x1b[0m ./ci/post-command.sh\n"
    "running hook\n"
    "##[section]Starting: Build\n"
    "##[group]Run pytest -q\n"
    "$ not a step inside the group header\n"
    "##[endgroup]\n"
    "E   assert 1 == 2\n"
    "##[endgroup]\n"
    "last line\n"
)


def _index(data: bytes, chunk_bytes: int) -> list[tuple[int, steps.Window | None]]:
    index = steps.StepIndex()
    found = []
    for buf, start, first_line in logread.iter_chunks(io.BytesIO(data), chunk_bytes):
        index.enter(buf, start, first_line)
        last = first_line + buf.count(b"\n")
        found += [(line, index.window(line)) for line in range(index.first_new, last + 1)]
    return found


@pytest.mark.parametrize("repeat", [1, 12])
@pytest.mark.parametrize("chunk_bytes", [64, 200, 4096, logread.CHUNK_BYTES])
def test_the_index_gives_the_window_a_second_read_gives(repeat: int, chunk_bytes: int) -> None:
    data = (LOG * repeat).encode()
    windows = _index(data, chunk_bytes)  # the line after a chunk is asked in it and in the next one
    assert {line for line, _ in windows} == set(range(1, data.count(b"\n") + 2))
    for line, window in windows:
        assert window == steps.read_window(io.BytesIO(data), line), line
    by_line = dict(windows)
    assert by_line[5] == steps.Window("pip install -e .", (steps.WindowLine(4, "Collecting x"),))
    assert by_line[13] == steps.Window("./ci/post-command.sh", ())
    assert by_line[14] == steps.Window("./ci/post-command.sh", (steps.WindowLine(13, "running hook"),))
    assert by_line[17] == steps.Window("pytest -q", ())  # inside the step's group header
    assert by_line[20] == steps.Window(
        "pytest -q", (steps.WindowLine(18, "E   assert 1 == 2"), steps.WindowLine(19, "##[endgroup]"))
    )


def test_a_long_step_keeps_its_last_lines_across_chunks() -> None:
    data = ("$ ./run-tests\n" + "".join(f"test {i} ok\n" for i in range(1, 1001))).encode()
    *_, (line, window) = _index(data, 1024)
    assert window is not None and window.command == "./run-tests"
    assert [entry.number for entry in window.lines] == list(range(line - steps.WINDOW, line))
    assert window.lines[-1].text == "test 1000 ok"


def test_the_failing_step_of_a_big_log_is_found_in_one_read() -> None:
    # The failure is in the first chunk; the log goes on for more than a chunk after it.
    head = "$ ./travis.sh\nRunning the checks\n./travis.sh: line 61: stringEcho: command not found\n"
    tail = "".join(f"cleanup {i}\n" for i in range(logread.CHUNK_BYTES // 12 + 10))
    data = (head + 'The command "./travis.sh" exited with 127.\n' + tail).encode()
    opened: list[int] = []

    def opener() -> io.BytesIO:
        opened.append(1)
        return io.BytesIO(data)

    result = extract_document(Document("travis.log", opener, len(data)))
    assert len(opened) == 2  # the format sniff and the scan
    cause = next(record for record in result.records if record.line_start == 3)
    assert cause.message == "./travis.sh: line 61: stringEcho: command not found"
    assert cause.step == "./travis.sh"


@pytest.mark.parametrize(
    "fixture",
    [
        "link/maven-could-not-read.log",
        "link/ant-build-failed.log",
        "link/maven-license-section.log",
        "link/sphinx-warning-as-error.log",
    ],
)
def test_a_wrappers_detail_is_read_from_the_index(fixture: str) -> None:
    # lookback reads the lines under a wrapper (Maven, Ant, Sphinx); the index gives what a second read gives
    data = (FIXTURES / fixture).read_bytes()
    opened: list[int] = []

    def opener() -> io.BytesIO:
        opened.append(1)
        return io.BytesIO(data)

    doc = Document(fixture, opener, len(data))
    result = extract_document(doc)
    assert len(opened) == 2  # the format sniff and the scan
    reread = lookback.complete(doc, gha_log.extract(doc))  # no index: lookback reads the log again
    assert len(opened) >= 4  # the window, and for some the lines after the marker
    assert result == reread
    assert result.records != gha_log.extract(doc).records  # lookback found the detail


@pytest.mark.parametrize("chunk_bytes", [64, 200, logread.CHUNK_BYTES])
def test_the_ci_step_at_a_line_is_the_one_every_step_start_gives(chunk_bytes: int) -> None:
    # command_at finds the CI system's steps alone; Maven's and Gradle's sections (one naming a `#` and a `$`)
    # never change them, so the step is the one the index gives after reading every step start
    data = (LOG + "[INFO] --- exec-maven-plugin:3.1.0:exec (#1) @ $app ---\n$ ./next.sh\nout\n").encode()
    ci_only, every = steps.StepIndex(), steps.StepIndex()
    found = []
    for buf, start, first_line in logread.iter_chunks(io.BytesIO(data), chunk_bytes):
        ci_only.enter(buf, start, first_line)
        every.enter(buf, start, first_line)
        last = first_line + buf.count(b"\n")
        every.window(last)  # reads every step start of the chunk
        for line in range(ci_only.first_new, last + 1):
            assert ci_only.command_at(line) == every.command_at(line), line
            found.append(ci_only.command_at(line))
    assert {"pip install -e .", "make test", "./ci/post-command.sh", "Build", "pytest -q", "./next.sh"} <= set(found)


def _noted(buf: bytes, start: int, first_line: int, every: int) -> dict[int, int]:
    """What the scanner notes of a chunk: the offsets of some of its lines (every `every`-th line of its new
    text), by their line numbers."""
    offsets, line, begin = {}, first_line + buf.count(b"\n", 0, start), start
    while begin < len(buf):
        if line % every == 0:
            offsets[line] = begin
        begin, line = buf.find(b"\n", begin) + 1, line + 1
    return offsets


@pytest.mark.parametrize("every", [1, 3, 7])
@pytest.mark.parametrize("chunk_bytes", [64, 200, logread.CHUNK_BYTES])
def test_line_numbers_counted_from_the_scanners_lines_are_the_counted_ones(chunk_bytes: int, every: int) -> None:
    # the index counts an event's line from the nearest line the scanner noted before it, and the chunk's
    # last line from the last one noted: the same numbers as counting every line from the chunk's start
    data = (LOG * 5 + "[INFO] --- exec-maven-plugin:3.1.0:exec (#1) @ app ---\n$ ./next.sh\nout\n").encode()
    noted, counting = steps.StepIndex(), steps.StepIndex()
    chunks = list(logread.iter_chunks(io.BytesIO(data), chunk_bytes))
    for number, (buf, start, first_line) in enumerate(chunks, 1):
        noted.enter(buf, start, first_line)
        counting.enter(buf, start, first_line)
        noted.offsets = _noted(buf, start, first_line, every)
        noted.at_end = counting.at_end = number == len(chunks)
        last = first_line + buf.count(b"\n")
        assert noted.command_at(last) == counting.command_at(last)
        assert noted.events == counting.events  # the CI system's steps, with their line numbers
        assert noted.window(last) == counting.window(last)
        assert noted.events == counting.events  # every step start
        assert noted.tail(5) == counting.tail(5)
    assert noted.tail(5) and noted.tail(5)[-1] == steps.WindowLine(data.count(b"\n"), "out")
