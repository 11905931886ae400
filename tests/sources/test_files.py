"""Local sources: files, folders, gz, zip archives (run logs, artifacts, hostile ones), stdin."""

from __future__ import annotations

import gc
import gzip
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from classifier.extract import extract_document
from classifier.model import Problem
from classifier.sources.base import Document
from classifier.sources.files import iter_documents
from classifier.sources.limits import Limits

REPO_ROOT = Path(__file__).resolve().parents[2]


def _split(items: list[Document | Problem]) -> tuple[list[Document], list[Problem]]:
    docs = [item for item in items if isinstance(item, Document)]
    problems = [item for item in items if isinstance(item, Problem)]
    return docs, problems


def _read(doc: Document) -> bytes:
    with doc.opener() as stream:
        return stream.read()


def test_folder_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.log").write_text("error: one\n")
    (tmp_path / "b" / "c.xml").write_text("<testsuite/>")
    (tmp_path / "b" / "a.txt").write_text("fine\n")
    docs, problems = _split(list(iter_documents([str(tmp_path)])))
    assert problems == []
    assert [Path(d.name).relative_to(tmp_path).as_posix() for d in docs] == ["a.log", "b/a.txt", "b/c.xml"]
    assert _read(docs[0]) == b"error: one\n"
    assert _read(docs[0]) == b"error: one\n"  # an opener can be called again


def test_folder_order_is_that_of_os_walk_with_sorted_names(tmp_path: Path) -> None:
    """A folder's files by name, then each subfolder's, depth first; a link to a folder is not entered, a
    link to a file inside is read; the size and head of each file are read once (no stat of plain files)."""
    root = tmp_path / "in"
    for relative in ("z.log", "a b.log", "a/x.log", "a/b/y.log", "a/b/c/d/e.log", "a-b/q.log", "B/1.log", "a.log"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(f"line of {relative}\n" * (1 + len(relative) * 300))  # some over 8 KB
    (root / "a" / "link.log").symlink_to(root / "z.log")
    (root / "linked-folder").symlink_to(root / "a", target_is_directory=True)
    expected: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        expected.extend(os.path.join(folder, name) for name in sorted(files))
    docs, problems = _split(list(iter_documents([str(root)])))
    assert problems == [] and [doc.name for doc in docs] == expected and len(expected) == 9
    for doc in docs:
        assert _read(doc) == Path(doc.name).read_bytes() and doc.size == Path(doc.name).stat().st_size


def test_missing_empty_and_binary_inputs_are_problems_and_others_still_come(tmp_path: Path) -> None:
    (tmp_path / "empty.log").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "ok.log").write_bytes(b"error: caf\xe9 broken \xff\n")  # invalid UTF-8 is fine
    items = list(iter_documents([str(tmp_path / "nope.log"), str(tmp_path)]))
    docs, problems = _split(items)
    assert [d.name for d in docs] == [str(tmp_path / "ok.log")]
    assert [(Path(p.source).name, p.message) for p in problems] == [
        ("nope.log", "no such file or folder"),
        ("empty.log", "empty file"),
        ("image.png", "binary file, skipped"),
    ]
    assert extract_document(docs[0]).records[0].message == "error: caf\ufffd broken \ufffd"


def test_gz_is_streamed_and_a_corrupt_gz_is_a_problem(tmp_path: Path) -> None:
    good = tmp_path / "job.log.gz"
    good.write_bytes(gzip.compress(b"ok\nERROR: Could not find a version that satisfies the requirement x==1\n"))
    truncated = tmp_path / "cut.log.gz"
    truncated.write_bytes(gzip.compress(b"line\n" * 100000)[:200])
    items = list(iter_documents([str(good), str(truncated)]))
    docs, problems = _split(items)
    assert [d.name for d in docs] == [str(good)]
    assert extract_document(docs[0]).records[0].framework == "pip"
    assert len(problems) == 1
    assert problems[0].source == str(truncated)


def test_gz_over_the_limit_fails_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "huge.log.gz"
    path.write_bytes(gzip.compress(b"x" * 200_000 + b"\nerror: late\n"))
    (item,) = list(iter_documents([str(path)], Limits(max_file_bytes=100_000)))
    # the limit trips while sniffing (reads are buffered) or while extracting; either way a Problem
    problems = [item] if isinstance(item, Problem) else list(extract_document(item).problems)
    assert problems and "larger than the limit" in problems[0].message
    assert problems[0].source == str(path)


def _run_log_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("1_build.txt", "2026-03-02T10:00:00.0000000Z whole job log, duplicate of the steps\n")
        archive.writestr("build/1_Set up job.txt", "2026-03-02T10:00:00.0000000Z Current runner version\n")
        archive.writestr("build/3_Run tests.txt", "2026-03-02T10:00:01.0000000Z FAILED t.py::test_a - KeyError: 'k'\n")
        archive.writestr("build/4_Post.txt", "")
        archive.writestr("2_lint.txt", "2026-03-02T10:00:00.0000000Z ##[error]Process completed with exit code 2.\n")


def test_run_log_zip_members_get_job_and_step(tmp_path: Path) -> None:
    path = tmp_path / "logs_42.zip"
    _run_log_zip(path)
    docs, problems = _split(list(iter_documents([str(path)])))
    assert problems == []
    assert [(d.name.split("!")[1], d.job, d.step, d.format_hint) for d in docs] == [
        ("2_lint.txt", "lint", "", "gha_log"),
        ("build/1_Set up job.txt", "build", "Set up job", "gha_log"),
        ("build/3_Run tests.txt", "build", "Run tests", "gha_log"),
    ]
    record = extract_document(docs[2]).records[0]
    assert (record.source, record.job, record.step, record.test_id) == (
        f"{path}!build/3_Run tests.txt",
        "build",
        "Run tests",
        "t.py::test_a",
    )


def test_artifact_zip_of_reports_and_nested_gz(tmp_path: Path) -> None:
    path = tmp_path / "test-results.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "reports/TEST-a.xml",
            "<testsuite><testcase classname='a' name='b'><failure message='m'/></testcase></testsuite>",
        )
        archive.writestr("logs/build.log.gz", gzip.compress(b"fatal: not a git repository\n"))
        archive.writestr("inner.zip", b"PK\x05\x06" + bytes(18))
    docs, problems = _split(list(iter_documents([str(path)])))
    assert [p.message for p in problems] == ["nested archive, skipped"]
    assert [d.name.split("!")[1] for d in docs] == ["logs/build.log.gz", "reports/TEST-a.xml"]
    assert [r.message for r in extract_document(docs[0]).records] == ["fatal: not a git repository"]
    assert [r.test_id for r in extract_document(docs[1]).records] == ["a.b"]


def test_unsafe_member_names_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../escape.txt", "error: outside\n")
        archive.writestr("/etc/cron.d/x", "error: absolute\n")
        archive.writestr("C:/windows/x.txt", "error: drive\n")
        archive.writestr("fine.log", "error: inside\n")
    gc.collect()  # other tests' unclosed SQLite files would vanish from the listing mid-test
    before = set(tmp_path.parent.rglob("*"))
    docs, problems = _split(list(iter_documents([str(path)])))
    assert [d.name for d in docs] == [f"{path}!fine.log"]
    assert len(problems) == 3
    assert all("unsafe member path" in p.message and p.source.startswith(f"{path}!") for p in problems)
    assert set(tmp_path.parent.rglob("*")) == before


def test_truncated_zip_is_a_problem_naming_the_input(tmp_path: Path) -> None:
    whole = tmp_path / "whole.zip"
    _run_log_zip(whole)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:-60])
    (problem,) = list(iter_documents([str(cut)]))
    assert isinstance(problem, Problem)
    assert problem.source == str(cut)
    assert "corrupt or truncated zip" in problem.message


def test_zip_bomb_limits(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * (8 << 20))  # ratio about 1000:1
        archive.writestr("ok.txt", "error: small\n")
    docs, problems = _split(list(iter_documents([str(bomb)])))
    assert [d.name for d in docs] == [f"{bomb}!ok.txt"]
    assert [(p.kind, "zip bomb" in p.message) for p in problems] == [("limit", True)]

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(30):
            archive.writestr(f"f{i}.txt", "x\n")
    (problem,) = list(iter_documents([str(many)], Limits(max_zip_members=10)))
    assert isinstance(problem, Problem) and problem.kind == "limit"

    total = list(iter_documents([str(many)], Limits(max_archive_bytes=20)))
    assert isinstance(total[-1], Problem) and "beyond the limit" in total[-1].message
    assert sum(isinstance(item, Document) for item in total) == 10


def test_stdin_is_read_once_and_can_be_reopened() -> None:
    code = (
        "from classifier.sources.files import iter_documents\n"
        "from classifier.extract import extract_document\n"
        "(doc,) = list(iter_documents(['-']))\n"
        "print(doc.name, extract_document(doc).records[0].tool_hint, extract_document(doc).records[0].framework)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=b"x\nKilled\n", capture_output=True, check=True, cwd=REPO_ROOT
    )
    assert out.stdout.decode().split() == ["-", "oom"]
    empty = subprocess.run(
        [
            sys.executable,
            "-c",
            "from classifier.sources.files import iter_documents\nprint(list(iter_documents(['-'])))",
        ],
        input=b"",
        capture_output=True,
        check=True,
    )
    assert "empty file" in empty.stdout.decode()
