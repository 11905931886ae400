"""Token and cost ledger, price table and per-run budget.

Every model call is recorded with its input, output, cache-write and cache-read tokens and a cost
estimate from a price table (USD per million tokens; Batches API calls at half price). The table is data:
`parse_price_table("my-model=1/5/1.25/0.1; other=...")` overrides or extends the built-in one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from classifier.errors import ConfigError
from classifier.llm.base import Usage
from classifier.model import TokenUsage

BATCH_DISCOUNT = 0.5


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float
    cache_write: float
    cache_read: float


# Published list prices (5-minute cache writes), checked 2026-11; a longest-prefix match picks the row.
DEFAULT_PRICES: Mapping[str, Price] = {
    "claude-haiku-4-5": Price(1.0, 5.0, 1.25, 0.10),
    "claude-haiku-5-5": Price(0.10, 0.50, 0.125, 0.01),
    "claude-sonnet-4-5": Price(3.0, 15.0, 3.75, 0.30),
    "claude-sonnet-4-6": Price(3.0, 15.0, 3.75, 0.30),
    "claude-sonnet-5": Price(2.0, 10.0, 2.50, 0.20),
    "claude-sonnet-5-5": Price(2.0, 10.0, 2.50, 0.10),
    "claude-opus-4": Price(5.0, 25.0, 6.25, 0.50),
    "claude-opus-5": Price(5.0, 25.0, 6.25, 0.50),
    "claude-opus-5-5": Price(4.0, 20.0, 5.0, 0.40),
}
UNKNOWN_PRICE = Price(0.0, 0.0, 0.0, 0.0)  # local servers and unknown models cost nothing we can know


def parse_price_table(text: str, base: Mapping[str, Price] = DEFAULT_PRICES) -> dict[str, Price]:
    """`model=input/output/cache_write/cache_read` entries separated by `;`, commas or newlines."""
    table = dict(base)
    for raw in text.replace(",", ";").replace("\n", ";").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        model, _, figures = entry.partition("=")
        parts = figures.split("/")
        try:
            values = [float(part) for part in parts]
        except ValueError:
            values = []
        if not model.strip() or len(values) != 4 or min(values) < 0:
            raise ConfigError(f"price table entry {entry!r}: expected model=input/output/cache_write/cache_read")
        table[model.strip()] = Price(*values)
    return table


def price_for(model: str, table: Mapping[str, Price]) -> Price:
    """The row whose name is the longest prefix of `model` (dated ids match their alias)."""
    matches = [name for name in table if model == name or model.startswith(name + "-")]
    return table[max(matches, key=len)] if matches else UNKNOWN_PRICE


def cost_usd(usage: Usage, price: Price, batch: bool = False) -> float:
    total = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / 1_000_000
    return total * (BATCH_DISCOUNT if batch else 1.0)


def to_token_usage(usage: Usage, cost: float) -> TokenUsage:
    return TokenUsage(
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_creation_input_tokens=usage.cache_creation_input_tokens,
        cache_read_input_tokens=usage.cache_read_input_tokens,
        cost_usd=cost,
    )


@dataclass(frozen=True, slots=True)
class CallRecord:
    model: str
    usage: TokenUsage
    items: int
    batch: bool


@dataclass(slots=True)
class Ledger:
    """Calls and tokens of one run."""

    prices: Mapping[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    calls: list[CallRecord] = field(default_factory=list)

    def record(self, model: str, usage: Usage, items: int, batch: bool = False) -> TokenUsage:
        """Record one call; return its usage with the cost estimate."""
        tokens = to_token_usage(usage, cost_usd(usage, price_for(model, self.prices), batch))
        self.calls.append(CallRecord(model, tokens, items, batch))
        return tokens

    @property
    def total(self) -> TokenUsage:
        total = TokenUsage()
        for call in self.calls:
            total = total + call.usage
        return total

    @property
    def prompt_tokens(self) -> int:
        t = self.total
        return t.input_tokens + t.cache_creation_input_tokens + t.cache_read_input_tokens

    def summary(self) -> str:
        t = self.total
        prompt = self.prompt_tokens
        share = f", {100 * t.cache_read_input_tokens / prompt:.0f}% read from cache" if prompt else ""
        batch = sum(1 for call in self.calls if call.batch)
        via = f" ({batch} through the Batches API at half price)" if batch else ""
        return (
            f"{len(self.calls)} model call(s){via}: {prompt:,} input tokens "
            f"({t.cache_read_input_tokens:,} cache reads, {t.cache_creation_input_tokens:,} cache writes"
            f"{share}), {t.output_tokens:,} output tokens, estimated ${t.cost_usd:.4f}"
        )


@dataclass(slots=True)
class Budget:
    """Per-run (realtime) limits: `max_calls` calls (0: no model calls at all); `max_tokens` input tokens
    (0: no limit)."""

    max_calls: int
    max_tokens: int

    def refusal(self, ledger: Ledger, estimated_tokens: int) -> str:
        """Why the next call may not be made ('' when it may)."""
        if self.max_calls == 0:
            return "llm_max_calls=0: no model calls in realtime"
        if len(ledger.calls) >= self.max_calls:
            return f"budget spent: {len(ledger.calls)} of llm_max_calls={self.max_calls} calls made"
        if self.max_tokens > 0 and ledger.prompt_tokens + estimated_tokens > self.max_tokens:
            return (
                f"budget spent: {ledger.prompt_tokens:,} input tokens used, the next call needs about "
                f"{estimated_tokens:,} more (llm_max_tokens={self.max_tokens:,})"
            )
        return ""
