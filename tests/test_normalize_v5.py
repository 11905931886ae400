"""Normaliser v5 (the default of grouping ci@2026-12-01c): v4, with the checkout directory of every CI system
in classifier/workspaces.py masked as `<WS>`. The roots are each CI system's documented working directory."""

from __future__ import annotations

import pytest

from classifier.normalize import NORMALIZERS, normalize

ERROR = "{}/src/cart.c:12:5: error: unknown type name 'money_t'"
SAME = "<WS>/src/cart.c:<LINE>:<COL>: error: unknown type name 'money_t'"


@pytest.mark.parametrize(
    "root",
    [
        "/home/runner/work/shop/shop",  # GitHub-hosted Linux
        "/__w/shop/shop",  # GitHub container job
        "D:/a/shop/shop",  # GitHub-hosted Windows, forward slashes
        "/home/vsts/work/1/s",  # Azure-hosted Linux
        "/opt/actions-runner/_work/shop/shop",  # self-hosted GitHub runner
        "/home/circleci/project",  # CircleCI
        "/builds/acme/shop",  # GitLab
        "/builds/xYz12aBc/0/acme/shop",  # GitLab with a runner's token and concurrency folders
        "/builds/Ab3dE9fG/1/acme/shop",  # the same project on another runner
        "/var/lib/jenkins/workspace/shop-pr",  # Jenkins controller
        "/home/jenkins/agent/workspace/shop-pr",  # Jenkins agent (Kubernetes plugin)
        "/var/lib/buildkite-agent/builds/agent-7/acme/shop",  # Buildkite
        "/opt/atlassian/pipelines/agent/build",  # Bitbucket Pipelines
        "/drone/src",  # Drone
    ],
)
def test_every_ci_checkout_is_one_workspace_and_the_repository_path_stays(root: str) -> None:
    assert normalize(ERROR.format(root), "v5").text == SAME


def test_what_is_no_checkout_is_masked_as_before() -> None:
    for text in (
        "see /usr/lib/gcc/x86_64-linux-gnu/13/include/stddef.h",
        "open /tmp/pytest-of-runner/pytest-3/test_x0/cfg.yml",
        "/workspace/src/a.c:3: error: x",  # a container's working directory is not a CI checkout
    ):
        assert normalize(text, "v5").text == normalize(text, "v4").text
    # a folder named builds inside the repository is no GitLab root (v4 made it `src<WS>/c.c`)
    assert normalize("in src/builds/a/b/c.c", "v5").text == "in src/builds/a/b/c.c"


def test_v5_changes_only_the_workspace_mask_of_v4() -> None:
    v4, v5 = NORMALIZERS["v4"].masks, NORMALIZERS["v5"].masks
    assert [m.name for m in v4] == [m.name for m in v5]
    assert [m for m in v4 if m.name != "path_workspace"] == [m for m in v5 if m.name != "path_workspace"]
