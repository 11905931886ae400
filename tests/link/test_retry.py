"""A command that failed, was retried and then succeeded is not the job's cause (classifier/link/retry.py)."""

from __future__ import annotations

from pathlib import Path

from classifier.extract.runners import match_line
from classifier.extract.runners.outcomes import RETRY
from classifier.model import Role, Severity
from tests.core.ci_logs import failures_of

# A Travis job (electron/electron, 2017, public build log): `npm install` under travis_retry fails once (an npm
# postinstall script cannot load a module of a half-downloaded package), travis_retry's notice (format of
# travis-ci/travis-build lib/travis/build/bash/travis_retry.bash: `The command "x" failed. Retrying, N of 3.`),
# the second attempt installs everything; the job then dies in `./script/cibuild` on apt.
NPM_RETRIED = """\
$ travis_retry npm install
> dugite@1.49.0 postinstall /home/travis/build/electron/electron/node_modules/dugite
> node ./script/download-git.js

module.js:327
    throw err;
    ^

Error: Cannot find module './db.json'
    at Function.Module._resolveFilename (module.js:325:15)
    at Function.Module._load (module.js:276:25)
npm ERR! shasum check failed for /tmp/npm-4815-a86f398f/typescript/-/typescript-2.6.1.tgz

\x1b[31;1mThe command "eval npm install  " failed. Retrying, 2 of 3.\x1b[0m

> dugite@1.49.0 postinstall /home/travis/build/electron/electron/node_modules/dugite
> node ./script/download-git.js

dugite@1.49.0 node_modules/dugite
\u2514\u2500\u2500 typescript@2.6.1

$ ./script/cibuild
Err:18 http://dl.hhvm.com/ubuntu trusty/main i386 Packages
  404  Not Found [IP: 52.84.14.226 80]
Reading package lists...
E: Failed to fetch http://dl.hhvm.com/ubuntu/dists/trusty/main/binary-i386/Packages  404  Not Found [IP: 52.84.14.226 80]
E: Some index files failed to download. They have been ignored, or old ones used instead.
Traceback (most recent call last):
  File "./script/cibuild", line 63, in main
    execute(['sudo', 'apt-get', 'update'])
subprocess.CalledProcessError: Command '['sudo', 'apt-get', 'update']' returned non-zero exit status 100

\x1b[31;1mThe command "./script/cibuild" exited with 1.\x1b[0m

Done. Your build exited with 1.
"""  # noqa: E501


def test_a_retried_attempt_that_then_succeeded_is_no_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, NPM_RETRIED)
    assert failure.root.record.message.startswith("E: Failed to fetch http://dl.hhvm.com/")
    shown = [e.occurrence.record.message for e in failure.evidence]
    assert not any("Cannot find module" in message for message in shown)


def test_the_failed_attempt_is_the_failure_when_the_retry_fails_too(tmp_path: Path) -> None:
    failed_again = NPM_RETRIED.replace(
        "dugite@1.49.0 node_modules/dugite\n\u2514\u2500\u2500 typescript@2.6.1\n",
        "Error: Cannot find module './db.json'\n    at Function.Module._load (module.js:276:25)\n"
        '\x1b[31;1mThe command "eval npm install  " failed 2 times.\x1b[0m\n',
    ).split("$ ./script/cibuild")[0]
    [failure] = failures_of(tmp_path, failed_again)
    assert failure.root.record.message == "Error: Cannot find module './db.json'"


# nick-fields/retry (src/index.ts: `warning(Attempt N failed. Reason: ...)`, `info(Command completed after N
# attempt(s).)`) in a GitHub Actions job log, around a flaky download that succeeded on its second attempt; the
# job then failed in a later step.
ACTION_RETRIED = """\
2024-05-02T10:00:01.0000000Z ##[group]Run nick-fields/retry@v3
2024-05-02T10:00:01.0000000Z ##[endgroup]
2024-05-02T10:00:02.0000000Z curl: (56) OpenSSL SSL_read: Connection reset by peer, errno 104
2024-05-02T10:00:12.0000000Z ##[warning]Attempt 1 failed. Reason: Child_process exited with error code 56
2024-05-02T10:00:14.0000000Z Command completed after 2 attempt(s).
2024-05-02T10:00:15.0000000Z ##[group]Run pytest -q
2024-05-02T10:00:15.0000000Z ##[endgroup]
2024-05-02T10:00:20.0000000Z FAILED tests/test_api.py::test_get - AssertionError: assert 500 == 200
2024-05-02T10:00:20.0000000Z 1 failed, 12 passed in 4.21s
2024-05-02T10:00:20.0000000Z ##[error]Process completed with exit code 1.
"""


def test_a_retry_action_s_failed_attempt_is_no_failure(tmp_path: Path) -> None:
    [failure] = failures_of(tmp_path, ACTION_RETRIED, "gha.log")
    assert failure.root.record.test_id.endswith("test_get")
    shown = [e.occurrence.record.message for e in failure.evidence]
    assert not any(message.startswith("curl:") for message in shown)


def test_retry_notices_are_warnings_never_failures() -> None:
    for line in (
        'The command "eval npm install  " failed. Retrying, 2 of 3.',
        "Attempt 1 failed. Reason: Child_process exited with error code 56",
        "Attempt 2 of 5 failed: connection refused",
        "Failed to restore /home/travis/build/PowerShell/PowerShell/src/Modules, retrying...",
        "Connection reset by peer. Retrying in 5 seconds...",
    ):
        found = match_line(line)
        assert found is not None, line
        assert (found.tool_hint, found.role, found.severity) == (RETRY, Role.SYMPTOM, Severity.WARNING), line
    for line in ("note: variable tracking size limit exceeded, retrying without", "Retrying with s2s dialback"):
        found = match_line(line)
        assert found is None or found.tool_hint != RETRY, line
