"""Report-format extractors over the real reports in ../shared/data/test_results (and cargo JSON from
test_outputs/sarif-rs): per format, files read, records, problems, crashes, and how many files agree with
the counts the files state themselves (NUnit/xUnit/TRX/mocha/jest totals attributes, checkstyle and SARIF
result counts, ESLint errorCount/warningCount, cargo diagnostics), plus, for the
publish-unit-test-result-action files, with that action's own parse (`.results.json` "runs" figures).
Each file goes through `extract_document`, so the content sniffer must pick the right format too.

    python -m bench.report_formats [--data PATH] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from bench.common import data_dir
from classifier.extract import detect_format, extract_document
from classifier.extract.sniff import SNIFF_BYTES
from classifier.model import Extraction, Severity
from classifier.sources.base import Document

PUBLISH = "test_results/publish-unit-test-result-action/files"


@dataclass(frozen=True)
class Stated:
    """What a report says about itself; None where it says nothing."""

    run: int | None = None
    failed: int | None = None
    skipped: int | None = None
    errors: int | None = None  # lint formats: error-severity findings
    warnings: int | None = None


@dataclass
class Tally:
    files: int = 0
    routed: int = 0  # extract_document picked this format
    records: int = 0
    with_problem: int = 0
    crashes: int = 0
    stated: int = 0  # files whose stated counts we could check
    agree: int = 0
    peer: int = 0  # files with the peer action's parse
    peer_agree: int = 0


def _xml(path: Path) -> Any | None:
    try:
        return ElementTree.parse(path, forbid_dtd=True).getroot()
    except Exception:  # corrupt or hostile: nothing stated
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def nunit_stated(path: Path) -> Stated | None:
    root = _xml(path)
    if root is None:
        return None
    if root.tag in ("test-run", "test-suite"):  # NUnit 3
        return Stated(run=_int(root.get("total")), failed=_int(root.get("failed")))
    return Stated(failed=_int(root.get("failures")) + _int(root.get("errors")))  # NUnit 2's total varies


def xunit_stated(path: Path) -> Stated | None:
    root = _xml(path)
    if root is None:
        return None
    assemblies = [root] if root.tag == "assembly" else [a for a in root if a.tag == "assembly"]
    if not assemblies or any(a.get("total") is None for a in assemblies):
        return None
    return Stated(
        run=sum(_int(a.get("total")) for a in assemblies),
        failed=sum(_int(a.get("failed")) for a in assemblies),
        skipped=sum(_int(a.get("skipped")) for a in assemblies),
    )


def trx_stated(path: Path) -> Stated | None:
    root = _xml(path)
    counters = None if root is None else next((e for e in root.iter() if _local(e.tag) == "Counters"), None)
    if counters is None:
        return None
    failed = sum(_int(counters.get(k)) for k in ("failed", "error", "timeout", "aborted"))
    return Stated(run=_int(counters.get("total")), failed=failed)


def checkstyle_stated(path: Path) -> Stated | None:
    root = _xml(path)
    if root is None:
        return None
    levels = [e.get("severity", "error") for e in root.iter("error")]
    exceptions = sum(1 for _ in root.iter("exception"))
    return Stated(errors=levels.count("error") + exceptions, warnings=levels.count("warning"))


def _json(path: Path) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, OSError):
        return None


def sarif_stated(path: Path) -> Stated | None:
    """Results per the spec: level, else the rule's default, else warning; only kind fail, not suppressed,
    not absent from the baseline; plus error-level tool notifications."""
    log = _json(path)
    runs = log.get("runs") if isinstance(log, Mapping) else None
    if not isinstance(runs, list):
        return None
    levels: list[str] = []
    for run in runs:
        rules = run.get("tool", {}).get("driver", {}).get("rules") or []
        results = run.get("results") if isinstance(run.get("results"), list) else []
        levels += [_sarif_level(result, rules) for result in results if _sarif_current(result)]
        for invocation in run.get("invocations") or []:
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                levels += ["error" for n in invocation.get(key) or [] if n.get("level") == "error"]
    return Stated(errors=levels.count("error"), warnings=levels.count("warning"))


def _sarif_current(result: Mapping[str, Any]) -> bool:
    return not (
        result.get("kind", "fail") != "fail" or result.get("suppressions") or result.get("baselineState") == "absent"
    )


def _sarif_level(result: Mapping[str, Any], rules: list[Any]) -> str:
    rule_id = result.get("ruleId") or result.get("rule", {}).get("id")
    rule = next((r for r in rules if r.get("id") == rule_id), None)
    index = result.get("ruleIndex")
    if rule is None and isinstance(index, int) and index < len(rules):
        rule = rules[index]
    default = (rule or {}).get("defaultConfiguration", {}).get("level")
    return str(result.get("level") or default or "warning")


def eslint_stated(path: Path) -> Stated | None:
    report = _json(path)
    if not isinstance(report, list):
        return None
    return Stated(
        errors=sum(_int(r.get("errorCount")) for r in report), warnings=sum(_int(r.get("warningCount")) for r in report)
    )


def jest_stated(path: Path) -> Stated | None:
    report = _json(path)
    if not isinstance(report, Mapping) or "numTotalTests" not in report:
        return None
    skipped = _int(report.get("numPendingTests")) + _int(report.get("numTodoTests"))
    return Stated(run=_int(report["numTotalTests"]), failed=_int(report.get("numFailedTests")), skipped=skipped)


def mocha_stated(path: Path) -> Stated | None:
    stats = (_json(path) or {}).get("stats")
    if not isinstance(stats, Mapping):
        return None
    return Stated(run=_int(stats.get("tests")), failed=_int(stats.get("failures")), skipped=_int(stats.get("pending")))


def cargo_stated(path: Path) -> Stated | None:
    levels = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{") and '"compiler-message"' in line:
            message = json.loads(line).get("message", {})
            if not message.get("message", "").startswith(("aborting due to", "warning: ")):
                levels.append(message.get("level"))
    return Stated(errors=levels.count("error"), warnings=levels.count("warning"))


@dataclass(frozen=True)
class Spec:
    name: str
    globs: tuple[str, ...]
    stated: Callable[[Path], Stated | None]


SPECS = (
    Spec("nunit", (f"{PUBLISH}/nunit/**/*.xml",), nunit_stated),
    Spec("xunit", (f"{PUBLISH}/xunit/**/*.xml",), xunit_stated),
    Spec("trx", (f"{PUBLISH}/trx/**/*.trx",), trx_stated),
    Spec("checkstyle", ("test_results/checkstyle/xmllogger/*.xml",), checkstyle_stated),
    Spec(
        "sarif",
        ("test_results/**/*.sarif", "test_results/**/*.sarif.json", "test_results/**/*.sarif.golden"),
        sarif_stated,
    ),
    Spec("eslint_json", ("test_results/eslint-annotate-action/*.json",), eslint_stated),
    Spec(
        "jest_json",
        ("test_results/danger-plugin-jest/*.json", "test_results/jest-coverage-report-action/**/*.json"),
        jest_stated,
    ),
    Spec("mocha_json", (f"{PUBLISH}/mocha/*.json",), mocha_stated),
    Spec("cargo_json", ("test_outputs/sarif-rs/clippy.out",), cargo_stated),
)


def spec_files(data: Path, spec: Spec) -> list[Path]:
    found = {p for pattern in spec.globs for p in data.glob(pattern) if p.is_file() and p.stat().st_size > 0}
    return sorted(p for p in found if not p.name.endswith(".results.json"))


def document(path: Path) -> Document:
    return Document(str(path), lambda: path.open("rb"), path.stat().st_size)


def agrees(stated: Stated, result: Extraction) -> bool:
    """Every count the file states equals ours."""
    tests = result.tests
    ours = {
        "run": tests.run if tests else None,
        "failed": tests.failed if tests else None,
        "skipped": tests.skipped if tests else None,
        "errors": sum(1 for r in result.records if r.severity is Severity.ERROR and r.role.value == "cause"),
        "warnings": sum(1 for r in result.records if r.severity is Severity.WARNING),
    }
    return all(getattr(stated, key) is None or getattr(stated, key) == value for key, value in ours.items())


def peer_agrees(path: Path, result: Extraction) -> bool | None:
    """publish-unit-test-result-action's own parse: runs, failed + errored, skipped."""
    peer = path.with_name(path.name.rsplit(".", 1)[0] + ".results.json")
    stats = (_json(peer) or {}).get("stats") if peer.exists() else None
    if not isinstance(stats, Mapping) or result.tests is None:
        return None
    tests = result.tests
    expected = (stats.get("runs"), _int(stats.get("runs_fail")) + _int(stats.get("runs_error")), stats.get("runs_skip"))
    return (tests.run, tests.failed, tests.skipped) == expected


def measure(data: Path, spec: Spec, verbose: bool) -> Tally:
    tally = Tally()
    for path in spec_files(data, spec):
        tally.files += 1
        doc = document(path)
        with path.open("rb") as stream:
            tally.routed += detect_format(doc, stream.read(SNIFF_BYTES)) == spec.name
        try:
            result = extract_document(doc)
        except Exception as exc:  # a crash is the figure being measured
            tally.crashes += 1
            print(f"CRASH {path}: {exc!r}")
            continue
        tally.records += len(result.records)
        tally.with_problem += bool(result.problems)
        stated = spec.stated(path)
        if stated is not None:
            tally.stated += 1
            ok = agrees(stated, result)
            tally.agree += ok
            if not ok and verbose:
                print(f"differs {path.relative_to(data)}: stated {stated}, ours {result.tests} {len(result.records)}")
        peer = peer_agrees(path, result)
        if peer is not None:
            tally.peer += 1
            tally.peer_agree += peer
            if not peer and verbose:
                print(f"peer differs {path.relative_to(data)}: ours {result.tests}")
    return tally


def rows(data: Path, verbose: bool = False) -> Iterator[tuple[str, Tally]]:
    for spec in SPECS:
        yield spec.name, measure(data, spec, verbose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    data = args.data or data_dir()
    if data is None:
        print("shared data not found; set CI_CLASSIFY_DATA or pass --data")
        return 0
    print(f"{'format':12} files  routed  records  with-problem  crashes  stated-counts-agree  peer-parse-agrees")
    for name, t in rows(data, args.verbose):
        print(
            f"{name:12} {t.files:5}  {t.routed:6}  {t.records:7}  {t.with_problem:12}  {t.crashes:7}  "
            f"{t.agree:8}/{t.stated:<10}  {t.peer_agree:6}/{t.peer}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
