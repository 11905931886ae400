"""The model-deferral protocol of batch mode: unsettled groups are collected while items are analysed and
sent once, deduplicated by fingerprint, through the model's batch path (Message Batches API) at the end."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from classifier.model import Classification, Group, TokenUsage


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


class Collector:
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
