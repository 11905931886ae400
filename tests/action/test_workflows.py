"""The shipped workflows keep the failure store between runs and work from other repositories (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from classifier.settings import load_settings
from entrypoint import STATE_DIR, state_outside_workspace

ROOT = Path(__file__).resolve().parents[2]
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github/workflows" / name).read_text())
    assert isinstance(data, dict)
    return data


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def _uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", ""))


def _check_store(job: dict[str, Any]) -> None:
    """A SHA-pinned cache keyed per repository and restored by prefix, before the action, whose db is there."""
    steps = _steps(job)
    cache = next(i for i, s in enumerate(steps) if _uses(s).startswith("actions/cache@"))
    action = next(i for i, s in enumerate(steps) if _uses(s).startswith("./.ci-failure-classifier"))
    assert cache < action and SHA_PIN.match(_uses(steps[cache]))
    given = steps[cache]["with"]
    assert "${{ github.repository }}" in given["key"] and given["key"].startswith(given["restore-keys"])
    assert given["path"] == f"${{{{ runner.temp }}}}/_github_home/{STATE_DIR}"  # the host side of /github/home
    assert steps[action]["with"]["db_path"] == _default_db(), "outside the workspace, where the action keeps it"


def _default_db() -> str:
    """Where the action puts its store by default inside its container (HOME is /github/home)."""
    environ = {"GITHUB_ACTIONS": "true", "HOME": "/github/home", "GITHUB_WORKSPACE": "/github/workspace"}
    return state_outside_workspace(load_settings({}), environ).db_path


def test_the_store_defaults_outside_the_workspace() -> None:
    assert _default_db() == f"/github/home/{STATE_DIR}/classifier.db"
    on_host = {
        "GITHUB_ACTIONS": "true",
        "HOME": "/home/runner/work/app/app",
        "GITHUB_WORKSPACE": "/home/runner/work/app/app",
    }
    temp = state_outside_workspace(load_settings({}), {**on_host, "RUNNER_TEMP": "/home/runner/work/_temp"})
    assert temp.db_path == f"/home/runner/work/_temp/{STATE_DIR}/classifier.db"  # HOME inside the workspace
    given = {**on_host, "INPUT_DB_PATH": "state/x.db"}
    assert state_outside_workspace(load_settings(given), given).db_path == "state/x.db"  # as given
    assert state_outside_workspace(load_settings({}), {}).db_path == load_settings({}).db_path  # not a runner


def test_every_action_is_pinned_by_sha_and_no_workflow_uses_the_callers_root() -> None:
    for path in [*(ROOT / ".github/workflows").glob("*.yml"), *(ROOT / "examples/workflows").glob("*.yml")]:
        data = yaml.safe_load(path.read_text())
        for job in data["jobs"].values():
            for step in _steps(job):
                uses = _uses(step)
                assert uses != "./", f"{path.name}: `uses: ./` runs the caller's repository, not the action"
                if uses and not uses.startswith("./"):
                    assert SHA_PIN.match(uses), (path.name, uses)


def test_classify_keeps_the_store_between_runs() -> None:
    _check_store(_workflow("classify.yml")["jobs"]["classify"])


def test_backlog_is_callable_hourly_shards_uploads_and_reclassifies_in_one_job() -> None:
    data = _workflow("backlog.yml")
    triggers = data[True]  # YAML 1.1 reads the key `on` as True
    assert "workflow_call" in triggers and "workflow_dispatch" in triggers
    assert triggers["schedule"][0]["cron"].split()[1:] == ["*", "*", "*", "*"], "hourly"
    assert "reclassify_filter" in triggers["workflow_dispatch"]["inputs"]
    assert "reclassify_filter" in triggers["workflow_call"]["inputs"]
    backlog, reclassify = data["jobs"]["backlog"], data["jobs"]["reclassify"]
    _check_store(backlog)
    _check_store(reclassify)
    assert "matrix" in backlog["strategy"] and "strategy" not in reclassify
    for job, mode in ((backlog, "batch"), (reclassify, "reclassify")):
        action = next(s for s in _steps(job) if _uses(s).startswith("./.ci-failure-classifier"))
        assert action["with"]["mode"] == mode
        checkout = next(s for s in _steps(job) if _uses(s).startswith("actions/checkout@"))
        assert checkout["with"]["path"] == ".ci-failure-classifier"
        assert "inputs.classifier_repository" in checkout["with"]["repository"]
        upload = next(s for s in _steps(job) if _uses(s).startswith("actions/upload-artifact@"))
        assert upload["if"] == "always()" and "-summary" in upload["with"]["path"]
    assert reclassify["steps"][-2]["with"]["reclassify_filter"] == "${{ inputs.reclassify_filter }}"
