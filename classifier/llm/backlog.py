"""The backlog path: the Message Batches API (half price), polled, and resumable after an interruption.

The batch id and which fingerprints went into which request are written to a checkpoint file right after
the batch is created. A later run that finds the checkpoint polls that batch instead of creating (and
paying for) a new one; the checkpoint is removed once its results are in. Backends without a batch API
fall back to sequential requests.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from classifier.llm.base import BatchAPI, LLMRequest, PermanentLLMError, Reply, TransientLLMError
from classifier.llm.ratelimit import call_with_retries
from classifier.llm.stage import Entry, LLMStage
from classifier.model import Classification, Group

POLL_SECONDS = 30.0
MAX_WAIT_SECONDS = 6 * 3600.0


def read_checkpoint(path: Path) -> dict[str, Any] | None:
    """The saved batch, or None when there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("batch_id"), str):
        return None
    requests = data.get("requests")
    if not isinstance(requests, dict) or not all(isinstance(v, list) for v in requests.values()):
        return None
    return data


def write_checkpoint(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _chunk_for(fingerprints: Sequence[str], by_fp: Mapping[str, Entry]) -> list[Entry]:
    """The entries of one request, with the ids they were sent under (e1.. by position)."""
    out = []
    for index, fp in enumerate(fingerprints, 1):
        entry = by_fp.get(fp)
        if entry is not None:
            out.append(dataclasses.replace(entry, item=dataclasses.replace(entry.item, item_id=f"e{index}")))
    return out


def _submit(
    stage: LLMStage, api: BatchAPI, entries: Sequence[Entry], path: Path
) -> tuple[str, dict[str, list[str]]] | None:
    size = stage.config.batch_size
    layout: dict[str, list[str]] = {}
    requests: dict[str, LLMRequest] = {}
    by_fp = {e.group.fingerprint.value: e for e in entries}
    for n, start in enumerate(range(0, len(entries), size), 1):
        fps = [e.group.fingerprint.value for e in entries[start : start + size]]
        layout[f"r{n}"] = fps
        requests[f"r{n}"] = stage.request(_chunk_for(fps, by_fp))
    try:
        batch_id = call_with_retries(lambda: api.submit_batch(requests), stage.config.retry, stage.sleep, stage.retries)
    except (TransientLLMError, PermanentLLMError) as exc:
        stage.stop_reason = f"could not create the message batch ({exc})"
        return None
    write_checkpoint(
        path,
        {
            "batch_id": batch_id,
            "model": stage.model,
            "prompt_version": stage.prompt_version,
            "taxonomy": f"{stage.taxonomy.name}@{stage.taxonomy.version}",
            "requests": layout,
        },
    )
    return batch_id, layout


def _wait(stage: LLMStage, api: BatchAPI, batch_id: str, poll_seconds: float, max_wait: float) -> str:
    """'' once the batch has ended, else why not (still running, or the API is down)."""
    start = stage.clock()
    while True:
        try:
            status = call_with_retries(
                lambda: api.batch_status(batch_id), stage.config.retry, stage.sleep, stage.retries
            )
        except (TransientLLMError, PermanentLLMError) as exc:
            return f"could not poll message batch {batch_id} ({exc}); the checkpoint is kept for the next run"
        if status.ended:
            return ""
        if stage.clock() - start >= max_wait:
            return f"message batch {batch_id} still processing; the next run collects it (checkpoint kept)"
        stage.sleep(poll_seconds)


def run_backlog(
    stage: LLMStage,
    pending: Sequence[tuple[Group, Classification]],
    path: Path,
    baseline: Mapping[str, Sequence[str]] | None = None,
    poll_seconds: float = POLL_SECONDS,
    max_wait: float = MAX_WAIT_SECONDS,
) -> list[Classification]:
    api = stage.backend.batches
    if api is None:
        stage.extra_notes.append(f"The {stage.backend.name} backend has no batch API: sequential requests instead.")
        return stage.classify(pending, "batch", baseline)
    entries = stage.entries(pending, baseline)
    by_fp = {e.group.fingerprint.value: e for e in entries}
    results: dict[str, Classification] = {}
    saved = read_checkpoint(path)
    if saved is not None and saved.get("model") == stage.model and saved.get("prompt_version") == stage.prompt_version:
        batch_id, layout = str(saved["batch_id"]), {str(k): [str(f) for f in v] for k, v in saved["requests"].items()}
        stage.extra_notes.append(f"Resumed message batch {batch_id} from the checkpoint.")
    else:
        submitted = _submit(stage, api, entries, path) if entries else None
        if submitted is None:
            if entries:
                stage.degrade(entries, stage.stop_reason, results)
            return [results[group.fingerprint.value] for group, _ in pending]
        batch_id, layout = submitted
    why = _wait(stage, api, batch_id, poll_seconds, max_wait)
    if why:
        stage.degrade(entries, why, results)
        return [results[group.fingerprint.value] for group, _ in pending]
    try:
        replies = api.batch_results(batch_id)
    except (TransientLLMError, PermanentLLMError) as exc:
        stage.degrade(entries, f"could not read message batch {batch_id} results ({exc})", results)
        return [results[group.fingerprint.value] for group, _ in pending]
    for custom_id, fps in layout.items():
        chunk = _chunk_for(fps, by_fp)
        reply = replies.get(custom_id)
        if not chunk:
            continue
        if isinstance(reply, Reply):
            usage = stage.ledger.record(stage.model, reply.usage, len(fps), batch=True)
            stage.settle(chunk, reply, usage, results, "batch", None)
        else:  # errored / expired request: one sequential try
            stage.run_chunk(chunk, "batch", results)
    path.unlink(missing_ok=True)
    stage.extra_notes.append(f"Message batch {batch_id}: {len(layout)} request(s) collected.")
    rest = [e for e in entries if e.group.fingerprint.value not in results]
    size = stage.config.batch_size
    for start in range(0, len(rest), size):
        chunk = [
            dataclasses.replace(e, item=dataclasses.replace(e.item, item_id=f"e{i}"))
            for i, e in enumerate(rest[start : start + size], 1)
        ]
        stage.run_chunk(chunk, "batch", results)
    return [results[group.fingerprint.value] for group, _ in pending]
