"""The composition root: the only place `Settings` becomes adapters.

Modes, the CLI and the action entry point call these builders; the stages below them receive typed
configs and adapters (store, vocabularies with their model stages, clock) and never see `Settings`.
The model tier (realtime model or the cheaper batch model) is an argument here, not a setting rewrite.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.classify import CachePolicy, ModelStage, Tier, Vocabulary
from classifier.errors import ConfigError
from classifier.model import Stream
from classifier.rules.engine import RuleSet
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import Taxonomy, builtin_taxonomy, load_taxonomy
from classifier.settings import Settings
from classifier.store.base import LabelStore, Store

if TYPE_CHECKING:  # opensearch-py only when OpenSearch is configured; the model stage only when a model is
    from classifier.integrations.workflow_metrics import MetricsIndexes
    from classifier.llm.base import Example, LLMBackend
    from classifier.llm.ledger import Price
    from classifier.llm.stage import LLMStage, StageConfig
    from classifier.store.opensearch.client import OpenSearchConfig

__all__ = [
    "Vocabularies",
    "build_llm_stage",
    "build_model_stage",
    "build_vocabularies",
    "cache_policy",
    "choose_model",
    "metrics_indexes",
    "model_examples",
    "open_store",
    "stage_config",
    "tier_of",
    "utc_now",
]


def utc_now() -> str:
    """The clock every mode passes to the pipeline (ISO 8601, seconds, `Z`)."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def open_store(settings: Settings) -> LabelStore:
    """OpenSearch when configured, else the embedded SQLite file."""
    if settings.opensearch_url:
        from classifier.store.opensearch import OpenSearchStore  # noqa: PLC0415 (optional service)

        return OpenSearchStore.from_config(opensearch_config(settings))
    from classifier.store.sqlite import SQLiteStore  # noqa: PLC0415

    return SQLiteStore(settings.db_path)


def opensearch_config(settings: Settings) -> OpenSearchConfig:
    from classifier.store.opensearch import OpenSearchConfig  # noqa: PLC0415 (optional service)

    return OpenSearchConfig(
        url=settings.opensearch_url,
        username=settings.opensearch_username,
        password=settings.opensearch_password,
        verify_certs=settings.opensearch_verify_certs,
        ca_certs=settings.opensearch_ca_certs,
        aws_region=settings.opensearch_aws_region,
        classification_index=settings.error_classification_index,
        occurrence_index=settings.occurrence_index,
        spool_dir=settings.output_dir,
    )


def metrics_indexes(store: Store) -> MetricsIndexes | None:
    """The workflow-metrics indexes beside the store: only OpenSearch has them."""
    from classifier.store.opensearch import OpenSearchStore  # noqa: PLC0415 (optional service)

    return store if isinstance(store, OpenSearchStore) else None


def cache_policy(settings: Settings) -> CachePolicy:
    return CachePolicy(settings.min_confidence_for_reuse, settings.classification_cache_ttl_hours)


def tier_of(settings: Settings) -> Tier:
    """Realtime analysis uses the realtime model; every other mode the batch model."""
    return Tier.REALTIME if settings.mode == "realtime" else Tier.BATCH


# --- vocabularies (taxonomy + rules per stream) ------------------------------------------------------


def build_vocabularies(settings: Settings, streams: Iterable[Stream] = tuple(Stream)) -> dict[Stream, Vocabulary]:
    """The taxonomy and rules per stream: the configured taxonomy for its stream, built-ins for the rest."""
    configured = load_taxonomy(settings.taxonomy)
    taxonomies: dict[Stream, Taxonomy] = {stream: builtin_taxonomy(stream) for stream in {*streams, Stream.CI}}
    taxonomies[configured.stream] = configured
    files = tuple((path, _mtime(path)) for path in settings.rules)
    _check_rule_files(files, configured)
    return {stream: Vocabulary(taxonomy, _rules(files, taxonomy)) for stream, taxonomy in taxonomies.items()}


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0  # load_rules reports the missing file


@functools.lru_cache(maxsize=16)
def _check_rule_files(files: tuple[tuple[str, float], ...], configured: Taxonomy) -> None:
    """A user rule file must be for a taxonomy in use (the configured one or a stream's built-in one):
    a file for any other taxonomy would never apply, so it is an error, not silently ignored."""
    in_use = [configured, *(builtin_taxonomy(stream) for stream in Stream)]
    served = {name for taxonomy in in_use for name in (taxonomy.name, taxonomy.extends) if name}
    for path, _ in files:
        try:
            declared = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("taxonomy")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # load_rules reports unreadable and invalid files
        if declared not in served:
            raise ConfigError(
                f"{path}: rule file for taxonomy {declared!r}, which is not in use (taxonomy input: "
                f"{configured.name}; built-in: {', '.join(sorted(served - {configured.name}))}); set the taxonomy "
                "input to it, or fix the file's `taxonomy` key"
            )


@functools.lru_cache(maxsize=16)
def _rules(files: tuple[tuple[str, float], ...], taxonomy: Taxonomy) -> RuleSet:
    """Rule sets compiled once per process (keyed by the rule files and their modification times)."""
    return load_rules([path for path, _ in files], taxonomy)


class Vocabularies:
    """`classify.VocabularySource` from settings: rules per stream plus a model stage, built on first use.

    `llm` (or `llm_unavailable_reason`) is injected for the CI stream (tests, batch deferral, validate);
    other streams get a stage built from the settings at `tier`, kept for the rest of the run, and passed
    through `defer` when given (batch mode collects their work for one model batch each).
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        tier: Tier | None = None,
        llm: ModelStage | None = None,
        llm_unavailable_reason: str = "",
        defer: Callable[[LLMStage], ModelStage] | None = None,
    ) -> None:
        self.settings = settings
        self.defer = defer
        self.store = store
        self.tier = tier or tier_of(settings)
        self.llm = llm
        self.llm_unavailable_reason = llm_unavailable_reason
        self._built: dict[Stream, Vocabulary] = {}

    def for_streams(self, streams: Collection[Stream]) -> dict[Stream, Vocabulary]:
        wanted = build_vocabularies(self.settings, streams)
        for stream, vocabulary in wanted.items():
            if stream not in self._built or self._built[stream].taxonomy != vocabulary.taxonomy:
                self._built[stream] = self._with_model(stream, vocabulary)
        return {stream: self._built[stream] for stream in wanted}

    def _with_model(self, stream: Stream, vocabulary: Vocabulary) -> Vocabulary:
        if stream is Stream.CI and (self.llm is not None or self.llm_unavailable_reason):
            model, reason = self.llm, self.llm_unavailable_reason
        else:
            stage, reason = build_model_stage(self.settings, vocabulary.taxonomy, self.store, self.tier)
            model = self.defer(stage) if stage is not None and self.defer is not None else stage
        return dataclasses.replace(vocabulary, model=model, model_unavailable_reason=reason)


# --- the model stage ------------------------------------------------------------------------------


def model_examples(store: Store, taxonomy: Taxonomy) -> list[Example]:
    """The one few-shot examples builder: human corrections of this taxonomy, deduplicated and capped."""
    from classifier.llm.stage import examples_from_corrections  # noqa: PLC0415 (see TYPE_CHECKING)

    corrections = [c for c in store.corrections(taxonomy.name) if c.category in taxonomy]
    return examples_from_corrections(corrections)


def build_model_stage(
    settings: Settings, taxonomy: Taxonomy, store: Store, tier: Tier | None = None
) -> tuple[LLMStage | None, str]:
    """The LLM stage when a model is configured; otherwise None and the reason."""
    if not settings.enable_error_classification:
        return None, "disabled (enable_error_classification is false)"
    if not settings.llm_configured:
        return None, "no API key or model server configured"
    return build_llm_stage(settings, taxonomy, model_examples(store, taxonomy), tier=tier)


def stage_config(settings: Settings) -> StageConfig:
    from classifier.llm.stage import StageConfig  # noqa: PLC0415 (see TYPE_CHECKING)

    if settings.llm_max_calls < 0:
        raise ConfigError(
            f"input 'llm_max_calls' is {settings.llm_max_calls}; use N >= 0 (at most N model calls per realtime "
            "run; 0: none)"
        )
    return StageConfig(
        batch_size=max(settings.batch_size, 1),
        max_error_length=max(settings.max_error_length, 200),
        max_rpm=settings.max_rpm,
        max_tpm=settings.max_tpm,
        max_calls=settings.llm_max_calls,
        max_tokens=settings.llm_max_tokens,
        realtime_threshold=tuple(t.strip().lower() for t in settings.classify_realtime_threshold),
        timeout=max(settings.llm_timeout_seconds, 1.0),
        max_seconds=max(settings.llm_max_seconds, 0.0),
    )


def choose_model(settings: Settings, tier: Tier) -> str:
    """The model for this tier and API format."""
    if settings.local_llm_base_url:
        return settings.local_llm_model
    if tier is Tier.REALTIME:
        return settings.anthropic_model
    return settings.anthropic_batch_model or settings.anthropic_model


def build_llm_stage(
    settings: Settings,
    taxonomy: Taxonomy,
    examples: Sequence[Example] = (),
    *,
    tier: Tier | None = None,
    prices: Mapping[str, Price] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    today: date | None = None,
) -> tuple[LLMStage | None, str]:
    """The configured stage, or None and the reason (disabled, no key, incomplete settings)."""
    if not settings.enable_error_classification:
        return None, "model classification is disabled (enable_error_classification=false)"
    from classifier.llm.backlog import run_backlog  # noqa: PLC0415 (see TYPE_CHECKING)
    from classifier.llm.ledger import parse_price_table  # noqa: PLC0415
    from classifier.llm.models import deprecation_note  # noqa: PLC0415
    from classifier.llm.stage import LLMStage  # noqa: PLC0415

    model = choose_model(settings, tier or tier_of(settings))
    timeout = max(settings.llm_timeout_seconds, 1.0)
    notes: list[str] = []
    backend: LLMBackend
    if settings.local_llm_base_url or settings.api_format == "openai":
        from classifier.llm.openai_backend import OpenAIBackend  # noqa: PLC0415 (optional SDK path)

        url = settings.local_llm_base_url or settings.api_base_url
        if not url:
            return None, "api_format=openai needs api_base_url (or set local_llm_base_url)"
        key = settings.local_llm_api_key or (settings.anthropic_api_key if not settings.local_llm_base_url else "")
        backend = OpenAIBackend(url, key, timeout=timeout)
    else:
        from classifier.llm import anthropic_backend  # noqa: PLC0415

        if not settings.anthropic_api_key:
            return None, "no Anthropic API key (ANTHROPIC_API_KEY is empty; pull requests from forks get no secrets)"
        backend = anthropic_backend.AnthropicBackend(settings.anthropic_api_key, settings.api_base_url, timeout)
        warning = deprecation_note(
            model, anthropic_backend.deprecated_models(), today or date.today(), anthropic_backend.sdk_models()
        )
        if warning:
            notes.append(f"Warning: {warning}.")
    if prices is None and settings.llm_prices:
        prices = parse_price_table(settings.llm_prices)
    stage = LLMStage(
        backend,
        taxonomy,
        model,
        stage_config(settings),
        examples,
        prices=prices,
        sleep=sleep,
        clock=clock,
        notes=notes,
        backlog=run_backlog,
    )
    return stage, ""
