from __future__ import annotations

import pytest

from classifier.errors import ConfigError
from classifier.settings import SPECS, load_settings


def test_defaults_without_environment() -> None:
    settings = load_settings({})
    assert settings.mode == "realtime"
    assert settings.max_rpm == 50 and settings.min_confidence_for_reuse == 0.8
    assert settings.paths == (
        "test-results/**/*.xml",
        "test-results/**/*.trx",
        "test-results/**/*.json",
        "test-results/**/*.sarif",
        "build-logs/**/*.log",
        "build-logs/**/*.txt",
    )
    assert not settings.llm_configured


def test_input_beats_environment_and_seed_names_work() -> None:
    env = {
        "INPUT_MAX_RPM": "10",
        "MAX_RPM": "99",
        "ANTHROPIC_API_KEY": "k",
        "CLASSIFY_REALTIME_THRESHOLD": "infrastructure,timeout",
    }
    settings = load_settings(env)
    assert settings.max_rpm == 10
    assert settings.llm_configured
    assert settings.classify_realtime_threshold == ("infrastructure", "timeout")


def test_overrides_beat_inputs() -> None:
    assert load_settings({"INPUT_TAXONOMY": "llm_api"}, {"taxonomy": "ci"}).taxonomy == "ci"


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"INPUT_MODE": "sideways"}, "input 'mode' is 'sideways'; allowed: realtime, batch, reclassify, validate"),
        ({"INPUT_MAX_RPM": "fast"}, "input 'max_rpm' must be a whole number, got 'fast'"),
        ({"INPUT_SUMMARY": "maybe"}, "input 'summary' must be true or false"),
    ],
)
def test_invalid_values_name_the_input(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    assert fragment in str(info.value)


def test_every_spec_has_a_description_and_snake_case_name() -> None:
    for spec in SPECS:
        assert spec.description and spec.name == spec.name.lower() and "-" not in spec.name


def test_unrelated_job_variables_neither_override_nor_abort() -> None:
    """A job's own REPOSITORY, RUN_ID, HOURS, SHARD, RULES, DB_PATH are not ours; only documented names are."""
    env = {
        "GITHUB_REPOSITORY": "octo/app",
        "GITHUB_RUN_ID": "1001",
        "REPOSITORY": "someone/else",
        "RUN_ID": "not-a-number",
        "HOURS": "many",
        "SHARD": "x",
        "RULES": "/nonexistent.toml",
        "DB_PATH": "/tmp/other.db",
        "BATCH_SIZE": "auto",
    }
    settings = load_settings(env)
    assert (settings.repository, settings.run_id, settings.hours, settings.shard) == ("octo/app", 1001, 24, "")
    assert settings.rules == () and settings.db_path == ".ci-classify/classifier.db"
    assert settings.batch_size == 10  # BATCH_SIZE is a seed name, but "auto" is not a batch size: ignored
    assert settings.ignored == (
        "environment variable BATCH_SIZE ignored (input 'batch_size' must be a whole number, got 'auto'); "
        "the default applies",
    )


def test_documented_environment_names_still_apply() -> None:
    env = {"REPO": "octo/seed", "HOURS_BACK": "6", "BATCH_SIZE": "25", "CI_CLASSIFY_DB": "/tmp/x.db"}
    settings = load_settings(env)
    assert (settings.repository, settings.hours, settings.batch_size) == ("octo/seed", 6, 25)
    assert settings.db_path == "/tmp/x.db" and settings.ignored == ()


def test_a_bad_input_is_an_error_naming_the_allowed_values() -> None:
    with pytest.raises(ConfigError, match="input 'fail_on' is 'sometimes'; allowed: never, unreadable, error, failure"):
        load_settings({"INPUT_FAIL_ON": "sometimes"})
    with pytest.raises(ConfigError, match="input 'batch_size' must be a whole number, got 'auto'"):
        load_settings({"INPUT_BATCH_SIZE": "auto"})
