"""Real Docker BuildKit / docker build failures: how many get a sensible category as their primary.

The cases are small trimmed logs quoted in public issue threads, each with its origin URL as the first
line; `expected.toml` beside them names, per log, the categories a reader would call right, decided from
the output alone before running the classifier. Two sets: `real/` (26 logs, used to find and fix the
gaps) and `heldout/` (12 logs collected afterwards and first measured without changes for them).
Each log is one job: extract -> redact -> normalise -> fingerprint -> group -> rules -> job linking
(`bench.job_failures.answer`), and the job's first failure is the primary.

    python -m bench.buildkit_categories [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO_ROOT, memory_document
from bench.job_failures import answer

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "buildkit"
CASES = FIXTURES / "real"
SETS = {"real (used to build the mechanisms)": CASES, "held-out": FIXTURES / "heldout"}


@dataclass(frozen=True, slots=True)
class Case:
    path: Path
    accept: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Verdict:
    case: Case
    category: str
    message: str

    @property
    def sensible(self) -> bool:
        return self.category in self.case.accept


def load_cases(root: Path = CASES) -> list[Case]:
    table = tomllib.loads((root / "expected.toml").read_text(encoding="utf-8"))
    return [Case(root / row["file"], tuple(row["accept"]), row["why"]) for row in table["case"]]


def judge(case: Case) -> Verdict:
    result = answer([memory_document(case.path.name, case.path.read_bytes())])
    primary = result.job.failures[0].root.record.message if result.job.failures else ""
    return Verdict(case, result.category, primary)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--show-misses", action="store_true", help="print each miss with its primary line")
    args = parser.parse_args(argv)
    for name, root in SETS.items():
        report(name, [judge(case) for case in load_cases(root)], show_misses=args.show_misses)
    return 0


def report(name: str, verdicts: Sequence[Verdict], *, show_misses: bool) -> None:
    good = sum(v.sensible for v in verdicts)
    print(f"BuildKit failures with a sensible primary category, {name}: {good} of {len(verdicts)}")
    for v in verdicts:
        if show_misses or not v.sensible:
            mark = "ok  " if v.sensible else "MISS"
            print(f"  {mark} {v.case.path.name}: got {v.category}, want {'|'.join(v.case.accept)}")
            if not v.sensible:
                print(f"       primary: {v.message[:160]!r}")


if __name__ == "__main__":
    sys.exit(main())
