"""Where the backlog comes from: files, unlabelled documents of existing indexes, or the GitHub API."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from classifier.errors import ConfigError
from classifier.github.api import GitHubClient
from classifier.integrations.workflow_metrics import MetricsIndexes, index_items
from classifier.model import Problem, RunContext
from classifier.settings import Settings
from classifier.sources import github_backlog
from classifier.sources.base import Document, Loader, WorkItem
from classifier.sources.files import iter_documents
from classifier.store.base import Store
from classifier.wiring import metrics_indexes

Backlog = tuple[list[WorkItem], MetricsIndexes | None, list[str]]


def file_items(paths: Sequence[str]) -> Iterable[WorkItem]:
    """Each log, report or JSONL error-record file under `paths` is one item (key: its name)."""
    for entry in iter_documents(list(paths)):
        key = entry.source if isinstance(entry, Problem) else entry.name
        yield WorkItem(key, RunContext(), _single(entry))


def _single(entry: Document | Problem) -> Loader:
    def load() -> list[Document | Problem]:
        return [entry]

    return load


@contextmanager
def collect_items(
    settings: Settings, store: Store, *, paths: Sequence[str], indexes: Sequence[str]
) -> Iterator[Backlog]:
    """The backlog from files, from existing indexes, or (by default) from the GitHub API; the metrics
    indexes to label in place (with `indexes`) and notes. Downloaded logs live until the block ends."""
    since = datetime.now(UTC) - timedelta(hours=settings.hours)
    items: list[WorkItem] = []
    notes: list[str] = []
    metrics: MetricsIndexes | None = None
    if paths:
        items.extend(file_items(paths))
    if indexes:
        metrics = metrics_indexes(store)
        if metrics is None:
            raise ConfigError("--from-index needs the OpenSearch store (set opensearch_url)")
        items.extend(index_items(metrics, indexes, since.isoformat()))
    with tempfile.TemporaryDirectory(prefix="ci-classify-batch-") as workdir:
        if not paths and not indexes:
            items.extend(_github_items(settings, since, Path(workdir), notes))
        yield items, metrics, notes


def _github_items(settings: Settings, since: datetime, workdir: Path, notes: list[str]) -> Iterator[WorkItem]:
    if not (settings.repository or settings.organization):
        raise ConfigError("batch needs files (PATH...), --from-index, or a repository/organization")
    client = GitHubClient(settings.github_api_url, settings.github_token)
    repos = [settings.repository] if settings.repository else []
    if settings.organization:
        repos = github_backlog.organisation_repositories(client, settings.organization)
        notes.append(f"Organisation {settings.organization}: {len(repos)} repositories.")
    for entry in github_backlog.failed_job_items(client, repos, since, workdir):
        yield (
            entry if isinstance(entry, WorkItem) else WorkItem(f"problem:{entry.source}", RunContext(), _single(entry))
        )
