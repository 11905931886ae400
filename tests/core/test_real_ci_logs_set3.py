"""Real CI job logs from public issue threads whose answer was wrong, end to end (rules only): Gradle's
numbered failures, a CI system that could not start the machine, a make recipe's missing file, a container
runner's cgroup set-up line, a BuildKit metadata step's recap, a registry's JSON error under Jib's request
line, passed Automake test results before a failure marker.

Each sample is trimmed to the part around the failure, with its origin in the comment above it.
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.model import Location, Role
from tests.core.ci_logs import failures_of as _failures
from tests.extract.helpers import bytes_doc

# https://github.com/navit-gps/navit/issues/1303 (CircleCI, Gradle: "Build completed with 2 failures")
GRADLE_TWO = """\
FAILURE: Build completed with 2 failures.

1: Task failed with an exception.
-----------
* Where:
Build file '/home/circleci/project/build.gradle' line: 2

* What went wrong:
A problem occurred evaluating root project 'project'.
> Could not resolve all artifacts for configuration 'classpath'.
   > Could not find org.ajoberstar:grgit:2.3.0.
     Searched in the following locations:
       - https://jcenter.bintray.com/org/ajoberstar/grgit/2.3.0/grgit-2.3.0.pom
     Required by:
         unspecified:unspecified:unspecified

* Try:
Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output.
==============================================================================

2: Task failed with an exception.
-----------
* What went wrong:
A problem occurred configuring root project 'project'.
> compileSdkVersion is not specified.

* Try:
Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output.
==============================================================================

BUILD FAILED in 3s
Exited with code exit status 1
"""


def test_gradle_numbered_failures_are_each_a_failure_with_the_nested_cause(tmp_path: Path) -> None:
    found = _failures(tmp_path, GRADLE_TWO)
    assert [(f.root.record.message, f.classification.category) for f in found] == [
        ("Could not find org.ajoberstar:grgit:2.3.0.", "dependency_error"),
        ("compileSdkVersion is not specified.", "configuration_error"),
    ]
    assert found[0].root.record.location == Location("/home/circleci/project/build.gradle", 2)  # `* Where:`


# https://github.com/aclai-lab/SoleLogics.jl/issues/57 (Cirrus CI: the image family is gone; printed after a
# warning sign, like the harmless line above it)
CIRRUS_INSTANCE = """\
⚠️ Not enough compute credits to prioritize tasks!
⚠️ Failed to start an instance: INVALID_ARGUMENT: Not Found 404 Not Found
POST https://compute.googleapis.com:443/compute/v1/projects/cirrus-ci-community/zones/us-central1-c/instances
{
"error": {
"code": 404,
"message": "The resource 'projects/freebsd-org-cloud-dev/global/images/family/freebsd-14-1' was not found",
"reason": "notFound"
}
}
"""


def test_a_ci_system_that_could_not_start_the_machine_is_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CIRRUS_INSTANCE)
    assert failure.root.record.message.startswith("Failed to start an instance: INVALID_ARGUMENT")
    assert failure.classification.category == "infrastructure_error"


# https://github.com/vmware-archive/vsphere-storage-for-docker/issues/1548 (Drone CI, make)
MAKE_CP_MISSING = """\
mkdir -p /tmp/plugin/rootfs
docker export  tempContainer  | tar -x -C /tmp/plugin/rootfs
sh: 0: getcwd() failed: No such file or directory
cp config.json docker-volume-vsphere /tmp/plugin
cp: cannot stat 'config.json': No such file or directory
cp: cannot stat 'docker-volume-vsphere': No such file or directory
Makefile:95: recipe for target 'plugin' failed
make: *** [plugin] Error 1
"""


def test_a_make_recipe_that_misses_a_file_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MAKE_CP_MISSING)
    assert failure.root.record.message == "cp: cannot stat 'config.json': No such file or directory"
    assert failure.classification.category == "configuration_error"


# https://github.com/hashicorp/terraform/issues/22410 (GitLab CI: the state lock, then the runner's own
# cgroup set-up line in an unprivileged container)
GITLAB_CGROUP = """\
Terraform has been successfully initialized!

Error: Error locking state: Error acquiring the state lock: 2 error(s) occurred:

* ConditionalCheckFailedException: The conditional request failed
\tstatus code: 400, request id: 1GC9H7U16EQSUEAN9VOF0QNMPRVV4KQNSO5AEMVJF66Q9ASUAAJG
* unexpected end of JSON input

Terraform acquires a state lock to protect the state from being written
by multiple users at the same time. Please resolve the issue above and try
again.


ln: failed to create symbolic link '/sys/fs/cgroup/systemd/name=systemd': Operation not permitted
ERROR: Job failed: exit code 1
"""


def test_the_runner_cgroup_setup_line_is_no_failure_of_the_job(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GITLAB_CGROUP)
    assert failure.root.record.message.startswith("Error: Error locking state")
    assert failure.classification.category == "infrastructure_error"


# https://github.com/kubernetes-sigs/headlamp/issues/2417 (GitHub Actions, BuildKit plain progress: the base
# image's metadata step hit the registry's pull rate limit; `failed to solve` repeats it)
_DIGEST = "sha256:d0bbfdbad0bff8253e6159dcbee42141db4fc309365d5b8bcfce46ed71569078"
_COPY_429 = (
    "failed to copy: httpReadSeeker: failed open: unexpected status code "
    f"https://registry-1.docker.io/v2/library/node/manifests/{_DIGEST}: 429 Too Many Requests - Server message: "
    "toomanyrequests: You have reached your pull rate limit."
)
BUILDKIT_METADATA = f"""\
#7 [internal] load metadata for docker.io/library/golang:1.22
#7 DONE 0.4s
#8 [internal] load metadata for docker.io/library/node:18@{_DIGEST}
#8 ERROR: {_COPY_429}
------
 > [internal] load metadata for docker.io/library/node:18@{_DIGEST}:
------
ERROR: failed to solve: node:18@{_DIGEST}: {_COPY_429}
Error: Process completed with exit code 1.
"""


def test_a_buildkit_recap_repeating_a_step_error_is_its_wrapper(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_METADATA)
    assert failure.root.record.message.startswith("failed to copy: httpReadSeeker")
    assert failure.classification.category in ("infrastructure_error", "network_error")


# https://github.com/apache/incubator-kie-kogito-runtimes/pull/2858 (Jenkins, Maven + Jib: the registry's
# response body under the request line)
JIB_429 = """\
[ERROR] Failed to execute goal com.google.cloud.tools:jib-maven-plugin:3.3.1:dockerBuild (default) on project \
dmn-drools-springboot-metrics: 429 Too Many Requests
[ERROR] GET https://registry-1.docker.io/v2/library/eclipse-temurin/manifests/\
sha256:af5dd29f8c318d1c42ceb3df42bcaf8f9cab07022da31ab18fa6af013208920f
[ERROR] {
[ERROR]   "errors": [
[ERROR]     {
[ERROR]       "code": "TOOMANYREQUESTS",
[ERROR]       "message": "You have reached your pull rate limit. You may increase the limit by authenticating and \
upgrading: https://www.docker.com/increase-rate-limit"
[ERROR]     }
[ERROR]   ]
[ERROR] }
[ERROR] -> [Help 1]
"""


def test_a_registry_error_body_is_the_cause_not_the_request_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JIB_429)
    assert failure.root.record.message.startswith("TOOMANYREQUESTS: You have reached your pull rate limit.")
    assert failure.classification.category in ("infrastructure_error", "network_error")


# GNU Automake manual, "Parallel Test Harness": the driver's result lines (`PASS: foo.sh`, `XFAIL:`, `SKIP:`);
# the passed tests' names say what they check, and are no cause of the failure after them
AUTOMAKE_PASSED = """\
PASS: foo.sh
PASS: archive-missing-entries-rejected.sh
SKIP: bar.sh
XFAIL: mu.tap 2 # TODO frobnication not yet implemented
make: *** [Makefile:812: check-TESTS] Error 1
"""


def test_passed_automake_results_are_not_the_cause(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, AUTOMAKE_PASSED)
    assert failure.root.record.message.startswith("make: *** [Makefile:812: check-TESTS] Error 1")
    records = extract_document(bytes_doc("job.log", AUTOMAKE_PASSED.encode())).records
    assert [record.message for record in records if record.role is Role.CAUSE] == []  # no passed test as a cause
