"""The rule engine: conditions, precedence, versions, errors with file and line, unclassified reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classifier.errors import ConfigError
from classifier.model import ClassifiedBy, Domain, ErrorRecord, Role, SourceKind, Stream
from classifier.rules.engine import _STATUS_IN_TEXT, status_of, to_classification
from classifier.rules.loader import load_rules, parse_rules
from classifier.rules.taxonomy import load_taxonomy

from .helpers import record

CI = load_taxonomy("ci")
HEADER = 'ruleset = "mine"\nversion = "7"\ntaxonomy = "ci"\n'


def write(tmp_path: Path, body: str, name: str = "mine.toml", header: str = HEADER) -> str:
    path = tmp_path / name
    path.write_text(header + body)
    return str(path)


def one_rule(tmp_path: Path, conditions: str) -> str:
    return write(tmp_path, f'[[rule]]\nid = "r"\ncategory = "timeout"\nconfidence = 0.5\n{conditions}\n')


CONDITION_CASES = [
    ("message = 'took (\\d+)s'", {"message": "step took 12s"}, {"message": "step took long"}),
    ("normalized = 'took <NUM>s'", {"message": "took 12s", "normalized": "took <NUM>s"}, {"message": "took 12s"}),
    (
        "any_line = 'deadline'",
        {"message": "boom", "context": ("x", "deadline hit")},
        {"message": "boom", "context": ("x",)},
    ),
    (
        "exception_type = '^Timeout'",
        {"message": "m", "exception_type": "TimeoutError"},
        {"message": "m", "exception_type": "OSError"},
    ),
    ("code = 'E42'", {"message": "m", "code": "E42"}, {"message": "m", "code": "E41"}),
    ("framework = ['pytest', 'go']", {"message": "m", "framework": "go"}, {"message": "m", "framework": "maven"}),
    ("tool_hint = 'timeout'", {"message": "m", "tool_hint": "timeout"}, {"message": "m", "tool_hint": "oom"}),
    ("kind = 'junit'", {"message": "m", "kind": SourceKind.JUNIT}, {"message": "m"}),
    ("role = 'symptom'", {"message": "m", "role": Role.SYMPTOM}, {"message": "m"}),
    ("http_status = 504", {"message": "m", "http_status": 504}, {"message": "m", "http_status": 500}),
    ("http_status = [408, '500-599']", {"message": "m", "http_status": 503}, {"message": "m", "http_status": 429}),
    ("http_status = '500-599'", {"message": "Error code: 502 - bad gateway"}, {"message": "Error code: 404"}),
    ("message = 'slow'\nunless = 'expected'", {"message": "slow"}, {"message": "slow", "context": ("expected",)}),
    (  # the record's own line as printed: the first context line holding the message, not any other line
        "log_line = '^\\[ant\\] '",
        {"message": "bad thing", "context": ("before", "[ant] x.java:3: error: bad thing")},
        {"message": "bad thing", "context": ("x.java:3: error: bad thing", "[ant] other")},
    ),
    ("log_line = '^boom'", {"message": "boom\nmore", "context": ()}, {"message": "a boom", "context": ()}),
]


@pytest.mark.parametrize(("conditions", "hit", "miss"), CONDITION_CASES)
def test_each_condition(tmp_path: Path, conditions: str, hit: dict[str, Any], miss: dict[str, Any]) -> None:
    rules = load_rules([one_rule(tmp_path, conditions)], CI, include_builtin=False)

    def run(fields: dict[str, Any]) -> object:
        fields = dict(fields)
        normalized = str(fields.pop("normalized", fields["message"]))
        message = str(fields.pop("message"))
        return rules.classify(record(message, **fields), normalized)

    match = run(hit)
    assert match is not None
    assert run(miss) is None


def test_all_conditions_must_hold(tmp_path: Path) -> None:
    rules = load_rules([one_rule(tmp_path, "framework = 'go'\nmessage = 'timed out'")], CI, include_builtin=False)
    assert rules.classify(record("test timed out", framework="go"), "") is not None
    assert rules.classify(record("test timed out", framework="pytest"), "") is None
    assert rules.classify(record("test failed", framework="go"), "") is None


def test_match_carries_reasoning_evidence_and_version(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[rule]]\nid = "slow.step"\ncategory = "timeout"\nconfidence = 0.6\ndescription = "a slow step"\n'
        "any_line = 'took too long'\n",
    )
    rules = load_rules([path], CI, include_builtin=False)
    match = rules.classify(record("step failed", context=("starting", "it took too long (600s)")), "")
    assert match is not None
    assert match.rule_id == "slow.step"
    assert match.category == "timeout"
    assert match.confidence == 0.6
    assert match.reasoning == f"rule slow.step ({path}): a slow step"
    assert match.evidence == "it took too long (600s)"
    assert match.ruleset_version == rules.version
    assert rules.version.startswith("mine@7#")


def test_evidence_is_the_matching_line_of_a_multiline_message(tmp_path: Path) -> None:
    rules = load_rules([one_rule(tmp_path, "message = 'Timeout'")], CI, include_builtin=False)
    match = rules.classify(record("Traceback:\n  File x\nTimeoutError: 30s\n"), "")
    assert match is not None
    assert match.evidence == "TimeoutError: 30s"


def test_user_rules_come_before_builtins_and_first_match_wins(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        '[[rule]]\nid = "first"\ncategory = "flaky_test"\nconfidence = 0.9\nmessage = "AssertionError"\n'
        '[[rule]]\nid = "second"\ncategory = "runtime_error"\nconfidence = 0.9\nmessage = "AssertionError"\n',
    )
    message = "AssertionError: assert 1 == 2"
    builtin_only = load_rules([], CI)
    builtin_match = builtin_only.classify(record(message), message)
    assert builtin_match is not None
    assert builtin_match.category == "assertion_failure"
    rules = load_rules([user], CI)
    match = rules.classify(record(message), message)
    assert match is not None
    assert (match.rule_id, match.category) == ("first", "flaky_test")
    assert rules.version.startswith("mine@7+ci-builtin@")
    assert len(rules) == len(builtin_only) + 2


def test_two_user_files_keep_their_order(tmp_path: Path) -> None:
    a = write(tmp_path, '[[rule]]\nid = "a"\ncategory = "timeout"\nmessage = "x"\n', "a.toml")
    b = write(tmp_path, '[[rule]]\nid = "b"\ncategory = "network_error"\nmessage = "x"\n', "b.toml")
    for paths, expected in (([a, b], "a"), ([b, a], "b")):
        match = load_rules(paths, CI, include_builtin=False).classify(record("x"), "x")
        assert match is not None
        assert match.rule_id == expected


def test_version_changes_when_a_rule_changes(tmp_path: Path) -> None:
    path = one_rule(tmp_path, "message = 'a'")
    before = load_rules([path], CI, include_builtin=False).version
    one_rule(tmp_path, "message = 'b'")
    after = load_rules([path], CI, include_builtin=False).version
    assert before != after
    assert before.split("#")[0] == after.split("#")[0] == "mine@7"


def test_user_file_for_another_taxonomy_is_skipped(tmp_path: Path) -> None:
    other = write(
        tmp_path,
        '[[rule]]\nid = "x"\ncategory = "auth"\nhttp_status = 401\n',
        header='ruleset = "api"\nversion = "1"\ntaxonomy = "llm_api"\n',
    )
    rules = load_rules([other], CI, include_builtin=False)
    assert len(rules) == 0
    assert len(load_rules([other], load_taxonomy("llm_api"), include_builtin=False)) == 1


BAD_FILES = [
    (
        '[[rule]]\nid = "a"\ncategory = "timeout"\nmessage = "ok"\n\n[[rule]]\nid = "b"\ncategory = "timeout"\n'
        'message = "(unclosed"\n',
        ":9: rule 'b': bad message regex",
    ),
    ('[[rule]]\nid = "a"\ncategory = "nope"\nmessage = "x"\n', ":4: rule 'a': category 'nope' is not in taxonomy ci"),
    ('[[rule]]\nid = "a"\ncategory = "timeout"\nmesage = "x"\n', ":4: unknown rule key(s) ['mesage']"),
    (
        '[[rule]]\nid = "a"\ncategory = "timeout"\nmessage = "x"\n[[rule]]\nid = "a"\ncategory = "timeout"\n'
        'message = "y"\n',
        ":8: duplicate rule id 'a'",
    ),
    ('[[rule]]\nid = "a"\ncategory = "timeout"\n', ":4: rule 'a': a rule needs at least one condition"),
    ('[[rule]]\nid = "a"\ncategory = "timeout"\nkind = "syslog"\n', ":4: rule 'a': kind ['syslog']"),
    ('[[rule]]\nid = "a"\ncategory = "timeout"\nhttp_status = "5xx"\n', ":4: rule 'a': http_status '5xx'"),
    ('[[rule]]\nid = "a"\ncategory = "timeout"\nconfidence = 2\nmessage = "x"\n', ":4: rule 'a': confidence"),
    ('[[rule]\nid = "a"\n', ":4:"),  # TOML syntax error, tomllib's line
]


@pytest.mark.parametrize(("body", "expected"), BAD_FILES)
def test_bad_rule_file_names_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, body, "bad.toml")
    with pytest.raises(ConfigError) as caught:
        load_rules([path], CI, include_builtin=False)
    assert str(caught.value).startswith(path)
    assert expected in str(caught.value)


def test_rule_file_for_wrong_taxonomy_is_rejected_by_the_parser() -> None:
    with pytest.raises(ConfigError, match="not 'ci'"):
        parse_rules('ruleset = "x"\nversion = "1"\ntaxonomy = "llm_api"\n', "x.toml", CI)


def test_missing_rule_file() -> None:
    with pytest.raises(ConfigError, match="cannot read rule file"):
        load_rules(["does/not/exist.toml"], CI)


def test_classification_from_match_records_versions(tmp_path: Path) -> None:
    rules = load_rules([one_rule(tmp_path, "message = 'slow'")], CI)
    rec = record("slow")
    label = to_classification("fp1", rules.classify(rec, "slow"), rules, rec, normalizer_version="v1")
    assert label.classified_by is ClassifiedBy.RULE
    assert (label.category, label.domain, label.rule_id) == ("timeout", Domain.INFRASTRUCTURE, "r")
    assert (label.taxonomy, label.taxonomy_version) == ("ci", CI.version)
    assert label.ruleset_version == rules.version
    assert label.normalizer_version == "v1"
    assert label.evidence == "slow"
    assert label.is_classified


def test_unclassified_says_why(tmp_path: Path) -> None:
    rules = load_rules([], CI)
    rec = record("something odd happened", framework="maven", exception_type="Weird")
    label = rules.classification("fp2", rec, "something odd happened")
    assert label.classified_by is ClassifiedBy.NONE
    assert not label.is_classified
    assert label.category == "unknown"
    assert label.domain is Domain.UNKNOWN
    assert label.confidence == 0.0
    assert label.ruleset_version == rules.version
    assert label.reasoning.startswith(f"no rule matched: {len(rules)} rules ({rules.version}) checked")
    assert "framework='maven'" in label.reasoning
    assert "exception_type='Weird'" in label.reasoning


def test_builtin_rule_sets_load_for_every_stream() -> None:
    for name in ("ci", "llm_api", "data_pipeline"):
        rules = load_rules([], load_taxonomy(name))
        assert len(rules) > 5
        assert rules.version.startswith(f"{name}-builtin@")


@pytest.mark.parametrize(
    ("message", "fields", "expected"),
    [
        ("[ERROR] /src/App.java:[42,17] cannot find symbol", {"framework": "maven"}, "compilation_error"),
        (
            "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:2.17:check (validate) "
            "on project core: You have 2 Checkstyle violations. -> [Help 1]",
            {},
            "lint_error",
        ),
        ("[ERROR] src/main/java/A.java[27] (blocks) NeedBraces: 'if' construct must use '{}'s.", {}, "lint_error"),
        ("[ERROR] /src/A.java:12: error: @param name not found", {}, "lint_error"),
        (
            "[ERROR] Failed to execute goal com.mycila:license-maven-plugin:2.3:check (check-license) on project x: "
            "Some files do not have the expected license header -> [Help 1]",
            {},
            "lint_error",
        ),
        (
            "[ERROR] Failed to execute goal on project x: Could not resolve dependencies for project a:b:jar:1",
            {},
            "dependency_error",
        ),
        ("ModuleNotFoundError: No module named 'yaml'", {}, "dependency_error"),
        ("java.lang.OutOfMemoryError: Java heap space", {}, "resource_exhaustion"),
        ("write /tmp/x: no space left on device", {}, "resource_exhaustion"),
        ("fatal: unable to access 'https://x/': Could not resolve host: x", {}, "network_error"),
        ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", {}, "infrastructure_error"),
        ("Error: Input required and not supplied: token", {}, "configuration_error"),
        ("No output has been received in the last 10m0s, this potentially indicates a stalled build", {}, "timeout"),
        ("org.junit.ComparisonFailure: expected:<[foo]> but was:<[bar]>", {}, "assertion_failure"),
        ("boom", {"exception_type": "java.lang.AssertionError"}, "assertion_failure"),
        ("java.lang.NullPointerException", {"exception_type": "java.lang.NullPointerException"}, "runtime_error"),
        ("Segmentation fault (core dumped)", {}, "crash"),
        ("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1", {}, "flaky_test"),
        ("anything", {"tool_hint": "oom"}, "resource_exhaustion"),
        ("anything", {"tool_hint": "checkstyle"}, "lint_error"),
        ("anything", {"tool_hint": "flaky"}, "flaky_test"),
        ("Tests run: 10, Failures: 2, Errors: 0, Skipped: 0", {"role": Role.SYMPTOM}, "assertion_failure"),
    ],
)
def test_builtin_ci_rules(message: str, fields: dict[str, Any], expected: str) -> None:
    rules = load_rules([], CI)
    match = rules.classify(record(message, **fields), message)
    assert match is not None, message
    assert match.category == expected, match.reasoning


def test_builtin_ci_rules_leave_a_bare_exit_code_unclassified() -> None:
    rules = load_rules([], CI)
    message = "Process completed with exit code 1."
    assert rules.classify(record(message, tool_hint="exit_code", role=Role.SYMPTOM), message) is None


@pytest.mark.parametrize(
    ("message", "fields", "expected"),
    [
        (
            "BinderException: Referenced column amount not found",
            {"exception_type": "BinderException"},
            "WORKFLOW_ENGINE",
        ),
        (
            "An error occurred (404) when calling the HeadObject operation: Not Found",
            {"exception_type": "ReadException"},
            "THIRD_PARTY_SYSTEM",
        ),
        ("Could not convert string 'N/A' to INT32", {"exception_type": "ConversionException"}, "INPUT_DATA_QUALITY"),
        ("Xledger API validation error", {"exception_type": "UnhandledXledgerException"}, "THIRD_PARTY_SYSTEM"),
        ("503 Service Unavailable", {"http_status": 503}, "THIRD_PARTY_SYSTEM"),
    ],
)
def test_builtin_data_pipeline_rules(message: str, fields: dict[str, Any], expected: str) -> None:
    rules = load_rules([], load_taxonomy("data_pipeline"))
    match = rules.classify(record(message, stream=Stream.DATA_PIPELINE, kind=SourceKind.PIPELINE_RECORD, **fields), "")
    assert match is not None
    assert match.category == expected


@pytest.mark.parametrize(
    "message",
    [
        "Error code: 429 - rate limited",
        "ERROR CODE=503",
        "HTTP/1.1 502 Bad Gateway",
        "http 404 not found",
        "Status Code: 500",
        "status: (401) unauthorized",
        "ſtatus: 500",  # the long s matches `s` case-insensitively and is no ASCII: searched, not gated
        "build failed: exit 503",
        "x" * 295 + "status 500",  # the word cut at the 300th character
        "",
    ],
)
def test_status_of_reads_what_the_status_pattern_finds(message: str) -> None:
    found = _STATUS_IN_TEXT.search(message[:300])
    assert status_of(ErrorRecord("a.log", SourceKind.GHA_LOG, message)) == (int(found.group(1)) if found else None)
