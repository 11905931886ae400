"""Normaliser v2: each new mask, CI distinctions it keeps, run-to-run stability, frozen golden values,
and its grouping accuracy on Loghub-2.0 (skipped when the shared data is absent).

The golden table (tests/fixtures/normalize/golden_v2.json) holds inputs with their exact v2 text, masks
and fingerprint. Regenerate only to add rows (a changed value means v2 was broken once released):
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_normalize_v2.py
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from bench.common import data_dir
from bench.grouping_accuracy import grouping_accuracy, load_system
from classifier.fingerprint import fingerprint
from classifier.model import ErrorRecord, Fingerprint, SourceKind
from classifier.normalize import NORMALIZERS, normalize, normalize_version_info

GOLDEN_PATH = Path(__file__).resolve().parent / "fixtures" / "normalize" / "golden_v2.json"
GoldenRow = dict[str, Any]


def v2(text: str) -> str:
    return normalize(text, "v2").text


def fp(message: str, version: str = "v1") -> Fingerprint:
    """The fingerprint (`version`) of a log line normalised with v2."""
    record = ErrorRecord(source="build.log", kind=SourceKind.GHA_LOG, message=message)
    return fingerprint(record, normalize(message, "v2"), version)


def _golden_row(raw: str) -> GoldenRow:
    normalized = normalize(raw, "v2")
    return {
        "input": raw,
        "text": normalized.text,
        "masks": list(normalized.masks_applied),
        "fingerprint": fp(raw).value,
        "fingerprint_v2": fp(raw, "v2").value,
    }


def load_golden() -> list[GoldenRow]:
    rows: list[GoldenRow] = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        rows = [_golden_row(row["input"]) for row in rows]
        GOLDEN_PATH.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return rows


MASK_CASES = [
    ("host", "Could not resolve host: github.com", "Could not resolve host: <HOST1>"),
    (
        "host",
        "a.example.com:443 via proxy.example.org:8080 then a.example.com",
        "<HOST1>:<PORT> via <HOST2>:<PORT> then <HOST1>",
    ),
    (
        "host",
        "pull ghcr.io/o/app and example.com/pkg from ghcr.io",
        "pull ghcr.io/o/app and example.com/pkg from <HOST1>",
    ),
    ("hex_word", "iar 003a90fc dear 00b360e8 iar 003a90fc", "iar <HEX1> dear <HEX2> iar <HEX1>"),
    ("path_abs", "open /etc/app/config.yml failed", "open <DIR>/config.yml failed"),
    ("path_abs", "Deleting /mnt/data/current/subdir18/blk_-889 now", "Deleting <PATH> now"),
    ("path_abs", "/usr/bin/ld: cannot find -lssl", "<PATH>: cannot find -lssl"),
    ("size", "stored 5.2 KB (free 512MiB), sent 1024 bytes", "stored <SIZE> (free <SIZE>), sent <SIZE>"),
    ("duration_bound", "lifetime <1 sec, then >= 5 min", "lifetime <DUR>, then <DUR>"),
    ("quoted", "No module named 'boto3' in 'lib2to3'", "No module named 'boto3' in 'lib<NUM>to<NUM>'"),
    ("quoted", "ENOENT: open 'data/run-20251012.json'", "ENOENT: open 'data/run-<NUM>.json'"),
    (
        "key_value",
        "logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.1 user=root",
        "logname= uid=<VAL> euid=<VAL> tty=<VAL> ruser= rhost=<VAL> user=<VAL>",
    ),
    ("key_value", 'exit status=2 name="kept"', 'exit status=<VAL> name="kept"'),
    ("user", "session opened for user cyrus by (uid=0)", "session opened for user <VAL> by (uid=<VAL>)"),
    ("user", "Invalid user  0101 from 10.1.1.1", "Invalid user <VAL> from <HOST1>"),
    ("ip", "connect to 10.0.0.1:5432 or cache.example.com", "connect to <HOST1>:<PORT> or <HOST2>"),
    ("clock", "lifetime 00:01, took 01:02:03.5", "lifetime <DUR>, took <DUR>"),
    ("token", "Deleting blk_-1608999687919862906 of core.2275 in subdir34", "Deleting <ID> of <ID> in <ID>"),
    ("token", "exit code 137.", "exit code <NUM>."),
    ("token", "ran python3 on eth0 and ubuntu-22.04", "ran python3 on eth0 and <ID>"),
    ("token", "host 24-54-76-216.bflony.example.at down", "host <HOST1> down"),
    ("restated", "sent 1023 bytes (1.00 KB) ok", "sent <SIZE> ok"),
]


@pytest.mark.parametrize(("mask", "raw", "expected"), MASK_CASES)
def test_each_mask(mask: str, raw: str, expected: str) -> None:
    result = normalize(raw, "v2")
    assert result.text == expected
    assert mask in result.masks_applied
    assert result.version == "v2"


def test_v1_masks_are_reused_and_v1_is_unchanged() -> None:
    assert v2("at 2026-01-02T03:04:05Z from [::1]:5432") == "at <TS> from [<HOST1>]:<PORT>"
    assert v2("/home/runner/work/p/p/src/a.py:12:5: E501") == "<WS>/src/a.py:<LINE>:<COL>: E501"
    # v2 beside v1 changes nothing in v1
    assert normalize("Could not resolve host: github.com", "v1").text == "Could not resolve host: github.com"


# Different failures must keep different fingerprints under v2.
DIFFERENT = [
    ("module", "ModuleNotFoundError: No module named 'foo'", "ModuleNotFoundError: No module named 'bar'"),
    ("exception", "E   KeyError: missing", "E   ValueError: missing"),
    ("flake8 code", "src/a.py:1:1: E501 line too long", "src/a.py:1:1: E302 line too long"),
    (
        "ts code",
        "src/a.ts(1,2): error TS2304: Cannot find name 'x'.",
        "src/a.ts(1,2): error TS2322: Cannot find name 'x'.",
    ),
    ("relative file", "src/a.c:10:2: error: 'x' undeclared", "src/b.c:10:2: error: 'x' undeclared"),
    ("symbol", "cannot find symbol: method foo()", "cannot find symbol: method bar()"),
    ("npm code", "npm ERR! code ELIFECYCLE", "npm ERR! code ERESOLVE"),
    ("pip requirement", "No matching distribution found for torch", "No matching distribution found for jax"),
    (
        "docker step",
        'process "/bin/sh -c make test" did not complete successfully',
        'process "/bin/sh -c make lint" did not complete successfully',
    ),
    ("versioned name", "python3: command not found", "python2: command not found"),
    ("config file", "open /etc/app/config.yml failed", "open /etc/app/secrets.yml failed"),
]


@pytest.mark.parametrize(("case", "a", "b"), DIFFERENT, ids=[case for case, _, _ in DIFFERENT])
def test_ci_distinctions_are_kept(case: str, a: str, b: str) -> None:
    assert fp(a).value != fp(b).value, case


# The same failure seen in two runs: temp paths, ports, hosts, timestamps, ids, sizes differ.
SAME = [
    (
        "pytest tmp",
        "E   FileNotFoundError: [Errno 2] No such file: '/tmp/pytest-of-runner/pytest-3/test_a0/c.yml'",
        "E   FileNotFoundError: [Errno 2] No such file: '/tmp/pytest-of-al/pytest-117/test_a1/c.yml'",
    ),
    (
        "db port and pid",
        "could not connect to 172.17.0.2:5432 after 30.1s (pid 811)",
        "could not connect to 172.17.0.9:55432 after 29.7s (pid 9120)",
    ),
    (
        "runner host",
        "TimeoutError: waited 30s for runner-12.internal:8080",
        "TimeoutError: waited 31s for fv-az88-301.example.net:8081",
    ),
    (
        "timestamps",
        "2026-01-02T03:04:05Z ERROR cache miss at 06:55:46",
        "2026-03-09T23:01:15.5Z ERROR cache miss at 17:01:02",
    ),
    (
        "container id",
        "Killed: container 3f2a9c1d4e5f exited with code=137 after 12m30s",
        "Killed: container 9b8c7d6e5f4a exited with code=137 after 3m2s",
    ),
    (
        "job ids",
        "attempt_1445144423722_0020_m_000000_0 failed on node-129",
        "attempt_1445144423999_0031_m_000007_1 failed on node-77",
    ),
    ("go subtest", "--- FAIL: TestParse/case_7 (0.01s)", "--- FAIL: TestParse/case_12 (0.20s)"),
    ("sizes", "JavaScript heap: 1.5 GB (1536 MB) used", "JavaScript heap: 2.0 GB (2048 MB) used"),
    (
        "system path",
        "gcc: error: /home/alice/build/x86_64/obj/foo.o: No such file",
        "gcc: error: /home/bob/b2/aarch64/obj/foo.o: No such file",
    ),
]


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[case for case, _, _ in SAME])
def test_same_failure_across_runs_has_one_fingerprint(case: str, a: str, b: str) -> None:
    assert fp(a).value == fp(b).value, (case, v2(a), v2(b))


def test_equal_values_stay_numbered() -> None:
    assert v2("a.example.com -> b.example.com -> a.example.com") == "<HOST1> -> <HOST2> -> <HOST1>"
    # IPs and host names are one kind (an address), numbered together
    assert v2("from 10.0.0.2 to a.example.com via 10.0.0.2") == "from <HOST1> to <HOST2> via <HOST1>"


def test_fingerprint_records_the_normaliser_version() -> None:
    components = dict(fp("x 1").components)
    assert components["normalizer"] == "v2"
    record = ErrorRecord(source="b.log", kind=SourceKind.GHA_LOG, message="x 1")
    assert fp("x 1").value != fingerprint(record, normalize("x 1", "v1"), "v1").value


def test_fingerprint_v2_hashes_equal_values_without_their_numbers() -> None:
    same, other = "connect to 10.0.0.1 failed, retry 10.0.0.1", "connect to 10.0.0.1 failed, retry 10.0.0.2"
    assert v2(same) != v2(other)  # the text still says whether the two were equal
    assert fp(same).value != fp(other).value
    assert fp(same, "v2").value == fp(other, "v2").value
    result = fp(other, "v2")
    assert result.version == "v2"
    assert dict(result.components)["message"] == "connect to <HOST> failed, retry <HOST>"
    assert "equal-value numbers" in dict(result.dropped)
    assert fp("E   KeyError: 'a'", "v2").value != fp("E   KeyError: 'b'", "v2").value


def test_registry_and_version_info() -> None:
    assert NORMALIZERS["v2"].version == "v2"
    names = [name for name, _ in normalize_version_info("v2")]
    assert names.index("ip") < names.index("host") < names.index("path_abs") < names.index("token")
    assert names[-1] == "repeats"
    assert len(names) == len(set(names))


def test_docs_list_every_v2_mask_in_order() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "fingerprints.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Normaliser v2") :]
    positions = [section.index(f"| `{name}` |") for name, _ in normalize_version_info("v2")]
    assert positions == sorted(positions)


@pytest.mark.parametrize("row", load_golden(), ids=lambda row: row["input"][:40])
def test_v2_golden_is_frozen(row: GoldenRow) -> None:
    result = normalize(row["input"], "v2")
    assert result.text == row["text"]
    assert list(result.masks_applied) == row["masks"]
    assert fp(row["input"]).value == row["fingerprint"]
    assert fp(row["input"], "v2").value == row["fingerprint_v2"]


def test_normalising_twice_changes_nothing() -> None:
    for row in load_golden():
        assert v2(row["text"]) == row["text"]


def test_random_input_never_crashes_and_is_deterministic() -> None:
    rng = random.Random(4321)
    alphabet = "ab01:/.-_[](), \t\n<>@='\"x9fF\\\ue001éKBuser"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert normalize(text, "v2") == normalize(text, "v2")


@pytest.mark.parametrize(
    "text",
    [
        "a." * 2000 + "@x.com",
        "1:" * 2000,
        "a1." * 1300,
        ".py" * 1300 + ":1",
        "blk_1 " * 700,
        "/" * 4000,
        "/a" * 2000,
        "a=" * 2000,
        "for user " * 500,
        "'" * 4000,
        "x1" * 2000,
        "1 KB (" * 600,
    ],
    ids=["dots", "colons", "mixed", "ext", "tokens", "slashes", "path", "equals", "user", "quotes", "x1", "sizes"],
)
def test_pathological_inputs_are_handled(text: str) -> None:
    # Linear patterns only: a hang here is the failure (no timing is asserted).
    result = normalize(text, "v2")
    assert normalize(result.text, "v2").text == result.text


def _loghub_files() -> list[Path]:
    base = data_dir()
    root = base / "log_templates" / "loghub2_2k" if base else None
    return sorted(root.glob("*/*_2k.log_structured_corrected.csv")) if root and root.is_dir() else []


@pytest.mark.skipif(not _loghub_files(), reason="shared Loghub data absent (set CI_CLASSIFY_DATA)")
def test_loghub_grouping_accuracy_floor() -> None:
    # A regression floor, not the target: bench.grouping_accuracy prints the figures.
    v1_scores, v2_scores, fp2_scores = [], [], []
    for path in _loghub_files():
        contents, truth = load_system(path)
        v1_scores.append(grouping_accuracy([normalize(c, "v1").text for c in contents], truth))
        v2_scores.append(grouping_accuracy([v2(c) for c in contents], truth))
        fp2_scores.append(grouping_accuracy([fp(c, "v2").value for c in contents], truth))
        assert v2_scores[-1] >= v1_scores[-1] - 0.005, path.parent.name
    assert sum(v2_scores) / len(v2_scores) >= 0.85
    assert sum(fp2_scores) / len(fp2_scores) >= 0.90  # the target, with fingerprint v2
