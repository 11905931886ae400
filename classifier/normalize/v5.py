"""Normaliser v5: v4, with every CI system's checkout directory masked as `<WS>`, not only some.

v1's `path_workspace` (which v2-v4 reuse) knows the checkouts of GitHub Actions (`/home/runner/work/r/r`,
`/__w/r/r`, `D:\\a\\r\\r`), Travis, GitLab (`/builds/g/p`), Jenkins' `/var/lib/jenkins/workspace/x` and
`/github/workspace`. Any other CI system's checkout fell to `path_abs` (`<DIR>/a.c`: the repository-relative
path lost, so `src/a.c` and `lib/a.c` were one failure) or, for GitLab's runner folders
(`/builds/<token>/<n>/g/p/`), kept the runner's token, so one failure on two runners was two. v5 masks the
checkout roots of `classifier/workspaces.py` (the one list, from each CI system's documentation): GitHub's
Windows paths with either slash, self-hosted runners' and Azure agents' `_work/<a>/<b>`, Azure-hosted
`/home/vsts/work/<n>/s`, CircleCI's `project`, GitLab with a runner's token and concurrency folders,
Jenkins agents' `…/workspace/<job>` and `…/jobs/<job>/workspace`, Buildkite, AppVeyor, Bitbucket, Drone,
TeamCity. What follows the root stays: `<WS>/src/a.c` on every CI system. docs/fingerprints.md
("Normaliser v5") records the decision.
"""

from __future__ import annotations

import re

from classifier.normalize import v4
from classifier.normalize.engine import Mask, Normalizer, fixed

__all__ = ["MASKS", "V5", "WORKSPACE"]

_S = r"[/\\]"  # either slash: Windows runners print both
_SEG = r"(?!_)[^/\\\s'\"`:;,()<>\[\]]+"  # one folder; the runners' own `_temp`, `_actions`, `_tool` are not checkouts
_ANY = r"[^/\\\s'\"`:;,()<>\[\]]+"
_LEAD = rf"(?:[A-Za-z]:)?(?:{_S}{_ANY})*?"  # the folders above a root found by its own folder names
WORKSPACE = re.compile(
    r"(?<![\w.~-])(?:"
    + "|".join(
        (
            rf"(?:/home/runner/work|/Users/runner/work|/__w|[A-Za-z]:{_S}a){_S}{_SEG}{_S}{_SEG}",  # GitHub, Azure Win
            r"/home/vsts/work/\d+/s",  # Azure-hosted Linux
            rf"{_LEAD}{_S}_work{_S}{_SEG}{_S}{_SEG}",  # self-hosted GitHub runners, Azure agents (`_work/1/s`)
            r"/github/workspace",  # Docker container actions
            rf"(?:[A-Za-z]:)?/(?:home|Users)/travis/build/{_ANY}/{_ANY}",  # Travis CI
            r"(?:~|/home/circleci|/Users/distiller|[A-Za-z]:/Users/circleci)/project",  # CircleCI
            rf"(?:[A-Za-z]:{_S}GitLab-Runner)?{_S}builds{_S}(?:[\w-]{{8}}{_S}\d+{_S})?{_ANY}{_S}{_ANY}",  # GitLab
            rf"{_LEAD}{_S}jobs{_S}{_ANY}{_S}workspace",  # Jenkins job folder
            rf"{_LEAD}{_S}(?i:[^/\\\s]*jenkins[^/\\\s]*)(?:{_S}{_ANY})*?{_S}workspace{_S}{_ANY}",  # Jenkins, agents
            rf"{_LEAD}{_S}\.?buildkite-agent{_S}builds{_S}{_ANY}{_S}{_ANY}{_S}{_ANY}",  # Buildkite
            rf"(?:[A-Za-z]:|/home/appveyor)?{_S}projects{_S}{_ANY}(?={_S})",  # AppVeyor
            r"/opt/atlassian/pipelines/agent/build",  # Bitbucket Pipelines
            r"/drone/src",  # Drone
            rf"{_LEAD}{_S}buildAgent{_S}work{_S}[0-9a-f]{{16}}",  # TeamCity
        )
    )
    + rf")(?={_S}|$|[\s'\"`:;,)\]])",
)
_NEEDS = (
    "/home/runner", "/Users/runner", "/__w/", ":\\a\\", ":/a/", "/vsts/", "_work", "/github/workspace", "/travis/",
    "/project", "/builds", "\\builds", "workspace", "buildkite-agent", "projects", "/opt/atlassian", "/drone/src",
    "buildAgent",
)  # fmt: skip


def _v5(mask: Mask) -> Mask:
    if mask.name != "path_workspace":
        return mask
    return Mask(
        "path_workspace",
        WORKSPACE,
        fixed("WS"),
        "CI checkout directories of every CI system in classifier/workspaces.py -> <WS> (v5: not only some)",
        _NEEDS,
    )


MASKS: tuple[Mask, ...] = tuple(_v5(mask) for mask in v4.MASKS)

V5 = Normalizer("v5", MASKS, "v4, with the checkout directory of every CI system masked as <WS>")
