"""Misreads a developer saw on the run page, each on a real sample (trimmed, origin in the comment above it),
end to end with rules only: the failure's root line, once, with its own text and a sensible category."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Failure, Link
from tests.core.ci_logs import failures_of


def _roots(failures: list[Failure]) -> list[str]:
    return [failure.root.record.message for failure in failures]


def _linked(failure: Failure, link: Link) -> list[str]:
    return [e.occurrence.record.message for e in failure.evidence if e.link is link]


# --- a stream label `stderr:` (it holds the keyword `err`) no longer hides the error after it ----------------

# https://github.com/apache/pulsar/issues/4761 (Jenkins' git client: git's own error on its `stderr: ` line)
JENKINS_GIT = """\
Cloning repository https://github.com/apache/pulsar.git
 > git init /home/jenkins/jenkins-slave/workspace/pulsar_precommit_cpp # timeout=10
Fetching upstream changes from https://github.com/apache/pulsar.git
 > git --version # timeout=10
 > git fetch --tags --progress https://github.com/apache/pulsar.git +refs/heads/*:refs/remotes/origin/*
ERROR: Error cloning remote repo 'origin'
hudson.plugins.git.GitException: Command "git fetch --tags --progress https://github.com/apache/pulsar.git \
+refs/heads/*:refs/remotes/origin/*" returned status code 128:
stdout:
stderr: fatal: unable to access 'https://github.com/apache/pulsar.git/': Could not resolve host: github.com

\tat org.jenkinsci.plugins.gitclient.CliGitAPIImpl.launchCommandIn(CliGitAPIImpl.java:2042)
\tat org.jenkinsci.plugins.gitclient.CliGitAPIImpl.launchCommandWithCredentials(CliGitAPIImpl.java:1761)
Finished: FAILURE
"""

# https://github.com/containers/buildah/issues/1857 (buildah from: the layer's error after `stdout:  stderr: `)
BUILDAH = """\
Getting image source signatures
Copying blob 5a915a173fbc done
Copying config e9ed59d2ba done
Writing manifest to image destination
Storing signatures
Error committing the finished image: error adding layer with blob \
"sha256:5a915a173fbc36dc8e1410afdd9de2b08f71efb226f8eb1ebcdc00a1acbced62": ApplyLayer exit status 1 stdout:  \
stderr: there might not be enough IDs available in the namespace (requested 192:192 for /run/systemd/netif): \
lchown /run/systemd/netif: invalid argument
"""


def test_jenkins_git_stderr_line_is_the_cause_and_its_exception_a_wrapper(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, JENKINS_GIT)
    assert failure.root.record.message.endswith(
        "fatal: unable to access 'https://github.com/apache/pulsar.git/': Could not resolve host: github.com"
    )
    assert failure.classification.category == "network_error"
    wrappers = _linked(failure, Link.WRAPPER)
    assert "ERROR: Error cloning remote repo 'origin'" in wrappers
    assert any(message.startswith("hudson.plugins.git.GitException: Command") for message in wrappers)


def test_buildah_error_with_a_stderr_label_is_found(tmp_path: Path) -> None:
    roots = _roots(failures_of(tmp_path, BUILDAH))
    assert [root[:45] for root in roots] == ["Error committing the finished image: error ad"]


# --- Gradle's nested `> cause` lines under `* What went wrong:` ------------------------------------------------

# https://github.com/actions/.github/issues/58 (each unresolved module, then Gradle's placeholder under it)
GRADLE_SKIPPED = """\
FAILURE: Build failed with an exception.

* What went wrong:
Could not determine the dependencies of task ':driver:collectReleaseDependencies'.
> Could not resolve all task dependencies for configuration ':driver:releaseRuntimeClasspath'.
   > Could not resolve org.jetbrains.kotlin:kotlin-android-extensions-runtime:1.4.20.
     Required by:
         project :driver
      > Skipped due to earlier error
   > Could not resolve com.squareup.okhttp3:okhttp:3.14.7.
     Required by:
         project :driver
      > Skipped due to earlier error

* Try:
Run with --stacktrace option to get the stack trace.

BUILD FAILED in 4s
"""

# https://github.com/wordpress-mobile/AztecEditor-Android/issues/1000 (the deepest cause: the server's 502)
GRADLE_DEEP = """\
FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':app:dataBindingMergeDependencyArtifactsDebug'.
> Could not resolve all files for configuration ':app:debugCompileClasspath'.
   > Could not resolve org.wordpress:aztec:v1.6.1.
     Required by:
         project :app
      > Could not resolve org.wordpress:aztec:v1.6.1.
         > Could not get resource 'https://dl.bintray.com/guardian/android/org/wordpress/aztec/v1.6.1/aztec-v1.6.1.pom'.
            > Could not GET 'https://dl.bintray.com/guardian/android/org/wordpress/aztec/v1.6.1/aztec-v1.6.1.pom'. \
Received status code 502 from server: Bad Gateway

* Try:
> Run with --stacktrace option to get the stack trace.

BUILD FAILED in 2m 10s
"""


def test_gradle_names_the_first_deepest_cause_not_its_skipped_placeholder(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, GRADLE_SKIPPED)
    assert (
        failure.root.record.message
        == "Could not resolve org.jetbrains.kotlin:kotlin-android-extensions-runtime:1.4.20."
    )
    assert failure.classification.category == "dependency_error"
    (deep,) = failures_of(tmp_path, GRADLE_DEEP, "deep.log")
    assert deep.root.record.message.startswith("Could not GET 'https://dl.bintray.com/")
    assert deep.root.record.message.endswith("Received status code 502 from server: Bad Gateway")
