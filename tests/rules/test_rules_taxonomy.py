"""Taxonomies: built-ins load and validate; user files in the same format; errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.errors import ConfigError
from classifier.model import Domain, Stream
from classifier.rules.taxonomy import builtin_names, builtin_taxonomy, load_taxonomy

CI_CATEGORIES = {
    "dependency_error",
    "timeout",
    "resource_exhaustion",
    "network_error",
    "assertion_failure",
    "compilation_error",
    "runtime_error",
    "infrastructure_error",
    "configuration_error",
    "flaky_test",
    "lint_error",
    "crash",
    "unknown",
}


def test_builtins_cover_every_stream() -> None:
    assert set(builtin_names()) == {s.value for s in Stream}
    for stream in Stream:
        taxonomy = builtin_taxonomy(stream)
        assert taxonomy.stream is stream
        assert taxonomy.default_category in taxonomy.names
        assert taxonomy.version
        for category in taxonomy.categories:
            assert category.description, category.name
            if category.name != taxonomy.default_category:
                assert category.examples, f"{taxonomy.name}.{category.name} needs examples for the prompt"


def test_ci_taxonomy_categories_and_domains() -> None:
    ci = load_taxonomy("ci")
    assert set(ci.names) == CI_CATEGORIES
    assert ci.domain_of("lint_error") is Domain.CODE
    assert ci.domain_of("compilation_error") is Domain.CODE
    assert ci.domain_of("crash") is Domain.CODE
    assert ci.domain_of("infrastructure_error") is Domain.INFRASTRUCTURE
    assert ci.domain_of("unknown") is Domain.UNKNOWN
    assert ci.domain_of("no_such_category") is Domain.UNKNOWN
    assert ci.rank_of("compilation_error") < ci.rank_of("assertion_failure") < ci.rank_of("unknown")


def test_llm_api_and_data_pipeline_categories() -> None:
    assert set(load_taxonomy("llm_api").names) == {
        "auth",
        "billing",
        "rate_limit",
        "hard_model",
        "hard_capability",
        "transient_provider",
        "network",
        "unknown",
    }
    pipeline = load_taxonomy("data_pipeline")
    assert set(pipeline.names) == {"INPUT_DATA_QUALITY", "WORKFLOW_ENGINE", "THIRD_PARTY_SYSTEM", "UNKNOWN"}
    assert pipeline.default_category == "UNKNOWN"


def test_user_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nversion = "3"\nstream = "ci"\ndefault_category = "other"\nextends = "ci"\n'
        '[[category]]\nname = "gpu"\ndomain = "infrastructure"\nrank = 5\ndescription = "GPU trouble"\n'
        'examples = ["CUDA error: no CUDA-capable device is detected"]\n'
        '[[category]]\nname = "other"\n'
    )
    taxonomy = load_taxonomy(str(path))
    assert (taxonomy.name, taxonomy.version, taxonomy.extends) == ("mine", "3", "ci")
    assert taxonomy.names == (*load_taxonomy("ci").names, "gpu", "other")
    assert taxonomy.domain_of("gpu") is Domain.INFRASTRUCTURE
    assert taxonomy.rank_of("other") == 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nversion = "1"\nstream = "ci"\n[[category]\n', ":4:"),  # TOML syntax error: line 4
        (
            'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "a"\n[[category]]\nname = "a"\n'
            '[[category]]\nname = "b"\ndomain = "cloud"\n',
            ":7: category 'b': domain 'cloud'",
        ),
        (
            'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "a"\n[[category]]\nname = "a"\n'
            '[[category]]\nname = "a"\n',
            ":7: duplicate category 'a'",
        ),
        (
            'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "z"\n[[category]]\nname = "a"\n',
            "default_category",
        ),
        (
            'name = "x"\nversion = "1"\nstream = "web"\ndefault_category = "a"\n[[category]]\nname = "a"\n',
            "stream 'web'",
        ),
        (
            'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "a"\nextends = "nope"\n'
            '[[category]]\nname = "a"\n',
            "extends 'nope' is not a built-in",
        ),
        (
            'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "a"\n[[category]]\nname = "a"\ncolour = 1\n',
            ":5: unknown category key(s) ['colour']",
        ),
    ],
)
def test_invalid_taxonomy_names_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_taxonomy(str(path))
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_standalone_taxonomy_has_only_its_categories(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(
        'name = "tiny"\nversion = "1"\nstream = "ci"\ndefault_category = "b"\n'
        '[[category]]\nname = "a"\n[[category]]\nname = "b"\n'
    )
    assert load_taxonomy(str(path)).names == ("a", "b")


def test_extends_replaces_same_named_categories(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(
        'name = "x"\nversion = "1"\nstream = "ci"\ndefault_category = "unknown"\nextends = "ci"\n'
        '[[category]]\nname = "timeout"\ndomain = "code"\nrank = 1\n'
    )
    taxonomy = load_taxonomy(str(path))
    assert taxonomy.names == load_taxonomy("ci").names
    assert taxonomy.domain_of("timeout") is Domain.CODE
    assert taxonomy.rank_of("timeout") == 1


def test_unknown_taxonomy_name() -> None:
    with pytest.raises(ConfigError, match="not a built-in"):
        load_taxonomy("no-such-taxonomy")
