"""Repository-relative locations for annotations. Pure: no environment, network or clock.

GitHub places an annotation only on a path relative to the repository root. Paths in logs are often
absolute: a CI system's checkout directory (`/home/runner/work/<repo>/<repo>/`, Travis'
`/home/travis/build/<owner>/<repo>/`, GitLab's `/builds/<group>/<project>/`, … see `classifier/workspaces.py`)
or the job's own `GITHUB_WORKSPACE`. Those prefixes are stripped; what stays absolute is outside the
repository. A frame in third-party code (site-packages, `.venv`, `node_modules`, `/usr/lib`, module caches,
Terraform's `.terraform/modules`) is never the location: the deepest frame in the repository is
(innermost: the last frame of a Python traceback, the first of a JavaScript, Go, Ruby, Rust or .NET stack).
BuildKit names a Dockerfile by its base name; the path comes from the build command's `--file`/`-f`
(`DockerBuild`), and relative paths printed by a build step are relative to the build context.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterable, Iterator, Sequence

from classifier.access import DockerBuild, PathContext
from classifier.model import ErrorRecord, Failure, Location
from classifier.workspaces import strip_workspace

THIRD_PARTY = re.compile(
    r"(?:^|/)(?:site-packages|dist-packages|\.?venv|\.tox|\.nox|node_modules|bower_components|vendor/bundle"
    r"|\.cargo/registry|\.rustup|\.m2|\.gradle/caches|pkg/mod|_actions|_temp|hostedtoolcache|\.terraform)(?:/|$)"
    r"|^/usr/(?:local/)?(?:lib|lib64|include|share)/|^/opt/|^/nix/store/|^/rustc/|^<frozen |^<string>|^internal/"
)
# (pattern, innermost frame first?)
_FRAMES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)'), False),  # Python traceback
    (re.compile(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): \w"), False),  # pytest short frame
    (re.compile(r"\bat (?:.+? \()?(?P<file>[^\s()]+?):(?P<line>\d+):\d+\)?$"), True),  # JS, Rust backtraces
    (re.compile(r"^\s*(?P<file>/[^\s:]+\.go):(?P<line>\d+)"), True),  # Go panics
    (re.compile(r"(?P<file>[^\s:]+\.rb):(?P<line>\d+):in "), True),  # Ruby
    (re.compile(r"\bin (?P<file>\S+?):line (?P<line>\d+)"), True),  # .NET
)
_BUNDLER = re.compile(r"^(?:webpack|webpack-internal|vite):/+(?:\./)?")
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]+:")  # two letters at least: `C:` is a drive
_BUILD_RE = re.compile(r"\bdocker(?:\s+buildx)?\s+build\s+(?P<args>.+)$")
_DOCKERFILE_NAME = re.compile(r"(?:^|/)(?:[\w.-]*\.)?Dockerfile(?:\.[\w.-]+)?$", re.IGNORECASE)


def repo_relative(path: str, context: PathContext = PathContext()) -> str | None:  # noqa: B008
    """The path relative to the repository root, or None when it is outside the repository."""
    text = path.strip().replace("\\", "/")
    if text.startswith("file://"):
        text = text[len("file://") :]
    bundled = _BUNDLER.match(text)  # a source-mapped frame names the file under the bundler's scheme
    if bundled is not None:
        text = text[bundled.end() :]
    elif _SCHEME.match(text):  # `node:internal/…`, `http://localhost:9000/…`: not a file of the repository
        return None
    workspace = context.workspace.replace("\\", "/").rstrip("/")
    own = bool(workspace) and text.startswith(workspace + "/")
    text = text[len(workspace) + 1 :] if own else strip_workspace(text)
    if not text or text.startswith("/") or re.match(r"^[A-Za-z]:/", text) or text.startswith("<"):
        return None
    normal = posixpath.normpath(text)
    if normal == "." or normal.startswith("../"):
        return None
    return normal


def third_party(path: str) -> bool:
    return bool(THIRD_PARTY.search(path.replace("\\", "/")))


def _frames(lines: Iterable[str]) -> Iterator[Location]:
    """Stack frames, innermost first, of the first frame style found."""
    text = [line.strip() for line in lines]
    for pattern, innermost_first in _FRAMES:
        found = [Location(m.group("file"), int(m.group("line"))) for line in text if (m := pattern.search(line))]
        if found:
            yield from found if innermost_first else reversed(found)
            return


def _dockerfile(file: str, builds: Sequence[DockerBuild]) -> str | None:
    """The repository path of a Dockerfile BuildKit names by its base name."""
    if not _DOCKERFILE_NAME.search(file):
        return None
    base = posixpath.basename(file)
    matches = [b.dockerfile for b in builds if posixpath.basename(b.dockerfile) == base]
    if len(set(matches)) == 1:
        return matches[0]
    return None


def _in_repo(location: Location, context: PathContext, build_step: bool) -> Location | None:
    if build_step:
        dockerfile = _dockerfile(location.file, context.builds)
        if dockerfile is not None:
            return Location(dockerfile, location.line, location.column)
    path = repo_relative(location.file, context)  # third-party folders are looked for below the checkout
    if path is None or third_party(path):
        return None
    contexts = {b.context for b in context.builds}
    if build_step and not location.file.startswith("/") and len(contexts) == 1:
        path = posixpath.normpath(posixpath.join(contexts.pop() or ".", path))
    return Location(path, location.line, location.column)


def annotation_location(record: ErrorRecord, context: PathContext = PathContext()) -> Location | None:  # noqa: B008
    """Where an annotation for `record` goes: its own location when that is in the repository, else the
    deepest repository frame of its context, else None (an annotation without a file)."""
    build_step = record.framework == "buildkit"
    if record.location is not None:
        own = _in_repo(record.location, context, build_step)
        if own is not None:
            return own
    for frame in _frames([*record.context, *record.details.splitlines()]):
        found = _in_repo(frame, context, build_step)
        if found is not None:
            return found
    return None


def failure_location(failure: Failure, context: PathContext = PathContext()) -> Location | None:  # noqa: B008
    """The root's repository location, else the first located evidence of the same failure (a BuildKit step's
    Dockerfile line for the step output line that is the root)."""
    for occurrence in (failure.root, *(e.occurrence for e in failure.evidence)):
        location = annotation_location(occurrence.record, context)
        if location is not None:
            return location
    return None


def docker_builds(lines: Iterable[str], context: PathContext = PathContext()) -> tuple[DockerBuild, ...]:  # noqa: B008
    """`docker build` / `docker buildx build` commands of a log (also as docker/build-push-action logs them):
    the `--file` and the context (the last argument), repository-relative."""
    found: list[DockerBuild] = []
    for line in lines:
        m = _BUILD_RE.search(line)
        if m is None:
            continue
        try:
            args = shlex.split(m.group("args"))
        except ValueError:
            continue
        build = _build(args, context)
        if build is not None and build not in found:
            found.append(build)
    return tuple(found)


def _build(args: Sequence[str], context: PathContext) -> DockerBuild | None:
    file = ""
    for index, arg in enumerate(args):
        if arg in {"-f", "--file"} and index + 1 < len(args):
            file = args[index + 1]
        elif arg.startswith("--file="):
            file = arg.split("=", 1)[1]
    if not args or args[-1].startswith("-"):
        return None
    where = repo_relative(args[-1] if args[-1] not in {".", "./"} else ".", context)
    build_context = "" if args[-1] in {".", "./"} else (where or "")
    if file:
        dockerfile = repo_relative(file, context)
    else:
        dockerfile = posixpath.join(build_context, "Dockerfile") if build_context else "Dockerfile"
    if dockerfile is None:
        return None
    return DockerBuild(dockerfile, build_context)


__all__ = [
    "DockerBuild",
    "PathContext",
    "annotation_location",
    "docker_builds",
    "failure_location",
    "repo_relative",
    "third_party",
]
