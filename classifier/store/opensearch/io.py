"""OpenSearch I/O under the store: index set-up and migration, bulk writes with the local spool for what
could not land (replayed by the next run), searches that go offline instead of failing the run."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from classifier.errors import StoreError
from classifier.model import Problem
from classifier.redact import redact as redact_text
from classifier.store import mappings
from classifier.store.opensearch.client import reason as _reason
from classifier.store.opensearch.layout import FieldConflict, IndexLayout
from classifier.store.spool import Spool, SpoolAction

SPOOL_NAME = "opensearch-spool.jsonl"
CHUNK = 500
_RETRYABLE = {429, 500, 502, 503, 504}
_UNAVAILABLE = {401, 403, *_RETRYABLE}  # a write refused as a whole: spool and replay later
_TEXT_FIELDS = (
    "t_error_message",
    "t_normalized_message",
    "t_reasoning",
    "t_evidence",
    "t_summary",
    "t_suggested_fix",
    "t_note",
)


class OpenSearchIO:
    """The client, the index aliases and the spool; `online` turns false once the service is unreachable."""

    def __init__(
        self,
        client: OpenSearch,
        *,
        classification_index: str = "error_classifications",
        occurrence_index: str = "error_occurrences",
        spool_path: str | Path = SPOOL_NAME,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.client = client
        self.configured = mappings.index_aliases(classification_index, occurrence_index)
        self.aliases = dict(self.configured)  # where each index is read and written (see `ensure_indexes`)
        self.conflicts: list[FieldConflict] = []
        self.spool = Spool(spool_path)
        self.redact = redact or redact_text
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.online = True
        self.spooled = 0
        self._samples: dict[str, dict[str, Any]] = {}
        self._recent: dict[str, list[str]] = {}  # fingerprint -> occurrence ids written by this process

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Ensure indexes, then replay the spool; when unreachable, note it and spool every write."""
        try:
            self.ensure_indexes()
        except OSConnectionError as exc:
            self._go_offline(f"OpenSearch unreachable ({_reason(exc)})")
            return
        except TransportError as exc:
            if exc.status_code not in _UNAVAILABLE:
                raise StoreError(f"OpenSearch refused to set up the indexes: {_reason(exc)}") from exc
            self._go_offline(f"OpenSearch unavailable ({_reason(exc)})")
            return
        replayed: dict[str, list[str]] = {}  # fingerprint -> occurrence ids that landed unlabelled

        def send(spooled: Sequence[SpoolAction]) -> list[SpoolAction]:
            actions = [self.route(action) for action in spooled]
            failed = self._send(actions)
            kept = {action.id for action in failed}
            for action in actions:
                unlabelled = action.index == self.aliases["occurrences"] and "s_primary_category" not in action.doc
                if unlabelled and action.id not in kept:
                    replayed.setdefault(str(action.doc.get("s_fingerprint", "")), []).append(action.id)
            return failed

        result = self.spool.replay(send)
        self._label_replayed(replayed)
        self.problems.extend(result.problems)
        if result.sent or result.still_pending or result.rejected:
            self.notes.append(
                f"OpenSearch: replayed {result.sent} spooled write(s) from {self.spool.path}"
                + (f"; {result.still_pending} still pending" if result.still_pending else "")
                + (
                    f"; {result.rejected} refused for good, moved to {self.spool.rejected_path}"
                    if result.rejected
                    else ""
                )
            )

    def ensure_indexes(self) -> None:
        """Templates, versioned indexes and aliases; a mapping conflict moves to a versioned index (`layout`)."""
        layout = IndexLayout(self.client, self.configured, scan=self._scan, send=self._send)
        self.aliases = layout.ensure()
        self.conflicts = layout.conflicts
        self.notes.extend(layout.notes)

    def route(self, action: SpoolAction) -> SpoolAction:
        """A spooled write addressed to a configured alias goes where that index is written now."""
        for kind, name in self.configured.items():
            if action.index == name and self.aliases[kind] != name:
                return dataclasses.replace(action, index=self.aliases[kind])
        return action

    def close(self) -> None:
        if self.spooled:
            self.notes.append(
                f"OpenSearch: {self.spooled} write(s) kept in {self.spool.path}; the next run replays them"
            )
        self.client.close()

    def _go_offline(self, why: str) -> None:
        if self.online:
            self.online = False
            self.notes.append(f"{why}: results are spooled to {self.spool.path} and replayed next run")

    # --- writing ---------------------------------------------------------------------------------

    def _send(self, actions: Sequence[SpoolAction]) -> list[SpoolAction]:
        """Bulk-index; return the actions that did not land (per-item errors are problems)."""
        if not actions:
            return []
        if not self.online:
            return list(actions)
        body: list[dict[str, Any]] = []
        for action in actions:
            meta: dict[str, Any] = {"_index": action.index, "_id": action.id}
            if action.version is not None:
                meta.update(version=action.version, version_type="external")
            body.extend(({action.op: meta}, action.doc))
        try:
            response = self.client.bulk(body=body)
        except (OSConnectionError, TransportError) as exc:
            self._go_offline(f"OpenSearch write failed ({_reason(exc)})")
            return list(actions)
        failed: list[SpoolAction] = []
        for action, item in zip(actions, response.get("items", []), strict=False):
            result = item.get(action.op, {})
            status = int(result.get("status", 500))
            if status < 300 or (status == 409 and (action.version is not None or action.op == "create")):
                continue  # 409: a newer label, or this very occurrence, is already there
            if status in _RETRYABLE:
                failed.append(action)
                continue
            failed.append(dataclasses.replace(action, attempts=action.attempts + 1))  # refused for good
            error = result.get("error", {})
            reason = error.get("reason", "") if isinstance(error, dict) else str(error)
            self.problems.append(
                Problem(action.index, f"document {action.id} rejected ({status}): {reason}", kind="store")
            )
        return failed

    def write_documents(self, actions: Sequence[SpoolAction]) -> int:
        """Bulk-index in chunks; rejected items are problems and, like failed ones, spooled. Returns landed."""
        landed = 0
        for start in range(0, len(actions), CHUNK):
            chunk = actions[start : start + CHUNK]
            failed = self._send(chunk)
            landed += len(chunk) - len(failed)
            self.spooled += self.spool.append(failed)
        return landed

    def _clean(self, doc: dict[str, Any]) -> dict[str, Any]:
        for key in _TEXT_FIELDS:
            if isinstance(doc.get(key), str):
                doc[key] = self.redact(doc[key])
        return doc

    def _label_replayed(self, replayed: Mapping[str, list[str]]) -> None:
        """Occurrences spooled while offline missed their label: copy the current one now."""
        if not replayed:
            return
        labels: dict[str, tuple[str, str]] = {}
        body = {"size": 10000, "query": {"terms": {"s_fingerprint": sorted(replayed)}}, "sort": [{"l_saved_ns": "asc"}]}
        for hit in self._search(self.aliases["classifications"], body).get("hits", {}).get("hits", []):
            source = hit["_source"]  # newest last, so it wins
            labels[str(source.get("s_fingerprint"))] = (
                str(source.get("s_primary_category", "")),
                str(source.get("s_domain", "")),
            )
        self._label_occurrences(replayed, labels)

    def _label_occurrences(self, ids: Mapping[str, Sequence[str]], labels: Mapping[str, tuple[str, str]]) -> None:
        ops: list[dict[str, Any]] = []
        for value, (category, domain) in labels.items():
            fields = {"s_primary_category": category, "s_domain": domain}
            for ident in ids.get(value, ()):
                ops.extend(({"update": {"_index": self.aliases["occurrences"], "_id": ident}}, {"doc": fields}))
        for start in range(0, len(ops), 2 * CHUNK):
            if not self.online:
                return
            try:
                self.client.bulk(body=ops[start : start + 2 * CHUNK])
            except (OSConnectionError, TransportError) as exc:
                self._go_offline(f"OpenSearch write failed ({_reason(exc)})")

    # --- reading helpers -------------------------------------------------------------------------

    def _search(self, index: str, body: Mapping[str, Any]) -> dict[str, Any]:
        if not self.online:
            return {}
        try:
            return dict(self.client.search(index=index, body=dict(body)))
        except NotFoundError:
            return {}
        except (OSConnectionError, TransportError) as exc:
            if isinstance(exc, OSConnectionError):
                self._go_offline(f"OpenSearch unreachable ({_reason(exc)})")
                return {}
            raise StoreError(f"OpenSearch search on {index} failed: {_reason(exc)}") from exc

    def _scan(self, index: str, query: Mapping[str, Any], page: int = 1000) -> Iterator[dict[str, Any]]:
        """Every hit of a query, paged with search_after on the document id."""
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"size": page, "query": dict(query), "sort": [{"_id": "asc"}]}
            if after is not None:
                body["search_after"] = after
            hits = self._search(index, body).get("hits", {}).get("hits", [])
            yield from hits
            if len(hits) < page:
                return
            after = hits[-1]["sort"]

    def _refresh(self, index: str) -> None:
        try:  # a real cluster shows documents only after a refresh; osmem shows them at once
            self.client.indices.refresh(index=index)
        except (OSConnectionError, TransportError) as exc:
            self._go_offline(f"OpenSearch refresh failed ({_reason(exc)})")
