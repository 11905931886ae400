"""Repository-relative annotation locations: workspace prefixes stripped, third-party frames skipped, the
deepest repository frame chosen, Dockerfiles named by the build's `--file`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import entrypoint
from classifier.commands.analyze import in_checkout
from classifier.extract import extract_document
from classifier.github.paths import (
    DockerBuild,
    PathContext,
    annotation_location,
    docker_builds,
    repo_relative,
)
from classifier.model import ErrorRecord, Location, SourceKind
from classifier.modes.realtime import analyze_files
from classifier.report.markdown import render_markdown
from classifier.settings import load_settings
from classifier.workspaces import below, checkout_root
from tests.action.runner import RUN_ID, gha_log, runner_env
from tests.extract.helpers import file_doc
from tests.servers.github_api import FakeGitHub


def record(location: Location | None, *context: str, framework: str = "", details: str = "") -> ErrorRecord:
    return ErrorRecord(
        "job.log",
        SourceKind.GHA_LOG,
        "boom",
        location=location,
        context=context,
        framework=framework,
        details=details,
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/runner/work/app/app/src/cart.py", "src/cart.py"),
        ("/github/workspace/src/cart.py", "src/cart.py"),
        ("/__w/app/app/lib/x.ts", "lib/x.ts"),
        ("D:\\a\\app\\app\\src\\Program.cs", "src/Program.cs"),
        ("/home/runner/work/_temp/setup.sh", None),
        ("./src/../src/cart.py", "src/cart.py"),
        ("/usr/lib/python3.12/json/decoder.py", None),
        ("../outside.py", None),
        ("file:///github/workspace/a.c", "a.c"),
        ("webpack:/cypress/e2e/app_load.spec.js", "cypress/e2e/app_load.spec.js"),  # source-mapped spec
        ("webpack:///./src/App.vue", "src/App.vue"),
        ("node:internal/process/task_queues", None),
        ("http:/localhost:9000/__cypress/runner/cypress_runner.js", None),
        ("https://example.test/app.js", None),
        # other CI systems' checkout directories (each system's documented default working directory)
        ("/home/travis/build/broadinstitute/cromwell/cwl/src/CommandLineTool.scala", "cwl/src/CommandLineTool.scala"),
        ("~/project/src/app.py", "src/app.py"),  # CircleCI
        ("/home/circleci/project/packages/net/index.ts", "packages/net/index.ts"),
        ("/builds/gitlab-org/gitlab-runner/commands/run.go", "commands/run.go"),
        ("/builds/xYz12aBc/0/group/project/lib/a.rb", "lib/a.rb"),  # GitLab runner token and slot folders
        ("/var/lib/jenkins/workspace/pulsar-master/pom.xml", "pom.xml"),
        ("/home/jenkins/agent/workspace/app_PR-12/src/Main.java", "src/Main.java"),
        ("/var/lib/buildkite-agent/builds/agent-1/acme/web/app/models/user.rb", "app/models/user.rb"),
        ("C:\\projects\\mavsdk\\src\\mission_impl.cpp", "src/mission_impl.cpp"),  # AppVeyor
        ("/home/vsts/work/1/s/src/extension.ts", "src/extension.ts"),  # Azure Pipelines, Linux
        ("D:\\a\\1\\s\\src\\Program.cs", "src/Program.cs"),  # Azure Pipelines, Windows
        ("/opt/atlassian/pipelines/agent/build/app/main.py", "app/main.py"),  # Bitbucket Pipelines
        ("/home/travis/build/o/r/node_modules/x/index.js", "node_modules/x/index.js"),  # relative; a frame skips it
    ],
)
def test_repo_relative(path: str, expected: str | None) -> None:
    assert repo_relative(path) == expected


def test_the_jobs_own_workspace_is_stripped() -> None:
    assert repo_relative("/srv/ci/checkout/pkg/a.go", PathContext(workspace="/srv/ci/checkout")) == "pkg/a.go"


def test_python_traceback_gives_the_deepest_frame_in_the_repository() -> None:
    # CPython traceback (outermost first) ending in a third-party library
    found = annotation_location(
        record(
            Location("/home/runner/work/app/app/.venv/lib/python3.12/site-packages/requests/models.py", 1021),
            "Traceback (most recent call last):",
            '  File "/home/runner/work/app/app/tests/test_api.py", line 12, in test_login',
            "    client.login()",
            '  File "/home/runner/work/app/app/src/app/client.py", line 40, in login',
            "    response.raise_for_status()",
            '  File "/home/runner/work/app/app/.venv/lib/python3.12/site-packages/requests/models.py", line 1021',
            "requests.exceptions.HTTPError: 401 Client Error",
        )
    )
    assert found == Location("src/app/client.py", 40)


def test_a_travis_traceback_lands_on_the_repository_path() -> None:
    # the same traceback in a Travis job: the virtualenv outside the checkout is third-party code
    found = annotation_location(
        record(
            Location("/home/travis/virtualenv/python3.6.3/lib/python3.6/site-packages/requests/models.py", 1021),
            "Traceback (most recent call last):",
            '  File "/home/travis/build/octo/app/tests/test_api.py", line 12, in test_login',
            '  File "/home/travis/build/octo/app/src/app/client.py", line 40, in login',
            '  File "/home/travis/virtualenv/python3.6.3/lib/python3.6/site-packages/requests/models.py", line 1021',
            "requests.exceptions.HTTPError: 401 Client Error",
        )
    )
    assert found == Location("src/app/client.py", 40)


def test_javascript_stack_gives_the_innermost_repository_frame() -> None:
    # Node.js stack (innermost first): node_modules and node internals are skipped
    found = annotation_location(
        record(
            Location("node_modules/expect/build/index.js", 312, 17),
            "Error: expect(received).toBe(expected)",
            "    at Object.toBe (/home/runner/work/app/app/node_modules/expect/build/index.js:312:17)",
            "    at sum (/home/runner/work/app/app/src/math.test.js:8:15)",
            "    at processTicksAndRejections (node:internal/process/task_queues:95:5)",
        )
    )
    assert found == Location("src/math.test.js", 8)


def test_a_location_outside_the_repository_without_frames_has_no_file() -> None:
    assert annotation_location(record(Location("/usr/lib/gcc/x86_64-linux-gnu/13/include/stddef.h", 3))) is None
    assert annotation_location(record(Location("src/ok.c", 3, 1))) == Location("src/ok.c", 3, 1)
    # a Terraform module `terraform init` downloaded is not the repository's file
    assert annotation_location(record(Location(".terraform/modules/vpc/main.tf", 51))) is None


def test_dockerfile_path_comes_from_the_build_commands_file_and_context() -> None:
    log = [
        "2026-11-23T08:24:31.0000000Z ##[group]Run docker build -f docker/app.Dockerfile -t app:ci services/api",
        "/usr/bin/docker buildx build --file ./tools/ci.Dockerfile --iidfile /home/runner/work/_temp/iid "
        "--tag app:ci /home/runner/work/app/app/services/api",
    ]
    builds = docker_builds(log)
    assert builds == (
        DockerBuild("docker/app.Dockerfile", "services/api"),
        DockerBuild("tools/ci.Dockerfile", "services/api"),
    )
    context = PathContext(builds=builds[:1])
    assert annotation_location(record(Location("app.Dockerfile", 12), framework="buildkit"), context) == Location(
        "docker/app.Dockerfile", 12
    )
    # a compiler error printed by a RUN step: relative to the build context
    step = record(Location("cmd/main.go", 7, 2), framework="buildkit")
    assert annotation_location(step, context) == Location("services/api/cmd/main.go", 7, 2)
    assert docker_builds(["docker build ."]) == (DockerBuild("Dockerfile", ""),)


def test_annotations_of_a_run_land_on_repository_paths(tmp_path: Path) -> None:
    """End to end: a traceback through site-packages with runner paths, and a BuildKit failure of a build
    with `--file`: the annotations name `src/app/client.py:40` and `docker/app.Dockerfile:3`."""
    python = gha_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/tests/test_api.py", line 12, in test_login',
        "    client.login()",
        '  File "/home/runner/work/app/app/src/app/client.py", line 40, in login',
        "    response.raise_for_status()",
        '  File "/home/runner/work/app/app/.venv/lib/python3.12/site-packages/requests/models.py", line 1021,'
        " in raise_for_status",
        "    raise HTTPError(http_error_msg, response=self)",
        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.example.org/login",
    )
    docker = gha_log(
        "docker build -f docker/app.Dockerfile -t app:ci .",
        "#5 [2/3] RUN apt-get install -y libfoo-dev",
        "#5 0.512 E: Unable to locate package libfoo-dev",
        '#5 ERROR: process "/bin/sh -c apt-get install -y libfoo-dev" did not complete successfully: exit code: 100',
        "------",
        " > [2/3] RUN apt-get install -y libfoo-dev:",
        "0.512 E: Unable to locate package libfoo-dev",
        "------",
        "app.Dockerfile:3",
        "--------------------",
        "   2 |     FROM debian:12",
        "   3 | >>> RUN apt-get install -y libfoo-dev",
        "--------------------",
        'ERROR: failed to solve: process "/bin/sh -c apt-get install -y libfoo-dev" did not complete successfully:'
        " exit code: 100",
        step="Build image",
    )
    with FakeGitHub() as gh:
        gh.add_run(RUN_ID, attempt=1)
        gh.add_job(RUN_ID, 31, "api tests", log=python)
        gh.add_job(RUN_ID, 32, "image", log=docker, failed_step="Build image")
        env = runner_env(tmp_path, gh, artifact_patterns="", paths="", fetch_baseline="false")
        env["GITHUB_RUN_ATTEMPT"] = "1"
        stream = io.StringIO()
        entrypoint.main(env, stream)
    annotations = [line for line in stream.getvalue().splitlines() if line.startswith(("::error", "::warning"))]
    files = {
        part.split("=", 1)[1] for line in annotations for part in line.split("::")[1].split(",") if "file=" in part
    }
    assert "src/app/client.py" in files and "docker/app.Dockerfile" in files
    assert not any("site-packages" in f or f.startswith("/") for f in files)


# The start of a GitLab job log (GitLab docs, "Git strategy" / a runner's `Getting source from Git
# repository` section): git names the checkout, here a project in a nested group.
GITLAB_NESTED = """\
Running with gitlab-runner 16.11.0 (91a27b2a)
Getting source from Git repository
Fetching changes with git depth set to 20...
Initialized empty Git repository in /builds/acme/platform/billing/.git/
Created fresh repository.
$ make
/builds/acme/platform/billing/src/invoice.c:3:5: error: unknown type name 'money_t'
make: *** [Makefile:4: all] Error 1
"""
NO_CHECKOUT_LINE = GITLAB_NESTED.replace(
    "Initialized empty Git repository in /builds/acme/platform/billing/.git/\n", ""
)


def test_checkout_root_is_the_one_git_names_below_a_ci_workspace() -> None:
    assert checkout_root(GITLAB_NESTED) == "/builds/acme/platform/billing"
    assert checkout_root("Initialized empty Git repository in /tmp/dep/.git/\n") == ""  # not a CI checkout
    assert checkout_root("Initialized empty Git repository in D:\\a\\r\\r\\.git\\\n") == "D:/a/r/r"
    assert below("/builds/acme/platform/billing/src/a.c", "/builds/acme/platform/billing") == "src/a.c"
    assert below("/builds/acme/other/src/a.c", "/builds/acme/platform/billing") == "/builds/acme/other/src/a.c"


def test_a_nested_gitlab_group_s_paths_are_relative_to_the_checkout_the_log_names(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text(GITLAB_NESTED, encoding="utf-8")
    (record,) = [r for r in extract_document(file_doc(log)).records if r.location is not None]
    assert record.location == Location("src/invoice.c", 3, 5)  # one level only would give billing/src/…
    log.write_text(NO_CHECKOUT_LINE)
    (record,) = [r for r in extract_document(file_doc(log)).records if r.location is not None]
    assert record.location is not None and record.location.file.startswith("/builds/")  # nothing says where


def test_the_cli_takes_gitlab_s_ci_project_dir_as_the_checkout(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text(NO_CHECKOUT_LINE)
    analysis = analyze_files(load_settings({}, {"db_path": str(tmp_path / "db")}), [str(log)])
    bare = render_markdown(analysis)
    assert "`billing/src/invoice.c:3`" in bare  # the path alone: `acme/platform` taken for group and project
    located = render_markdown(in_checkout(analysis, {"CI_PROJECT_DIR": "/builds/acme/platform/billing"}))
    assert "`src/invoice.c:3`" in located
