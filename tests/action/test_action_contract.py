"""action.yml, the settings table and the docs agree; the workflow lint passes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from classifier.github.publish import OUTPUT_NAMES
from classifier.settings import SPECS

ROOT = Path(__file__).resolve().parents[2]


def _action() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "action.yml").read_text())
    assert isinstance(data, dict)
    return data


def _table_inputs(markdown: str) -> dict[str, str]:
    """First column and default column of the table under '## Inputs'."""
    section = markdown.split("## Inputs", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]*) \|", section, flags=re.M)
    return {name: default.strip().strip("`") for name, default in rows}


def test_action_inputs_are_exactly_the_settings() -> None:
    action = _action()
    inputs = action["inputs"]
    assert list(inputs) == [spec.name for spec in SPECS]
    for spec in SPECS:
        entry = inputs[spec.name]
        assert entry["description"].startswith(spec.description), spec.name
        expected = "${{ github.token }}" if spec.name == "github_token" else "" if spec.env else spec.default
        assert str(entry["default"]) == expected, spec.name
        for choice in spec.choices:
            assert choice in entry["description"], (spec.name, choice)


def test_action_outputs_and_runtime() -> None:
    action = _action()
    assert list(action["outputs"]) == list(OUTPUT_NAMES)
    assert action["runs"]["using"] == "docker"
    assert re.fullmatch(r"docker://ghcr\.io/[a-z0-9._/-]+@sha256:[0-9a-f]{64}", action["runs"]["image"])


def test_docs_inputs_table_matches_the_settings() -> None:
    table = _table_inputs((ROOT / "docs/action.md").read_text())
    assert list(table) == [spec.name for spec in SPECS]
    for spec in SPECS:
        expected = "${{ github.token }}" if spec.name == "github_token" else spec.default
        assert table[spec.name] == expected, spec.name


def test_readme_inputs_table_names_every_input() -> None:
    path = ROOT / "README.md"
    if not path.exists() or "## Inputs" not in path.read_text():
        pytest.skip("README.md has no inputs table")
    section = path.read_text().split("## Inputs", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^\| *`?([a-z0-9_]+)`? *\|", section, flags=re.M)
    assert [n for n in names if n not in {"input", "name"}] == [spec.name for spec in SPECS]


def test_docs_list_every_output() -> None:
    text = (ROOT / "docs/action.md").read_text()
    for name in OUTPUT_NAMES:
        assert f"`{name}`" in text


def test_workflows_and_dockerfile_pass_the_offline_lint() -> None:
    tools = ["check-jsonschema", "hadolint", "zizmor"]
    missing = [t for t in tools if not (ROOT / ".venv/bin" / t).exists() and shutil.which(t) is None]
    if missing:
        pytest.skip(f"missing lint tools: {', '.join(missing)}")
    done = subprocess.run(
        ["bash", str(ROOT / "scripts/lint_workflows.sh")], check=False, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "lint_workflows: ok" in done.stdout
