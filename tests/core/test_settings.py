from __future__ import annotations

import pytest

from classifier.errors import ConfigError
from classifier.settings import SPECS, load_settings


def test_defaults_without_environment() -> None:
    settings = load_settings({})
    assert settings.mode == "realtime"
    assert settings.max_rpm == 50 and settings.min_confidence_for_reuse == 0.8
    assert settings.paths == ("test-results/**/*.xml", "build-logs/**/*.log")
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
        ({"INPUT_MAX_RPM": "fast"}, "input 'max_rpm' must be a int"),
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
