"""Normaliser v7 (the default of grouping ci@2026-12-01e): v6, with three positions of system logs that name
a host or a user made one value (a syslog header's host, an address with its name in brackets, the principal
in `for X from <address>`) and hex byte pairs (MAC addresses) one id. It keeps v2's CI distinctions and
run-to-run stability (the same lists, under v7), and no system's Loghub grouping accuracy drops (skipped when
the shared data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.grouping_accuracy import ablation, grouping_accuracy, load_system
from classifier.fingerprint import DEFAULT_GROUPING, GROUPING, fingerprint, identify
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, normalize
from tests.test_normalize_v2 import DIFFERENT, SAME, _loghub_files


def v7(text: str) -> str:
    return normalize(text, "v7").text


def fp(message: str, normalizer: str = "v7") -> str:
    record = ErrorRecord(source="syslog", kind=SourceKind.GHA_LOG, message=message)
    return fingerprint(record, normalize(message, normalizer), "v3").value


def test_v7_adds_four_masks_to_v6() -> None:
    grouping = GROUPING["ci@2026-12-01e"]
    assert (grouping.normalizer, grouping.fingerprint) == ("v7", "v3")
    v6_masks, v7_masks = NORMALIZERS["v6"].masks, NORMALIZERS["v7"].masks
    added = {"syslog_header", "mac", "named_address", "auth_user"}
    assert [m for m in v7_masks if m.name not in added] == list(v6_masks)
    names = [m.name for m in v7_masks]
    assert names.index("syslog_header") == names.index("timestamp_syslog") + 1  # sees the host before any mask
    assert names.index("syslog_header") < names.index("mac") < names.index("clock")  # before 00:11:43 is a time
    assert names.index("token") < names.index("named_address") < names.index("auth_user") < names.index("whitespace")


# Loghub's Linux 2k sample (ftpd, syslog), https://github.com/logpai/loghub/blob/master/Linux/Linux_2k.log:
# ftpd prints the client's address and, in brackets, its reverse-DNS name (empty when the lookup failed).
FTPD = (
    "connection from 222.33.90.199 () at Mon Jun 20 03:40:59 2005",
    "connection from 82.252.162.81 (lns-vlq-45-tou-82-252-162-81.adsl.proxad.net) at Fri Jun 17 20:55:06 2005",
)
# Postfix's own smtpd_check test expectations (postfix/src/smtpd/smtpd_check.ref, as in NetBSD's
# external/ibm-public/postfix/dist): the client as name[address], `unknown` when it has no name; trimmed.
POSTFIX = (
    "reject: CONNECT from unknown[131.155.210.17]: 450 4.7.1 Client host rejected",
    "reject: CONNECT from aa.win.tue.nl[131.155.210.18]: 450 4.7.1 Client host rejected",
)
# OpenSSH's sshd, Loghub's OpenSSH 2k sample, https://github.com/logpai/loghub/blob/master/OpenSSH/OpenSSH_2k.log
SSHD = (
    "Failed password for root from 5.36.59.76 port 42393 ssh2",
    "Failed password for uucp from 195.154.37.122 port 59266 ssh2",
)
REVERSE = (
    "reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed"
    " - POSSIBLE BREAK-IN ATTEMPT!"
)


def test_an_address_with_or_without_its_name_is_one_address() -> None:
    assert fp(FTPD[0], "v6") != fp(FTPD[1], "v6")  # v6: `<HOST1> ()` against `<HOST1> (<HOST2>)`
    assert {v7(line) for line in FTPD} == {"connection from <HOST1> at <TS>"}
    assert fp(POSTFIX[0], "v6") != fp(POSTFIX[1], "v6")
    assert fp(POSTFIX[0]) == fp(POSTFIX[1])  # the name is <HOST2> after its address's <HOST1>: numbers not hashed
    assert v7(POSTFIX[0]) == "reject: CONNECT from <HOST1>: <NUM> Client host rejected"
    assert v7(REVERSE) == "reverse mapping checking getaddrinfo for <HOST2> failed - POSSIBLE BREAK-IN ATTEMPT!"


def test_brackets_that_hold_no_name_of_the_address_stay() -> None:
    for text in (
        "connect to 10.0.0.1 (timeout) failed",  # a reason, not a name
        "Connecting to 10.0.0.1 [] failed",  # an empty [] says nothing
        "retry 10.0.0.1 (10.0.0.2] done",  # unbalanced
        "unknown (flag) given",
        "call connect(10.0.0.1) failed",  # an argument list, not an address's name
    ):
        assert v7(text) == normalize(text, "v6").text, text


def test_the_principal_between_for_and_from_an_address_is_one_value() -> None:
    assert fp(SSHD[0], "v6") != fp(SSHD[1], "v6")
    assert {v7(line) for line in SSHD} == {"Failed password for <VAL> from <HOST1> port <NUM> ssh2"}
    # `for invalid user X` was v2's already; `for` followed by more than one word is not a principal
    assert v7("Failed password for invalid user admin from 10.0.0.1 port 22 ssh2") == (
        "Failed password for invalid user <VAL> from <HOST1> port <NUM> ssh2"
    )


def test_for_from_without_an_address_or_with_a_quoted_principal_stays() -> None:
    for text in (
        "checking for updates from central",  # Maven: a repository id, not an address
        "Downloading package for 'numpy' from 10.0.0.1",  # quoted: the subject of the failure
        "Waiting for build 12 from queue",
    ):
        assert v7(text) == normalize(text, "v6").text, text


# Syslog lines as syslogd and journalctl's short format print them (Loghub's OpenSSH and Linux samples above,
# host renamed to show two machines); RFC 5424's example 1 (https://www.rfc-editor.org/rfc/rfc5424#section-6.5,
# host shortened to a name without a domain, BOM left out)
def test_the_host_of_a_syslog_header_is_one_value() -> None:
    lines = [
        "Dec 10 07:51:20 LabSZ sshd[24326]: Failed password for uucp from 195.154.37.122 port 59266 ssh2",
        "Dec 10 07:13:43 build-7 sshd[24227]: Failed password for root from 5.36.59.76 port 42393 ssh2",
    ]
    assert fp(lines[0], "v6") != fp(lines[1], "v6")
    expected = "<TS> <HOST1> sshd[<PID>]: Failed password for <VAL> from <HOST2> port <NUM> ssh2"
    assert {v7(line) for line in lines} == {expected}
    assert v7("Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown") == (
        "<TS> <HOST1> sshd(pam_unix)[<NUM>]: check pass; user unknown"
    )
    rfc5424 = "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - 'su root' failed for lonvick on /dev/pts/8"
    assert v7(rfc5424) == "<<NUM>><NUM> <TS> <HOST1> su - ID47 - 'su root' failed for lonvick on <PATH>"


def test_a_timestamp_and_two_words_without_a_pid_are_no_header() -> None:
    for text in (
        "Dec 10 07:51:20 Build failed: see log",  # `Build` is no host: no `prog[pid]:` follows
        "Dec 10 07:51:20 CI job[12] failed",  # no colon after the pid
        "at Dec 10 07:51:20 host sshd[1]: x",  # not at the start
    ):
        assert v7(text) == normalize(text, "v6").text, text


# ISC dhcpd's lease messages, https://linux-tutorial-cli.gitbook.io/linux-cli-tutorial/txt-files/file-systems-cocepts/
# lpic2-202/dhcp-log-messages-in-syslog-or-systemd-journal; Loghub's BGL 2k sample (an IDo chip's 12-byte id),
# https://github.com/logpai/loghub/blob/master/BGL/BGL_2k.log, trimmed.
DHCPD = "DHCPOFFER on 192.168.1.10 to 00:11:22:33:44:55 via eth0"
IDO = (
    "Ido chip status changed: FF:F2:9F:16:E2:23:00:0D:60:E9:1D:DC ip=10.0.0.151 v=9 t=4 status=M",
    "Ido chip status changed: FF:F2:9F:16:EB:27:00:0D:60:E9:14:D8 ip=10.0.2.192 v=13 t=4 status=M",
)


def test_hex_byte_pairs_are_one_id() -> None:
    assert v7(DHCPD) == "DHCPOFFER on <HOST1> to <MAC1> via eth0"
    assert normalize(DHCPD, "v6").text == "DHCPOFFER on <HOST1> to <NUM>:<NUM>:<NUM>:<NUM>:<NUM>:<NUM> via eth0"
    assert fp(IDO[0], "v6") != fp(IDO[1], "v6")  # v6: each pair masked by its own shape (FF, <ID>, <NUM>, DC)
    assert {v7(line) for line in IDO} == {"Ido chip status changed: <MAC1> ip=<VAL> v=<VAL> t=<VAL> status=<VAL>"}
    assert v7("link 00-1A-2B-3C-4D-5E up, was 00-1A-2B-3C-4D-5F") == "link <MAC1> up, was <MAC2>"


def test_clocks_and_short_or_mixed_runs_are_no_byte_pairs() -> None:
    for text in (
        "took 12:30:45",  # a clock: 3 pairs
        "at 01:02:03:04:05",  # 5 pairs
        "id 00:11:22-33:44:55",  # mixed separators
        "fe80::1:2:3:4:5:6",  # IPv6
        "abc:00:11:22:33:44:55",  # part of a longer word
    ):
        assert "<MAC" not in v7(text), text


def test_ci_errors_do_not_change() -> None:
    for text in (
        "E   ModuleNotFoundError: No module named 'requests'",
        "curl: (6) Could not resolve host: github.com",
        "Connecting to github.com (github.com)|140.82.112.3|:443... failed: Connection timed out.",
        "fatal: unable to access 'https://github.com/o/r.git/': Failed to connect to github.com port 443",
        "src/main.c:12:5: error: 'foo' undeclared (first use in this function)",
    ):
        assert v7(text) == normalize(text, "v6").text, text


@pytest.mark.parametrize(("case", "a", "b"), DIFFERENT, ids=[case for case, _, _ in DIFFERENT])
def test_v2_s_ci_distinctions_are_kept(case: str, a: str, b: str) -> None:
    assert fp(a) != fp(b), case


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[case for case, _, _ in SAME])
def test_v2_s_run_to_run_stability_is_kept(case: str, a: str, b: str) -> None:
    assert fp(a) == fp(b), (case, v7(a), v7(b))


def test_normalising_twice_changes_nothing() -> None:
    for text in (*FTPD, *POSTFIX, *SSHD, REVERSE, "Dec 10 07:51:20 LabSZ sshd[24326]: Accepted password for fztu"):
        once = v7(text)
        assert v7(once) == once


def test_identify_under_v7_and_the_default_after_it() -> None:
    for grouping in (GROUPING["ci@2026-12-01e"], DEFAULT_GROUPING):
        records = [ErrorRecord(source="auth.log", kind=SourceKind.GHA_LOG, message=line) for line in SSHD]
        occurrences = [identify(record, grouping) for record in records]
        assert occurrences[0].normalized.version == grouping.normalizer
        assert occurrences[0].fingerprint.value == occurrences[1].fingerprint.value


@pytest.mark.skipif(not _loghub_files(), reason="shared Loghub data absent (set CI_CLASSIFY_DATA)")
def test_loghub_no_system_loses_grouping_accuracy() -> None:
    for path in _loghub_files():
        contents, truth = load_system(path)
        before = grouping_accuracy([fp(c, "v6") for c in contents], truth)
        after = grouping_accuracy([fp(c) for c in contents], truth)
        assert after >= before - 0.005, path.parent.name


def test_docs_list_the_masks_v7_adds() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "fingerprints.md").read_text(encoding="utf-8")
    section = docs[docs.index("### Normaliser v7") :]
    section = section[: section.index("\n### ")]
    for name in ("syslog_header", "mac", "named_address", "auth_user"):
        assert f"| `{name}` |" in section, name


def test_the_bench_ablates_each_mask_v7_adds_alone() -> None:
    old, alone, new = ablation("v7")
    assert (old, new) == (NORMALIZERS["v6"], NORMALIZERS["v7"])
    assert list(alone) == ["syslog_header", "mac", "named_address", "auth_user"]
    names = [m.name for m in alone["auth_user"].masks]
    assert [name for name in names if name != "auth_user"] == [m.name for m in old.masks]
    assert names[names.index("auth_user") + 1] == "whitespace"  # in its v7 place
    assert alone["auth_user"](SSHD[0]).text == v7(SSHD[0])
    with pytest.raises(SystemExit):
        ablation("v6")  # v6 changes a mask of v5: nothing to add one by one
