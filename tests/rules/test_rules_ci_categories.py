"""Categories for what is found: test cases without an exception, timeouts, crashes, system packages,
registries and disks, and BuildKit steps judged by their command's own error.

The BuildKit lines are real ones, quoted from public bug reports (origin beside each); the other samples
follow the tools' documented output formats.
"""

from __future__ import annotations

from typing import Any

import pytest

from classifier.extract import extract_document
from classifier.fingerprint import fingerprint
from classifier.model import Occurrence, Role, SourceKind
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import bytes_doc

from .helpers import record

CI = load_taxonomy("ci")
RULES = load_rules([], CI)
JUNIT = {"kind": SourceKind.JUNIT, "framework": "junit", "role": Role.CAUSE}


def category(message: str, **fields: Any) -> str:
    match = RULES.classify(record(message, **fields), message)
    return match.category if match is not None else "unknown"


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        # jest-junit: the failure's type attribute is empty, the message is jest's own
        ("expect(received).toBe(expected) // Object.is equality\n\nExpected: 3\nReceived: 4", {"framework": "jest"}),
        ("Error: expect(received).toEqual(expected)", {"exception_type": "Error", "framework": "jest"}),
        # Catch2 and doctest put the macro in the type attribute
        ("REQUIRE(v == 1) expands to 0 == 10", {"exception_type": "REQUIRE"}),
        ("tests/failed/main.cpp:58: error: check_eq(3628800, 3628801)", {}),
        # go-junit-report: type empty, the t.Errorf text as message
        ('config_test.go:41: got "dev", want "prod"', {"framework": "go"}),
        ("parse_test.go:12: expected 3, got 4", {"framework": "go"}),
        # reporters that write a word, not a type
        ("failure", {"exception_type": "Test Failure"}),
        ("Failed", {}),
    ],
)
def test_failed_case_without_exception_is_an_assertion(message: str, fields: dict[str, Any]) -> None:
    assert category(message, **{**JUNIT, "tool_hint": "test", **fields}) == "assertion_failure"


def test_failed_case_with_its_own_exception_is_a_runtime_error() -> None:
    case = {**JUNIT, "tool_hint": "test"}
    assert category("TypeError: Cannot read properties of undefined (reading 'x')", **case) == "runtime_error"
    exc = "java.io.FileNotFoundException"
    assert category(f"{exc}: No content provider", exception_type=exc, **case) == "runtime_error"
    assert category("uncaught unknown exception", **{**JUNIT, "tool_hint": "test_error"}) == "runtime_error"
    assert category("AssertionError: 3 != 4", exception_type="AssertionError", **case) == "assertion_failure"


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("Timeout - Async callback was not invoked within the 5000 ms timeout specified by jest.setTimeout.", {}),
        ('thrown: "Exceeded timeout of 5000 ms for a test.', {"framework": "jest"}),
        ('Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called', {}),
        ('main_test.go:22: Get "http://localhost:8080": context deadline exceeded', {"framework": "go"}),
        ("Failed: Timeout >5.0s", {"framework": "pytest"}),
        ("test timed out after 1000 milliseconds", {"exception_type": "org.junit.runners.model.TestTimedOutException"}),
        ("There was a timeout or other error in the fork", {"framework": "surefire"}),
        ("TEST-UNEXPECTED-TIMEOUT | dom/tests/test_bar.html | application timed out after 370 seconds", {}),
    ],
)
def test_test_timeouts(message: str, fields: dict[str, Any]) -> None:
    assert category(message, **fields) == "timeout"


def test_a_test_case_whose_lines_say_it_timed_out() -> None:
    rec = record(
        "● Fetch › times out",
        framework="jest",
        context=('thrown: "Exceeded timeout of 5000 ms for a test.', "Add a timeout as third argument"),
    )
    match = RULES.classify(rec, rec.message)
    assert match is not None and match.category == "timeout"


@pytest.mark.parametrize(
    "message",
    [
        "==12345==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x000000401234",
        "==4321==ERROR: LeakSanitizer: detected memory leaks",
        "WARNING: ThreadSanitizer: data race (pid=9021)",
        "src/codec.c:41:12: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'",
        "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior src/codec.c:41:12",
        "==77== ERROR: libFuzzer: deadly signal",
        "Segmentation fault (core dumped)",
        "./run_tests.sh: line 12:  4567 Segmentation fault      ./build/test_runner",
        "Fatal Python error: Segmentation fault",
        "free(): invalid pointer",
        "*** stack smashing detected ***: terminated",
        "The forked VM terminated without properly saying goodbye. VM crash or System.exit called?",
        "PROCESS-CRASH | dom/tests/test_x.html | application crashed [@ mozilla::dom::Foo]",
    ],
)
def test_crashes_and_sanitizer_reports(message: str) -> None:
    assert category(message) == "crash"
    assert CI.domain_of("crash").value == "code"


def test_crash_category_is_not_a_panic_or_an_exception() -> None:
    assert category("thread 'main' panicked at src/main.rs:10:5:") == "runtime_error"
    assert category("NullPointerException", exception_type="java.lang.NullPointerException") == "runtime_error"


def test_mozilla_harness_lines() -> None:
    assert category("TEST-UNEXPECTED-FAIL | dom/tests/test_foo.html | Assertion failed - got 2") == "assertion_failure"
    uncaught = "TEST-UNEXPECTED-FAIL | dom/tests/test_x.js | uncaught exception - TypeError: foo is undefined"
    assert category(uncaught) == "runtime_error"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("No match for argument: libfoo-devel", "dependency_error"),
        ("Error: Unable to find a match: libfoo-devel", "dependency_error"),
        ("  - nothing provides libbar.so.2()(64bit) needed by foo-1.2-3.fc39.x86_64", "dependency_error"),
        ("E: Unable to locate package libssl1.1", "dependency_error"),
        ("E: Package 'python-dev' has no installation candidate", "dependency_error"),
        ("ERROR: unable to select packages:", "dependency_error"),
        ("write /var/lib/docker/tmp/GetImageBlob: no space left on device", "resource_exhaustion"),
        ("OSError: [Errno 28] No space left on device: '/home/runner/.cache/pip'", "resource_exhaustion"),
        ("Error response from daemon: toomanyrequests: You have reached your pull rate limit.", "infrastructure_error"),
        ("toomanyrequests: Too Many Requests (HAP429).", "infrastructure_error"),
    ],
)
def test_packages_disks_and_registries(message: str, expected: str) -> None:
    assert category(message) == expected


def test_passing_lines_are_noise() -> None:
    assert category("PASS:\tFail(*common.BuildError,common.JobFailureData)", tool_hint="compilation") == "unknown"
    assert category("--- PASS: TestFailover (0.01s)") == "unknown"


def primary_category(log: str) -> str:
    """The primary failure's category of a whole log, as the pipeline chooses it."""
    result = extract_document(bytes_doc("build.log", log.encode()))
    occs = [
        Occurrence(r, fingerprint(r, normalize(r.message, "v1"), "v1"), normalize(r.message, "v1"))
        for r in result.records
    ]
    categories: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for occ in occs:
        match = RULES.classify(occ.record, occ.normalized.text)
        categories[occ.fingerprint.value] = match.category if match else "unknown"
        if match is not None and match.rank is not None:
            ranks[occ.fingerprint.value] = match.rank
    primary = choose_primary(occs, categories, CI, ranks)
    return categories[primary.fingerprint.value] if primary is not None else "none"


def step(command: str, output: str, code: int = 1) -> str:
    """A BuildKit plain-progress failure of one RUN step (the layout `docker build --progress=plain` prints)."""
    lines = [f"#9 [build 4/6] RUN {command}"]
    lines += [f"#9 0.{i}12 {line}" for i, line in enumerate(output.splitlines()) if line]
    error = f'process "/bin/sh -c {command}" did not complete successfully: exit code: {code}'
    lines += [f"#9 ERROR: {error}", "------", "Dockerfile:12", f"ERROR: failed to solve: {error}"]
    return "\n".join(lines) + "\n"


# Real BuildKit lines from public reports; each with the category a maintainer would give it.
REAL_BUILDKIT = [
    # docker/getting-started#422
    (
        'ERROR: failed to solve: process "/bin/sh -c pip install -r requirements.txt" did not complete '
        "successfully: exit code: 1",
        "dependency_error",
    ),
    # sist2app/sist2#423
    (
        'ERROR: failed to solve: process "/bin/sh -c cd build && make -j$(nproc)" did not complete successfully: '
        "exit code: 2",
        "compilation_error",
    ),
    # zaldivards/ContextQA#25
    (
        'ERROR: failed to solve: process "/bin/sh -c npm install && npm i -g serve" did not complete successfully: '
        "exit code: 1",
        "dependency_error",
    ),
    # mochat-cloud/docker-compose#7
    (
        'failed to solve: process "/bin/sh -c apk --no-cache add netcat-openbsd" did not complete successfully: '
        "exit code: 1",
        "dependency_error",
    ),
    # projectdiscovery/subfinder#1582
    (
        'ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1',
        "dependency_error",
    ),
    # songquanpeng/one-api#865
    (
        'ERROR: failed to solve: process "/bin/sh -c go build -ldflags \\"-s -w\\" -o one-api" did not complete '
        "successfully: exit code: 1",
        "compilation_error",
    ),
    (
        "ERROR: failed to solve: process \"/bin/sh -c DISABLE_ESLINT_PLUGIN='true' REACT_APP_VERSION=$(cat VERSION) "
        'npm run build" did not complete successfully: exit code: 1',
        "compilation_error",
    ),
    # fossasia/open-event-frontend#8042
    (
        'error: failed to solve: process "/bin/sh -c apk add git python-dev make g++ gettext" did not complete '
        "successfully: exit code: 1",
        "dependency_error",
    ),
    # lewandy/vue-s3-deployer#4
    (
        'ERROR: failed to solve: process "/bin/sh -c apt-get update &&     apt-get install -y curl &&     '
        'apt-get install unzip" did not complete successfully: exit code: 100',
        "dependency_error",
    ),
    # metalbear-co/mirrord#603 (BuildKit before v0.11)
    (
        "ERROR: failed to solve: executor failed running [/bin/sh -c apt-get install -y clang]: exit code: 100",
        "dependency_error",
    ),
    # strapi/strapi-docker#346: exit code 127, the shell found no such command
    (
        'ERROR: failed to solve: process "/bin/sh -c ./etc/Build.sh -compiler=${compiler} -threads=${numThreads}" '
        "did not complete successfully: exit code: 127",
        "configuration_error",
    ),
    # docker/build-push-action#220
    (
        "error: failed to solve: rpc error: code = Unknown desc = failed to compute cache key: failed to walk "
        "/tmp/buildkit-mount102943583/build/libs: lstat /tmp/buildkit-mount102943583/build/libs: no such file",
        "infrastructure_error",
    ),
    # docker/buildx#1308
    (
        "error: failed to solve: failed to compute cache key: failed to get state for index 0 on [assets 8/9] "
        "WORKDIR /app/apps/cloud/web",
        "infrastructure_error",
    ),
    # tbistr/texlive-full-devcontainer#7
    ("ERROR: failed to solve: failed to compute cache key: unlazy requires an applier", "infrastructure_error"),
    # docker/build-push-action#558
    (
        "error: failed to solve: failed to compute cache key: failed to copy: invalid status response 416 The range "
        "specified is invalid for the current size of the resource.",
        "infrastructure_error",
    ),
    # docker/buildx#1102
    (
        "error: failed to solve: failed to fetch oauth token: authorization server did not include a token in the "
        "response",
        "infrastructure_error",
    ),
    # docker/buildx#3374
    (
        "ERROR: failed to build: failed to solve: failed to compute cache key: failed to copy: httpReadSeeker: "
        "failed open: unexpected status code https://ghcr.io/v2/osgeo/gdal/blobs/sha256:0",
        "infrastructure_error",
    ),
    # moby/moby#39870 (classic builder)
    (
        "The command '/bin/sh -c apt-get update -qq && apt-get install --no-install-recommends -y ca-certificates "
        "cmake g++ git make' returned a non-zero code: 100",
        "dependency_error",
    ),
]


@pytest.mark.parametrize(("line", "expected"), REAL_BUILDKIT)
def test_real_buildkit_failure_lines(line: str, expected: str) -> None:
    assert category(line, framework="buildkit", role=Role.SYMPTOM) == expected


def test_buildkit_step_takes_its_commands_own_error() -> None:
    go_mod = "go: github.com/acme/lib@v1.2.3: reading https://goproxy.example/github.com/acme/lib/@v/v1.2.3.mod: 410"
    assert primary_category(step("go mod download", go_mod)) == "dependency_error"
    apt = step("apt-get update && apt-get install -y libfoo-dev", "E: Unable to locate package libfoo-dev", 100)
    assert primary_category(apt) == "dependency_error"
    assert primary_category(step("go build -o /out/app ./cmd/app", "cmd/app/main.go:12:2: undefined: foo")) == (
        "compilation_error"
    )
    assert primary_category(step("make -j4", "make: *** [Makefile:20: all] Error 2", 2)) == "compilation_error"
    assert primary_category(step("pytest -q", "1 failed, 10 passed in 2.01s")) == "assertion_failure"
    assert primary_category(step("cd /src && npm ci", "npm WARN deprecated foo@1.0.0")) == "dependency_error"


def test_buildkit_builder_faults_stay_infrastructure() -> None:
    token = "failed to fetch anonymous token: unexpected status: 401 Unauthorized"
    log = (
        "#4 [internal] load metadata for docker.io/library/python:3.11-slim\n"
        f"#4 ERROR: {token}\n"
        "ERROR: failed to solve: python:3.11-slim: failed to resolve source metadata for "
        f"docker.io/library/python:3.11-slim: {token}\n"
    )
    assert primary_category(log) == "infrastructure_error"
    full = "write /var/lib/docker/tmp/x: no space left on device"
    disk = f"#5 [1/4] FROM docker.io/library/node:18\n#5 ERROR: {full}\nERROR: failed to solve: {full}\n"
    assert primary_category(disk) == "resource_exhaustion"


def test_a_step_without_telling_output_keeps_its_command_in_the_message() -> None:
    result = extract_document(bytes_doc("build.log", step("cd /src && npm ci", "npm WARN deprecated foo").encode()))
    cause = next(r for r in result.records if r.framework == "buildkit" and r.role is Role.CAUSE)
    assert "npm ci" in cause.message


def test_tox_could_not_install_dependencies() -> None:
    rec = record(
        "ERROR: actionid: py35",
        context=(
            "py35 installdeps: --requirement=/home/ci/build/requirements/production.txt",
            "ERROR: invocation failed (exit code 1), logfile: /home/ci/build/.tox/py35/log/py35-1.log",
        ),
    )
    match = RULES.classify(rec, rec.message)
    assert match is not None and match.category == "dependency_error"
    assert category("ERROR: invocation failed (exit code 1)") != "dependency_error"  # without installdeps
    assert (
        category("ERROR:   py35: could not install deps [-rrequirements.txt]; v = InvocationError")
        == "dependency_error"
    )


def test_tox_test_command_failure_is_not_a_dependency_error() -> None:
    rec = record(
        "ERROR: InvocationError: '/ci/.tox/py35/bin/coverage run --append setup.py test --quiet'",
        context=("FAILED (failures=1)", "pylint installdeps: -rrequirements.txt, coverage==4.1, mock"),
    )
    match = RULES.classify(rec, rec.message)
    assert match is None or match.category != "dependency_error"


def test_service_throttling_and_tool_download_failures() -> None:
    # pytorch/test-infra log-classifier fixtures (gh_api_rate_limit, uv_python_download_failed)
    github = "API rate limit exceeded for user ID 133916390. If you reach out to GitHub Support for help"
    assert category(github) == "infrastructure_error"
    uv = record(
        "error: Error while fetching remote python downloads json from 'https://example.org/download-metadata.json'",
        context=(
            "  Caused by: Failed to download https://example.org/download-metadata.json",
            "  Caused by: error sending request for url (https://example.org/download-metadata.json)",
        ),
    )
    match = RULES.classify(uv, uv.message)
    assert match is not None and match.category == "network_error"


def test_python_warning_lines_are_noise() -> None:
    assert category("UserWarning: indices array has non-integer dtype", tool_hint="lint") == "unknown"
    assert category("DeprecationWarning: the imp module is deprecated") == "unknown"
