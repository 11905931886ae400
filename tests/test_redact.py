"""Secret redaction: every kind is replaced, ordinary log text survives unchanged, records are covered."""

from __future__ import annotations

import dataclasses
import random

import pytest

from classifier.model import ErrorRecord, SourceKind
from classifier.redact import (
    MEMO_CHARS,
    MEMO_TEXTS,
    REDACTION_PATTERNS,
    Redactor,
    mixed_run,
    redact,
    redact_record,
)

# Fake credentials built at run time, so no secret-looking literal sits in the repository.
GHP = "ghp_" + "A1b2C3d4" * 5
PAT = "github_pat_11ABCDEFG0" + "x1Y2z3" * 8
ANT = "sk-ant-api03-" + "Zq9_" * 10
OAI = "sk-proj-" + "Ab3d" * 8
AKID = "AKIA" + "Q7RZ" * 4
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"  # 40 characters
SLACK = "xoxb-" + "1234567890-" + "abcdEFGH" * 2
JWT = "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0." + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

CASES = [
    ("github_token", f"remote: token {GHP} rejected", "remote: token [REDACTED:github_token] rejected"),
    ("github_token", f"GITHUB_TOKEN={PAT}", "GITHUB_TOKEN=[REDACTED:github_token]"),
    ("github_token", "ghs_" + "k" * 36 + " and gho_" + "9" * 36, "[REDACTED:github_token] and [REDACTED:github_token]"),
    ("anthropic_key", f"x-api-key {ANT}", "x-api-key [REDACTED:anthropic_key]"),
    ("openai_key", f"using {OAI} now", "using [REDACTED:openai_key] now"),
    ("aws_access_key_id", f"key id {AKID}.", "key id [REDACTED:aws_access_key_id]."),
    ("aws_secret_key", f"aws_secret_access_key = {AWS_SECRET}", "aws_secret_access_key = [REDACTED:aws_secret_key]"),
    ("slack_token", f"slack {SLACK}", "slack [REDACTED:slack_token]"),
    ("jwt", f"cookie={JWT};", "cookie=[REDACTED:jwt];"),
    (
        "url_password",
        "git clone https://bot:hunter22@github.com/o/r.git",
        "git clone https://bot:[REDACTED]@github.com/o/r.git",
    ),
    (
        "url_password",
        "DATABASE_URL postgres://app:pa55@db:5432/app",
        "DATABASE_URL postgres://app:[REDACTED]@db:5432/app",
    ),
    ("authorization", "Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED:authorization]"),
    (
        "authorization",
        "authorization: token 0123456789abcdef next",
        "authorization: token [REDACTED:authorization] next",
    ),
    ("bearer", "-H 'X: Bearer abcdefghijklmnop1234'", "-H 'X: Bearer [REDACTED:bearer]'"),
    ("assignment", "password=hunter2 user=bob", "password=[REDACTED:secret] user=bob"),
    ("assignment", 'api_key: "abc def"', 'api_key: "[REDACTED:secret]"'),
    ("assignment", "SECRET_TOKEN='xyz'", "SECRET_TOKEN='[REDACTED:secret]'"),
    ("assignment", '{"db_password": "s3cr3t", "user": "bob"}', '{"db_password": "[REDACTED:secret]", "user": "bob"}'),
    ("assignment", "token=abc, next", "token=[REDACTED:secret], next"),
]


@pytest.mark.parametrize(("kind", "raw", "expected"), CASES)
def test_each_kind_is_redacted(kind: str, raw: str, expected: str) -> None:
    assert redact(raw) == expected
    assert kind in Redactor().findings(raw)


def test_pem_private_key_block_multiline() -> None:
    body = "\n".join("MIIEow" + "Ab" * 30 for _ in range(5))
    text = f"before\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\nafter"
    assert redact(text) == "before\n[REDACTED:private_key]\nafter"
    truncated = f"key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}"
    assert redact(truncated) == "key:\n[REDACTED:private_key]"


ORDINARY = [
    'FATAL: password authentication failed for user "postgres"',
    "Requested 1000 tokens, limit 500 (max_tokens=100, tokenizer=bert)",
    "FAILED tests/test_auth.py::test_token_refresh - AssertionError: assert 401 == 200",
    "Authorization failed: user lacks permission 'repo:write'",
    'npm ERR! code E401 npm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"',
    "Error: Input required and not supplied: token",
    "password: ${{ secrets.DB_PASSWORD }} token=*** pwd=$PW api_key=<your key>",
    "Run actions/checkout@v4 with token: ***",
    "See https://docs.github.com/en/actions/security-guides/automatic-token-authentication",
    "git@github.com: Permission denied (publickey).",
    "ssh://git@github.com/o/r.git and https://github.com/o/r.git",
    "2026-01-02T03:04:05.1234567Z ##[error]Process completed with exit code 1.",
    "sha256:3f2a9c1d0b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3f2a9c1d0b8e7f6a5b4c3d2e",
    "skipping secret scanning: disabled; credentials helper not configured",
    "Bearer token is required",
    "E   KeyError: 'api_key'",
    "Number of tries to enter a password: 3",
    "$ export SONAR_TOKEN=[secure]",
]


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_log_text_survives_unchanged(line: str) -> None:
    assert redact(line) == line


def test_random_ordinary_text_survives_and_embedded_tokens_never_do() -> None:
    rng = random.Random(7)
    words = [
        "error",
        "failed",
        "build",
        "test",
        "user",
        "at",
        "line",
        "42",
        "src/a.py",
        "exit",
        "code",
        "(pid",
        "3)",
        "done.",
        "timeout",
        "connection",
        "refused",
        "::",
        "0x1f",
        "v1.2.3",
        "--flag",
    ]
    secrets = [GHP, ANT, OAI, AKID, SLACK, JWT]
    for _ in range(300):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 15)))
        assert redact(line) == line
        secret = rng.choice(secrets)
        leaky = f"{line} {secret} {line}"
        assert secret not in redact(leaky)
        assert "[REDACTED:" in redact(leaky)


def test_redact_record_covers_message_context_and_details() -> None:
    record = ErrorRecord(
        source="job.log",
        kind=SourceKind.GHA_LOG,
        message=f"push failed for {GHP}",
        context=("ok line", f"export OPENAI_API_KEY={OAI}"),
        details=f"curl -u x:{ANT}",
        test_id="t",
    )
    clean = redact_record(record)
    assert clean.message == "push failed for [REDACTED:github_token]"
    assert clean.context == ("ok line", "export OPENAI_API_KEY=[REDACTED:openai_key]")
    assert clean.details == "curl -u x:[REDACTED:anthropic_key]"
    assert (clean.source, clean.test_id) == (record.source, record.test_id)


def test_patterns_are_named_and_redactor_is_configurable() -> None:
    names = [pattern.name for pattern in REDACTION_PATTERNS]
    assert len(names) == len(set(names))
    assert names[0] == "private_key" and names[-1] == "assignment"
    only_github = Redactor(tuple(p for p in REDACTION_PATTERNS if p.name == "github_token"))
    assert only_github.redact(f"{GHP} password=x") == "[REDACTED:github_token] password=x"


def test_docs_list_every_redaction_kind() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "redaction.md").read_text(encoding="utf-8")
    for pattern in REDACTION_PATTERNS:
        assert f"| `{pattern.name}` |" in docs


def test_private_key_split_over_context_lines_is_redacted_whole() -> None:
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    record = ErrorRecord(
        source="job.log",
        kind=SourceKind.GHA_LOG,
        message="error: bad key",
        context=("before", "-----BEGIN PRIVATE KEY-----", body, body, "-----END PRIVATE KEY-----", "after"),
    )
    redacted = redact_record(record)
    assert body not in "\n".join(redacted.context)
    assert redacted.context[0] == "before" and redacted.context[-1] == "after"
    assert len(redacted.context) == len(record.context)


def test_redact_line_is_redact_and_remembers_a_bounded_number_of_texts() -> None:
    redactor = Redactor()
    texts = [f"step {n}: token=ghp_{'a1B2' * 9} done" for n in range(MEMO_TEXTS + 10)] + ["x" * (MEMO_CHARS + 1)]
    assert [redactor.redact_line(text) for text in texts] == [redactor.redact(text) for text in texts]
    assert redactor.redact_line(texts[0]) == redactor.redact(texts[0])  # after the memo started again
    assert "ghp_" not in redactor.redact_line(texts[1])
    assert len(redactor._done) <= MEMO_TEXTS


def test_a_mixed_run_gate_only_skips_texts_its_detector_would_leave_unchanged() -> None:
    """A detector's `mixed_run` (its secret is a run of token characters mixing upper case, lower case and digits)
    is a speed-up only: with and without it (and its prefilter), the same result on random texts, on tokens of
    one or two classes of characters, on runs cut by other characters and on near misses (31 characters)."""
    gated = [detector for detector in REDACTION_PATTERNS if detector.mixed_run]
    assert [detector.name for detector in gated] == ["high_entropy"]
    rng = random.Random(12)
    token_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-"
    alphabet = token_chars + "=.~: é\t"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(400)]
    for size in (31, 32, 33, 48):
        for chars in (token_chars, token_chars[:26] + token_chars[52:], token_chars[:52], token_chars[26:62]):
            token = "".join(rng.choice(chars) for _ in range(size))
            texts += [
                token,
                f"key {token} end",
                f"sha512-{token}",
                f"x={token}==",
                f"é{token}é",
                token[:20] + "." + token[20:],
            ]
    found = 0
    for detector in gated:
        plain = dataclasses.replace(detector, mixed_run=0, prefilter=None)
        for text in texts:
            assert detector.sub(text) == plain.sub(text), (detector.name, text)
            found += plain.sub(text) != text
    assert found > 10  # the texts do hold secrets the detector replaces


def test_the_assignment_prefilter_skips_no_assignment() -> None:
    """The `assignment` detector's prefilter (a key name's end and its `=` or `:`) lets every assignment its regex
    redacts through: each key name in mixed case (with the letters IGNORECASE matches to ASCII ones), quoted or
    not, before `=`, `:`, `=>` with spaces or none, and near misses, give the same result with and without it."""
    detector = next(detector for detector in REDACTION_PATTERNS if detector.name == "assignment")
    assert detector.prefilter is not None
    plain = dataclasses.replace(detector, prefilter=None)
    names = [
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "api_key",
        "api-key",
        "apikey",
        "access_key",
        "secret-key",
        "private_key",
        "client_secret",
        "credential",
        "credentials",
        "auth_token",
        "sas-token",
        "connection_string",
        "PassWord",
        "TOKEN",
        "Api_Key",
        "pa\u017f\u017fword",  # long s for the s
        "\u212aey",  # a Kelvin sign for the K
        "SECRET_KEY",
        "db_password",
        "my_token",
    ]
    texts = [
        f"{before}{name}{quote}{space}{sign}{space}{value}"
        for name in names
        for before in ("", "export ", "  ", '{"')
        for quote in ("", '"', "'")
        for space in ("", " ")
        for sign in ("=", ":", "=>")
        for value in ("hunter2secret", '"s3cr3t value"', "${{ secrets.X }}")
    ]
    texts += ["password is wrong", "passwords: 3", "token expired at 12:00", "key == value", "tokens=5"]
    redacted = 0
    for text in texts:
        assert detector.sub(text) == plain.sub(text), text
        redacted += plain.sub(text) != text
    assert redacted > 1000


def test_the_twilio_prefilter_skips_no_key() -> None:
    """`twilio_key`'s keywords (`sk`, `ac`) are in most log lines; its prefilter (the key without its word
    boundaries) lets every key through: with and without it, the same result on keys, near misses and neighbours."""
    detector = next(detector for detector in REDACTION_PATTERNS if detector.name == "twilio_key")
    assert detector.prefilter is not None
    plain = dataclasses.replace(detector, prefilter=None)
    rng = random.Random(13)
    texts = [
        f"{before}{mark}{''.join(rng.choice('0123456789abcdefABCDEF') for _ in range(size))}{after}"
        for mark in ("SK", "AC", "sk", "Ac", "S K")
        for size in (31, 32, 33)
        for before in ("", "key ", "x", "_", "=")
        for after in ("", " end", "g", "_", ".")
    ]
    texts += ["stack trace of each task", "ACK received", "SKIPPED 3 tests"]
    redacted = 0
    for text in texts:
        assert detector.sub(text) == plain.sub(text), text
        redacted += plain.sub(text) != text
    assert redacted >= 18  # SK and AC keys of 32 hex digits between word boundaries


def test_mixed_run_needs_every_class_in_one_run() -> None:
    assert mixed_run("id " + "aB3" * 11, 32)
    assert not mixed_run("id " + "aB3" * 10, 32)  # 30 characters
    assert not mixed_run("ab" * 16 + " " + "CD34" * 8, 32)  # lower case in one run, upper case in another
    assert not mixed_run("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL", 32)  # no digit
    assert mixed_run("path/to/" + "Xy9_" * 8, 32)  # `/` and `_` are token characters


def test_a_prefilter_only_skips_texts_its_detector_would_leave_unchanged() -> None:
    """A detector's `prefilter` (a regex every match contains) is a speed-up only: with and without it, the same
    result on random texts, on embedded high-entropy strings and on their near misses (31 characters)."""
    filtered = [detector for detector in REDACTION_PATTERNS if detector.prefilter is not None]
    assert "high_entropy" in {detector.name for detector in filtered}
    rng = random.Random(11)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-=.~: "
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(400)]
    for size in (31, 32, 40):
        token = "".join(rng.choice(alphabet[:62]) for _ in range(size))
        texts += [token, f"key {token} end", f"sha512-{token}", f"x={token}=="]
    unfiltered_found = 0
    for detector in filtered:
        plain = dataclasses.replace(detector, prefilter=None)
        for text in texts:
            assert detector.sub(text) == plain.sub(text), (detector.name, text)
            unfiltered_found += plain.sub(text) != text
    assert unfiltered_found > 0  # the texts do hold secrets the detectors replace
