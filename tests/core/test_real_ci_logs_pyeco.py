"""Python-ecosystem jobs (pip, uv, Poetry, Cython, isort, twine, Django, mypy): one failure each, on the right line."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# pip's resolver as its maintainers showed it: the explanation, then its `ResolutionImpossible` verdict
# (https://github.com/pypa/pip/issues/8377, the `A 1.0 depends on C 1.0` example).
PIP_CONFLICT = """\
Processing c:\\work\\projects\\pip\\d-1.0-py3-none-any.whl
ERROR: Cannot install A and B because these package versions have conflicting dependencies.

The conflict is caused by:
    c 1.0 depends on E==1.0
    d 1.0 depends on E==2.0

To fix this you could try to:
1. loosen the range of package versions you've specified
2. remove package versions to allow pip attempt to solve the dependency conflict

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts
"""


def test_pips_resolution_impossible_verdict_is_no_second_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PIP_CONFLICT)
    assert failure.root.record.line_start == 2
    assert failure.classification.category == "dependency_error"


# pip's hash check (https://github.com/Comfy-Org/ComfyUI-Manager/issues/1645).
PIP_HASHES = """\
ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.
    unknown package:
        Expected sha256 c7362add18b416b69d58c910caa217f980c5ef39b23a38a0880dfd87bdf8cd23
             Got        baed275f67435c0067eaba69efb88808069091d6e0eb3ea6c228c0c21f978855
"""  # noqa: E501


def test_pips_hash_check_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PIP_HASHES)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "dependency_error"


# Cython's error block, then the CompileError cythonize raised for it
# (https://github.com/mattjj/pyhsmm-autoregressive/issues/3).
CYTHON = """\
Compiling messages.pyx because it changed.
Cythonizing messages.pyx

Error compiling Cython file:
------------------------------------------------------------
...
# distutils: language = c++
^
------------------------------------------------------------

messages.pyx:1:0: 'pyhsmm-autoregressive.messages' is not a valid module name
Traceback (most recent call last):
  File "setup.py", line 20, in <module>
    ext_modules = cythonize('**/*.pyx')
  File "/Library/Python/2.7/site-packages/Cython/Build/Dependencies.py", line 959, in cythonize_one
    raise CompileError(None, pyx_file)
Cython.Compiler.Errors.CompileError: messages.pyx
"""


def test_cythons_diagnostic_is_the_failure_and_its_compile_error_a_symptom(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CYTHON)
    record = failure.root.record
    assert record.message == "'pyhsmm-autoregressive.messages' is not a valid module name"
    assert record.location is not None and (record.location.file, record.location.line) == ("messages.pyx", 1)
    assert failure.classification.category == "compilation_error"


# Poetry's solver (PubGrub): its exception name over the explanation, the traceback under it
# (https://github.com/python-poetry/poetry/issues/6663).
POETRY_SOLVER = """\
  SolverProblemError

  Because mylib (0.1.0) @ file:///home/jose/prog/tmp/poetrybug/mylib/dist/mylib-0.1.0-py3-none-any.whl depends on opentelemetry-instrumentation-logging (<empty>) which doesn't match any versions, mylib is forbidden.
  So, because myapp depends on mylib (0.1.0) @ ../mylib/dist/mylib-0.1.0-py3-none-any.whl, version solving failed.

  at ~/.asdf/installs/python/3.10.7/lib/python3.10/site-packages/poetry/puzzle/solver.py:159 in _solve
      155│             packages = result.packages
      158│         except SolveFailure as e:
    → 159│             raise SolverProblemError(e)
"""  # noqa: E501

# Poetry without a traceback: the lock-file warning, then the explanation alone
# (https://github.com/RVC-Project/Retrieval-based-Voice-Conversion-WebUI/issues/845).
POETRY_PLAIN = """\
Installing dependencies from lock file
Warning: `poetry.lock` is not consistent with `pyproject.toml`. You may be getting improper dependencies. Run `poetry lock [--no-update]` to fix it.

Because `rvc-beta` depends on `torchcrepe` (0.0.20) which doesn't match any versions, version solving failed.
"""  # noqa: E501

# Poetry's -vvv trace of the solver (https://github.com/python-poetry/poetry/issues/10180).
POETRY_TRACE = """\
   1: conflict: no versions of cffi match 1.18.0.dev0
   1: ! cffi (==1.18.0.dev0) is satisfied by cffi (==1.18.0.dev0)
   1: ! thus: version solving failed
   1: Version solving took 2.019 seconds.
"""


def test_poetrys_solver_explanation_is_one_dependency_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, POETRY_SOLVER)
    assert failure.root.record.message.endswith("version solving failed.")
    assert failure.classification.category == "dependency_error"
    [failure] = _failures(tmp_path, POETRY_PLAIN, "plain.log")
    assert failure.root.record.line_start == 4
    assert failure.classification.category == "dependency_error"


def test_a_solver_trace_line_is_not_the_solvers_failure(tmp_path: Path) -> None:
    failures = _failures(tmp_path, POETRY_TRACE)
    assert all(failure.root.record.framework != "pubgrub" for failure in failures)


# isort --check-only (https://github.com/NVIDIA/cudf/pull/5643).
ISORT = """\
ERROR: /home/cph/cudf/python/dask_cudf/setup.py Imports are incorrectly sorted and/or formatted.
ERROR: /home/cph/cudf/python/dask_cudf/dask_cudf/backends.py Imports are incorrectly sorted and/or formatted.
"""


def test_isorts_findings_are_lint_errors_in_their_files(tmp_path: Path) -> None:
    failures = _failures(tmp_path, ISORT)
    record = failures[0].root.record
    assert record.location is not None and record.location.file.endswith("dask_cudf/setup.py")
    assert {failure.classification.category for failure in failures} == {"lint_error"}


# twine refused by the index it uploads to (https://github.com/pypa/twine/issues/195).
TWINE_CONFLICT = "HTTPError: 409 Client Error: Conflict for url: https://debian.wheelhouse.praekelt.org\n"


def test_an_upload_the_index_refuses_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TWINE_CONFLICT)
    assert failure.classification.category == "configuration_error"


# Django's test runner without the right to create its database
# (https://github.com/ScienceCommons/curate_science/issues/1).
DJANGO_TEST_DB = """\
python manage.py test
Creating test database for alias 'default'...
Got an error creating the test database: permission denied to create database
"""


def test_djangos_test_database_error_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, DJANGO_TEST_DB)
    assert failure.root.record.line_start == 3
    assert failure.classification.category == "configuration_error"


# mypy on a whole file, no line (https://github.com/python/mypy/issues/11497).
MYPY_FILE = """\
$ mypy .
mypy\\typeshed\\stdlib\\_typeshed\\__init__.pyi: error: Duplicate module named "_typeshed" (also at ".\\mypy\\typeshed\\stdlib\\@python2\\_typeshed\\__init__.pyi")
mypy\\typeshed\\stdlib\\_typeshed\\__init__.pyi: note: Are you missing an __init__.py? Alternatively, consider using --exclude to avoid checking one of them.
Found 1 error in 1 file (errors prevented further checking)
"""  # noqa: E501


def test_mypys_error_without_a_line_is_its_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MYPY_FILE)
    assert failure.root.record.message.startswith('Duplicate module named "_typeshed"')
    assert failure.classification.category == "compilation_error"


# uv's verdict on a build backend that failed (https://github.com/astral-sh/uv/issues/13504).
UV_BUILD = """\
Resolved 158 packages in 3ms
  x Failed to build `test1 @ file:///D:/pycharm/uv/test1`

  |-> The build backend returned an error
  `-> Call to `hatchling.build.get_requires_for_build_editable` failed: expected value at line 1 column 1 (exit code: 0)
      hint: This usually indicates a problem with the package or the build environment.
"""


def test_uvs_failed_package_build_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, UV_BUILD)
    assert failure.classification.category == "dependency_error"


# CMake under pip (scikit-build-core indents its output): the missing build program, then CMake's own
# consequences of it (https://github.com/ggml-org/llama.cpp/issues/5899).
CMAKE_UNDER_PIP = """\
  ╰─> [11 lines of output]
      *** Configuring CMake...
      -- Building for: MinGW Makefiles
      CMake Error: CMake was unable to find a build program corresponding to "MinGW Makefiles".  CMAKE_MAKE_PROGRAM is not set.  You probably need to select a different build tool.
      CMake Error: CMAKE_C_COMPILER not set, after EnableLanguage
      CMake Error: CMAKE_CXX_COMPILER not set, after EnableLanguage
      -- Configuring incomplete, errors occurred!

      *** CMake configuration failed
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for llama-cpp-python
"""  # noqa: E501


def test_cmakes_compiler_not_set_lines_follow_the_error_before_them(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CMAKE_UNDER_PIP)
    assert failure.root.record.message.startswith('CMake was unable to find a build program corresponding to "MinGW')


# A migration run with the CI settings as a user that may not create extensions
# (public notes of the stoqs project, read_file id 21191372618 of the search index).
MIGRATE_EXTENSION = """\
 [root@a9bbe3f55dc6 stoqs]# ./manage.py migrate --settings=config.settings.ci --noinput --database=default
Traceback (most recent call last):
  File "/opt/stoqsgit/venv-stoqs/lib64/python3.6/site-packages/django/db/backends/utils.py", line 63, in execute
    return self.cursor.execute(sql)
psycopg2.ProgrammingError: permission denied to create extension "postgis"
HINT:  Must be superuser to create this extension.
"""


def test_a_database_privilege_the_job_lacks_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MIGRATE_EXTENSION)
    assert failure.root.record.exception_type.endswith("ProgrammingError")
    assert failure.classification.category == "configuration_error"
