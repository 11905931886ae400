"""Normaliser v4 (the default since grouping ci@2026-12-01b): v3, with the random end of a temporary file or
folder name made one text first, so a failure printed once per temporary folder is one failure."""

from __future__ import annotations

import pytest

from classifier.fingerprint import DEFAULT_GROUPING, GROUPING, identify
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import normalize
from classifier.normalize.v4 import random_run


def _fingerprint(message: str, grouping: str = DEFAULT_GROUPING.name) -> str:
    record = ErrorRecord(source="build.log", kind=SourceKind.GHA_LOG, message=message)
    return identify(record, GROUPING[grouping]).fingerprint.value


# https://github.com/githubnext/copilot-workspace-user-manual/issues/98: Node's fs.mkdtemp, two runs
MKDTEMP = (
    "Could not create temporary directory: ENOSPC: no space left on device, mkdtemp '{}/cw-ofAoc2'",
    "Could not create temporary directory: ENOSPC: no space left on device, mkdtemp '{}/cw-GvRtNa'",
)


@pytest.mark.parametrize("folder", ["/home", "/home/runner/work/app/app/.tmp"])
def test_mkdtemp_names_of_two_runs_are_one_failure(folder: str) -> None:
    first, second = (line.format(folder) for line in MKDTEMP)
    assert _fingerprint(first) == _fingerprint(second)
    if folder != "/home":  # v3 kept the workspace path's random names: two failures
        assert normalize(second, "v4").text.endswith("/cw-XXXXXX'")  # the template mkdtemp fills
        assert _fingerprint(first, "ci@2026-12-01") != _fingerprint(second, "ci@2026-12-01")


def test_a_hex_suffix_no_longer_cuts_the_path() -> None:
    # a packaging step's staging folder per run (Go's os.MkdirTemp pattern `package-tar-staging-*`, as a
    # Jenkins job printed it once per folder): a hex run was <HEX1> and split the path from the other runs'
    runs = ("3f9a2c1b", "k3j9x2qp", "Xa81bEc2")
    lines = [f"write /tmp/package-tar-staging-{run}: no space left on device" for run in runs]
    assert len({_fingerprint(line) for line in lines}) == 1
    assert len({_fingerprint(line, "ci@2026-12-01") for line in lines}) == 2
    assert normalize(lines[0], "v4").text == "write <PATH>: no space left on device"


@pytest.mark.parametrize("run", ["3f9a2c1b", "3F9A2C1B", "k8x9q2ab", "Xa81bEc2Q1", "ofAoc2", "GvRtNa"])
def test_random_runs(run: str) -> None:
    assert random_run(run)


@pytest.mark.parametrize(
    "run",
    ["staging", "kqjxzrtp", "v2beta1", "utf8mb4", "arm64v8", "RelWithDebInfo", "Win32Release", "20230802"],
)
def test_names_versions_and_architectures_are_kept(run: str) -> None:
    assert not random_run(run)
    line = f"cannot open /src/app/build-{run}/main.c"
    assert normalize(line, "v4").text == normalize(line, "v3").text


def test_source_files_keep_their_names() -> None:
    # two different files are two failures: a CamelCase name after a dash is no random run
    one = normalize("src/ui/app-MainActivity.kt:3:1: error: unresolved reference", "v4").text
    two = normalize("src/ui/app-LoginActivity.kt:3:1: error: unresolved reference", "v4").text
    assert one != two
