"""Workflow-command injection: names from inputs never start a printed line with `::`.

A GitHub Actions runner reads any stdout/stderr line starting with `::` as a command. File and zip member
names may hold newlines; they are printed by the text report, the batch summary, the problem lines and (on
a terminal) the progress lines.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from classifier.cli import main
from classifier.commands.analyze import TerminalProgress
from classifier.escape import printable
from classifier.model import Problem
from classifier.modes.batch.checkpoint import ProgressBar
from classifier.modes.batch.run import BatchSummary

EVIL = "x\n::error title=pwned::injected\n::set-output name=a::b"


def _command_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_names_with_newlines_never_start_a_line_with_two_colons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{EVIL}.log").write_text("ERROR: could not connect to db\n")
    (folder / f"{EVIL}-empty.log").write_text("")  # a problem line on stderr
    (folder / "::error::starts.log").write_text("ERROR: also bad\n")
    with zipfile.ZipFile(folder / "logs.zip", "w") as archive:
        archive.writestr(f"job/1_{EVIL}.txt", "ERROR: from the zip\n")
        archive.writestr(f"{EVIL}-empty.txt", "\x00\x01binary")
    code = main(["analyze", str(folder), "--db", str(tmp_path / "db.sqlite"), "--no-llm", "-q", "--format", "text"])
    captured = capsys.readouterr()
    assert code == 1
    assert "could not connect" in captured.out and "from the zip" in captured.out
    assert "\\n::error title=pwned::injected" in captured.out + captured.err  # shown, escaped
    assert _command_lines(captured.out) == []
    assert _command_lines(captured.err) == []


def test_batch_summary_and_problem_lines_escape_names() -> None:
    summary = BatchSummary(problems=[Problem(f"{EVIL}.log", "empty file"), Problem("::warning::x", "bad\n::x")])
    text = summary.render()
    assert _command_lines(text) == []
    assert "x\\n::error title=pwned" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("::error::x", "\\x3a:error::x"),
        ("  ::x", "  \\x3a:x"),
        ("bad\udcffname", "bad\\xffname"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("line\u2028sep", "line\\u2028sep"),
        ("plain name.log", "plain name.log"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert "\n" not in printable(raw)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_lines_on_a_terminal_escape_names(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = ProgressBar()
    bar.show(1, 2, f"job/{EVIL}\x1b]0;title\x07")
    analysing = TerminalProgress(True)
    analysing(f"{EVIL}.log")
    shown = terminal.getvalue()
    assert "x\\n::error title=pwned" in shown
    assert "\n" not in shown and "\x1b]0;" not in shown  # only the bar's own erase sequence
