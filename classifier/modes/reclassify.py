"""Reclassify mode: re-apply today's rules (then the model, when configured) to stored labels.

Select current labels by taxonomy or prompt version, category, who classified them, a date range on
`classified_at`, or confidence; rebuild each fingerprint's evidence from its stored sample (the whole
record where the store keeps one, as OpenSearch does; the message alone otherwise); and save what
changed. Both stores keep every earlier label as history, so nothing is overwritten. Human corrections
are never replaced.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from classifier.classify import LOW_CONFIDENCE, ModelStage, Tier, Vocabulary, rule_classification
from classifier.errors import ConfigError
from classifier.fingerprint import GROUPING, LEGACY_GROUPING
from classifier.model import (
    Classification,
    ClassifiedBy,
    ErrorRecord,
    Fingerprint,
    Group,
    Occurrence,
)
from classifier.modes.result import ModeResult
from classifier.normalize import NORMALIZERS, normalize
from classifier.rules.taxonomy import load_taxonomy
from classifier.settings import Mode, Settings
from classifier.store.base import LabelStore
from classifier.wiring import build_model_stage, build_vocabularies, open_store, utc_now

_KEYS = (
    "taxonomy",
    "taxonomy_version",
    "prompt_version",
    "category",
    "classified_by",
    "since",
    "until",
    "min_confidence",
    "max_confidence",
    "fingerprint",
)
_COMPARED = ("category", "classified_by", "ruleset_version", "taxonomy_version", "rule_id", "prompt_version", "model")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which stored labels to re-examine; an empty field matches everything."""

    taxonomy: str = ""
    taxonomy_version: str = ""
    prompt_version: str = ""
    category: str = ""
    classified_by: str = ""
    since: str = ""  # ISO date or time, on classified_at, inclusive
    until: str = ""  # exclusive
    min_confidence: float | None = None
    max_confidence: float | None = None
    fingerprint: str = ""

    @classmethod
    def parse(cls, text: str) -> Selection:
        """`key=value` pairs separated by commas or new lines (the `reclassify_filter` input)."""
        values: dict[str, object] = {}
        for part in (p.strip() for line in text.splitlines() for p in line.split(",")):
            if not part:
                continue
            key, sep, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or key not in _KEYS:
                raise ConfigError(f"input 'reclassify_filter': {part!r}; keys: {', '.join(_KEYS)}")
            if key.endswith("_confidence"):
                try:
                    values[key] = float(value)
                except ValueError:
                    raise ConfigError(f"input 'reclassify_filter': {key} must be a number") from None
            elif key in ("since", "until"):
                _time(value, key)
                values[key] = value
            else:
                values[key] = value
        return cls(**values)  # type: ignore[arg-type]

    def matches(self, label: Classification) -> bool:
        fields = {
            "taxonomy_version": label.taxonomy_version,
            "prompt_version": label.prompt_version,
            "category": label.category,
            "classified_by": label.classified_by.value,
            "fingerprint": label.fingerprint,
        }
        if any(getattr(self, key) and getattr(self, key) != value for key, value in fields.items()):
            return False
        if self.min_confidence is not None and label.confidence < self.min_confidence:
            return False
        if self.max_confidence is not None and label.confidence > self.max_confidence:
            return False
        if self.since or self.until:
            if not label.classified_at:
                return False
            when = _time(label.classified_at, "classified_at")
            if self.since and when < _time(self.since, "since"):
                return False
            if self.until and when >= _time(self.until, "until"):
                return False
        return True


def _time(text: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"input 'reclassify_filter': {what} is not an ISO date: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(slots=True)
class ReclassifySummary:
    selected: int = 0
    skipped_human: int = 0
    no_sample: int = 0
    relabelled: int = 0  # the category changed
    refreshed: int = 0  # same category, newer versions / classifier
    unchanged: int = 0
    by_model: int = 0
    changes: Counter[str] = dataclasses.field(default_factory=Counter)  # "old -> new"
    groupings: Counter[str] = dataclasses.field(default_factory=Counter)  # grouping config name -> labels
    notes: list[str] = dataclasses.field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """Plain JSON data (`dataclasses.asdict` would turn the Counter's items into tuple keys)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {**data, "changes": dict(self.changes), "groupings": dict(self.groupings), "notes": list(self.notes)}

    def render(self) -> str:
        lines = [
            f"reclassify: {self.selected} label(s) selected; {self.relabelled} relabelled, {self.refreshed} "
            f"refreshed (same category, newer versions), {self.unchanged} unchanged",
        ]
        if self.skipped_human:
            lines.append(f"  {self.skipped_human} human correction(s) left as they are")
        if self.no_sample:
            lines.append(f"  {self.no_sample} fingerprint(s) have no stored message: kept")
        if self.by_model:
            lines.append(f"  {self.by_model} settled by the model")
        lines.extend(f"  grouping {name}: {count} label(s)" for name, count in sorted(self.groupings.items()))
        lines.extend(f"  {change}: {count}" for change, count in self.changes.most_common(20))
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines) + "\n"


def _evidence(store: LabelStore, label: Classification) -> ErrorRecord | None:
    """The stored sample: as much of the record as the store keeps (OpenSearch: all of it)."""
    record = store.sample_record(label.fingerprint)
    return record if record is not None and record.message else None


def _normalizer(label: Classification) -> str:
    return label.normalizer_version if label.normalizer_version in NORMALIZERS else LEGACY_GROUPING.normalizer


def grouping_name(label: Classification) -> str:
    """The grouping configuration a stored label was made under (named in the summary): a label keeps its
    normaliser version only, so the newest configuration with that normaliser."""
    version = _normalizer(label)
    return [name for name, grouping in GROUPING.items() if grouping.normalizer == version][-1]


def _group(label: Classification, record: ErrorRecord) -> Group:
    version = _normalizer(label)
    fingerprint = Fingerprint(label.fingerprint, "stored", ())
    return Group(fingerprint, (Occurrence(record, fingerprint, normalize(record.message, version)),))


def _differs(old: Classification, new: Classification) -> bool:
    return any(getattr(old, key) != getattr(new, key) for key in _COMPARED)


def reclassify(
    store: LabelStore,
    selection: Selection,
    vocabulary: Vocabulary,
    *,
    now: str,
    model: ModelStage | None = None,
    dry_run: bool = False,
) -> ReclassifySummary:
    """Re-examine the selected current labels; save the changed ones (history keeps the old)."""
    summary = ReclassifySummary()
    taxonomy = vocabulary.taxonomy
    pending: list[tuple[Group, Classification]] = []
    fresh: dict[str, Classification] = {}
    old: dict[str, Classification] = {}
    if selection.taxonomy and selection.taxonomy != taxonomy.name:
        raise ConfigError(f"reclassify_filter taxonomy={selection.taxonomy}: set the taxonomy input to it too")
    for label in store.current_classifications(taxonomy.name):
        if not selection.matches(label):
            continue
        summary.selected += 1
        if label.classified_by is ClassifiedBy.HUMAN:
            summary.skipped_human += 1
            continue
        record = _evidence(store, label)
        if record is None:
            summary.no_sample += 1
            continue
        old[label.fingerprint] = label
        summary.groupings[grouping_name(label)] += 1
        group = _group(label, record)
        ruled = rule_classification(group, vocabulary, label.normalizer_version or LEGACY_GROUPING.normalizer, now)
        if ruled.is_classified and ruled.confidence >= LOW_CONFIDENCE:
            fresh[label.fingerprint] = ruled
        elif model is not None and model.wants(ruled, "batch"):
            pending.append((group, ruled))
        else:
            fresh[label.fingerprint] = label if label.classified_by is ClassifiedBy.LLM else ruled
    if pending and model is not None:
        for answer in model.classify(pending, "batch"):
            fresh[answer.fingerprint] = answer
            summary.by_model += answer.classified_by is ClassifiedBy.LLM
        summary.notes.extend(model.notes())
    changed = []
    for value, label in fresh.items():
        before = old[value]
        if not _differs(before, label):
            summary.unchanged += 1
            continue
        changed.append(label)
        if label.category != before.category:
            summary.relabelled += 1
            summary.changes[f"{before.category} -> {label.category}"] += 1
        else:
            summary.refreshed += 1
    if changed and not dry_run:
        store.save_classifications(changed)
    if dry_run:
        summary.notes.append("dry run: nothing was saved")
    return summary


def run(
    settings: Settings,
    *,
    selection: Selection | None = None,
    store: LabelStore | None = None,
    model: ModelStage | None = None,
    dry_run: bool = False,
    clock: Callable[[], str] = utc_now,
) -> ModeResult:
    """Reclassify mode for the CLI and the action (workflow_dispatch); the summary also goes to JSON."""
    chosen = selection or Selection.parse(settings.reclassify_filter)
    taxonomy = load_taxonomy(settings.taxonomy)
    vocabulary = build_vocabularies(settings)[taxonomy.stream]
    opened = store or open_store(settings)
    try:
        reason = ""
        if model is None:
            model, reason = build_model_stage(settings, taxonomy, opened, Tier.BATCH)
        summary = reclassify(opened, chosen, vocabulary, now=clock(), model=model, dry_run=dry_run)
        if reason:
            summary.notes.append(f"Model not used: {reason}.")
    finally:
        if store is None:
            opened.close()
    summary.notes.extend(opened.notes)
    out = Path(settings.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "reclassify-summary.json"
    report = {**summary.as_json(), "selection": dataclasses.asdict(chosen)}
    path.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
    markdown = f"## ci-classify reclassify\n\nFinished with exit code 0; details in the step log and `{path}`.\n"
    return ModeResult(
        Mode.RECLASSIFY,
        text=summary.render(),
        markdown=markdown,
        report_path=str(path),
        problems=tuple(opened.problems),
    )
