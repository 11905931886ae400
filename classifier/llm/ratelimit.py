"""Rate limiting (requests and input tokens per minute) and bounded retries that honour `retry-after`.

Clock and sleep are injected, so tests run without waiting and can see every pause.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from classifier.llm.base import PermanentLLMError, TransientLLMError

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], None]
WINDOW_SECONDS = 60.0


@dataclass(slots=True)
class RateLimiter:
    """A sliding one-minute window of requests and input tokens; 0 disables a limit."""

    max_rpm: int
    max_tpm: int
    clock: Clock
    sleep: Sleep
    _sent: deque[tuple[float, int]] = field(default_factory=deque)
    waited: float = 0.0

    def acquire(self, tokens: int) -> None:
        """Block (through `sleep`) until a request of `tokens` input tokens fits in the window."""
        while True:
            now = self.clock()
            while self._sent and now - self._sent[0][0] >= WINDOW_SECONDS:
                self._sent.popleft()
            used = sum(t for _, t in self._sent)
            rpm_ok = self.max_rpm <= 0 or len(self._sent) < self.max_rpm
            # A single request larger than the whole tpm budget goes alone in an empty window.
            tpm_ok = self.max_tpm <= 0 or not self._sent or used + tokens <= self.max_tpm
            if rpm_ok and tpm_ok:
                self._sent.append((now, tokens))
                return
            pause = max(WINDOW_SECONDS - (now - self._sent[0][0]), 0.01)
            self.waited += pause
            self.sleep(pause)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `attempts` tries; waits `retry-after` when given (capped), else exponential backoff."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_delay)
        return float(min(self.base_delay * (2**attempt), self.max_delay))


@dataclass(slots=True)
class RetryLog:
    """What retrying cost: the number of retries and every pause taken."""

    retries: int = 0
    pauses: list[float] = field(default_factory=list)


def call_with_retries(fn: Callable[[], T], policy: RetryPolicy, sleep: Sleep, log: RetryLog) -> T:
    """Call `fn`; on `TransientLLMError` sleep and try again, at most `policy.attempts` times in all."""
    attempt = 0
    while True:
        try:
            return fn()
        except TransientLLMError as exc:
            attempt += 1
            if attempt >= policy.attempts:
                raise
            pause = policy.delay(attempt - 1, exc.retry_after)
            log.retries += 1
            log.pauses.append(pause)
            sleep(pause)


class TimeBudget:
    """Model time per run: each try gets the per-call timeout or what is left, whichever is less."""

    def __init__(self, timeout: float, max_seconds: float, clock: Callable[[], float]) -> None:
        self.timeout = timeout
        self.max_seconds = max_seconds
        self.clock = clock
        self.started: float | None = None

    def next_timeout(self) -> float:
        """Seconds for the next try; PermanentLLMError once the run's model time is spent."""
        now = self.clock()
        if self.started is None:
            self.started = now
        if self.max_seconds <= 0:
            return self.timeout
        left = self.max_seconds - (now - self.started)
        if left < 1.0:
            raise PermanentLLMError(f"model time limit of {self.max_seconds:g}s per run reached")
        return min(self.timeout, left)
