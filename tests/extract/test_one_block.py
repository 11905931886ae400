"""One tool block is one failure: a build tool's explanation block and a compiler's cascaded errors are
evidence of the failure that opens them, never failures of their own. Each sample is quoted from a public
issue thread (origin above it; "+framing": the tool's own header lines added around the quoted excerpt)."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# https://github.com/leotm/react-native-template-new-architecture/issues/639 (GitHub Actions, gradle; +framing)
GRADLE_BLOCK = """\
> Task :ReactAndroid:hermes-engine:bundleReleaseAar

FAILURE: Build failed with an exception.

* What went wrong:
Could not add entry ':ReactAndroid:hermes-engine:bundleReleaseAar' to cache executionHistory.bin \
(/home/runner/work/x/x/android/.gradle/7.4.2/executionHistory/executionHistory.bin).
> java.io.IOException: No space left on device

* Try:
> Run with --stacktrace option to get the stack trace.
"""


def test_a_gradle_what_went_wrong_block_is_one_failure_led_by_its_exception(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GRADLE_BLOCK)
    root = failure.root.record
    assert (root.message, root.exception_type) == ("java.io.IOException: No space left on device", "IOException")
    assert root.details.startswith("Could not add entry")
    assert failure.classification.category == "resource_exhaustion"


def test_a_gradle_block_under_jenkins_timestamper_two_space_prefix_is_read_the_same(tmp_path: Path) -> None:
    """Jenkins' timestamper prints `HH:MM:SS  text`: the block's lines keep one leading space after the
    prefix is stripped; the block is still found and is still one failure."""
    stamped = "".join(f"08:42:27  {line}\n" for line in GRADLE_BLOCK.splitlines())
    [failure] = _failures(tmp_path, stamped)
    assert failure.root.record.message == "java.io.IOException: No space left on device"
    assert failure.classification.category == "resource_exhaustion"


# https://github.com/dwisiswant0/ppfuzz/issues/25 (cargo install; the fourth macro error trimmed)
RUSTC_CASCADE = """\
  Compiling ppfuzz v1.0.1
error[E0432]: unresolved imports `clap::crate_authors`, `clap::crate_description`, `clap::crate_name`, \
`clap::crate_version`
 --> /home/anonymous/.cargo/registry/src/github.com-1ecc6299db9ec823/ppfuzz-1.0.1/src/parser.rs:5:3
  |
5 |         crate_authors,
  |         ^^^^^^^^^^^^^ no `crate_authors` in the root
6 |         crate_description,
  |         ^^^^^^^^^^^^^^^^^ no `crate_description` in the root
7 |         crate_name,
  |         ^^^^^^^^^^ no `crate_name` in the root
8 |         crate_version,
  |         ^^^^^^^^^^^^^ no `crate_version` in the root

error: cannot determine resolution for the macro `crate_name`
  --> /home/anonymous/.cargo/registry/src/github.com-1ecc6299db9ec823/ppfuzz-1.0.1/src/parser.rs:30:4
   |
30 |             crate_name!(), "FILE", "[OPTIONS]"
   |             ^^^^^^^^^^
   |
   = note: import resolution is stuck, try simplifying macro imports

error: cannot determine resolution for the macro `crate_authors`
  --> /home/anonymous/.cargo/registry/src/github.com-1ecc6299db9ec823/ppfuzz-1.0.1/src/parser.rs:33:12
   |
33 |             .author(crate_authors!())
   |                     ^^^^^^^^^^^^^
   |
   = note: import resolution is stuck, try simplifying macro imports
"""


def test_rustc_errors_caused_by_an_unresolved_import_belong_to_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RUSTC_CASCADE)
    assert failure.root.record.message.startswith("error[E0432]: unresolved imports `clap::crate_authors`")
    shown = {evidence.occurrence.record.line_start for evidence in failure.evidence}
    assert {2, 14, 22} <= shown  # the macro errors are evidence of the import's failure
    assert failure.classification.category == "compilation_error"


def test_compiler_errors_about_other_names_stay_failures_of_their_own(tmp_path: Path) -> None:
    other = RUSTC_CASCADE.replace("macro `crate_authors`", "macro `some_other_macro`")
    assert len(_failures(tmp_path, other)) == 2


def test_a_server_s_5xx_answer_printed_by_its_client_is_the_network_failure(tmp_path: Path) -> None:
    # https://github.com/moby/moby/issues/9906 (docker 1.x pulling during a Docker Hub outage)
    docker = "$ docker pull ubuntu:trusty\nPulling repository ubuntu\n2015/01/05 19:26:37 HTTP code: 502\n"
    [failure] = _failures(tmp_path, docker)
    assert (failure.root.record.message, failure.classification.category) == ("HTTP code: 502", "network_error")
    # https://github.com/broadinstitute/cromwell/issues/4258 (the registry's answer quoted by docker's error)
    cromwell = (
        'pulling image: docker pull: running ["docker" "pull" "ubuntu@sha256:de77"]: exit status 1 (standard error: '
        '"error pulling image configuration: received unexpected HTTP status: 502 Bad Gateway"\n'
    )
    [pull] = _failures(tmp_path, cromwell, "cromwell.log")
    assert pull.classification.category == "network_error"


def test_a_2xx_status_code_is_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, "GET https://example.com/api returned status code 200\n") == []


# microsoft/TypeScript tests/baselines/reference/objectLiteralExcessProperties.errors.txt (tsc's plain format)
TSC_CHAIN = """\
tests/cases/compiler/objectLiteralExcessProperties.ts(9,18): error TS2322: Type '{ forword: string; }' is not \
assignable to type 'Book'.
  Object literal may only specify known properties, but 'forword' does not exist in type 'Book'. Did you mean to \
write 'foreword'?
tests/cases/compiler/objectLiteralExcessProperties.ts(37,25): error TS2304: Cannot find name 'IFoo'.
tests/cases/compiler/objectLiteralExcessProperties.ts(41,11): error TS2322: Type '{ name: string; prop: boolean; }' \
is not assignable to type 'T & { prop: boolean; }'.
  Type '{ name: string; prop: boolean; }' is not assignable to type 'T'.
    '{ name: string; prop: boolean; }' is assignable to the constraint of type 'T', but 'T' could be instantiated \
with a different subtype of constraint 'any'.
"""


def test_tsc_s_message_chain_is_the_diagnostic_s_explanation(tmp_path: Path) -> None:
    first, missing, chained = _failures(tmp_path, TSC_CHAIN)
    assert first.root.record.message.endswith("does not exist in type 'Book'. Did you mean to write 'foreword'?")
    assert missing.root.record.message == "error TS2304: Cannot find name 'IFoo'."
    record = chained.root.record
    assert record.message.startswith(
        "error TS2322: Type '{ name: string; prop: boolean; }' is not assignable to type 'T & {"
    )
    assert record.message.endswith("with a different subtype of constraint 'any'.")  # the deepest reason
    assert record.details.startswith("Type '{ name: string; prop: boolean; }' is not assignable to type 'T'. / ")
    assert {f.classification.category for f in (first, missing, chained)} == {"compilation_error"}


# https://github.com/alichtman/shallow-backup/issues/115 (pytest; the block as pytest prints it for each of
# the repository's five test modules, which all import the same missing module; +pytest's header/trailer)
_COLLECTION_BLOCK = """\
_____________________ ERROR collecting tests/{name}.py ______________________
ImportError while importing test module '/home/watch/gitprojects/shallow-backup/tests/{name}.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
tests/{name}.py:4: in <module>
    from shallow_backup import _copy_file, _copy_dir
shallow_backup.py:2: in <module>
    import git
E   ModuleNotFoundError: No module named 'git'
"""
COLLECTION = (
    "==================================== ERRORS ====================================\n"
    + "".join(
        _COLLECTION_BLOCK.format(name=name)
        for name in ("test_copies", "test_delete", "test_backups", "test_reinstall", "test_utils")
    )
    + "!!!!!!!!!!!!!!!!!!! Interrupted: 5 errors during collection !!!!!!!!!!!!!!!!!!!!\n"
)


def test_every_module_failing_to_import_shows_its_cause_past_the_repeat_limit(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, COLLECTION)
    assert failure.root.record.message == "ModuleNotFoundError: No module named 'git'"
    assert failure.classification.category == "dependency_error"
    tests = {evidence.occurrence.record.test_id for evidence in failure.evidence}
    assert {"tests/test_reinstall.py", "tests/test_utils.py"} <= tests  # the 4th and 5th module too
    assert all("ERROR collecting" not in evidence.occurrence.record.message for evidence in failure.evidence)
