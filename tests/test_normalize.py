"""Normaliser v1: each mask, combinations, equal-value numbering, decisions, and frozen golden values.

The golden table (tests/fixtures/normalize/golden_v1.json) holds inputs with their exact v1 text and
fingerprint; tests/test_fingerprint.py checks the fingerprints. Regenerate only to add rows (a changed
value means v1 was broken):  UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_normalize.py
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from classifier.errors import ConfigError
from classifier.fingerprint import fingerprint
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, normalize, normalize_version_info

GOLDEN_PATH = Path(__file__).resolve().parent / "fixtures" / "normalize" / "golden_v1.json"
GoldenRow = dict[str, Any]


def _golden_row(raw: str) -> GoldenRow:
    normalized = normalize(raw, "v1")
    record = ErrorRecord(source="build.log", kind=SourceKind.GHA_LOG, message=raw)
    return {
        "input": raw,
        "text": normalized.text,
        "masks": list(normalized.masks_applied),
        "fingerprint": fingerprint(record, normalized, "v1").value,
    }


def load_golden() -> list[GoldenRow]:
    rows: list[GoldenRow] = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        rows = [_golden_row(row["input"]) for row in rows]
        GOLDEN_PATH.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return rows


MASK_CASES = [
    ("timestamp_iso", "at 2026-01-02T03:04:05.678+02:00 done", "at <TS> done"),
    ("timestamp_iso", "2015-10-18 18:01:47,978 INFO start", "<TS> INFO start"),
    ("timestamp_syslog", "Sun Dec 04 04:47:44 2005 notice", "<TS> notice"),
    ("timestamp_syslog", "Jun 14 15:16:01 combo sshd", "<TS> combo sshd"),
    ("timestamp_clock", "started 06:55:46.123 ok", "started <TIME> ok"),
    ("timestamp_epoch", "ts=1732345678 and 1732345678123", "ts=<TS> and <TS>"),
    ("uuid", "run 123e4567-e89b-12d3-a456-426614174000 failed", "run <UUID1> failed"),
    ("email", "mail to dev.ops+ci@example.co.uk bounced", "mail to <EMAIL1> bounced"),
    (
        "url",
        "see https://user:pw@example.com:8443/a/12345/b?x=1#frag.",
        "see https://example.com:<PORT>/a/<ID>/b?<QUERY>#<FRAGMENT>.",
    ),
    (
        "url",
        "GET https://api.github.com/repos/o/r/actions/runs/99/logs",
        "GET https://api.github.com/repos/o/r/actions/runs/<ID>/logs",
    ),
    ("ip", "from 10.0.0.1:5432 and fe80::1ff:fe23:4567:890a", "from <IP1>:<PORT> and <IP2>"),
    ("ip", "dial tcp [2001:db8::1]:443: connect", "dial tcp [<IP1>]:<PORT>: connect"),
    ("host", "on ip-10-1-2-3.ec2.internal:22 and github.com", "on <HOST1>:<PORT> and github.com"),
    ("host", "from repo1.example.org via runner-12.example.com", "from repo1.example.org via <HOST1>"),
    (
        "url",
        "POST http://10.0.0.5:9200/_bulk and https://fv-az12-3.example.com/x",
        "POST http://<IP1>:<PORT>/_bulk and https://<HOST1>/x",
    ),
    ("sha", "HEAD is now at 3f2a9c1 fix", "HEAD is now at <SHA1> fix"),
    ("hex", "segfault at 0x7ffd5e8c1a20 ip 0x00401000", "segfault at <HEX1> ip <HEX2>"),
    ("path_temp", "read /tmp/pytest-of-runner/pytest-3/test_a0/x.json", "read <TMP>/x.json"),
    ("path_temp", "wrote /tmp/tmpab12cd/out.txt", "wrote <TMP>/out.txt"),
    ("path_temp", r"C:\Users\me\AppData\Local\Temp\tmp1\a.txt", r"<TMP>\a.txt"),
    ("path_temp", "/private/var/folders/ab/cd12/T/pip-x/setup.py", "<TMP>/setup.py"),
    ("path_workspace", "/home/runner/work/repo/repo/src/a.py missing", "<WS>/src/a.py missing"),
    ("path_workspace", "/__w/repo/repo/src/a.go missing", "<WS>/src/a.go missing"),
    ("path_workspace", r"D:\a\repo\repo\src\a.cs missing", r"<WS>\src\a.cs missing"),
    ("path_home", "open /home/alice/.npmrc failed", "open <HOME>/.npmrc failed"),
    ("line_col", "src/a.py:12:5: E302 expected", "src/a.py:<LINE>:<COL>: E302 expected"),
    ("line_col", "Foo.java:[12,5] cannot find symbol", "Foo.java:[<LINE>,<COL>] cannot find symbol"),
    ("line_col", "Foo.cs(12,5): error", "Foo.cs(<LINE>,<COL>): error"),
    ("line_word", 'File "x.py", line 42, in f', 'File "x.py", line <LINE>, in f'),
    ("duration", "took 3.2s then 150ms or 1m30s, in 0.12 seconds", "took <DUR> then <DUR> or <DUR>, in <DUR>"),
    ("pid", "killed pid 4242 and sshd[77]: bye", "killed pid <PID> and sshd[<PID>]: bye"),
    ("number", "exit code 137 after 3 retries", "exit code <NUM> after <NUM> retries"),
    ("ansi", "\x1b[31mERROR\x1b[0m boom", "ERROR boom"),
    ("whitespace", "E   AssertionError:  x", "E AssertionError: x"),
    ("repeats", "delete blk_1 blk_2 blk_3 now", "delete blk_<NUM> now"),
    ("repeats", "values [1, 2, 3] and a a", "values [<NUM>] and a a"),
]


@pytest.mark.parametrize(("mask", "raw", "expected"), MASK_CASES)
def test_each_mask(mask: str, raw: str, expected: str) -> None:
    result = normalize(raw, "v1")
    assert result.text == expected
    assert mask in result.masks_applied
    assert result.version == "v1"


def test_masks_in_combination() -> None:
    raw = (
        "2026-01-02T03:04:05Z /home/runner/work/p/p/tests/test_db.py:88: OperationalError: could not "
        "connect to 172.17.0.2:5432 after 30.5s (pid 811, attempt 3)"
    )
    expected = (
        "<TS> <WS>/tests/test_db.py:<LINE>: OperationalError: could not connect to <IP1>:<PORT> "
        "after <DUR> (pid <PID>, attempt <NUM>)"
    )
    result = normalize(raw, "v1")
    assert result.text == expected
    assert result.masks_applied == ("timestamp_iso", "ip", "path_workspace", "line_col", "duration", "pid", "number")


def test_equal_values_numbered_by_first_appearance() -> None:
    result = normalize("10.0.0.2 -> 10.0.0.1 -> 10.0.0.2, sha 3f2a9c1 of 3f2a9c1 or ab12cd3e", "v1")
    assert result.text == "<IP1> -> <IP2> -> <IP1>, sha <SHA1> of <SHA1> or <SHA2>"


def test_quantities_are_not_numbered() -> None:
    assert normalize("3 of 5 failed", "v1").text == normalize("3 of 3 failed", "v1").text == "<NUM> of <NUM> failed"


def test_different_missing_modules_stay_different() -> None:
    # Decision: a quoted name is the subject of the failure; 'foo' and 'bar' need different fixes.
    foo = normalize("ModuleNotFoundError: No module named 'foo'", "v1").text
    bar = normalize("ModuleNotFoundError: No module named 'bar'", "v1").text
    assert foo != bar
    assert normalize("ModuleNotFoundError: No module named 'boto3'", "v1").text.endswith("'boto3'")


def test_error_codes_and_versioned_names_are_kept() -> None:
    assert normalize("src/a.ts(1,2): error TS2304: x", "v1").text == "src/a.ts(<LINE>,<COL>): error TS2304: x"
    assert normalize("E501 and E302 in python3 via ssh2", "v1").text == "E501 and E302 in python3 via ssh2"


def test_plain_text_is_unchanged() -> None:
    text = "AssertionError: expected status to be 'ok' but got 'failed' in std::vector<int>"
    result = normalize(text, "v1")
    assert result.text == text
    assert result.masks_applied == ()


def test_normalising_twice_changes_nothing() -> None:
    for row in load_golden():
        once = normalize(row["input"], "v1").text
        assert normalize(once, "v1").text == once


def test_private_use_characters_in_input_are_harmless() -> None:
    assert normalize("x \ue000 10.0.0.1", "v1").text == "x ? <IP1>"


def test_random_input_never_crashes_and_is_deterministic() -> None:
    rng = random.Random(1234)
    alphabet = "ab01:/.-_[](), \t\n<>@=x9fF\\\ue001é"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert normalize(text, "v1") == normalize(text, "v1")


def test_registry_and_version_info() -> None:
    assert "v1" in NORMALIZERS
    names = [name for name, _ in normalize_version_info("v1")]
    assert names.index("timestamp_iso") < names.index("uuid") < names.index("ip") < names.index("number")
    assert names[-1] == "repeats"
    with pytest.raises(ConfigError, match="unknown normalizer version 'v9'"):
        normalize("x", "v9")


@pytest.mark.parametrize("row", load_golden(), ids=lambda row: row["input"][:40])
def test_v1_golden_text_is_frozen(row: GoldenRow) -> None:
    result = normalize(row["input"], "v1")
    assert result.text == row["text"]
    assert list(result.masks_applied) == row["masks"]


def test_docs_list_every_v1_mask_in_order() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "fingerprints.md").read_text(encoding="utf-8")
    positions = [docs.index(f"| `{name}` |") for name, _ in normalize_version_info("v1")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "text",
    [
        "a." * 2000 + "@x.com",
        "a-" * 2000 + "@x",
        "1:" * 2000,
        "a1." * 1300,
        ".py" * 1300 + ":1",
        "blk_1 " * 700,
        "http://" + "a/" * 2000,
    ],
    ids=["dots", "dashes", "colons", "mixed", "ext", "tokens", "url"],
)
def test_pathological_inputs_are_handled(text: str) -> None:
    # These once backtracked quadratically; they must stay linear (a hang here is the failure).
    result = normalize(text, "v1")
    assert result.text
    assert normalize(result.text, "v1").text == result.text
