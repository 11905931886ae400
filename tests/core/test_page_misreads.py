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
    assert failure.root.record.message == (
        "fatal: unable to access 'https://github.com/apache/pulsar.git/': Could not resolve host: github.com"
    )  # the stream's label `stderr: ` is no part of it
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


# --- PHP's `Fatal error: ... in FILE on line N`: the file and line are the location --------------------------

# https://github.com/symfony-cmf/seo-bundle/issues/363 (Travis; PHP prints the error on its log and its output,
# then Composer's pointer to its help page)
PHP_MEMORY = """\
Loading composer repositories with package information
Updating dependencies (including require-dev)
PHP Fatal error:  Allowed memory size of 1610612736 bytes exhausted (tried to allocate 67108864 bytes) in \
phar:///home/travis/.phpenv/versions/7.3.9/bin/composer/src/Composer/DependencyResolver/Solver.php on line 223

Fatal error: Allowed memory size of 1610612736 bytes exhausted (tried to allocate 67108864 bytes) in \
phar:///home/travis/.phpenv/versions/7.3.9/bin/composer/src/Composer/DependencyResolver/Solver.php on line 223

Check https://getcomposer.org/doc/articles/troubleshooting.md#memory-limit-errors for more info on how to handle \
out of memory errors.

The command "travis_wait composer update --prefer-dist $COMPOSER_FLAGS" failed and exited with 255 during .
"""

# https://github.com/JeroenDeDauw/Validator/issues/26 (Travis: MediaWiki's update script, PHP's stack trace)
PHP_PARSE = """\
+php maintenance/update.php --quick
PHP Parse error:  syntax error, unexpected 'class' (T_CLASS), expecting identifier (T_STRING) or variable \
(T_VARIABLE) or '{' or '$' in /home/travis/build/SemanticMediaWiki/mw/extensions/Validator/Validator.php on line 77
PHP Stack trace:
PHP   1. {main}() /home/travis/build/SemanticMediaWiki/mw/maintenance/update.php:0
PHP   2. require_once() /home/travis/build/SemanticMediaWiki/mw/maintenance/update.php:194

Parse error: syntax error, unexpected 'class' (T_CLASS), expecting identifier (T_STRING) or variable \
(T_VARIABLE) or '{' or '$' in /home/travis/build/SemanticMediaWiki/mw/extensions/Validator/Validator.php on line 77
"""


def test_php_fatal_error_is_located_and_shown_once(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, PHP_MEMORY)
    root = failure.root.record
    assert root.message == (
        "Fatal error: Allowed memory size of 1610612736 bytes exhausted (tried to allocate 67108864 bytes)"
    )
    assert root.location is not None and (root.location.file, root.location.line) == (
        "phar:///home/travis/.phpenv/versions/7.3.9/bin/composer/src/Composer/DependencyResolver/Solver.php",
        223,
    )
    assert failure.classification.category == "resource_exhaustion"
    assert _linked(failure, Link.SAME_FAILURE) == [root.message]  # the output's copy of the log's line
    (parse,) = failures_of(tmp_path, PHP_PARSE, "parse.log")
    assert parse.root.record.message.startswith("Parse error: syntax error, unexpected 'class' (T_CLASS)")
    assert parse.root.record.location is not None and parse.root.record.location.line == 77
    assert parse.root.record.location.file.endswith("extensions/Validator/Validator.php")


def test_php_uncaught_exception_location_after_a_colon() -> None:
    # https://github.com/nikic/PHP-Parser/issues/768 (PHP 7+: `... in FILE:LINE`)
    from classifier.extract.runners import match_line

    found = match_line(
        "PHP Fatal error:  Uncaught PhpParser\\\\Error: Syntax error, unexpected '<' on line 73 in "
        "/mnt/vendor/nikic/php-parser/lib/PhpParser/ParserAbstract.php:317"
    )
    assert found is not None and found.framework == "php"
    assert found.message == "Fatal error: Uncaught PhpParser\\\\Error: Syntax error, unexpected '<' on line 73"
    assert found.location is not None and found.location.line == 317


# --- Karma's own timestamp (log4js DATE layout) is a prefix ------------------------------------------------------

# https://github.com/code-dot-org/code-dot-org/pull/34656 (karma via npm, then npm's verdict)
KARMA = """\
06 05 2020 17:29:29.194:INFO [karma]: Karma v1.7.0 server started at http://0.0.0.0:9877/
06 05 2020 17:29:29.202:INFO [launcher]: Starting browser ChromeHeadless
06 05 2020 17:29:29.203:ERROR [launcher]: No binary for ChromeHeadless browser on your platform.
  Please, set "CHROME_BIN" env variable.
npm ERR! code ELIFECYCLE
npm ERR! errno 1
npm ERR! apps@0.0.0 test:unit: `karma start --single-run`
npm ERR! Exit status 1
"""


def test_karma_message_has_no_timestamp(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, KARMA)
    root = failure.root.record
    assert root.message.startswith("ERROR [launcher]: No binary for ChromeHeadless browser on your platform.")
    assert root.timestamp == "06 05 2020 17:29:29.203"
    assert failure.classification.category == "configuration_error"


# --- Grunt: `Warning: Task "x" failed.` is a verdict on the task above; `Aborted due to warnings.` no crash -----

# https://github.com/GrayBullet/generator-graybullet-cordova/issues/7 (grunt-contrib-jshint's stylish report)
GRUNT_TASK_FAILED = """\
Running "jshint:all" (jshint) task

app/scripts/main.js
  line 4  col 3  Missing "use strict" statement.

✖ 1 problem

Warning: Task "jshint:all" failed. Use --force to continue.

Aborted due to warnings.
"""

# https://github.com/aichaos/rivescript-js/issues/32 (a task the Gruntfile does not define)
GRUNT_NO_TASK = """\
% grunt jshint
Warning: Task "jshint" not found. Use --force to continue.

Aborted due to warnings.
"""


def test_grunt_warning_is_a_verdict_and_its_abort_no_signal(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, GRUNT_TASK_FAILED)
    assert failure.root.record.message.endswith('Missing "use strict" statement.')
    assert _linked(failure, Link.SYMPTOM) == ['Warning: Task "jshint:all" failed.', "Aborted due to warnings."]
    assert all(not e.occurrence.record.exception_type for e in failure.evidence)  # no SIGABRT
    (missing,) = failures_of(tmp_path, GRUNT_NO_TASK, "no-task.log")
    assert missing.root.record.message == 'Task "jshint" not found.'
    assert missing.classification.category == "configuration_error"  # the Gruntfile defines no such task


# --- EUnit's `*** title ***` error and its `**detail` line ---------------------------------------------------

# https://github.com/erlang/rebar3/issues/362 (rebar3 eunit: a test set EUnit could not read, so none ran)
EUNIT_NOT_A_DIRECTORY = """\
===> Performing EUnit tests...
undefined
*** error reading file ***
**not a directory: java_erlang.app

=======================================================
  Failed: 0.  Skipped: 0.  Passed: 0.
One or more tests were cancelled.
===> Error running tests
"""


def test_eunit_error_title_and_detail_are_the_failure(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, EUNIT_NOT_A_DIRECTORY)
    assert failure.root.record.message == "error reading file: not a directory: java_erlang.app"
    assert failure.root.record.line_start == 3


# --- Jenkins' parallel branches prefix their lines with `[branch name] ` ------------------------------------------

# https://github.com/jenkins-infra/evergreen/pull/222 (ci.jenkins.io, workflow-cps's `[branch] ` line prefixes)
JENKINS_BRANCHES = """\
[Pipeline] parallel
[Pipeline] [Base image] { (Branch: Base image)
[Pipeline] [Docker Cloud image] { (Branch: Docker Cloud image)
[Pipeline] [AWS Cloud image (smokes)] { (Branch: AWS Cloud image (smokes))
[Pipeline] [Base image] stage
[Pipeline] [Base image] { (Base image)
Stage "Base image" skipped due to earlier failure(s)
[Pipeline] [Base image] }
[Pipeline] [Base image] // stage
[Pipeline] [Base image] }
[Base image] Failed in branch Base image
[Pipeline] [Docker Cloud image] }
[Docker Cloud image] Failed in branch Docker Cloud image
[Pipeline] [AWS Cloud image (smokes)] }
[AWS Cloud image (smokes)] Failed in branch AWS Cloud image (smokes)
[Pipeline] // parallel
"""


def test_jenkins_parallel_branch_prefix_is_read_as_a_prefix() -> None:
    from classifier.extract import linematch
    from classifier.extract.prefix import strip_prefix

    buf = JENKINS_BRANCHES.encode()
    for line in (
        "[Base image] Failed in branch Base image",
        "[Docker Cloud image] Failed in branch Docker Cloud image",
    ):
        end = buf.index(line.encode()) + len(line)
        found = linematch.verdict(buf, end, strip_prefix(line))
        assert found.match is not None and found.match.message == line.split("] ", 1)[1]
        assert found.match.framework == "jenkins"
