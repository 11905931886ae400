"""Batch (backlog) mode: work through many failed jobs, resumable, shardable, one model batch at the end.

A backlog is a stream of `WorkItem`s (a failed job, a log file, a document of an existing jobs index),
each with a stable key. Items another shard owns (`--shard i/n`, stable hash of the key) or that the
checkpoint file lists as done are skipped; every other item is analysed with the same pipeline as the
realtime path (rules, stored labels), stored, and then appended to the checkpoint. What the rules cannot
settle is collected across all items, deduplicated by fingerprint, and sent once through the model's
batch path (`LLMStage.classify_backlog`, Message Batches API) when a model is configured.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from classifier.classify import CachePolicy, Tier
from classifier.escape import printable
from classifier.integrations.workflow_metrics import MetricsIndexes, write_back
from classifier.llm.stage import LLMStage
from classifier.model import Classification, ClassifiedBy, Problem, TokenUsage
from classifier.modes.batch.checkpoint import Checkpoint, ProgressBar, Shard
from classifier.modes.batch.deferral import BacklogModel, Collector
from classifier.modes.batch.items import collect_items
from classifier.modes.result import ModeResult
from classifier.pipeline import analyze
from classifier.report.stats import MAX_PROBLEMS
from classifier.settings import Mode, Settings
from classifier.sources.base import Document, WorkItem
from classifier.store.base import Store
from classifier.wiring import Vocabularies, build_llm_stage, cache_policy, model_examples, open_store, utc_now

ONE_SHARD = Shard()


@dataclass(slots=True)
class BatchSummary:
    """What one batch run did; rendered for the log and kept as JSON in the output folder."""

    seen: int = 0
    processed: int = 0
    skipped_done: int = 0
    skipped_shard: int = 0
    occurrences: int = 0
    groups: int = 0
    new_fingerprints: int = 0
    classified: int = 0
    model_labelled: int = 0
    written_back: int = 0
    seconds: float = 0.0
    usage: TokenUsage = field(default_factory=TokenUsage)
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS
    more_problems: int = 0  # problems beyond those, counted, not kept
    notes: list[str] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Keep the first `MAX_PROBLEMS`, count the rest: a backlog of bad inputs is counted, not held."""
        for problem in problems:
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)
            else:
                self.more_problems += 1

    def render(self) -> str:
        lines = [
            f"batch: {self.processed} item(s) analysed, {self.skipped_done} already done (checkpoint), "
            f"{self.skipped_shard} left to other shards",
            f"  {self.occurrences} error occurrence(s) in {self.groups} group(s); "
            f"{self.new_fingerprints} new fingerprint(s); {self.classified} group(s) classified"
            + (f", {self.model_labelled} by the model batch" if self.model_labelled else ""),
        ]
        if self.written_back:
            lines.append(f"  {self.written_back} source document(s) labelled in place")
        if self.categories:
            top = sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
            lines.append("  categories: " + ", ".join(f"{name} {count}" for name, count in top))
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.extend(f"  problem: {problem.render()}" for problem in self.problems)
        if self.more_problems:
            lines.append(f"  … and {self.more_problems} more problem(s), not listed")
        lines.append(f"  took {self.seconds:.1f}s")
        return "\n".join(printable(line) for line in lines) + "\n"  # problems name inputs


@dataclass(slots=True)
class _Outcome:
    labels: dict[str, Classification] = field(default_factory=dict)  # fingerprint -> label
    primaries: dict[str, str] = field(default_factory=dict)  # item key -> primary fingerprint


def process_backlog(
    items: Iterable[WorkItem],
    *,
    settings: Settings,
    store: Store,
    checkpoint: Checkpoint,
    shard: Shard = ONE_SHARD,
    model: BacklogModel | None = None,
    model_unavailable_reason: str = "",
    model_checkpoint: Path | None = None,
    progress: ProgressBar | None = None,
    total: int | None = None,
    metrics: MetricsIndexes | None = None,
    clock: Callable[[], float] = time.monotonic,
    chunk_size: int = 25,
) -> BatchSummary:
    """Analyse every item this shard owns that the checkpoint does not list; then the model batch.

    Consecutive items of the same run are analysed together (up to `chunk_size`), which spreads the
    per-analysis set-up; the checkpoint is written after each such chunk.
    """
    started = clock()
    summary = BatchSummary()
    outcome = _Outcome()
    collector = Collector(model) if model is not None else None
    reason = model_unavailable_reason or "no model configured"
    deferred: list[tuple[Collector, LLMStage]] = []  # the other streams' stages

    def defer(stage: LLMStage) -> Collector:
        deferred.append((Collector(stage), stage))
        return deferred[-1][0]

    vocabularies = Vocabularies(
        settings,
        store,
        tier=Tier.BATCH,
        llm=collector,
        llm_unavailable_reason="" if collector else reason,
        defer=defer,
    )
    targets: dict[str, tuple[str, str]] = {}
    chunk: list[WorkItem] = []

    def flush() -> None:
        if chunk:
            _process(chunk, vocabularies, cache_policy(settings), store, summary, outcome)
            for done in chunk:
                if done.write_back is not None:
                    targets[done.key] = done.write_back
                checkpoint.mark(done.key)
            chunk.clear()

    for item in items:
        summary.seen += 1
        if not shard.owns(item.key):
            summary.skipped_shard += 1
            continue
        if item.key in checkpoint.done:
            summary.skipped_done += 1
            continue
        if progress is not None:
            progress.show(summary.seen, total, item.key)
        if chunk and (chunk[0].run != item.run or len(chunk) >= chunk_size):
            flush()
        chunk.append(item)
    flush()
    if progress is not None:
        progress.close()
    path = model_checkpoint or Path("llm-batch-checkpoint.json")
    for other, stage in deferred:  # one model batch per further stream, its own checkpoint
        named = path.with_name(f"{path.stem}-{stage.taxonomy.name}{path.suffix}")
        _model_batch(other, stage, store, named, summary, outcome)
    if collector is not None and model is not None:
        _model_batch(collector, model, store, path, summary, outcome)
    elif summary.processed:
        summary.notes.append(f"Model classification off: {reason}. Rules and stored labels only.")
    if metrics is not None and targets:
        summary.written_back = write_back(metrics, targets, outcome.primaries, outcome.labels)
    summary.classified = sum(1 for label in outcome.labels.values() if label.is_classified)
    for label in outcome.labels.values():
        summary.categories[label.category] = summary.categories.get(label.category, 0) + 1
    summary.seconds = clock() - started
    return summary


def _process(
    items: Sequence[WorkItem],
    vocabularies: Vocabularies,
    cache: CachePolicy,
    store: Store,
    summary: BatchSummary,
    outcome: _Outcome,
) -> None:
    owner: dict[str, str] = {}  # document (or problem) name -> item key
    loaded: list[Document | Problem] = []
    for item in items:
        for entry in item.load():
            owner[entry.source if isinstance(entry, Problem) else entry.name] = item.key
            loaded.append(entry)
    analysis = analyze(
        loaded,
        vocabularies=vocabularies,
        store=store,
        run=items[0].run,
        clock=utc_now,
        cache=cache,
        tier=Tier.BATCH,
    )
    summary.processed += len(items)
    summary.add_problems(p for result in analysis.inputs for p in result.problems)
    for result in analysis.groups:
        summary.occurrences += result.group.count
        value = result.group.fingerprint.value
        if value not in outcome.labels:
            summary.groups += 1
            if result.stats is not None and result.stats.is_new:
                summary.new_fingerprints += 1
        outcome.labels[value] = result.classification
    writes = {item.key for item in items if item.write_back is not None}  # only these need their primary
    for result_input in analysis.inputs:
        key = owner.get(result_input.path)
        if key in writes and result_input.primary is not None:
            outcome.primaries.setdefault(key, result_input.primary.fingerprint.value)


def _model_batch(
    collector: Collector,
    model: BacklogModel,
    store: Store,
    checkpoint: Path | None,
    summary: BatchSummary,
    outcome: _Outcome,
) -> None:
    pending = list(collector.pending.values())
    if pending:
        path = checkpoint or Path("llm-batch-checkpoint.json")
        labels = model.classify_backlog(pending, path)
        fresh = [label for label in labels if label.classified_by is ClassifiedBy.LLM]
        if fresh:
            store.save_classifications(fresh)
        for label in fresh:
            outcome.labels[label.fingerprint] = label
        summary.model_labelled += len(fresh)
    summary.usage = summary.usage + model.usage
    summary.notes.extend(model.notes())


def build_backlog_model(settings: Settings, store: Store) -> tuple[BacklogModel | None, str]:
    """The LLM stage for the batch path (the cheaper batch model), or None and the reason."""
    if not settings.llm_configured:
        return None, "no API key or model server configured"
    from classifier.rules.taxonomy import load_taxonomy  # noqa: PLC0415

    taxonomy = load_taxonomy(settings.taxonomy)
    return build_llm_stage(settings, taxonomy, model_examples(store, taxonomy), tier=Tier.BATCH)


def run(
    settings: Settings,
    *,
    paths: Sequence[str] = (),
    indexes: Sequence[str] = (),
    checkpoint_path: Path | None = None,
    store: Store | None = None,
    model: BacklogModel | None = None,
    model_unavailable_reason: str = "",
    quiet: bool = False,
) -> ModeResult:
    """Batch mode for the CLI and the action; the summary is also written as JSON to the output folder."""
    shard = Shard.parse(settings.shard)
    out = Path(settings.output_dir)
    checkpoint = Checkpoint(checkpoint_path or out / f"batch-checkpoint{shard.suffix}.txt")
    opened = store or open_store(settings)
    try:
        if model is None and not model_unavailable_reason:
            model, model_unavailable_reason = build_backlog_model(settings, opened)
        with collect_items(settings, opened, paths=paths, indexes=indexes) as (items, metrics, notes):
            summary = process_backlog(
                items,
                settings=settings,
                store=opened,
                checkpoint=checkpoint,
                shard=shard,
                model=model,
                model_unavailable_reason=model_unavailable_reason,
                model_checkpoint=out / f"llm-batch{shard.suffix}.json",
                progress=ProgressBar(not quiet),
                total=len(items),
                metrics=metrics,
            )
    finally:
        if store is None:
            opened.close()
    summary.notes[:0] = notes
    summary.notes.extend(opened.notes)
    summary.add_problems(opened.problems)
    report = out / f"batch-summary{shard.suffix}.json"
    out.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(dataclasses.asdict(summary), indent=2, sort_keys=True), encoding="utf-8")
    text = summary.render()
    code = 1 if summary.problems else 0
    markdown = f"## ci-classify batch\n\nFinished with exit code {code}; details in the step log and `{report}`.\n"
    return ModeResult(
        Mode.BATCH, text=text, markdown=markdown, report_path=str(report), problems=tuple(summary.problems)
    )
