"""Normaliser v8 (the default since grouping ci@2026-12-01f): v7, with HTTP dates, Common Log Format stamps,
dd-Mon-yyyy dates and an AM/PM after a time made one timestamp, so a failure that prints the date is one failure
on any day. It keeps v2's CI distinctions and run-to-run stability (the same lists, under v8)."""

from __future__ import annotations

import pytest

from bench.grouping_accuracy import ablation
from classifier.fingerprint import DEFAULT_GROUPING, GROUPING, fingerprint, identify
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, normalize
from tests.test_normalize_v2 import DIFFERENT, SAME


def v8(text: str) -> str:
    return normalize(text, "v8").text


def fp(message: str, normalizer: str = "v8") -> str:
    record = ErrorRecord(source="build.log", kind=SourceKind.RUNNER, message=message, test_id="t")
    return fingerprint(record, normalize(message, normalizer), "v3").value


def test_v8_is_the_default_and_adds_two_masks_to_v7() -> None:
    assert DEFAULT_GROUPING is GROUPING["ci@2026-12-01f"]
    assert (DEFAULT_GROUPING.normalizer, DEFAULT_GROUPING.fingerprint) == ("v8", "v3")
    old, alone, new = ablation("v8")
    assert (old, new) == (NORMALIZERS["v7"], NORMALIZERS["v8"])
    assert list(alone) == ["timestamp_text", "meridiem"]
    names = [m.name for m in new.masks]
    assert names.index("timestamp_text") == names.index("timestamp_iso") - 1
    assert names.index("meridiem") == names.index("clock") + 1


# OkHttp's cache test on the day it failed, https://github.com/square/okhttp/pull/1355 (as mirrored in
# lysine-dev/okhttp#1355): the expected HTTP date is computed from the clock, so every run prints another day.
OKHTTP = (
    "java.lang.AssertionError: expected:<Fri, 30 Jan 2015 16:47:23 GMT> but was:<null>",
    "java.lang.AssertionError: expected:<Tue, 06 Jan 2015 06:24:09 GMT> but was:<null>",  # another run's day
)
# Apache httpd's documented Common Log Format example (https://httpd.apache.org/docs/2.4/logs.html#accesslog),
# with a 500 for the status, and the same request on another date.
CLF = (
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 500 2326',
    '127.0.0.1 - frank [02/Dec/2026:07:02:06 +0000] "GET /apache_pb.gif HTTP/1.0" 500 2326',
)
# Tomcat 8.5+ (OneLineFormatter), https://github.com/FusionAuth/fusionauth-issues/issues/408 and
# https://github.com/psi-probe/psi-probe/issues/1091, trimmed to one message
TOMCAT = (
    "16-Dec-2019 16:32:50.739 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 6407 ms",
    "25-Jul-2017 22:54:28.650 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 6407 ms",
)
# Tomcat 7 through java.util.logging's SimpleFormatter,
# https://github.com/docker-archive-public/docker.labs/issues/496; the second is the same line in the afternoon
JAVA_MEDIUM = (
    "May 16, 2020 3:57:52 AM org.apache.catalina.startup.VersionLoggerListener log",
    "May 16, 2020 3:57:52 PM org.apache.catalina.startup.VersionLoggerListener log",
)


@pytest.mark.parametrize("pair", [OKHTTP, CLF, JAVA_MEDIUM], ids=["http", "clf", "meridiem"])
def test_one_failure_on_two_days_is_one_fingerprint(pair: tuple[str, str]) -> None:
    assert fp(pair[0], "v7") != fp(pair[1], "v7")
    assert fp(pair[0]) == fp(pair[1])
    assert "<TS>" in v8(pair[0])


def test_what_the_dates_become() -> None:
    # v7 already gave Tomcat's dd-Mon-yyyy one text (`<ID> <DUR>`); v8 names it a timestamp
    assert {v8(line) for line in TOMCAT} == {
        "<TS> INFO [main] org.apache.catalina.startup.Catalina.start Server startup in <DUR>"
    }
    assert v8(OKHTTP[0]) == "java.lang.AssertionError: expected:<<TS>> but was:<null>"
    assert v8(CLF[0]) == '<HOST1> - frank [<TS>] "GET <PATH> HTTP/<NUM>" <NUM>'
    assert v8("Date: 30 Jan 2015 16:47 +0000") == "Date: <TS>"
    assert v8("certificate expired on 01-JUL-06") == "certificate expired on <TS>"
    assert v8("took 3:57:52 PM") == "took <DUR>"


def test_months_and_half_days_alone_stay() -> None:
    for text in (
        "pick 1 May 2015",  # a date without a time: no stamp
        "I AM here at 5 PM",  # AM/PM after a plain number or a word
        "SAMPLE-Jul-x",
        "JUL-06 release",
    ):
        assert v8(text) == normalize(text, "v7").text, text


@pytest.mark.parametrize(("case", "a", "b"), DIFFERENT, ids=[case for case, _, _ in DIFFERENT])
def test_v2_s_ci_distinctions_are_kept(case: str, a: str, b: str) -> None:
    assert fp(a) != fp(b), case


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[case for case, _, _ in SAME])
def test_v2_s_run_to_run_stability_is_kept(case: str, a: str, b: str) -> None:
    assert fp(a) == fp(b), (case, v8(a), v8(b))


def test_normalising_twice_changes_nothing() -> None:
    for text in (*OKHTTP, *CLF, *TOMCAT, *JAVA_MEDIUM):
        once = v8(text)
        assert v8(once) == once


def test_identify_uses_v8() -> None:
    records = [ErrorRecord(source="t.log", kind=SourceKind.RUNNER, message=m, test_id="t") for m in OKHTTP]
    first, second = (identify(record) for record in records)
    assert first.normalized.version == "v8"
    assert first.fingerprint.value == second.fingerprint.value
