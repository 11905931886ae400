"""Compilers, test runners and setup tools whose entries live apart from the main table (table.py).

kotlinc's `e:` / `w:` lines (`e: file:///src/A.kt:12:5 msg`, older `e: /src/A.kt: (12, 5): msg`); `dotnet
test`'s console logger (`  Failed Ns.Class.Test [12 ms]`) and the Microsoft.Testing.Platform runner
(`failed Test (6s 220ms)`); the go command failing to fetch or read a module (`go: x@v1: reading ...: 404`,
`x@v1: unrecognized import path`, `go: errors parsing go.mod`; tools.py has the module-graph errors);
Ansible's task results (`fatal: [host]: FAILED! => {...}`, older `failed: [host] => {...}` + `msg:`).
Composer's problems are package_manager lines (system.py).
"""

from __future__ import annotations

from classifier.extract.runners.base import Builder
from classifier.extract.runners.native import go_module, kotlinc, vstest_failed
from classifier.extract.runners.system import ansible

_GO_MODULE_PROBLEM = (
    r"(?:unrecognized import path|reading \S+: \d{3}\b|verifying \S+: |invalid version|unknown revision"
    r"|git ls-remote|no matching versions|errors parsing go\.mod"
    r"|module \S+ found \([^)]*\), but does not contain package|inconsistent vendoring|updates to go\.mod needed)"
)

ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (".kt", r"^(?P<level>[ew]): (?:file://)?(?P<file>[^\s:]+\.kts?):(?P<line>\d+):(?P<col>\d+) (?P<msg>\S.*)", kotlinc),
    (".kt", r"^(?P<level>[ew]): (?P<file>[^\s:]+\.kts?): \((?P<line>\d+), (?P<col>\d+)\): (?P<msg>\S.*)$", kotlinc),
    ("failed ", r"^\s*Failed (?P<test>[\w.`+<>,$-]+(?:\(.*\))?) \[(?:\d+ ?(?:ms|s|m|h)\s?)+\]$", vstest_failed),
    ("failed ", r"^\s*failed (?P<test>\S.*?) \((?:\d+(?:ms|s|m|h)\s?)+\)$", vstest_failed),
    ("go: ", rf"^go: (?:\S+: )?{_GO_MODULE_PROBLEM}.*$", go_module),
    ("@v", rf"^\s*\S+@v\S+: {_GO_MODULE_PROBLEM}.*$", go_module),
    (
        "=> {",
        r"^(?:fatal|failed): \[(?P<host>[^\]]+)\](?:: (?P<kind>FAILED|UNREACHABLE)!)?(?: \(item=.*?\))?"
        r" => (?P<json>\{.*)$",
        ansible,
    ),
)
