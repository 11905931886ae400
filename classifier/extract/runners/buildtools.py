"""Compilers, test runners and setup tools whose entries live apart from the main table (table.py).

kotlinc's `e:` / `w:` lines (`e: file:///src/A.kt:12:5 msg`, older `e: /src/A.kt: (12, 5): msg`); `dotnet
test`'s console logger (`  Failed Ns.Class.Test [12 ms]`) and the Microsoft.Testing.Platform runner
(`failed Test (6s 220ms)`); the go command failing to fetch or read a module (`go: x@v1: reading ...: 404`,
`x@v1: unrecognized import path`, `go: errors parsing go.mod`, `no required module provides package x`;
tools.py has the module-graph errors);
Ansible's task results (`fatal: [host]: FAILED! => {...}`, older `failed: [host] => {...}` + `msg:`);
a shell or coreutils command of the job's script failing on the file system (GNU coreutils' `mv: cannot move
'a' to 'b': Directory not empty`, `cp: cannot stat 'x': No such file or directory`, dash's `cd: can't cd to d`,
`sed: can't read x: No such file or directory`, the same of grep, find, diff, patch and their kin;
one on the kernel's cgroup tree is the container runner's set-up, a warning).
Composer's problems are package_manager lines (system.py). Meson's `Meson encountered an error:` and the
problem on the line below it (older Meson; newer ones print `meson.build:3:0: ERROR: msg`, a location line).
Erlang's EUnit: `module: test...*failed*` and the `**error:reason` below its `in function` frames. Bazel's
errors in its own files (`ERROR: /src/WORKSPACE:1:1: name 'build' is not defined`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, loc, symptom
from classifier.extract.runners.native import go_module, kotlinc, vstest_failed
from classifier.extract.runners.system import ansible
from classifier.model import Role, Severity

_GO_MODULE_PROBLEM = (
    r"(?:unrecognized import path|reading \S+: \d{3}\b|verifying \S+: |invalid version|unknown revision"
    r"|git ls-remote|no matching versions|errors parsing go\.mod|go\.mod requires go >= "
    r"|module \S+ found \([^)]*\), but does not contain package|inconsistent vendoring|updates to go\.mod needed)"
)

# `cmd: [what: ]problem` of coreutils and shells, optionally after the shell's `sh: 1: ` / `bash: line 3: ` (tar's
# decompressing child: `tar (child): x.tar.xz: Cannot open: No such file or directory`)
_FILE_COMMAND = (
    r"^(?:[\w./-]*/)?(?:(?:ba|da|z)?sh: (?:line )?\d+: )?"
    r"(?:mv|cp|rm|rmdir|mkdir|ln|cd|chmod|chown|chgrp|touch|cat|ls|stat|install|tar|unzip|rsync|realpath|readlink"
    r"|sed|grep|awk|find|head|tail|sort|diff|patch|wc|tee|du|cmp|xargs|md5sum|sha256sum)"
    r"(?:\.exe| \(child\))?: (?:cannot |can't |failed to )?.*?(?:Directory not empty|File exists|Not a directory"
    r"|Is a directory|No such file or directory|Operation not permitted|can't cd to .+"
    r"|cannot (?:move|stat|create|remove|access|open|overwrite) .+)$"
)


def meson(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`Meson encountered an error:` with its problem on the same line or the next one."""
    below = next((line.strip() for line in following[:2] if line.strip()), "")
    message = m.group("msg").strip() or below or m.string.strip()
    return LineMatch(message, "meson", "configuration", before=0, after=2)


# the kernel's cgroup tree: a container runner sets it up before the job's script (GitLab's `ln: failed to create
# symbolic link '/sys/fs/cgroup/systemd/name=systemd': Operation not permitted` in an unprivileged container)
_RUNNER_SETUP = re.compile(r"'/sys/fs/cgroup\b")


def file_command(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A file-system command's error; one on the runner's cgroup set-up is kept as a warning, not the job's cause."""
    if _RUNNER_SETUP.search(m.string):
        return LineMatch(m.string.strip(), "shell", "", Role.SYMPTOM, Severity.WARNING, before=1, after=2)
    return LineMatch(m.string.strip(), "shell", "filesystem")


_EUNIT_REASON = re.compile(r"^\s*\*\*(?P<reason>(?:error|exit|throw):.*)$")
EUNIT_SPAN = 8  # lines between EUnit's `*failed*` and its `**error:reason` (the `in function` frames)


def eunit_failed(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """EUnit's `module: test_name...*failed*`, then `in function` frames, then `**error:reason` (`**error:undef`,
    `**error:{assertEqual,[...]}`): the test and its reason are one record spanning the lines between."""
    index, reason = next(
        ((i, hit.group("reason")) for i, hit in enumerate(map(_EUNIT_REASON.match, following[:EUNIT_SPAN])) if hit),
        (-1, ""),
    )
    test_id = f"{m.group('mod')}:{m.group('test')}"
    message = f"{test_id} failed: {reason}" if reason else m.string.strip()
    return LineMatch(message, "eunit", "test", test_id=test_id, before=0, after=index + 2, span=index + 1)


# Bazel's own files: an error at their position that is not an action's failure is the build description's
_BAZEL_FILE = re.compile(r"(?:^|/)(?:WORKSPACE(?:\.bazel|\.bzlmod)?|MODULE\.bazel|BUILD(?:\.bazel)?|[\w.-]+\.bzl)$")
_BAZEL_ACTION = re.compile(r"\bfailed:? \((?:Exit \d+|Segmentation|Aborted|Killed)|\bfailed to build\b|\bTesting \S")


def bazel_file_error(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`ERROR: /src/WORKSPACE:1:1: name 'build' is not defined`: Bazel rejects its own build files (analysis and
    loading errors); an action's failure reported at its target's BUILD position (`Compiling x failed: (Exit 1)`)
    is left to the compiler and test matchers."""
    if not _BAZEL_FILE.search(m.group("file")) or _BAZEL_ACTION.search(m.group("msg")):
        return None
    location = loc(m.group("file"), m.group("line"), m.group("col"))
    return LineMatch(m.string.strip(), "bazel", "configuration", location=location)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("error: ", r"^ERROR: (?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>\S.*)$", bazel_file_error),
    ("*failed*", r"^(?P<mod>\w+): (?P<test>\w+)(?:\s*\(.*\))?\.\.\.(?:\[[\d.]+ s\] )?\*failed\*$", eunit_failed),
    (
        ".kt",
        r"^(?P<level>[ew]): (?:file://)?(?P<file>/?(?:[A-Za-z]:)?[^\s:]+\.kts?):(?P<line>\d+):(?P<col>\d+) "
        r"(?P<msg>\S.*)",
        kotlinc,
    ),
    (  # Windows paths may hold spaces: `e: E:\Kotlin Koans\src\Task.kt: (2, 12): msg`
        ".kt",
        r"^(?P<level>[ew]): (?P<file>(?:[A-Za-z]:)?[^:]+?\.kts?): \((?P<line>\d+), (?P<col>\d+)\): (?P<msg>\S.*)$",
        kotlinc,
    ),
    ("failed ", r"^\s*Failed (?P<test>[\w.`+<>,$-]+(?:\(.*\))?) \[(?:\d+ ?(?:ms|s|m|h)\s?)+\]$", vstest_failed),
    ("failed ", r"^\s*failed (?P<test>\S.*?) \((?:\d+(?:ms|s|m|h)\s?)+\)$", vstest_failed),
    ("go: ", rf"^go: (?:\S+: )?{_GO_MODULE_PROBLEM}.*$", go_module),
    ("meson encountered an error", r"^Meson encountered an error:?(?P<msg>.*)$", meson),
    ("@v", rf"^\s*\S+@v\S+: {_GO_MODULE_PROBLEM}.*$", go_module),
    ("no required module", r"^(?:go: )?no required module provides package \S+.*$", go_module),
    *((needle, _FILE_COMMAND, file_command) for needle in ("cannot ", "can't ", "fail", "no such")),
    (
        "=> {",
        r"^(?:fatal|failed): \[(?P<host>[^\]]+)\](?:: (?P<kind>FAILED|UNREACHABLE)!)?(?: \(item=.*?\))?"
        r" => (?P<json>\{.*)$",
        ansible,
    ),
    # the YAML callback (Zuul's job-output.txt): the result's keys on the indented lines below `FAILED! =>`
    ("failed! =>", r"^fatal: \[(?P<host>[^\]]+)\]: (?P<kind>FAILED|UNREACHABLE)! =>$", ansible),
    # the exception Ansible caught in the task, printed over its result: part of the result's failure
    (
        "exception occurred during task execution",
        r"^An exception occurred during task execution\..*",
        symptom("ansible"),
    ),
)
