"""The classify stage: human labels, then rules, then stored model labels (cache), then the model.

Order of authority: a human correction for the fingerprint wins; then the first matching rule; a group
no rule settled (or settled with low confidence) may reuse a stored model label (same taxonomy and prompt
version, confident enough, young enough) and otherwise goes to the model when one is configured and the
policy allows. Whatever stays unsettled says why.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from classifier.model import Classification, ClassifiedBy, Group, Occurrence, Severity, Stream, TokenUsage
from classifier.rules.engine import RuleMatch, RuleSet, to_classification
from classifier.rules.taxonomy import Taxonomy
from classifier.store.base import CacheQuery, Store

LOW_CONFIDENCE = 0.6  # a rule label below this may be refined by the model
RULE_PROBE_OCCURRENCES = 5  # how many occurrences of a group the rules look at
LOOKUP_GROUPS = 4096  # groups whose stored labels are looked up together


class Tier(StrEnum):
    """The model policy: realtime (a budget, only some categories, the realtime model) or batch."""

    REALTIME = "realtime"
    BATCH = "batch"


class ModelStage(Protocol):
    """What the classify stage needs of the LLM stage (classifier/llm/stage.py)."""

    prompt_version: str
    model: str

    def wants(self, classification: Classification, mode: str) -> bool: ...

    def classify(
        self,
        pending: Sequence[tuple[Group, Classification]],
        mode: str,
        baseline: Mapping[str, Sequence[str]] | None = None,
    ) -> list[Classification]: ...

    def notes(self) -> list[str]: ...

    @property
    def usage(self) -> TokenUsage: ...


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The taxonomy, rule set and (optional) model stage that apply to one failure stream."""

    taxonomy: Taxonomy
    rules: RuleSet
    model: ModelStage | None = None
    model_unavailable_reason: str = ""


class VocabularySource(Protocol):
    """The vocabularies for the streams found in an analysis (built by `classifier.wiring.Vocabularies`)."""

    def for_streams(self, streams: Collection[Stream]) -> Mapping[Stream, Vocabulary]: ...


class FixedVocabularies:
    """A `VocabularySource` over vocabularies built beforehand (tests, reclassify)."""

    def __init__(self, vocabularies: Mapping[Stream, Vocabulary]) -> None:
        self.vocabularies = dict(vocabularies)

    def for_streams(self, streams: Collection[Stream]) -> Mapping[Stream, Vocabulary]:
        return self.vocabularies


@dataclass(frozen=True, slots=True)
class CachePolicy:
    min_confidence: float = 0.8
    ttl_hours: float = 168.0


def rule_classification(
    group: Group, vocabulary: Vocabulary, normalizer_version: str, now: str, probes: RuleProbes | None = None
) -> Classification:
    """The first rule that matches one of the group's first occurrences, or NONE with the reason
    (`probes`: what the rules found while the occurrences arrived). An error-level occurrence decides over a
    warning-level one of the same text: a line first printed as a warning (a linter's note, a tool's summary
    kept as evidence) and then as the build's error is classified as the error; a warning-level copy's
    known-noise label (a rule of the default category) never makes an error-level one noise."""
    rules = vocabulary.rules
    probe = probes.probe(group, rules) if probes is not None else None
    if probe is None:
        probe = _Probe(rules)
        for occ in group.occurrences[:RULE_PROBE_OCCURRENCES]:
            probe.add(occ)
    return to_classification(
        group.fingerprint.value, probe.match(), rules, group.representative, normalizer_version, classified_at=now
    )


class _Probe:
    """The rules run on one fingerprint's first occurrences, in order of arrival, until one decides: a
    match on an error-level occurrence does (see `_decides`); otherwise the first match stands unless it
    marks known noise while an error-level occurrence matched nothing (see `match`)."""

    __slots__ = ("decided", "found", "rules", "seen", "unmatched")

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.seen = 0  # occurrences the rules ran on
        self.found: RuleMatch | None = None  # the deciding match, else the first one
        self.decided = False
        self.unmatched = False  # an error-level occurrence that no rule matched

    def add(self, occ: Occurrence) -> None:
        if self.decided or self.seen >= RULE_PROBE_OCCURRENCES:
            return
        self.seen += 1
        decides = _decides(occ)
        if not decides and self.found is not None:
            return  # a warning-level match after the first one changes nothing: not classified
        found = self.rules.classify(occ.record, occ.normalized.text)
        if found is not None and decides:
            self.found, self.decided = found, True
        else:
            self.unmatched = self.unmatched or (found is None and decides)
            self.found = self.found or found

    def settled(self, count: int) -> bool:
        """Whether the probe saw as many of the first occurrences as classifying a group of `count` looks at."""
        return self.decided or self.seen >= min(RULE_PROBE_OCCURRENCES, count)

    def match(self) -> RuleMatch | None:
        """The group's match: a warning-level occurrence's match stands unless it marks known noise while an
        error-level occurrence of the same text matched nothing (a test harness prints a failure first as a
        note, then as the error): that occurrence is no warning, and noise would hide it."""
        found = self.found
        if self.decided or found is None or not self.unmatched:
            return found
        return None if found.category == self.rules.taxonomy.default_category else found


def _decides(occ: Occurrence) -> bool:
    """Whether a rule match on this occurrence settles its group (a warning-level one only when no
    error-level occurrence of the same text follows)."""
    return occ.record.severity is not Severity.WARNING


class RuleProbes:
    """The rules run on each fingerprint's first occurrences as they arrive (the pipeline feeds it while
    the workers extract the next documents), so that classifying after extraction only looks up their
    match: the one `rule_classification` finds, as a group keeps its occurrences in order of arrival."""

    def __init__(self, vocabularies: VocabularySource) -> None:
        self._vocabularies = vocabularies
        self._rules: dict[Stream, RuleSet] = {}
        self._probes: dict[str, _Probe] = {}

    def add(self, occurrences: Sequence[Occurrence]) -> None:
        probes = self._probes
        for occ in occurrences:
            probe = probes.get(occ.fingerprint.value)
            if probe is None:
                probe = probes[occ.fingerprint.value] = _Probe(self._rules_for(occ.record.stream))
            probe.add(occ)

    def probe(self, group: Group, rules: RuleSet) -> _Probe | None:
        """The group's probe when these `rules` saw as many of its first occurrences as classifying looks at."""
        probe = self._probes.get(group.fingerprint.value)
        return probe if probe is not None and probe.rules is rules and probe.settled(group.count) else None

    def found(self, group: Group, rules: RuleSet) -> tuple[bool, RuleMatch | None]:
        """(True, the match or None) when these `rules` saw the group's first occurrences, else (False, None)."""
        probe = self.probe(group, rules)
        return (False, None) if probe is None else (True, probe.match())

    def _rules_for(self, stream: Stream) -> RuleSet:
        rules = self._rules.get(stream)
        if rules is None:
            vocabularies = self._vocabularies.for_streams({stream})
            rules = self._rules[stream] = (vocabularies.get(stream) or vocabularies[Stream.CI]).rules
        return rules


class ClassifyStage:
    """Classifies groups; collects notes on how it went for the report footer."""

    def __init__(
        self,
        vocabularies: Mapping[Stream, Vocabulary],
        store: Store,
        *,
        cache: CachePolicy = CachePolicy(),
        mode: str = "realtime",
        baseline: Mapping[str, Sequence[str]] | None = None,
        now: str,
        normalizer_version: str,
        probes: RuleProbes | None = None,
    ) -> None:
        self.vocabularies = vocabularies
        self.probes = probes
        self.store = store
        self.cache = cache
        self.mode = mode
        self.baseline = baseline  # job name -> lines of a recent successful log of that job
        self.now = now
        self.normalizer_version = normalizer_version
        self.cache_hits = 0

    def vocabulary(self, group: Group) -> Vocabulary:
        return self.vocabularies.get(group.representative.stream) or self.vocabularies[Stream.CI]

    def classify(self, groups: Sequence[Group]) -> list[Classification]:
        results: dict[str, Classification] = {}
        pending: list[tuple[Group, Classification]] = []
        for group, vocabulary, stored in self._with_stored(groups):  # a human label, else a reusable model label
            if stored is not None and stored.classified_by is ClassifiedBy.HUMAN:
                results[group.fingerprint.value] = stored
                continue
            label = rule_classification(group, vocabulary, self.normalizer_version, self.now, self.probes)
            if label.is_classified and label.confidence >= LOW_CONFIDENCE:
                results[group.fingerprint.value] = label
                continue
            if stored is not None:
                self.cache_hits += 1
                results[group.fingerprint.value] = dataclasses.replace(stored, classified_by=ClassifiedBy.CACHE)
                continue
            results[group.fingerprint.value] = label
            pending.append((group, label))
        by_stream: dict[Stream, list[tuple[Group, Classification]]] = {}
        for group, label in pending:
            by_stream.setdefault(group.representative.stream, []).append((group, label))
        for items in by_stream.values():
            for label in self._ask_model(self.vocabulary(items[0][0]), items):
                results[label.fingerprint] = label
        return [results[group.fingerprint.value] for group in groups]

    def _with_stored(self, groups: Iterable[Group]) -> Iterator[tuple[Group, Vocabulary, Classification | None]]:
        """Each group with its vocabulary and its stored label that `CacheQuery` accepts: the current labels
        of `LOOKUP_GROUPS` groups at a time, one `current_labels` call per taxonomy among them."""
        remaining = iter(groups)
        while chunk := tuple(itertools.islice(remaining, LOOKUP_GROUPS)):
            vocabularies = [self.vocabulary(group) for group in chunk]
            wanted: dict[str, list[str]] = {}
            for group, vocabulary in zip(chunk, vocabularies, strict=True):
                wanted.setdefault(vocabulary.taxonomy.name, []).append(group.fingerprint.value)
            current = {name: self.store.current_labels(values, name) for name, values in wanted.items()}
            for group, vocabulary in zip(chunk, vocabularies, strict=True):
                found = current[vocabulary.taxonomy.name].get(group.fingerprint.value)
                accepted = found is not None and self._query(group, vocabulary).accepts(found)
                yield group, vocabulary, found if accepted else None

    def _query(self, group: Group, vocabulary: Vocabulary) -> CacheQuery:
        model = vocabulary.model
        return CacheQuery(
            fingerprint=group.fingerprint.value,
            taxonomy=vocabulary.taxonomy.name,
            taxonomy_version=vocabulary.taxonomy.version,
            prompt_version=model.prompt_version if model is not None else "*",  # "*": any, when no model
            min_confidence=self.cache.min_confidence,
            max_age_hours=self.cache.ttl_hours,
            now=self.now,
        )

    def _ask_model(self, vocabulary: Vocabulary, pending: list[tuple[Group, Classification]]) -> list[Classification]:
        model = vocabulary.model
        if model is None:
            reason = vocabulary.model_unavailable_reason or "no model configured"
            return [
                dataclasses.replace(label, reasoning=f"{label.reasoning}; model not used: {reason}")
                for _, label in pending
            ]
        wanted = [(group, label) for group, label in pending if model.wants(label, self.mode)]
        return model.classify(wanted, self.mode, self.baseline) if wanted else []

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.cache_hits:
            notes.append(f"{self.cache_hits} unique error(s) reused a stored model classification (cache).")
        for vocabulary in self.vocabularies.values():
            if vocabulary.model is not None:
                notes.extend(vocabulary.model.notes())
        off = {
            v.model_unavailable_reason or "no model configured" for v in self.vocabularies.values() if v.model is None
        }
        notes.extend(f"Model classification off: {reason}. Rules and stored labels only." for reason in sorted(off))
        return notes

    @property
    def usage(self) -> TokenUsage:
        total = TokenUsage()
        for vocabulary in self.vocabularies.values():
            if vocabulary.model is not None:
                total = total + vocabulary.model.usage
        return total
