"""Conformance on third-party corpora in the shared data folder (skipped when it is absent).

reviewdog/errorformat: compiler and linter lines with expected file, line, column and message.
gotestsum: `go test -json` streams with golden lists of failed packages and tests.
JUnit: every report of publish-unit-test-result-action, mikepenz and junitparser parses or is a Problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract import junit
from tests.extract.conformance import errorformat_score, gotestsum_failures, our_go_failures
from tests.extract.helpers import data_dir, file_doc

DATA = data_dir()
pytestmark = pytest.mark.skipif(DATA is None, reason="shared data folder not present")

# Formats our runner matchers claim to read (compilers, type checkers, go and python linters).
SUPPORTED = {
    "tsc",
    "mypy",
    "cargo-check",
    "clippy",
    "golangci-lint",
    "govet",
    "staticcheck",
    "gosec",
    "golint",
    "go-consistent",
    "flake8",
    "pep8",
    "eslint-compact",
    "dotnet",
    "msbuild",
    "scalac",
}
GOTESTSUM_PAIRS = {
    "build-fail-expected": "go-test-build-failed.out",
    "panic-race-1-summary": "go-test-json-panic-race-1.out",
    "panic-race-2-summary": "go-test-json-panic-race-2.out",
    "setup-fail-expected": "go-test-setup-failed.out",
}


def _root(*parts: str) -> Path:
    assert DATA is not None
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def test_errorformat_locations_and_messages() -> None:
    root = _root("test_outputs", "reviewdog-errorformat", "fmts", "testdata")
    scores = [errorformat_score(path) for path in sorted(root.glob("*.in"))]
    supported = [s for s in scores if s.name in SUPPORTED]
    expected = sum(s.expected for s in supported)
    matched = sum(s.matched for s in supported)
    overall = sum(s.matched for s in scores) / sum(s.expected for s in scores)
    print(f"errorformat: supported formats {matched}/{expected}, all formats {overall:.1%}")
    assert len(supported) == len(SUPPORTED)
    assert matched / expected >= 0.95


@pytest.mark.parametrize(("summary", "stream"), sorted(GOTESTSUM_PAIRS.items()))
def test_gotestsum_failed_packages_and_tests(summary: str, stream: str) -> None:
    root = _root("test_outputs", "gotestsum", "cmd", "testdata")
    expected = gotestsum_failures(root / "expected" / summary)
    ours = our_go_failures(root / "input" / stream)
    assert expected
    for package, test in expected:
        assert any((p == package or p.endswith("/" + package)) and t == test for p, t in ours), (package, test)
    assert len(ours) == len(expected)


def test_every_junit_report_parses_or_is_a_problem() -> None:
    roots = [_root("test_results")]
    count = 0
    for path in sorted(p for root in roots for p in root.rglob("*.xml")):
        result = junit.extract(file_doc(path))  # never raises
        text = path.read_text(errors="replace")
        if "<testcase" in text and ("<failure" in text or "<error" in text):
            assert result.records or result.problems, path
        count += 1
    assert count > 100
