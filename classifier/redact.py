"""Secret redaction: every text leaving the runner (store, model request, reports) has its credentials replaced
by `[REDACTED:<kind>]`.

The detectors are data (`redact_detectors.toml`, each with the public rule it comes from): vendor token
formats published by GitHub secret scanning and the open-source scanners (gitleaks, trufflehog,
detect-secrets), then headers and URLs with credentials, then values of secret-like key names
(`token=`, `secret:`, `password=$…`), and last long high-entropy strings. A detector whose regex has a
`secret` group replaces only that group; `allow` patterns keep references such as `$VAR` or `***`.
Ordinary log text (hashes, UUIDs, test names, paths) must come through unchanged: see docs/redaction.md for
the false-positive measurement.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from classifier.model import ErrorRecord

__all__ = [
    "REDACTION_PATTERNS",
    "Detector",
    "RedactionPattern",
    "Redactor",
    "class_mixing",
    "load_detectors",
    "mixed_run",
    "redact",
    "redact_record",
    "redact_records",
    "shannon_entropy",
]

DETECTORS_FILE = "redact_detectors.toml"
_SEPARATORS = re.compile(r"[-_/+]")
MARK = "[REDACTED"
MEMO_CHARS = 1_000  # texts up to this long are remembered once redacted (a log line; messages may be longer)
MEMO_TEXTS = 8_192  # at most this many (a few MB)


def shannon_entropy(text: str) -> float:
    """Bits per character of `text` (0 for an empty text)."""
    if not text:
        return 0.0
    counts = Counter(text)
    size = len(text)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


def class_mixing(text: str) -> float:
    """Share of neighbouring letters/digits of different classes: about 0.6 for random base62, 0.1-0.3 for
    identifiers (`UpgradeVersion3to4`, `DistanceMetric`)."""
    classes = [0 if c.isdigit() else 1 if c.isupper() else 2 for c in text if c.isalnum()]
    if len(classes) < 2:
        return 0.0
    return sum(a != b for a, b in itertools.pairwise(classes)) / (len(classes) - 1)


_TOKEN_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-"
_TOKEN_RUNS = bytes(byte if byte in _TOKEN_CHARS else 0x20 for byte in range(256))  # any other byte: a space
_DIGITS = b"0123456789"


def mixed_run(text: str, size: int) -> bool:
    """Whether the text holds a run of at least `size` token characters ([A-Za-z0-9+/_-]) with an upper-case
    letter, a lower-case letter and a digit in it, as a random token has (the high-entropy detector's secret).
    A translate and a split of the bytes: a fraction of a regex search on the many lines that hold none."""
    if len(text) < size:
        return False
    for run in text.encode("utf-8", "surrogatepass").translate(_TOKEN_RUNS).split():
        if (
            len(run) >= size
            and run.lower() != run
            and run.upper() != run
            and len(run.translate(None, _DIGITS)) < len(run)
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Detector:
    """One kind of secret: where it is found and what replaces it.

    `guards`: lower-case substrings of which at least one occurs in any text the pattern can match; a text
    with none of them skips the regex (most log lines hold no secret, and this keeps redaction cheap).
    `mixed_run`: the secret is a run of at least this many token characters mixing upper case, lower case and
    digits (the function `mixed_run`); a text without one skips `prefilter` and the regex.
    `prefilter`: a simpler regex every match contains (for a detector without guards, or one whose guards most
    lines hold); a text it does not find skips the detector's regex.
    """

    name: str
    pattern: re.Pattern[str]
    guards: tuple[str, ...] = ()
    replacement: str = ""
    allow: tuple[re.Pattern[str], ...] = ()
    min_entropy: float = 0.0
    min_segment: int = 0  # the longest run between separators (- _ / +) must be at least this long
    min_mixing: float = 0.0  # share of neighbouring characters of different classes (upper, lower, digit)
    origin: str = ""
    prefilter: re.Pattern[str] | None = None
    mixed_run: int = 0

    def applies(self, lowered: str) -> bool:
        return not self.guards or any(guard in lowered for guard in self.guards)

    @property
    def marker(self) -> str:
        return self.replacement or f"{MARK}:{self.name}]"

    def replace(self, match: re.Match[str]) -> str:
        """The match with its secret (the `secret` group, else all of it) replaced, or unchanged when allowed."""
        has_group = "secret" in self.pattern.groupindex and match.group("secret") is not None
        start, end = match.span("secret") if has_group else match.span()
        secret = match.string[start:end]
        if MARK in secret or any(rule.fullmatch(secret) for rule in self.allow):
            return match.group(0)
        if self.min_entropy and shannon_entropy(secret.rstrip("=")) < self.min_entropy:
            return match.group(0)
        if self.min_segment and max(map(len, _SEPARATORS.split(secret))) < self.min_segment:
            return match.group(0)  # words joined by dashes: a name, not a token
        if self.min_mixing and class_mixing(secret) < self.min_mixing:
            return match.group(0)  # CamelCase words and numbers: an identifier, not random
        base = match.start()
        whole = match.group(0)
        return whole[: start - base] + self.marker + whole[end - base :]

    def sub(self, text: str) -> str:
        if self.mixed_run and not mixed_run(text, self.mixed_run):
            return text
        if self.prefilter is not None and self.prefilter.search(text) is None:
            return text
        return self.pattern.sub(self.replace, text)

    def found_in(self, text: str) -> bool:
        return self.sub(text) != text


RedactionPattern = Detector  # the former name, kept for callers


def load_detectors(text: str | None = None) -> tuple[Detector, ...]:
    """Detectors from TOML text (default: the packaged `redact_detectors.toml`), in file order."""
    if text is None:
        text = resources.files("classifier").joinpath(DETECTORS_FILE).read_text(encoding="utf-8")
    detectors = []
    for entry in tomllib.loads(text)["detector"]:
        flags = re.IGNORECASE if "i" in entry.get("flags", "") else 0
        detectors.append(
            Detector(
                name=entry["id"],
                pattern=re.compile(entry["regex"], flags),
                guards=tuple(keyword.lower() for keyword in entry.get("keywords", ())),
                replacement=entry.get("replacement", ""),
                allow=tuple(re.compile(rule) for rule in entry.get("allow", ())),
                min_entropy=float(entry.get("min_entropy", 0.0)),
                min_segment=int(entry.get("min_segment", 0)),
                min_mixing=float(entry.get("min_mixing", 0.0)),
                origin=entry.get("origin", ""),
                prefilter=re.compile(entry["prefilter"], flags) if "prefilter" in entry else None,
                mixed_run=int(entry.get("mixed_run", 0)),
            )
        )
    return tuple(detectors)


REDACTION_PATTERNS: tuple[Detector, ...] = load_detectors()


class Redactor:
    """Applies detectors in order; which may apply is found in one pass over the text for all keywords."""

    def __init__(self, patterns: Sequence[Detector] = REDACTION_PATTERNS) -> None:
        self.patterns = tuple(patterns)
        guards = sorted({guard for pattern in self.patterns for guard in pattern.guards})
        # a found keyword also stands for the keywords inside it (matches do not overlap)
        self._implied = [frozenset(inner for inner in guards if inner in guard) for guard in guards]
        self._matcher = (  # a DFA: the same matches, found in 60% of the default automaton's time
            AhoCorasick(guards, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA)
            if guards
            else None
        )
        self._always = tuple(pattern for pattern in self.patterns if not pattern.guards)
        self._chosen: dict[frozenset[int], tuple[Detector, ...]] = {}  # found keywords -> detectors to apply
        self._done: dict[str, str] = {}  # short texts already redacted -> their result
        self.remembered = self._done.get  # a short text's result when already redacted, else None

    def redact(self, text: str) -> str:
        return self._apply(self.applicable(text), text)

    def redact_line(self, text: str) -> str:
        """`redact(text)`, remembered for short texts: log lines recur within a log and across logs."""
        if len(text) > MEMO_CHARS:
            return self.redact(text)
        done = self._done.get(text)
        if done is None:
            if len(self._done) >= MEMO_TEXTS:
                self._done.clear()  # bounded: a new start beats tracking recency
            done = self._done[text] = self.redact(text)
        return done

    def applicable(self, text: str) -> tuple[Detector, ...]:
        """The detectors whose guards occur in `text` (check a whole record once, then its lines)."""
        if self._matcher is None:
            return self._always
        hits = self._matcher.find_matches_as_indexes(text.lower())
        if not hits:
            return self._always
        indexes = frozenset({hit[0] for hit in hits})
        chosen = self._chosen.get(indexes)
        if chosen is None:
            found = frozenset().union(*(self._implied[index] for index in indexes))
            chosen = tuple(p for p in self.patterns if not p.guards or not found.isdisjoint(p.guards))
            if len(self._chosen) >= MEMO_TEXTS:
                self._chosen.clear()
            self._chosen[indexes] = chosen
        return chosen

    @staticmethod
    def _apply(patterns: Sequence[Detector], text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(text)
        return text

    def findings(self, text: str) -> tuple[str, ...]:
        """Names of the kinds of secret found in `text` (for notes; never the secrets themselves)."""
        found: list[str] = []
        for pattern in self.applicable(text):
            redacted = pattern.sub(text)
            if redacted != text and pattern.name not in found:
                found.append(pattern.name)
            text = redacted
        return tuple(found)

    def count(self, text: str) -> Counter[str]:
        """How many secrets of each kind `text` holds (for the false-positive bench)."""
        counts: Counter[str] = Counter()
        for pattern in self.applicable(text):
            redacted = pattern.sub(text)
            counts[pattern.name] += redacted.count(pattern.marker) - text.count(pattern.marker)
            text = redacted
        return +counts


DEFAULT_REDACTOR = Redactor()


def redact(text: str) -> str:
    """Text with every secret the default detectors know replaced by `[REDACTED:<kind>]`."""
    return DEFAULT_REDACTOR.redact(text)


def redact_record(record: ErrorRecord, redactor: Redactor = DEFAULT_REDACTOR) -> ErrorRecord:
    """The record with its message, context lines, details and test id redacted (unchanged when clean).

    Each text is redacted on its own (detectors match within one text; private-key blocks split over context
    lines are handled first), and short texts once (`Redactor.redact_line`): records of one document share
    most of their context lines.
    """
    clean, done = redactor.redact_line, redactor.remembered
    message, details, test_id = clean(record.message), clean(record.details), clean(record.test_id)
    context = tuple([done(line) or clean(line) for line in _pem_body_redacted(record.context)])
    if (message, details, test_id, context) == (record.message, record.details, record.test_id, record.context):
        return record
    return dataclasses.replace(record, message=message, context=context, details=details, test_id=test_id)


def redact_records(records: Iterable[ErrorRecord], redactor: Redactor = DEFAULT_REDACTOR) -> list[ErrorRecord]:
    """`redact_record` for the records of one document."""
    return [redact_record(record, redactor) for record in records]


def _pem_body_redacted(lines: Sequence[str]) -> Sequence[str]:
    """Lines of a private-key block split over several context lines: every line of the block is redacted."""
    if "-----BEGIN" not in "\n".join(lines):
        return lines  # no block starts here (most contexts)
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
