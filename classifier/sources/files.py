"""Local inputs: files, folders (recursive, sorted), `.gz` files (streamed), zip archives and `-` (stdin).

Zip archives are never extracted: members are streamed straight from the archive. A GitHub run-log zip
(`3_build.txt`, `build/3_Run tests.txt`) gives each member its job and step; when a job has per-step
files its whole-job file (the same lines again) is skipped. Member names with `..` or absolute paths,
too many members, too many uncompressed bytes or a suspicious compression ratio are refused. Bad input
(missing, empty, binary, corrupt, over a limit) is yielded as a Problem; nothing is raised.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO, cast

from classifier.model import Problem
from classifier.sources.base import Document
from classifier.sources.limits import InputReadError, Limits, guarded

__all__ = ["Limits", "iter_documents"]

SNIFF_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
JOB_FILE_RE = re.compile(r"^(?P<num>\d+)_(?P<job>.+)\.txt$")
STEP_FILE_RE = re.compile(r"^(?P<job>[^/]+)/(?P<num>\d+)_(?P<step>.+)\.txt$")
_CONTROL = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\x0c", b"")
_CONTROL = _CONTROL.replace(b"\x1b", b"").replace(b"\x08", b"")
_spool: tempfile.TemporaryDirectory[str] | None = None


def iter_documents(paths: Sequence[str], limits: Limits = Limits()) -> Iterator[Document | Problem]:  # noqa: B008
    """Every readable document under `paths`, in order; a Problem for each bad input."""
    for raw in paths:
        if raw == "-":
            yield from _stdin(limits)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _folder(path, limits)
        elif path.is_file():
            yield from _file(path, str(raw), limits)
        elif path.exists():
            yield Problem(raw, "not a regular file, skipped", kind="unsupported")
        else:
            yield Problem(raw, "no such file or folder")


def _folder(root: Path, limits: Limits) -> Iterator[Document | Problem]:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            yield from _file(path, str(path), limits)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM: the extractor decodes it
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = len(head) - len(head.translate(None, _CONTROL))
    return control > len(head) // 10


def _sniff(opener: Callable[[], BinaryIO]) -> bytes | str:
    """The first bytes, or an error text."""
    try:
        with opener() as stream:
            return stream.read(SNIFF_BYTES)
    except (OSError, EOFError) as exc:
        return str(exc) or type(exc).__name__


def _checked(doc: Document) -> Document | Problem:
    """Refuse empty, binary and unreadable documents before extraction."""
    head = _sniff(doc.opener)
    if isinstance(head, str):
        return Problem(doc.name, f"could not read: {head}")
    if not head:
        return Problem(doc.name, "empty file")
    if _looks_binary(head):
        return Problem(doc.name, "binary file, skipped", kind="unsupported")
    return doc


def _file(path: Path, name: str, limits: Limits) -> Iterator[Document | Problem]:
    try:
        info = path.stat()
        with path.open("rb") as stream:
            magic = stream.read(4)
    except OSError as exc:
        yield Problem(name, f"could not read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Problem(name, "not a regular file, skipped", kind="unsupported")
        return
    if info.st_size > limits.max_file_bytes:
        yield Problem(name, f"file of {info.st_size} bytes exceeds the limit of {limits.max_file_bytes}", kind="limit")
        return
    if magic.startswith(ZIP_MAGIC) or (name.lower().endswith(".zip") and info.st_size > 0):
        yield from _zip(path, name, limits)
        return
    if magic.startswith(GZIP_MAGIC):
        yield _checked(Document(name, partial(_open_gzip, path, name, limits.max_file_bytes)))
        return
    yield _checked(Document(name, partial(_open_plain, path), info.st_size))


def _open_plain(path: Path) -> BinaryIO:
    return path.open("rb")


def _open_gzip(path: Path, name: str, max_bytes: int) -> BinaryIO:
    return guarded(cast(BinaryIO, gzip.open(path, "rb")), name, max_bytes)


def _stdin(limits: Limits) -> Iterator[Document | Problem]:
    global _spool  # noqa: PLW0603 - one spool folder per process, removed at exit
    if _spool is None:
        _spool = tempfile.TemporaryDirectory(prefix="ci-classify-")
    target = Path(_spool.name) / f"stdin-{len(os.listdir(_spool.name))}"
    with target.open("wb") as out:
        copied = 0
        while chunk := sys.stdin.buffer.read(1 << 20):
            copied += len(chunk)
            if copied > limits.max_stdin_bytes:
                yield Problem("-", f"stdin exceeds the limit of {limits.max_stdin_bytes} bytes", kind="limit")
                return
            out.write(chunk)
    yield from _file(target, "-", limits) if copied else iter([Problem("-", "empty file")])


# --- zip archives ------------------------------------------------------------------------------------


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    return normal.startswith("/") or bool(re.match(r"^[A-Za-z]:", normal)) or ".." in normal.split("/")


def _zip(path: Path, name: str, limits: Limits) -> Iterator[Document | Problem]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield Problem(name, f"corrupt or truncated zip archive: {exc}")
        return
    if len(infos) > limits.max_zip_members:
        yield Problem(
            name, f"zip has {len(infos)} members, more than the limit of {limits.max_zip_members}", kind="limit"
        )
        return
    names = {info.filename for info in infos}
    step_jobs = {m.group("job") for m in (STEP_FILE_RE.match(n) for n in names) if m}
    total = 0
    for info in sorted(infos, key=lambda i: _member_order(i.filename)):
        member = info.filename
        display = f"{name}!{member}"
        if _unsafe_member(member):
            yield Problem(display, "unsafe member path (absolute or '..'), skipped")
            continue
        total += info.file_size
        if total > limits.max_archive_bytes:
            yield Problem(
                name,
                f"archive expands beyond the limit of {limits.max_archive_bytes} bytes; remaining members skipped",
                kind="limit",
            )
            return
        if info.file_size >= limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            yield Problem(display, f"compression ratio above {limits.max_ratio:g} (zip bomb?), skipped", kind="limit")
            continue
        if info.file_size > limits.max_file_bytes:
            yield Problem(
                display, f"member of {info.file_size} bytes exceeds the limit of {limits.max_file_bytes}", kind="limit"
            )
            continue
        if info.file_size == 0:
            continue  # empty step logs are normal in run-log archives
        job, step, skip = _job_step(member, step_jobs)
        if skip:
            continue
        if member.lower().endswith(".zip"):
            yield Problem(display, "nested archive, skipped", kind="unsupported")
            continue
        opener = partial(_open_member, path, member, display, limits.max_file_bytes)
        hint = "gha_log" if job else ""
        yield _checked(Document(display, opener, info.file_size, job=job, step=step, format_hint=hint))


def _member_order(member: str) -> tuple[str, int, str]:
    """Sort run-log members by folder, then step number, then name."""
    folder, _, base = member.rpartition("/")
    num = re.match(r"^(\d+)_", base)
    return folder, int(num.group(1)) if num else 0, base


def _job_step(member: str, step_jobs: set[str]) -> tuple[str, str, bool]:
    """(job, step, skip) from a run-log member name; skip the whole-job file when per-step files exist."""
    step_match = STEP_FILE_RE.match(member)
    if step_match:
        return step_match.group("job"), step_match.group("step"), False
    job_match = JOB_FILE_RE.match(member)
    if job_match:
        job = job_match.group("job")
        return job, "", job in step_jobs
    return "", "", False


def _open_member(path: Path, member: str, display: str, max_bytes: int) -> BinaryIO:
    try:
        archive = zipfile.ZipFile(path)
        inner = archive.open(member)
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError) as exc:
        raise InputReadError(f"cannot open {display}: {exc}") from exc
    stream = guarded(inner, display, max_bytes, archive.close)
    if member.lower().endswith(".gz"):
        return guarded(cast(BinaryIO, gzip.GzipFile(fileobj=stream)), display, max_bytes)
    return stream
