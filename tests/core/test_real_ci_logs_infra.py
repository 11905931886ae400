"""Deploy and infrastructure steps and flaky infrastructure in CI logs: the failure a runner, an agent, a cloud API
or a registry caused, once, in the category its own words give; a retried attempt that later succeeded is none.

Each sample is trimmed to the part around the failure, with its origin in the comment above it (read_file ids
are public files of the search index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.extract import runners
from tests.core.ci_logs import failures_of as _failures

# travis_retry: `gem update` failed once and succeeded on its retry; the deploy that ran later failed on its own
# (a rust-lang/rust Travis deploy log, read_file id 51153619273)
TRAVIS_RETRY_RECOVERED = (
    "\n".join(
        (
            "travis_fold:start:before_deploy.3",
            "travis_time:start:1509a480",
            "$ travis_retry gem update --system",
            "ERROR:  While executing gem ... (Gem::RemoteFetcher::FetchError)",
            "    IOError: HTTP session not yet started (https://gems.example.org/quick/Marshal.4.8/rubygems-updat"
            "e-2.7.7.gemspec.rz)",
            'The command "gem update --system" failed. Retrying, 2 of 3.',
            "Updating rubygems-update",
            "Successfully installed rubygems-update-2.7.7",
            "Installing RubyGems 2.7.7",
            "---",
            'uploading "f4a7602125318b7f107c3177abb12371e97e8e43/rust-src-nightly.tar.xz" with {:content_type=>'
            '"application/x-xz", :acl=>"public-read"}',
            "/home/travis/.rvm/gems/ruby-2.2.7/gems/aws-sdk-resources-2.11.63/lib/aws-sdk-resources/services/s3/m"
            "ultipart_file_uploader.rb:81:in `abort_upload': multipart upload failed: execution expired (Aws::S3:"
            ":MultipartUploadError)",
        )
    )
    + "\n"
)


def test_a_travis_retry_that_succeeded_is_no_cause_when_a_later_command_fails(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TRAVIS_RETRY_RECOVERED)
    assert "multipart upload failed: execution expired" in failure.root.record.message
    assert failure.classification.category == "network_error"  # Ruby's `execution expired`: a timed-out request


# travis_retry gave up: every attempt failed to reach the gem server (its host renamed gems.example.org here; a
# rust-lang/rust Travis log, read_file id 50890866356); RubyGems prints its message on the line under
# `ERROR:  While executing gem ... (Class)`
TRAVIS_RETRY_GAVE_UP = (
    "\n".join(
        (
            "$ travis_retry gem update --system",
            "ERROR:  While executing gem ... (Gem::RemoteFetcher::UnknownHostError)",
            "    no such name (https://gems.example.org/specs.4.8.gz)",
            'The command "gem update --system" failed. Retrying, 2 of 3.',
            "ERROR:  While executing gem ... (Gem::RemoteFetcher::FetchError)",
            "    Errno::EHOSTUNREACH: Failed to open TCP connection to gems.example.org:443 (No route to host - conne"
            'ct(2) for "gems.example.org" port 443) (https://gems.example.org/specs.4.8.gz)',
            'The command "gem update --system" failed 3 times.',
            "",
            'The command "travis_retry gem update --system" failed and exited with 1 during .',
            "Your build has been stopped.",
        )
    )
    + "\n"
)


def test_the_attempts_of_a_travis_retry_that_gave_up_are_its_network_failures(tmp_path: Path) -> None:
    failures = _failures(tmp_path, TRAVIS_RETRY_GAVE_UP)
    first = failures[0].root.record
    assert first.line_start == 3  # the gem error's own message, under its `ERROR:  While executing gem` line
    assert first.message == "Gem::RemoteFetcher::UnknownHostError: no such name (https://gems.example.org/specs.4.8.gz)"
    assert {failure.classification.category for failure in failures} == {"network_error"}


# The Actions runner pulling a docker action's image: two attempts answered 502, each followed by its back-off
# notice, then the last one (https://github.com/guix77/phpcs-drupal-action/issues/3)
RUNNER_PULL_502 = (
    "\n".join(
        (
            "Error response from daemon: received unexpected HTTP status: 502 Bad Gateway",
            "Warning: Docker pull failed with exit code 1, back off 6.971 seconds before retry.",
            "/usr/bin/docker pull quay.io/guix77/phpcs-drupal-action:php8.4RC3",
            "Error response from daemon: received unexpected HTTP status: 502 Bad Gateway",
            "Warning: Docker pull failed with exit code 1, back off 6.627 seconds before retry.",
            "/usr/bin/docker pull quay.io/guix77/phpcs-drupal-action:php8.4RC3",
            "Error response from daemon: received unexpected HTTP status: 502 Bad Gateway",
            "",
            "Error: Docker pull failed with exit code 1",
        )
    )
    + "\n"
)


def test_a_runner_pull_retried_after_back_off_is_one_failure_at_its_last_attempt(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RUNNER_PULL_502)
    assert failure.root.record.line_start == 7
    assert failure.classification.category == "network_error"


# Retry notices without an error word of their own, each from a tool's real output: actions/artifact's download
# (https://github.com/actions/download-artifact/issues/157), actions/checkout (read_file id 56773819731), the
# runner's git fetch (an Azure DevOps checkout, find_string id 9884438733), curl --retry (a rust-lang/rust Travis
# log, read_file id 51038717348), Ansible's until/retries (an Azure DevOps release log, read_file id 55470020208),
# pip (https://github.com/pypa/pip/issues/7849) and npm 2 (https://github.com/mozilla/fxa-content-server/issues/4159)
@pytest.mark.parametrize(
    "line",
    [
        "Exponential backoff for retry #1. Waiting for 6074 milliseconds before continuing the download",
        "Waiting 15 seconds before trying again",
        "##[warning]Git fetch failed with exit code 1, back off 9.729 seconds before retry.",
        "Warning: Transient problem: timeout Will retry in 1 seconds. 3 retries left.",
        "FAILED - RETRYING: Check if Jboss is Running (18 retries left).",
        "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection"
        " broken by 'ConnectTimeoutError(<pip._vendor.urllib3.connection.VerifiedHTTPSConnection object at"
        " 0x7f398570bf98>, 'Connection to registry.example.org timed out. (connect timeout=15)')': /simple/pandas/",
        "npm WARN retry will retry, error on last attempt: Error: read ECONNRESET",
    ],
)
def test_retry_notices_are_read_as_retries(line: str) -> None:
    found = runners.match_line(line)
    assert found is not None and found.tool_hint == "retry"


# Jenkins lost the agent under a shell step: make's `Terminated`, then Jenkins' FATAL over the remoting stack
# (https://github.com/nodejs/build/issues/4404)
JENKINS_CHANNEL_CLOSED = (
    "\n".join(
        (
            "make[1]: *** [Makefile:645: test-ci] Terminated",
            "make: *** [Makefile:674: run-ci] Terminated",
            "FATAL: Unable to delete script file /tmp/jenkins8977940399029550408.sh",
            "java.nio.channels.ClosedChannelException",
            "\tat org.jenkinsci.remoting.protocol.NetworkLayer.onRecvClosed(NetworkLayer.java:155)",
            "\tat org.jenkinsci.remoting.protocol.impl.NIONetworkLayer.ready(NIONetworkLayer.java:143)",
            "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
            'Caused: hudson.remoting.ChannelClosedException: Channel "hudson.remoting.Channel@6ae468e6:JNLP4-con'
            'nect connection from 165.227.180.106/165.227.180.106:49598": Remote call on JNLP4-connect connectio'
            "n from 165.227.180.106/165.227.180.106:49598 failed. The channel is closing down or has closed down",
        )
    )
    + "\n"
)

# Jenkins' agent went offline during a Gradle step (https://github.com/jenkinsci/docker-plugin/issues/357)
JENKINS_CONNECTION_BROKEN = (
    "\n".join(
        (
            "Slave went offline during the build",
            "ERROR: Connection was broken: java.io.IOException: Unexpected termination of the channel",
            "    at hudson.remoting.SynchronousCommandTransport$ReaderThread.run(SynchronousCommandTransport.java:50)",
            "Caused by: java.io.EOFException",
            "    at java.io.ObjectInputStream$PeekInputStream.readFully(ObjectInputStream.java:2428)",
            "    at hudson.remoting.SynchronousCommandTransport$ReaderThread.run(SynchronousCommandTransport.java:48)",
            "",
            "Build step 'Invoke Gradle script' marked build as failure",
        )
    )
    + "\n"
)


@pytest.mark.parametrize(("log", "line"), [(JENKINS_CHANNEL_CLOSED, 3), (JENKINS_CONNECTION_BROKEN, 2)])
def test_a_lost_jenkins_agent_is_one_infrastructure_failure(tmp_path: Path, log: str, line: int) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.line_start == line
    assert failure.classification.category == "infrastructure_error"


# Cloud APIs refusing a deploy: gcloud's quota under its summary line
# (https://github.com/kelseyhightower/kubernetes-the-hard-way/issues/47), GCE without capacity in a zone
# (https://github.com/GoogleCloudPlatform/ai-on-gke/issues/849), a BOSH CPI's quota
# (https://github.com/cloudfoundry/docs-deploying-cf/issues/197), S3 refusing an upload
# (https://github.com/Reggionick/s3-deploy/issues/7), AWS throttling a CDK custom resource
# (https://github.com/aws-samples/one-observability-demo/issues/175)
GCLOUD_QUOTA = (
    "\n".join(
        (
            "ERROR: (gcloud.compute.instances.create) Some requests did not succeed:",
            " - Quota 'CPUS' exceeded. Limit: 8.0",
        )
    )
    + "\n"
)
GCE_NO_CAPACITY = (
    "\n".join(
        (
            "ERROR: (gcloud.compute.instances.create) Could not fetch resource:",
            "---",
            "code: ZONE_RESOURCE_POOL_EXHAUSTED",
            "errorDetails:",
            "- localizedMessage:",
            "    locale: en-US",
            "    message: A e2-standard-2 VM instance is currently unavailable in the europe-west4-a",
            "      zone. Alternatively, you can try your request again with a different VM hardware",
        )
    )
    + "\n"
)
BOSH_QUOTA = (
    "\n".join(
        (
            "Error: CPI error 'Bosh::Clouds::VMCreationFailed' with message 'VM failed to create: ",
            "googleapi: Error 403: Quota 'CPUS' exceeded. ",
            "Limit: 48.0 in region us-east1., quotaExceeded' in 'create_vm' CPI method",
        )
    )
    + "\n"
)
S3_ACCESS_DENIED = (
    "\n".join(
        (
            "File Matches, skipped favicon.ico",
            "File Matches, skipped logo192.png",
            "Upload error: AccessDenied: Access Denied",
            "    at Request.extractError (/home/runner/.npm/_npx/2757/lib/node_modules/s3-deploy/node_modules/aws"
            "-sdk/lib/services/s3.js:837:35)",
            "    at Request.callListeners (/home/runner/.npm/_npx/2757/lib/node_modules/s3-deploy/node_modules/aw"
            "s-sdk/lib/sequential_executor.js:106:20)",
        )
    )
    + "\n"
)
CDK_THROTTLED = (
    "\n".join(
        (
            "Services: creating CloudFormation changeset...",
            "6:36:00 PM | CREATE_FAILED        | Custom::AWSCDK-EKS-KubernetesResource       | loadBalancerServic"
            "eAccount1D19AD3A",
            "Received response status [FAILED] from custom resource. Message returned: TooManyRequestsException: "
            "Rate Exceeded.",
            "at Object.extractError (/var/runtime/node_modules/aws-sdk/lib/protocol/json.js:52:27)",
        )
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("log", "category"),
    [
        (GCLOUD_QUOTA, "resource_exhaustion"),
        (GCE_NO_CAPACITY, "infrastructure_error"),
        (BOSH_QUOTA, "resource_exhaustion"),
        (S3_ACCESS_DENIED, "configuration_error"),
        (CDK_THROTTLED, "infrastructure_error"),
    ],
)
def test_a_cloud_api_refusal_is_classified_by_what_it_says(tmp_path: Path, log: str, category: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.classification.category == category


# Ansible could not reach a host (https://github.com/ansible/ansible/issues/17437); a refused key stays a
# configuration error (https://github.com/geerlingguy/internet-pi/issues/373)
ANSIBLE_UNREACHABLE = (
    "\n".join(
        (
            "TASK [setup] *******************************************************************",
            'fatal: [54.166.83.128]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the hos'
            't via ssh.", "unreachable": true}',
            "",
            "PLAY RECAP *********************************************************************",
            "127.0.0.1                  : ok=3    changed=2    unreachable=0    failed=0  ",
            "54.166.83.128              : ok=0    changed=0    unreachable=1    failed=0   ",
        )
    )
    + "\n"
)
ANSIBLE_KEY_REFUSED = (
    "\n".join(
        (
            "TASK [Gathering Facts] *****************************************************************************"
            "********************",
            'fatal: [192.168.1.191]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the hos'
            't via ssh: pi@192.168.1.191: Permission denied (publickey,password).", "unreachable": true}',
            "",
            "PLAY RECAP *****************************************************************************************"
            "********************",
            "192.168.1.191              : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued="
            "0    ignored=0",
        )
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("log", "category"), [(ANSIBLE_UNREACHABLE, "network_error"), (ANSIBLE_KEY_REFUSED, "configuration_error")]
)
def test_an_unreachable_ansible_host(tmp_path: Path, log: str, category: str) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.line_start == 2
    assert failure.classification.category == category


# Deploy tools and clusters: a helm release another operation holds (https://github.com/helm/helm/issues/11421),
# an OpenShift e2e run logging the pod's ImagePullBackOff event at INFO
# (https://github.com/openshift/origin/issues/18365), GitLab Runner's artifacts upload answered 500 until it gave
# up (https://github.com/NixOS/nixpkgs/pull/25726), a reused Azure DevOps checkout that git cannot update
# (find_string id 9884438733), a service container's image the Actions runner could not pull (find_string id
# 59755390505)
HELM_LOCKED = (
    "\n".join(
        (
            "helm upgrade -f values-prod.yaml web-fo --set build_id=12345 microservices/helm/web-fo -n microservi"
            "ces --install --wait",
            "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
        )
    )
    + "\n"
)
E2E_IMAGE_PULL = (
    "\n".join(
        (
            "Jan 27 14:19:27.065: INFO: At 2018-01-27 14:14:27 +0000 UTC - event for example-1-deploy: {kubelet i"
            'p-172-18-12-166.ec2.internal} BackOff: Back-off pulling image "openshift/origin-deployer:4762d6a"',
            "Jan 27 14:19:27.065: INFO: At 2018-01-27 14:14:27 +0000 UTC - event for example-1-deploy: {kubelet i"
            "p-172-18-12-166.ec2.internal} Failed: Error: ImagePullBackOff",
        )
    )
    + "\n"
)
GITLAB_ARTIFACTS_500 = (
    "\n".join(
        (
            "Uploading artifacts...",
            "doc.pdf: found 1 matching files",
            "WARNING: Uploading artifacts to coordinator... failed  id=116 responseStatus=500 Internal Server Err"
            "or status=500 Internal Server Error token=9tdcH8zU",
            "WARNING: Retrying...",
            "WARNING: Uploading artifacts to coordinator... failed  id=116 responseStatus=500 Internal Server Err"
            "or status=500 Internal Server Error token=9tdcH8zU",
            "FATAL: invalid argument",
            "ERROR: Job failed: exit code 1",
        )
    )
    + "\n"
)
GIT_REF_LOCK = (
    "\n".join(
        (
            "error: cannot lock ref 'refs/remotes/origin/release': there is a non-empty directory '.git/refs/remo"
            "tes/origin/release' blocking reference 'refs/remotes/origin/release'",
            " ! [new branch]      release    -> origin/release  (unable to update local ref)",
            "##[warning]Git fetch failed with exit code 1, back off 9.729 seconds before retry.",
            'git -c http.extraheader="AUTHORIZATION: bearer ***" fetch --force --tags --prune --progress --no-r'
            "ecurse-submodules origin +refs/heads/*:refs/remotes/origin/* +refs/pull/2476/merge:refs/remotes/pull"
            "/2476/merge",
            "error: cannot lock ref 'refs/remotes/origin/release': there is a non-empty directory '.git/refs/remo"
            "tes/origin/release' blocking reference 'refs/remotes/origin/release'",
        )
    )
    + "\n"
)
RUNNER_PULL_FAILED = (
    "\n".join(
        (
            "Starting job container",
            "  /usr/bin/docker pull ghcr.io/flathub/flathub-infra:latest",
            "  Error response from daemon: manifest unknown",
            "  Warning: Docker pull failed with exit code 1, back off 5.028 seconds before retry.",
            "  /usr/bin/docker pull ghcr.io/flathub/flathub-infra:latest",
            "  Error response from daemon: manifest unknown",
            "  Error: Docker pull failed with exit code 1",
        )
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("log", "line"),
    [(HELM_LOCKED, 2), (E2E_IMAGE_PULL, 2), (GITLAB_ARTIFACTS_500, 6), (GIT_REF_LOCK, 5), (RUNNER_PULL_FAILED, 7)],
)
def test_a_deploy_tool_or_ci_platform_refusal_is_an_infrastructure_failure(tmp_path: Path, log: str, line: int) -> None:
    [failure] = _failures(tmp_path, log)
    assert failure.root.record.line_start == line
    assert failure.classification.category == "infrastructure_error"


# Maven 3.9's resolver wording of a dependency it could not fetch through a caching proxy answering 502
# (https://github.com/jenkins-infra/helpdesk/issues/4816)
MAVEN_COLLECT = (
    "\n".join(
        (
            "[WARNING] Could not transfer metadata org.bouncycastle:bcprov-jdk18on/maven-metadata.xml from/to art"
            "ifact-caching-proxy (http://artifact-caching-proxy.artifact-caching-proxy.svc.cluster.local:8080/): "
            "status code: 502, reason phrase: Bad Gateway (502)",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] BUILD FAILURE",
            "[INFO] ------------------------------------------------------------------------",
            "[ERROR] Failed to execute goal on project explain-error: Could not collect dependencies for project "
            "io.jenkins.plugins:explain-error:hpi:86.v06d27966387e",
        )
    )
    + "\n"
)


def test_maven_could_not_collect_dependencies_is_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MAVEN_COLLECT)
    assert failure.root.record.line_start == 5
    assert failure.classification.category == "dependency_error"
