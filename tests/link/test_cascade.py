"""A missing file after a failed command in the same step is that failure's consequence (link/cascade.py)."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of

# https://github.com/vmware-archive/vsphere-storage-for-docker/issues/1548 (Drone CI, a Makefile whose target
# fails on missing build outputs; the script goes on and trips over what the failed target did not produce)
DRONE_MAKE = """\
docker export  tempContainer  | tar -x -C /tmp/plugin/rootfs
sh: 0: getcwd() failed: No such file or directory
cp config.json docker-volume-vsphere /tmp/plugin
cp: cannot stat 'config.json': No such file or directory
cp: cannot stat 'docker-volume-vsphere': No such file or directory
Makefile:95: recipe for target 'plugin' failed
make: *** [plugin] Error 1
scp: /tmp/docker-volume-vsphere/build: No such file or directory
sh: 0: Can't open /tmp/docker-volume-vsphere/build/plugin_sanity_test.sh
bash: line 0: cd: /tmp/docker-volume-vsphere/plugin: No such file or directory
make: *** No rule to make target 'push'.  Stop.
"""


def test_missing_files_after_a_failed_target_are_its_consequence(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, DRONE_MAKE)
    assert failure.root.record.message == "cp: cannot stat 'config.json': No such file or directory"
    shown = [e.occurrence.record.message for e in failure.evidence]
    assert "bash: line 0: cd: /tmp/docker-volume-vsphere/plugin: No such file or directory" in shown


# The same lines as two Travis steps (`$ cmd` starts a step, travis-build's `The command "x" exited with N.`):
# a missing file in a later step of its own is that step's failure.
TWO_STEPS = """\
$ make plugin
cp: cannot stat 'config.json': No such file or directory
make: *** [plugin] Error 1
The command "make plugin" exited with 2.
$ cd /tmp/docker-volume-vsphere/plugin
bash: line 0: cd: /tmp/docker-volume-vsphere/plugin: No such file or directory
The command "cd /tmp/docker-volume-vsphere/plugin" exited with 1.
"""


def test_a_missing_file_in_a_step_of_its_own_is_a_failure_of_its_own(tmp_path: Path) -> None:
    failures = failures_of(tmp_path, TWO_STEPS)
    assert [f.root.record.message[:14] for f in failures] == ["cp: cannot sta", "bash: line 0: "]
