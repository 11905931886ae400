"""One failure shown by many records: one exception thrown at one place in many tests, a compiler's errors at
one place; distinct compiler errors stay apart (at most REPORT_CAP per report).

Fixtures (tests/fixtures/link/):
- surefire-same-throw-site.log: surefire output quoted in github.com/Azure/azure-iot-sdk-java/issues/539 (two
  test classes failing in one broken runner class; the reporter's terminal wrapped two lines, joined here
  as surefire printed them);
- junit3-shared-helper.log: the trace quoted in github.com/Asqatasun/Asqatasun/issues/132 (a JUnit 3
  assertion failing in a shared checking helper), printed for two tests of the class (named as Java methods
  here; the original's test name has a dash);
- mypy-one-report.log: mypy output quoted in github.com/python/mypy/issues/1174 (four errors of one run, three
  of them at one line);
- javadoc-report.log: the first javadoc errors quoted in github.com/marytts/marytts/issues/352 (its command,
  `mvn site`, as that issue says).
"""

from __future__ import annotations

from pathlib import Path

from classifier.link.cluster import REPORT_CAP
from tests.link.test_jobs import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "link"


def test_one_exception_thrown_at_one_place_in_many_tests_is_one_failure(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "surefire-same-throw-site.log"], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.exception_type == "NoClassDefFoundError"
    tests = {e.occurrence.record.test_id for e in failure.evidence if e.occurrence.record.test_id}
    assert len(tests) == 2  # both test classes are evidence of the one failure


def test_failed_assertions_in_a_shared_helper_stay_apart(tmp_path: Path) -> None:
    (job,) = run([FIXTURES / "junit3-shared-helper.log"], tmp_path).jobs
    assert [f.root.record.test_id.rsplit(".", 1)[-1] for f in job.failures] == ["rule060501", "rule060502"]


def test_a_type_checker_s_distinct_errors_stay_apart_and_its_errors_at_one_place_are_one(tmp_path: Path) -> None:
    # distinct compiler errors are distinct failures for a developer (was: one report, one failure)
    (job,) = run([FIXTURES / "mypy-one-report.log"], tmp_path).jobs
    first, second = job.failures
    assert first.root.record.message.startswith("Incompatible types in assignment (expression has type")
    assert second.root.record.message == 'Tuple[int, ...] has no attribute "x"'
    assert len(second.evidence) == 3  # the three errors at foo.py:12


def test_javadoc_s_problems_are_lint_failures_one_per_kind(tmp_path: Path) -> None:
    # javadoc prints compiler-shaped lines; its problems are lint, each kind with its repeats and the
    # problems at one place (`bad use of '>'` and `malformed HTML` at MD5.java:70) as one failure
    (job,) = run([FIXTURES / "javadoc-report.log"], tmp_path).jobs
    assert [f.root.record.message for f in job.failures] == [
        "bad HTML entity",
        "bad use of '>'",
        "@param name not found",
    ]
    assert {f.classification.category for f in job.failures} == {"lint_error"}


# MSVC under MSBuild's parallel node prefix, from github.com/open62541/open62541/issues/3635: a missing
# declaration at log.h(143) cascades (C2146, C2065 there and at 144); ua_session.c(34) is another error.
OPEN62541 = r"""
6>C:\open62541\include\open62541/plugin/log.h(143): error C2146: syntax error : missing ';' before identifier 'args'
6>C:\open62541\include\open62541/plugin/log.h(143): error C2065: 'args' : undeclared identifier
6>C:\open62541\include\open62541/plugin/log.h(144): error C2065: 'args' : undeclared identifier
6>..\src\server\ua_session.c(34): error C2143: syntax error : missing ';' before 'type'
"""


def test_a_compiler_error_repeated_after_its_cascade_is_the_same_failure_not_a_consequence(tmp_path: Path) -> None:
    # MSVC prints an error again at each line it recurs on: the open62541 cascade above with its C2146 and
    # C2065 recurring at log.h(150); the repeat of the root is evidence of it, not a consequence
    path = tmp_path / "msvc.log"
    lines = OPEN62541.strip().splitlines()
    repeat = [line.replace("(143)", "(150)") for line in lines[:2]]
    path.write_text("\n".join([*lines[:3], *repeat]).replace("\\\\", "\\") + "\n", encoding="utf-8")
    (job,) = run([path], tmp_path).jobs
    (failure,) = job.failures
    assert failure.root.record.code == "C2146"
    links = [(e.link.value, e.occurrence.record.line_start) for e in failure.evidence]
    assert ("same_failure", 4) in links and all(link != "symptom" for link, _ in links)


# MSVC from github.com/GLS-SSV/SSV/issues/24: four identifiers undeclared, four distinct errors
SSV = r"""
22>D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(87,33): error C2065: 'GRP_S11_A7A3_VC': undeclared identifier
22>D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(92,33): error C2065: 'GRP_S12_A7A3_VC': undeclared identifier
22>D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(97,38): error C2065: 'GRP_S15_A7A3_VC': undeclared identifier
22>D:\Orbitersdk\SSV\OV\vc\PanelA7A3.cpp(102,38): error C2065: 'GRP_S16_A7A3_VC': undeclared identifier
"""


def test_distinct_compiler_errors_stay_apart_and_a_cascade_is_one(tmp_path: Path) -> None:
    path = tmp_path / "msvc.log"
    path.write_text(OPEN62541.replace("\\\\", "\\"), encoding="utf-8")
    (job,) = run([path], tmp_path).jobs
    cascade, other = job.failures
    assert cascade.root.record.code == "C2146" and len(cascade.evidence) == 3
    assert other.root.record.location is not None and other.root.record.location.line == 34


# MSVC from github.com/temcocontrols/T3000_Building_Automation_System/issues/7 and
# github.com/adanducci/GGPOPLUSR/issues/24: three more undeclared identifiers
T3000_GGPO = r"""
t3000_building_automation_system\t3000\humchamber.h(33) : error C2065: 'IDD_HUM_CHAMBER' : undeclared identifier
t3000_building_automation_system\t3000\mainfrm.cpp(4808) : error C2065: 'PM_TSTAT6_HUM_Chamber' : undeclared identifier
E:\projects\GGPOPLUSR\src\overlay\overlay.cxx(79): error C2065: 'lpGameObject': undeclared identifier
"""


def test_a_report_shows_at_most_report_cap_distinct_errors(tmp_path: Path) -> None:
    # the builds above printed one after the other, as one log: nine distinct errors (the four SSV
    # identifiers are four symbols since normaliser v3)
    path = tmp_path / "msvc.log"
    text = "".join(sample.strip() + "\n" for sample in (SSV, OPEN62541, T3000_GGPO))
    path.write_text(text.replace("\\\\", "\\"), encoding="utf-8")
    (job,) = run([path], tmp_path).jobs
    assert len(job.failures) == REPORT_CAP
    first = job.failures[0]
    assert "GRP_S11_A7A3_VC" in first.root.record.message
    assert any("lpGameObject" in e.occurrence.record.message for e in first.evidence)  # past the cap
