"""go test's `FAIL pkg [build failed]`: the package did not compile.

Under the compiler's own lines it is their symptom; alone (a log that kept only its tail) it is the failure,
a compilation error, ahead of make's `***` wrapper.
"""

from __future__ import annotations

from pathlib import Path

from tests.link.test_jobs import run, write

# Microsoft Learn's Go module "Write a bank program" (its test-first step, as the page shows `go test -v`)
WITH_COMPILER = """# github.com/msft/bank [github.com/msft/bank.test]
./bank_test.go:32:9: account.Deposit undefined (type Account has no field or method Deposit)
FAIL    github.com/msft/bank [build failed]
"""
# a polis-dev/polis-v4 task note quoting `go test ./...` (trimmed to the verdicts: the compiler's lines cut)
VERDICTS_ONLY = """FAIL\tgithub.com/polis-dev/polis-v4/cmd/polis [build failed]
FAIL\tgithub.com/polis-dev/polis-v4/internal/packageverify [build failed]
FAIL\tgithub.com/polis-dev/polis-v4/spec [build failed]
FAIL
make: *** [Makefile:12: test] Error 1
"""


def test_the_compiler_line_is_the_root(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", WITH_COMPILER)], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.message.startswith("account.Deposit undefined")
    assert failure.classification.category == "compilation_error"


def test_alone_the_verdict_is_a_compilation_error_before_make(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", VERDICTS_ONLY)], tmp_path).jobs
    first = job.failures[0]
    assert first.root.record.message == "FAIL\tgithub.com/polis-dev/polis-v4/cmd/polis [build failed]"
    assert first.classification.category == "compilation_error"
