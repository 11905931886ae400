"""Renderers: `Analysis -> str` for each output format (each module imported when its format is asked for,
so `ci-classify analyze --format json` does not import the Markdown cards)."""

from __future__ import annotations

from collections.abc import Callable

from classifier.model import Analysis

FORMATS = ("csv", "json", "markdown", "text")


def renderer(fmt: str) -> Callable[[Analysis], str]:
    """The renderer of one of `FORMATS` (KeyError for any other)."""
    if fmt == "csv":
        from classifier.report.csv_report import render_csv  # noqa: PLC0415 (see the docstring)

        return render_csv
    if fmt == "json":
        from classifier.report.json_report import render_json  # noqa: PLC0415 (see the docstring)

        return render_json
    if fmt == "markdown":
        from classifier.report.markdown import render_markdown  # noqa: PLC0415 (see the docstring)

        return render_markdown
    if fmt == "text":
        from classifier.report.text import render_text  # noqa: PLC0415 (see the docstring)

        return render_text
    raise KeyError(fmt)


__all__ = ["FORMATS", "renderer"]
