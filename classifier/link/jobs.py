"""One job's evidence -> its distinct root-cause failures (`JobResult`), root cause first.

Per job: lines also in the passing log (link/baseline.py; never the failure marker that ended a failed log, nor
a line of a test this log reports failed by a line the passing log lacks), tests that passed on rerun, what a tool
says it ignored or went on from (classifier/link/ignored.py) and a command's attempts that were retried with success
(classifier/link/retry.py) become warnings; a job whose log ends in success has warnings only, and so has
one whose log shows no failure marker or verdict and nothing but lines a program logged or a compiler's warnings
(lead.py `only_logged`); the causes are joined into failures (classifier/link/cluster.py; a message quoting the
error next to it: quotes.py); each
wrapper and symptom attaches to the failure it reports (the exception it names, its test, else the nearest cause
before it in the same input), and a missing file after it in its step joins it (cascade.py); a wrapper is a failure
of its own when the job shows no cause or its log's causes are all far before it, a symptom only when the job shows
nothing else. When tests failed, exceptions logged by the test run that match no failed test and rank no higher are
warnings. Failures are ordered: those with a cause before those led by a wrapper or symptom, then those in a step
that failed before those only in steps the job went on from (steps are the records' `step`; a marker reports a cause
of its own step only), then by the rank of the category they show (the root's, else a linked member's), then by
position. Memory evidence leads a failure without a cause (a runner shutdown after `exit code 137` is
`resource_exhaustion`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from classifier.link import lead
from classifier.link.annotations import is_annotation, join_annotation_runs
from classifier.link.baseline import Baseline, candidates
from classifier.link.cascade import join_consequences, join_named
from classifier.link.cluster import Item, Union, caused_by, is_chained, join_races, link_causes
from classifier.link.lead import CRASH, CRASH_HINT, Ranked, crash_leads, is_logged, only_logged, without_known_noise
from classifier.link.placed import Placed
from classifier.link.quotes import join_quotes, quoted
from classifier.link.retry import without_retried
from classifier.link.shapes import Shape, inner_exception, specificity, states_nothing
from classifier.link.testids import same_test
from classifier.link.verdict import Verdict
from classifier.model import (
    Classification,
    Evidence,
    Failure,
    FingerprintStats,
    JobResult,
    Link,
    Occurrence,
    SourceKind,
)

RankKey = Callable[[Occurrence, int], tuple[int, ...]]  # smaller is more likely the root cause
REACH = 200  # lines from a cause to the wrapper or symptom that reports it, at most
RESOURCE_EXHAUSTION = "resource_exhaustion"  # the machine ran out: it explains a runner's shutdown or cancel
# (root's category, wrapper's category): the wrapper's wins. Javadoc and Checkstyle print compiler-shaped
# `File.java:12: error: msg` lines; the quality plugin's goal that failed says which tool it was. A panic
# under cargo's `failed to run custom build command` is the build's failure, not the program's.
TOOL_DECIDES = frozenset({("compilation_error", "lint_error"), ("runtime_error", "compilation_error")})
_COMPILER = re.compile(r"(?i)compil")  # maven-compiler-plugin, compileJava, `Compilation failure`
_QUIET_HINTS = frozenset({"import", "dependency", "compilation", "oom", "timeout"})
RUN_OUTPUT = frozenset({"timeout", "network_error"})  # what a test run logs while its tests run (_test_noise)


@dataclass(frozen=True, slots=True)
class JobInput:
    """One input of a job: its path, its occurrences in order, and how its log said it ended."""

    path: str
    occurrences: tuple[Occurrence, ...]
    verdict: Verdict = Verdict.UNKNOWN


@dataclass(frozen=True, slots=True)
class JobEvidence:
    """Everything known of one job before linking."""

    name: str
    url: str
    inputs: tuple[JobInput, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What linking reads from the rest of the analysis: labels, ranking, stats, the passing log."""

    labels: Mapping[str, Classification]
    rank: RankKey
    fallback: Callable[[str], Classification]  # a label for a fingerprint that has none
    stats: Mapping[str, FingerprintStats]
    baseline: Baseline | None = None
    baseline_name: str = ""


def link_job(job: JobEvidence, ctx: Context) -> JobResult:
    """The job's failures (root cause first) and warnings."""
    entries = [(entry.occurrences, entry.verdict is Verdict.SUCCESS) for entry in job.inputs]
    items, warnings, matched = candidates(entries, ctx.baseline)
    items, retried = without_retried(items)
    items, warnings = without_known_noise(items, [*warnings, *retried], ctx.labels, _failed_steps)
    paths = tuple(entry.path for entry in job.inputs)
    base = JobResult(
        job.name, job.url, paths, baseline=ctx.baseline_name if ctx.baseline else "", baseline_matched=matched
    )
    verdicts = {entry.verdict for entry in job.inputs}
    if Verdict.SUCCESS in verdicts and Verdict.FAILURE not in verdicts:
        everything = (*warnings, *(item.occurrence for item in items))
        return dataclasses.replace(base, warnings=everything, succeeded=True)
    if Verdict.FAILURE not in verdicts and only_logged([item.occurrence.record for item in items]):
        # nothing says the job failed, and a program's logged lines are no verdict: warnings, no failure
        return dataclasses.replace(base, warnings=(*warnings, *(item.occurrence for item in items)))
    clusters, noise = _clusters(items, ctx)
    warnings += [item.occurrence for item in noise]
    failed = _failed_steps(items)
    scored = [_failure(job.name, members, ctx, failed) for members in clusters]
    keys = crash_leads([_ranked(key, failure) for key, failure in scored])
    ranked = sorted(zip(keys, (failure for _, failure in scored), strict=True), key=lambda pair: pair[0])
    return dataclasses.replace(base, failures=tuple(failure for _, failure in ranked), warnings=tuple(warnings))


def _ranked(key: tuple[int, ...], failure: Failure) -> Ranked:
    record = failure.root.record
    crash = failure.classification.category == CRASH or record.tool_hint == CRASH_HINT
    return Ranked(key, record.source, record.step, key[-1], crash)


def _clusters(items: Sequence[Item], ctx: Context) -> tuple[list[list[Item]], list[Item]]:
    """Members of each failure in job order, and the noise (exceptions logged by a failing test run)."""
    union = Union(len(items))
    causes = [item for item in items if item.shape is Shape.CAUSE]
    link_causes(causes, union)
    join_quotes(causes, union)
    join_annotation_runs(causes, union)
    noise = _test_noise(causes, union, ctx)
    causes = [item for item in causes if item.index not in noise]
    wrappers = [item for item in items if item.shape is Shape.WRAPPER]
    symptoms = [item for item in items if item.shape is Shape.SYMPTOM]
    placed = Placed(causes)
    for item in sorted((*wrappers, *symptoms), key=lambda item: item.index):
        target = _target(item, causes, placed)
        if target is not None:
            union.join(target.index, item.index)
        placed.add(item)
    for join in (join_consequences, join_named, join_races, lead.join_retold_crashes):
        join([item for item in items if item.index not in noise], union)
    if not causes and wrappers:
        for item in wrappers[1:]:
            union.join(wrappers[0].index, item.index)  # no cause: one failure shown by its wrappers
    buckets: dict[int, list[Item]] = {}
    for item in items:
        if item.index not in noise:
            buckets.setdefault(union.find(item.index), []).append(item)
    return list(buckets.values()), [item for item in items if item.index in noise]


def _target(item: Item, causes: Sequence[Item], placed: Placed) -> Item | None:
    """What a wrapper or symptom reports: the exception it names, its test, else the nearest line before it
    in the same input (within REACH lines; a cause, or a wrapper or symptom already placed), else for a
    test-run summary the last failed test before it, else the first cause after it within REACH lines
    (surefire prints a class's summary before its failed tests), else (a symptom, or a wrapper whose log
    shows no cause) the last cause before it at any distance. None when the job shows no cause (then
    wrappers and symptoms are the failure) or for a wrapper far from every cause of its log."""
    inner = inner_exception(item.occurrence.record)
    if inner:
        named = [a for a in causes if a.occurrence.record.exception_type == inner]
        if named:
            return min(named, key=lambda a: (not same_test(a.test, item.test), a.index))
    if item.test:
        for cause in causes:
            if same_test(cause.test, item.test):
                return cause
    nearest = placed.nearest_before(item, _same_step)
    if nearest is not None and (0 <= item.line - nearest.line <= REACH or not nearest.line or not item.line):
        return nearest
    if item.occurrence.record.tool_hint == "test":
        tests = [c for c in causes if c.source == item.source and c.test and c.index < item.index]
        if tests:
            return tests[-1]
    after = [
        c
        for c in causes
        if c.source == item.source and c.index > item.index and c.line - item.line <= REACH and _same_step(c, item)
    ]
    if after:
        return after[0]
    earlier = [c for c in causes if c.index < item.index]
    if item.shape is Shape.WRAPPER and any(c.source == item.source for c in earlier):
        return None  # its log's causes are all far before it: the step it names failed on its own
    return earlier[-1] if earlier else causes[0] if causes else None


def _same_step(one: Item, other: Item) -> bool:
    """Whether two items may be one failure by their steps: the same step, or a step unknown."""
    first, second = one.occurrence.record.step, other.occurrence.record.step
    return not first or not second or first == second


def _test_noise(causes: Sequence[Item], union: Union, ctx: Context) -> set[int]:
    """When tests failed, bare logged exceptions that no failed test shows are noise of the test run, unless
    their category ranks above the failed tests' (a SyntaxError while collecting them). A timeout or network
    error logged in the step where tests failed (RUN_OUTPUT) is the run's own output whatever its rank: tests
    provoke and wait for them, and a failed test shows the one that failed it; so is a line the program under
    test logged at an error level there (`ERROR flashlight: pac.go:217 ...`)."""
    tests = [item for item in causes if item.test]
    if not tests:
        return set()
    best = min(_tier_rank(item, ctx) for item in tests)
    steps = {(item.source, item.occurrence.record.step) for item in tests}
    bare: dict[int, bool] = {}
    for item in causes:
        key = union.find(item.index)
        ranked = _bare_exception(item) and _tier_rank(item, ctx) >= best
        crash = item.occurrence.record.tool_hint == CRASH_HINT  # the tested process died or raced: no run output
        noise = ranked or _run_output(item, ctx, steps) or _logged(item, steps)
        bare[key] = bare.get(key, True) and not crash and noise
    return {item.index for item in causes if bare[union.find(item.index)]}


def _run_output(item: Item, ctx: Context, steps: set[tuple[int, str]]) -> bool:
    """A timeout or network error line of a step where tests failed, no test's and at no source location."""
    record = item.occurrence.record
    return (
        record.kind is SourceKind.RUNNER
        and not item.test
        and record.location is None
        and (item.source, record.step) in steps
        and _category(item, ctx) in RUN_OUTPUT
    )


def _logged(item: Item, steps: set[tuple[int, str]]) -> bool:
    """A line the program under test logged at an error level (link/lead.py) in a step where tests failed."""
    record = item.occurrence.record
    return (
        record.kind is SourceKind.RUNNER
        and not item.test
        and (item.source, record.step) in steps
        and is_logged(record.message)
    )


def _bare_exception(item: Item) -> bool:
    record = item.occurrence.record
    return (
        record.kind is SourceKind.RUNNER
        and bool(record.exception_type)
        and not item.test
        and record.location is None
        and record.tool_hint not in _QUIET_HINTS
    )


def _root(members: Sequence[Item], ctx: Context, chained: set[int]) -> Item:
    """The root cause among a failure's members: the innermost exception of a chain, among one report's findings
    the one whose category ranks first, else the most telling; without a cause, memory evidence (`exit code 137`
    under a runner shutdown), else a crash report told as a symptom (Erlang's `Crash dump is being written to`),
    else the wrapper or symptom that ranks first (a classified test summary before an exit code). `chained`: the
    indexes of the members that are later links of an exception chain (`is_chained`)."""
    causes = [item for item in members if item.shape is Shape.CAUSE]
    if not causes:
        memory = [item for item in members if _category(item, ctx) == RESOURCE_EXHAUSTION]
        return min(memory or lead.rootless(members), key=lambda item: ctx.rank(item.occurrence, item.index))
    java_chain = [item for item in causes if caused_by(item)]
    if java_chain:
        return java_chain[-1]
    if any(item.index in chained for item in causes):
        # the first exception of a Python chain, unless a later one has a higher-ranked category (pytest's
        # own AttributeError while importing a module that raised SyntaxError)
        return min(
            causes, key=lambda item: (not item.occurrence.record.exception_type, _tier_rank(item, ctx), item.index)
        )
    if len(causes) > 1 and (
        all(_finding(item) for item in causes) or all(is_annotation(item.occurrence.record) for item in causes)
    ):
        # one tool's report: the finding whose category ranks first (a javadoc `@param` among HTML findings);
        # one action's annotations (link/annotations.py): what it was doing, or the error it caught
        return min(causes, key=lambda item: (_tier_rank(item, ctx), item.index))
    parents = {item.test for item in causes if item.test} & {
        item.test.rsplit(".", depth)[0] for item in causes for depth in range(1, item.test.count(".") + 1)
    }
    told = quoted(causes)
    return min(causes, key=lambda item: (item.index in told, *_telling(item, parents)))


def _finding(item: Item) -> bool:
    record = item.occurrence.record
    return record.location is not None and not item.test and not record.exception_type


def _telling(item: Item, parents: set[str]) -> tuple[bool, bool, int, bool, int]:
    """Root order within one failure: a tool's own line before a recap (BuildKit repeats the step's
    output), an exception before a header naming only its test, then the most specific, then a sub-test
    before its failed parent (`parents`: the members' test ids that prefix another's), then the first."""
    record = item.occurrence.record
    return (
        record.kind is SourceKind.BUILDKIT,
        not record.exception_type,
        -specificity(record),
        item.test in parents,
        item.index,
    )


def _link(item: Item, root: Item, chain: bool) -> Link:
    if item is root:
        return Link.ROOT
    if item.shape is Shape.SYMPTOM:
        return Link.SYMPTOM
    if item.shape is Shape.WRAPPER or (chain and item.occurrence.record.exception_type):
        return Link.WRAPPER
    return Link.SAME_FAILURE


def _failed_steps(items: Sequence[Item]) -> dict[int, set[str]]:
    """Per input, the steps that show a failure marker (a wrapper or symptom: `The command "x" exited with 1`,
    `Process completed with exit code 1`, `make: ***`, `BUILD FAILURE`); only inputs whose records name steps
    (an empty set when none shows one)."""
    stepped = {item.source for item in items if item.occurrence.record.step}
    failed: dict[int, set[str]] = {source: set() for source in stepped}
    for item in items:
        if item.shape is not Shape.CAUSE and item.source in stepped:
            failed.setdefault(item.source, set()).add(item.occurrence.record.step)
    return failed


def _went_on(members: Sequence[Item], failed: Mapping[int, set[str]]) -> bool:
    """Whether every member lies in a step of its log that ended without a failure marker (or before its first
    step: the CI system's set-up) while a step of that log shows one: an error the job went on from (a retried
    download, a probe, a noisy install). The set-up is gone on from whenever a step of its log follows: a CI
    system stops the job when its own set-up fails."""
    return all(
        item.source in failed
        and item.occurrence.record.step not in failed[item.source]
        and (bool(failed[item.source]) or not item.occurrence.record.step)
        for item in members
    )


def _failure(
    job: str, members: Sequence[Item], ctx: Context, failed: Mapping[int, set[str]]
) -> tuple[tuple[int, ...], Failure]:
    chained = {item.index for item in members if is_chained(item)}  # read once, by _root and for the links
    root = _root(members, ctx, chained)
    order = sorted(members, key=lambda item: (item is not root, item.shape is Shape.SYMPTOM, item.index))
    chain = bool(chained)
    evidence = tuple(Evidence(item.occurrence, _link(item, root, chain)) for item in order)
    fingerprint = root.occurrence.fingerprint.value
    label, owner = _label(root, members, ctx)
    failure = Failure(job, root.occurrence, label, evidence, ctx.stats.get(fingerprint))
    return (root.shape is not Shape.CAUSE, _went_on(members, failed), *_tier_rank(owner, ctx), root.index), failure


def _label(root: Item, members: Sequence[Item], ctx: Context) -> tuple[Classification, Item]:
    """The root's label; when the root has no known category, the best-ranked member's that has one (a
    checker's finding found before `Failed to execute goal ...checkstyle...` takes the wrapper's category; an
    exception that says nothing but a status code gives none), a symptom's (`3 failed`) only to a failed test,
    else only as the rank it orders the failure by (`error: test failed` after a script's own error); a wrapper
    naming the failing tool decides between categories its output's text cannot (TOOL_DECIDES). With the
    member whose label or rank it is."""
    fingerprint = root.occurrence.fingerprint.value
    label = ctx.labels.get(fingerprint) or ctx.fallback(fingerprint)
    if _known(root, ctx):
        for item in members:
            wrapper = ctx.labels.get(item.occurrence.fingerprint.value)
            if _decides(item, wrapper) and wrapper and (label.category, wrapper.category) in TOOL_DECIDES:
                return wrapper, item
        return label, root
    known = [
        item
        for item in members
        if item is not root and _known(item, ctx) and not states_nothing(item.occurrence.record)
    ]
    if not known:
        return label, root
    best = min(known, key=lambda item: (item.shape is Shape.SYMPTOM, ctx.rank(item.occurrence, item.index)))
    if best.shape is Shape.SYMPTOM and not root.test:
        return label, best  # a symptom ranks the failure (tests failed) but says what failed only of a test
    return ctx.labels[best.occurrence.fingerprint.value], best


def _decides(item: Item, label: Classification | None) -> bool:
    """A wrapper with a label whose step is not the compiler's."""
    return item.shape is Shape.WRAPPER and label is not None and not _COMPILER.search(item.occurrence.record.message)


def _tier_rank(item: Item, ctx: Context) -> tuple[int, ...]:
    return ctx.rank(item.occurrence, item.index)[:2]


def _category(item: Item, ctx: Context) -> str:
    label = ctx.labels.get(item.occurrence.fingerprint.value)
    return label.category if label is not None else ""


def _known(item: Item, ctx: Context) -> bool:
    """Whether the item has a label with a category of the taxonomy (rank tiers 0 and 1)."""
    return item.occurrence.fingerprint.value in ctx.labels and ctx.rank(item.occurrence, item.index)[0] <= 1
