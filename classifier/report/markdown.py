"""The Markdown report: the job-summary body (GITHUB_STEP_SUMMARY), always under the 1 MiB step limit.

Sections: headline, primary cause per failed input, one table per category, problems, footer (how the
classification was made, what was skipped and why). When the budget runs out, rows are dropped from the
end and a line says how many are only in the JSON report.
"""

from __future__ import annotations

from collections import defaultdict

from classifier.model import Analysis, ClassifiedBy, GroupResult, InputResult
from classifier.report.stats import Stats, compute_stats

SUMMARY_LIMIT_BYTES = 1_000_000  # GitHub's limit is 1 MiB per step; keep a margin
MAX_CELL = 160


def cell(text: str, limit: int = MAX_CELL) -> str:
    """One table cell: single line, pipes escaped, bounded, code-safe."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.replace("|", "\\|").replace("`", "'")


def _when(value: str) -> str:
    return value[:16].replace("T", " ") if value else "—"


def headline(analysis: Analysis, stats: Stats) -> str:
    if stats.unique_fingerprints == 0:
        return "No errors were found in the analysed material."
    jobs = sum(1 for item in analysis.inputs if item.primary is not None)
    return (
        f"{stats.errors} error(s), {stats.unique_fingerprints} unique, {stats.new_fingerprints} new, "
        f"in {jobs} failed input(s); {stats.classified} classified, {stats.unclassified} unclassified."
    )


def primary_sentence(item: InputResult, analysis: Analysis) -> str:
    if item.primary is None:
        return f"`{cell(item.job or item.path, 80)}`: no error found"
    rec = item.primary.record
    label = analysis.classification_for(item.primary.fingerprint.value)
    category = label.category if label else "unknown"
    domain = label.domain.value if label else "unknown"
    where = f"{rec.source}:{rec.line_start}" if rec.line_start else rec.source
    link = f" ([log]({item.url}))" if item.url else ""
    summary = f" {cell(label.summary)}" if label and label.summary else ""
    return (
        f"**{cell(item.job or item.path, 80)}**: `{category}` ({domain}) — `{cell(rec.message, 200)}` "
        f"at `{cell(where, 100)}`{link}.{summary}"
    )


def _row(result: GroupResult, urls: dict[str, str]) -> str:
    group = result.group
    rec = group.representative
    stats = result.stats
    status = "🆕 new" if stats is not None and stats.is_new else "recurring"
    total = stats.occurrence_count if stats else group.count
    first = stats.first_seen if stats else group.first_seen
    last = stats.last_seen if stats else group.last_seen
    where = f"{rec.source}:{rec.line_start}" if rec.line_start else rec.source
    if rec.location is not None:
        where = f"{rec.location.file}:{rec.location.line or ''}".rstrip(":")
    url = urls.get(rec.source, "")
    where_cell = f"[{cell(where, 80)}]({url})" if url else f"`{cell(where, 80)}`"
    label = result.classification
    how = label.classified_by.value if label.is_classified else "—"
    return (
        f"| `{cell(rec.message)}` | {group.count} ({total} total) | {_when(first)} | {_when(last)} | {status} "
        f"| {where_cell} | {how} {label.confidence:.2f} | `{group.fingerprint.value}` |"
    )


def footer(analysis: Analysis, stats: Stats) -> list[str]:
    methods = ", ".join(f"{name}: {count}" for name, count in stats.by_method.items()) or "nothing to classify"
    lines = ["---", f"<sub>Classified per unique error by {methods}."]
    unclassified = [r for r in analysis.groups if r.classification.classified_by is ClassifiedBy.NONE]
    if unclassified:
        reasons = sorted({cell(r.classification.reasoning, 120) for r in unclassified})
        lines.append(f"Unclassified ({len(unclassified)}): {'; '.join(reasons[:5])}.")
    lines.extend(cell(note, 400) for note in analysis.notes)
    if analysis.access.api_calls:
        lines.append(f"GitHub API calls: {analysis.access.api_calls}.")
    lines.append("</sub>")
    return lines


def render_markdown(analysis: Analysis, max_bytes: int = SUMMARY_LIMIT_BYTES) -> str:
    stats = compute_stats(analysis)
    head = ["## CI failure analysis", "", headline(analysis, stats), ""]
    failed = [item for item in analysis.inputs if item.primary is not None]
    if failed:
        head += ["### Primary cause per failed input", ""]
        head += [f"- {primary_sentence(item, analysis)}" for item in failed]
        head.append("")
    by_category: dict[str, list[GroupResult]] = defaultdict(list)
    for result in analysis.groups:
        by_category[result.classification.category].append(result)
    urls = {item.path: item.url for item in analysis.inputs if item.url}
    body: list[str] = []
    for category, results in sorted(by_category.items(), key=lambda kv: -sum(r.group.count for r in kv[1])):
        domain = results[0].classification.domain.value
        body += [
            f"### {category} ({domain}): {len(results)} unique, {sum(r.group.count for r in results)} occurrence(s)",
            "",
            "| Error | Count | First seen | Last seen | Status | Where | By | Fingerprint |",
            "|---|---|---|---|---|---|---|---|",
        ]
        body += [_row(result, urls) for result in results]
        body.append("")
    problems = [p for item in analysis.inputs for p in item.problems] + list(analysis.problems)
    if problems:
        body += ["### Inputs with problems", ""]
        body += [f"- `{cell(p.render(), 300)}`" for p in dict.fromkeys(problems)]
        body.append("")
    return _fit("\n".join(head), body, "\n".join(footer(analysis, stats)), max_bytes)


def _fit(head: str, body: list[str], tail: str, max_bytes: int) -> str:
    """Keep whole lines of the body while the total stays within max_bytes."""
    reserve = len(head.encode()) + len(tail.encode()) + 200
    kept: list[str] = []
    used = reserve
    for index, line in enumerate(body):
        size = len(line.encode()) + 1
        if used + size > max_bytes:
            dropped = sum(1 for rest in body[index:] if rest.startswith("| `"))
            note = f"_Summary truncated to fit the 1 MiB limit: {dropped} more row(s) are in the JSON report._"
            kept.append(f"\n{note}\n")
            break
        kept.append(line)
        used += size
    return "\n".join([head, *kept, tail]) + "\n"
