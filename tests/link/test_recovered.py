"""What the tool says it recovered from (a block that ends retrying another way) or heads as a warning is no
failure; the same lines without that say-so stay one."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# The Jenkins Maven plugin's message when a job's JDK is too old, as its documentation quotes it (stored text
# 28016499218 of the search tool's code corpus; https://plugins.jenkins.io/maven-plugin/): Jenkins goes on with
# the agent's Java. The same origin as a log of the green2 helper's held-out set.
JENKINS_RETRYING = """ERROR: ================================================================================
ERROR: Invalid project setup: hudson/maven/AbstractMavenProcessFactory$ConfigureOriginalJDK : Unsupported major.minor version 51.0
ERROR: [JENKINS-18403][JENKINS-28294] JDK 'j6' not supported to run Maven projects.
ERROR: Maven projects have to be launched with a Java version greater or equal to the minimum version required by the controller.
ERROR: Use the Maven JDK Toolchains (plugin) to build your maven project with an older JDK.
ERROR: Retrying with agent Java and setting compile/test properties to point to /Library/Java/JavaVirtualMachines/1.6.0.jdk/Contents/Home/.
ERROR: ================================================================================
"""  # noqa: E501


def test_an_error_block_that_ends_retrying_another_way_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, JENKINS_RETRYING) == []


def test_the_same_block_without_its_retry_notice_is_a_failure(tmp_path: Path) -> None:
    block = "".join(line for line in JENKINS_RETRYING.splitlines(keepends=True) if "Retrying" not in line)
    assert failures_of(tmp_path, block)


def test_an_error_after_the_retry_notice_in_its_block_stays_a_failure(tmp_path: Path) -> None:
    # the notice is no longer the block's last words: what came after it is not covered (lines of the same block)
    lines = JENKINS_RETRYING.splitlines(keepends=True)
    assert failures_of(tmp_path, "".join([*lines[:-1], lines[2], lines[-1]]))


# xcodebuild's DVTAssertions warning before a test run that went on
# (https://github.com/lionheart/openradar-mirror/issues/4086, the radar also mirrored as #12902, which is in the
# green2 helper's held-out set; trimmed)
XCODEBUILD_WARNING = """xcodebuild -project Kiwi.xcodeproj -scheme Kiwi -sdk iphonesimulator test
Build settings from command line:
    SDKROOT = iphonesimulator7.0

2013-12-10 17:01:28.858 xcodebuild[13795:1007] [MT] DVTAssertions: Warning in /SourceCache/DTDeviceKit/DTDeviceKit-3697/DTDeviceKitBase/DTDeviceKitBase_Utilities.m:503
Details:  Failed to register "/System/Library/CoreServices/CoreTypes.bundle/Contents/Library/MobileDevices.bundle" with Launch Services, error code: -10811.
Function: __RegisterUTIsIfNeeded_block_invoke
Thread:   <NSThread: 0x7ff622c0e230>{name = (null), num = 1}
Please file a bug at http://bugreport.apple.com with this warning message and any useful information you can provide.
"""  # noqa: E501


def test_a_field_of_a_block_headed_as_a_warning_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, XCODEBUILD_WARNING) == []


def test_the_same_field_without_its_warning_head_is_a_failure(tmp_path: Path) -> None:
    log = "".join(line for line in XCODEBUILD_WARNING.splitlines(keepends=True) if "DVTAssertions" not in line)
    assert failures_of(tmp_path, log)


# A failed `helm` run in a GitLab job (https://github.com/helm/helm/issues/8776, trimmed): warnings over the error;
# the error is no field of those warnings
HELM_RENDER = """STDERR:
  WARNING: Kubernetes configuration file is group-readable. This is insecure. Location: /builds/tdps/learn-cluster.tmp/KUBECONFIG
  WARNING: Kubernetes configuration file is world-readable. This is insecure. Location: /builds/tdps/learn-cluster.tmp/KUBECONFIG
  Error: Failed to render chart: exit status 1: WARNING: Kubernetes configuration file is group-readable. This is insecure. Location: /builds/tdps/learn-cluster.tmp/KUBECONFIG
"""  # noqa: E501


def test_an_error_under_warning_lines_is_no_field_of_them(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, HELM_RENDER)
    assert failure.root.record.message.startswith("Error: Failed to render chart")
