"""Local inputs: files, folders (recursive, sorted), `.gz` files (streamed), zip archives and `-` (stdin).

Zip archives are never extracted: members are streamed straight from the archive. A GitHub run-log zip
(`3_build.txt`, `build/3_Run tests.txt`) gives each member its job and step; when a job has per-step
files its whole-job file (the same lines again) is skipped. Member names with `..` or absolute paths,
too many members, too many uncompressed bytes or a suspicious compression ratio are refused; `.gz` members
are charged their decompressed size against the same archive budget. Bad input (missing, empty, binary,
corrupt, over a limit, an unsupported compression method, a FIFO or device, a symbolic link leading out of
the folder given) is yielded as a Problem; nothing is raised and nothing blocks. Names with bytes that are
not UTF-8 are shown with `\\xNN` escapes (`display_name`).
"""

from __future__ import annotations

import enum
import gzip
import io
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
from classifier.sources.limits import ArchiveBudget, InputReadError, Limits, guarded

__all__ = ["Limits", "display_name", "iter_documents"]

SNIFF_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
JOB_FILE_RE = re.compile(r"^(?P<num>\d+)_(?P<job>.+)\.txt$")
STEP_FILE_RE = re.compile(r"^(?P<job>[^/]+)/(?P<num>\d+)_(?P<step>.+)\.txt$")
_CONTROL = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\x0c", b"")
_CONTROL = _CONTROL.replace(b"\x1b", b"").replace(b"\x08", b"")
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
_METHOD_NAMES = {9: "Deflate64", 10: "PKWARE DCL Implode", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}
_spool: tempfile.TemporaryDirectory[str] | None = None


def iter_documents(paths: Sequence[str], limits: Limits = Limits()) -> Iterator[Document | Problem]:  # noqa: B008
    """Every readable document under `paths`, in order; a Problem for each bad input."""
    for raw in paths:
        if raw == "-":
            yield from _stdin(limits)
            continue
        path = Path(raw)
        name = display_name(str(raw))
        if path.is_dir():
            yield from _folder(path, limits)
        elif path.is_file():
            yield from _file(str(path), name, limits)
        elif path.exists():
            yield Problem(name, "not a regular file, skipped", kind="unsupported")
        else:
            yield Problem(name, "no such file or folder")


def display_name(name: str) -> str:
    """`name` as valid text: bytes that were not UTF-8 (surrogate escapes) become `\\xNN`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _folder(root: Path, limits: Limits) -> Iterator[Document | Problem]:
    """The files of a folder sorted by name, then each subfolder's the same way (the order of `os.walk`
    with sorted names); links to folders are not entered, a folder that cannot be listed is skipped."""
    real_root = root.resolve()
    pending = [os.fspath(root)]
    while pending:
        folder = pending.pop()
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        entries = _listing(folder)
        # pushed last first: the first subfolder (and all under it) is read next
        pending.extend(prefix + name for name, kind in reversed(entries) if kind is _Kind.FOLDER)
        for name, kind in entries:
            if kind is _Kind.FOLDER or kind is _Kind.FOLDER_LINK:
                continue
            path = prefix + name  # text, not a Path: a million inputs
            shown = display_name(path)
            if kind is _Kind.LINK and not _inside(Path(path), real_root):
                yield Problem(shown, "symbolic link leading out of the input folder, skipped", kind="unsupported")
                continue
            yield from _file(path, shown, limits, regular=kind is _Kind.REGULAR)


class _Kind(enum.Enum):
    """What a folder entry is, as its listing tells (no system call for most entries)."""

    FOLDER = 1
    FOLDER_LINK = 2  # a link to a folder: not entered (as `os.walk` does not follow links)
    REGULAR = 3  # a regular file that is not a link: read without another `stat`
    LINK = 4  # a link to anything else: checked to stay inside the folder given
    OTHER = 5  # a FIFO, device or socket, or unknown: `stat` tells (and it is never opened)


def _listing(folder: str) -> list[tuple[str, _Kind]]:
    """The folder's entries sorted by name; [] when it cannot be listed."""
    try:
        with os.scandir(folder) as found:
            entries = [(entry.name, _kind(entry)) for entry in found]
    except OSError:
        return []
    entries.sort()
    return entries


def _kind(entry: os.DirEntry[str]) -> _Kind:
    try:
        link = entry.is_symlink()
        if entry.is_dir():
            return _Kind.FOLDER_LINK if link else _Kind.FOLDER
        if link:
            return _Kind.LINK
        return _Kind.REGULAR if entry.is_file(follow_symlinks=False) else _Kind.OTHER
    except OSError:
        return _Kind.OTHER


def _inside(link: Path, real_root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop or an unreadable link
        return False


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


def _checked(doc: Document, head: bytes | str | None = None) -> Document | Problem:
    """Refuse empty, binary and unreadable documents before extraction (`head`: already read)."""
    head = _sniff(doc.opener) if head is None else head
    if isinstance(head, str):
        return Problem(doc.name, f"could not read: {head}")
    if not head:
        return Problem(doc.name, "empty file")
    if _looks_binary(head):
        return Problem(doc.name, "binary file, skipped", kind="unsupported")
    return doc


def _file(path: str, name: str, limits: Limits, *, regular: bool = False) -> Iterator[Document | Problem]:
    """One file; `regular`: its folder listing says it is a regular file (no `stat` before opening it)."""
    if not regular:
        try:
            info = os.stat(path)
        except OSError as exc:
            yield Problem(name, f"could not read: {exc.strerror or exc}")
            return
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end: never opened
            yield Problem(name, "not a regular file, skipped", kind="unsupported")
            return
    try:
        size, magic = _head(path)  # the head of a plain file, read once
    except OSError as exc:
        yield Problem(name, f"could not read: {exc.strerror or exc}")
        return
    if size > limits.max_file_bytes:
        yield Problem(name, f"file of {size} bytes exceeds the limit of {limits.max_file_bytes}", kind="limit")
        return
    if magic.startswith(ZIP_MAGIC) or (name.lower().endswith(".zip") and size > 0):
        yield from _zip(path, name, limits)
        return
    if magic.startswith(GZIP_MAGIC):
        yield _checked(Document(name, partial(_open_gzip, str(path), name, limits.max_file_bytes)))
        return
    if len(magic) == size < SNIFF_BYTES:  # the whole file: read once, not opened again
        yield _checked(Document(name, partial(io.BytesIO, magic), size), magic)
        return
    # the opener keeps the path as text (the name's own string for most files), not a Path: 1M inputs
    yield _checked(Document(name, partial(_open_plain, path), size), magic)


def _head(path: str) -> tuple[int, bytes]:
    """(size, first SNIFF_BYTES bytes) of a regular file: open, fstat, read, close; never blocks."""
    fd, size = _open_fd(path)
    try:
        head = os.read(fd, SNIFF_BYTES)
        while head and len(head) < min(size, SNIFF_BYTES) and (more := os.read(fd, SNIFF_BYTES - len(head))):
            head += more
    finally:
        os.close(fd)
    return size, head


def _open_fd(path: Path | str) -> tuple[int, int]:
    """(descriptor, size) of the file opened without blocking (a path swapped for a FIFO after the check),
    only when it is a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputReadError(f"{display_name(str(path))} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def _open_plain(path: Path | str) -> BinaryIO:
    """Open without blocking (a path swapped for a FIFO after the check) and only a regular file."""
    fd, _ = _open_fd(path)
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _open_gzip(path: Path | str, name: str, max_bytes: int) -> BinaryIO:
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
    yield from _file(str(target), "-", limits) if copied else iter([Problem("-", "empty file")])


# --- zip archives ------------------------------------------------------------------------------------


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    return normal.startswith("/") or bool(re.match(r"^[A-Za-z]:", normal)) or ".." in normal.split("/")


def _zip(path: str, name: str, limits: Limits) -> Iterator[Document | Problem]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        yield Problem(name, f"corrupt or truncated zip archive: {exc}")
        return
    if len(infos) > limits.max_zip_members:
        yield Problem(
            name, f"zip has {len(infos)} members, more than the limit of {limits.max_zip_members}", kind="limit"
        )
        return
    names = {info.filename for info in infos}
    step_jobs = {m.group("job") for m in (STEP_FILE_RE.match(n) for n in names) if m}
    budget = ArchiveBudget(name, limits.max_archive_bytes)
    for info in sorted(infos, key=lambda i: _member_order(i.filename)):
        member = info.filename
        display = f"{name}!{display_name(member)}"
        refused = _refused_member(info, limits)
        if refused is not None:
            yield Problem(display, refused[0], kind=refused[1])
            continue
        if not budget.charge_listed(info.file_size):
            yield Problem(
                name,
                f"archive expands beyond the limit of {limits.max_archive_bytes} bytes; remaining members skipped",
                kind="limit",
            )
            return
        if info.file_size == 0:
            continue  # empty step logs are normal in run-log archives
        job, step, skip = _job_step(member, step_jobs)
        if skip:
            continue
        if member.lower().endswith(".zip"):
            yield Problem(display, "nested archive, skipped", kind="unsupported")
            continue
        opener = partial(_open_member, path, info, display, limits, budget)
        hint = "gha_log" if job else ""
        yield _checked(Document(display, opener, info.file_size, job=job, step=step, format_hint=hint))


def _refused_member(info: zipfile.ZipInfo, limits: Limits) -> tuple[str, str] | None:
    """(message, kind) when a member is not read at all: unsafe path, method, encryption, ratio, size."""
    if _unsafe_member(info.filename):
        return "unsafe member path (absolute or '..'), skipped", "input"
    if info.compress_type not in _ZIP_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        return f"compression {method} is not supported, skipped", "unsupported"
    if info.flag_bits & 0x1:
        return "encrypted member, skipped", "unsupported"
    if info.file_size >= limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return f"compression ratio above {limits.max_ratio:g} (zip bomb?), skipped", "limit"
    if info.file_size > limits.max_file_bytes:
        return f"member of {info.file_size} bytes exceeds the limit of {limits.max_file_bytes}", "limit"
    return None


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


def _open_member(path: str, info: zipfile.ZipInfo, display: str, limits: Limits, budget: ArchiveBudget) -> BinaryIO:
    try:
        archive = zipfile.ZipFile(path)
        inner = archive.open(info)
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise InputReadError(f"cannot open {display}: {exc}") from exc
    stream = guarded(inner, display, limits.max_file_bytes, archive.close)
    if not info.filename.lower().endswith(".gz"):
        return stream
    gz = cast(BinaryIO, gzip.GzipFile(fileobj=stream))
    ratio_cap = max(int(limits.max_ratio * max(info.file_size, 1)), limits.ratio_floor_bytes)
    cap = min(limits.max_file_bytes, ratio_cap)
    return guarded(gz, display, cap, stream.close, budget.member(info.filename))
