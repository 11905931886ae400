"""Ansible's ignored task errors and its PLAY RECAP, end to end (rules only): a task whose errors are ignored
(`ignore_errors: true`, `...ignoring` under its result) is no failure, and the recap says how the play ended."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# https://github.com/octplane/ansible_stdout_compact_logger/issues/31 (the default callback's output of a play
# with an ignored `ls` failure; the recap row as https://github.com/ansible/ansible/issues/27160 prints it)
IGNORED = """\
TASK [Task_1, ls existing file, no error expected] *****************************
changed: [localhost]

TASK [Task_2, ls non existing file, ignore errors] *****************************
fatal: [localhost]: FAILED! => {"changed": true, "failed": true, "msg": "non-zero return code", "rc": 2, \
"stderr": "ls: cannot access 'nofile.txt': No such file or directory\\n", "stdout": "", "stdout_lines": []}
...ignoring

TASK [Task_3, print a message] *************************************************
ok: [localhost] => {
    "msg": "done"
}

PLAY RECAP *********************************************************************
localhost                  : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1
"""

# The same task without ignore_errors: the play stops and its recap counts the failure.
FAILED = """\
TASK [Task_2, ls non existing file] ********************************************
fatal: [localhost]: FAILED! => {"changed": true, "failed": true, "msg": "non-zero return code", "rc": 2, \
"stderr": "ls: cannot access 'nofile.txt': No such file or directory\\n", "stdout": "", "stdout_lines": []}

PLAY RECAP *********************************************************************
web1                       : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
localhost                  : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
"""


def test_an_ignored_task_error_is_no_failure(tmp_path: Path) -> None:
    assert failures_of(tmp_path, IGNORED, "ignored.log") == []


def test_a_failed_task_is_the_failure_whatever_host_the_recap_ends_with(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, FAILED, "failed.log")
    assert [failure.root.record.message for failure in failures] == ["non-zero return code"]


def test_a_later_hosts_clean_row_does_not_hide_an_earlier_failed_one(tmp_path: Path) -> None:
    rows = FAILED.splitlines()
    swapped = "\n".join([*rows[:-2], rows[-1], rows[-2]]) + "\n"  # the failed host's row first, a clean one last
    failures = failures_of(tmp_path, swapped, "swapped.log")
    assert [failure.root.record.message for failure in failures] == ["non-zero return code"]
