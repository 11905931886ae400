"""The saved objects as code: index patterns over the store's aliases, visualisations, one dashboard.

`saved_objects(...)` builds them for the configured index names; `to_ndjson` renders the import file.
The shipped `ci-classify.ndjson` is this output for the default names (`python -m
classifier.dashboards.objects > classifier/dashboards/ci-classify.ndjson` regenerates it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from classifier.store.mappings import IndexKind, index_aliases

PREFIX = "ci-classify"


@dataclass(frozen=True, slots=True)
class Vis:
    """One visualisation: a chart type, the index it reads, a metric and bucket aggregations."""

    id: str
    title: str
    kind: IndexKind
    chart: str  # line | histogram | table | pie
    metric: tuple[str, str]  # (aggregation type, field); ("count", "") counts documents
    buckets: tuple[tuple[str, str, str], ...]  # (schema, aggregation type, field)


VISUALISATIONS: tuple[Vis, ...] = (
    Vis(
        "categories-over-time",
        "Failures by category over time",
        "occurrences",
        "histogram",
        ("count", ""),
        (("segment", "date_histogram", "@timestamp"), ("group", "terms", "s_primary_category")),
    ),
    Vis(
        "top-fingerprints",
        "Top fingerprints",
        "occurrences",
        "table",
        ("count", ""),
        (("bucket", "terms", "s_fingerprint"), ("bucket", "terms", "s_primary_category")),
    ),
    Vis(
        "new-vs-recurring",
        "New vs recurring failures",
        "occurrences",
        "histogram",
        ("count", ""),
        (("segment", "date_histogram", "@timestamp"), ("group", "terms", "b_new_fingerprint")),
    ),
    Vis(
        "by-workflow",
        "Failures by workflow",
        "occurrences",
        "table",
        ("count", ""),
        (("bucket", "terms", "s_repository"), ("bucket", "terms", "s_workflow")),
    ),
    Vis(
        "by-job",
        "Failures by job",
        "occurrences",
        "table",
        ("count", ""),
        (("bucket", "terms", "s_job_name"), ("bucket", "terms", "s_primary_category")),
    ),
    Vis(
        "by-framework",
        "Failures by framework",
        "occurrences",
        "pie",
        ("count", ""),
        (("segment", "terms", "s_framework"),),
    ),
    Vis(
        "categories",
        "Classified fingerprints by category",
        "classifications",
        "pie",
        ("sum", "l_occurrence_count"),
        (("segment", "terms", "s_primary_category"),),
    ),
    Vis(
        "model-cost",
        "Model cost over time (USD)",
        "history",
        "line",
        ("sum", "f_cost_usd"),
        (("segment", "date_histogram", "@timestamp"), ("group", "terms", "s_model")),
    ),
    Vis(
        "model-tokens",
        "Model tokens over time (prompt, cached)",
        "history",
        "line",
        ("sum", "l_prompt_tokens"),
        (("segment", "date_histogram", "@timestamp"),),
    ),
)


def _pattern_id(kind: IndexKind) -> str:
    return f"{PREFIX}-{kind}"


def _agg(number: int, schema: str, kind: str, field: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if kind == "terms":
        params = {"field": field, "size": 20, "order": "desc", "orderBy": "1"}
    elif kind == "date_histogram":
        params = {"field": field, "interval": "auto", "min_doc_count": 1, "extended_bounds": {}}
    elif field:
        params = {"field": field}
    return {"id": str(number), "enabled": True, "type": kind, "schema": schema, "params": params}


def _vis_state(vis: Vis) -> dict[str, Any]:
    aggs = [_agg(1, "metric", vis.metric[0], vis.metric[1])]
    aggs += [_agg(n, schema, kind, field) for n, (schema, kind, field) in enumerate(vis.buckets, 2)]
    params: dict[str, Any] = {"type": vis.chart, "addTooltip": True, "addLegend": True}
    if vis.chart == "table":
        params.update(perPage=20, showTotal=True)
    return {"title": vis.title, "type": vis.chart, "params": params, "aggs": aggs}


def _search_source(ref: str = "kibanaSavedObjectMeta.searchSourceJSON.index") -> str:
    return json.dumps({"indexRefName": ref, "query": {"query": "", "language": "kuery"}, "filter": []})


def saved_objects(aliases: Mapping[IndexKind, str]) -> list[dict[str, Any]]:
    """Index patterns, visualisations and the dashboard, for these index aliases."""
    objects: list[dict[str, Any]] = []
    for kind in ("occurrences", "classifications", "history"):
        objects.append(
            {
                "type": "index-pattern",
                "id": _pattern_id(kind),
                "attributes": {"title": aliases[kind], "timeFieldName": "@timestamp"},
                "references": [],
            }
        )
    panels: list[dict[str, Any]] = []
    references: list[dict[str, str]] = []
    for number, vis in enumerate(VISUALISATIONS):
        vis_id = f"{PREFIX}-{vis.id}"
        objects.append(
            {
                "type": "visualization",
                "id": vis_id,
                "attributes": {
                    "title": vis.title,
                    "visState": json.dumps(_vis_state(vis)),
                    "uiStateJSON": "{}",
                    "description": "",
                    "version": 1,
                    "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source()},
                },
                "references": [
                    {
                        "name": "kibanaSavedObjectMeta.searchSourceJSON.index",
                        "type": "index-pattern",
                        "id": _pattern_id(vis.kind),
                    }
                ],
            }
        )
        panels.append(
            {
                "panelIndex": str(number + 1),
                "panelRefName": f"panel_{number}",
                "embeddableConfig": {},
                "gridData": {"x": 24 * (number % 2), "y": 15 * (number // 2), "w": 24, "h": 15, "i": str(number + 1)},
                "version": "2.11.0",
            }
        )
        references.append({"name": f"panel_{number}", "type": "visualization", "id": vis_id})
    objects.append(
        {
            "type": "dashboard",
            "id": f"{PREFIX}-overview",
            "attributes": {
                "title": "CI failures (ci-classify)",
                "description": "Categories, recurring failures, model cost.",
                "panelsJSON": json.dumps(panels),
                "optionsJSON": json.dumps({"useMargins": True}),
                "timeRestore": True,
                "timeFrom": "now-30d",
                "timeTo": "now",
                "version": 1,
                "kibanaSavedObjectMeta": {
                    "searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})
                },
            },
            "references": references,
        }
    )
    return objects


def to_ndjson(objects: Sequence[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(obj, sort_keys=True) + "\n" for obj in objects)


DEFAULT_ALIASES: Mapping[IndexKind, str] = index_aliases("error_classifications", "error_occurrences")


if __name__ == "__main__":
    sys.stdout.write(to_ndjson(saved_objects(DEFAULT_ALIASES)))
