"""A wrapper's detail is the root: the line Maven or Ant prints under its failure, the findings of the
Maven plugin section whose goal failed, the warning Sphinx turned into an error, a goal failure that
names its own cause (classifier/extract/lookback.py, classifier/link/shapes.py).

Fixtures (tests/fixtures/link/):
- maven-could-not-read.log: Maven output quoted in github.com/cdapio/cdap/pull/1794 (the `$ mvn` line
  from the command that pull request quotes);
- ant-build-failed.log: Ant output quoted in github.com/servicecatalog/development/issues/557;
- maven-license-section.log: the license-maven-plugin section quoted in
  github.com/GoogleCloudPlatform/cloud-opensource-java/pull/784, followed by Maven's failure block as quoted
  in github.com/openzipkin/zipkin-java/issues/80 (its goal's version and project set to the section's);
- sphinx-warning-as-error.log: `sphinx-build -W` output quoted in github.com/sphinx-doc/sphinx/issues/3187,
  then the runner's exit line for the exit status 1 that Sphinx documents for -W;
- maven-goal-own-cause.log: the goal failure quoted in github.com/jfrog/jenkins-artifactory-plugin/pull/235.
An exception that says nothing but a code wraps the error printed under it; an exit status after a chain of
wrapped errors is a cause (the samples' origins above them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.link.shapes import Shape, shape_of
from classifier.model import ErrorRecord, SourceKind
from tests.core.ci_logs import failures_of
from tests.link.test_jobs import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "link"


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("maven-could-not-read.log", "Child module /Build/cdap-ui of /Build/pom.xml does not exist"),
        ("ant-build-failed.log", "D:\\Git\\development\\oscm-build\\build.xml:143: java.lang.NullPointerException"),
        ("maven-license-section.log", "Missing header in: /home/circleci/cloud-opensource-java/dependencies/"),
        ("sphinx-warning-as-error.log", "/Users/putrino/velcro/f5-marathon-lb/f5-ci-docs/docs/f5-csi_k/glossary.rst"),
        ("maven-goal-own-cause.log", "Failed to execute goal org.codehaus.mojo:animal-sniffer-maven-plugin:1.15"),
    ],
)
def test_the_detail_of_a_wrapper_is_the_root(name: str, root: str, tmp_path: Path) -> None:
    (job,) = run([FIXTURES / name], tmp_path).jobs
    first = job.failures[0].root.record
    assert first.message.startswith(root)
    assert shape_of(first) is Shape.CAUSE


def test_a_goal_failure_that_points_elsewhere_stays_a_wrapper(tmp_path: Path) -> None:
    text = (FIXTURES / "maven-license-section.log").read_text()
    goal = next(line for line in text.splitlines() if "Failed to execute goal" in line)
    (job,) = run([FIXTURES / "maven-license-section.log"], tmp_path).jobs
    wrappers = [e.occurrence.record for e in job.failures[0].evidence if shape_of(e.occurrence.record) is Shape.WRAPPER]
    assert [record.message for record in wrappers] == [goal.removeprefix("[ERROR] ")]


# GitHub Actions' cancel line, then the next step: actions/upload-artifact with the inputs its README documents.
CANCELLED_THEN_UPLOAD = """\
2024-05-02T10:00:00.0000000Z ##[group]Run make build
2024-05-02T10:00:00.0000000Z make build
2024-05-02T10:00:00.0000000Z ##[endgroup]
2024-05-02T10:30:00.0000000Z ##[error]The operation was canceled.
2024-05-02T10:30:00.1000000Z ##[group]Run actions/upload-artifact@v4
2024-05-02T10:30:00.1000000Z with:
2024-05-02T10:30:00.1000000Z   name: dist
2024-05-02T10:30:00.1000000Z   if-no-files-found: error
2024-05-02T10:30:00.1000000Z ##[endgroup]
"""


def test_the_detail_is_never_read_from_the_next_step(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text(CANCELLED_THEN_UPLOAD)
    (job,) = run([log], tmp_path).jobs
    assert job.failures[0].root.record.message.startswith("The operation was canceled.")


# https://github.com/pulumi/actions/issues/1034 (pulumi/actions: the automation API's `ConcurrentUpdateError`,
# whose message is only the CLI's exit code, then the CLI's stderr with the service's own error)
PULUMI = """\
  /home/runner/work/_actions/pulumi/actions/v4/webpack:/pulumi-github-action/node_modules/@pulumi/pulumi/automation/errors.js:74
                  ? new ConcurrentUpdateError(result)
  ^
  ConcurrentUpdateError: code: -2
   stdout: 
   stderr: Command failed with exit code 255: pulumi up --yes --skip-preview --stack dev --non-interactive
  error: [409] Conflict: Another update is currently in progress.
  To learn more about possible reasons and resolution, visit https://www.pulumi.com/docs/troubleshooting/#conflict
"""  # noqa: W291


def test_an_exception_that_says_only_a_code_wraps_the_error_printed_under_it(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, PULUMI)
    assert failure.root.record.message == "error: [409] Conflict: Another update is currently in progress."
    assert failure.classification.category != "runtime_error"  # the wrapper's exception type is no evidence
    assert any(e.occurrence.record.exception_type == "ConcurrentUpdateError" for e in failure.evidence)


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        # kind (rancher-sandbox/rancher-desktop#6005): Go's wrapped errors say what failed before the status
        (
            'ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec '
            '--privileged kind-control-plane kubeadm init --v=6" failed with error: exit status 137',
            Shape.CAUSE,
        ),
        ("exit status 1", Shape.SYMPTOM),
        ("Error: exit status 2", Shape.SYMPTOM),
        ("error: linking with `cc` failed: exit code: 1", Shape.SYMPTOM),
        (
            "dockergen.1 | 2019/07/20 08:02:07 Error running notify command: nginx -s reload, exit status 1",
            Shape.SYMPTOM,
        ),
    ],
)
def test_an_exit_status_after_its_own_error_chain_is_a_cause(line: str, shape: Shape) -> None:
    assert shape_of(ErrorRecord("job.log", SourceKind.RUNNER, line)) is shape


# npm 1's end of a failed command (an npm install behind a proxy, quoted in a Stack Overflow answer on
# `SSL Error: CERT_UNTRUSTED`): `not ok code 0` is npm's verdict, the message above it the cause.
NPM1_CERT = """npm ERR! Error: SSL Error: CERT_UNTRUSTED
npm ERR! cwd E:\\myFindings\\nodejs_programs\\node
npm ERR! node -v v0.8.0
npm ERR! npm -v 1.1.32
npm ERR! message SSL Error: CERT_UNTRUSTED
npm ERR!
npm ERR! Additional logging details can be found in:
npm ERR!     E:\\myFindings\\nodejs_programs\\node\\npm-debug.log
npm ERR! not ok code 0
"""


@pytest.mark.parametrize("line", ["npm ERR! not ok code 0", "npm ERR! Test failed.  See above for more details."])
def test_old_npm_verdicts_are_symptoms(line: str) -> None:
    assert shape_of(ErrorRecord("job.log", SourceKind.RUNNER, line)) is Shape.SYMPTOM


def test_old_npm_verdict_attaches_to_the_error_above_it(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, NPM1_CERT)
    assert "CERT_UNTRUSTED" in failure.root.record.message
