"""The one writer of workflow commands and runner env files (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`).

Workflow commands go to an injectable text stream (stdout by default); env files are appended to the paths
given (tests pass temporary files). Escaping follows the runner's rules: in data `%`, CR and LF are
percent-encoded; in properties also `:` and `,`.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, slots=True)
class Annotation:
    """One workflow-command annotation (`::error file=..,line=..,title=..::message`)."""

    level: str  # error | warning | notice
    message: str
    title: str = ""
    file: str = ""
    line: int | None = None
    end_line: int | None = None

    def command(self) -> str:
        props: list[tuple[str, str]] = []
        if self.file:
            props.append(("file", self.file))
            if self.line is not None:
                props.append(("line", str(self.line)))
                if self.end_line is not None and self.end_line >= self.line:
                    props.append(("endLine", str(self.end_line)))
        if self.title:
            props.append(("title", self.title))
        rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
        head = f"{self.level} {rendered}" if rendered else self.level
        return f"::{head}::{escape_data(self.message)}"


class WorkflowCommands:
    """Writes workflow commands to `stream` and env files to the given paths (None: not on a runner)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        output_path: str | None = None,
        summary_path: str | None = None,
    ) -> None:
        self._stream = stream if stream is not None else sys.stdout
        self._output_path = output_path or None
        self._summary_path = summary_path or None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], stream: TextIO | None = None) -> WorkflowCommands:
        return cls(stream, environ.get("GITHUB_OUTPUT"), environ.get("GITHUB_STEP_SUMMARY"))

    def annotate(self, annotation: Annotation) -> None:
        self._emit(annotation.command())

    def warning(self, message: str, title: str = "") -> None:
        self.annotate(Annotation("warning", message, title))

    def notice(self, message: str, title: str = "") -> None:
        self.annotate(Annotation("notice", message, title))

    def add_mask(self, value: str) -> None:
        if value:
            self._emit(f"::add-mask::{escape_data(value)}")

    def set_output(self, name: str, value: str) -> None:
        """Append `name` to GITHUB_OUTPUT (heredoc form, safe for multi-line values)."""
        if self._output_path is None:
            return
        delimiter = f"ghadelim_{secrets.token_hex(8)}"
        with Path(self._output_path).open("a", encoding="utf-8") as handle:
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")

    def append_summary(self, markdown: str) -> None:
        if self._summary_path is None:
            return
        with Path(self._summary_path).open("a", encoding="utf-8") as handle:
            handle.write(markdown if markdown.endswith("\n") else markdown + "\n")

    def _emit(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()


def parse_output_file(text: str) -> dict[str, str]:
    """Read back a GITHUB_OUTPUT file (both `k=v` and heredoc forms); used by tests and tools."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            index += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values
