"""A command called wrongly is a configuration error, a PHP file that does not parse a compilation error.

Each log is a real one, quoted from the issue thread or source named beside it (trimmed to the failing lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.link.test_jobs import run, write

# docker/cli#5792 (a GitLab job's log, as the job page shows it: the runner's phase line ends with its duration; the
# token variable's name shortened): an empty username variable left docker login without its flag
DOCKER_LOGIN = """$ echo "$PAT" | docker login -u "$TARGET_GITLAB_USERNAME" --password-stdin registry.gitlab.com
Must provide --username with --password-stdin
Cleaning up project directory and file based variables 00:01
ERROR: Job failed: exit code 1
"""
# spf13/cobra#1701: a cobra command given a flag it does not have
COBRA_FLAG = """Error: unknown flag: --pkg-name
Usage:
  cobra-cli init [path] [flags]
"""
# OpenSSH's usage message (openssh-portable ssh.c, usage()), as a job that called ssh wrongly prints it
SSH_USAGE = """usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]
           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]
           destination [command [argument ...]]
ERROR: Job failed: exit code 255
"""
# phpbb-de/phpbb-translation#7 (its Travis job linting every file with php -l)
PHP_LINT = """PHP Parse error: syntax error, unexpected '*' in ./language/de_x_sie/common.php on line 2
PHP Parse error: syntax error, unexpected 'if' (T_IF) in ./language/en/acp/attachments.php on line 16
"""


@pytest.mark.parametrize(
    ("log", "message", "category"),
    [
        (DOCKER_LOGIN, "Must provide --username with --password-stdin", "configuration_error"),
        (COBRA_FLAG, "Error: unknown flag: --pkg-name", "configuration_error"),
        (
            SSH_USAGE,
            "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]",
            "configuration_error",
        ),
        (PHP_LINT, "Parse error: syntax error, unexpected '*'", "compilation_error"),
    ],
)
def test_the_first_failure_and_its_category(log: str, message: str, category: str, tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "job.log", log)], tmp_path).jobs
    first = job.failures[0]
    assert first.root.record.message.startswith(message)
    assert first.classification.category == category


def test_a_php_parse_error_is_located_at_its_file(tmp_path: Path) -> None:
    (job,) = run([write(tmp_path, "php.log", PHP_LINT)], tmp_path).jobs
    assert len(job.failures) == 2  # two files that do not parse
    location = job.failures[0].root.record.location
    assert location is not None and (location.file, location.line) == ("./language/de_x_sie/common.php", 2)
