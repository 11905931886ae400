"""Failed CI output of build tools and CI systems seen little so far: one failure each, on the right line."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# Travis' verdict pasted from its web view, the ESC bytes of its colour codes dropped by the copy
# (https://github.com/fossasia/meilix/issues/346).
TRAVIS_ESCLESS = '[0K[31;1mThe command "./build.sh |& tee home/travis/log.txt" exited with 1.\n'


def test_colour_codes_without_their_escape_byte_are_removed(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, TRAVIS_ESCLESS)
    assert failure.root.record.message == 'The command "./build.sh |& tee home/travis/log.txt" exited with 1.'


def test_a_bracketed_word_at_the_start_of_a_line_is_kept(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, '[K8s] error: deployment "web" exceeded its progress deadline\n')
    assert failure.root.record.message.startswith("[K8s] ")


# sbt's multi-project test run: the aggregate's passing summary, then the task that failed with its exception
# (https://github.com/sbt/sbt/issues/2998; the failing project's tests were many screens above).
SBT_TASK_FAILED = """\
[info] Passed: Total 1098, Failed 0, Errors 0, Passed 1098, Pending 1
[error] (core/test:test) sbt.TestsFailedException: Tests unsuccessful
[error] Total time: 306 s, completed Mar 9, 2017 5:09:06 PM
"""


def test_the_sbt_task_that_failed_is_reported_when_nothing_else_is_there(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SBT_TASK_FAILED)
    assert failure.root.record.message == "(core/test:test) sbt.TestsFailedException: Tests unsuccessful"


# sbt: the task's failure line under the compiler's error is a wrapper of it, not a second failure
# (https://github.com/input-output-hk/Scorex/issues/20).
SBT_COMPILE = """\
[info] All tests passed.
[error] ../Scorex-Lagonaki/src/test/scala/scorex/ScorexTestSuite.scala:15: not found: type CryptoTestSuite
[error]   ,new CryptoTestSuite
[error]        ^
[error] one error found
[error] (scorex/test:compileIncremental) Compilation failed
[error] Total time: 9 s, completed Sep 23, 2015 4:21:24 AM
"""


def test_the_sbt_task_line_under_a_compiler_error_is_no_second_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SBT_COMPILE)
    assert failure.root.record.message == "not found: type CryptoTestSuite"
    assert failure.classification.category == "compilation_error"


# Jenkins' Ansible plugin: the playbook failed (its task's output was not pasted), then Jenkins' own lines
# (https://github.com/ymcatwincities/openy/pull/1073).
JENKINS_ANSIBLE = """\
PLAY RECAP ********************************************************************
           to retry, use: --limit @/var/lib/jenkins/reinstall.retry

localhost                  : ok=17   changed=9    unreachable=0    failed=1

FATAL: command execution failed
hudson.AbortException: Ansible playbook execution failed
\tat org.jenkinsci.plugins.ansible.AnsiblePlaybookBuilder.perform(AnsiblePlaybookBuilder.java:227)
\tat org.jenkinsci.plugins.ansible.AnsiblePlaybookBuilder.perform(AnsiblePlaybookBuilder.java:200)
\tat hudson.tasks.BuildStepCompatibilityLayer.perform(BuildStepCompatibilityLayer.java:75)
\tat hudson.model.Executor.run(Executor.java:381)
ERROR: Ansible playbook execution failed
"""


def test_jenkins_abort_lines_are_one_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JENKINS_ANSIBLE)
    assert "Ansible playbook execution failed" in failure.root.record.message


# mamba 2 explains an unsolvable environment under its error line (https://github.com/mamba-org/mamba/issues/3828).
MAMBA_INCOMPATIBLE = """\
conda-forge/linux-64                                        Using cache
conda-forge/noarch                                          Using cache

error    libmamba Could not solve for environment specs
    The following packages are incompatible
    ├─ python =3.12 * is requested and can be installed;
    ├─ python [=3.12 *|=3.13 *] is not installable because it requires
    │  └─ _python_rc =* *, which does not exist (perhaps a missing channel);
    └─ python =3.13 * is not installable because it conflicts with any installable versions previously reported.
critical libmamba Could not solve for environment specs
"""


def test_mamba_error_with_its_incompatibility_tree_is_the_dependency_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MAMBA_INCOMPATIBLE)
    message = failure.root.record.message
    assert message.startswith("error    libmamba Could not solve for environment specs: The following packages")
    assert "_python_rc =* *, which does not exist" in message
    assert failure.classification.category == "dependency_error"


# The Serverless Framework's error banner, its message on the line under it
# (https://github.com/serverless/serverless/issues/5630).
SERVERLESS_BANNER = """\
  Serverless Error ---------------------------------------

  Stack:arn:aws:cloudformation:us-east-1:381453774438:stack/xxx-api-live/xxx is in ROLLBACK_COMPLETE state and \
can not be updated.

  Get Support --------------------------------------------
     Docs:          docs.serverless.com
     Bugs:          github.com/serverless/serverless/issues
"""


def test_an_error_banner_leads_to_the_message_under_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SERVERLESS_BANNER)
    assert failure.root.record.message.startswith("Stack:arn:aws:cloudformation:")
    assert failure.root.record.message.endswith("is in ROLLBACK_COMPLETE state and can not be updated.")


# ninja's own report of a failed edge (https://github.com/ninja-build/ninja/issues/2378, a maintainer's example).
NINJA_FAILED = """\
[1/1] echo "to_stdout"; echo >&2 "to_stderr"; exit 1
FAILED: out
echo "to_stdout"; echo >&2 "to_stderr"; exit 1
to_stdout
to_stderr
ninja: build stopped: subcommand failed.
"""


def test_ninja_failed_edge_leads_its_stopped_build(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NINJA_FAILED)
    assert failure.root.record.message == "FAILED: out"
