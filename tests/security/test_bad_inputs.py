"""One bad input never stops the run: each hostile input is a problem naming it, everything else is analysed.

Every test runs the real CLI (`cli.main`) or the real source over files made in a temporary folder.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from classifier.cli import main
from classifier.extract import extract_document
from classifier.model import Problem
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from classifier.sources.limits import Limits

OK_LOG = "2026-01-01T00:00:00.0000000Z ##[error]Process completed with exit code 2.\nERROR: could not connect\n"


def analyze_json(tmp_path: Path, *paths: str) -> tuple[int, dict[str, Any]]:
    """Run `ci-classify analyze --format json`; (exit code, report)."""
    out = tmp_path / "report.json"
    args = ["analyze", *paths, "--db", str(tmp_path / "db.sqlite"), "--no-llm", "-q", "--format", "json"]
    code = main([*args, "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _inputs(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(item["path"]): item for item in report["inputs"]}


def _problems_of(report: dict[str, Any], suffix: str) -> list[str]:
    for path, item in _inputs(report).items():
        if path.endswith(suffix):
            return [str(p["message"]) for p in item["problems"]]
    raise AssertionError(f"no input ending with {suffix!r}")


def test_each_hostile_input_is_a_problem_and_the_good_log_is_still_analysed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.log").write_text(OK_LOG)
    os.makedirs(folder, exist_ok=True)
    bad_name = os.fsencode(folder) + b"/bad\xffname.log"
    with open(bad_name, "wb") as handle:
        handle.write(b"ERROR: from a file whose name is not UTF-8\n")
    (folder / "bogus.xml").write_text(
        '<?xml version="1.0" encoding="x-bogus"?><testsuite name="s"><testcase name="t" classname="c">'
        '<failure message="boom">AssertionError: boom</failure></testcase></testsuite>'
    )
    (folder / "deep.json").write_text("[" * 100_000)
    _deflate64_zip(folder / "run.zip")
    code, report = analyze_json(tmp_path, str(folder))
    assert code == 1  # problems reported, the analysis was still done
    names = _inputs(report)
    assert any(path.endswith("bad\\xffname.log") for path in names), names
    assert any("JSON nested deeper" in message for message in _problems_of(report, "deep.json"))
    assert any("Deflate64" in message for message in _problems_of(report, "run.zip!job/1_build.txt"))
    assert _problems_of(report, "bogus.xml") == []  # unknown encoding: read as UTF-8
    failures = json.dumps(report)
    assert "AssertionError: boom" in failures
    assert "could not connect" in failures
    assert "from a file whose name is not UTF-8" in failures
    assert any(path.endswith("run.zip!job/2_test.txt") for path in names)


def _deflate64_zip(path: Path) -> None:
    """A zip whose first member claims compression method 9 (Deflate64), which zipfile cannot read."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("job/1_build.txt", "ERROR: hidden in deflate64\n")
        archive.writestr("job/2_test.txt", "ERROR: readable member\n")
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 8 : local + 10] = (9).to_bytes(2, "little")
    data[central + 10 : central + 12] = (9).to_bytes(2, "little")
    path.write_bytes(bytes(data))


def test_uncaught_error_exits_3_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "ok.log"
    log.write_text(OK_LOG)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code = main(["analyze", str(log), "--db", str(tmp_path / "db.sqlite"), "--no-llm", "-q", "-o", f"{blocker}/r.txt"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("ci-classify: internal error")
    assert "Traceback" not in err


def _collect_with_deadline(paths: list[str], seconds: float = 20.0) -> list[Document | Problem]:
    found: list[Document | Problem] = []
    worker = threading.Thread(target=lambda: found.extend(iter_documents(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the folder hung"
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_is_skipped_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(OK_LOG)
    os.mkfifo(tmp_path / "pipe.log")
    items = _collect_with_deadline([str(tmp_path)])
    problems = [item for item in items if isinstance(item, Problem)]
    assert [(Path(p.source).name, p.message) for p in problems] == [("pipe.log", "not a regular file, skipped")]
    assert [Path(item.name).name for item in items if isinstance(item, Document)] == ["a.log"]


def test_symlinks_are_not_followed_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("ERROR: outside the input folder\n")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.log").write_text(OK_LOG)
    (folder / "escape.log").symlink_to(outside)
    (folder / "inside.log").symlink_to(folder / "sub" / "real.log")
    (folder / "dir-escape").symlink_to(tmp_path, target_is_directory=True)
    items = _collect_with_deadline([str(folder)])
    docs = sorted(Path(item.name).relative_to(folder).as_posix() for item in items if isinstance(item, Document))
    problems = [item for item in items if isinstance(item, Problem)]
    assert docs == ["inside.log", "sub/real.log"]
    assert [(Path(p.source).name, "out of the input folder" in p.message) for p in problems] == [("escape.log", True)]


def _hex_text(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return "".join(f"{rng.getrandbits(64):016x}\n" for _ in range(size // 17)).encode()


def test_gz_members_count_their_expanded_size_toward_the_archive_cap(tmp_path: Path) -> None:
    archive = tmp_path / "artifacts.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for index in range(3):
            out.writestr(f"part{index}.log.gz", gzip.compress(_hex_text(600_000, index)))
    listed = sum(info.file_size for info in zipfile.ZipFile(archive).infolist())
    limits = Limits(max_archive_bytes=1_500_000)
    assert listed < limits.max_archive_bytes  # only the expanded sizes go over the cap
    problems: list[Problem] = []
    for item in iter_documents([str(archive)], limits):
        problems.extend([item] if isinstance(item, Problem) else extract_document(item).problems)
    assert any("expands beyond the limit" in p.message for p in problems), problems


def test_ratio_check_applies_to_small_members_and_to_gz_members(tmp_path: Path) -> None:
    archive = tmp_path / "bombs.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("zeros.txt", b"0" * 300_000)  # small, about 1000:1
        out.writestr("ok.txt", "ERROR: small and fine\n")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_STORED) as out:
        out.writestr("inner.log.gz", gzip.compress(b"0" * 5_000_000))  # gz member about 1000:1
    messages: dict[str, list[str]] = {}
    for item in iter_documents([str(archive)]):
        if isinstance(item, Problem):
            messages.setdefault(item.source.rsplit("!", 1)[-1], []).append(item.message)
        else:
            found = extract_document(item).problems
            messages.setdefault(item.name.rsplit("!", 1)[-1], []).extend(p.message for p in found)
    assert any("zip bomb" in m for m in messages["zeros.txt"])
    assert any("zip bomb" in m for m in messages["inner.log.gz"])
    assert messages["ok.txt"] == []
