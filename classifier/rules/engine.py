"""The rule engine: versioned TOML rule files, user files before built-ins, first match wins.

A rule file has `ruleset`, `version`, `taxonomy` and `[[rule]]` tables. A rule has `id`, `category`,
`confidence`, `description`, optional `rank` (overrides the category rank for primary selection) and
conditions, all of which must hold:

    message         regex searched in the record's message
    normalized      regex searched in the normalised message
    any_line        regex searched in the message, each context line and the details
    log_line        regex searched in the record's own log line as printed (the first context line that
                    holds the message's first line; the message when none does): prefixes the
                    extractor took off, such as an Ant task's `[checkstyle] `, stay visible here
    unless          regex that must NOT occur in any of those
    exception_type  regex searched in the exception type
    code            regex searched in the record's code
    framework, tool_hint, kind, role, severity   a string or a list of strings (exact match)
    http_status     an int, a list of ints, or ranges like "500-599"

Regexes use Python syntax (add `(?i)` for case-insensitive) and are compiled once at load.
Set conditions are checked before regexes, so most rules are rejected with a set lookup.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ahocorasick_rs import AhoCorasick, MatchKind

from classifier.model import Classification, ClassifiedBy, ErrorRecord
from classifier.rules.needles import Guard
from classifier.rules.taxonomy import Taxonomy

BUILTIN_RULES_DIR = Path(__file__).resolve().parent / "rulesets"
_TOP_KEYS = {"ruleset", "version", "taxonomy", "description", "rule"}
_REGEX_KEYS = ("message", "normalized", "any_line", "log_line", "unless", "exception_type", "code")
_SET_KEYS = ("framework", "tool_hint", "kind", "role", "severity")
_RULE_KEYS = {"id", "category", "confidence", "description", "rank", "http_status", *_REGEX_KEYS, *_SET_KEYS}
_STATUS_IN_TEXT = re.compile(r"(?i)(?:error code|status(?: code)?|http(?:/\d(?:\.\d)?)?)[\s:=]+\(?([1-5]\d\d)\b")
Pattern = re.Pattern[str]
RecordKey = tuple[str, str, str, str, str, int | None]
MAX_PIECES = 65_536  # texts whose guard words a rule set remembers (then forgets them all)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """Why a rule classified a record."""

    rule_id: str
    category: str
    confidence: float
    reasoning: str  # "rule <id> (<file>): <description>"
    evidence: str  # the line that matched
    ruleset_version: str
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule."""

    id: str
    category: str
    confidence: float
    description: str
    source: str
    line: int | None
    message: Pattern | None = None
    normalized: Pattern | None = None
    any_line: Pattern | None = None
    log_line: Pattern | None = None
    unless: Pattern | None = None
    exception_type: Pattern | None = None
    code: Pattern | None = None
    framework: frozenset[str] = frozenset()
    tool_hint: frozenset[str] = frozenset()
    kind: frozenset[str] = frozenset()
    role: frozenset[str] = frozenset()
    severity: frozenset[str] = frozenset()
    http_status: tuple[tuple[int, int], ...] = ()
    rank: int | None = None
    guards: tuple[tuple[str, Guard], ...] = ()  # (condition, literal needles), see needles.py

    def admits(self, key: RecordKey) -> bool:
        """Whether the record's fixed attributes (framework, tool hint, kind, role, severity, status) pass."""
        framework, tool_hint, kind, role, severity, status = key
        return not (
            (self.framework and framework not in self.framework)
            or (self.tool_hint and tool_hint not in self.tool_hint)
            or (self.kind and kind not in self.kind)
            or (self.role and role not in self.role)
            or (self.severity and severity not in self.severity)
            or (self.http_status and not _status_in(status, self.http_status))
        )

    def match(self, record: ErrorRecord, normalized: str, text: Lowered | None = None) -> str | None:
        """The evidence line when every condition holds, else None."""
        if not self.admits(record_key(record)):
            return None
        return self.match_text(record, normalized, text)

    def match_text(self, record: ErrorRecord, normalized: str, text: Lowered | None = None) -> str | None:
        """The text conditions only (the caller has checked `admits`)."""
        if self.exception_type is not None and not self.exception_type.search(record.exception_type):
            return None
        if self.code is not None and not self.code.search(record.code):
            return None
        if self.guards:
            text = text or Lowered(record)
            for condition, words in self.guards:
                if condition != "unless" and not text.holds(words, whole=condition != "message"):
                    return None
        evidence = _first_line(record.message)
        if self.message is not None:
            found = self.message.search(record.message)
            if found is None:
                return None
            evidence = _line_at(record.message, found.start())
        if self.normalized is not None and not self.normalized.search(normalized):
            return None
        if self.any_line is not None:
            hit = _search_lines(self.any_line, record)
            if hit is None:
                return None
            evidence = hit
        if self.log_line is not None:
            own = own_line(record)
            if not self.log_line.search(own):
                return None
            evidence = own
        unless = self.unless
        if unless is not None and self._may_occur("unless", record, text) and _search_lines(unless, record):
            return None
        return evidence

    def _may_occur(self, condition: str, record: ErrorRecord, text: Lowered | None) -> bool:
        for name, words in self.guards:
            if name == condition:
                text = text or Lowered(record)
                return text.holds(words, whole=True)
        return True


class Lowered:
    """A record's text lower-cased once, for the rules' substring guards.

    Given a `Needles` matcher (a rule set's guard words), each text is scanned once for all words;
    a guard is then a set look-up instead of one substring search per word and rule.
    """

    __slots__ = ("_everything", "_found", "_message", "_needles", "record")

    def __init__(self, record: ErrorRecord, needles: Needles | None = None) -> None:
        self.record = record
        self._message: str | None = None
        self._everything: str | None = None
        self._needles = needles
        self._found: dict[bool, frozenset[str]] = {}

    @property
    def message(self) -> str:
        if self._message is None:
            self._message = self.record.message.lower()
        return self._message

    @property
    def everything(self) -> str:
        if self._everything is None:
            rec = self.record
            self._everything = "\n".join((rec.message, *rec.context, rec.details)).lower()
        return self._everything

    def holds(self, guard: Guard, *, whole: bool) -> bool:
        """Whether all words of one of the guard's sets occur in the message (or, `whole`, in the message,
        context and details)."""
        if self._needles is None:
            haystack = self.everything if whole else self.message
            return any(all(word in haystack for word in words) for words in guard)
        found = self._found.get(whole)
        if found is None:
            found = self._found[whole] = self._needles.found_in_record(self.record, whole=whole)
        return any(map(found.issuperset, guard))


class Needles:
    """Which of a fixed set of words occur in a text, in one pass (Aho-Corasick, overlapping matches).

    A record's text is scanned piece by piece (its message, each context line, its details), each piece
    once while it is remembered: records of one log share most of their context lines. The words found
    in the joined text are the union of those found in its pieces, as no word spans a line break."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._matcher = AhoCorasick(self.words, matchkind=MatchKind.Standard) if self.words else None
        self._by_piece = not any("\n" in word for word in self.words)
        self._pieces: dict[str, frozenset[str]] = {}

    def found_in(self, text: str) -> frozenset[str]:
        if self._matcher is None:
            return frozenset()
        words = self.words
        return frozenset(words[index] for index, _, _ in self._matcher.find_matches_as_indexes(text, overlapping=True))

    def found_in_record(self, record: ErrorRecord, *, whole: bool) -> frozenset[str]:
        """The words in the record's lower-cased message (`whole`: and context lines and details)."""
        if not self._by_piece:
            text = "\n".join((record.message, *record.context, record.details)) if whole else record.message
            return self.found_in(text.lower())
        found = self._piece(record.message)
        if not whole:
            return found
        for piece in (*record.context, record.details):
            more = self._piece(piece)
            if more and not more <= found:
                found = found | more
        return found

    def _piece(self, piece: str) -> frozenset[str]:
        found = self._pieces.get(piece)
        if found is None:
            if len(self._pieces) >= MAX_PIECES:
                self._pieces.clear()
            found = self._pieces[piece] = self.found_in(piece.lower())
        return found


@dataclass(frozen=True, slots=True)
class RuleFile:
    name: str
    version: str
    taxonomy: str
    source: str
    digest: str


class RuleSet:
    """Rules in evaluation order (user files, then built-ins); `classify` returns the first match."""

    def __init__(self, rules: Sequence[Rule], files: Sequence[RuleFile], taxonomy: Taxonomy) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        guards = [guard for rule in self.rules for _, guard in rule.guards]
        self._needles = Needles(word for guard in guards for words in guard for word in words)
        self._by_key: dict[RecordKey, tuple[Rule, ...]] = {}
        self.files: tuple[RuleFile, ...] = tuple(files)
        self.taxonomy = taxonomy
        combined = hashlib.sha256("\x1f".join(f.digest for f in files).encode()).hexdigest()[:8]
        names = "+".join(f"{f.name}@{f.version}" for f in files) or "none"
        self.version = f"{names}#{combined}"

    def __len__(self) -> int:
        return len(self.rules)

    def _admitting(self, key: RecordKey) -> tuple[Rule, ...]:
        """The rules, in order, whose fixed-attribute conditions the key passes (cached per key)."""
        found = self._by_key.get(key)
        if found is None:
            found = tuple(rule for rule in self.rules if rule.admits(key))
            self._by_key[key] = found
        return found

    def classify(self, record: ErrorRecord, normalized_text: str) -> RuleMatch | None:
        text = Lowered(record, self._needles)
        for rule in self._admitting(record_key(record)):
            evidence = rule.match_text(record, normalized_text, text)
            if evidence is not None:
                return RuleMatch(
                    rule_id=rule.id,
                    category=rule.category,
                    confidence=rule.confidence,
                    reasoning=f"rule {rule.id} ({rule.source}): {rule.description}",
                    evidence=evidence[:500],
                    ruleset_version=self.version,
                    rank=rule.rank,
                )
        return None

    def explain_miss(self, record: ErrorRecord) -> str:
        """Why nothing matched: what was looked at."""
        looked = [f"message ({len(record.message)} chars)", f"{len(record.context)} context lines"]
        for name in ("exception_type", "framework", "tool_hint", "code"):
            value = getattr(record, name)
            if value:
                looked.append(f"{name}={value!r}")
        looked.append(f"kind={record.kind.value}")
        if record.http_status is not None:
            looked.append(f"http_status={record.http_status}")
        return f"no rule matched: {len(self.rules)} rules ({self.version}) checked " + ", ".join(looked)

    def classification(
        self, fingerprint: str, record: ErrorRecord, normalized_text: str, normalizer_version: str = ""
    ) -> Classification:
        """Classify and wrap the result (or the miss) as a `Classification`."""
        match = self.classify(record, normalized_text)
        return to_classification(fingerprint, match, self, record, normalizer_version)


def to_classification(
    fingerprint: str,
    match: RuleMatch | None,
    ruleset: RuleSet,
    record: ErrorRecord | None = None,
    normalizer_version: str = "",
) -> Classification:
    """A RULE classification from a match, or a NONE one whose reasoning says why it is unclassified."""
    taxonomy = ruleset.taxonomy
    if match is None:
        reason = ruleset.explain_miss(record) if record is not None else "no rule matched"
        return Classification(
            fingerprint=fingerprint,
            category=taxonomy.default_category,
            domain=taxonomy.domain_of(taxonomy.default_category),
            confidence=0.0,
            classified_by=ClassifiedBy.NONE,
            taxonomy=taxonomy.name,
            taxonomy_version=taxonomy.version,
            ruleset_version=ruleset.version,
            reasoning=reason,
            normalizer_version=normalizer_version,
        )
    return Classification(
        fingerprint=fingerprint,
        category=match.category,
        domain=taxonomy.domain_of(match.category),
        confidence=match.confidence,
        classified_by=ClassifiedBy.RULE,
        taxonomy=taxonomy.name,
        taxonomy_version=taxonomy.version,
        ruleset_version=match.ruleset_version,
        reasoning=match.reasoning,
        rule_id=match.rule_id,
        evidence=match.evidence,
        normalizer_version=normalizer_version,
    )


def record_key(record: ErrorRecord) -> RecordKey:
    """The attributes rules select on by set membership (cheap to compare, few distinct values)."""
    return (
        record.framework,
        record.tool_hint,
        record.kind.value,
        record.role.value,
        record.severity.value,
        status_of(record),
    )


def status_of(record: ErrorRecord) -> int | None:
    """The record's HTTP status, or one written in its message ("Error code: 429")."""
    if record.http_status is not None:
        return record.http_status
    found = _STATUS_IN_TEXT.search(record.message[:300])
    return int(found.group(1)) if found else None


def _status_in(status: int | None, ranges: tuple[tuple[int, int], ...]) -> bool:
    return status is not None and any(low <= status <= high for low, high in ranges)


def own_line(record: ErrorRecord) -> str:
    """The record's line as the log printed it: the first context line holding the message's first line."""
    first = _first_line(record.message)
    if first:
        for line in record.context:
            if first in line:
                return line.strip()
    return first


def _search_lines(pattern: Pattern, record: ErrorRecord) -> str | None:
    found = pattern.search(record.message)
    if found is not None:
        return _line_at(record.message, found.start())
    for line in record.context:
        if pattern.search(line.strip()):
            return line.strip()
    if record.details:
        found = pattern.search(record.details)
        if found is not None:
            return _line_at(record.details, found.start())
    return None


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()
