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

Regexes use Python syntax (add `(?i)` for case-insensitive), are checked at load and compiled once, at
their first search.
Set conditions are checked before regexes, so most rules are rejected with a set lookup. A rule set
tries on a record only the rules that can match it (`RuleSet.candidates`): a bit per rule, kept when
the set conditions admit the record, its exception type and code pass, and one word of its guard
(classifier/rules/needles.py) occurs in the record's text; a regex searched line by line is searched
only in the lines holding its guard's words.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier.model import Classification, ClassifiedBy, ErrorRecord
from classifier.rules.needles import Guard, Lowered, Needles
from classifier.rules.pattern import Pattern
from classifier.rules.taxonomy import Taxonomy

BUILTIN_RULES_DIR = Path(__file__).resolve().parent / "rulesets"
_TOP_KEYS = {"ruleset", "version", "taxonomy", "description", "rule"}
_REGEX_KEYS = ("message", "normalized", "any_line", "log_line", "unless", "exception_type", "code")
_SET_KEYS = ("framework", "tool_hint", "kind", "role", "severity")
_RULE_KEYS = {"id", "category", "confidence", "description", "rank", "http_status", *_REGEX_KEYS, *_SET_KEYS}
_STATUS_IN_TEXT = re.compile(r"(?i)(?:error code|status(?: code)?|http(?:/\d(?:\.\d)?)?)[\s:=]+\(?([1-5]\d\d)\b")

RecordKey = tuple[str, str, str, str, str, int | None]
MAX_TYPED = 4_096  # (exception type, code) pairs whose passing rules a rule set remembers


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
            hit = _search_lines(self.any_line, record, text, self._guard("any_line"))
            if hit is None:
                return None
            evidence = hit
        if self.log_line is not None:
            own = own_line(record)
            if not self.log_line.search(own):
                return None
            evidence = own
        unless = self.unless
        if unless is not None:
            guard, text = self._guard("unless"), text or Lowered(record)
            if (guard is None or text.holds(guard, whole=True)) and _search_lines(unless, record, text, guard):
                return None
        return evidence

    def _guard(self, condition: str) -> Guard | None:
        for name, words in self.guards:
            if name == condition:
                return words
        return None


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
        self._admitted: dict[RecordKey, int] = {}  # per record key: a bit per rule its set conditions admit
        self._passing: dict[tuple[str, str], int] = {}  # per (exception type, code): rules whose regexes pass
        self._typed = tuple((bit, rule) for bit, rule in enumerate(self.rules) if rule.exception_type or rule.code)
        self._unguarded, self._by_word = _word_bits(self.rules)
        self.files: tuple[RuleFile, ...] = tuple(files)
        self.taxonomy = taxonomy
        combined = hashlib.sha256("\x1f".join(f.digest for f in files).encode()).hexdigest()[:8]
        names = "+".join(f"{f.name}@{f.version}" for f in files) or "none"
        self.version = f"{names}#{combined}"

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, record: ErrorRecord, text: Lowered) -> Iterator[Rule]:
        """The rules, in order, that can match the record: its set conditions admit it (cached per key),
        its exception type and code pass (cached per pair), and one word of each of the rule's guard's
        sets occurs in its `text` (a necessary condition: `match_text` still checks everything)."""
        key = record_key(record)
        admitted = self._admitted.get(key)
        if admitted is None:
            admitted = self._admitted[key] = sum(1 << bit for bit, rule in enumerate(self.rules) if rule.admits(key))
        mask, by_word = self._unguarded, self._by_word
        for word in text.words():
            mask |= by_word.get(word, 0)
        mask &= admitted & self._types_passing(record.exception_type, record.code)
        rules = self.rules
        while mask:
            low = mask & -mask
            yield rules[low.bit_length() - 1]
            mask ^= low

    def _types_passing(self, exception_type: str, code: str) -> int:
        """A bit per rule whose exception-type and code regexes (if any) hold for these values."""
        found = self._passing.get((exception_type, code))
        if found is None:
            if len(self._passing) >= MAX_TYPED:
                self._passing.clear()
            found = (1 << len(self.rules)) - 1
            for bit, rule in self._typed:
                if (rule.exception_type and not rule.exception_type.search(exception_type)) or (
                    rule.code and not rule.code.search(code)
                ):
                    found &= ~(1 << bit)
            self._passing[(exception_type, code)] = found
        return found

    def classify(self, record: ErrorRecord, normalized_text: str) -> RuleMatch | None:
        text = Lowered(record, self._needles)
        for rule in self.candidates(record, text):
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
    classified_at: str = "",
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
            classified_at=classified_at,
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
        classified_at=classified_at,
    )


def _word_bits(rules: Sequence[Rule]) -> tuple[int, dict[str, int]]:
    """(a bit per rule without a guard, per guard word the bits of the rules it stands for): each set of
    a rule's most selective guard (fewest sets; never `unless`, a condition that must not hold) is
    represented by its longest word, which must occur for the set to."""
    unguarded, by_word = 0, dict[str, int]()
    for bit, rule in enumerate(rules):
        guards = sorted((guard for name, guard in rule.guards if name != "unless"), key=len)
        if not guards:
            unguarded |= 1 << bit
            continue
        for words in guards[0]:
            word = max(sorted(words), key=len)
            by_word[word] = by_word.get(word, 0) | 1 << bit
    return unguarded, by_word


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
    head = record.message[:300]
    if head.isascii() and not _may_name_status(head.lower()):
        return None  # in ASCII text a case-insensitive match holds one of these words, lower-cased
    found = _STATUS_IN_TEXT.search(head)
    return int(found.group(1)) if found else None


def _may_name_status(lowered: str) -> bool:
    """Whether the text holds a word every match of `_STATUS_IN_TEXT` starts with."""
    return "status" in lowered or "http" in lowered or "error code" in lowered


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


def _search_lines(
    pattern: Pattern, record: ErrorRecord, text: Lowered | None = None, guard: Guard | None = None
) -> str | None:
    """The first line of the message, context lines and details where `pattern` occurs; with the
    record's `text` and the pattern's `guard`, pieces without the guard's words are not searched."""
    may = _anywhere if text is None or guard is None else functools.partial(text.may_hold, guard)
    if may(record.message) and (found := pattern.search(record.message)) is not None:
        return _line_at(record.message, found.start())
    for line in record.context:
        if may(line) and pattern.search(line.strip()):
            return line.strip()
    if record.details and may(record.details) and (found := pattern.search(record.details)) is not None:
        return _line_at(record.details, found.start())
    return None


def _anywhere(piece: str) -> bool:
    return True


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()
