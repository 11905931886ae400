"""Model calls per 100 failed jobs, input tokens per classified fingerprint, and the prompt-cache share.

BugSwarm's failing Travis logs are replayed as a stream of failed jobs: each log is one job, analysed by
`classifier.pipeline.analyze` (extraction, fingerprints, rules, SQLite store cache) with the real LLM stage
and the real anthropic SDK pointed at the loopback Messages API of the tests, which counts tokens
(~len/4) and prompt-cache writes/reads. Scenarios:

- realtime: one run per job; only threshold categories (infrastructure) and unknowns go to the model;
- batch per job: one batch-mode run per job (everything unsettled goes to the model);
- batch backlog: one batch-mode run over all jobs (the cron backlog), `batch_size` per request.

    python -m bench.llm_calls [--data DIR] [--limit N] [--batch-size N]

The loopback server keeps a prompt prefix cached forever; the real service keeps it 5 minutes (refreshed
on each read), so the cache share holds for jobs that fail within minutes of each other.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from classifier.classify import Tier
from classifier.model import Analysis, ClassifiedBy, RunContext, Stream
from classifier.pipeline import analyze
from classifier.settings import Settings, load_settings
from classifier.sources.base import Document
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, build_llm_stage, build_vocabularies, utc_now
from tests.servers.anthropic_api import FakeAnthropic

REPO_ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    """Env CI_CLASSIFY_DATA, else ../shared/data beside the repository; None when absent."""
    override = os.environ.get("CI_CLASSIFY_DATA")
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


@dataclass
class Figures:
    scenario: str
    jobs: int
    calls: int
    llm_fingerprints: int
    groups: int
    prompt_tokens: int
    cache_read_after_first: float
    cost_usd: float
    seconds: float

    def show(self) -> str:
        per_100 = 100 * self.calls / self.jobs if self.jobs else 0.0
        per_fp = self.prompt_tokens / self.llm_fingerprints if self.llm_fingerprints else 0.0
        return (
            f"{self.scenario:<16} jobs={self.jobs:4d}  model calls={self.calls:4d}  "
            f"calls/100 jobs={per_100:6.1f}  fingerprints classified by model={self.llm_fingerprints:4d} "
            f"(of {self.groups} unique)  input tokens/fingerprint={per_fp:7.0f}  "
            f"cache-read share after 1st call={100 * self.cache_read_after_first:5.1f}%  "
            f"est. cost=${self.cost_usd:.4f}  time={self.seconds:.1f}s"
        )


def documents(root: Path, limit: int) -> list[Document]:
    folder = root / "ci_logs" / "bugswarm_dev"
    with (folder / "labels.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    docs = []
    for row in rows:
        path = folder / row["log"]

        def opener(p: Path = path) -> BinaryIO:
            return gzip.open(p, "rb")  # type: ignore[return-value]

        docs.append(Document(row["artifact_id"], opener, job=row["artifact_id"]))
    return docs


def cache_share(api: FakeAnthropic, skip: int) -> float:
    later = api.state.usages[skip:]
    prompt = sum(u["input_tokens"] + u["cache_creation_input_tokens"] + u["cache_read_input_tokens"] for u in later)
    return sum(u["cache_read_input_tokens"] for u in later) / prompt if prompt else 0.0


def run(scenario: str, docs: Sequence[Document], config: Settings, mode: str, per_job: bool, workdir: Path) -> Figures:
    started = time.perf_counter()
    with FakeAnthropic() as api:
        config = config.replace(api_base_url=api.url)
        store = SQLiteStore(workdir / f"{scenario.replace(' ', '_')}.db")
        taxonomy = build_vocabularies(config)[Stream.CI].taxonomy
        analyses: list[Analysis] = []
        cost = 0.0
        batches = [[doc] for doc in docs] if per_job else [list(docs)]
        try:
            for number, batch in enumerate(batches, 1):
                stage, reason = build_llm_stage(config, taxonomy, sleep=lambda _s: None)
                if stage is None:
                    raise SystemExit(reason)
                analyses.append(
                    analyze(
                        batch,
                        vocabularies=Vocabularies(config, store, tier=Tier(mode), llm=stage),
                        store=store,
                        run=RunContext(run_id=number),
                        clock=utc_now,
                        tier=Tier(mode),
                    )
                )
                cost += stage.usage.cost_usd
        finally:
            store.close()
        llm = {
            r.group.fingerprint.value
            for a in analyses
            for r in a.groups
            if r.classification.classified_by is ClassifiedBy.LLM
        }
        groups = {r.group.fingerprint.value for a in analyses for r in a.groups}
        return Figures(
            scenario,
            len(docs),
            api.state.message_calls,
            len(llm),
            len(groups),
            api.state.prompt_tokens,
            cache_share(api, 1),
            cost,
            time.perf_counter() - started,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=10)
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if root is None or not (root / "ci_logs" / "bugswarm_dev").is_dir():
        print("bugswarm_dev corpus not found (set --data or CI_CLASSIFY_DATA)", file=sys.stderr)
        return 2
    docs = documents(root, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        base = {
            "anthropic_api_key": "sk-ant-bench",
            "api_base_url": "",
            "batch_size": str(args.batch_size),
            "max_rpm": "0",
            "rules": "",
        }
        for scenario, mode, per_job in (
            ("realtime", "realtime", True),
            ("batch per job", "batch", True),
            ("batch backlog", "batch", False),
        ):
            config = load_settings({}, overrides={**base, "mode": mode})
            print(run(scenario, docs, config, mode, per_job, Path(tmp)).show(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
