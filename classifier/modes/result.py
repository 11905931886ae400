"""What every mode returns to the CLI and the action entry point."""

from __future__ import annotations

from dataclasses import dataclass

from classifier.model import Analysis, Problem
from classifier.settings import Mode


@dataclass(frozen=True, slots=True)
class ModeResult:
    """One mode's outcome: an analysis (realtime) or a summary (text for the log, Markdown for the job
    summary), where its JSON report was written, the input problems and the mode's own errors."""

    mode: Mode
    analysis: Analysis | None = None
    text: str = ""
    markdown: str = ""
    report_path: str = ""
    problems: tuple[Problem, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """CLI exit code: 1 when some inputs had problems (the rest was still done), else 0."""
        return 1 if self.problems or self.errors else 0
