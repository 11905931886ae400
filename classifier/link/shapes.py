"""What a record is to its job's failure: the cause, a wrapper around it, or a symptom of it.

Symptoms report that something failed (`Process completed with exit code 1`, `BUILD FAILURE`,
`FAILED (errors=6)`, `3 failed, 10 passed`, `The command "make" exited with 1`, `npm ERR! errno 1`);
wrappers name a step or a caller that failed because of something else (`Failed to execute goal`,
`failed to solve`, `Execution failed for task`, `make: ***`, `Command failed`, an exception that names
its cause in parentheses or says nothing but a status code, Maven's `The build could not read 1 project`,
Ant's `The following error occurred while executing this line`). A goal failure whose own message names
an exception, a file position or the plugin's crash is a cause, and so is a line ending in an exit status
after its own chain of wrapped errors (kind's `failed to create cluster: ...: exit status 137`). Both
attach to a cause and are failures of their own only when the job shows nothing else. The patterns are
tool output formats documented by each tool (Maven, Gradle, sbt, BuildKit, AppVeyor, the Buildkite agent,
pytest, unittest, npm, make, Travis, GitHub Actions, GitLab, Jenkins, XCTest, prove, testthat, mocha,
rspec, minitest, PHPUnit, CTest, dotnet test, cargo test, cargo-nextest, Julia Test, Nix, pre-commit,
travis_retry, SwiftLint, CocoaPods, Karma, rebar3, ExUnit, Helm, Hugo, Zig, Kotlin, Perl, Dart, Dialyzer,
Flutter, hspec, Gentoo's ebuild phases).
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from classifier.alternation import Alternation
from classifier.model import ErrorRecord, Role


class Shape(StrEnum):
    CAUSE = "cause"
    WRAPPER = "wrapper"
    SYMPTOM = "symptom"


_SYMPTOM = re.compile(
    r"(?i)process completed with exit code \d+"
    r"|\bBUILD FAIL(?:URE|ED)\b"
    r"|^FAILED \((?:failures|errors|skipped|expected failures)=[^)]*\)$"
    r"|^=*\s*(?:\d+ (?:failed|passed|errors?|skipped|deselected|xfailed|xpassed|warnings?)(?:, )?)+"
    r"(?: in [\d.]+\s*s\b.*)?=*$"
    r"|^the command \".*\" (?:exited|failed) with \d+"
    r"|^done\. your build exited with \d+"
    r"|^npm ERR! (?:errno|code ELIFECYCLE|code 1\b|Exit status|Failed at the|A complete log|This is probably not"
    r"|not ok code \d+$|Test failed\.\s+See above)"  # npm 1-2's verdicts on a failed `npm test`
    r"|^error Command failed with exit code \d+"
    r"|\bexited with code '\d+'\.?$"  # Azure Pipelines: `Bash exited with code '1'.`
    r"|^Command exited with code -?\d+$|^user command error: exit status \d+$"  # AppVeyor, the Buildkite agent
    r"|^exitcode '\d+': failure$"  # nektos/act's verdict on a step
    r"|^ERROR: Job failed\b|^Finished: (?:FAILURE|UNSTABLE|ABORTED)"
    r"|^(?:script returned exit code|Build step '.*' marked build as failure)"
    r"|^FATAL: command execution failed$|^hudson\.AbortException: "  # Jenkins: a build step that failed
    r"|^Tests run: \d+, Failures: \d+, Errors: \d+"
    r"|^Tests?:\s+\d+ failed\b|^Test Suites:\s+\d+ failed\b"
    r"|^test result: FAILED\b|^FAIL\s*$|^FAIL\s+\S+\s+[\d.]+s$"
    r"|^There (?:are|were) test failures\b|^Tests? failed\b(?! at \S+:\d)|^\*\* (?:TEST|BUILD) FAILED \*\*"
    r"|^A task was canceled\.?$|^Total time: \d+ s, completed "  # sbt's last line of a command that failed
    r"|^_{3,} summary _{3,}$|^ERROR:\s+\S+: commands failed$"  # tox's summary of its failed environments
    r"|^!{3,} (?:stopping after \d+ failures?|Interrupted: \d+ errors? during collection) !{3,}$"
    # test-run summaries of XCTest, prove, R testthat, mocha, rspec, minitest, PHPUnit, CTest, dotnet, cargo
    r"|^Executed \d+ tests?, with [1-9]\d* failures?|^Result: FAIL$|\*\* (?:TEST|BUILD)(?: EXECUTE)? FAILED \*\*"
    r"|^Error: testthat unit tests failed|^Failed \d+ tests?\b|^\d+ failing$|^\d+ examples?, [1-9]\d* failures?"
    r"|^\d+ runs, \d+ assertions, [1-9]\d* failures|^FAILURES!$|^Tests: \d+, Assertions: \d+, (?:Failures|Errors)"
    r"|^\d+% tests passed, \d+ tests? failed out of \d+|^The following tests FAILED:$|^Test Run Failed\.$"
    r"|^Failed!\s+-\s+Failed:\s+\d+|^error: test failed, to rerun pass|^error: test run failed$|^npm ERR! Test failed\."
    r"|^-- Configuring incomplete, errors occurred!$|^TEST FAILURE$"
    r"|^rspec \S+:\d+ # "  # RSpec's `Failed examples:` recap: the command that reruns a failure shown above
    r"|^FATAL: all hosts have already failed\b|^NO MORE HOSTS LEFT\b|^ERROR: No files to upload\b"
    r"|^error: could not compile `[^`]+`(?: due to \d+ previous errors?)?"
    r"|^\d+ errors? (?:generated|found)\b|^Found \d+ errors?\b|^Aborting due to \d+ previous errors?"
    r"|^fatal error: too many errors emitted, stopping now\b"  # clang's stop after -ferror-limit: errors above
    # Julia's Test and Pkg, Inno Setup's compiler: the failed tests and errors are printed above
    r"|^ERROR: (?:LoadError: )?Test run finished with errors$|^ERROR: A test has failed\b|^ERROR: \S+ had test errors$"
    r"|^Compile aborted\.$"
    r"|^Error: [\w .-]+ action failed \(\d+\)!?$"  # a GitHub action that ran a tool: its exit status
    # travis_retry's notices (the attempt's own errors are above), SwiftLint's, CocoaPods' and Karma's recaps
    r"|^the command \".*\" failed(?: \d+ times|\. retrying, \d+ of \d+)\.?$"
    r"|^Done linting! Found \d+ violations?, \d+ serious in \d+ files?\.?$"
    r"|\bdid not pass validation, due to \d+ errors?\b|^TOTAL: \d+ FAILED, \d+ SUCCESS$"
    # run summaries whose failures are printed above: vscode-test/mocha, rebar3, ExUnit, xcodebuild's recap count,
    # Helm's lint, Hugo's site build, Zig's build runner
    r"|^\d+ tests? failed\.?$|^(?:===> )?Error running tests$|^(?:\d+ doctests?, )?\d+ tests?, [1-9]\d* failures?$"
    r"|^\(\d+ failures?\)$|^(?:Error: )?\d+ chart\(s\) linted, [1-9]\d* chart\(s\) failed$"
    r"|^(?:Error: )?Error building site: logged \d+ error\(s\)$|^Build Summary: \d+/\d+ steps succeeded; \d+ failed\b"
    r"|^error: the following build command failed with exit code \d+:?$"
    r"|^E: Unable to fetch some archives\b"  # apt's recap of the `E: Failed to fetch` lines above
    # pip's verdicts on a package's build, whose own output (the compiler's error) is above them
    r"|^(?:ERROR: )?Failed building wheel for \S+$|^(?:ERROR: )?Could not build wheels for \S+"
    r"|^Failed to build [\w.-]+(?: [\w.-]+)*$"
    r"|^RPM build errors:$"  # rpmbuild's recap of the errors above
    r"|^Aborted(?: \(core dumped\))?$"  # the shell's report of a SIGABRT: the fatal error printed above it
    # Kotlin's compiler, Perl's loader, Bazel's verdicts, the Dart analyzer's and Dialyzer's counts, Flutter's
    # and hspec's run results, Gradle's device tests: the errors they count are printed above them
    r"|^(?:error: )?Compilation finished with errors\.?$|^BEGIN failed--compilation aborted\b"
    r"|^(?:ERROR: |FAILED: )?Build did NOT complete successfully\b|^Target \S+ failed to build$"
    r"|^\d+ issues? found\.?$|^done \(warnings were emitted\)$|^Halting VM with exit status \d+$"
    r"|^(?:\d+:\d+ \+\d+(?: ~\d+)?(?: -\d+)?: )?Some tests failed\.?$|^Test failed\. See exception logs above\.?$"
    r"|^Test suite \S+: FAIL$|^\d+ of \d+ test suites \(\d+ of \d+ test cases\) passed\.?$"
    r"|^(?:> )?There were failing tests\b"
    r"|^\[\s*\d+ (?:tests|containers) (?:failed|aborted)\s*\]$"  # the JUnit Platform console's summary
    # the Swift driver's report of its frontend's crash (the frontend's assertion or stack dump is next to it);
    # MSBuild's MSB4181 on a task that failed without an error of its own (the tool's output tells why)
    r"|^(?:<unknown>:0: )?error: compile command failed due to signal \d+\b"
    r"|\btask returned false but did not log an error\b"
)

# A bare exit status (`exit status 1`, `exited with code 2`, turbo's `exited (2)`, Cloudflare Pages' `Exit with
# error code: 1`): a symptom unless the line says what failed first.
_EXIT_STATUS = re.compile(
    r"(?i)\bexit(?:ed)? (?:status|code):? \d+\.?$|\bexited with (?:exit )?(?:(?:code|status):? )?\d+\.?$"
    r"|\bexit(?:ed)? with error code:? \d+\.?$|\bexited \(\d+\)$"
)
# ... a chain of wrapped errors before it (Go's `failed to x: failed to y: ...: exit status 137`, kind, docker)
_OWN_DETAIL = re.compile(r"(?i)\b(?:failed|unable|cannot|could not|error)\b[^:]*: .*: .{20}")

_WRAPPER = re.compile(
    r"(?i)\bFailed to execute goal\b"
    r"|\bfailed to solve\b|\bexecutor failed running\b|did not complete successfully: exit code"
    r"|^ERROR \[[^\]]*\] RUN\b|^> \[[^\]]*\] RUN\b"
    r"|\bExecution failed for task\b|^FAILURE: Build failed with an exception"
    r"|\bCompilation failure\b|^COMPILATION ERROR\b"
    r"|^make(?:\[\d+\])?: \*\*\*|^ninja: build stopped\b|\blinker command failed\b|\bld returned \d+ exit status"
    r"|^(?:error: )?command '.*' failed\b|^Command \".*\" failed with error code|^Command failed\b"
    r"|\bCalledProcessError\b|\bInvocationError\b|^Unsuccessful task run\b|^ERROR: Exception\("
    r"|^The operation was canceled\.?$|^The runner has received a shutdown signal"
    r"|^A failure occurred while executing\b|^There was a failure while executing\b"
    r"|^Error: Command failed\b|^subprocess-exited-with-error\b|^error: subprocess-exited-with-error"
    r"|^(?:\[error\] )?\([^)]*\) Compilation failed$"
    r"|\bThe build could not read \d+ projects?\b|\bThe following error occurred while executing this line\b"
    r"|\bFailure executing javac, but could not parse the error\b"
    r"|^error: (?:legacy-install-failure|metadata-generation-failed)\b|^× Encountered error while trying to install"
    # a monorepo runner's verdict on a package's script (turbo, lerna, npm workspaces, tsup): its output is above
    r"|^ERROR: command finished with error: |^(?:ERROR\s+)?[@\w./-]+#[\w:-]+: command \(.*\) .* exited \(\d+\)$"
    r"|^ERROR\s+run failed: command\s+exited \(\d+\)$|^lerna ERR! \S+ run \S+ exited -?\d+ in '"
    r"|^Failed:\s+[@\w./-]+#[\w:-]+$"  # turbo's recap of the task that failed
    r"|^npm (?:ERR!|error) (?:Lifecycle script `[^`]+` failed with error:?|Error: command failed)$"
    r"|^Error: error occurred in dts build$|^Error: Could not execute command \S"
    # a harness's header over the output it quotes: `Error: make failed` (patchwork CI, compiletest), an
    # excerpt's label (media-autobuild_suite's `Likely error:`)
    r"|^error: (?:g?make|ninja|cmake|msbuild|meson|bazel|xcodebuild) failed\.?$|^(?:likely|possible|probable) errors?:$"
    r"|\brpc error: code = \w+ desc = |\breturned a non-zero code: \d+"
    # a Ruby script raising with the `Process::Status` of the command it ran (`command failed: pid 39070 exit 1`)
    r"|\bcommand failed: pid \d+ exit \d+\b"
    # Jenkins' git client: the command's stderr (git's own `fatal: ...`) follows on its `stderr: ` line
    r"|^(?:[\w.]+Exception: )?Command \".*\" returned status code \d+:?$"
    r"|^ERROR: Error (?:cloning|fetching) remote repo '"
    r"|^Your requirements could not be (?:resolved|solved) to an installable set of packages"
    # gradle's javac task, cargo install, Elixir's compiler, RubyGems, Google Cloud Build: the errors are above
    r"|^Compilation failed; see the compiler error output\b|^(?:> Task )?:[\w:.-]+ FAILED$|^error: failed to compile `"
    r"|\bcannot compile module \S+ \(errors have been logged\)|\bFailed to build gem native extension\b"
    r"|^ERROR: build step \d+ .* failed: step exited with non-zero status"
    r"|^error: failed to run custom build command for\b"  # cargo: the build script's own output follows
    r"|^The following build commands failed: "  # xcodebuild's recap: the compiler's or script's errors are above
    # Nix: a derivation that failed because one it depends on did (the hash mismatch or build log is above)
    r"|^(?:error: )?\d+ dependenc(?:y|ies) of derivation '[^']+' failed to build|^(?:error: )?Cannot build '/nix/store/"
    r"|^(?:error: )?builder for '/nix/store/[^']+' failed with exit code \d+"
    # pre-commit's status line of a hook: the hook's own output (the errors) follows it
    r"|^\S[^.\n]*\.{4,}(?:\([^)\n]*\))?Failed$"
    # Bazel: the loading or analysis phase stopped by an error in a BUILD/WORKSPACE file reported above
    r"|^(?:ERROR: )?Error evaluating WORKSPACE file$|^(?:ERROR: )?Analysis of target '[^']+' failed\b"
    # Jenkins: a declarative pipeline's post block whose step failed (the exception is on the next lines)
    r"|^Error when executing \w+ post condition:?$"
    # Gentoo's ebuild phase that failed because of what its commands printed above
    r"|^ERROR: \S+::\S+ failed \([\w ]+ phase\):?$"
    # a message pointing at errors printed before it (fastlane's `Error building/testing the application. See
    # the log above.`, raised as a Ruby exception after the test run's own report)
    r"|\b(?:see|read) the (?:log|output|errors?) above\b"  # React Native's `read the error above for details`
    # the Kotlin Gradle plugin's CompilationErrorException over the compiler's `e: file:line:col msg` lines
    r"|\bCompilation error\. See log for more details\b"
    # unittest's loader: a test module that did not import; the exception ending the traceback below is why
    r"|^(?:ImportError: )?Failed to import test module: "
    # a driver's verdict on the command it ran, naming it after the status (west's `FATAL ERROR: command exited
    # with status 1: cmake --build x`), or on a step naming the status in parentheses (Bazel's `ERROR: x/BUILD:23:1:
    # Linking of rule '//foo:t' failed (Exit 1)`, a test harness's `ERROR: testcase failed (exit 2): sqrt`): the
    # command's own errors are printed next to it
    r"|\bcommand exited with (?:status|code) -?\d+: \S|\bfailed:? \(exit(?: code| status)? -?\d+\)"
    # the Android Gradle plugin's resource step: AAPT's own `file:line: error: msg` lines are above
    r"|\bFailed to execute aapt\b|\bAAPT2 error: check logs for details\b"
)

# Maven's goal failure and the plugin's own message after `on project x:`; that message is the cause itself
# when it names an exception, a file position, or the plugin's crash (`Execution x of goal y failed: ...`).
_GOAL = re.compile(r"\bFailed to execute goal \S+ \([^)]*\) on project [^:\s]+: (?P<detail>.+)")
# ... unless it points at output printed elsewhere (the compiler's errors, a tool's exit code, Maven's own
# exception types that wrap a tool's report)
_ELSEWHERE = re.compile(
    r"(?i)^(?:Compilation failure|There (?:are|were) test failures)|\bexit code:? \d"
    r"|\bsee (?:the )?(?:log|report|output)|\b(?:Mojo|Maven)\w*Exception\b"
)
_OWN_CAUSE = re.compile(
    r"\b(?:[a-z_]\w*\.)*[A-Z]\w*(?:Exception|Error)\b|\bline \d+|\.\w+:\[?\d+|^Execution \S+ of goal \S+ failed\b"
)


_WRAPPER_FAST = Alternation(_WRAPPER)  # the same verdicts, found faster
_SYMPTOM_FAST = Alternation(_SYMPTOM)

# The step a bare marker names (extract/lookback.py): not part of the marker's own wording.
_STEP_SUFFIX = re.compile(r" \(step: [^\n]*\)$")

# An exception that names the one it wraps: `sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) ...`
_NAMES_INNER = re.compile(r"^[\w.]+(?:Error|Exception): \((?P<inner>[\w.]+)\) ")
# An exception whose message is only a status code (`ConcurrentUpdateError: code: -2`, Pulumi's automation API):
# it reports a child process's failure, whose own error it prints next.
_ONLY_CODE = re.compile(r"^[\w.]+(?:Error|Exception): (?:(?:exit )?code:? )?-?\d+$")


def shape_of(record: ErrorRecord) -> Shape:
    """The record's shape from the extractor's role and the message's form."""
    if len(record.message) > _MEMO_CHARS:
        return _shape.__wrapped__(record.message, record.role, record.tool_hint)
    return _shape(record.message, record.role, record.tool_hint)


_MEMO_CHARS = 1_000  # longer messages are not remembered (bounds the memo)


@functools.lru_cache(maxsize=4096)  # the same messages recur across a job's inputs and across jobs
def _shape(message: str, role: Role, tool_hint: str) -> Shape:
    text = _STEP_SUFFIX.sub("", message.strip())
    goal = _GOAL.search(text) if "Failed to execute goal " in text else None
    if goal is not None and not _ELSEWHERE.search(goal.group("detail")) and _OWN_CAUSE.search(goal.group("detail")):
        return Shape.CAUSE  # the plugin says what went wrong: `While parsing x.xml, line 63, column 1: ...`
    if _NAMES_INNER.match(text) or _ONLY_CODE.match(text) or (_WRAPPER_FAST.search(text) and tool_hint != "dependency"):
        return Shape.WRAPPER  # a step that failed to resolve a package names the package: a cause
    if role is Role.CAUSE and tool_hint == "forked_jvm":
        return Shape.CAUSE  # sbt's forked test JVM that died, worded with its exit code
    if role is Role.SYMPTOM or _SYMPTOM_FAST.search(text):
        return Shape.SYMPTOM
    exit_status = _EXIT_STATUS.search(text) if "exit" in text.lower() else None
    if exit_status is not None and not _OWN_DETAIL.search(text, 0, exit_status.start()):
        return Shape.SYMPTOM
    return Shape.CAUSE


def reads_as_marker(record: ErrorRecord) -> bool:
    """Whether the message itself is a wrapper's or a symptom's (whatever role the extractor gave it)."""
    return _shape(record.message, Role.CAUSE, record.tool_hint) is not Shape.CAUSE


def states_nothing(record: ErrorRecord) -> bool:
    """Whether the record is an exception that says nothing but a status code (its category is no evidence)."""
    return bool(_ONLY_CODE.match(_STEP_SUFFIX.sub("", record.message.strip())))


def with_step(message: str, step: str) -> str:
    """A bare marker's message naming the step it ended (its shape is unchanged)."""
    return f"{message} (step: {step})"


def inner_exception(record: ErrorRecord) -> str:
    """The short name of the exception a wrapper exception names (`OperationalError`), or ""."""
    m = _NAMES_INNER.match(record.message.strip())
    return m.group("inner").rsplit(".", 1)[-1] if m else ""


def specificity(record: ErrorRecord) -> int:
    """How much the record says about the cause: exception type, location, test id, code, package."""
    score = 0
    if record.exception_type:
        score += 2
    if record.location is not None:
        score += 2
    if record.test_id:
        score += 2
    if record.code:
        score += 1
    if record.tool_hint in ("dependency", "import", "compilation"):
        score += 1
    return score
