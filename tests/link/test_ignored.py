"""An error make says it ignored (`make: [x] Error 1 (ignored)`) is a warning; one that stops make stays a failure."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# A VASP build's `make` (trimmed; a `-rm` recipe line of its Makefile): stored text 25250859845 of the search
# tool's code corpus (a build-notes blog post)
MAKE_IGNORED = """$ make
gfortran -O1  -c lapack_atlas.f
rm libdmy.a
rm: libdmy.a: No such file or directory
make: [libdmy.a] Error 1 (ignored)
ar vq libdmy.a preclib.o timing_.o derrf_.o dclock_.o  diolib.o dlexlib.o drdatab.o
ar: creating archive libdmy.a
q - preclib.o
"""

# The same command failing without the `-` prefix: make stops (the `***` line of
# https://github.com/neondatabase/neon/issues/2577's output shape)
MAKE_STOPPED = """$ make
gfortran -O1  -c lapack_atlas.f
rm libdmy.a
rm: libdmy.a: No such file or directory
make: *** [libdmy.a] Error 1
"""


def test_an_error_make_ignored_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, MAKE_IGNORED) == []


def test_the_same_error_when_make_stops_is_the_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, MAKE_STOPPED)
    assert failure.root.record.message == "rm: libdmy.a: No such file or directory"


def test_an_ignored_error_before_a_real_one_leaves_the_real_one(tmp_path: Path) -> None:
    log = MAKE_IGNORED + "gcc-9 -O -c -o getshmem.o getshmem.c\n"
    log += "getshmem.c:23:42: error: 'SHM_NORESERVE' undeclared (first use in this function)\n"
    log += "make: *** [getshmem.o] Error 1\n"
    failures = failures_of(tmp_path, log)
    assert failures
    assert "SHM_NORESERVE" in failures[0].root.record.message
    assert not any("libdmy.a" in f.root.record.message for f in failures)
