"""Figures every report shows, derived from an `Analysis` in one place."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from classifier.model import Analysis, ClassifiedBy, Problem

MAX_PROBLEMS = 1000  # problems listed by the text report and on stderr; the JSON report lists every one


@dataclass(frozen=True, slots=True)
class Stats:
    errors: int
    unique_fingerprints: int
    new_fingerprints: int
    classified: int
    unclassified: int
    inputs: int
    inputs_with_problems: int
    by_category: dict[str, int]  # unique fingerprints per category
    by_method: dict[str, int]  # unique fingerprints per classified_by


def compute_stats(analysis: Analysis) -> Stats:
    groups = analysis.groups
    by_category = Counter(result.classification.category for result in groups)
    by_method = Counter(result.classification.classified_by.value for result in groups)
    unclassified = sum(1 for r in groups if r.classification.classified_by is ClassifiedBy.NONE)
    return Stats(
        errors=sum(result.group.count for result in groups),
        unique_fingerprints=len(groups),
        new_fingerprints=sum(1 for r in groups if r.stats is not None and r.stats.is_new),
        classified=len(groups) - unclassified,
        unclassified=unclassified,
        inputs=len(analysis.inputs),
        inputs_with_problems=sum(1 for i in analysis.inputs if i.problems),
        by_category=dict(by_category.most_common()),
        by_method=dict(by_method.most_common()),
    )


def first_problems(analysis: Analysis, limit: int) -> tuple[list[Problem], int]:
    """The first `limit` distinct problems of the analysis (its inputs', then its own) and how many more
    there are (not told apart from each other): a million bad inputs are counted, not held."""
    shown: dict[Problem, None] = {}
    more = 0
    for problem in itertools.chain((p for item in analysis.inputs for p in item.problems), analysis.problems):
        if problem in shown:
            continue
        if len(shown) < limit:
            shown[problem] = None
        else:
            more += 1
    return list(shown), more
