"""Package managers, build systems and deployment tools whose errors have no `error:` of their own.

Formats (each tool's documented or default text output): pnpm's `ERR_PNPM_<CODE>  message`; Yarn Berry's
`➤ YN0001: │ Error: ...` report lines (its error codes, Yarn's documentation "Error Codes"); Yarn 1's `error <Message>`;
the go command's module errors (`cannot find module providing package`, `missing go.sum entry`); kubectl's
`Error from server (NotFound): ...`; Bazel's test summary `//pkg:test  FAILED in 0.3s`, an attempt it retried
(`FAIL: //t (see .../test_attempts/attempt_1.log)`, a warning) and its build verdict;
lintrunner's `>>> Lint for path:` block; Docker Compose v2's `dependency failed to start` and `service "x"
didn't complete successfully`; Julia's Test (`Test Failed at file.jl:232` with its `Expression:` and
`Evaluated:` lines) and a test process killed by a signal (`ProcessSignaled(6)`); xcodebuild's `The following build
commands failed:` list (the failed build step, e.g. `CodeSign .../App.app` or `CompileSwift normal arm64 x.swift`);
Gradle's numbered failures (`FAILURE: Build completed with 2 failures.`, then `1: Task failed with an exception.`
and its `* What went wrong:` block, one failure each); a CI system that could not start the machine (Cirrus CI's
`Failed to start an instance: ...`); an OCI registry's JSON error object (`"code": "TOOMANYREQUESTS"`, then its
`"message"`), as Jib prints the response body.
cargo-nextest's per-test status lines (`FAIL [ 0.007s] crate::binary test_name`, also `TIMEOUT [...]`);
AWS CodeBuild's `Command did not exit successfully <command> exit status N` (a symptom naming the command; a
multi-line command's status is on its last line);
uv's resolver (`× No solution found when resolving dependencies` and its first `Because ...` line) and conda's
`ResolvePackageNotFound:` with the `  - package` list under it, `PackagesNotFoundError: ...`; pip's note on
conflicts among the packages already installed (`ERROR: pip's dependency resolver does not currently take into
account ...`), printed after an install that succeeded: a warning.
(Kotlin's `e:` lines and
`dotnet test` failures are in table.py/native.py.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from classifier.extract.runners.base import Builder, LineMatch, cause, loc, symptom
from classifier.extract.runners.jvm import gradle_failure
from classifier.model import Role, Severity

_PNPM_SYMPTOM = re.compile(r"RUN_FIRST_FAIL|EXEC_FIRST_FAIL|LIFECYCLE|RECURSIVE_FAIL")
_PNPM_DEPENDENCY = re.compile(r"FETCH|MATCHING|LOCKFILE|PEER|NOT_FOUND|NO_VERSIONS|TARBALL|REGISTRY|RESOLUTION|404")


def pnpm(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`ERR_PNPM_NO_MATCHING_VERSION  No matching version found for foo@^9`: a script's failure is a symptom."""
    code = f"ERR_PNPM_{m.group('code')}"
    if _PNPM_SYMPTOM.search(code):
        return LineMatch(m.string.strip(), "pnpm", "exit_code", Role.SYMPTOM, code=code, before=6, after=2)
    hint = "dependency" if _PNPM_DEPENDENCY.search(code) else ""
    return LineMatch(m.group("msg").strip(), "pnpm", hint, code=code, before=2, after=4)


_YARN_HINTS = {"0001": "", "0009": "dependency", "0018": "dependency", "0028": "dependency", "0035": "dependency"}


def yarn_berry(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """Yarn 2+ `➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.`"""
    code = m.group("code")
    return LineMatch(m.group("msg").strip(), "yarn", _YARN_HINTS[code], code=f"YN{code}", before=2, after=4)


# (not the lockfile diff it prints under YN0028: `│ -  resolution: ...`, `│ +  checksum: ...`); before the exit-code
# matchers: `YN0009: │ x@npm:1.0 couldn't be built successfully (exit code 1, logs can be found here: ...)`
YARN_BERRY = ("yn00", r"^➤ YN(?P<code>0001|0009|0018|0028|0035): (?:│ )?(?![-+]|│)(?P<msg>\S.*)$", yarn_berry)


def kubectl(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`Error from server (Forbidden): ...`: the API server's reason names the kind of failure."""
    reason = m.group("reason") or ""
    hint = "permission" if reason in ("Forbidden", "Unauthorized") else ""
    return LineMatch(m.string.strip(), "kubectl", hint, code=reason, before=2, after=4)


def bazel_test(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`//pkg:my_test   FAILED in 0.3s` (also TIMEOUT, NO STATUS, FLAKY: a flaky pass is a warning, `//pkg:t FLAKY,
    failed in 1 out of 2 in 75.0s`)."""
    status = m.group("status")
    if status == "FLAKY":
        return LineMatch(m.string.strip(), "bazel", "flaky", severity=Severity.WARNING, test_id=m.group("test"))
    hint = "timeout" if status == "TIMEOUT" else "test"
    return LineMatch(m.string.strip(), "bazel", hint, test_id=m.group("test"), before=0, after=3)


def bazel_attempt(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`FAIL: //pkg:t (see .../test_attempts/attempt_1.log)`: an attempt that Bazel ran again, a warning."""
    return LineMatch(m.string.strip(), "bazel", "flaky", severity=Severity.WARNING, test_id=m.group("test"))


_LINTRUNNER_FINDING = re.compile(r"^\s+(?P<sev>Error|Warning|Advice|Disabled) \((?P<linter>[\w-]+)\) (?P<code>\S+)\s*$")


def lintrunner(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`>>> Lint for path.py:` then `  Error (FLAKE8) E501` and the message on the next line."""
    finding = next((hit for hit in map(_LINTRUNNER_FINDING.match, following[:3]) if hit), None)
    if finding is None:
        return None
    index = following.index(finding.string)
    message = next((text.strip() for text in following[index + 1 : index + 3] if text.strip()), finding.string)
    severity = Severity.ERROR if finding.group("sev") == "Error" else Severity.WARNING
    code = f"{finding.group('linter')}/{finding.group('code')}"
    location = loc(m.group("file"), None, None)
    return LineMatch(message, "lintrunner", "lint", severity=severity, code=code, location=location, after=8)


_JULIA_DETAIL = re.compile(r"^\s*(?:Expression|Evaluated): \S")


def julia_test(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`Test Failed at file.jl:232`: the message names the expression and what it evaluated to (Julia's Test); the
    test set's name before it (`name: Test Failed at`, Julia 1.x) or on the `Error in testset name:` line above it
    (in_block: julia_testset) is its test id, so a test set's failed checks are one failure."""
    detail = [line.strip() for line in following[:3] if _JULIA_DETAIL.match(line)]
    head = m.group(0).strip()[len(m.group("set")) + 2 :] if m.group("set") else m.group(0).strip()
    message = head + (f": {'; '.join(detail)}" if detail else "")
    return LineMatch(
        message, "julia", "test", test_id=m.group("set") or "", location=loc(m.group("file"), m.group("line")), after=3
    )


_JULIA_SET = re.compile(r"^Error in testset (?P<set>.+?):\s*$")


def julia_testset(match: LineMatch, before: Sequence[str]) -> LineMatch:
    """A Julia test failure named by the `Error in testset name:` line just above it."""
    found = _JULIA_SET.match(before[-1].strip()) if before else None
    return replace(match, test_id=found.group("set")) if found else match


_XCODE_STEP = re.compile(r"^\s*(?:▸\s*)?(?P<step>[A-Z]\w+ \S.*?)\s*(?:\(in target .*)?$")


def xcode_failed_commands(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`The following build commands failed:` then one indented build step per line: the first one is the
    failure (its action names what failed: CodeSign, CompileSwift, Ld, PhaseScriptExecution)."""
    step = next((hit for hit in map(_XCODE_STEP.match, following[:3]) if hit), None)
    if step is None:
        return None
    return LineMatch(f"The following build commands failed: {step.group('step')}", "xcodebuild", "", before=4, after=3)


def banner_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """A tool's error banner (the Serverless Framework's `  Serverless Error ------`): a marker, its message
    is the line printed under it (lookback.py reads it as the cause)."""
    return LineMatch(m.string.strip(" -"), m.group("tool").lower(), "", Role.SYMPTOM, before=1, after=4)


def nextest(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`FAIL [   0.007s] crate::binary test_name`: the test id is the test's path inside its binary."""
    hint = "timeout" if m.group("status") == "TIMEOUT" else "test"
    return LineMatch(m.string.strip(), "cargo", hint, test_id=m.group("test"), before=0, after=3)


_BECAUSE = re.compile(r"^\s*(?:╰─▶\s*|`-> )?(?P<why>Because .+)$")


def uv_resolution(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`× No solution found when resolving dependencies:` then `╰─▶ Because x depends on y...`: the reason
    names the packages (a split's marker line may come first)."""
    why = next((hit.group("why") for hit in map(_BECAUSE.match, following[:4]) if hit), "")
    message = m.group("msg").strip() + (f" {why.strip()}" if why else "")
    return LineMatch(message, "uv", "dependency", before=2, after=6)


def conda_missing(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """`ResolvePackageNotFound:` and the packages under it, one `  - name` line each (other lines skipped)."""
    names = [line.strip()[2:].strip() for line in following[:8] if line.strip().startswith("- ")][:3]
    message = "ResolvePackageNotFound: " + ", ".join(names) if names else m.string.strip()
    return LineMatch(message, "conda", "dependency", before=2, after=4)


_GO_MODULE = (
    r"cannot find module providing package|no required module provides package|missing go\.sum entry"
    r"|unknown revision|invalid version: |verifying \S+: checksum mismatch"
)
# An OCI registry's JSON error (distribution spec, "Error Codes"): `"code": "TOOMANYREQUESTS",`, then `"message"`
_REGISTRY_CODES = (
    "BLOB_UNKNOWN|BLOB_UPLOAD_INVALID|BLOB_UPLOAD_UNKNOWN|DIGEST_INVALID|MANIFEST_BLOB_UNKNOWN|MANIFEST_INVALID"
    "|MANIFEST_UNKNOWN|NAME_INVALID|NAME_UNKNOWN|SIZE_INVALID|UNAUTHORIZED|DENIED|UNSUPPORTED|TOOMANYREQUESTS"
)
_JSON_MESSAGE = re.compile(r'^(?:\[ERROR\]\s*)?\s*"message":\s*"(?P<msg>(?:[^"\\]|\\.)*)"')
_REGISTRY_HINTS = {"TOOMANYREQUESTS": "rate_limit", "UNAUTHORIZED": "permission", "DENIED": "permission"}


def registry_error(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """A registry's error object (Jib and other clients print the response body after `GET <url>`): the code and
    the message below it are the error; the request line above it says only which request it was."""
    found = next((_JSON_MESSAGE.match(line) for line in following[:2] if _JSON_MESSAGE.match(line)), None)
    if found is None:
        return None
    code = m.group("code")
    hint = _REGISTRY_HINTS.get(code, "dependency" if code in ("MANIFEST_UNKNOWN", "NAME_UNKNOWN") else "")
    return LineMatch(f"{code}: {found.group('msg')}", "registry", hint, code=code, before=3, after=3)


# One finding of a tool's JSON report printed to the log (Apple's notarytool log: `"issues": [{"severity": "error",
# "code": null, "path": "...", "message": "..."}]`): the severity key, then the finding's message within its object
_JSON_CLOSE = re.compile(r"^\s*[}\]]")
JSON_FINDING_LINES = 8  # keys of one finding read after its severity


def json_finding(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """`"severity": "error",`: the message of the same object below it is the error (the object ends at `}`); the
    record spans the lines up to the message, so the message line is not matched again on its own."""
    for index, line in enumerate(following[:JSON_FINDING_LINES]):
        if _JSON_CLOSE.match(line):
            return None
        found = _JSON_MESSAGE.match(line)
        if found:
            return LineMatch(found.group("msg"), "json", before=1, after=index + 3, span=index + 1)
    return None


def ci_machine(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`⚠️ Failed to start an instance: ...`: the job never ran; its message without the sign before it."""
    return LineMatch(m.group("msg").strip(), "ci", before=1, after=12)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("err_pnpm_", r"^\s*ERR_PNPM_(?P<code>[A-Z0-9_]+)\s+(?P<msg>\S.*)$", pnpm),
    # Yarn 1 on what it found: `error Found incompatible module.` after the package's own `error x@1.0: ...` line
    ("error found incompatible", r"^error Found incompatible modules?\.?$", symptom("yarn", "dependency")),
    ("error ", r"^error (?!Command failed)[A-Z][a-z].+$", cause("yarn", "")),
    # Yarn 1 on one package or download: `error pkg@1.2.0: The engine "node" is incompatible with this module.`,
    # `error https://registry.example.org/x/-/x-1.0.tgz: Integrity check failed for "x" (...)`
    ("error ", r"^error (?:@?[\w.-]+(?:/[\w.-]+)?@[\w.^~<>=*-]+|https?://\S+): \S.+$", cause("yarn", "dependency")),
    *(
        (needle, rf"^\s*(?:go: )?\S.*(?:{_GO_MODULE}).*$", cause("go", "dependency"))
        for needle in (
            "cannot find module providing",
            "no required module provides",
            "missing go.sum",
            "unknown revision",
            "invalid version: ",
            "checksum mismatch",
        )
    ),
    *(
        (needle, r"^(?P<status>FAIL|TIMEOUT) \[\s*[\d.]+s\] \S+ (?P<test>\S+)$", nextest)
        for needle in ("fail [", "timeout [")
    ),
    (
        "did not exit successfully",
        r"^Command did not exit successfully \S.*$",  # a multi-line command's first line only: its status below
        symptom("codebuild", "exit_code"),
    ),
    (
        "no solution found when resolving",
        r"^\s*(?:[×x] )?(?P<msg>No solution found when resolving (?:build )?dependencies\b.*)$",
        uv_resolution,
    ),
    (
        "dependency resolver does not currently",
        r"^ERROR: pip's dependency resolver does not currently take into account\b.*$",
        lambda m, _: LineMatch(m.string.strip(), "pip", "dependency", severity=Severity.WARNING, after=4),
    ),
    ("resolvepackagenotfound", r"^ResolvePackageNotFound:\s*$", conda_missing),
    ("packagesnotfounderror", r"^PackagesNotFoundError: .+$", cause("conda", "dependency")),
    ("error from server", r"^Error from server(?: \((?P<reason>\w+)\))?: .+$", kubectl),
    (
        "//",
        r"^(?P<test>//[\w/.+-]*:[\w/.+-]+)\s+(?P<status>FAILED|TIMEOUT|FLAKY|NO STATUS|INCOMPLETE)\b"
        r"(?:,? (?:failed )?in .+)?$",
        bazel_test,
    ),
    # an attempt Bazel retried (`--flaky_test_attempts`, `flaky = True`): it keeps only the last attempt's log as
    # `test.log` and moves the earlier ones to `test_attempts/`; the last attempt's line and the summary decide
    ("fail: //", r"^FAIL: (?P<test>//\S+) \(see \S+/test_attempts/attempt_\d+\.log\)$", bazel_attempt),
    ("build did not complete", r"^FAILED: Build did NOT complete successfully.*$", symptom("bazel", "exit_code")),
    # ninja's failed edge, `FAILED: out.o` (or `FAILED: [code=1] out.o`): its command and output follow
    ("failed: ", r"^FAILED: (?:\[code=\d+\] )?(?!Build did NOT)\S.*$", symptom("ninja")),
    (">>> lint for", r"^>>> Lint for (?P<file>\S+?):$", lintrunner),
    ("test failed at ", r"^(?:(?P<set>\S.*?): )?Test Failed at (?P<file>\S+?):(?P<line>\d+)\s*$", julia_test),
    ("error -----", r"^\s*(?P<tool>[A-Z][\w.]*) Error -{10,}\s*$", banner_error),
    ("following build commands", r"^\s*(?:▸\s*)?The following build commands failed:\s*$", xcode_failed_commands),
    ("processsignaled(", r"^.*\bProcessSignaled\((?P<code>\d+)\).*$", cause("julia", "crash")),
    # Gradle's `FAILURE: Build completed with N failures.`, then one `N: Task failed with an exception.` block each
    ("build completed with", r"^FAILURE: Build completed with \d+ failures\.?$", symptom("gradle")),
    ("task failed with an exception", r"^\d+: Task failed with an exception\.?$", gradle_failure),
    ('"code"', rf'^(?:\[ERROR\]\s*)?\s*"code":\s*"(?P<code>{_REGISTRY_CODES})",?\s*$', registry_error),
    ('"severity"', r'^\s*"severity":\s*"(?i:error|fatal|critical)",?\s*$', json_finding),
    # a CI system that could not start the job's machine (Cirrus CI prints it after a warning sign)
    *(
        (
            needle,
            rf"^(?:\W{{1,3}}\s*)?(?P<msg>(?i:{needle}(?:an? |the )?(?:instance|vm|virtual machine|machine))\b.*)$",
            ci_machine,
        )
        for needle in ("failed to start ", "failed to create ", "failed to provision ", "failed to launch ")
    ),
    (
        "dependency failed to start",
        r"^(?:Error response from daemon: )?dependency failed to start: .+$",
        cause("compose"),
    ),
    (
        "didn't complete successfully",
        r"^service \"[^\"]+\" didn't complete successfully: exit \d+$",
        symptom("compose", "exit_code"),
    ),
)
