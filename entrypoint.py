"""Docker action entry point: settings -> run the mode -> publish -> exit code.

It never fails the caller's job unless `fail_on` asks: its own errors are reported in the job summary
and as a warning annotation.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from classifier.access import RunAccess, describe
from classifier.errors import ClassifierError, ConfigError
from classifier.github.api import GitHubClient
from classifier.github.commands import WorkflowCommands
from classifier.github.not_analysed import TITLE, headline, not_analysed_markdown, not_analysed_outputs
from classifier.github.publish import (
    PublishOptions,
    action_outputs,
    own_errors_markdown,
    publish_analysis,
    publish_pr_comment,
)
from classifier.model import Analysis
from classifier.report.json_report import render_json
from classifier.settings import SPECS, Settings, load_settings
from classifier.sources.github_run import RunReader, Target, resolve_target


@dataclass(slots=True)
class Outcome:
    analysis: Analysis | None = None
    errors: list[str] = field(default_factory=list)
    report_path: str = ""
    markdown: str = ""  # a mode's own report for the job summary (validate)


def _unreadable(outcome: Outcome) -> bool:
    return outcome.analysis is not None and not outcome.analysis.access.analysed


def decide_exit(fail_on: str, outcome: Outcome) -> int:
    """The one place the exit code is decided: never < unreadable < error < failure."""
    found = outcome.analysis is not None and bool(outcome.analysis.groups) and not _unreadable(outcome)
    unreadable = _unreadable(outcome)
    if fail_on == "unreadable" and unreadable:
        return 1
    if fail_on == "error" and (outcome.errors or unreadable):
        return 1
    if fail_on == "failure" and (found or outcome.errors or unreadable):
        return 1
    return 0


def _degrade_notes(settings: Settings) -> list[str]:
    notes = []
    if not settings.opensearch_url:
        notes.append(f"Store: SQLite at {settings.db_path} (no OpenSearch configured).")
    if not settings.github_token and not settings.llm_configured:
        notes.append("Running without secrets (fork pull request?): rules and SQLite only.")
    return notes


def _realtime(settings: Settings, environ: Mapping[str, str], outcome: Outcome, client: GitHubClient) -> Target:
    from classifier.classify import Tier  # noqa: PLC0415 (keeps `validate` light)
    from classifier.pipeline import analyze  # noqa: PLC0415
    from classifier.wiring import Vocabularies, cache_policy, open_store, utc_now  # noqa: PLC0415
    from classifier.workers import auto_workers  # noqa: PLC0415

    target = resolve_target(settings, environ)
    Path(settings.db_path).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ci-classify-") as workdir:
        material = RunReader(client, settings, Path(workdir)).read(target)
        store = open_store(settings)
        try:
            outcome.analysis = analyze(
                material.items,
                vocabularies=Vocabularies(settings, store, tier=Tier.REALTIME),
                store=store,
                run=material.run,
                clock=utc_now,
                cache=cache_policy(settings),
                tier=Tier.REALTIME,
                notes=[
                    *material.notes,
                    *_baseline_notes(material.access),
                    *settings.ignored,
                    *_degrade_notes(settings),
                ],
                workers=auto_workers(),
                baseline=material.baseline or None,
            )
            outcome.analysis = replace(outcome.analysis, access=replace(material.access, api_calls=client.calls))
        finally:
            store.close()
    return target


def _baseline_notes(access: RunAccess) -> list[str]:
    if access.baseline is not None:
        ref = access.baseline
        return [f"Compared with the passing logs of {', '.join(ref.jobs)} in run {ref.run_id} on {ref.branch}."]
    return [access.baseline_note] if access.baseline_note else []


def _other_mode(settings: Settings, client: GitHubClient, outcome: Outcome) -> None:
    if settings.mode == "validate":
        from classifier.commands.validate import run_validation  # noqa: PLC0415

        path = Path(settings.output_dir) / "validation-report.md"
        outcome.report_path = str(path)
        outcome.markdown = run_validation(settings, client, settings.hours, path)
        return
    try:
        module = importlib.import_module(f"classifier.{settings.mode}")
    except ImportError:
        outcome.errors.append(f"mode '{settings.mode}' is not available in this build")
        return
    runner: Callable[[Settings], int] = getattr(module, f"run_{settings.mode}")
    code = runner(settings)
    reports = sorted(Path(settings.output_dir).glob(f"{settings.mode}-summary*.json"))
    outcome.report_path = str(reports[-1]) if reports else ""
    outcome.markdown = f"## ci-classify {settings.mode}\n\nFinished with exit code {code}; details in the step log"
    outcome.markdown += f" and `{outcome.report_path}`.\n" if outcome.report_path else ".\n"
    if code != 0:
        outcome.errors.append(f"mode '{settings.mode}' reported problems (see the log)")


def _write_report(settings: Settings, outcome: Outcome) -> None:
    if outcome.analysis is None:
        return
    path = Path(settings.output_dir) / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_json(outcome.analysis), encoding="utf-8")
    outcome.report_path = str(path)


def _publish(
    settings: Settings, commands: WorkflowCommands, client: GitHubClient, target: Target | None, outcome: Outcome
) -> None:
    analysis = outcome.analysis
    if analysis is not None and not analysis.access.analysed:
        _publish_unreadable(settings, commands, analysis.access, outcome)
        return
    if analysis is not None:
        analysis = replace(analysis, access=replace(analysis.access, api_calls=client.calls))
        pr_files: list[str] = []
        pr = analysis.run.pr_number
        if pr and client.has_token and target is not None and settings.annotations:
            try:
                pr_files = client.pr_files(target.repository, pr)
            except ClassifierError as exc:
                analysis = replace(analysis, notes=(*analysis.notes, f"PR files not read: {exc}"))
        options = PublishOptions(settings.summary, settings.annotations, settings.pr_comment)
        publish_analysis(analysis, commands, options, pr_files)
        if settings.pr_comment and pr and client.has_token and target is not None:
            try:
                publish_pr_comment(client, target.repository, pr, analysis)
            except ClassifierError as exc:
                outcome.errors.append(f"pull-request comment not written: {exc}")
    if outcome.markdown and settings.summary:
        commands.append_summary(outcome.markdown)
    for name, value in action_outputs(outcome.analysis, outcome.report_path).items():
        commands.set_output(name, value)
    if outcome.errors:
        if settings.summary:
            commands.append_summary(own_errors_markdown(outcome.errors))
        for error in outcome.errors:
            commands.warning(error, title="ci-classify")


def _publish_unreadable(settings: Settings, commands: WorkflowCommands, access: RunAccess, outcome: Outcome) -> None:
    """Say the run was not analysed and why; no PR comment (an existing one stays as it is)."""
    found = access.unreadable
    assert found is not None
    if settings.summary:
        commands.append_summary(not_analysed_markdown(access))
    commands.warning(f"{headline(found)} {describe(found)}", title=TITLE)
    for name, value in not_analysed_outputs(headline(found)).items():
        commands.set_output(name, value)
    if outcome.errors and settings.summary:
        commands.append_summary(own_errors_markdown(outcome.errors))


def main(environ: Mapping[str, str] = os.environ, stream: TextIO | None = None) -> int:
    commands = WorkflowCommands.from_env(environ, stream)
    try:
        settings = load_settings(environ)
    except ConfigError as exc:
        outcome = Outcome(errors=[f"configuration error: {exc}"])
        commands.append_summary(own_errors_markdown(outcome.errors))
        commands.warning(outcome.errors[0], title="ci-classify")
        for name, value in not_analysed_outputs(outcome.errors[0]).items():
            commands.set_output(name, value)
        fail_on = environ.get("INPUT_FAIL_ON", "never").strip()
        return decide_exit(fail_on if fail_on in {"error", "failure"} else "never", outcome)
    for spec in SPECS:
        if spec.kind == "secret":
            commands.add_mask(str(getattr(settings, spec.name)))
    outcome = Outcome()
    client = GitHubClient(settings.github_api_url, settings.github_token)
    target: Target | None = None
    try:
        if settings.mode == "realtime":
            target = _realtime(settings, environ, outcome, client)
            _write_report(settings, outcome)
        else:
            _other_mode(settings, client, outcome)
    except ConfigError as exc:
        outcome.errors.append(f"configuration error: {exc}")
    except ClassifierError as exc:
        outcome.errors.append(str(exc))
    except Exception as exc:  # a bug: report it, never break the caller's job
        traceback.print_exc(file=sys.stderr)
        outcome.errors.append(f"internal error ({type(exc).__name__}: {exc}); please report it")
    try:
        _publish(settings, commands, client, target, outcome)
    except Exception as exc:  # publishing must not break the caller's job either
        traceback.print_exc(file=sys.stderr)
        outcome.errors.append(f"publishing failed ({type(exc).__name__}: {exc})")
        commands.warning(outcome.errors[-1], title="ci-classify")
    finally:
        client.close()
    return decide_exit(settings.fail_on, outcome)


if __name__ == "__main__":
    sys.exit(main())
