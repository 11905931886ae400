"""Secret redaction: named patterns replace credentials with `[REDACTED:<kind>]` before text leaves
the runner (store, LLM, reports). Ordered from specific (PEM blocks, vendor token formats) to generic
(`password=...` assignments); ordinary log text must come through unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from classifier.model import ErrorRecord

__all__ = ["REDACTION_PATTERNS", "RedactionPattern", "Redactor", "redact", "redact_record"]

Replacement = Callable[[re.Match[str]], str]


def _whole(kind: str) -> Replacement:
    return lambda _match: f"[REDACTED:{kind}]"


def _after_label(kind: str) -> Replacement:
    """Keep group `label` (a key name, a header, a scheme), redact the rest."""
    return lambda match: f"{match.group('label')}[REDACTED:{kind}]"


def _assignment(match: re.Match[str]) -> str:
    value = match.group("value")
    if not value or value.startswith(("$", "[", "<")) or set(value) <= {"*"} or (value.isdigit() and len(value) < 6):
        return match.group(0)  # a reference, an already-masked value ([secure], ***) or a count
    quote = match.group("quote")
    return f"{match.group('label')}{quote}[REDACTED:secret]{quote}"


@dataclass(frozen=True, slots=True)
class RedactionPattern:
    """One named kind of secret and how it is replaced.

    `guards`: lower-case substrings of which at least one occurs in any text the pattern can match; a text
    with none of them skips the regex (most log lines hold no secret, and this keeps redaction cheap).
    """

    name: str
    pattern: re.Pattern[str]
    replace: Replacement
    guards: tuple[str, ...] = ()

    def applies(self, lowered: str) -> bool:
        return not self.guards or any(guard in lowered for guard in self.guards)


_SECRET_WORD = (  # key names, not a secret
    r"(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key"  # noqa: S105
    r"|private[_-]?key|client[_-]?secret|credentials?|auth[_-]?token)"
)

REDACTION_PATTERNS: tuple[RedactionPattern, ...] = (
    RedactionPattern(
        "private_key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----[\s\S]*?"
            r"(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----|\Z)"
        ),
        _whole("private_key"),
        ("private key",),
    ),
    RedactionPattern(
        "github_token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b"),
        _whole("github_token"),
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    RedactionPattern(
        "anthropic_key", re.compile(r"\bsk-ant-[A-Za-z0-9_-]{16,}"), _whole("anthropic_key"), ("sk-ant-",)
    ),
    RedactionPattern(
        "openai_key",
        re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
        _whole("openai_key"),
        ("sk-",),
    ),
    RedactionPattern(
        "aws_access_key_id",
        re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b"),
        _whole("aws_access_key_id"),
        ("akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "apka"),
    ),
    RedactionPattern(
        "aws_secret_key",
        re.compile(
            r"(?P<label>\b(?:aws_?)?secret_?access_?key[\"']?\s*[=:]\s*[\"']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
            re.IGNORECASE,
        ),
        _after_label("aws_secret_key"),
        ("secret",),
    ),
    RedactionPattern("slack_token", re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}"), _whole("slack_token"), ("xox",)),
    RedactionPattern(
        "jwt",
        re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"),
        _whole("jwt"),
        ("eyj",),
    ),
    RedactionPattern(
        "url_password",
        re.compile(r"(?P<label>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@"),
        lambda match: f"{match.group('label')}[REDACTED]@",
        ("://",),
    ),
    RedactionPattern(
        "authorization",
        re.compile(
            r"(?P<label>\b(?:Proxy-)?Authorization[\"']?\s*[:=]\s*[\"']?(?:(?:Bearer|Basic|Token|token"
            r"|Digest|Bot)\s+)?)(?:AWS4-HMAC-SHA256\s+[^\n\"']*|[^\s\"']+)",
            re.IGNORECASE,
        ),
        _after_label("authorization"),
        ("authorization",),
    ),
    RedactionPattern(
        "bearer",
        re.compile(r"(?P<label>\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}"),
        _after_label("bearer"),
        ("bearer",),
    ),
    RedactionPattern(
        "assignment",
        re.compile(
            rf"(?P<label>{_SECRET_WORD}\b[\"']?\s*(?:=|:|=>)\s*)"  # any key name ending so
            r"(?P<quote>[\"']?)(?P<value>(?<=[\"'])[^\"'\n]*|(?<![\"'])[^\s\"',;}\])]+)(?P=quote)",
            re.IGNORECASE,
        ),
        _assignment,
        ("pass", "pwd", "secret", "token", "key", "credential"),
    ),
)


@dataclass(frozen=True, slots=True)
class Redactor:
    """Applies redaction patterns in order."""

    patterns: Sequence[RedactionPattern] = REDACTION_PATTERNS

    def redact(self, text: str) -> str:
        return self._apply(self.applicable(text), text)

    def applicable(self, text: str) -> tuple[RedactionPattern, ...]:
        """The patterns whose guards occur in `text` (check a whole record once, then its lines)."""
        lowered = text.lower()
        return tuple(pattern for pattern in self.patterns if pattern.applies(lowered))

    @staticmethod
    def _apply(patterns: Sequence[RedactionPattern], text: str) -> str:
        for pattern in patterns:
            text = pattern.pattern.sub(pattern.replace, text)
        return text

    def findings(self, text: str) -> tuple[str, ...]:
        """Names of the kinds of secret found in `text` (for notes; never the secrets themselves)."""
        found: list[str] = []
        for pattern in self.patterns:
            if pattern.pattern.search(text) and pattern.name not in found:
                found.append(pattern.name)
            text = pattern.pattern.sub(pattern.replace, text)
        return tuple(found)


DEFAULT_REDACTOR = Redactor()


def redact(text: str) -> str:
    """Text with every secret the default patterns know replaced by `[REDACTED:<kind>]`."""
    return DEFAULT_REDACTOR.redact(text)


def redact_record(record: ErrorRecord, redactor: Redactor = DEFAULT_REDACTOR) -> ErrorRecord:
    """The record with its message, context lines and details redacted (unchanged when none can hold one)."""
    patterns = redactor.applicable("\n".join((record.message, record.details, *record.context)))
    if not patterns:
        return record
    apply = redactor._apply
    return dataclasses.replace(
        record,
        message=apply(patterns, record.message),
        context=tuple(apply(patterns, line) for line in _pem_body_redacted(record.context)),
        details=apply(patterns, record.details),
    )


def _pem_body_redacted(lines: Sequence[str]) -> list[str]:
    """Lines of a private-key block split over several context lines: every line of the block is redacted."""
    out: list[str] = []
    inside = False
    for line in lines:
        begins = "-----BEGIN" in line and "PRIVATE KEY" in line
        if begins or inside:
            inside = "-----END" not in line.split("-----BEGIN", 1)[-1]
            out.append("[REDACTED:private_key]")
        else:
            out.append(line)
    return out
