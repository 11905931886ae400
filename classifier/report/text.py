"""The terminal report: headline, primary cause per input, errors by category, problems, footer."""

from __future__ import annotations

from collections import defaultdict

from classifier.model import Analysis, GroupResult
from classifier.report.stats import compute_stats

RULE = "=" * 78


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_text(analysis: Analysis) -> str:
    stats = compute_stats(analysis)
    out = [RULE, "CI FAILURE ANALYSIS", RULE]
    out.append(
        f"Inputs: {stats.inputs} ({stats.inputs_with_problems} with problems)   Errors: {stats.errors}   "
        f"Unique: {stats.unique_fingerprints}   New: {stats.new_fingerprints}   "
        f"Classified: {stats.classified}   Unclassified: {stats.unclassified}"
    )
    out += ["", "PRIMARY CAUSE PER INPUT", "-" * 78]
    for item in analysis.inputs:
        if item.primary is None:
            state = "problem" if item.problems else "no error found"
            out.append(f"  {_short(item.job or item.path, 60)}: {state}")
            continue
        label = analysis.classification_for(item.primary.fingerprint.value)
        category = label.category if label else "unknown"
        rec = item.primary.record
        out.append(f"  {_short(item.job or item.path, 60)}")
        out.append(f"    {category:<22} {_short(rec.message, 90)}  [{rec.source}:{rec.line_start or '-'}]")
    grouped: dict[str, list[GroupResult]] = defaultdict(list)
    for result in analysis.groups:
        grouped[result.classification.category].append(result)
    out += ["", "ERRORS BY CATEGORY", "-" * 78]
    for category, results in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  {category} ({len(results)} unique)")
        for result in results:
            label = result.classification
            new = " new" if result.stats is not None and result.stats.is_new else ""
            out.append(
                f"    {result.group.fingerprint.value}  x{result.group.count:<3} {label.classified_by.value}"
                f" {label.confidence:.2f}{new}  {_short(result.group.representative.message, 80)}"
            )
            if not label.is_classified:
                out.append(f"      why unclassified: {_short(label.reasoning, 90)}")
    problems = [p for item in analysis.inputs for p in item.problems] + list(analysis.problems)
    if problems:
        out += ["", "PROBLEMS", "-" * 78]
        out += [f"  {p.render()}" for p in dict.fromkeys(problems)]
    if analysis.notes:
        out += ["", "NOTES", "-" * 78]
        out += [f"  {note}" for note in analysis.notes]
    return "\n".join(out) + "\n"
