"""A mask's gate (engine.Mask.gate) only skips texts its pattern cannot match: every normaliser gives the same
result with its gates as without them, on the masks' own examples, their edges and the log lines of the fixtures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from classifier.normalize import NORMALIZERS
from classifier.normalize.engine import Normalizer

FIXTURES = Path(__file__).parent / "fixtures"
CORE = Path(__file__).parent / "core"

# Shapes each gated mask masks, and near misses: the gate must let the first through.
EDGES = (
    "connect to 10.0.0.12:5432 failed",
    "listen tcp [::1]:8080: bind: address already in use",
    "dial tcp [fe80::1ff:fe23:4567:890a]:443: i/o timeout",
    "host ::ffff:192.0.2.1 and :5 and a::b",
    "GET https://api.github.com/repos/o/r failed; retrying api.github.com:443",
    "could not resolve build-42.ci.internal:8080 nor registry.example.org",
    "node-12.cluster.local:9200 and com.adobe.acs.commons.Foo",
    "commit 3f9a2c1b and digest sha256:0123456789abcdef0123456789abcdef",
    "segfault at 0x7ffd3a2b and id DEADBEEF42 and 003a90fc and 0123456789abcdef",
    "MAC 00:11:43:e3:ba:c3, 00-1A-2B-3C-4D-5E and 12:34 only",
    "took 3.2s, 150ms, 1m30s, 0.12 seconds, 3.456 s, 5 minutes, 2 days, 7 hrs",
    "sshd[1234]: pid 42, PID=7, Pid: 9 and [12]: and x[3]:",
    "wrote 5.2 KB, 512MiB, 1024 bytes, 3 B, 7k, 2 GiB and 12 items",
    "at 06:55:46.123 and 00:01, then 1:2:33",
    "src/a.py:12:5: E501, Foo.java:[12,5], Foo.cs(12,5), x.PY:3, run.ps1:4, a.ſh:7",
    "<HOST1> (<HOST2>), unknown[10.0.0.1], 10.0.0.1 (unknown), host ()",
    "blk_1 blk_1 blk_2, [3, 3, 3] and 4 4",
    "[INFO] Total time: ०१:४६ min and [ ०.२८९ s] (digits of another script)",
)


def _without_gates(normalizer: Normalizer) -> Normalizer:
    masks = tuple(dataclasses.replace(mask, gate=None) for mask in normalizer.masks)
    return Normalizer(normalizer.version, masks, normalizer.description)


MAX_TEXTS = 6000  # every normaliser twice over each: a few seconds


def _texts() -> list[str]:
    """The edges, the masks' descriptions (they quote the shapes they mask), the fixtures' log lines and the real
    log lines the tests quote (tests/core), every other one of them when there are too many."""
    texts = list(EDGES)
    for normalizer in NORMALIZERS.values():
        texts += [mask.description for mask in normalizer.masks]
    lines: list[str] = []
    for path in sorted([*FIXTURES.rglob("*.log"), *FIXTURES.rglob("*.txt"), *CORE.glob("test_real_ci_logs*.py")]):
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    kept = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
    texts += kept[:: max(1, len(kept) // MAX_TEXTS)]
    return list(dict.fromkeys(texts))


TEXTS = _texts()


def test_some_masks_have_gates() -> None:
    gated = {mask.name for normalizer in NORMALIZERS.values() for mask in normalizer.masks if mask.gate is not None}
    assert {"ip", "host", "size", "mac", "clock", "repeats", "line_col"} <= gated
    assert len(TEXTS) > 3000


@pytest.mark.parametrize("version", sorted(NORMALIZERS))
def test_gates_change_no_result(version: str) -> None:
    gated, plain = NORMALIZERS[version], _without_gates(NORMALIZERS[version])
    different = [text for text in TEXTS if gated(text) != plain(text)]
    assert different == []


@pytest.mark.parametrize("version", sorted(NORMALIZERS))
def test_gates_pass_every_match(version: str) -> None:
    """Each gated pattern's match in a text (as the mask meets it: the earlier masks applied) has its gate pass."""
    normalizer = NORMALIZERS[version]
    for mask in normalizer.masks:
        if mask.gate is None:
            continue
        earlier = Normalizer(version, normalizer.masks[: normalizer.masks.index(mask)], "")
        for text in EDGES:
            seen = earlier(text).text
            if mask.pattern.search(seen) and not mask.placeholder:
                assert mask.gate(seen), (mask.name, seen)
