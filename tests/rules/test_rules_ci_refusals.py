"""What a CI service refuses or cannot provide is the job's configuration, not the network or the code.

Each log is a real one, quoted from the issue thread named beside it (trimmed to the failing lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.link.test_jobs import run, write

# poseidon/wait-for-status-checks#63: the job's token lacked `checks: read`
NOT_ACCESSIBLE = """##[error]error HttpError: Resource not accessible by integration
"""
# Gamesight/slack-workflow-status#45: the action prints the HttpError, then the same words again
NOT_ACCESSIBLE_TWICE = """/usr/bin/docker exec  some_hash sh -c "cat /etc/*release | grep ^ID"
Error: HttpError: Resource not accessible by integration
Error: Resource not accessible by integration
"""
# ad-m/github-push-action#55: the default token may not push
PUSH_DENIED = """Push to branch master
remote: Permission to ***/sunday-night-wreckfest.git denied to github-actions[bot].
fatal: unable to access 'https://github.com/***/sunday-night-wreckfest.git/': The requested URL returned error: 403
Error: Invalid status code: 128
"""
# jidicula/clang-format-action#190: a Dependabot run may not write the organisation's package
GHCR_DENIED = """Error: buildx failed with: ERROR: denied: installation not allowed to Write organization package
"""
# JoshuaKGoldberg/create-typescript-app#494: npm refused the publish of a version it already has (the registry's
# host renamed: no package registry host is named in this repository)
NPM_PUBLISH = """npm notice Publishing to https://registry.example.org/ with tag latest and default access
npm ERR! code E403
npm ERR! 403 403 Forbidden - PUT https://registry.example.org/template-typescript-node-package - You cannot publish over the previously published versions: 1.27.84.
"""  # noqa: E501
# aws-actions/configure-aws-credentials#961: the role's trust policy does not admit the workflow
AWS_OIDC = """Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity
"""
# docker/login-action#90: the password secret was empty
DOCKER_LOGIN = """Run docker/login-action@f054a8b539a109f9f41c372932f1ae047eff08c9
  with:
    username: correctUsername
    logout: true
Error: Username and password required
"""
# sonatype/nexus-public#696: the repository refused a second upload of one version
TWINE_UPLOAD = """ERROR    HTTPError: 400 Bad Request from http://stuff.internal/repository/foo-pypi/
         foo-pypi/packages/foo-py/0.0.0/foo-0.0.0-py3-none-any.whl cannot be updated
"""
# linkedin/kafka-monitor#389: setup-java has no 1.8 of that distribution
SETUP_JAVA = """Run actions/setup-java@v3
Installed distributions
  Trying to resolve the latest version from remote
  Error: Could not find satisfied version for SemVer 1.8.
  Available versions: 17.0.3, 17.0.1+12.1, 16.0.2+7.1, 11.0.15, 11.0.13+8.1
"""
# grafana-toolbox/grafana-client#201: ubuntu-24.04 has no Python 3.7
SETUP_PYTHON = """Error: The version '3.7' with architecture 'x64' was not found for Ubuntu 24.04.
"""
# an action's tag without its `v` (aquasecurity/trivy-action@0.24.0, a repository's CI note quoting its log)
ACTION_REF = """2026-09-08T03:31:27.8842390Z ##[error]Unable to resolve action `aquasecurity/trivy-action@0.24.0`, unable to find version `0.24.0`
"""  # noqa: E501
# a project's build troubleshooting notes (SushiScan, read_file id 53611000608): a Windows command on Linux
SH_NOT_FOUND = """sh: 1: xcopy: not found
Error: Process completed with exit code 127.
"""
# link-assistant/hive-mind#884: GitHub refused the workflow file
WORKFLOW_FILE = """Invalid workflow file: .github/workflows/main.yml#L1166
You have an error in your yaml syntax on line 1166
"""
# Quansight-Labs/free-threaded-compatibility#25: actions/deploy-pages on a repository without Pages
DEPLOY_PAGES = """Error: Creating Pages deployment failed
Error: HttpError: Not Found
    at /home/runner/work/_actions/actions/deploy-pages/v4/node_modules/@octokit/request/dist-node/index.js:124:1
    at processTicksAndRejections (node:internal/process/task_queues:95:5)
"""


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (NOT_ACCESSIBLE, "error HttpError: Resource not accessible by integration"),
        (PUSH_DENIED, "fatal: unable to access 'https://github.com/***/sunday-night-wreckfest.git/'"),
        (GHCR_DENIED, "Error: buildx failed with: ERROR: denied: installation not allowed"),
        (NPM_PUBLISH, "npm ERR! code E403"),
        (AWS_OIDC, "Error: Could not assume role with OIDC"),
        (DOCKER_LOGIN, "Error: Username and password required"),
        (TWINE_UPLOAD, "ERROR    HTTPError: 400 Bad Request from http://stuff.internal"),
        (SETUP_JAVA, "Error: Could not find satisfied version for SemVer 1.8."),
        (SETUP_PYTHON, "Error: The version '3.7' with architecture 'x64' was not found"),
        (ACTION_REF, "Unable to resolve action `aquasecurity/trivy-action@0.24.0`"),
        (SH_NOT_FOUND, "sh: 1: xcopy: not found"),
        (WORKFLOW_FILE, "Invalid workflow file: .github/workflows/main.yml#L1166: You have an error in your yaml"),
        (DEPLOY_PAGES, "Error: Creating Pages deployment failed"),
    ],
)
def test_a_refusal_is_a_configuration_error(log: str, message: str, tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", log)], tmp_path).jobs
    first = job.failures[0]
    assert first.root.record.message.startswith(message)
    assert first.classification.category == "configuration_error"


def test_an_error_told_again_without_its_exception_type_is_one_failure(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", NOT_ACCESSIBLE_TWICE)], tmp_path).jobs
    assert len(job.failures) == 1
    assert job.failures[0].classification.category == "configuration_error"


def test_an_invalid_workflow_file_is_located_at_its_line(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", WORKFLOW_FILE)], tmp_path).jobs
    (failure,) = job.failures
    location = failure.root.record.location
    assert location is not None and (location.file, location.line) == (".github/workflows/main.yml", 1166)
