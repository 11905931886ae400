"""Renderers: `Analysis -> str` for each output format."""

from __future__ import annotations

from collections.abc import Callable

from classifier.model import Analysis
from classifier.report.csv_report import render_csv
from classifier.report.json_report import render_json
from classifier.report.markdown import render_markdown
from classifier.report.text import render_text

RENDERERS: dict[str, Callable[[Analysis], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}

__all__ = ["RENDERERS", "render_csv", "render_json", "render_markdown", "render_text"]
