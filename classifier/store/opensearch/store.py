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
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError

from classifier.model import Classification, ErrorRecord, FingerprintStats, Occurrence, Problem, RunContext
from classifier.store import mappings
from classifier.store.base import CacheQuery, Correction, occurrence_id
from classifier.store.opensearch.client import OpenSearchConfig, build_client
from classifier.store.opensearch.client import reason as _reason
from classifier.store.opensearch.io import CHUNK, SPOOL_NAME, OpenSearchIO
from classifier.store.spool import SpoolAction


class OpenSearchStore(OpenSearchIO):
    """`LabelStore` on OpenSearch, with a local spool for writes that could not land."""

    labels_per_occurrence = True  # the dashboards count categories over time

    @classmethod
    def from_config(cls, config: OpenSearchConfig) -> OpenSearchStore:
        """Connect, create or migrate the indexes, and replay what an earlier run spooled."""
        store = cls(
            build_client(config),
            classification_index=config.classification_index,
            occurrence_index=config.occurrence_index,
            spool_path=Path(config.spool_dir) / SPOOL_NAME,
        )
        store.start()
        return store

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
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
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
        for start in range(0, len(values), CHUNK):
            chunk = list(values[start : start + CHUNK])
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


def label_id(label: Classification) -> str:
    """Id of the current-label document: one per fingerprint, taxonomy and taxonomy version."""
    return f"{label.taxonomy}-{label.taxonomy_version}-{label.fingerprint}"


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
