"""Linter, checker and wrapper output shapes read from logs (runners/vendors.py, runners/__init__.py).

Each sample is a real output, trimmed, with the issue thread it was copied from. A finding that fails the tool
is an error record at its line, with its own message and place; a warning stays a warning; a wrapper's verdict
is a symptom.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Location, Role, Severity
from tests.extract.helpers import bytes_doc


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("tool.log", log.encode())).records)


def _errors(log: str) -> dict[int, ErrorRecord]:
    return {r.line_start or 0: r for r in _records(log) if r.severity is Severity.ERROR}


# https://github.com/kestra-io/helm-charts/issues/25 (helm lint: a chart file, then templates/ naming its template)
HELM_LINT = """\
==> Linting .\\charts\\kestra\\
[ERROR] Chart.yaml: chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'
[ERROR] templates/: template: kestra/templates/secret.yaml:1:27: executing "kestra/templates/secret.yaml" at \
<include "kestra.k8s-config" $>: error calling include
"""
# https://github.com/helm/helm-classic/pull/362 is helm classic (`[WARN]`); helm's own `[WARNING]` and `[INFO]`:
# https://github.com/helm/helm/issues/11957
HELM_INFO = """\
==> Linting .
[INFO] Chart.yaml: icon is recommended
[INFO] values.yaml: file does not exist
"""


def test_helm_lint_errors_are_each_a_finding_at_their_file() -> None:
    found = _errors(HELM_LINT)
    assert set(found) == {2, 3}
    assert found[2].message == "Chart.yaml: chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'"
    assert found[2].location == Location("Chart.yaml", None)
    assert found[3].message.startswith("templates/: template: kestra/templates/secret.yaml:1:27: executing")
    assert found[3].location == Location("kestra/templates/secret.yaml", 1)
    assert _errors(HELM_INFO) == {}


# https://github.com/diffplug/spotless/issues/1264 (Spotless' ktlint step; its exception repeats the finding)
SPOTLESS = """\
> Task :spotlessKotlin FAILED
Step 'ktlint' found problem in 'app/src/main/java/com/example/todoapp/MainActivity.kt':
Error on line: 20, column: 2
Missing spacing after "}"
java.lang.AssertionError: Error on line: 20, column: 2
Missing spacing after "}"
        at com.diffplug.spotless.glue.ktlint.KtlintFormatterFunc$FormatterCallback.invoke(KtlintFormatterFunc.java:114)
"""


def test_spotless_finding_is_one_error_with_its_file_line_and_message() -> None:
    found = _errors(SPOTLESS)
    assert list(found) == [2]
    assert found[2].message == 'Missing spacing after "}"'
    assert found[2].location == Location("app/src/main/java/com/example/todoapp/MainActivity.kt", 20, 2)


# https://github.com/aws-cloudformation/cfn-lint/issues/1683 (cfn-lint's default format: the finding, then its place)
CFN_LINT = """\
E3002 Expecting an object at Resources/myStateMachine/Properties/DefinitionS3Location
myTemplate.yml:7:7
"""
# https://github.com/awslabs/aws-deployment-framework/pull/494 (cfn-lint under MegaLinter: errors and warnings)
CFN_LINT_WARNINGS = """\
E1001 Missing top level template section Resources
/github/workspace/samples/sample-rdk-rules/config-rules/EC2_CHECKS_TERMINIATION_PROTECTION_ADF/parameters.json:1:1

W2001 Parameter RuleName not used.
/github/workspace/samples/sample-rdk-rules/config-rules/EC2_CHECKS_TERMINIATION_PROTECTION_ADF/parameters.json:4:5
"""


def test_cfn_lint_finding_takes_its_place_from_the_line_below() -> None:
    found = _errors(CFN_LINT)
    assert list(found) == [2]
    assert found[2].message == "Expecting an object at Resources/myStateMachine/Properties/DefinitionS3Location"
    assert (found[2].code, found[2].location) == ("E3002", Location("myTemplate.yml", 7, 7))
    records = {r.line_start: r for r in _records(CFN_LINT_WARNINGS)}
    assert records[2].severity is Severity.ERROR and records[2].code == "E1001"
    assert records[5].severity is Severity.WARNING and records[5].message == "Parameter RuleName not used."


def test_a_bare_location_line_without_a_finding_above_is_nothing() -> None:
    assert _records("Reading the workspace\nconfig/app.yaml:12:3\n") == []


# https://github.com/bgshih/aster/issues/93 (protoc: imports it cannot find, then what they would have defined)
PROTOC = """\
(tensorflow) F:\\STR\\Aster\\aster-master>protoc protos/*.proto --python_out=.
aster/protos/rnn_cell.proto: File not found.
protos/bidirectional_rnn.proto:4:1: Import "aster/protos/rnn_cell.proto" was not found or had errors.
protos/bidirectional_rnn.proto:9:12: "RnnCell" is not defined.
"""
# https://github.com/SeeFlowerX/frida-protobuf/issues/4 (protoc's message has no error word and an arrow in it)
PROTOC_CYCLE = (
    "pyproto/tbclient.ThreadInfo.proto:41:1: File recursively imports itself: pyproto/tbclient.ThreadInfo.proto"
    " -> pyproto/tbclient.VideoActive.proto -> pyproto/tbclient.ThreadInfo.proto\n"
)


def test_protoc_errors_are_found_with_or_without_a_line() -> None:
    found = _errors(PROTOC)
    assert set(found) == {2, 3, 4}
    assert found[2].message == "aster/protos/rnn_cell.proto: File not found."
    assert found[2].location == Location("aster/protos/rnn_cell.proto", None)
    assert found[4].location == Location("protos/bidirectional_rnn.proto", 9, 12)
    (cycle,) = _errors(PROTOC_CYCLE).values()
    assert cycle.message.startswith("File recursively imports itself: ")
    assert cycle.location == Location("pyproto/tbclient.ThreadInfo.proto", 41, 1)


# https://github.com/pluhin/sa.it-academy.by/issues/2761 (kubeconform --summary)
KUBECONFORM = """\
flux-system/gotk-sync.yaml - Kustomization flux-monitoring is invalid: problem validating schema. Check JSON \
formatting: jsonschema: '/spec' does not validate with https://raw.githubusercontent.com/fluxcd-community/\
flux2-schemas/main/kustomization-kustomize-v1.json#/properties/spec/required: missing properties: 'interval'
Summary: 3 resources found in 1 file - Valid: 1, Invalid: 2, Errors: 0, Skipped: 0
"""


def test_kubeconform_invalid_resource_is_an_error_at_its_file() -> None:
    found = _errors(KUBECONFORM)
    assert list(found) == [1]
    assert found[1].message.startswith("Kustomization flux-monitoring is invalid: problem validating schema.")
    assert found[1].location == Location("flux-system/gotk-sync.yaml", None)


# https://github.com/purescript/purescript/pull/1565 (purs: `Error 2 of 2:`, module, place, message)
PURESCRIPT = """\
Error 2 of 2:

  in module MultipleErrors
  at MultipleErrors.purs line 12, column 1 - line 13, column 1
  at MultipleErrors.purs line 12, column 9 - line 13, column 1

    Could not match expected type

      String
"""


def test_purescript_error_takes_its_place_and_message_from_the_lines_below() -> None:
    found = _errors(PURESCRIPT)
    assert list(found) == [1]
    assert found[1].message == "Could not match expected type"
    assert found[1].location == Location("MultipleErrors.purs", 12, 1)
    assert found[1].line_end == 7


# https://github.com/semarie/build-rust/issues/13 (Rust's bootstrap: x.py raising the wrapper's verdict)
RUST_BOOTSTRAP_PY = """\
error: build failed
command did not execute successfully: "/usr/ports/pobj/rust-1.40.0/rustc-bootstrap-amd64-1.40.0-20191217/bin/cargo" \
"build" "-Zconfig-profile" "--target" "x86_64-unknown-openbsd" "-Zbinary-dep-depinfo" "-j" "2" "-v" "--release" \
"--frozen" "--features" "panic-unwind backtrace compiler-builtins-c" "--manifest-path" \
"/usr/ports/pobj/rust-1.40.0/rustc-1.40.0-src/src/libtest/Cargo.toml" "--message-format" "json-render-diagnostics"
expected success, got: exit code: 101
Traceback (most recent call last):
  File "/usr/ports/pobj/rust-1.40.0/rustc-1.40.0-src/src/bootstrap/bootstrap.py", line 141, in run
    raise RuntimeError(err)
RuntimeError: failed to run: /usr/ports/pobj/rust-1.40.0/build-amd64/build/bootstrap/debug/bootstrap dist \
--jobs=2 src/libstd src/librustc cargo clippy rustfmt
"""


def test_an_exception_carrying_a_wrappers_verdict_is_a_symptom() -> None:
    found = _errors(RUST_BOOTSTRAP_PY)
    assert found[7].exception_type == "RuntimeError"
    assert found[7].role is Role.SYMPTOM and found[7].tool_hint == "exit_code"
    assert found[1].role is Role.CAUSE


# https://github.com/LADSoft/OrangeC/issues/767 (Orange C: numbered errors and warnings, then its count)
ORANGE_C = """\
occ (OrangeC) Version 6.0.61.12
Copyright (C) LADSoft 2006-2021
Error( 11)    3D.c(218):  Syntax error: ) expected
Error( 99)    3D.c(256):  Type mismatch in redeclaration of function 'Center'
Warning( 39)  3D.c(219):  Previous declaration of 'Center' here
6 Errors
"""


def test_orange_c_diagnostics_keep_their_severity_and_place() -> None:
    records = {r.line_start: r for r in _records(ORANGE_C)}
    assert records[3].severity is Severity.ERROR
    assert (records[3].message, records[3].code) == ("Syntax error: ) expected", "11")
    assert records[3].location == Location("3D.c", 218)
    assert records[4].severity is Severity.ERROR
    assert records[5].severity is Severity.WARNING
    assert 6 not in _errors(ORANGE_C)
