"""Container image builds other than a BuildKit RUN step (buildah/podman, kaniko, the classic builder, buildx bake,
the daemon's parser, registry answers): the failure is the command's own error or the builder's, once, with the
category a reader would give it. Samples are trimmed from the issue threads named above each."""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# OpenShift's buildah build (https://github.com/bcgov/backup-container/issues/120)
BUILDAH_COMMAND_NOT_FOUND = """\
STEP 13/17: RUN dnf install -y util-linux
/bin/sh: dnf: command not found
error: build error: building at STEP "RUN dnf install -y util-linux": while running runtime: exit status 127
"""


def test_buildah_step_failure_is_the_step_s_own_output_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDAH_COMMAND_NOT_FOUND)
    assert failure.root.record.message == "/bin/sh: dnf: command not found"
    assert failure.root.record.line_start == 2
    assert failure.classification.category == "configuration_error"  # exit status 127: no such command


# podman build whose builder panicked (https://github.com/containers/buildah/issues/1679)
BUILDAH_PANIC = """\
STEP 5: RUN chmod -R g=u /opt/{ansible,apb}
panic: runtime error: index out of range

goroutine 19 [running]:
github.com/containers/libpod/vendor/github.com/containers/buildah.runCopyStdio(0xc0008271d0, 0x2b00, 0xc0000c5900, \
0x3, 0x3, 0x1, 0xc00083fb30, 0xc0008271e0, 0x2, 0x2, ...)
        /build/podman/src/src/github.com/containers/libpod/vendor/github.com/containers/buildah/run_linux.go:1137 \
+0x2502
Error: error building at STEP "RUN chmod -R g=u /opt/{ansible,apb}": error while running runtime: exit status 2
"""


def test_buildah_step_line_under_a_panic_is_its_symptom(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDAH_PANIC)
    assert failure.root.record.message == "panic: runtime error: index out of range"


# kaniko under GitLab CI (https://github.com/GoogleContainerTools/kaniko/issues/1201)
KANIKO_STREAM_ERROR = """\
 INFO[0009] Unpacking rootfs as cmd RUN mkdir -p /my-qsr/files requires it.
 error building image: error building stage: failed to get filesystem from image: stream error: stream ID 5; \
INTERNAL_ERROR
 ERROR: Job failed: command terminated with exit code 1
"""


def test_kaniko_s_own_error_is_an_infrastructure_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, KANIKO_STREAM_ERROR)
    assert "stream error: stream ID 5" in failure.root.record.message
    assert failure.classification.category == "infrastructure_error"


# kaniko's push check in Cloud Build (https://github.com/GlobalFishingWatch/frontend/pull/1069)
KANIKO_PUSH_CHECK = """\
Step #1 - "Build production image": error checking push permissions -- make sure you entered the correct tag name, \
and that you are authenticated correctly, and try again: checking push permission for "gcr.io/_some-repository_": \
creating push check transport for gcr.io failed: GET https://gcr.io/v2/token?scope=repository%_3Asome-repository%_3A\
push%2Cpull&service=gcr.io: UNAUTHORIZED: Not Authorized.
"""


def test_kaniko_push_permission_check_is_the_builder_s_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, KANIKO_PUSH_CHECK)
    assert failure.classification.category == "infrastructure_error"


# the classic builder running apk 2 (https://github.com/google/mtail/issues/761)
CLASSIC_APK = """\
WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.18/main: temporary error (try again later)
ERROR: unable to select packages:
  git (no such package):
    required by: world[git]
  make (no such package):
    required by: world[make]
The command '/bin/sh -c apk add --update git make' returned a non-zero code: 2
"""


def test_apk_s_unselectable_packages_are_one_dependency_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CLASSIC_APK)
    assert failure.root.record.message == "unable to select packages: git (no such package)"
    assert failure.classification.category == "dependency_error"


# docker/build-push-action's own e2e run (https://github.com/docker/build-push-action/pull/1539)
BUILDKIT_429_BODY = """\
--------------------
   1 |     # syntax=docker/dockerfile:1
   2 | >>> FROM --platform=$BUILDPLATFORM golang:alpine AS build
--------------------
ERROR: failed to build: failed to solve: failed to copy: httpReadSeeker: failed open: unexpected status from GET \
request to https://registry-1.docker.io/v2/library/alpine/manifests/sha256:5b10f432ef3da1b8d4c7eb6c487f2f5a8f096bc9\
1145e68878dd4a5019afde11: 429 Too Many Requests
toomanyrequests: You have reached your pull rate limit as '***': dckr_jti_N2ET7FEmmANT7CaMgfMLu5Rs4JQ=. You may \
increase the limit by upgrading. https://www.docker.com/increase-rate-limit
"""


def test_registry_s_error_body_under_buildkit_s_line_is_the_same_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_429_BODY)
    assert "429 Too Many Requests" in failure.root.record.message
    assert failure.classification.category == "infrastructure_error"


# buildx bake (https://github.com/docker/buildx/issues/1202; a trailing blank left out)
BAKE_BARE_EXIT = """\
WARNING: No output specified for docker-container driver. Build result will only remain in the build cache. To push \
result image into registry use --push or to load image into docker use --load
Dockerfile:1
--------------------
   1 | >>> # syntax=docker/dockerfile:1.4
   2 |
   3 |     ARG UBUNTU_TAG
--------------------
error: failed to solve: exit code: 2
"""


def test_builder_s_bare_exit_status_keeps_its_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BAKE_BARE_EXIT)
    assert failure.root.record.message == "error: failed to solve: exit code: 2"


# the daemon's Dockerfile parser (https://github.com/docker-library/hello-world/issues/49) and BuildKit's
# missing base image (https://github.com/Reposoft/openidc-keycloak-test/issues/26)
DAEMON_PARSE_ERROR = """\
Error building: Error response from daemon: Dockerfile parse error line 7: unknown instruction: <!DOCTYPE
"""
BASE_IMAGE_NOT_FOUND = """\
 => ERROR [internal] load metadata for docker.io/solsson/node:7-run                                    1.8s
------
 > [internal] load metadata for docker.io/solsson/node:7-run:
------
failed to solve with frontend dockerfile.v0: failed to create LLB definition: docker.io/solsson/node:7-run: not found
ERROR: Service 'testclient' failed to build : Build failed
"""


def test_a_wrong_build_definition_is_a_configuration_error(tmp_path: Path) -> None:
    [parse] = _failures(tmp_path, DAEMON_PARSE_ERROR)
    assert parse.classification.category == "configuration_error"
    [base] = _failures(tmp_path, BASE_IMAGE_NOT_FOUND, "base.log")
    assert base.root.record.message == "docker.io/solsson/node:7-run: not found"
    assert base.classification.category == "configuration_error"


# BuildKit's registry request that found no connection (https://github.com/getmaxun/maxun/issues/131)
BUILDKIT_NOT_CONNECTED = """\
 => ERROR [frontend internal] load metadata for docker.io/library/node:18-alpine                                  30.6s
------
 > [frontend internal] load metadata for docker.io/library/node:18-alpine:
------
failed to solve: node:18-alpine: failed to do request: Head "https://registry.docker-cn.com/v2/library/node/\
manifests/18-alpine?ns=docker.io": Not Connected
"""


def test_a_failed_registry_request_is_the_builder_s_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_NOT_CONNECTED)
    assert failure.classification.category == "infrastructure_error"


# BuildKit's failed RUN step whose output says the image is for another CPU
# (https://github.com/bitwalker/alpine-elixir-phoenix/issues/79), and the classic builder's runc saying the same in
# the shape of a Go source place (https://github.com/jacksonliam/mjpg-streamer/issues/228)
BUILDKIT_EXEC_FORMAT = """\
#7 [2/9] RUN mix do local.hex --force, local.rebar --force
#7 0.223 exec /bin/sh: exec format error
#7 ERROR: process "/bin/sh -c mix do local.hex --force, local.rebar --force" did not complete successfully: exit code: 1
------
 > [2/9] RUN mix do local.hex --force, local.rebar --force:
#7 0.223 exec /bin/sh: exec format error
"""
CLASSIC_EXEC_FORMAT = """\
Step 4/9 : RUN git clone https://github.com/jacksonliam/mjpg-streamer.git
 ---> Running in 6e463f81def6
standard_init_linux.go:211: exec user process caused "exec format error"
The command '/bin/sh -c git clone https://github.com/jacksonliam/mjpg-streamer.git' returned a non-zero code: 1
"""


def test_a_step_s_record_starts_at_its_telling_output_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, BUILDKIT_EXEC_FORMAT)
    assert failure.root.record.message == "exec /bin/sh: exec format error"
    assert failure.root.record.line_start == 2
    assert failure.classification.category == "infrastructure_error"


def test_exec_format_error_in_a_go_place_s_shape_is_no_compiler_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, CLASSIC_EXEC_FORMAT)
    assert "exec format error" in failure.root.record.message
    assert failure.classification.category == "infrastructure_error"


# gulp under podman build (https://github.com/noobaa/noobaa-core/issues/5858; trailing blanks left out) and npm 10's
# `npm ci` without a lock file under podman (https://github.com/microsoft/sample-app-aoai-chatGPT/issues/1083)
EMFILE = """\
Error: EMFILE: too many open files, open '/noobaa/frontend/package.json'
Error: EMFILE: too many open files, open '/noobaa/frontend/package.json'
[06:35:42] Finished 'bundleLib' after 8.96 s
[06:35:42] Build encountered 575 build errors
"""
NPM_CI_WITHOUT_LOCK = """\
[1/2] STEP 6/10: RUN npm ci
npm error code EUSAGE
npm error
npm error The `npm ci` command can only install with an existing package-lock.json or
npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or
npm error later to generate a package-lock.json file, then try again.
"""


def test_running_out_of_file_descriptors_is_resource_exhaustion(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, EMFILE)
    assert failure.classification.category == "resource_exhaustion"


def test_npm_ci_without_a_lock_file_is_a_dependency_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NPM_CI_WITHOUT_LOCK)
    assert failure.classification.category == "dependency_error"
