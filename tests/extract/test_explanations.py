"""A failure carries its explanation: what a tool prints under a line that only names the problem, and
file-system errors of a job's own script. Each sample is quoted from a public issue thread (origin above it).
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Failure
from tests.core.ci_logs import failures_of as _failures
from tests.extract.helpers import bytes_doc


def _records(text: str) -> tuple[ErrorRecord, ...]:
    return extract_document(bytes_doc("job.log", text.encode())).records


def test_a_go_mod_parse_error_carries_the_error_on_the_next_line(tmp_path: Path) -> None:
    # https://github.com/thatisuday/go-cross-build/issues/14 (a GitHub Actions workflow)
    log = "go: errors parsing go.mod:\ngo.mod:4: unknown directive: toolchain\n"
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "go: errors parsing go.mod: go.mod:4: unknown directive: toolchain"
    assert failure.classification.category == "configuration_error"  # the build file, not a download


def test_a_go_mod_newer_than_the_go_command_is_a_configuration_error(tmp_path: Path) -> None:
    # https://go.dev/doc/toolchain ("go.mod requires go >= 1.21.1 (running go 1.21.0; GOTOOLCHAIN=local)")
    log = "go: go.mod requires go >= 1.21.1 (running go 1.21.0; GOTOOLCHAIN=local)\n"
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message.startswith("go: go.mod requires go >= 1.21.1")
    assert failure.classification.category == "configuration_error"


def test_an_npm_error_code_carries_npm_s_explanation_not_its_fields() -> None:
    # https://github.com/stackblitz/bolt.new/issues/3154 (npm 8: `code`, then fields, then the reason)
    log = """\
npm ERR! code ENOENT
npm ERR! syscall open
npm ERR! path /home/project/package.json
npm ERR! errno -2
npm ERR! enoent ENOENT: no such file or directory, open '/home/project/package.json'
npm ERR! enoent This is related to npm not being able to find a file.
npm ERR! enoent
"""
    first = _records(log)[0]
    assert first.message == (
        "npm ERR! code ENOENT: enoent ENOENT: no such file or directory, open '/home/project/package.json'"
    )


# https://github.com/JeanPaiva42/jest-an-issue/issues/47 (jest's default reporter): one failed test
JEST_FAILED_TEST = """\
 FAIL  tests/example-test.test.js
  ● example tests › test that always fails

    expect(received).toBe(expected) // Object.is equality

    Expected: true
    Received: false

      at Object.<anonymous> (tests/example-test.test.js:4:23)

"""


def test_a_jest_failure_carries_its_expect_message_and_values(tmp_path: Path) -> None:
    log = JEST_FAILED_TEST + "Tests:       1 failed, 1 passed, 2 total\n"
    [failure] = _failures(tmp_path, log)
    root = failure.root.record
    assert root.test_id == "example tests › test that always fails"
    assert root.message == (
        "● example tests › test that always fails: expect(received).toBe(expected) // Object.is equality"
        " (Expected: true; Received: false)"
    )
    assert failure.classification.category == "assertion_failure"


def _category(failure: Failure) -> str:
    return failure.classification.category


def test_a_file_system_error_of_the_job_s_script_is_a_configuration_error(tmp_path: Path) -> None:
    # https://github.com/simonw/python-lib-template-repository/issues/1 (GitHub Actions, `mv $REPO_NAME/* .`)
    log = """\
  rmdir $REPO_NAME
  shell: /usr/bin/bash -e {0}
mv: cannot move 'dsjl/dsjl' to './dsjl': Directory not empty
##[error]Process completed with exit code 1.
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "mv: cannot move 'dsjl/dsjl' to './dsjl': Directory not empty"
    assert _category(failure) == "configuration_error"
    # https://github.com/apple/rules_pkl/pull/22 (BSD mv) and corca-ai/local-cache#30 (GNU mv across devices)
    for line in (
        "mv: rename pkl_eval_multiple_empty_output/work/_generated_files/* to bazel-out/darwin_arm64-fastbuild/bin/"
        "tests/pkl_eval/pkl_eval_multiple_empty_output/*: No such file or directory",
        "/usr/bin/mv: inter-device move failed: './node_modules' to '/home/runner/.github-cache/abc/node_modules';"
        " unable to remove target: Directory not empty",
    ):
        [record] = _records(line + "\n")
        assert (record.framework, record.tool_hint) == ("shell", "filesystem")


def test_a_script_s_file_system_error_ranks_after_a_failed_test(tmp_path: Path) -> None:
    # a cleanup `rm` that failed is rarely why the job failed: the test is the root cause (the FAILED line
    # from pytest's short test summary in docs.pytest.org how-to/output.html; the rm line in GNU coreutils' wording)
    log = """\
FAILED test_example.py::test_fail - assert 0
rm: cannot remove 'build/tmp': Directory not empty
##[error]Process completed with exit code 1.
"""
    failures = _failures(tmp_path, log)
    assert failures[0].root.record.test_id.endswith("test_fail")


def test_compiler_notes_explain_the_error_above_them_and_are_no_failure(tmp_path: Path) -> None:
    # pytorch/test-infra aws/lambda/log-classifier fixture msvc_compiler_error.txt (MSVC, trimmed)
    cpp, header = r"C:\w\kineto\src\XpuptiActivityHandlers.cpp", r"C:\w\kineto\include\GenericTraceActivity.h"
    method = "libkineto::GenericTraceActivity::addMetadata"
    log = (
        f"{cpp}(361): error C2672: '{method}': no matching overloaded function found\n"
        f"{header}(109): note: could be 'void {method}(const libkineto::MetadataField<T> &,const V &)'\n"
        f"{cpp}(475): error C2131: expression did not evaluate to a constant\n"
        f"{cpp}(475): note: a non-constant (sub-)expression was encountered\n"
    )
    records = _records(log)
    assert [r.code for r in records] == ["C2672", "C2131"]
    assert any("note: could be" in line for line in records[0].context)


def test_a_file_system_error_in_a_make_recipe_is_the_build_s(tmp_path: Path) -> None:
    # https://github.com/dkulacz/gcc-v850-elf-toolchain/issues/18 (trimmed): make says the recipe failed
    log = """\
rm -rf include-fixed; mkdir include-fixed
rm: cannot remove 'include-fixed': Directory not empty
mkdir: cannot create directory 'include-fixed': File exists
make[2]: *** [Makefile:3089: stmp-fixinc] Error 1
make: *** [Makefile:955: all] Error 2
"""
    failures = _failures(tmp_path, log)
    assert all(_category(failure) != "configuration_error" for failure in failures)


def test_a_download_that_failed_comes_before_the_copy_that_missed_its_output(tmp_path: Path) -> None:
    # cabal's wording from https://github.com/haskell/cabal/pull/2560 ("Print a more friendly message when
    # http_proxy is down"); the job as Travis CI prints it: the next command runs and misses the build's output
    log = """\
$ cabal update
Downloading the latest package list from hackage.haskell.org
cabal: Couldn't establish HTTP connection. Possible cause: HTTP proxy server is down.
The command "cabal update" exited with 1.
$ cp dist/build/app/app deploy/
cp: cannot stat 'dist/build/app/app': No such file or directory
The command "cp dist/build/app/app deploy/" exited with 1.
"""
    failures = _failures(tmp_path, log)
    assert [_category(failure) for failure in failures] == ["network_error", "configuration_error"]


def test_a_single_api_error_body_points_at_its_message_line() -> None:
    # GitHub's REST API rate-limit body as gh prints it (docs.github.com "Rate limits for the REST API")
    body = b"""{
  "message": "API rate limit exceeded for user ID 1.",
  "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
  "status": "403"
}
"""
    (record,) = extract_document(bytes_doc("error.json", body)).records
    assert record.line_start == 2


def _pytest_section(name: str) -> str:
    # pytest's long traceback format (docs.pytest.org how-to/output.html, "Modifying Python traceback
    # printing"): the test's header, its code, the frame it called, the `E` line and the location line
    return f"""\
______________________________ {name} ______________________________

    def {name}():
>       row_norms(X_csr, squared=True)

sklearn/cluster/tests/test_k_means.py:111:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
sklearn/utils/extmath.py:86: in row_norms
    norms = csr_row_norms(X)
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _

>   ???
E   TypeError: astype() got an unexpected keyword argument 'copy'

sklearn/utils/sparsefuncs_fast.pyx:31: TypeError
"""


def test_many_tests_failing_on_one_error_show_it_and_are_one_failure(tmp_path: Path) -> None:
    # five tests failing in one helper (the error of a scikit-learn Travis job in BugSwarm): each test's
    # section keeps its exception past the scanner's repeat limit, and one throw site makes them one failure
    names = ("test_update", "test_new_centers", "test_init_sparse", "test_random_init", "test_reassign")
    log = "".join(_pytest_section(name) for name in names)
    assert sum(r.exception_type == "TypeError" for r in _records(log)) == len(names)
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "TypeError: astype() got an unexpected keyword argument 'copy'"
    assert len({e.occurrence.record.test_id for e in failure.evidence}) == len(names)


def test_an_npm_error_without_an_error_word_is_the_jobs_failure(tmp_path: Path) -> None:
    # ddinan/tsuyo#23 (npm install over a truncated cache entry): npm's own tag is the only error mark
    log = """\
npm ERR! Unexpected end of JSON input while parsing near '....10"
npm ERR!     }
npm ERR!   }
npm ERR! }
npm ERR! '

npm ERR! A complete log of this run can be found in:
npm ERR!     C:\\Users\\winterdev.ru\\AppData\\Roaming\\npm-cache\\_logs\\2020-05-15T18_11_36_446Z-debug.log
"""
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.message == "npm ERR! Unexpected end of JSON input while parsing near '....10\""
    assert [e.occurrence.record.line_start for e in failure.evidence] == [1]  # its detail and boilerplate: no records


def test_npm_ls_rows_of_tree_problems_are_no_error_lines() -> None:
    # npm/npm#5232 (npm ls over an extraneous package): a row of the tree's problems, which tools print and go on
    log = """\
extraneous@0.0.0 /Users/timoxley/Projects/tests/extraneous
└── inherits@2.0.1 extraneous
npm ERR! extraneous: inherits@2.0.1 /Users/timoxley/Projects/tests/extraneous/node_modules/inherits
"""
    assert _records(log) == ()
