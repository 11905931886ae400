"""Versioned, explainable fingerprints: sha256 over length-prefixed components, 16 hex chars.

Each component is hashed as `<byte length>:<name>` and `<byte length>:<value>`, so no choice of values
can collide by shifting characters between parts (`["ab","c"]` vs `["a","bc"]`). A fingerprint keeps its
components in hashing order, plus the parts that were left out and why, so `Fingerprint.explain()` can
say what made two failures the same. v1 is frozen; a new algorithm is a new entry in `FINGERPRINTERS`:
v2 hashes the message without its equal-value numbers; v3 leaves out the HTTP status of a record that
names its error type or code (an API error is the provider's type/code and message, whether or not the
client printed a status line).

`GROUPING` is the one registry of grouping configurations (normaliser version, fingerprint version,
changelog) by name, `ci@<date>`; `DEFAULT_GROUPING` is the one default, used by the pipeline (`identify`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from classifier.errors import ConfigError
from classifier.model import ErrorRecord, Fingerprint, Normalized, Occurrence, SourceKind
from classifier.normalize import normalize

__all__ = [
    "DEFAULT_GROUPING",
    "FINGERPRINTERS",
    "GROUPING",
    "LEGACY_GROUPING",
    "Fingerprinter",
    "Grouping",
    "digest",
    "fingerprint",
    "identify",
]

Fingerprinter = Callable[[ErrorRecord, Normalized], Fingerprint]

# Kinds whose records describe one test: the test id is part of the failure's identity.
_TEST_KINDS = frozenset({SourceKind.JUNIT, SourceKind.RUNNER, SourceKind.ANNOTATION, SourceKind.GHA_LOG})


def digest(components: Iterable[tuple[str, str]]) -> str:
    """sha256 over length-prefixed (name, value) pairs, first 16 hex chars."""
    return _digest(tuple(components))


@functools.lru_cache(maxsize=4096)
def _digest(components: tuple[tuple[str, str], ...]) -> str:
    """`digest`, remembered: one failure's records (and its retries, its other jobs) share their parts."""
    hasher = hashlib.sha256()
    for name, value in components:
        for part in (name.encode(), value.encode()):
            hasher.update(str(len(part)).encode() + b":" + part)
    return hasher.hexdigest()[:16]


def _v1_parts(record: ErrorRecord, normalized: Normalized) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    # the record fields read here are the key of `_remembered`: a field read here must join that key
    used: list[tuple[str, str]] = [
        ("fingerprint", "v1"),
        ("normalizer", normalized.version),
        ("stream", record.stream.value),
        ("kind", record.kind.value),
    ]
    dropped: list[tuple[str, str]] = []
    if record.exception_type:
        used.append(("exception_type", record.exception_type))
    else:
        dropped.append(("exception_type", "empty"))
    used.append(("message", normalized.text))
    if not record.test_id:
        dropped.append(("test_id", "not a test"))
    elif record.kind in _TEST_KINDS:
        used.append(("test_id", record.test_id))
    else:
        dropped.append(("test_id", f"not used for {record.kind.value} records"))
    if record.code:
        used.append(("code", record.code))
    if record.http_status is not None:
        used.append(("http_status", str(record.http_status)))
    if record.provider:
        used.append(("provider", record.provider))
    dropped.append(("line/timestamp/job/source", "volatile: differ between runs of the same failure"))
    return used, dropped


def _fingerprint_v1(record: ErrorRecord, normalized: Normalized) -> Fingerprint:
    used, dropped = _v1_parts(record, normalized)
    return Fingerprint(digest(used), "v1", tuple(used), tuple(dropped))


_NUMBERED = re.compile(r"<([A-Z]{2,10})\d{1,4}>")  # the placeholders normalisers number


def _fingerprint_v2(record: ErrorRecord, normalized: Normalized) -> Fingerprint:
    """v1's parts, but the message is hashed without its equal-value numbers (`<IP2>` -> `<IP>`): whether
    two addresses in one message were equal is shown in the text, not part of the failure's identity."""
    used, dropped = _v1_parts(record, normalized)
    used[0] = ("fingerprint", "v2")
    used = [
        (name, _NUMBERED.sub(r"<\1>", value) if name == "message" and "<" in value else value) for name, value in used
    ]
    dropped.insert(0, ("equal-value numbers", "<IP1>/<IP2> are shown in the text, hashed as <IP>"))
    return Fingerprint(digest(used), "v2", tuple(used), tuple(dropped))


def _fingerprint_v3(record: ErrorRecord, normalized: Normalized) -> Fingerprint:
    """v2 of the record without its HTTP status when it names its error type or code: one provider error
    reads `Error code: 429 - {...}` from one client and the bare body from another. Every other record keeps
    its v2 fingerprint, so labels stored under ci@2026-11-23 still apply (version `v3` marks a dropped status)."""
    if record.http_status is None or not (record.exception_type or record.code):
        return _fingerprint_v2(record, normalized)
    v2 = _fingerprint_v2(replace(record, http_status=None), normalized)
    why = ("http_status", "the error's type/code names it; not every client prints the status")
    return Fingerprint(v2.value, "v3", v2.components, (why, *v2.dropped))


FINGERPRINTERS: Mapping[str, Fingerprinter] = {"v1": _fingerprint_v1, "v2": _fingerprint_v2, "v3": _fingerprint_v3}


def fingerprint(record: ErrorRecord, normalized: Normalized, version: str) -> Fingerprint:
    """The fingerprint of one record under a fingerprint version (ConfigError for unknown versions)."""
    try:
        fingerprinter = FINGERPRINTERS[version]
    except KeyError:
        known = ", ".join(FINGERPRINTERS)
        raise ConfigError(f"unknown fingerprint version {version!r}; known: {known}") from None
    return fingerprinter(record, normalized)


@dataclass(frozen=True, slots=True)
class Grouping:
    """One grouping configuration: which normaliser and fingerprint versions make a failure's identity."""

    name: str  # ci@<date it became the default>
    normalizer: str
    fingerprint: str
    changelog: str


GROUPING: Mapping[str, Grouping] = {
    grouping.name: grouping
    for grouping in (
        Grouping("ci@2026-11-01", "v1", "v1", "First release: normaliser v1 (frozen), fingerprint v1."),
        Grouping(
            "ci@2026-11-23",
            "v2",
            "v2",
            "Normaliser v2 groups far better (grouping accuracy 0.906 vs 0.694, docs/fingerprints.md); "
            "fingerprint v2 hashes the message without equal-value numbers (<IP2> as <IP>).",
        ),
        Grouping(
            "ci@2026-11-30",
            "v2",
            "v3",
            "Fingerprint v3: an API error with a provider type or code is one failure with or without the "
            "HTTP status its client printed (issue 8: fingerprint on the provider's type/code and message).",
        ),
        Grouping(
            "ci@2026-12-01",
            "v3",
            "v3",
            "Normaliser v3: digits that are part of a program identifier are kept (GRP_S11_A7A3_VC and "
            "GRP_S12_A7A3_VC are two symbols, two failures); volatile numbers are masked as in v2.",
        ),
        Grouping(
            "ci@2026-12-01b",
            "v4",
            "v3",
            "Normaliser v4: the random end of a temporary file or folder name (package-tar-staging-3f9a2c1b, "
            "tmp.Xa81bEc2Q1) is one text, so a failure printed for each temporary folder is one failure.",
        ),
        Grouping(
            "ci@2026-12-01c",
            "v5",
            "v3",
            "Normaliser v5: the checkout directory of every CI system (classifier/workspaces.py) is <WS>, not "
            "only some: a file keeps its repository path on Azure, CircleCI, Buildkite, self-hosted runners, "
            "and one failure on two GitLab runners (their token folders) is one failure.",
        ),
        Grouping(
            "ci@2026-12-01d",
            "v6",
            "v3",
            "Normaliser v6: the path after a CI checkout is written with forward slashes, so a file printed as "
            "D:\\a\\r\\r\\src\\x.cs by one tool and D:/a/r/r/src/x.cs by another (Windows runners) is one failure.",
        ),
        Grouping(
            "ci@2026-12-01e",
            "v7",
            "v3",
            "Normaliser v7: a syslog header's host, an address printed with its name in brackets (empty or "
            "unknown when the lookup failed), the principal in `for X from <address>` and a MAC address are one "
            "value each, so one system-log failure on two machines, or for two users, is one failure.",
        ),
        Grouping(
            "ci@2026-12-01f",
            "v8",
            "v3",
            "Normaliser v8: HTTP dates (Fri, 30 Jan 2015 16:47:23 GMT), Common Log Format stamps, dd-Mon-yyyy "
            "dates and an AM/PM after a time are one timestamp, so a failure that prints the date is one failure "
            "on every day, not one per day, month or half-day.",
        ),
    )
}
DEFAULT_GROUPING = GROUPING["ci@2026-12-01f"]
LEGACY_GROUPING = GROUPING["ci@2026-11-01"]  # what labels stored without a normaliser version used


def identify(record: ErrorRecord, grouping: Grouping = DEFAULT_GROUPING) -> Occurrence:
    """A record with its normalised message and fingerprint under a grouping configuration."""
    normalized = normalize(record.message, grouping.normalizer)
    return Occurrence(record, _remembered(record, normalized, grouping.fingerprint), normalized)


_MEMO_SIZE = 4096  # fingerprints remembered (a few MB): a failure's records and its repeats share one
_MEMO: dict[tuple[object, ...], Fingerprint] = {}


def _remembered(record: ErrorRecord, normalized: Normalized, version: str) -> Fingerprint:
    """`fingerprint`, one shared object per identity: the key holds every part a fingerprinter reads
    (`_v1_parts`, v3's status rule), so equal keys give equal fingerprints (and pickle once per document)."""
    key = (
        version,
        normalized.text,
        normalized.version,
        record.stream,
        record.kind,
        record.exception_type,
        record.test_id,
        record.code,
        record.http_status,
        record.provider,
    )
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()  # bounded: a new start beats tracking recency
        found = _MEMO[key] = fingerprint(record, normalized, version)
    return found
