"""More CI systems' own verdict lines and prefixes in their raw logs: the step's cause found once, the verdict
its symptom.

Trimmed real samples (origin in a comment): AWS CodeBuild's phase verdicts (also indented as pasted), Google
Cloud Build's verdict through gcloud, Codefresh's step verdict, Bamboo's task verdicts and row prefix, Argo's
workflow status and its executor's logfmt lines, PowerShell's CommandNotFoundException and ItemNotFoundException
(Azure Pipelines' PowerShell task), the CircleCI CLI's local runner, a Ruby script raising with the status of the
command it ran, gpg finding no key, TeamCity's service messages, a malformed image name (configuration).
"""

from __future__ import annotations

from pathlib import Path

from classifier.classify import rule_classification
from classifier.extract import extract_document
from classifier.extract.prefix import strip_prefix
from classifier.group import group_occurrences
from classifier.model import Role, Severity, Stream
from classifier.settings import load_settings
from classifier.wiring import build_vocabularies
from tests.core.builders import occurrence
from tests.core.ci_logs import failures_of
from tests.extract.helpers import bytes_doc

# A Korean notes file on a DAST step in AWS CodeBuild (stored public file, find_string id 59772278137,
# "Phase complete: BUILD State: FAILED"): the log indented by 8 as pasted, the frames trimmed
CODEBUILD_INDENTED = """\
        [Container] 2025/12/02 03:41:01.677262 Running command if [ ! -z "$HAWK_API_KEY" ]; then
          docker run --rm -v $(pwd):/hawk -e HAWK_API_KEY=$HAWK_API_KEY stackhawk/hawkscan:latest stackhawk.yml
        fi
        Exception in thread "main" HawkScan Installed Environment Error: An API key is required.
            at com.stackhawk.hste.BaseScanCommand.promptForAPIKey(BaseScanCommand.kt:628)
            at com.stackhawk.hste.Bootstrap.main(Bootstrap.kt:82)
        [Container] 2025/12/02 03:41:06.148228 Command did not exit successfully if [ ! -z "$HAWK_API_KEY" ]; then
          docker run --rm -v $(pwd):/hawk -e HAWK_API_KEY=$HAWK_API_KEY stackhawk/hawkscan:latest stackhawk.yml
        fi exit status 1
        [Container] 2025/12/02 03:41:06.154179 Phase complete: BUILD State: FAILED
        [Container] 2025/12/02 03:41:06.154207 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: if [ ! -z "$HAWK_API_KEY" ]; then
          docker run --rm -v $(pwd):/hawk -e HAWK_API_KEY=$HAWK_API_KEY stackhawk/hawkscan:latest stackhawk.yml
        fi. Reason: exit status 1
        [Container] 2025/12/02 03:41:06.197805 Entering phase POST_BUILD
        [Container] 2025/12/02 03:41:06.200352 Phase complete: POST_BUILD State: SUCCEEDED
        [Container] 2025/12/02 03:41:06.272065 Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED
"""  # noqa: E501


def test_codebuild_phase_verdicts_are_symptoms_of_the_error_above_also_indented(tmp_path: Path) -> None:
    assert strip_prefix(CODEBUILD_INDENTED.splitlines()[9]).text == "Phase complete: BUILD State: FAILED"
    [failure] = failures_of(tmp_path, CODEBUILD_INDENTED, "codebuild.log")
    assert "An API key is required" in failure.root.record.message
    records = extract_document(bytes_doc("codebuild.log", CODEBUILD_INDENTED.encode())).records
    phase = {r.line_start or 0: r for r in records if r.message.startswith("Phase ")}
    assert sorted(phase) == [10, 11]  # the failed phase's two lines; the succeeded phases are no records
    assert {r.role for r in phase.values()} == {Role.SYMPTOM}


# A public task-run log file of CodeBuild builds (find_string id 37608575406, "Phase context status code:
# COMMAND_EXECUTION_ERROR"): a multi-line buildspec command, CodeBuild's lines about it wrap with it (trimmed)
CODEBUILD_MULTILINE = """\
Uploading /root/oracle_1.zip to build artifact directory...
\u2713 Build artifacts uploaded to build artifact directory

[Container] 2026/01/28 20:48:46.738339 Command did not exit successfully set -e
# Commands run directly in envgen environment (no docker wrapper needed)
if [ "$TEST_TYPE" = "oracle" ]; then
  python3 /app/scripts/harbor/harbor_agent_run.py --agent oracle --key oracle $TASK
fi
 exit status 1
[Container] 2026/01/28 20:48:46.742551 Phase complete: BUILD State: FAILED
[Container] 2026/01/28 20:48:46.742573 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: set -e
# Commands run directly in envgen environment (no docker wrapper needed)
if [ "$TEST_TYPE" = "oracle" ]; then
  python3 /app/scripts/harbor/harbor_agent_run.py --agent oracle --key oracle $TASK
fi
. Reason: exit status 1
[Container] 2026/01/28 20:48:46.777530 Entering phase POST_BUILD
[Container] 2026/01/28 20:48:46.780378 Phase complete: POST_BUILD State: SUCCEEDED
"""  # noqa: E501


def test_codebuild_failed_command_leads_its_phase_verdicts(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CODEBUILD_MULTILINE, "codebuild.log")
    assert failure.root.record.message == "Command did not exit successfully set -e"


# A public notes file on a Dataflow flex template built by Cloud Build (find_string id 10790610797,
# "completed with status \"FAILURE\""): gcloud's verdict on the build after Cloud Build's own
CLOUD_BUILD = """\
Step #3: gcr.io/google.com/cloudsdktool/cloud-sdk:latest
Step #3: Using bucket:
Step #3: ERROR: (gcloud.dataflow.flex-template.build) argument --metadata-file: Unable to read file [dataflow/streaming/metadata.json]: [Errno 2] No such file or directory: 'dataflow/streaming/metadata.json'
Step #3: For detailed information on this command and its flags, run:
Step #3:   gcloud dataflow flex-template build --help
Finished Step #3
ERROR
ERROR: build step 3 "gcr.io/google.com/cloudsdktool/cloud-sdk" failed: step exited with non-zero status: 2
--------------------------------------------------------------------------------------------------------------

BUILD FAILURE: Build step failure: build step 3 "gcr.io/google.com/cloudsdktool/cloud-sdk" failed: step exited with non-zero status: 2
ERROR: (gcloud.builds.submit) build 884650fb-134c-4f22-b184-a9de01d7eed5 completed with status "FAILURE"
"""  # noqa: E501


def test_gcloud_verdict_on_a_cloud_build_is_a_symptom(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CLOUD_BUILD, "cloudbuild.log")
    assert "Unable to read file [dataflow/streaming/metadata.json]" in failure.root.record.message
    records = extract_document(bytes_doc("cloudbuild.log", CLOUD_BUILD.encode())).records
    verdict = next(r for r in records if r.line_start == 12)
    assert verdict.role is Role.SYMPTOM


# Codefresh's docs, "Clone step failed" (https://codefresh.io/docs/docs/troubleshooting/common-issues/
# git-clone-step-issue/, stored copy find_string id 20665453362); its line wraps as in the page
CODEFRESH = """\
Aborting
Command [git checkout $REVISION] exited with code [1]
  [SYSTEM] Error: Failed to run git-clone step: Cloning main repository...; caused by NonZeroExitCodeError
  : Container for step title: Cloning main repository..., step type: git-clone, operation: Cloning reposit
ory failed with exit code: 1
"""


def test_codefresh_step_verdict_is_a_symptom_of_its_command(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CODEFRESH, "codefresh.log")
    assert failure.root.record.message == "Command [git checkout $REVISION] exited with code [1]"
    records = extract_document(bytes_doc("codefresh.log", CODEFRESH.encode())).records
    assert next(r for r in records if r.line_start == 3).role is Role.SYMPTOM


# Bamboo: a build log kept as a test fixture in ls1intum/Artemis (find_string id 1738900452, the variant with a
# renamed agent home; the text block's indentation removed as Java does): the task verdicts after Gradle's report
BAMBOO_TASKS = """\
src/de/tum/in/ase/GameBoard.java:25: error: incompatible types: String cannot be converted to char
       return "("+sizeX+","+sizeY+")";
                     ^
1 error
BUILD FAILED in 11s
Failing task since return code of [/tmp/runInDocker6842401286113283280.sh /opt/jenkinsagent/jenkins-agent-home/temp/ABC23H01E01-JOB1-5-ScriptBuildTask-450090153682409851.sh] was 1 while expected 0
Finished task 'Tests' with result: Failed
Starting task 'JUnit Parser' of type 'com.atlassian.jenkins.plugins.testresultparser:task.testresultparser.junit'
Failing task since test cases were expected but none were found.
Finished task 'JUnit Parser' with result: Failed
"""  # noqa: E501


def test_bamboo_task_verdicts_are_symptoms_of_the_compiler_error(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, BAMBOO_TASKS, "bamboo.log")
    assert failure.root.record.message.startswith("incompatible types")
    records = extract_document(bytes_doc("bamboo.log", BAMBOO_TASKS.encode())).records
    verdicts = [r for r in records if r.line_start in (6, 7, 9, 10)]
    assert len(verdicts) == 4 and {r.role for r in verdicts} == {Role.SYMPTOM}


def test_bamboo_row_prefix_is_stripped() -> None:
    # a TODO notes file of the tia test framework quoting a Bamboo log (find_string id 14590941092): the row's
    # type, the date with the server's month name, a tab; a row may end after its date
    row = strip_prefix("build\t14-сен-2016 05:16:12\tTRCERR: Runner ERR: NoSuchSessionError: x")
    assert (row.text, row.timestamp) == ("TRCERR: Runner ERR: NoSuchSessionError: x", "14-сен-2016 05:16:12")
    assert strip_prefix("build\t14-сен-2016 05:16:12").text == ""
    assert strip_prefix("error\t14-сен-2016 05:21:12\tCommand exited with non-zero status 1").text == (
        "Command exited with non-zero status 1"
    )
    assert strip_prefix("build\tdone").text == "build\tdone"  # no date: no Bamboo row


# A public Argo Workflows notes README (find_string id 27489599860): `argo get` of a green workflow, then
# `argo logs`: the executor's logfmt line at level info with Go's nil error
ARGO_GREEN = """\
STEP                  TEMPLATE  PODNAME            DURATION  MESSAGE
 ✔ hello-world-llhkx  whalesay  hello-world-llhkx  5s
hello-world-llhkx: hello world
hello-world-llhkx: time="2023-11-05T18:09:04.846Z" level=info msg="sub-process exited" argo=true error="<nil>"
"""


def test_argo_executor_info_line_with_a_nil_error_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, ARGO_GREEN, "argo.log") == []


# The same README, the failed run (`argo get`): the workflow's status is a symptom of its step's message
ARGO_FAILED = """\
Name:                hello-world-w2bm8
Namespace:           argo
Status:              Failed
Message:             Error (exit code 64): failed to start command: fork/exec /usr/local/bin/cowsay: exec format error
"""


def test_argo_workflow_status_is_a_symptom_of_its_message(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, ARGO_FAILED, "argo.log")
    assert "exec format error" in failure.root.record.message


# https://github.com/astral-sh/uv/issues/7988 (PowerShell running an installer from a path with a space)
POWERSHELL_NOT_FOUND = """\
C:\\Users\\Graham : The term 'C:\\Users\\Graham' is not recognized as the name of a cmdlet, function, script file, or
operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try
again.
At line:1 char:1
+ C:\\Users\\Graham Knapp\\AppData\\Local\\Temp\\.tmp3XZhI9\\installer.ps1
+ ~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (C:\\Users\\Graham:String) [], CommandNotFoundException
    + FullyQualifiedErrorId : CommandNotFoundException
"""

# A public notes file on Firebase App Distribution from Azure Pipelines (find_string id 24117603992)
POWERSHELL_NO_PATH = """\
2025-06-11T20:29:20.9558643Z Get-Content : Cannot find path 'D:\\a\\1\\s\\android-firebase-uat.json' because it does not exist.
2025-06-11T20:29:20.9559628Z At D:\\a\\_temp\\d974dded-ac24-4a89-9cfb-620e4777f6e3.ps1:8 char:19
2025-06-11T20:29:20.9561508Z + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand
2025-06-11T20:29:21.0677767Z ##[error]PowerShell exited with code '1'.
"""  # noqa: E501


def test_powershell_command_and_path_not_found_are_the_configuration(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, POWERSHELL_NOT_FOUND, "pwsh.log")
    assert "is not recognized as the name of a cmdlet" in failure.root.record.message
    assert failure.classification.category == "configuration_error"
    [failure] = failures_of(tmp_path, POWERSHELL_NO_PATH, "azure.log")
    assert failure.root.record.message.startswith("Get-Content : Cannot find path")
    assert failure.classification.category == "configuration_error"


# A Japanese notes file on the CircleCI CLI's local runner (find_string id 27749598665): Bundler's refusal, the
# runner's verdicts and the test-results upload that found nothing after the failed step
CIRCLECI_LOCAL = """\
====>> Bundle Install
  #!/bin/bash -eo pipefail
bundle check --path vendor/bundle || bundle install --deployment
You must use Bundler 2 or greater with this lockfile.
You must use Bundler 2 or greater with this lockfile.
Error: Exited with code 20
Step failed
====>> Uploading test results
Error: Unable to save test results from /home/circleci/project/test_results
Error stat /home/circleci/project/test_results: no such file or directory

Error: Found no path with test results, skipping
Error: runner failed (exited with 101)
Task failed
Error: task failed
"""


def test_circleci_local_runner_verdicts_leave_the_steps_own_error(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, CIRCLECI_LOCAL, "circleci.log")
    assert failure.root.record.message == "You must use Bundler 2 or greater with this lockfile."
    records = extract_document(bytes_doc("circleci.log", CIRCLECI_LOCAL.encode())).records
    upload = [r for r in records if r.line_start in (9, 10, 12)]
    assert len(upload) == 3 and {r.severity for r in upload} == {Severity.WARNING}


# A public Buildkite reproduction README (find_string id 1278400890): the agent's upload gave up, then the Ruby
# script that ran it raised with the command's `Process::Status`
BUILDKITE_RUBY = """\
2023-10-17 13:36:02 WARN   Pipeline upload not yet applied: processing (Attempt 60/60)
fatal: Failed to upload and process pipeline: Pipeline upload not yet applied: processing
massive_pipeline_creator.rb:46:in `system!': ["buildkite-agent", "pipeline", "upload", "pipeline.chunk-1.yml"] command failed: pid 39070 exit 1 (RuntimeError)
\tfrom massive_pipeline_creator.rb:39:in `block in create'
\tfrom massive_pipeline_creator.rb:51:in `<main>'
🚨 Error: The command exited with status 1
user command error: exit status 1
"""  # noqa: E501


def test_ruby_raise_with_a_commands_status_wraps_its_error(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, BUILDKITE_RUBY, "buildkite.log")
    assert failure.root.record.message.startswith("fatal: Failed to upload and process pipeline")


# https://github.com/triplecanopy/b-ber task file on CircleCI's Codecov orb (find_string id 54525778735, its first
# version): gpg imports nothing
GPG_NO_KEY = """\
gpg: directory '/home/circleci/.gnupg' created
gpg: keybox '/home/circleci/.gnupg/pubring.kbx' created
gpg: no valid OpenPGP data found.
gpg: Total number processed: 0

Exited with code exit status 2
"""


def test_gpg_finding_no_key_is_the_cause_before_the_verdict(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, GPG_NO_KEY, "circleci.log")
    assert failure.root.record.message == "gpg: no valid OpenPGP data found."


# TeamCity's service messages as its documentation shows them ("Service messages", reporting messages for the
# build log and tests; stored copy find_string id 31197306567), after a verbose line of a TeamCity build log
# (https://github.com/jonnyzzz/TeamCity.Virtual/issues/22): a test's failure with its escaped details, an error
# message; the suite, start and statistic messages are none
TEAMCITY_SERVICE = """\
[17:31:51]i:     [Step 2/2] ##teamcity[buildStatisticValue key='buildStageDuration:buildStepRUNNER_1665' value='0.0']
##teamcity[testSuiteStarted name='suiteName']
##teamcity[testStarted name='package_or_namespace.ClassName.TestName']
##teamcity[testFailed name='package_or_namespace.ClassName.TestName' message='The number must be 20000' details='junit.framework.AssertionFailedError: expected:<20000> but was:<10000>|n|r    at junit.framework.Assert.fail(Assert.java:47)|n|r    at junit.framework.Assert.failNotEquals(Assert.java:280)|n|r...']
##teamcity[testFinished name='package_or_namespace.ClassName.TestName']
##teamcity[testSuiteFinished name='suiteName']
##teamcity[message text='compiler output']
##teamcity[message text='Exception text' errorDetails='stack trace' status='ERROR']
"""  # noqa: E501


def test_teamcity_service_messages_report_the_failed_test_and_the_error() -> None:
    records = extract_document(bytes_doc("teamcity.log", TEAMCITY_SERVICE.encode())).records
    assert [(r.line_start, r.test_id, r.message) for r in records] == [
        (4, "package_or_namespace.ClassName.TestName", "The number must be 20000"),
        (8, "", "Exception text"),
    ]
    assert records[0].details.startswith("junit.framework.AssertionFailedError: expected:<20000> but was:<10000>\n")


def test_a_malformed_image_name_is_the_jobs_configuration() -> None:
    vocabulary = build_vocabularies(load_settings({}, {"enable_error_classification": "false"}))[Stream.CI]
    messages = (
        # a Docker tutorial page's `docker image tag` into an upper-case name (stored file, find_string id 71611686031)
        'error parsing reference: "Menu-Board:1.0" is not a valid repository/tag: invalid reference format: '
        "repository name (library/Menu-Board) must be lowercase",
        # an AWS workshop's CodeBuild log (stored file, find_string id 46263834820): a tag built from a pipeline ARN
        'invalid argument "interstella-iridium:arn:aws:s3:::codepipeline-eu-central-1-311881684539/prod-iridium-'
        'service/MyApp/JrWYRbf" for t: Error parsing reference: "interstella-iridium:arn:aws:s3:::codepipeline-eu-'
        'central-1-311881684539/prod-iridium-service/MyApp/JrWYRbf" is not a valid repository/tag',
        # a Cloud Build push into an Artifact Registry repository's root (stored file, find_string id 70916869489)
        "name invalid: Missing image name.",
    )
    for message in messages:
        [group] = group_occurrences([occurrence(message)])
        assert rule_classification(group, vocabulary, "v", "now", None).category == "configuration_error", message
