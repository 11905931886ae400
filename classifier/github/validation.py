"""Phase-0 validation report: coverage per category, examples, unclassified samples, recommendations.

Pure rendering over analyses of recent failed runs (the fetching is in `commands/validate.py`). It counts
what the job summary's headline counts: root causes of failed jobs (a symptom such as `Process completed
with exit code 1` is evidence of one, never a failure to cover), one per fingerprint across the runs,
with the failed jobs it was the root cause of as its occurrences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from classifier.model import Analysis, Failure, Problem
from classifier.wording import plural

TARGET_COVERAGE = 0.9
EXAMPLES_PER_CATEGORY = 3
UNCLASSIFIED_SAMPLES = 15


@dataclass(frozen=True, slots=True)
class Seen:
    """One root cause (a fingerprint) across the analysed runs."""

    failure: Failure
    occurrences: int  # failed jobs it was a root cause of
    runs: int
    link: str

    @property
    def classified(self) -> bool:
        return self.failure.classification.is_classified


def _cell(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split()).replace("|", "\\|").replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _merge(analyses: Sequence[Analysis]) -> list[Seen]:
    merged: dict[str, Seen] = {}
    for analysis in analyses:
        run = analysis.run
        link = f"{run.server_url}/{run.repository}/actions/runs/{run.run_id}" if run.run_id else ""
        in_run = Counter(failure.fingerprint for failure in analysis.failures)
        for failure in analysis.failures:
            key = failure.fingerprint
            count = in_run.pop(key, 0)
            if not count:
                continue  # counted with its first job of this run
            old = merged.get(key)
            if old is None:
                merged[key] = Seen(failure, count, 1, link)
            else:
                merged[key] = Seen(old.failure, old.occurrences + count, old.runs + 1, old.link)
    return sorted(merged.values(), key=lambda s: -s.occurrences)


def _coverage(seen: list[Seen]) -> tuple[int, int, int, int]:
    classified = [s for s in seen if s.classified]
    return (len(classified), len(seen), sum(s.occurrences for s in classified), sum(s.occurrences for s in seen))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _recommendations(seen: list[Seen], problems: list[Problem], runs: int, hours: int) -> list[str]:
    tips: list[str] = []
    if runs == 0:
        return [f"No failed runs in the last {hours} hours: widen the window (`--hours`)."]
    done, total, _, _ = _coverage(seen)
    if total and done / total < TARGET_COVERAGE:
        tips.append(
            f"Coverage {_pct(done, total)} is below the {TARGET_COVERAGE:.0%} target: write rules for the "
            "unclassified samples below (user rule files come before the built-ins: input `rules`)."
        )
    unclassified = [s for s in seen if not s.classified]
    tools = Counter(s.failure.root.record.framework or "unknown tool" for s in unclassified)
    for tool, count in tools.most_common(3):
        come = "comes" if count == 1 else "come"
        tips.append(
            f"{plural(count, 'unclassified root cause')} {come} from {tool}: a rule for its messages would cover "
            f"{'it' if count == 1 else 'them'}."
        )
    by_category = Counter(s.failure.classification.category for s in seen if s.classified)
    if by_category and total:
        name, count = by_category.most_common(1)[0]
        if count / total > 0.5 and len(seen) >= 10:
            tips.append(f"'{name}' holds {_pct(count, total)} of the root causes: consider splitting it.")
    if problems:
        tips.append(
            f"{plural(len(problems), 'input')} could not be read (expired logs, rate limits): validate sooner "
            "after failures, or raise log retention."
        )
    if not tips:
        tips.append("Categories cover the recent failures well: enable realtime mode.")
    return tips


def render_validation_report(repository: str, hours: int, analyses: Sequence[Analysis]) -> str:
    seen = _merge(analyses)
    problems = [p for a in analyses for item in a.inputs for p in item.problems]
    done, total, occ_done, occ_total = _coverage(seen)
    lines = [
        "# CI failure validation report",
        "",
        f"Repository `{repository}`, failed runs of the last {hours} hours: {plural(len(analyses), 'run')}, "
        f"{plural(total, 'distinct root cause')} in {plural(occ_total, 'failed job')}.",
        "",
        "## Coverage",
        "",
        f"Classified: **{done} of {total}** distinct root causes ({_pct(done, total)}), {occ_done} of "
        f"{plural(occ_total, 'failed job')} ({_pct(occ_done, occ_total)}). Target: {TARGET_COVERAGE:.0%}.",
        "",
        "| category | distinct | failed jobs | share of failed jobs |",
        "|---|---:|---:|---:|",
    ]
    per_category: dict[str, list[Seen]] = {}
    for item in seen:
        per_category.setdefault(item.failure.classification.category, []).append(item)
    for name, items in sorted(per_category.items(), key=lambda kv: -sum(s.occurrences for s in kv[1])):
        count = sum(s.occurrences for s in items)
        lines.append(f"| {name} | {len(items)} | {count} | {_pct(count, occ_total)} |")
    lines += ["", "## Examples per category", ""]
    for name, items in per_category.items():
        if not items[0].classified:
            continue
        lines.append(f"### {name}")
        lines.append("")
        for item in items[:EXAMPLES_PER_CATEGORY]:
            record = item.failure.root.record
            job = f" ({_cell(item.failure.job or record.job, 60)})" if item.failure.job or record.job else ""
            lines.append(f"- `{_cell(record.message)}`{job}, ×{item.occurrences} in {plural(item.runs, 'run')}")
        lines.append("")
    lines += ["## Unclassified samples", ""]
    unclassified = [s for s in seen if not s.classified]
    if not unclassified:
        lines.append("None.")
    for item in unclassified[:UNCLASSIFIED_SAMPLES]:
        reason = item.failure.classification.reasoning or "no rule matched"
        lines.append(f"- `{_cell(item.failure.root.record.message)}` ×{item.occurrences}: {_cell(reason, 80)}")
    if problems:
        lines += ["", "## Inputs not read", ""]
        lines.extend(f"- {_cell(p.render(), 200)}" for p in problems[:20])
    lines += ["", "## Recommendations", ""]
    lines.extend(f"- {tip}" for tip in _recommendations(seen, problems, len(analyses), hours))
    return "\n".join(lines) + "\n"
