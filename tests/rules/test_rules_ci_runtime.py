"""Errors raised while tests run: imports, connections, summaries, flaky reruns, and their ranks."""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.fingerprint import fingerprint
from classifier.model import Classification, ClassifiedBy, Domain, Occurrence, Role, Severity, SourceKind
from classifier.normalize import normalize
from classifier.rules.engine import RuleMatch
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary, rule_ranks
from classifier.rules.taxonomy import load_taxonomy
from classifier.sources.base import Document
from classifier.sources.files import iter_documents

from .helpers import REPO_ROOT, occurrence, record

CI = load_taxonomy("ci")
RULES = load_rules([], CI)
REFUSED = (
    'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused'
)


def classify(message: str, **fields: object) -> RuleMatch:
    match = RULES.classify(record(message, **fields), message)
    assert match is not None, message
    return match


def test_summary_rule_leaves_exception_lines_alone() -> None:
    # "port 5432 failed" once matched the summary pattern `\d+ failed`
    match = classify(REFUSED, framework="pytest", exception_type="OperationalError", tool_hint="network")
    assert (match.rule_id, match.category, match.rank) == ("ci.network.exception_text", "network_error", 50)
    summary = classify("1 failed, 3 passed, 1 error in 4.81s", framework="pytest", role=Role.SYMPTOM)
    assert (summary.rule_id, summary.category) == ("ci.test.summary", "assertion_failure")


def test_summary_rule_wants_a_count_of_failed_tests() -> None:
    # `0 failed` is a passing run: cargo test's summary (The Rust Book, "How to Write Tests",
    # https://doc.rust-lang.org/book/ch11-01-writing-tests.html), deno test's (https://github.com/denoland/deno/
    # issues/3670), a shell step checking one (`grep -q "0 failed"` echoed by `set -x`); a clock's fraction is no
    # count (Jenkins' elapsed time before Ansible's `failed: [node17]`,
    # https://github.com/rcbops/ansible-lxc-rpc/issues/498)
    for message in (
        "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
        "test result: OK 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out (0.00ms)",
        "+ grep -q '0 failed' /tmp/test.log",
        "0 failing",
        '00:01:35.540 failed: [node17] => {"failed": true}',
    ):
        match = RULES.classify(record(message), message)
        assert match is None or match.rule_id != "ci.test.summary", message
    for message in ("Tests: 2 failed, 10 passed, 12 total", "2 failing", "10 failed, 1 passed in 3.02s"):
        assert classify(message).rule_id == "ci.test.summary", message


def test_connection_exceptions_in_tests_are_network_errors() -> None:
    for message, exc, framework in [
        ("java.net.ConnectException: Connection refused", "ConnectException", "surefire"),
        ("java.net.UnknownHostException: db.internal", "UnknownHostException", "junit"),
        (
            "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.",
            "ConnectionError",
            "pytest",
        ),
        ("ConnectionRefusedError: [Errno 111] Connection refused", "ConnectionRefusedError", "python"),
    ]:
        match = classify(message, exception_type=exc, framework=framework)
        assert (match.category, match.rank) == ("network_error", 50), message


def test_bare_jvm_trace_with_unknown_host_stays_a_runtime_error() -> None:
    # passing tests log expected exceptions; a bare trace is no evidence the network failed
    match = classify(
        "com.jcraft.jsch.JSchException: java.net.UnknownHostException: host",
        exception_type="JSchException",
        framework="java",
    )
    assert match.category == "runtime_error"


def test_tool_network_errors_keep_their_high_rank() -> None:
    match = classify("curl: (6) Could not resolve host: example.org")
    assert (match.category, match.rank) == ("network_error", None)


def test_runtime_import_errors_rank_with_test_failures() -> None:
    missing = classify(
        "ImportError: No module named netius", exception_type="ImportError", framework="python", tool_hint="import"
    )
    assert (missing.rule_id, missing.category, missing.rank) == (
        "ci.dependency.python_runtime_import",
        "dependency_error",
        50,
    )
    name = classify("ImportError: cannot import name Client", exception_type="ImportError", framework="python")
    assert (name.category, name.rank) == ("compilation_error", 50)
    # without an exception type (pip output, a bare log line) the dependency rules keep their own rank
    pip = classify("ERROR: No matching distribution found for shop-billing==1.4.2")
    assert (pip.category, pip.rank) == ("dependency_error", None)


def test_flaky_rerun_reported_as_warning_is_flaky() -> None:
    match = classify(
        "Condition not satisfied within 1000 ms",
        tool_hint="flaky",
        severity=Severity.WARNING,
        framework="surefire",
        exception_type="ConditionTimeoutException",
    )
    assert match.category == "flaky_test"


def _label(fp: str, category: str, rule_id: str, by: ClassifiedBy = ClassifiedBy.RULE) -> Classification:
    return Classification(
        fingerprint=fp,
        category=category,
        domain=Domain.CODE,
        confidence=0.7,
        classified_by=by,
        taxonomy="ci",
        taxonomy_version="1",
        rule_id=rule_id,
    )


def test_rule_ranks_follow_the_rule_while_its_category_holds() -> None:
    labels = [
        _label("imp", "dependency_error", "ci.dependency.python_runtime_import"),
        _label("dep", "dependency_error", "ci.dependency.python"),
        _label("relabelled", "assertion_failure", "ci.network.exception_text", ClassifiedBy.HUMAN),
    ]
    assert rule_ranks(labels, [RULES]) == {"imp": 50}


def test_earlier_test_error_beats_a_later_runtime_import_error() -> None:
    occs = [
        occurrence("test", "ERROR: test_redirect (app.test.HttpTest)", line=259, framework="unittest"),
        occurrence("imp", "ImportError: No module named netius", line=266, exception_type="ImportError"),
    ]
    categories = {"test": "runtime_error", "imp": "dependency_error"}
    labels = [_label("imp", "dependency_error", "ci.dependency.python_runtime_import")]
    assert choose_primary(occs, categories, CI, rule_ranks(labels, [RULES])) is occs[0]
    # without rule ranks a dependency error outranks every test failure
    assert choose_primary(occs, categories, CI) is occs[1]


def _occurrences(path: Path) -> list[Occurrence]:
    occs = []
    for doc in iter_documents([str(path)]):
        assert isinstance(doc, Document), doc
        for rec in extract_document(doc).records:
            normalized = normalize(rec.message, "v1")
            occs.append(Occurrence(rec, fingerprint(rec, normalized, "v1"), normalized))
    return occs


def test_example_job_primary_is_the_refused_database_connection() -> None:
    occs = _occurrences(REPO_ROOT / "examples" / "failed-run" / "logs" / "test (3.11).txt")
    categories: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for occ in occs:
        match = RULES.classify(occ.record, occ.normalized.text)
        categories[occ.fingerprint.value] = match.category if match else CI.default_category
        if match is not None and match.rank is not None:
            ranks[occ.fingerprint.value] = match.rank
    primary = choose_primary(occs, categories, CI, ranks)
    assert primary is not None
    assert primary.record.kind in (SourceKind.GHA_LOG, SourceKind.RUNNER)
    assert "Connection refused" in primary.record.message
    assert categories[primary.fingerprint.value] == "network_error"
    assert sorted(set(categories.values())) == ["assertion_failure", "network_error", "unknown"]


def test_service_ulimit_message_is_noise_and_apt_without_root_is_configuration() -> None:
    ulimit = classify(
        "Starting redis-server: /etc/init.d/redis-server: 58: ulimit: error setting limit (Operation not permitted)",
        tool_hint="permission",
    )
    assert (ulimit.rule_id, ulimit.category) == ("ci.noise.service_ulimit", "unknown")
    no_root = classify(
        "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)", tool_hint="permission"
    )
    assert no_root.category == "configuration_error"
    held = classify("E: Could not get lock /var/lib/dpkg/lock-frontend - open (11: Resource temporarily unavailable)")
    assert held.category == "infrastructure_error"


def test_missing_module_lines_of_test_runners_rank_with_test_failures() -> None:
    nose = classify("ERROR: Failure: ImportError (No module named yaml)", tool_hint="import", framework="nose")
    assert (nose.rule_id, nose.category, nose.rank) == ("ci.dependency.python_missing_module", "dependency_error", 50)


def test_collection_error_explained_by_a_code_exception_is_a_runtime_error() -> None:
    header = "____________________ ERROR collecting tests/test_app.py ____________________"
    code = classify(
        header,
        tool_hint="collection",
        framework="pytest",
        context=(header, "tests/test_app.py:3: in <module>", "E   NameError: name 'APP' is not defined"),
    )
    assert (code.rule_id, code.category) == ("ci.test.collection_code", "runtime_error")
    unexplained = classify(header, tool_hint="collection", framework="pytest", context=(header,))
    assert unexplained.category == "runtime_error"  # the test module's own import failed (was infrastructure)


def test_sphinx_warning_record_is_lint_but_ranks_after_test_failures() -> None:
    line = "source/guide/Validation.rst:3891: WARNING: undefined label: codepoints"
    warning = classify("undefined label: codepoints", severity=Severity.WARNING, framework="sphinx", context=(line,))
    assert (warning.rule_id, warning.category, warning.rank) == ("ci.docs.warning", "lint_error", 60)
    error = classify(
        'Unknown directive type "foo".',
        framework="sphinx",
        context=('docs/index.rst:12: ERROR: Unknown directive type "foo".',),
    )
    assert (error.rule_id, error.rank) == ("ci.docs.build", None)
    occs = [
        occurrence("warn", line, line=3, severity=Severity.WARNING),
        occurrence("test", "AssertionError: 1 != 2", line=9),
    ]
    categories = {"warn": "lint_error", "test": "assertion_failure"}
    assert choose_primary(occs, categories, CI, {"warn": 60}) is occs[1]
    assert choose_primary(occs[:1], categories, CI, {"warn": 60}) is occs[0]
