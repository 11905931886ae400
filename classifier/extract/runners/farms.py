"""Lines that CI systems, build farms and their wrappers print of a failure (entries of table.py).

Each shape from the system's or tool's own output (origins in tests/extract/test_build_farm_lines.py):

* Jenkins: a declarative `post` block that failed (`Error when executing always post condition:`, the
  exception on the next lines) and the junit step finding no report (`No test report files were found.
  Configuration error?`, then thrown as `hudson.AbortException` with the same words): symptoms. The agent lost
  under a step (`Slave went offline during the build`, `ERROR: Connection was broken: java.io.IOException: ...`)
  and `FATAL: msg` over the Java exception Jenkins caught: one record with the stack under it (its
  `Caused: hudson.remoting.ChannelClosedException` names the lost channel).
* The Open Build Service's (and openSUSE `build`'s) verdict on a package: `<worker> failed "build x.spec" at
  <date>.`; mock's `EXCEPTION: [Error('Command failed: ...', 1)]`; dpkg-buildpackage's `error: debian/rules
  build subprocess returned exit status 2` and sbuild's `E: Build failure (dpkg-buildpackage died)`: verdicts
  on the build above them (symptoms).
* Packer: `Build 'name' errored: msg` (also `errored after 2 seconds 15 milliseconds: msg`), the build's error,
  and the run's `==> Some builds didn't complete successfully and had errors:` over its summary (a symptom).
* Concourse's scheduler: `no workers satisfying: platform 'linux'` (no worker can run the step).
* Rust's bootstrap (x.py): `command did not execute successfully: "cargo" "test" ...` and `failed to run:
  .../bootstrap test`; a retry wrapper giving up (`The command has failed after 5 attempts.`): symptoms.
* bash running a script: `./tests/run.sh: line 100: /tmp/out.json: No such file or directory` (the script's
  file and line are the location; `setup: eval: line 231: msg` for a line run by `eval`); the `[` builtin's
  complaints (`[: x: integer expression expected`) and lines of the CI system's own stage script (Travis'
  `~/.travis/job_stages`) are warnings.
* pkg-config: `No package 'gl' found`, `Package foo was not found in the pkg-config search path.`; make
  without a makefile (`make: *** No targets specified and no makefile found.  Stop.`) or a rule for its target
  (`make[2]: *** No rule to make target 'check'.  Stop.`, old makes quote it `` `check' ``), automake's
  `There seems to be no Makefile in this directory.` (configure never ran): the build description.
* A decompressor's complaint about its input (`gzip: stdin: unexpected end of file`, `zstd: /*stdin*\\: unexpected
  end of file`); tar's closing `Error is not recoverable: exiting now` is left alone (a CI system's own set-up
  prints it after a failed download it shrugs off, Travis' Heroku CLI update).
* RubyGems' command error: `ERROR:  While executing gem ... (Gem::RemoteFetcher::UnknownHostError)` over its
  message (`    no such name (https://...)`): one record, at the message.
* Go's ssh client, as drone-ssh and ssh-action print it: `Process exited with status 1` (a symptom).
* GitLab Runner's `WARNING: step_script could not run to completion because the timeout was exceeded.`: the job's
  time limit stopped that step, a timeout (its `ERROR: Job failed: execution took longer than ...` is the verdict).
* Meson's test runner: `14/23 proj:suite / name   FAIL   0.12s   exit status 1` (also TIMEOUT, ERROR; meson
  before 0.50 prints `0.32 s`).
* Maven refusing the command line it was given (`[ERROR] Unknown lifecycle phase "verify111". You must specify
  a valid lifecycle phase ...`, `[ERROR] No goals have been specified for this build.`, `[ERROR] The goal you
  specified requires a project to execute but there is no POM in this directory`): the job's configuration.
* Autoconf's `configure: error: Package requirements (gl) were not met:` with its reason under it (`No package
  'gl' found`, pkg-config's words, the record spans them), also after the check it ends (`checking x... configure:
  error: msg`); a missing package or library is a dependency error.
* GitHub Actions refusing a workflow file (`Invalid workflow file: .github/workflows/x.yml#L7`, the reason on
  the next line: `You have an error in your yaml syntax on line 7`): the workflow's configuration, at that line.
* AppVeyor's build phase in MSBuild mode finding no project (`The build phase is set to "MSBuild" mode (default),
  but no Visual Studio project or solution files were found in the root directory. ...`): the job's configuration.
* CMake's `CMake Generate step failed.  Build files cannot be regenerated correctly.` (a symptom of the
  `CMake Error` above it); bundler's `bundler: failed to load command: rspec` (the exception follows).
* CI systems' verdicts on a step, symptoms of the step's own error above them: AWS CodeBuild's phase lines
  (`Phase complete: BUILD State: FAILED`, `Phase context status code: COMMAND_EXECUTION_ERROR Message: ...`; a
  phase that `TIMED_OUT` a timeout, `YAML_FILE_ERROR` the buildspec's configuration; the artifact upload's
  `Skipping invalid file path x`), gcloud's on a Cloud Build (`ERROR: (gcloud.builds.submit) build <id> completed
  with status "FAILURE"`), Codefresh's (`[SYSTEM] Error: Failed to run git-clone step: ...`, `Command [git
  checkout $REVISION] exited with code [1]`), Argo's `Status:              Failed`, Bamboo's task verdicts
  (`Failing task since return code of [x] was 1 while expected 0`), GNU time's `Command exited with non-zero
  status 1`, the CircleCI CLI's local runner (`Error: runner failed (exited with 101)`; its test-results upload
  after the failed step, warnings).
* TeamCity's service messages that report a problem (`##teamcity[buildProblem description='x']`, `##teamcity[message
  text='x' status='ERROR']`, `##teamcity[testFailed name='t' message='x']`); PowerShell's CommandNotFoundException
  and ItemNotFoundException (`x : The term 'x' is not recognized as the name of a cmdlet, ...`, `Cannot find path
  'x' because it does not exist.`), the job's configuration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, exit_code, explanation, loc, symptom
from classifier.extract.runners.crash import signal_of
from classifier.extract.runners.system import package_manager
from classifier.model import Role, Severity

# bash's error for a line of a script it runs: the script is a path (`./x.sh`, `ci/run`), or a `.sh` file
# (`script: eval: line N: msg` when the line ran in an `eval`: Nix's stdenv `setup: eval: line 231: unexpected EOF`)
_SCRIPT_LINE = (
    r"^(?P<script>(?:[\w.~-]*/[\w./~-]+|[\w.-]+\.(?:sh|bash|zsh|ksh))): (?:eval: )?line (?P<line>\d+): (?P<msg>\S.*)$"
)
_FS_PROBLEM = re.compile(r"No such file or directory|Permission denied|Is a directory|Not a directory|file not found$")


# The CI system's own stage script (Travis' `~/.travis/job_stages: line 600: shell_session_update: command not
# found` on macOS), and the `[` builtin's complaint (`[: x: unary operator expected`): the test is false, the
# script goes on; both are kept as warnings. The stage script also runs the job's own commands: one it could
# not start (`job_stages: line 236: ./gradlew: Permission denied`, exit 126) is the job's failure.
_HARMLESS = re.compile(r"/\.travis/job_stages$")
_OWN_COMMAND = re.compile(r"^\.{0,2}/\S+: (?:Permission denied|No such file or directory)$")
_TEST_BUILTIN = re.compile(r"^\[\[?: ")
# bash's job-control report of a command that died (`line 5: 19807 Segmentation fault      (core dumped) ./t`)
_DIED = re.compile(
    r"^(?:\d+\s+)?(?P<word>Segmentation fault|Aborted|Bus error|Illegal instruction|Floating point exception"
    r"|Killed|Abort trap: 6)\b"
)


def script_line(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """bash's `script: line N: message`: the script's file and line are where it failed."""
    msg = m.group("msg").strip()
    where = loc(m.group("script"), m.group("line"))
    if (_HARMLESS.search(m.group("script")) and not _OWN_COMMAND.match(msg)) or _TEST_BUILTIN.match(msg):
        return LineMatch(m.string.strip(), "shell", "", Role.SYMPTOM, Severity.WARNING, location=where, after=2)
    died = _DIED.match(msg)
    if died:  # the crash of the command it ran, not a script error: the signal is the crash type
        signal = signal_of(died.group("word"))
        hint = "oom" if signal == "SIGKILL" else "crash"
        return LineMatch(m.string.strip(), "shell", hint, exception_type=signal, before=8, after=4)
    hint = "filesystem" if _FS_PROBLEM.search(msg) else ""
    return LineMatch(m.string.strip(), "shell", hint, location=where, after=3)


def meson_test(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Meson's test result line of a failed test: the test is named, the reason (`exit status 1`) closes it."""
    test = m.group("test").strip()
    return LineMatch(m.string.strip(), "meson", "test", test_id=test, before=0, after=2)


_MISSING = re.compile(r"(?i)package requirements|\bno package\b|not found|not installed|missing|required")
FOLLOWING = (
    "configure: error:",
    "invalid workflow file",
    "went offline during the build",
    "connection was broken",
    "fatal: ",
    "while executing gem",
)  # lowered starts of lines whose matchers read the lines below


# A Java stack as Jenkins prints it: the exception, its frames, `Caused:` (newer) or `Caused by:` causes
_JAVA_STACK = re.compile(
    r"^\s*(?:at \S|\.\.\. \d+ more|Caused(?: by)?: |Also: |(?:[\w$]+\.)+[\w$]*(?:Exception|Error)\b)"
)
_JAVA_EXCEPTION = re.compile(r"^(?:[\w$]+\.)+(?P<exc>[\w$]*(?:Exception|Error))(?::\s.*)?$")


def _stack_span(following: Sequence[str]) -> int:
    """How many of the next lines are the Java stack under a line (and Jenkins' `ERROR: Connection was broken`)."""
    span = 0
    for line in following:
        if not (_JAVA_STACK.match(line) or (span == 0 and line.startswith("ERROR: Connection was broken: "))):
            break
        span += 1
    return span


def jenkins_agent(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Jenkins lost its agent under a step: the line and the remoting stack under it, one record."""
    span = _stack_span(following)
    return LineMatch(m.string.strip(), "jenkins", "runner_lost", before=1, after=max(span, 2), span=span)


def jenkins_fatal(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """Jenkins' `FATAL: msg` over the Java exception it caught and its frames: one record spanning the stack."""
    head = _JAVA_EXCEPTION.match(following[0].strip()) if following else None
    if head is None:
        return None
    span = _stack_span(following)
    return LineMatch(m.string.strip(), "jenkins", "", exception_type=head["exc"], before=1, after=span, span=span)


def rubygems(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`ERROR:  While executing gem ... (Class)` and the indented message under it: the record starts there."""
    detail = following[0] if following else ""
    if not detail[:1].isspace() or not detail.strip():
        return LineMatch(m.string.strip(), "rubygems", "", exception_type=m["exc"], before=1, after=2)
    message = f"{m['exc']}: {detail.strip()}"
    return LineMatch(message, "rubygems", "", exception_type=m["exc"], before=1, after=2, span=1, at=1)


def packer_errored(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Packer's `Build 'amazon-ebs' errored after 1 second: msg`: that build's error (its own `==> amazon-ebs: msg`
    line above said it first; the summary under `==> Some builds didn't complete successfully` repeats it)."""
    return LineMatch(m.group("msg").strip(), "packer", "", before=3, after=6)


# AC_MSG_FAILURE's first line names the build directory; the error itself is on the next `configure: error:` line
_AUTOCONF_WHERE = re.compile(r"^in [`'‘][^`'’]*['’]:$")
_AUTOCONF_NEXT = re.compile(r"^configure: error: (?P<msg>\S.*)$")


def autoconf(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`configure: error: msg`, a message ending in `:` explained on the lines below (the record spans them);
    `configure: error: in `/build':` is AC_MSG_FAILURE's header: the record is the error on the next line (`at`)."""
    message = m.group("msg").strip()
    nxt = _AUTOCONF_NEXT.match(following[0].strip()) if following and _AUTOCONF_WHERE.match(message) else None
    if nxt is not None:
        message = nxt.group("msg").strip()
        hint = "dependency" if _MISSING.search(message) else "configuration"
        return LineMatch(message, "autoconf", hint, before=2, after=2, span=1, at=1)
    span = 0
    if message.endswith(":"):
        span = next((index for index, line in enumerate(following[:3], 1) if line.strip()), 0)
        more = explanation(following)
        message = f"{message.rstrip(':')}: {more}" if more else message
    hint = "dependency" if _MISSING.search(message) else "configuration"
    return LineMatch(message, "autoconf", hint, before=2, after=max(span, 2), span=span)


def workflow_file(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """GitHub's `Invalid workflow file: path#L7` over its reason: the record spans the reason, located at path:7."""
    reason = explanation(following)
    message = f"{m.string.strip()}: {reason}" if reason else m.string.strip()
    where = loc(m.group("path"), m.group("line"))
    return LineMatch(message, "actions", "configuration", location=where, before=0, after=2, span=1 if reason else 0)


def codebuild_phase(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """AWS CodeBuild's verdict on a phase (`Phase complete: BUILD State: FAILED`) or the reason it gives
    (`Phase context status code: COMMAND_EXECUTION_ERROR Message: ...`): a symptom of the command or error above;
    a phase stopped by the build's time limit a timeout; a buildspec it could not read the job's configuration."""
    status = m.group("status")
    if status == "YAML_FILE_ERROR":
        return LineMatch(m.string.strip(), "codebuild", "configuration", before=2, after=1)
    hint = "timeout" if "TIMED_OUT" in status or "TIMEOUT" in status else "exit_code"
    return LineMatch(m.string.strip(), "codebuild", hint, Role.SYMPTOM, before=6, after=2)


# TeamCity's service messages (https://www.jetbrains.com/help/teamcity/service-messages.html): `name='value'`
# attributes, `|` escapes `'`, `|`, `[`, `]`, a line feed (`|n`), a carriage return (`|r`) and `|0xNNNN`
_TC_ATTR = re.compile(r"(\w+)='((?:[^'|]|\|.)*)'")
_TC_ESCAPE = re.compile(r"\|(0x[0-9A-Fa-f]{4}|.)")
_TC_CHAR = {"n": "\n", "r": ""}


def _tc_value(value: str) -> str:
    return _TC_ESCAPE.sub(
        lambda m: chr(int(m.group(1)[2:], 16)) if len(m.group(1)) > 1 else _TC_CHAR.get(m.group(1), m.group(1)), value
    )


def teamcity_message(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """A TeamCity service message that reports a problem: `##teamcity[buildProblem description='x']` (the build's
    problem), `##teamcity[message text='x' status='ERROR']` (`FAILURE` too; `WARNING` a warning) and
    `##teamcity[testFailed name='t' message='x' details='...']` (the test's failure, its details the stack); the
    message is the attribute's first line, unescaped. Other service messages are no records."""
    attrs = {key: _tc_value(value) for key, value in _TC_ATTR.findall(m.group("attrs"))}
    kind = m.group("kind")
    if kind == "testFailed":
        test = attrs.get("name", "")
        text = attrs.get("message", "").strip() or f"{test} failed"
        return LineMatch(text.splitlines()[0], "teamcity", "test", test_id=test, details=attrs.get("details", ""))
    if kind == "buildProblem":
        text = attrs.get("description", "").strip()
        return LineMatch(text.splitlines()[0], "teamcity", "", before=3, after=2) if text else None
    status = attrs.get("status", "NORMAL").upper()
    text = attrs.get("text", "").strip()
    if status not in ("ERROR", "FAILURE", "WARNING") or not text:
        return None
    severity = Severity.WARNING if status == "WARNING" else Severity.ERROR
    role = Role.SYMPTOM if severity is Severity.WARNING else Role.CAUSE
    return LineMatch(text.splitlines()[0], "teamcity", "", role, severity, details=attrs.get("errorDetails", ""))


def circleci_upload(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The CircleCI CLI's test-results upload finding nothing after a failed step: a warning."""
    return LineMatch(m.string.strip(), "circleci", "", Role.SYMPTOM, Severity.WARNING, before=0, after=1)


def gitlab_step_timeout(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The step GitLab's time limit stopped: the job's failure, a timeout, named by its step."""
    message = f"{m.group('step')} could not run to completion because the timeout was exceeded"
    return LineMatch(message, "gitlab", "timeout", before=2, after=1)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    (
        "[error] ",
        r"^\[ERROR\] (?:Unknown lifecycle phase \"[^\"]*\"|No goals have been specified for this build\b"
        r"|The goal you specified requires a project to execute but there is no POM\b).*$",
        cause("maven", "configuration"),
    ),
    ("configure: error:", r"^(?:checking [^.]*(?:\.(?!\.\.)[^.]*)*\.\.\. )?configure: error: (?P<msg>\S.*)$", autoconf),
    ("post condition", r"^Error when executing \w+ post condition:?$", symptom("jenkins")),
    ("went offline during the build", r"^(?:Slave|Agent) went offline during the build\.?$", jenkins_agent),
    ("connection was broken", r"^ERROR: Connection was broken: \S.*$", jenkins_agent),
    ("fatal: ", r"^FATAL: \S.*$", jenkins_fatal),
    ("no test report files", r"^No test report files were found\. Configuration error\?$", symptom("jenkins", "test")),
    ("build ", r'^\S+ failed "build [^"]+" at .+$', symptom("obs", "exit_code")),
    ("exception: [error(", r"^EXCEPTION: \[Error\('Command failed: .*\)\]$", symptom("mock", "exit_code")),
    ("subprocess returned exit status", r"^dpkg-buildpackage: error: .+ returned exit status \d+$", symptom("dpkg")),
    ("build failure (", r"^E: Build failure \(dpkg-buildpackage died\)$", symptom("sbuild", "exit_code")),
    ("no workers satisfying", r"^no workers satisfying: .+$", cause("concourse")),
    ("errored", r"^Build '[^']+' errored(?: after [^:]+)?: (?P<msg>\S.*)$", packer_errored),
    (
        "some builds didn't complete",
        r"^==> Some builds didn't complete successfully and had errors:$",
        symptom("packer", "exit_code"),
    ),
    ("did not execute successfully", r"^command did not execute successfully: .+$", symptom("rust", "exit_code")),
    ("failed to run:", r"^failed to run: \S.*$", symptom("rust", "exit_code")),
    ("failed after", r"^(?:The )?[Cc]ommand (?:has )?failed after \d+ attempts\.?$", symptom("retry", "exit_code")),
    (": line ", _SCRIPT_LINE, script_line),
    ("no package '", r"^No package '[^']+' found$", package_manager("pkg-config", before=2)),
    (
        "pkg-config search path",
        r"^Package \S+ was not found in the pkg-config search path\.?$",
        package_manager("pkg-config", before=2),
    ),
    (
        "no makefile found",
        r"^g?make(?:\[\d+\])?: \*\*\* No targets specified and no makefile found\.",
        cause("make", "configuration"),
    ),
    # automake's GNUmakefile in a source tree that was never configured (`make: *** [abort-due-to-no-makefile]`
    # follows it)
    ("seems to be no makefile", r"^There seems to be no Makefile in this directory\.$", cause("make", "configuration")),
    (
        "no rule to make target",
        r"^g?make(?:\[\d+\])?: \*\*\* No rule to make target [`'][^']+'(?:, needed by [`'][^']+')?\.\s+Stop\.$",
        cause("make", "configuration"),
    ),
    (
        "unexpected end of file",
        r"^(?:gzip|zstd|xz|bzip2|lz4|unzip): .*(?:unexpected end of file|not in gzip format|truncated)",
        cause("archive"),
    ),
    ("exited with status", r"^Process exited with status (?P<code>\d+)$", exit_code),
    (
        "fail",
        r"^\s*\d+/\d+ (?P<test>\S.*?)\s+(?:FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)\s+[\d.]+ ?s(?:\s+.*)?$",
        meson_test,
    ),
    ("generate step failed", r"^CMake Generate step failed\.", symptom("cmake", "configuration")),
    ("failed to load command", r"^bundler: failed to load command: \S+", symptom("bundler")),
    ("while executing gem", r"^ERROR: +While executing gem \.\.\. \((?P<exc>[\w:]+)\)$", rubygems),
    ("invalid workflow file", r"^Invalid workflow file: (?P<path>[^\s#]+)(?:#L(?P<line>\d+))?\s*$", workflow_file),
    # GitLab Runner's notice that the job's time limit stopped the running step (`step_script`, `after_script`):
    # the timeout of that step; its `ERROR: Job failed: execution took longer than 1h0m0s seconds` follows
    (
        "could not run to completion",
        r"^(?:WARNING: )?(?P<step>[\w-]+) could not run to completion because the timeout was exceeded\b.*$",
        gitlab_step_timeout,
    ),
    # AWS CodeBuild's phase verdicts (`Success: false` before 2019); Google Cloud Build's through gcloud (`ERROR:
    # (gcloud.builds.submit) build <id> completed with status "FAILURE"`); Codefresh's on a step (`[SYSTEM] Error:
    # Failed to run git-clone step: ...`) and on its command (`Command [git checkout $REVISION] exited with code
    # [1]`); Argo's on a workflow (`Status:              Failed`): symptoms of the step's own error above them
    (
        "phase complete: ",
        r"^Phase complete: [A-Z_]+ (?:State|Success): (?P<status>FAILED|FAULT|TIMED_OUT|STOPPED|false)$",
        codebuild_phase,
    ),
    ("phase context status code: ", r"^Phase context status code: (?P<status>[A-Z_]+) Message: \S.*$", codebuild_phase),
    # ... and its artifact upload not finding a file the buildspec names (a failed phase never wrote it)
    ("skipping invalid file path", r"^Skipping invalid file path \S.*$", symptom("codebuild", "exit_code")),
    (
        "completed with status",
        r'^ERROR: \(gcloud\.[\w.-]+\) build \S+ completed with status "(?!SUCCESS)[A-Z_]+"$',
        symptom("gcloud", "exit_code"),
    ),
    ("[system] error: failed to run ", r"^\[SYSTEM\] Error: Failed to run .+$", symptom("codefresh", "exit_code")),
    ("] exited with code [", r"^Command \[.+\] exited with code \[(?P<code>-?\d+)\]$", exit_code),
    ("status:", r"^Status:\s+(?:Failed|Error)$", symptom("argo", "exit_code")),
    ("##teamcity[", r"^##teamcity\[(?P<kind>buildProblem|message|testFailed)\s(?P<attrs>.*)\]\s*$", teamcity_message),
    # PowerShell's CommandNotFoundException (an Azure Pipelines or AppVeyor PowerShell step): `Name : The term 'Name'
    # is not recognized as the name of a cmdlet, function, script file, or operable program.` (wrapped to the
    # console's width; `At script.ps1:4 char:1` and `+ FullyQualifiedErrorId : CommandNotFoundException` follow)
    (
        "is not recognized as the name of a",
        r"^(?:\S+ : )?The term '[^']+' is not recognized as the name of a cmdlet\b.*$",
        cause("powershell", "configuration"),
    ),
    # ... and its ItemNotFoundException (`Get-Content : Cannot find path 'D:\\a\\x.json' because it does not exist.`)
    (
        "because it does not exist",
        r"^(?:\S+ : )?Cannot find path '[^']+' because it does not exist\.$",
        cause("powershell", "configuration"),
    ),
    # Bamboo's verdicts on a task (`Failing task since return code of [/bin/sh x.sh] was 1 while expected 0`, the
    # JUnit parser task finding no reports after the build failed, `Finished task 'Tests' with result: Failed`) and
    # GNU time's on the command it timed (`Command exited with non-zero status 1`): symptoms
    ("failing task since return code", r"^Failing task since return code of \[.+\] was (?P<code>-?\d+)\b", exit_code),
    (
        "failing task since test cases",
        r"^Failing task since test cases were expected but none were found\.?$",
        symptom("bamboo", "exit_code"),
    ),
    ("with result: failed", r"^Finished task '.+' with result: Failed$", symptom("bamboo", "exit_code")),
    ("exited with non-zero status", r"^Command exited with non-zero status (?P<code>\d+)$", exit_code),
    # the CircleCI CLI's local runner (`circleci local execute`) on a step whose command failed above
    ("runner failed (exited with", r"^Error: runner failed \(exited with \d+\)$", symptom("circleci", "exit_code")),
    ("task failed", r"^Error: task failed$", symptom("circleci", "exit_code")),
    # ... and its test-results upload after a failed step that wrote none (`store_test_results`: `Error: Unable to
    # save test results from <dir>`, `Error stat <dir>: no such file or directory`): warnings
    (
        "test results",
        r"^Error: (?:Unable to save test results from \S+|Found no path with test results, skipping)$",
        circleci_upload,
    ),
    ("error stat ", r"^Error stat \S+: no such file or directory$", circleci_upload),
    # AppVeyor's build phase in its default MSBuild mode on a repository without a project or solution file
    (
        "solution files were found",
        r"^The build phase is set to \"MSBuild\" mode \(default\), but no Visual Studio project or solution files"
        r" were found\b.*$",
        cause("appveyor", "configuration"),
    ),
)
