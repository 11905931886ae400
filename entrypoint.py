"""Docker action entry point: settings -> `classifier/modes/<mode>` -> ModeResult -> publish -> exit code.

It never fails the caller's job unless `fail_on` asks: its own errors are reported in the job summary
and as a warning annotation.
"""

from __future__ import annotations

import os
import sys
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
from classifier.modes import batch, realtime, reclassify, validate
from classifier.modes.result import ModeResult
from classifier.settings import SPECS, FailOn, Mode, Settings, load_settings
from classifier.sources.github_run import Target

STATE_DIR = "ci-classify"  # under the action's home: what the shipped workflows cache


@dataclass(slots=True)
class Outcome:
    result: ModeResult | None = None
    target: Target | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def analysis(self) -> Analysis | None:
        return self.result.analysis if self.result is not None else None


def _unreadable(outcome: Outcome) -> bool:
    return outcome.analysis is not None and not outcome.analysis.access.analysed


def decide_exit(fail_on: FailOn, outcome: Outcome) -> int:
    """The one place the exit code is decided: never < unreadable < error < failure."""
    found = outcome.analysis is not None and bool(outcome.analysis.groups) and not _unreadable(outcome)
    unreadable = _unreadable(outcome)
    if fail_on is FailOn.UNREADABLE and unreadable:
        return 1
    if fail_on is FailOn.ERROR and (outcome.errors or unreadable):
        return 1
    if fail_on is FailOn.FAILURE and (found or outcome.errors or unreadable):
        return 1
    return 0


def _realtime(settings: Settings, environ: Mapping[str, str], client: GitHubClient) -> tuple[ModeResult, Target]:
    return realtime.run(settings, environ, client)


def _batch(settings: Settings, environ: Mapping[str, str], client: GitHubClient) -> tuple[ModeResult, None]:
    return batch.run(settings), None


def _reclassify(settings: Settings, environ: Mapping[str, str], client: GitHubClient) -> tuple[ModeResult, None]:
    return reclassify.run(settings), None


def _validate(settings: Settings, environ: Mapping[str, str], client: GitHubClient) -> tuple[ModeResult, None]:
    return validate.run(settings, client, Path(settings.output_dir) / "validation-report.md"), None


Runner = Callable[[Settings, Mapping[str, str], GitHubClient], tuple[ModeResult, Target | None]]
MODES: Mapping[Mode, Runner] = {
    Mode.REALTIME: _realtime,
    Mode.BATCH: _batch,
    Mode.RECLASSIFY: _reclassify,
    Mode.VALIDATE: _validate,
}


def state_outside_workspace(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """On a runner, the store's default place is the action's home (`HOME`: `/github/home` in a Docker
    action, which is `runner.temp/_github_home` on the runner), else `RUNNER_TEMP`: never the workspace,
    which a checkout cleans. A `db_path` input or `CI_CLASSIFY_DB` is used as given."""
    given = environ.get("INPUT_DB_PATH", "").strip() or environ.get("CI_CLASSIFY_DB", "").strip()
    if given or environ.get("GITHUB_ACTIONS") != "true":
        return settings
    workspace = Path(environ.get("GITHUB_WORKSPACE") or ".").resolve()
    for home in (environ.get("HOME", ""), environ.get("RUNNER_TEMP", "")):
        if home and Path(home).is_absolute() and not Path(home).resolve().is_relative_to(workspace):
            return replace(settings, db_path=str(Path(home) / STATE_DIR / "classifier.db"))
    return settings


def _run_mode(settings: Settings, environ: Mapping[str, str], client: GitHubClient, outcome: Outcome) -> None:
    result, outcome.target = MODES[settings.mode](settings, environ, client)
    outcome.result = result
    sys.stdout.write(result.text)
    if result.mode is not Mode.REALTIME and result.exit_code != 0:
        outcome.errors.append(f"mode '{result.mode}' reported problems (see the log)")


def _publish(settings: Settings, commands: WorkflowCommands, client: GitHubClient, outcome: Outcome) -> None:
    analysis, target = outcome.analysis, outcome.target
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
    result = outcome.result
    if result is not None and result.markdown and settings.summary:
        commands.append_summary(result.markdown)
    for name, value in action_outputs(outcome.analysis, result.report_path if result else "").items():
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
    report_path = outcome.result.report_path if outcome.result else ""  # says `access.analysed: false`
    for name, value in not_analysed_outputs(headline(found), report_path).items():
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
        return decide_exit(FailOn(fail_on) if fail_on in set(FailOn) else FailOn.NEVER, outcome)
    settings = state_outside_workspace(settings, environ)
    for spec in SPECS:
        if spec.kind == "secret":
            commands.add_mask(str(getattr(settings, spec.name)))
    outcome = Outcome()
    client = GitHubClient(settings.github_api_url, settings.github_token)
    try:
        _run_mode(settings, environ, client, outcome)
    except ConfigError as exc:
        outcome.errors.append(f"configuration error: {exc}")
    except ClassifierError as exc:
        outcome.errors.append(str(exc))
    except Exception as exc:  # a bug: report it, never break the caller's job
        traceback.print_exc(file=sys.stderr)
        outcome.errors.append(f"internal error ({type(exc).__name__}: {exc}); please report it")
    try:
        _publish(settings, commands, client, outcome)
    except Exception as exc:  # publishing must not break the caller's job either
        traceback.print_exc(file=sys.stderr)
        outcome.errors.append(f"publishing failed ({type(exc).__name__}: {exc})")
        commands.warning(outcome.errors[-1], title="ci-classify")
    finally:
        client.close()
    return decide_exit(settings.fail_on, outcome)


if __name__ == "__main__":
    sys.exit(main())
