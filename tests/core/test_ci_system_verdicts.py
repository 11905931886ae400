"""CI systems' own verdict lines and log prefixes in their raw logs: the cause found once, the verdict its symptom.

Trimmed real samples (origin in a comment): AppVeyor's `Command exited with code N` and its build phase without a
project, the Buildkite agent's `user command error: exit status N`, Azure Pipelines' free-tier job limit, logrus'
`ERRO[ts]` lines of OpenShift's ci-operator, Python logging's `asctime - LEVEL - message`, git's and docker's
set-up errors under GitLab CI, clang's stop after its error limit.
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.extract.prefix import strip_prefix
from classifier.model import Role, Severity
from tests.core.ci_logs import failures_of
from tests.extract.helpers import bytes_doc

# https://github.com/cuberite/cuberite/issues/3024 (AppVeyor job log)
APPVEYOR_GIT = """\
Build started
Fetching repository commit (639d198)...OK
Total: 14.7 MB in 1202 files
echo %TIME%
20:05:10.71
git submodule update --init
fatal: Not a git repository (or any of the parent directories): .git
Command exited with code 128
"""


def test_appveyor_verdict_is_a_symptom_of_the_git_error_above_it(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, APPVEYOR_GIT, "appveyor.log")
    assert [f.root.record.line_start for f in failures] == [7]
    assert failures[0].classification.category == "configuration_error"
    records = extract_document(bytes_doc("appveyor.log", APPVEYOR_GIT.encode())).records
    verdict = next(r for r in records if r.line_start == 8)
    assert (verdict.role, verdict.code, verdict.severity) == (Role.SYMPTOM, "128", Severity.ERROR)


# https://github.com/servo/libexpat/issues/23 (AppVeyor, default MSBuild build phase)
APPVEYOR_NO_PROJECT = """\
Build started
git clone -q https://github.com/servo/libexpat.git C:\\projects\\libexpat
git fetch -q origin +refs/pull/22/merge:
git checkout -qf FETCH_HEAD
The build phase is set to "MSBuild" mode (default), but no Visual Studio project or solution files were found in the root directory. If you are not building Visual Studio project switch build mode to "Script" and provide your custom build command.
"""  # noqa: E501


def test_appveyor_build_phase_without_a_project_is_the_jobs_configuration(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, APPVEYOR_NO_PROJECT, "msbuild.log")
    assert [f.root.record.line_start for f in failures] == [5]
    assert failures[0].classification.category == "configuration_error"


# https://github.com/dlang/ci/pull/468 (Buildkite job: the agent's verdict on the job's command)
BUILDKITE = """\
warning: failed to remove ./: Invalid argument
--
user command error: exit status 1
"""


def test_buildkite_agent_verdict_is_an_exit_status_symptom() -> None:
    records = extract_document(bytes_doc("buildkite.log", BUILDKITE.encode())).records
    verdict = next(r for r in records if r.line_start == 3)
    assert (verdict.role, verdict.code, verdict.tool_hint) == (Role.SYMPTOM, "1", "exit_code")


# https://github.com/microsoft/azure-pipelines-yaml/issues/227 (the run's errors, free tier's 60 minutes)
AZURE_LIMIT = """\
##[Error 2]
The job exceeded the maximum allowed time of 01:00:00 and was stopped. Please visit &lt;a href='https://go.microsoft.com/fwlink/?linkid=832649' target='_blank' &gt;parallel jobs&lt;/a&gt; for more information.
"""  # noqa: E501


def test_azure_job_limit_is_a_timeout(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, AZURE_LIMIT, "azure.log")
    assert [f.root.record.line_start for f in failures] == [2]
    assert failures[0].classification.category == "timeout"


# https://github.com/operator-framework/community-operators/pull/3583 (ci-operator's logrus output)
CI_OPERATOR = """\
ERRO[2021-04-14T16:12:50Z] Some steps failed:
ERRO[2021-04-14T16:12:50Z]   * could not run steps: step deploy-operator-on-openshift failed: "deploy-operator-on-openshift" test steps failed: "deploy-operator-on-openshift" pod "deploy-operator-on-openshift-deploy-operator" failed: the pod ci-op-fgk6f8g9/deploy-operator-on-openshift-deploy-operator failed after 6m29s (failed containers: test): ContainerFailed one or more containers exited
ERRO[2021-04-14T16:12:50Z] Container test exited with code 1, reason Error
ERRO[2021-04-14T16:12:50Z] 0/1     CrashLoopBackOff   5          5m16s
"""  # noqa: E501


def test_logrus_levels_are_stripped_and_kept() -> None:
    line = strip_prefix("ERRO[2021-04-14T16:12:50Z] 0/1     CrashLoopBackOff   5          5m16s  ")
    assert (line.text.split(), line.level) == (["0/1", "CrashLoopBackOff", "5", "5m16s"], "ERROR")
    # https://github.com/openshift/ci-tools/pull/2435 and https://github.com/tektoncd/pipeline/issues/4597 (kaniko
    # under Tekton's `tkn` prefix)
    assert (
        strip_prefix("INFO[2021-10-15T19:39:21Z] Ran for 2s").text,
        strip_prefix("INFO[2021-10-15T19:39:21Z] Ran for 2s").level,
    ) == ("Ran for 2s", "INFO")
    kaniko = strip_prefix(
        "[build-push-image : build-push-image] INFO[2022-02-18T03:28:31Z] Retrieving image manifest alpine:3.12"
    )
    assert (kaniko.text, kaniko.level) == ("Retrieving image manifest alpine:3.12", "INFO")


def test_ci_operator_error_lines_are_records_and_the_failed_step_is_the_cause(tmp_path: Path) -> None:
    records = extract_document(bytes_doc("build-log.txt", CI_OPERATOR.encode())).records
    errors = sorted(r.line_start or 0 for r in records if r.severity is Severity.ERROR)
    assert errors == [1, 2, 3, 4]  # every ERRO line
    failures = failures_of(tmp_path, CI_OPERATOR, "build-log.txt")
    assert len(failures) == 1
    assert failures[0].root.record.message.startswith("* could not run steps: step deploy-operator-on-openshift")


# openEuler CI report quoting its Jenkins console (stored file id 56298175698): Python logging's default layout
SHUNIT = """\
/usr/local/etc/eulerpublisher/tests/container/app/../common/common_funs.sh: line 13: .: shunit2: file not found
2026-07-10 09:18:18,902 - CRITICAL - [Check] test failed
Build step 'Execute shell' marked build as failure
Finished: FAILURE
"""


def test_python_logging_level_after_the_timestamp_marks_the_line() -> None:
    line = strip_prefix("2026-07-10 09:18:18,902 - CRITICAL - [Check] test failed")
    assert (line.text, line.level, line.timestamp) == ("[Check] test failed", "CRITICAL", "2026-07-10 09:18:18,902")
    records = extract_document(bytes_doc("console.log", SHUNIT.encode())).records
    assert {r.line_start for r in records if r.severity is Severity.ERROR} >= {1, 2}


# GitLab CI traces copied from notes (stored file ids 6786150290 and 35861751034)
GITLAB_CLONE = """\
Fetching changes with git depth set to 20...
Reinitialized existing Git repository in /builds/project-1/.git/
fatal: 'mygitlab/root/my_project.git' does not appear to be a git repository
fatal: Could not read from remote repository.
Please make sure you have the correct access rights
and the repository exists.
ERROR: Job failed: exit code 1
"""
GITLAB_PUSH = """\
$ docker push $DOCKERHUB_USERNAME/frontend:$CI_COMMIT_SHORT_SHA
The push refers to repository [docker.io/ghostwritten/frontend]
An image does not exist locally with the tag: ghostwritten/frontend
Cleaning up project directory and file based variables
00:01
ERROR: Job failed: exit code 1
"""


def test_gitlab_set_up_errors_are_the_jobs_configuration(tmp_path: Path) -> None:
    clone = failures_of(tmp_path, GITLAB_CLONE, "clone.log")
    assert [(f.root.record.line_start, f.classification.category) for f in clone] == [(3, "configuration_error")]
    push = failures_of(tmp_path, GITLAB_PUSH, "push.log")
    assert [(f.root.record.line_start, f.classification.category) for f in push] == [(3, "configuration_error")]


# HomCloud's install notes (stored file id 22186253120): a CircleCI macOS pip build whose clang stopped at its
# error limit; the limit note is no error of its own
CLANG_LIMIT = """\
          /Applications/Xcode-14.3.1.app/Contents/Developer/Platforms/MacOSX.platform/Developer/SDKs/MacOSX.sdk/usr/include/c++/v1/__memory/unique_ptr.h:610:45: error: unknown type name 'nullptr_t'
          operator!=(const unique_ptr<_T1, _D1>& __x, nullptr_t) _NOEXCEPT
                                                      ^
          fatal error: too many errors emitted, stopping now [-ferror-limit=]
          220 warnings and 20 errors generated.
          error: command '/usr/bin/clang' failed with exit code 1
"""  # noqa: E501


def test_clang_error_limit_note_is_a_symptom_of_the_errors_above(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, CLANG_LIMIT, "clang.log")
    assert [f.root.record.line_start for f in failures] == [1]


# https://github.com/ansible/project-config/pull/785 (Zuul's job-output.txt: `timestamp | host | `, Ansible's YAML
# callback printing the result's keys under `FAILED! =>`)
ZUUL = """\
2021-04-01 15:01:30.113180 | bastion02.ca-ymq-1.vexxhost.zuul.ansible.com | An exception occurred during task execution. To see the full traceback, use -vvv. The error was:     _os.mkdir(file, 0o700)
2021-04-01 15:01:30.114543 | bastion02.ca-ymq-1.vexxhost.zuul.ansible.com | fatal: [nb01.sjc1.vexxhost.zuul.ansible.com]: FAILED! =>
2021-04-01 15:01:30.114572 | bastion02.ca-ymq-1.vexxhost.zuul.ansible.com |   msg: Unexpected failure during module execution.
2021-04-01 15:01:30.114591 | bastion02.ca-ymq-1.vexxhost.zuul.ansible.com |   stdout: ''
"""  # noqa: E501


def test_zuul_host_prefix_is_stripped_and_the_yaml_result_read(tmp_path: Path) -> None:
    line = strip_prefix(ZUUL.splitlines()[1])
    assert (line.text, line.timestamp) == (
        "fatal: [nb01.sjc1.vexxhost.zuul.ansible.com]: FAILED! =>",
        "2021-04-01 15:01:30.114543",
    )
    failures = failures_of(tmp_path, ZUUL, "job-output.txt")
    assert [f.root.record.message for f in failures] == ["Unexpected failure during module execution."]
    assert {e.occurrence.record.line_start for e in failures[0].evidence} >= {
        1,
        2,
    }  # the exception Ansible caught joins it


def test_a_sourced_file_not_found_is_the_jobs_configuration(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, SHUNIT, "console.log")
    assert [(f.root.record.line_start, f.classification.category) for f in failures] == [(1, "configuration_error")]


# A CircleCI step output saved in public notes (stored file id 1281544473): CloudFormation rejecting its template
CLOUDFORMATION = """\
Waiting for changeset to be created..

Failed to create the changeset: Waiter ChangeSetCreateComplete failed: Waiter encountered a terminal failure state: For expression "Status" we matched expected path: "FAILED" Status: FAILED. Reason: Template format error: Unresolved resource dependencies [VPCSonarqube] in the Resources block of the template
 Failed Cloudformation stack deployment...

Exited with code exit status 1
CircleCI received exit code 1
"""  # noqa: E501


def test_a_rejected_cloudformation_template_is_the_jobs_configuration(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, CLOUDFORMATION, "circleci.log")
    assert [(f.root.record.line_start, f.classification.category) for f in failures] == [(3, "configuration_error")]
