"""Long lines through the whole CLI: escape codes and carriage-return progress are stripped before the line is
cut (the text after the last carriage return is the line), and an over-long line keeps its first and last
parts. Unit tests of the reader are in `tests/extract/test_bounded_reading.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from classifier.cli import main
from classifier.extract.text import MAX_LINE_CHARS

ERROR = "ERROR: Could not connect to db.example:5432: Connection refused"


def _messages(tmp_path: Path, data: bytes) -> list[str]:
    return [str(error["message"]) for error in _errors(tmp_path, data)]


def _errors(tmp_path: Path, data: bytes) -> list[dict[str, Any]]:
    log = tmp_path / "build.log"
    log.write_bytes(data)
    out = tmp_path / "report.json"
    args = ["analyze", str(log), "--db", str(tmp_path / "db.sqlite"), "--no-llm", "-q", "--format", "json"]
    assert main([*args, "-o", str(out)]) == 0
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return list(report["errors"])


def test_escape_dense_line_keeps_its_error(tmp_path: Path) -> None:
    redraws = b"\x1b[2K\x1b[1G\x1b[36m\xe2\xa0\x8b\x1b[39m" * 2000  # a spinner redrawn: 38 KB raw, 2,000 characters
    raw = redraws + b"\x1b[2K\x1b[1G\x1b[31m" + ERROR.encode() + b"\x1b[0m"
    assert len(raw) > 4 * MAX_LINE_CHARS
    messages = _messages(tmp_path, b"start\n" + raw + b"\ndone\n")
    assert any(message.endswith("Connection refused") for message in messages), messages


def test_coloured_long_line_is_cut_after_stripping(tmp_path: Path) -> None:
    words = b"\x1b[32mok\x1b[0m " * 3000  # 36 KB raw, 9,000 characters: over the cut only once stripped
    messages = _messages(tmp_path, b"start\n" + words + b"ERROR: " + b"failed to fetch the index\ndone\n")
    (message,) = [m for m in messages if "failed to fetch" in m]
    assert message.endswith("ERROR: failed to fetch the index") and len(message) <= MAX_LINE_CHARS


def test_progress_line_keeps_the_text_after_the_last_carriage_return(tmp_path: Path) -> None:
    progress = b"".join(b"\rDownloading %d%%" % i + b" " * 200 for i in range(120))  # about 26 KB
    messages = _messages(tmp_path, b"start\n" + progress + b"\r" + ERROR.encode() + b"\ndone\n")
    assert ERROR in messages, messages


def test_over_long_line_keeps_head_and_tail(tmp_path: Path) -> None:
    raw = b"error: linker failed " + b"x" * 2_000_000 + b" undefined reference to `main'"  # no newline at all
    (error,) = _errors(tmp_path, raw)
    assert error["message"].endswith("undefined reference to `main'"), "the tail of a 2 MB line"
    (line,) = [line for line in error["context"] if "linker failed" in line]
    assert line.startswith("error: linker failed") and line.endswith("undefined reference to `main'")
    assert len(line) <= MAX_LINE_CHARS
