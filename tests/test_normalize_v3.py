"""Normaliser v3 (grouping ci@2026-12-01; v4 adds one mask before it): v2, but digits that are part of a program
identifier are kept. It keeps v2's run-to-run stability and CI distinctions (the same lists, normalised with
v3) and its Loghub grouping accuracy within a small margin (skipped when the shared data is absent)."""

from __future__ import annotations

import pytest

from bench.grouping_accuracy import grouping_accuracy, load_system
from classifier.fingerprint import DEFAULT_GROUPING, fingerprint
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, normalize
from classifier.normalize.v3 import identifier
from tests.test_normalize_v2 import DIFFERENT, SAME, _loghub_files


def fp3(message: str) -> str:
    record = ErrorRecord(source="build.log", kind=SourceKind.GHA_LOG, message=message)
    return fingerprint(record, normalize(message, "v3"), "v3").value


def test_the_default_normaliser_is_v3_with_one_mask_before_it() -> None:
    assert DEFAULT_GROUPING.normalizer == "v8"  # v4 + CI checkouts (tests/test_normalize_v5.py, _v6.py), _v7, _v8
    assert NORMALIZERS["v4"].masks[1:] == NORMALIZERS["v3"].masks


# MSVC from github.com/GLS-SSV/SSV/issues/24: four identifiers undeclared, four distinct symbols
SSV = (
    r"D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(87,33): error C2065: 'GRP_S11_A7A3_VC': undeclared identifier",
    r"D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(92,33): error C2065: 'GRP_S12_A7A3_VC': undeclared identifier",
    r"D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(97,38): error C2065: 'GRP_S15_A7A3_VC': undeclared identifier",
)


def test_identifiers_that_differ_by_a_digit_are_different_failures() -> None:
    assert len({fp3(line) for line in SSV}) == len(SSV)
    assert normalize(SSV[0], "v3").text.endswith("'GRP_S11_A7A3_VC': undeclared identifier")
    assert fp3("undefined reference to `Int32Value'") != fp3("undefined reference to `Int64Value'")


@pytest.mark.parametrize(
    ("token", "kept"),
    [
        ("GRP_S11_A7A3_VC", True),
        ("Foo2Bar", True),
        ("sha256sum", True),
        ("log4j", True),
        ("build_123456", False),  # a long digit run: a count or an id
        ("rdd_42_20", False),  # numbers joined to a name
        ("storage1231", False),  # an instance of a lower-case name (a host, a volume)
        ("tmpk8x9q2ab", False),  # a random temp name
        ("E2", False),  # too short to tell
    ],
)
def test_which_tokens_are_identifiers(token: str, kept: bool) -> None:
    assert identifier(token) is kept


def test_volatile_numbers_are_still_masked() -> None:
    assert normalize("Error in job 12345 after 3 retries at 0x7ffe12ab", "v3").text == (
        "Error in job <NUM> after <NUM> retries at <HEX1>"
    )
    assert normalize("expected '3' but got '4'", "v3").text == "expected '<NUM>' but got '<NUM>'"


@pytest.mark.parametrize(("case", "a", "b"), DIFFERENT, ids=[case for case, _, _ in DIFFERENT])
def test_v2_s_ci_distinctions_are_kept(case: str, a: str, b: str) -> None:
    assert fp3(a) != fp3(b), case


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[case for case, _, _ in SAME])
def test_v2_s_run_to_run_stability_is_kept(case: str, a: str, b: str) -> None:
    assert fp3(a) == fp3(b), (case, normalize(a, "v3").text, normalize(b, "v3").text)


@pytest.mark.skipif(not _loghub_files(), reason="shared Loghub data absent (set CI_CLASSIFY_DATA)")
def test_loghub_grouping_accuracy_stays_within_a_margin_of_v2() -> None:
    v2_scores, v3_scores = [], []
    for path in _loghub_files():
        contents, truth = load_system(path)
        v2_scores.append(grouping_accuracy([normalize(c, "v2").text for c in contents], truth))
        v3_scores.append(grouping_accuracy([normalize(c, "v3").text for c in contents], truth))
    assert sum(v3_scores) / len(v3_scores) >= sum(v2_scores) / len(v2_scores) - 0.005
