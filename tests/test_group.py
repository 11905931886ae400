"""Grouping by fingerprint (order, first/last seen) and near-duplicate suggestions (bench/near_duplicates.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.near_duplicates import cluster_texts, loose_tokens, suggest_merges
from classifier.fingerprint import fingerprint
from classifier.group import group_occurrences
from classifier.model import ErrorRecord, Occurrence, SourceKind
from classifier.normalize import normalize


def occ(message: str, timestamp: str = "", source: str = "job.log") -> Occurrence:
    record = ErrorRecord(source=source, kind=SourceKind.GHA_LOG, message=message, timestamp=timestamp)
    normalized = normalize(message, "v1")
    return Occurrence(record, fingerprint(record, normalized, "v1"), normalized)


def test_groups_by_fingerprint_in_first_appearance_order() -> None:
    items = [occ("timeout after 3s"), occ("disk full"), occ("timeout after 9s"), occ("oom"), occ("disk full")]
    groups = group_occurrences(items)
    assert [group.representative.message for group in groups] == ["timeout after 3s", "disk full", "oom"]
    assert [group.count for group in groups] == [2, 2, 1]
    assert groups[0].occurrences == (items[0], items[2])
    assert groups[0].fingerprint == items[0].fingerprint
    assert groups[0].sample_messages() == ("timeout after 3s", "timeout after 9s")


def test_first_and_last_seen_from_record_timestamps() -> None:
    items = [
        occ("boom", "2026-01-02T10:00:00Z"),
        occ("boom", "2026-01-01T23:00:00-02:00"),  # 2026-01-02T01:00Z: the earliest
        occ("boom", ""),
        occ("boom", "not a time"),
        occ("boom", "2026-01-03T00:00:00+00:00"),
    ]
    (group,) = group_occurrences(items)
    assert group.first_seen == "2026-01-01T23:00:00-02:00"
    assert group.last_seen == "2026-01-03T00:00:00+00:00"
    assert group.count == 5


def test_no_timestamps_and_no_input() -> None:
    (group,) = group_occurrences([occ("boom")])
    assert (group.first_seen, group.last_seen) == ("", "")
    assert group_occurrences([]) == []
    assert group_occurrences(iter([occ("a"), occ("b")]))[1].representative.message == "b"


def test_loose_tokens_make_placeholders_generic() -> None:
    assert loose_tokens("connect to <IP1>:<PORT> blk_<NUM> <HOST2> now") == (
        "connect",
        "to",
        "<*>:<*>",
        "blk_<*>",
        "<*>",
        "now",
    )


def test_cluster_merges_messages_that_differ_in_one_word() -> None:
    texts = [
        "Failed password for root from <IP1> port <NUM> ssh2",
        "Failed password for admin from <IP1> port <NUM> ssh2",
        "Accepted password for root from <IP1> port <NUM> ssh2",
        "session closed",
        "session opened",
        "Connection closed by <IP1> [preauth]",
    ]
    labels = cluster_texts(texts)
    assert labels[0] == labels[1] == labels[2] == 0  # one word apart, chained
    assert labels[3] == 3 and labels[4] == 4  # too short to merge (fewer than 4 tokens)
    assert labels[5] == 5


def test_cluster_labels_do_not_depend_on_duplicates() -> None:
    assert cluster_texts(["a b c d", "a b c d", "a x c d"]) == [0, 0, 0]
    assert cluster_texts([]) == []


def test_suggest_merges_returns_fingerprints_of_near_duplicate_groups() -> None:
    groups = group_occurrences(
        [
            occ("Invalid user admin from 10.0.0.1"),
            occ("Invalid user oracle from 10.0.0.2"),
            occ("disk full on /dev/sda1 now"),
        ]
    )
    assert len(groups) == 3
    assert suggest_merges(groups) == [(groups[0].fingerprint.value, groups[1].fingerprint.value)]


def test_grouping_accuracy_metric() -> None:
    from bench.grouping_accuracy import grouping_accuracy

    truth = ["A", "A", "B", "C", "C"]
    assert grouping_accuracy([1, 1, 2, 3, 3], truth) == 1.0
    assert grouping_accuracy([1, 1, 2, 2, 2], truth) == 0.4  # the A pair only
    assert grouping_accuracy([1, 2, 3, 4, 4], truth) == 0.6  # B and the C pair


def _loghub() -> Path | None:
    from bench.common import data_dir

    root = data_dir()
    folder = root / "log_templates" / "loghub2_2k" if root else None
    return folder if folder and folder.is_dir() else None


@pytest.mark.skipif(_loghub() is None, reason="shared Loghub data not present")
def test_loghub_grouping_accuracy_floor() -> None:
    """Guards the measured figures (bench.grouping_accuracy) against regressions on two systems."""
    from bench.grouping_accuracy import grouping_accuracy, load_system

    folder = _loghub()
    assert folder is not None
    # (fingerprint, fingerprint + clustering); measured: Apache 1.0/1.0, OpenSSH 0.334/0.926, Spark 0.925/0.997
    floors = {"Apache": (0.99, 0.99), "OpenSSH": (0.30, 0.90), "Spark": (0.90, 0.98)}
    for system, (fp_floor, cluster_floor) in floors.items():
        contents, truth = load_system(folder / system / f"{system}_2k.log_structured_corrected.csv")
        texts = [normalize(content, "v1").text for content in contents]
        assert grouping_accuracy(texts, truth) >= fp_floor, system
        assert grouping_accuracy(cluster_texts(texts), truth) >= cluster_floor, system
