"""Never a crash: report extractors on their fixtures with values of the wrong type, odd attribute values
and missing elements (seeded, so a failure reproduces). Each input must give records or Problems."""

from __future__ import annotations

import copy
import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from classifier.extract import cargo_json, checkstyle, eslint_json, jest_json, junit, mocha_json, nunit, sarif, xunit
from classifier.model import Extraction
from tests.extract.helpers import FIXTURES, bytes_doc
from tests.extract.test_report_json_formats import JEST, MOCHA

REPORTS = FIXTURES / "reports"
WRONG: list[Any] = [None, 0, -1, 1.5, True, "", "x", [], {}, [None], {"a": None}, "²", [1, 2]]
ODD = ["", "²", "-1", "0", "x", "Failed", "Error", "Fail", "False", " 12 ", "Timeout", "error", "warning", "١٢"]


def _mutate(value: Any, rng: random.Random) -> Any:
    if rng.random() < 0.15:
        return rng.choice(WRONG)
    if isinstance(value, dict):
        return {key: _mutate(item, rng) for key, item in value.items()}
    if isinstance(value, list):
        return [_mutate(item, rng) for item in value]
    return value


def _ok(result: Extraction) -> bool:
    return isinstance(result, Extraction)


def test_json_reports_with_wrong_types_never_crash() -> None:
    rng = random.Random(8)
    seeds = [
        (sarif, json.loads((REPORTS / "clang.sarif").read_text())),
        (eslint_json, json.loads((REPORTS / "eslint.json").read_text())),
        (jest_json, JEST),
        (mocha_json, MOCHA),
    ]
    for _ in range(60):
        for module, seed in seeds:
            data = json.dumps(_mutate(copy.deepcopy(seed), rng)).encode()
            assert _ok(module.extract(bytes_doc("r.json", data)))
    lines = (REPORTS / "libtest.jsonl").read_text().splitlines()
    for _ in range(60):
        data = "\n".join(json.dumps(_mutate(json.loads(line), rng)) for line in lines).encode()
        assert _ok(cargo_json.extract(bytes_doc("t.jsonl", data)))


def _mutated_xml(path: Path, rng: random.Random) -> bytes:
    root = ET.fromstring(path.read_bytes())
    for elem in list(root.iter()):
        for key in list(elem.attrib):
            if rng.random() < 0.2:
                elem.set(key, rng.choice(ODD))
        if rng.random() < 0.05:
            elem.text = rng.choice(ODD)
        for child in list(elem):
            if rng.random() < 0.05:
                elem.remove(child)
    return ET.tostring(root)


def test_xml_reports_with_odd_values_never_crash() -> None:
    rng = random.Random(8)
    cases = [
        (nunit, REPORTS / "nunit3-failures.xml"),
        (xunit, REPORTS / "xunit2.xml"),
        (checkstyle, REPORTS / "eslint-checkstyle.xml"),
        (junit, FIXTURES / "junit" / "go-junit-report.xml"),
        (junit, FIXTURES / "junit" / "surefire-rerun-flaky.xml"),
    ]
    for _ in range(60):
        for module, path in cases:
            assert _ok(module.extract(bytes_doc(path.name, _mutated_xml(path, rng))))


def test_unicode_digits_in_line_attributes() -> None:
    xml = '<checkstyle><file name="a.java"><error line="²" severity="error" message="m"/></file></checkstyle>'
    (record,) = checkstyle.extract(bytes_doc("c.xml", xml.encode())).records
    assert record.location is not None and record.location.line is None
    report = '<testsuite><testcase name="t" file="a.py" line="²"><failure message="boom"/></testcase></testsuite>'
    (case,) = junit.extract(bytes_doc("j.xml", report.encode())).records
    assert case.location is not None and case.location.line is None


def test_unicode_digits_in_log_annotation_and_record_numbers() -> None:
    from classifier.extract import extract_document

    log = b"2026-01-01T00:00:00.0000000Z ::error file=a.py,line=\xc2\xb2,col=\xc2\xb3::boom\n"
    (record,) = [r for r in extract_document(bytes_doc("job.log", log)).records if r.message == "boom"]
    assert record.location is not None and record.location.line is None
    annotations = "failure | a.py:\u00b2 | title | message\n".encode()
    assert _ok(extract_document(bytes_doc("x.annotations", annotations)))
    api_error = b'{"provider": "openai", "status": "\xc2\xb2", "message": "bad", "type": "invalid_request_error"}'
    (error,) = extract_document(bytes_doc("errors.json", api_error)).records
    assert error.http_status is None
