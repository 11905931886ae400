"""The LLM stage: which groups the model sees, and how, within rate limits and a per-run budget.

Policy: the model sees only groups no rule settled (or settled with low confidence); in realtime mode only
the categories/domains named by `classify_realtime_threshold` and unknowns, the rest waits for batch mode.
Several fingerprints go in one request (`batch_size`); an answer outside the closed schema is retried
once, then recorded as unknown with the reason. Service trouble never raises: the rule result stands
and its `reasoning` says why the model was not used.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier.classify import LOW_CONFIDENCE  # a rule label below it is not settled
from classifier.llm.base import Example, Item, LLMBackend, LLMRequest, PermanentLLMError, Reply, TransientLLMError
from classifier.llm.ledger import Budget, Ledger, Price
from classifier.llm.models import supports_forced_tool
from classifier.llm.prompt import PROMPT_VERSION, build_system, build_user, make_item, reduce_against_baseline
from classifier.llm.ratelimit import RateLimiter, RetryLog, RetryPolicy, TimeBudget, call_with_retries
from classifier.llm.schema import TOOL_NAME, Verdict, answer_schema, parse_answer
from classifier.model import Classification, ClassifiedBy, Group, Role, TokenUsage
from classifier.rules.taxonomy import Taxonomy
from classifier.store.base import Correction

__all__ = [
    "Example",
    "LLMStage",
    "StageConfig",
    "examples_from_corrections",
    "reduce_against_baseline",
]

MAX_HUMAN_EXAMPLES = 50
MAX_OUTPUT_TOKENS_PER_ITEM = 300


@dataclass(frozen=True, slots=True)
class StageConfig:
    batch_size: int = 10
    max_error_length: int = 10000
    max_rpm: int = 50
    max_tpm: int = 0
    max_calls: int = 20
    max_tokens: int = 200000
    realtime_threshold: tuple[str, ...] = ("infrastructure",)
    retry: RetryPolicy = dataclasses.field(default_factory=RetryPolicy)
    timeout: float = 60.0  # seconds per call
    max_seconds: float = 300.0  # model time per run (calls, retries and their pauses); 0: no bound


@dataclass(frozen=True, slots=True)
class Entry:
    """One pending group as sent: its rule label and its item (id unique within the call)."""

    group: Group
    rule: Classification
    item: Item


def extend_reasoning(label: Classification, why: str) -> Classification:
    reasoning = f"{label.reasoning}; {why}" if label.reasoning else why
    return dataclasses.replace(label, reasoning=reasoning)


def split_usage(usage: TokenUsage, parts: int) -> list[TokenUsage]:
    """A call's usage shared over its items (remainders to the first)."""
    n = max(parts, 1)

    def share(total: int, index: int) -> int:
        return total // n + (total % n if index == 0 else 0)

    return [
        TokenUsage(
            share(usage.input_tokens, i),
            share(usage.output_tokens, i),
            share(usage.cache_creation_input_tokens, i),
            share(usage.cache_read_input_tokens, i),
            usage.cost_usd / n,
        )
        for i in range(n)
    ]


Pending = Sequence[tuple[Group, Classification]]
BacklogPath = Callable[["LLMStage", Pending, Path, Mapping[str, Sequence[str]] | None], list[Classification]]


class LLMStage:
    """Classifies pending groups with one backend and one model; collects notes for the summary."""

    def __init__(
        self,
        backend: LLMBackend,
        taxonomy: Taxonomy,
        model: str,
        config: StageConfig = StageConfig(),
        examples: Sequence[Example] = (),
        *,
        prices: Mapping[str, Price] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        notes: Sequence[str] = (),
        backlog: BacklogPath | None = None,
    ) -> None:
        self.backend = backend
        self.backlog = backlog
        self.taxonomy = taxonomy
        self.model = model
        self.prompt_version = PROMPT_VERSION
        self.config = config
        self.sleep = sleep
        self.clock = clock
        self.system = build_system(taxonomy, examples, TOOL_NAME, PROMPT_VERSION)
        self.schema = answer_schema(taxonomy)
        self.ledger = Ledger(prices=dict(prices)) if prices is not None else Ledger()
        self.budget = Budget(config.max_calls, config.max_tokens)
        self.limiter = RateLimiter(config.max_rpm, config.max_tpm, clock, sleep)
        self.retries = RetryLog()
        self.time_budget = TimeBudget(config.timeout, config.max_seconds, clock)
        self.stop_reason = ""  # set once the service is down or the budget is spent
        self.skipped: Counter[str] = Counter()
        self.deferred = 0
        self.invalid_retried = 0
        self.extra_notes = list(notes)

    # -- contract with the classify stage ------------------------------------------------------------
    @property
    def usage(self) -> TokenUsage:
        return self.ledger.total

    def wants(self, classification: Classification, mode: str) -> bool:
        """Whether the model should see this group (see module docstring)."""
        c = classification
        if c.classified_by in (ClassifiedBy.HUMAN, ClassifiedBy.CACHE, ClassifiedBy.LLM):
            return False
        unknown = c.classified_by is ClassifiedBy.NONE or c.category in ("", self.taxonomy.default_category)
        if not unknown and c.confidence >= LOW_CONFIDENCE:
            return False
        if mode != "realtime":
            return True
        threshold = set(self.config.realtime_threshold)
        wanted = "none" not in threshold and (
            unknown
            or "all" in threshold
            or c.category in threshold
            or self.taxonomy.domain_of(c.category).value in threshold
        )
        if not wanted:
            self.deferred += 1
        return wanted

    def classify(
        self,
        pending: Sequence[tuple[Group, Classification]],
        mode: str,
        baseline: Mapping[str, Sequence[str]] | None = None,
    ) -> list[Classification]:
        """One Classification per pending group, in order: the model's, or the rule's with the reason."""
        original = pending
        results: dict[str, Classification] = {}
        pending = self.same_stream(pending, results)
        if mode == "realtime":
            pending = self.hold_symptoms(pending, results)
        entries = self.entries(pending, baseline)
        size = self.config.batch_size
        for start in range(0, len(entries), size):
            chunk = entries[start : start + size]
            self.run_chunk(_renumber(chunk), mode, results)
        return [results[group.fingerprint.value] for group, _ in original]

    def same_stream(
        self, pending: Sequence[tuple[Group, Classification]], results: dict[str, Classification]
    ) -> list[tuple[Group, Classification]]:
        """Only groups of this taxonomy's stream; others keep their label with the reason."""
        out = []
        for group, label in pending:
            stream = group.representative.stream
            if stream is self.taxonomy.stream:
                out.append((group, label))
                continue
            why = (
                f"model not used: the model stage classifies {self.taxonomy.stream.value} failures, not {stream.value}"
            )
            results[group.fingerprint.value] = extend_reasoning(label, why)
        return out

    def hold_symptoms(
        self, pending: Sequence[tuple[Group, Classification]], results: dict[str, Classification]
    ) -> list[tuple[Group, Classification]]:
        """Realtime: symptom lines (exit codes, build summaries) wait for batch mode; causes go now."""
        out = []
        for group, label in pending:
            if all(occ.record.role is Role.SYMPTOM for occ in group.occurrences):
                why = "a symptom line (exit code or build summary), not a cause: waits for batch mode"
                results[group.fingerprint.value] = extend_reasoning(label, f"model not used in realtime: {why}")
                self.deferred += 1
            else:
                out.append((group, label))
        return out

    def classify_backlog(
        self,
        pending: Sequence[tuple[Group, Classification]],
        checkpoint_path: Path,
        baseline: Mapping[str, Sequence[str]] | None = None,
    ) -> list[Classification]:
        """Batch mode through the injected batch path (`llm/backlog.py`: the Message Batches API, half price,
        resumable via `checkpoint_path`); without one, sequential requests."""
        if self.backlog is None:
            return self.classify(pending, "batch", baseline)
        return self.backlog(self, pending, checkpoint_path, baseline)

    def notes(self) -> list[str]:
        notes = list(self.extra_notes)
        if self.ledger.calls:
            notes.append(f"Model {self.model} (prompt {self.prompt_version}): {self.ledger.summary()}.")
        else:
            notes.append(f"Model {self.model} (prompt {self.prompt_version}): no calls were needed.")
        if self.retries.retries:
            waited = sum(self.retries.pauses)
            notes.append(f"Model API: {self.retries.retries} retry(ies) after rate limits or errors ({waited:.1f}s).")
        if self.limiter.waited:
            notes.append(f"Rate limit (max_rpm/max_tpm) paused {self.limiter.waited:.1f}s.")
        if self.invalid_retried:
            notes.append(f"{self.invalid_retried} answer(s) outside the schema were asked again once.")
        if self.deferred:
            notes.append(f"{self.deferred} unique error(s) outside classify_realtime_threshold wait for batch mode.")
        notes.extend(f"Model not used for {n} unique error(s): {why}." for why, n in self.skipped.items())
        return notes

    # -- internals -------------------------------------------------------------------------------------
    def entries(
        self, pending: Sequence[tuple[Group, Classification]], baseline: Mapping[str, Sequence[str]] | None
    ) -> list[Entry]:
        seen: set[str] = set()
        out: list[Entry] = []
        for group, rule in pending:
            if group.fingerprint.value in seen:
                continue
            seen.add(group.fingerprint.value)
            item = make_item(f"e{len(out) + 1}", group, self.config.max_error_length, baseline)
            out.append(Entry(group, rule, item))
        return out

    def request(self, chunk: Sequence[Entry]) -> LLMRequest:
        items = [entry.item for entry in chunk]
        return LLMRequest(
            model=self.model,
            system=self.system,
            schema=self.schema,
            user=build_user(items),
            item_ids=tuple(item.item_id for item in items),
            max_tokens=min(256 + MAX_OUTPUT_TOKENS_PER_ITEM * len(items), 8192),
            force_tool=supports_forced_tool(self.model),
        )

    def estimate_tokens(self, request: LLMRequest) -> int:
        return (len(request.system) + len(json.dumps(request.schema)) + len(request.user)) // 4 + 1

    def degrade(self, chunk: Sequence[Entry], why: str, results: dict[str, Classification]) -> None:
        for entry in chunk:
            results[entry.group.fingerprint.value] = extend_reasoning(entry.rule, f"model not used: {why}")
            self.skipped[why] += 1

    def send(self, request: LLMRequest) -> Reply | None:
        """One call, rate limited, retried within the run's model time; None (`stop_reason` set) on failure."""
        self.limiter.acquire(self.estimate_tokens(request))
        timed = lambda: self.backend.send(dataclasses.replace(request, timeout=self.time_budget.next_timeout()))  # noqa: E731
        try:
            return call_with_retries(timed, self.config.retry, self.sleep, self.retries)
        except TransientLLMError as exc:
            self.stop_reason = f"model API unavailable after {self.config.retry.attempts} attempts ({exc})"
        except PermanentLLMError as exc:
            self.stop_reason = f"model API refused the request ({exc})"
        except Exception as exc:
            self.stop_reason = f"model backend failed ({type(exc).__name__})"
        return None

    def run_chunk(
        self,
        chunk: Sequence[Entry],
        mode: str,
        results: dict[str, Classification],
        first_reason: Mapping[str, str] | None = None,
    ) -> None:
        """Classify one request's worth of entries; answers outside the schema are asked once more."""
        if self.stop_reason:
            self.degrade(chunk, self.stop_reason, results)
            return
        request = self.request(chunk)
        if mode == "realtime":
            refusal = self.budget.refusal(self.ledger, self.estimate_tokens(request))
            if refusal:
                self.stop_reason = refusal
                self.degrade(chunk, refusal, results)
                return
        reply = self.send(request)
        if reply is None:
            self.degrade(chunk, self.stop_reason, results)
            return
        usage = self.ledger.record(self.model, reply.usage, len(chunk))
        self.settle(chunk, reply, usage, results, mode, first_reason)

    def settle(
        self,
        chunk: Sequence[Entry],
        reply: Reply,
        usage: TokenUsage,
        results: dict[str, Classification],
        mode: str,
        first_reason: Mapping[str, str] | None,
    ) -> None:
        """Turn a reply into classifications; retry the invalid ones once (or record why they failed)."""
        line_counts = {entry.item.item_id: len(entry.item.lines) for entry in chunk}
        valid, invalid = parse_answer(reply.payload, self.taxonomy, [e.item.item_id for e in chunk], line_counts)
        shares = split_usage(usage, len(chunk))
        bad: list[Entry] = []
        for entry, share in zip(chunk, shares, strict=True):
            verdict = valid.get(entry.item.item_id)
            if verdict is not None:
                results[entry.group.fingerprint.value] = self.labelled(entry, verdict, reply.model, share)
            else:
                bad.append(entry)
        if not bad:
            return
        if first_reason is None:
            self.invalid_retried += len(bad)
            self.run_chunk(bad, mode, results, {e.item.item_id: invalid[e.item.item_id] for e in bad})
            return
        for entry in bad:
            why = f"model answer invalid twice ({first_reason.get(entry.item.item_id, '')}; then "
            why += f"{invalid[entry.item.item_id]})"
            label = entry.rule
            if label.classified_by is ClassifiedBy.NONE:
                label = dataclasses.replace(
                    label,
                    category=self.taxonomy.default_category,
                    domain=self.taxonomy.domain_of(self.taxonomy.default_category),
                )
            results[entry.group.fingerprint.value] = extend_reasoning(label, why)
            self.skipped["model answer outside the schema twice"] += 1

    def labelled(self, entry: Entry, verdict: Verdict, reply_model: str, usage: TokenUsage) -> Classification:
        lines = entry.item.lines
        evidence = "\n".join(lines[i - 1] for i in verdict.evidence_line_ids)
        model = reply_model or self.model
        rule = entry.rule
        before = rule.reasoning
        if rule.rule_id:
            before = f"rule {rule.rule_id} said {rule.category} at {rule.confidence:.2f}"
        return dataclasses.replace(
            rule,
            category=verdict.category,
            domain=self.taxonomy.domain_of(verdict.category),
            confidence=verdict.confidence,
            classified_by=ClassifiedBy.LLM,
            taxonomy=self.taxonomy.name,
            taxonomy_version=self.taxonomy.version,
            reasoning=(
                f"model {model} chose {verdict.category} from {len(verdict.evidence_line_ids)} evidence line(s)"
                + (f"; before: {before}" if before else "")
            ),
            rule_id="",
            evidence=evidence,
            summary=verdict.summary,
            suggested_fix=verdict.suggested_fix,
            model=model,
            prompt_version=self.prompt_version,
            usage=usage,
        )


def _renumber(chunk: Sequence[Entry]) -> list[Entry]:
    """Item ids e1..eN within one request (short ids keep the data small)."""
    return [
        dataclasses.replace(entry, item=dataclasses.replace(entry.item, item_id=f"e{i}"))
        for i, entry in enumerate(chunk, 1)
    ]


def examples_from_corrections(corrections: Sequence[Correction]) -> list[Example]:
    """Few-shot examples from human corrections that carry the corrected message (newest first)."""
    ordered = sorted(corrections, key=lambda c: c.corrected_at, reverse=True)
    seen: set[tuple[str, str]] = set()
    out: list[Example] = []
    for correction in ordered:
        key = (correction.message, correction.category)
        if correction.message and key not in seen:
            seen.add(key)
            out.append(Example(correction.message, correction.category, "human"))
        if len(out) >= MAX_HUMAN_EXAMPLES:
            break
    return out
