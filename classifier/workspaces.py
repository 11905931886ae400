"""CI checkout directories: the root under which a log's absolute path is repository-relative (pure).

Each CI system checks the repository out under its own workspace root, and compilers, test runners and
tracebacks print absolute paths below it. The roots, from each system's documentation of its default
working directory (paths with forward slashes; Windows drives as `C:/`):

* GitHub Actions: `/home/runner/work/<repo>/<repo>/`, `/Users/runner/work/…`, `D:/a/<repo>/<repo>/`,
  container jobs `/__w/<repo>/<repo>/`, self-hosted `…/_work/<repo>/<repo>/`, Docker actions `/github/workspace/`;
* Azure Pipelines: `/home/vsts/work/1/s/`, `D:/a/1/s/`, self-hosted agents `…/_work/1/s/`;
* Travis CI: `/home/travis/build/<owner>/<repo>/` (also `/Users/travis/…`, `C:/Users/travis/…`);
* CircleCI: `~/project/`, `/home/circleci/project/`, `/root/project/`, `/Users/distiller/project/`;
* GitLab: `/builds/<group>/<project>/`, with a runner's token and concurrency folders
  `/builds/<token>/<n>/<group>/<project>/`, Windows `C:/GitLab-Runner/builds/…`;
* Jenkins: `…/workspace/<job>/` (`/var/lib/jenkins/workspace/<job>/`, `/home/jenkins/agent/workspace/<job>/`,
  `C:/Jenkins/workspace/<job>/`) and `…/jobs/<job>/workspace/`;
* Buildkite: `/var/lib/buildkite-agent/builds/<agent>/<org>/<pipeline>/` (and other agent homes);
* AppVeyor: `C:/projects/<name>/`, `/home/appveyor/projects/<name>/`;
* Bitbucket Pipelines `/opt/atlassian/pipelines/agent/build/`, Drone `/drone/src/`, Cirrus CI
  `/tmp/cirrus-ci-build/`, TeamCity `…/buildAgent/work/<hash>/`.

A group nested deeper than one level in GitLab (`/builds/<group>/<subgroup>/<project>/`) cannot be told
from a folder of the project by the path alone: the first two folders under `/builds/` are taken as the group
and the project, unless the checkout root is known. It is known from GitLab's `CI_PROJECT_DIR` (the CLI
reads it) or from the log itself: git states where it checked the repository out (`Initialized empty Git
repository in /builds/g/sub/p/.git/`, which GitLab's and GitHub's checkouts print); `checkout_root` takes
such a root when it lies below a CI workspace root above, and `below` makes a path relative to it.
"""

from __future__ import annotations

import re

_SEG = r"(?!_)[^/]+"  # one folder; the runners' own `_temp`, `_actions`, `_tool` are not checkouts
WORKSPACE_RE = re.compile(
    "^(?:"
    + "|".join(
        (
            rf"/home/runner/work/{_SEG}/{_SEG}/",  # GitHub-hosted Linux
            rf"/Users/runner/work/{_SEG}/{_SEG}/",  # GitHub-hosted macOS (and Azure's)
            rf"[A-Za-z]:/a/{_SEG}/{_SEG}/",  # GitHub- and Azure-hosted Windows (D:/a/1/s/)
            rf"/__w/{_SEG}/{_SEG}/",  # GitHub container jobs
            r"/home/vsts/work/\d+/s/",  # Azure-hosted Linux
            rf".*?/_work/{_SEG}/{_SEG}/",  # self-hosted GitHub runners, Azure agents (`_work/1/s/`)
            r"/github/workspace/",  # Docker container actions
            r"(?:[A-Za-z]:)?/(?:home|Users)/travis/build/[^/]+/[^/]+/",  # Travis CI
            r"(?:~|/home/circleci|/root|/Users/distiller|[A-Za-z]:/Users/circleci)/project/",  # CircleCI
            r"(?:[A-Za-z]:/GitLab-Runner)?/builds/(?:[\w-]{8}/\d+/)?[^/]+/[^/]+/",  # GitLab
            r"(?:[A-Za-z]:)?/(?:[^/]+/)*?jobs/[^/]+/workspace/",  # Jenkins job folder
            r"(?:[A-Za-z]:)?/(?:[^/]+/)*?workspace/[^/]+/",  # Jenkins workspace root
            r"(?:[A-Za-z]:)?/(?:[^/]+/)*?\.?buildkite-agent/builds/[^/]+/[^/]+/[^/]+/",  # Buildkite
            r"(?:[A-Za-z]:)?/(?:home/appveyor/)?projects/[^/]+/",  # AppVeyor
            r"/opt/atlassian/pipelines/agent/build/",  # Bitbucket Pipelines
            r"/drone/src/",  # Drone
            r"/tmp/cirrus-ci-build/",  # noqa: S108 (Cirrus CI's checkout, a pattern)
            r"(?:[A-Za-z]:)?/(?:[^/]+/)*?buildAgent/work/[0-9a-f]{16}/",  # TeamCity
        )
    )
    + ")",
    re.IGNORECASE,
)


def strip_workspace(path: str) -> str:
    """`path` (forward slashes) below its CI workspace root, else unchanged; a bare root stays as it is."""
    m = WORKSPACE_RE.match(path)
    if m is None or m.end() >= len(path):
        return path
    return path[m.end() :]


# git's own line when it creates or reuses a checkout (GitLab's `Fetching changes...`, actions/checkout)
_GIT_INIT = re.compile(
    r"(?:Initialized empty|Reinitialized existing) Git repository in "
    r"(?P<root>(?:[A-Za-z]:)?[/\\][^\s]*?)[/\\]\.git[/\\]?\s*$",
    re.MULTILINE,
)


def checkout_root(head: str) -> str:
    """The repository's checkout directory (forward slashes, no trailing slash) that git names in the first
    lines of a log, when it lies at or below a CI workspace root; else ""."""
    if " Git repository in " not in head:
        return ""  # a substring test first: the pattern's alternation would be tried at every offset
    for found in _GIT_INIT.finditer(head):
        root = found.group("root").replace("\\", "/").rstrip("/")
        if WORKSPACE_RE.match(root + "/"):
            return root
    return ""


def below(path: str, root: str) -> str:
    """`path` (forward slashes) relative to the directory `root`, else unchanged."""
    if not root:
        return path
    text = path.replace("\\", "/")
    prefix = root.replace("\\", "/").rstrip("/") + "/"
    if len(text) > len(prefix) and text[: len(prefix)].lower() == prefix.lower():
        return text[len(prefix) :]
    return path


__all__ = ["WORKSPACE_RE", "below", "checkout_root", "strip_workspace"]
