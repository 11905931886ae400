"""Report formats on the real reports of the shared data folder (skipped when it is absent).

Every file goes through `extract_document`: the sniffer must route it to its format, nothing may crash,
and our counts must equal what the file states about itself (test totals attributes, SARIF results,
checkstyle errors, ESLint errorCount/warningCount, cargo diagnostics). The few files whose attributes
contradict their own elements are listed with the reason; for them the peer action's parse is checked.
"""

from __future__ import annotations

import pytest

from bench.report_formats import SPECS, Spec, measure, spec_files
from tests.extract.helpers import data_dir

DATA = data_dir()
pytestmark = pytest.mark.skipif(DATA is None, reason="shared data folder not present")

# Files whose stated counts disagree with their own contents (checked by reading them).
SELF_CONTRADICTING = {
    "NUnit-simple.xml": "failures=1, but no test case failed (only suites say success=False)",
    "NUnit-multinamespace.xml": "failures=1, but no test case failed (only suites say success=False)",
    "testcase2.xml": "assembly total=3 failed=1 skipped=1 around a single passing test",
}

# Where publish-unit-test-result-action's own parse differs from ours, and why.
PEER_DIFFERS = {
    "NUnit-issue33493.xml": "an Inconclusive test: the peer counts it passed, we count it skipped (not passed)",
    "yami_YAMILEX_2015-10-24_04_18_59.trx": "an Aborted test: the peer counts it skipped, we count it failed",
    "testcase2.xml": "the peer takes the assembly's self-contradicting totals",
}


@pytest.mark.parametrize("spec", SPECS, ids=[spec.name for spec in SPECS])
def test_format_reads_its_real_reports(spec: Spec) -> None:
    assert DATA is not None
    files = spec_files(DATA, spec)
    if not files:
        pytest.skip(f"no {spec.name} files in the shared data")
    tally = measure(DATA, spec, verbose=False)
    assert tally.crashes == 0
    assert tally.routed == tally.files  # the sniffer picks this format for every one of them
    known = sum(1 for path in files if path.name in SELF_CONTRADICTING and spec.stated(path) is not None)
    assert tally.stated > 0
    assert tally.agree == tally.stated - known
    differs = sum(1 for path in files if path.name in PEER_DIFFERS and path.with_suffix(".results.json").exists())
    assert tally.peer_agree == tally.peer - differs
