"""OpenSearch store: the one module that imports opensearch-py. Implements `store.base.Store`.

Layout (see `mappings`): a classifications alias (one document per fingerprint, taxonomy and taxonomy
version), an append-only label history, an occurrences alias (one document per occurrence, id from
`base.occurrence_id`) and corrections. Counts are derived from the occurrences index with an
aggregation, so re-runs never double count and concurrent writers stay right; the count copied into
a classification document is a snapshot refreshed with optimistic concurrency (`if_seq_no`).
Current labels are written with an external version (`l_saved_ns`), so a late replay never overwrites a
newer label. Writes that fail (server down, rejected items) go to a local JSONL spool that the next run
replays; `notes` and `problems` say so. Every document is redacted before it leaves.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from classifier.errors import ConfigError, StoreError
from classifier.model import (
    Classification,
    ErrorRecord,
    FingerprintStats,
    Occurrence,
    Problem,
    RunContext,
)
from classifier.redact import redact as redact_text
from classifier.settings import Settings
from classifier.store import mappings
from classifier.store.base import CacheQuery, Correction, occurrence_id
from classifier.store.spool import Spool, SpoolAction

SPOOL_NAME = "opensearch-spool.jsonl"
_CHUNK = 500
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


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def build_client(settings: Settings) -> OpenSearch:
    """An opensearch-py client from settings (basic auth, TLS options, or AWS SigV4)."""
    url = settings.opensearch_url
    kwargs: dict[str, Any] = {
        "hosts": [url],
        "timeout": 30,
        "max_retries": 2,
        "retry_on_timeout": True,
        "verify_certs": settings.opensearch_verify_certs,
        "ssl_show_warn": settings.opensearch_verify_certs,
    }
    if settings.opensearch_ca_certs:
        kwargs["ca_certs"] = settings.opensearch_ca_certs
    if settings.opensearch_aws_region:
        try:
            boto3 = importlib.import_module("boto3")
        except ImportError:
            raise ConfigError("opensearch_aws_region needs boto3: install the 'aws' extra") from None
        from opensearchpy import AWSV4SignerAuth, RequestsHttpConnection  # noqa: PLC0415

        credentials = boto3.Session().get_credentials()
        if credentials is None:
            raise ConfigError("opensearch_aws_region is set but no AWS credentials were found")
        kwargs["http_auth"] = AWSV4SignerAuth(credentials, settings.opensearch_aws_region, "es")
        kwargs["connection_class"] = RequestsHttpConnection
    elif settings.opensearch_username:
        kwargs["http_auth"] = (settings.opensearch_username, settings.opensearch_password)
    return OpenSearch(**kwargs)


class OpenSearchStore:
    """`Store` on OpenSearch, with a local spool for writes that could not land."""

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
        self.aliases = mappings.index_aliases(classification_index, occurrence_index)
        self.spool = Spool(spool_path)
        self.redact = redact or redact_text
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.online = True
        self.spooled = 0
        self._samples: dict[str, dict[str, Any]] = {}
        self._recent: dict[str, list[str]] = {}  # fingerprint -> occurrence ids written by this process

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenSearchStore:
        """Connect, create or migrate the indexes, and replay what an earlier run spooled."""
        store = cls(
            build_client(settings),
            classification_index=settings.error_classification_index,
            occurrence_index=settings.occurrence_index,
            spool_path=Path(settings.output_dir) / SPOOL_NAME,
        )
        store.start()
        return store

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

        def send(actions: Sequence[SpoolAction]) -> list[SpoolAction]:
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
        if result.sent or result.still_pending:
            self.notes.append(
                f"OpenSearch: replayed {result.sent} spooled write(s) from {self.spool.path}"
                + (f"; {result.still_pending} still pending" if result.still_pending else "")
            )

    def ensure_indexes(self) -> None:
        """Create missing indexes and templates; move an alias to a new versioned index on a mapping change."""
        for kind, alias in self.aliases.items():
            self.client.indices.put_index_template(name=f"{alias}-template", body=mappings.template_body(alias, kind))
            target = mappings.versioned_name(alias, kind)
            if self.client.indices.exists_alias(name=alias):
                current = list(self.client.indices.get_alias(name=alias))
                if current != [target]:
                    self._migrate(kind, alias, current, target)
            elif self.client.indices.exists(index=alias):
                self.notes.append(f"OpenSearch: {alias} is a plain index (no alias); used as it is")
            else:
                self._create(target, mappings.index_body(alias, kind))

    def _migrate(self, kind: mappings.IndexKind, alias: str, old: list[str], target: str) -> None:
        if not self.client.indices.exists(index=target):
            body = mappings.index_body(alias, kind)
            body.pop("aliases")
            self._create(target, body)
        copied = 0
        for name in old:
            if name == target:
                continue
            batch: list[SpoolAction] = []
            for hit in self._scan(name, {"match_all": {}}):
                doc = {k: v for k, v in hit["_source"].items() if k in mappings.FIELDS[kind]}
                batch.append(SpoolAction(target, hit["_id"], doc))
                if len(batch) >= _CHUNK:
                    copied += len(batch) - len(self._send(batch))
                    batch = []
            copied += len(batch) - len(self._send(batch))
        actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": target, "alias": alias, "is_write_index": True}})
        self.client.indices.update_aliases(body={"actions": actions})
        self.notes.append(f"OpenSearch: moved {alias} from {', '.join(old)} to {target} ({copied} documents)")

    def _create(self, index: str, body: dict[str, Any]) -> None:
        try:
            self.client.indices.create(index=index, body=body)
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":  # another writer was first: fine
                raise

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
            failed.append(action)
            if status not in _RETRYABLE:
                error = result.get("error", {})
                reason = error.get("reason", "") if isinstance(error, dict) else str(error)
                self.problems.append(
                    Problem(action.index, f"document {action.id} rejected ({status}): {reason}", kind="store")
                )
        return failed

    def write_documents(self, actions: Sequence[SpoolAction]) -> int:
        """Bulk-index in chunks; rejected items are problems and, like failed ones, spooled. Returns landed."""
        landed = 0
        for start in range(0, len(actions), _CHUNK):
            chunk = actions[start : start + _CHUNK]
            failed = self._send(chunk)
            landed += len(chunk) - len(failed)
            self.spooled += self.spool.append(failed)
        return landed

    def _clean(self, doc: dict[str, Any]) -> dict[str, Any]:
        for key in _TEXT_FIELDS:
            if isinstance(doc.get(key), str):
                doc[key] = self.redact(doc[key])
        return doc

    # --- occurrences and stats -------------------------------------------------------------------

    def record_occurrences(
        self,
        run: RunContext,
        occurrences: Sequence[Occurrence],
        seen_at: str,
        labels: Mapping[str, Classification] | None = None,
    ) -> dict[str, FingerprintStats]:
        alias = self.aliases["occurrences"]
        actions: list[SpoolAction] = []
        run_fields = dataclasses.asdict(run)
        for occ in occurrences:
            doc = mappings.occurrence_doc(
                fingerprint=occ.fingerprint.value,
                fingerprint_version=occ.fingerprint.version,
                run=run_fields,
                record=mappings.record_fields(occ),
                normalized=occ.normalized.text,
                seen_at=seen_at,
            )
            label = (labels or {}).get(occ.fingerprint.value)
            if label is not None:  # known fingerprints too: the dashboards count categories over time
                doc.update({"s_primary_category": label.category, "s_domain": label.domain.value})
            doc = self._clean(doc)
            actions.append(SpoolAction(alias, occurrence_id(run, occ), doc, op="create"))
            self._samples.setdefault(occ.fingerprint.value, doc)
        values = sorted({occ.fingerprint.value for occ in occurrences})
        known = self._known(values)
        for action in actions:
            action.doc["b_new_fingerprint"] = action.doc["s_fingerprint"] not in known
            self._recent.setdefault(action.doc["s_fingerprint"], []).append(action.id)
        self.write_documents(actions)
        stats = self._stats(values, known) if self.online else {}
        for value in values:  # offline, or not yet visible: what this call itself knows
            if value not in stats:
                stats[value] = _local_stats(value, actions, is_new=value not in known and self.online)
        self._refresh_label_counts(stats)
        return stats

    def _known(self, values: list[str]) -> set[str]:
        """Fingerprints that already have stored occurrences (so: not new)."""
        known: set[str] = set()
        if not self.online or not values:
            return known
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            query = {"terms": {"s_fingerprint": chunk}}
            aggs = {"fp": {"terms": {"field": "s_fingerprint", "size": len(chunk)}}}
            response = self._search(self.aliases["occurrences"], {"size": 0, "query": query, "aggs": aggs})
            known.update(str(b["key"]) for b in _buckets(response, "fp"))
        return known

    def _stats(self, values: Sequence[str], known: set[str]) -> dict[str, FingerprintStats]:
        stats: dict[str, FingerprintStats] = {}
        if not self.online:
            return stats
        self._refresh(self.aliases["occurrences"])
        for start in range(0, len(values), _CHUNK):
            chunk = list(values[start : start + _CHUNK])
            body = {
                "size": 0,
                "query": {"terms": {"s_fingerprint": chunk}},
                "aggs": {
                    "fp": {
                        "terms": {"field": "s_fingerprint", "size": len(chunk)},
                        "aggs": {"first": {"min": {"field": "@timestamp"}}, "last": {"max": {"field": "@timestamp"}}},
                    }
                },
            }
            for bucket in _buckets(self._search(self.aliases["occurrences"], body), "fp"):
                value = str(bucket["key"])
                stats[value] = FingerprintStats(
                    value,
                    int(bucket["doc_count"]),
                    _agg_time(bucket.get("first", {})),
                    _agg_time(bucket.get("last", {})),
                    is_new=value not in known,
                )
        return stats

    def fingerprint_stats(self, value: str) -> FingerprintStats | None:
        return self._stats([value], {value}).get(value)

    def _refresh_label_counts(self, stats: Mapping[str, FingerprintStats]) -> None:
        """Copy derived counts into existing classification documents (optimistic concurrency)."""
        if not self.online or not stats:
            return
        alias = self.aliases["classifications"]
        for attempt in range(3):
            body = {"size": 1000, "seq_no_primary_term": True, "query": {"terms": {"s_fingerprint": sorted(stats)}}}
            hits = self._search(alias, body).get("hits", {}).get("hits", [])
            if not hits:
                return
            ops: list[dict[str, Any]] = []
            for hit in hits:
                item = stats[hit["_source"]["s_fingerprint"]]
                meta = {
                    "_index": hit["_index"],
                    "_id": hit["_id"],
                    "if_seq_no": hit["_seq_no"],
                    "if_primary_term": hit["_primary_term"],
                }
                ops.extend(({"update": meta}, {"doc": mappings.count_fields(item)}))
            try:
                response = self.client.bulk(body=ops)
            except (OSConnectionError, TransportError):
                return  # a snapshot only; the aggregation stays the truth
            conflicts = [i for i in response.get("items", []) if i.get("update", {}).get("status") == 409]
            if not conflicts or attempt == 2:
                return

    # --- classifications -------------------------------------------------------------------------

    def save_classifications(self, classifications: Sequence[Classification]) -> None:
        if not classifications:
            return
        values = sorted({c.fingerprint for c in classifications})
        stats = self._stats(values, set(values)) if self.online else {}
        actions: list[SpoolAction] = []
        for label in classifications:
            saved_ns = time.time_ns()
            doc_id = label_id(label)
            base = mappings.label_doc(mappings.label_mapping(label), dataclasses.asdict(label.usage), saved_ns)
            history = self._clean({**base, "s_label_id": doc_id})
            actions.append(SpoolAction(self.aliases["history"], f"{doc_id}-{saved_ns}", history))
            current = dict(base)
            if label.fingerprint in stats:
                current.update(mappings.count_fields(stats[label.fingerprint]))
            current.update(mappings.sample_links(self._samples.get(label.fingerprint, {})))
            actions.append(SpoolAction(self.aliases["classifications"], doc_id, self._clean(current), saved_ns))
        self.write_documents(actions)
        self._label_recent_occurrences(classifications)

    def _label_recent_occurrences(self, classifications: Sequence[Classification]) -> None:
        """Copy the label onto this process's occurrences (for dashboards: categories over time)."""
        labels = {label.fingerprint: (label.category, label.domain.value) for label in classifications}
        self._label_occurrences(self._recent, labels)

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
        for start in range(0, len(ops), 2 * _CHUNK):
            if not self.online:
                return
            try:
                self.client.bulk(body=ops[start : start + 2 * _CHUNK])
            except (OSConnectionError, TransportError) as exc:
                self._go_offline(f"OpenSearch write failed ({_reason(exc)})")

    def cached_classification(self, query: CacheQuery) -> Classification | None:
        found = self.current_classification(query.fingerprint, query.taxonomy)
        return found if found is not None and query.accepts(found) else None

    def current_labels(self, fingerprints: Sequence[str], taxonomy: str) -> dict[str, Classification]:
        """The newest label per fingerprint, one search per 1000 fingerprints."""
        found: dict[str, tuple[int, Classification]] = {}
        values = list(dict.fromkeys(fingerprints))
        for start in range(0, len(values), 1000):
            terms = [{"terms": {"s_fingerprint": values[start : start + 1000]}}, {"term": {"s_taxonomy": taxonomy}}]
            for hit in self._scan(self.aliases["classifications"], {"bool": {"filter": terms}}):
                source = hit["_source"]
                saved, value = int(source.get("l_saved_ns") or 0), str(source.get("s_fingerprint", ""))
                if value not in found or found[value][0] < saved:
                    found[value] = (saved, mappings.label_from_doc(source))
        return {value: label for value, (_saved, label) in found.items()}

    def current_classification(self, fingerprint: str, taxonomy: str) -> Classification | None:
        body = {"size": 1, "query": _label_query(fingerprint, taxonomy), "sort": [{"l_saved_ns": "desc"}]}
        hits = self._search(self.aliases["classifications"], body).get("hits", {}).get("hits", [])
        return mappings.label_from_doc(hits[0]["_source"]) if hits else None

    def classification_history(self, fingerprint: str, taxonomy: str) -> list[Classification]:
        """Every label saved for the fingerprint, newest first (the current one included)."""
        body = {"size": 10000, "query": _label_query(fingerprint, taxonomy), "sort": [{"l_saved_ns": "desc"}]}
        hits = self._search(self.aliases["history"], body).get("hits", {}).get("hits", [])
        return [mappings.label_from_doc(hit["_source"]) for hit in hits]

    def current_classifications(self, taxonomy: str) -> list[Classification]:
        """The newest label per fingerprint under a taxonomy."""
        newest: dict[str, tuple[int, Classification]] = {}
        query = {"term": {"s_taxonomy": taxonomy}}
        for hit in self._scan(self.aliases["classifications"], query):
            source = hit["_source"]
            saved = int(source.get("l_saved_ns") or 0)
            value = str(source.get("s_fingerprint", ""))
            if value not in newest or newest[value][0] < saved:
                newest[value] = (saved, mappings.label_from_doc(source))
        return [label for _saved, label in sorted(newest.values(), key=lambda item: item[0])]

    def sample_record(self, fingerprint: str) -> ErrorRecord | None:
        """The first stored occurrence's evidence (kind, framework, tool hint, message)."""
        if fingerprint in self._samples:
            return mappings.record_from_doc(self._samples[fingerprint])
        body = {"size": 1, "query": {"term": {"s_fingerprint": fingerprint}}, "sort": [{"@timestamp": "asc"}]}
        hits = self._search(self.aliases["occurrences"], body).get("hits", {}).get("hits", [])
        return mappings.record_from_doc(hits[0]["_source"]) if hits else None

    # --- corrections -----------------------------------------------------------------------------

    def add_corrections(self, corrections: Sequence[Correction]) -> None:
        alias = self.aliases["corrections"]
        actions = []
        for item in corrections:
            doc = {
                "@timestamp": item.corrected_at,
                "s_fingerprint": item.fingerprint,
                "s_taxonomy": item.taxonomy,
                "s_primary_category": item.category,
                "s_user": item.user,
                "ts_corrected_at": item.corrected_at,
                "t_note": item.note,
                "t_error_message": item.message,
            }
            ident = hashlib.sha256("\x1f".join(dataclasses.astuple(item)).encode()).hexdigest()[:32]
            actions.append(SpoolAction(alias, ident, self._clean({k: v for k, v in doc.items() if v})))
        self.write_documents(actions)

    def corrections(self, taxonomy: str) -> list[Correction]:
        hits = sorted(
            self._scan(self.aliases["corrections"], {"term": {"s_taxonomy": taxonomy}}),
            key=lambda hit: str(hit["_source"].get("ts_corrected_at", "")),
        )
        return [
            Correction(
                fingerprint=str(s.get("s_fingerprint", "")),
                taxonomy=str(s.get("s_taxonomy", "")),
                category=str(s.get("s_primary_category", "")),
                user=str(s.get("s_user", "")),
                corrected_at=str(s.get("ts_corrected_at", "")),
                note=str(s.get("t_note", "")),
                message=str(s.get("t_error_message", "")),
            )
            for s in (hit["_source"] for hit in hits)
        ]

    # --- other indexes (batch mode: the seed's jobs / steps / tests indexes) ----------------------

    def unlabelled_failures(
        self,
        index: str,
        *,
        since: str,
        label_field: str = "s_error_type",
        status_field: str = "s_status",
        failed_values: Sequence[str] = ("failure", "failed", "error"),
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, source) of failed documents in `index` since `since` that carry no label yet."""
        query = {
            "bool": {
                "filter": [{"terms": {status_field: list(failed_values)}}, {"range": {"@timestamp": {"gte": since}}}],
                "must_not": [{"exists": {"field": label_field}}],
            }
        }
        for hit in self._scan(index, query):
            yield str(hit["_id"]), dict(hit["_source"])

    def label_documents(self, index: str, labels: Mapping[str, Mapping[str, Any]]) -> int:
        """Partial updates of other indexes' documents (seed: s_error_type, s_error_summary, ...)."""
        ops: list[dict[str, Any]] = []
        for ident, fields in labels.items():
            ops.extend(({"update": {"_index": index, "_id": ident}}, {"doc": dict(fields)}))
        if not ops or not self.online:
            return 0
        try:
            response = self.client.bulk(body=ops)
        except (OSConnectionError, TransportError) as exc:
            self.problems.append(Problem(index, f"labelling failed: {_reason(exc)}", kind="store"))
            return 0
        return sum(1 for item in response.get("items", []) if int(item["update"].get("status", 500)) < 300)

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


def label_id(label: Classification) -> str:
    """Id of the current-label document: one per fingerprint, taxonomy and taxonomy version."""
    return f"{label.taxonomy}-{label.taxonomy_version}-{label.fingerprint}"


def _reason(exc: Exception) -> str:
    if isinstance(exc, TransportError):
        return f"{exc.status_code} {exc.error}"
    return type(exc).__name__


def _label_query(fingerprint: str, taxonomy: str) -> dict[str, Any]:
    return {"bool": {"filter": [{"term": {"s_fingerprint": fingerprint}}, {"term": {"s_taxonomy": taxonomy}}]}}


def _buckets(response: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    return list(response.get("aggregations", {}).get(name, {}).get("buckets", []))


def _agg_time(agg: Mapping[str, Any]) -> str:
    text = agg.get("value_as_string")
    if isinstance(text, str):
        return text
    value = agg.get("value")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, tz=UTC).isoformat()
    return ""


def _local_stats(value: str, actions: Sequence[SpoolAction], is_new: bool) -> FingerprintStats:
    times = sorted(str(a.doc.get("@timestamp", "")) for a in actions if a.doc.get("s_fingerprint") == value)
    return FingerprintStats(value, len(times), times[0] if times else "", times[-1] if times else "", is_new)
