"""Composes the stages: sources -> extract -> redact -> normalise -> fingerprint -> group -> classify -> store.

`analyze()` is the one function every mode calls (CLI, action, batch, reclassify). The adapters (store,
model) are injected; only the clock is read here.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from classifier.classify import CachePolicy, ClassifyStage, ModelStage, Vocabulary
from classifier.extract import extract_document
from classifier.fingerprint import fingerprint
from classifier.group import group_occurrences
from classifier.model import (
    Analysis,
    Classification,
    ClassifiedBy,
    GroupResult,
    InputResult,
    Occurrence,
    Problem,
    RunContext,
    Stream,
)
from classifier.normalize import normalize
from classifier.redact import redact_record
from classifier.rules.engine import RuleSet, load_rules
from classifier.rules.primary import choose_primary, rule_ranks
from classifier.rules.taxonomy import Taxonomy, builtin_taxonomy, load_taxonomy
from classifier.settings import Settings
from classifier.sources.base import Document
from classifier.store.base import Store
from classifier.workers import map_documents

NORMALIZER_VERSION = "v2"  # see docs/fingerprints.md: v2 groups far better (GA 0.906 vs 0.694)
FINGERPRINT_VERSION = "v2"

Progress = Callable[[str], None]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def open_store(settings: Settings) -> Store:
    """OpenSearch when configured, else the embedded SQLite file."""
    if settings.opensearch_url:
        from classifier.store.opensearch import OpenSearchStore  # noqa: PLC0415 (optional service)

        return OpenSearchStore.from_settings(settings)
    from classifier.store.sqlite import SQLiteStore  # noqa: PLC0415

    return SQLiteStore(settings.db_path)


def build_vocabularies(settings: Settings, streams: Iterable[Stream] = tuple(Stream)) -> dict[Stream, Vocabulary]:
    """The taxonomy and rules per stream: the configured taxonomy for its stream, built-ins for the rest."""
    configured = load_taxonomy(settings.taxonomy)
    taxonomies: dict[Stream, Taxonomy] = {stream: builtin_taxonomy(stream) for stream in {*streams, Stream.CI}}
    taxonomies[configured.stream] = configured
    files = tuple((path, _mtime(path)) for path in settings.rules)
    return {stream: Vocabulary(taxonomy, _rules(files, taxonomy)) for stream, taxonomy in taxonomies.items()}


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0  # load_rules reports the missing file


@functools.lru_cache(maxsize=16)
def _rules(files: tuple[tuple[str, float], ...], taxonomy: Taxonomy) -> RuleSet:
    """Rule sets compiled once per process (keyed by the rule files and their modification times)."""
    return load_rules([path for path, _ in files], taxonomy)


def build_model_stage(settings: Settings, taxonomy: Taxonomy, store: Store) -> tuple[ModelStage | None, str]:
    """The LLM stage when a model is configured; otherwise None and the reason."""
    if not settings.enable_error_classification:
        return None, "disabled (enable_error_classification is false)"
    if not settings.llm_configured:
        return None, "no API key or model server configured"
    from classifier.llm.stage import Example, build_llm_stage  # noqa: PLC0415

    examples = [
        Example(message=c.message, category=c.category, source="human")
        for c in store.corrections(taxonomy.name)
        if c.message and c.category in taxonomy
    ]
    return build_llm_stage(settings, taxonomy, examples)


def with_models(
    vocabularies: dict[Stream, Vocabulary],
    settings: Settings,
    store: Store,
    llm: ModelStage | None = None,
    llm_unavailable_reason: str = "",
) -> dict[Stream, Vocabulary]:
    """Attach a model stage per stream; an injected `llm` (or its absence reason) serves the CI stream."""
    attached = {}
    for stream, vocabulary in vocabularies.items():
        if stream is Stream.CI and (llm is not None or llm_unavailable_reason):
            model, reason = llm, llm_unavailable_reason
        else:
            model, reason = build_model_stage(settings, vocabulary.taxonomy, store)
        attached[stream] = dataclasses.replace(vocabulary, model=model, model_unavailable_reason=reason)
    return attached


@dataclass(slots=True)
class _Input:
    result: InputResult
    occurrences: list[Occurrence]


def _occurrences(doc: Document) -> tuple[list[Occurrence], list[Problem]]:
    extraction = extract_document(doc)
    occurrences = []
    for raw in extraction.records:
        record = redact_record(raw)
        normalized = normalize(record.message, NORMALIZER_VERSION)
        occurrences.append(Occurrence(record, fingerprint(record, normalized, FINGERPRINT_VERSION), normalized))
    return occurrences, list(extraction.problems)


def analyze(
    sources: Iterable[Document | Problem],
    *,
    settings: Settings,
    store: Store,
    run: RunContext,
    mode: str = "realtime",
    llm: ModelStage | None = None,
    llm_unavailable_reason: str = "",
    clock: Callable[[], str] = utc_now,
    progress: Progress | None = None,
    notes: Sequence[str] = (),
    workers: int = 1,
    baseline: Mapping[str, Sequence[str]] | None = None,
) -> Analysis:
    """Analyse every source; bad inputs become problems, never exceptions.

    `workers` > 1 extracts documents in that many forked processes (big inputs only). `baseline` maps a job
    name ("" for inputs without one) to the lines of a recent successful log of that job: lines found there
    are left out of what the model is shown.
    """
    started = clock()
    documents: list[Document] = []
    loose_problems: list[Problem] = []
    for item in sources:
        if isinstance(item, Problem):
            loose_problems.append(item)
        else:
            documents.append(item)
    inputs: list[_Input] = []
    for doc, (occurrences, problems) in zip(documents, map_documents(_occurrences, documents, workers), strict=True):
        if progress is not None:
            progress(doc.name)
        result = InputResult(doc.name, len(occurrences), tuple(problems), None, doc.job, doc.url)
        inputs.append(_Input(result, occurrences))
    all_occurrences = [occ for entry in inputs for occ in entry.occurrences]
    vocabularies = with_models(
        build_vocabularies(settings, {occ.record.stream for occ in all_occurrences}),
        settings,
        store,
        llm,
        llm_unavailable_reason,
    )
    groups = group_occurrences(all_occurrences)
    now = clock()
    stage = ClassifyStage(
        vocabularies,
        store,
        cache=CachePolicy(settings.min_confidence_for_reuse, settings.classification_cache_ttl_hours),
        mode=mode,
        baseline=baseline,
        now=now,
        normalizer_version=NORMALIZER_VERSION,
    )
    labels = stage.classify(groups)
    stats = store.record_occurrences(run, all_occurrences, now)
    _save_changed(store, labels)
    categories = {label.fingerprint: label.category for label in labels}
    results = tuple(
        GroupResult(group, label, stats.get(group.fingerprint.value))
        for group, label in zip(groups, labels, strict=True)
    )
    ranks = rule_ranks(labels, (vocabulary.rules for vocabulary in vocabularies.values()))
    input_results = tuple(_with_primary(entry, categories, vocabularies, ranks) for entry in inputs) + tuple(
        InputResult(p.source, 0, (p,)) for p in loose_problems
    )
    return Analysis(
        run=run,
        inputs=input_results,
        groups=results,
        problems=(),
        notes=(*notes, *stage.notes(), *store.notes),
        usage=stage.usage,
        started_at=started,
        finished_at=clock(),
    )


def _with_primary(
    entry: _Input, categories: dict[str, str], vocabularies: dict[Stream, Vocabulary], ranks: dict[str, int]
) -> InputResult:
    if not entry.occurrences:
        return entry.result
    stream = entry.occurrences[0].record.stream
    taxonomy = (vocabularies.get(stream) or vocabularies[Stream.CI]).taxonomy
    primary = choose_primary(entry.occurrences, categories, taxonomy, ranks)
    result = entry.result
    return InputResult(result.path, result.record_count, result.problems, primary, result.job, result.url)


def _save_changed(store: Store, labels: Sequence[Classification]) -> None:
    """Store labels that are new or changed; cache hits and human labels are already stored."""
    changed = []
    for label in labels:
        if label.classified_by in (ClassifiedBy.CACHE, ClassifiedBy.HUMAN):
            continue
        history = store.classification_history(label.fingerprint, label.taxonomy)
        current = history[0] if history else None
        if current is None or _differs(current, label):
            changed.append(label)
    if changed:
        store.save_classifications(changed)


def _differs(old: Classification, new: Classification) -> bool:
    keys = ("category", "classified_by", "ruleset_version", "taxonomy_version", "rule_id", "prompt_version", "model")
    return any(getattr(old, key) != getattr(new, key) for key in keys)
