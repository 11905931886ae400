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
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from classifier.classify import Tier
from classifier.errors import ConfigError
from classifier.model import Classification, ClassifiedBy, Group, Problem, RunContext, TokenUsage
from classifier.pipeline import analyze
from classifier.settings import Settings
from classifier.sources.base import Document
from classifier.store.base import Store
from classifier.wiring import Vocabularies, build_llm_stage, cache_policy, model_examples, open_store, utc_now

Loader = Callable[[], Sequence[Document | Problem]]


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One unit of backlog work; `load` fetches its documents only when the item is processed."""

    key: str  # stable: the checkpoint and the shard hash use it
    run: RunContext
    load: Loader
    write_back: tuple[str, str] | None = None  # (index, document id) to label in place (seed uploader)


@dataclass(frozen=True, slots=True)
class Shard:
    """This job's share of the work: the items whose key hashes to `index` of `count` (1-based)."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Shard:
        if not text.strip():
            return cls()
        try:
            index_text, count_text = text.split("/")
            index, count = int(index_text), int(count_text)
        except ValueError:
            raise ConfigError(f"input 'shard' is {text!r}; expected i/n, e.g. 1/4") from None
        if count < 1 or not 1 <= index <= count:
            raise ConfigError(f"input 'shard' is {text!r}; need 1 <= i <= n")
        return cls(index, count)

    def owns(self, key: str) -> bool:
        digest = int(hashlib.sha256(key.encode()).hexdigest()[:16], 16)
        return digest % self.count == self.index - 1


class Checkpoint:
    """Keys of finished items, one per line, appended and flushed as each item finishes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done: set[str] = set()
        if path is not None and path.exists():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            self.done = {line for line in lines if line.strip()}

    def mark(self, key: str) -> None:
        self.done.add(key)
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(key.replace("\n", " ") + "\n")
            handle.flush()
            os.fsync(handle.fileno())


class ProgressBar:
    """`[#####.....] 12/40 name` on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool = True, width: int = 30) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.width = width

    def show(self, done: int, total: int | None, label: str) -> None:
        if not self.enabled:
            return
        if total:
            filled = self.width * done // total
            bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        else:
            bar = f"[{done}]"
        sys.stderr.write(f"\r\x1b[2K{bar} {label[-50:]}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


class BacklogModel(Protocol):
    """What batch mode needs of the LLM stage (classifier/llm/stage.py: LLMStage)."""

    prompt_version: str
    model: str

    def wants(self, classification: Classification, mode: str) -> bool: ...

    def classify_backlog(
        self, pending: Sequence[tuple[Group, Classification]], checkpoint_path: Path
    ) -> list[Classification]: ...

    def notes(self) -> list[str]: ...

    @property
    def usage(self) -> TokenUsage: ...


class _Collector:
    """A ModelStage that defers: it keeps each unsettled group (once per fingerprint) for one batch later."""

    def __init__(self, model: BacklogModel) -> None:
        self.inner = model
        self.prompt_version = model.prompt_version
        self.model = model.model
        self.pending: dict[str, tuple[Group, Classification]] = {}

    def wants(self, classification: Classification, mode: str) -> bool:
        return self.inner.wants(classification, mode)

    def classify(
        self,
        pending: Sequence[tuple[Group, Classification]],
        mode: str,
        baseline: Mapping[str, Sequence[str]] | None = None,
    ) -> list[Classification]:
        for group, label in pending:
            self.pending.setdefault(group.fingerprint.value, (group, label))
        return [
            dataclasses.replace(label, reasoning=f"{label.reasoning}; queued for the model batch")
            for _group, label in pending
        ]

    def notes(self) -> list[str]:
        return []

    @property
    def usage(self) -> TokenUsage:
        return TokenUsage()


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
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)

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
        lines.append(f"  took {self.seconds:.1f}s")
        return "\n".join(lines) + "\n"


@dataclass(slots=True)
class _Outcome:
    labels: dict[str, Classification] = field(default_factory=dict)  # fingerprint -> label
    primaries: dict[str, str] = field(default_factory=dict)  # item key -> primary fingerprint


WriteBack = Callable[[str, Mapping[str, Mapping[str, Any]]], int]


def process_backlog(
    items: Iterable[WorkItem],
    *,
    settings: Settings,
    store: Store,
    checkpoint: Checkpoint,
    shard: Shard = Shard(),
    model: BacklogModel | None = None,
    model_unavailable_reason: str = "",
    model_checkpoint: Path | None = None,
    progress: ProgressBar | None = None,
    total: int | None = None,
    write_back: WriteBack | None = None,
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
    collector = _Collector(model) if model is not None else None
    reason = model_unavailable_reason or "no model configured"
    targets: dict[str, tuple[str, str]] = {}
    chunk: list[WorkItem] = []

    def flush() -> None:
        if chunk:
            _process(chunk, settings, store, collector, reason, summary, outcome)
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
    if collector is not None and model is not None:
        _model_batch(collector, model, store, model_checkpoint, summary, outcome)
    elif summary.processed:
        summary.notes.append(f"Model classification off: {reason}. Rules and stored labels only.")
    if write_back is not None and targets:
        summary.written_back = _write_back(targets, outcome, write_back)
    summary.classified = sum(1 for label in outcome.labels.values() if label.is_classified)
    for label in outcome.labels.values():
        summary.categories[label.category] = summary.categories.get(label.category, 0) + 1
    summary.seconds = clock() - started
    return summary


def _process(
    items: Sequence[WorkItem],
    settings: Settings,
    store: Store,
    collector: _Collector | None,
    reason: str,
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
        vocabularies=Vocabularies(
            settings,
            store,
            tier=Tier.BATCH,
            llm=collector,
            llm_unavailable_reason="" if collector is not None else reason,
        ),
        store=store,
        run=items[0].run,
        clock=utc_now,
        cache=cache_policy(settings),
        tier=Tier.BATCH,
    )
    summary.processed += len(items)
    summary.problems.extend(p for result in analysis.inputs for p in result.problems)
    for result in analysis.groups:
        summary.occurrences += result.group.count
        value = result.group.fingerprint.value
        if value not in outcome.labels:
            summary.groups += 1
            if result.stats is not None and result.stats.is_new:
                summary.new_fingerprints += 1
        outcome.labels[value] = result.classification
    for result_input in analysis.inputs:
        key = owner.get(result_input.path)
        if key is not None and result_input.primary is not None:
            outcome.primaries.setdefault(key, result_input.primary.fingerprint.value)


def _model_batch(
    collector: _Collector,
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
        summary.model_labelled = len(fresh)
    summary.usage = model.usage
    summary.notes.extend(model.notes())


def _write_back(targets: Mapping[str, tuple[str, str]], outcome: _Outcome, write_back: WriteBack) -> int:
    """Label the source documents in place with the seed's fields."""
    by_index: dict[str, dict[str, dict[str, Any]]] = {}
    for key, (index, ident) in targets.items():
        value = outcome.primaries.get(key)
        label = outcome.labels.get(value or "")
        if label is None:  # labelled anyway, or every later run would pick it up again
            fields: dict[str, Any] = {
                "s_error_type": "unknown",
                "s_error_summary": "no error found in its text",
                "f_error_confidence": 0.0,
            }
        else:
            fields = {
                "s_error_type": label.category,
                "s_error_summary": label.summary or label.reasoning,
                "f_error_confidence": label.confidence,
                "s_error_fingerprint": label.fingerprint,
            }
        by_index.setdefault(index, {})[ident] = fields
    return sum(write_back(index, labels) for index, labels in by_index.items())


# --- sources and the entry point --------------------------------------------------------------------

MESSAGE_FIELDS = ("t_error_message", "s_error_message", "s_failure_message", "s_message", "s_error", "message")


def file_items(paths: Sequence[str]) -> Iterable[WorkItem]:
    """Each log, report or JSONL error-record file under `paths` is one item (key: its name)."""
    from classifier.sources.files import iter_documents  # noqa: PLC0415

    for entry in iter_documents(list(paths)):
        key = entry.source if isinstance(entry, Problem) else entry.name
        yield WorkItem(key, RunContext(), lambda entry=entry: [entry])  # type: ignore[misc]


def index_items(store: Any, indexes: Sequence[str], since: str) -> Iterable[WorkItem]:
    """Failed documents of existing jobs / steps / tests indexes that carry no label yet (seed 000)."""
    for index in indexes:
        for ident, source in store.unlabelled_failures(index, since=since):
            text = next((str(source[name]) for name in MESSAGE_FIELDS if source.get(name)), "")
            name = f"{index}/{ident}"
            if text:
                data = text.encode()
                doc: Document | Problem = Document(
                    name,
                    lambda data=data: _bytes(data),  # type: ignore[misc]
                    len(data),
                    job=str(source.get("s_job_name", "")),
                    step=str(source.get("s_step_name", "")),
                )
            else:
                doc = Problem(name, "failed, but the document has no error text field", kind="input")
            yield WorkItem(name, _run_from(source), lambda doc=doc: [doc], (index, ident))  # type: ignore[misc]


def _bytes(data: bytes) -> Any:
    import io  # noqa: PLC0415

    return io.BytesIO(data)


def _run_from(source: Mapping[str, Any]) -> RunContext:
    def number(*names: str) -> int | None:
        for name in names:
            value = source.get(name)
            if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                return int(value)
        return None

    return RunContext(
        repository=str(source.get("s_repository") or source.get("s_repo") or ""),
        workflow=str(source.get("s_workflow_name") or source.get("s_workflow") or ""),
        run_id=number("l_run_id", "s_workflow_id"),
        run_attempt=number("l_run_attempt", "l_attempt"),
        branch=str(source.get("s_branch") or ""),
        sha=str(source.get("s_commit_sha") or source.get("s_sha") or ""),
    )


def _problem_item(problem: Problem) -> WorkItem:
    return WorkItem(f"problem:{problem.source}", RunContext(), lambda: [problem])


def collect_items(
    settings: Settings,
    store: Store,
    *,
    paths: Sequence[str],
    indexes: Sequence[str],
    since: datetime,
    workdir: Path,
) -> tuple[list[WorkItem], list[str]]:
    """The backlog from files, from existing indexes, or (by default) from the GitHub API."""
    items: list[WorkItem] = []
    notes: list[str] = []
    if paths:
        items.extend(file_items(paths))
    if indexes:
        if not hasattr(store, "unlabelled_failures"):
            raise ConfigError("--from-index needs the OpenSearch store (set opensearch_url)")
        items.extend(index_items(store, indexes, since.isoformat()))
    if not paths and not indexes:
        if not (settings.repository or settings.organization):
            raise ConfigError("batch needs files (PATH...), --from-index, or a repository/organization")
        from classifier.github.api import GitHubClient  # noqa: PLC0415 (network source only when used)
        from classifier.sources import github_backlog  # noqa: PLC0415

        client = GitHubClient(settings.github_api_url, settings.github_token)
        repos = [settings.repository] if settings.repository else []
        if settings.organization:
            repos = github_backlog.organisation_repositories(client, settings.organization)
            notes.append(f"Organisation {settings.organization}: {len(repos)} repositories.")
        for entry in github_backlog.failed_job_items(client, repos, since, workdir):
            items.append(entry if isinstance(entry, WorkItem) else _problem_item(entry))
    return items, notes


def build_backlog_model(settings: Settings, store: Store) -> tuple[BacklogModel | None, str]:
    """The LLM stage for the batch path (the cheaper batch model), or None and the reason."""
    if not settings.llm_configured:
        return None, "no API key or model server configured"
    from classifier.rules.taxonomy import load_taxonomy  # noqa: PLC0415

    taxonomy = load_taxonomy(settings.taxonomy)
    return build_llm_stage(settings, taxonomy, model_examples(store, taxonomy), tier=Tier.BATCH)


def run_batch(
    settings: Settings,
    *,
    paths: Sequence[str] = (),
    indexes: Sequence[str] = (),
    checkpoint_path: Path | None = None,
    store: Store | None = None,
    model: BacklogModel | None = None,
    model_unavailable_reason: str = "",
    quiet: bool = False,
) -> int:
    """Batch mode for the CLI and the action: 0 when done, 1 when some inputs had problems."""
    import json  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    shard = Shard.parse(settings.shard)
    out = Path(settings.output_dir)
    suffix = f"-shard{shard.index}of{shard.count}" if shard.count > 1 else ""
    checkpoint = Checkpoint(checkpoint_path or out / f"batch-checkpoint{suffix}.txt")
    opened = store or open_store(settings)
    since = datetime.now(UTC) - timedelta(hours=settings.hours)
    try:
        if model is None and not model_unavailable_reason:
            model, model_unavailable_reason = build_backlog_model(settings, opened)
        with tempfile.TemporaryDirectory(prefix="ci-classify-batch-") as workdir:
            items, notes = collect_items(
                settings, opened, paths=paths, indexes=indexes, since=since, workdir=Path(workdir)
            )
            summary = process_backlog(
                items,
                settings=settings,
                store=opened,
                checkpoint=checkpoint,
                shard=shard,
                model=model,
                model_unavailable_reason=model_unavailable_reason,
                model_checkpoint=out / f"llm-batch{suffix}.json",
                progress=ProgressBar(not quiet),
                total=len(items),
                write_back=getattr(opened, "label_documents", None),
            )
    finally:
        if store is None:
            opened.close()
    summary.notes[:0] = notes
    summary.notes.extend(getattr(opened, "notes", []))
    summary.problems.extend(getattr(opened, "problems", []))
    out.mkdir(parents=True, exist_ok=True)
    (out / f"batch-summary{suffix}.json").write_text(
        json.dumps(dataclasses.asdict(summary), indent=2, sort_keys=True), encoding="utf-8"
    )
    sys.stdout.write(summary.render())
    return 1 if summary.problems else 0
