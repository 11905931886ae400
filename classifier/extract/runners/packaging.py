"""Lines that package builders print of a failure (entries of table.py).

Each shape from the tool's own output (origins in tests/extract/test_package_builds.py):

* rpmbuild: `error: Bad exit status from /var/tmp/rpm-tmp.X (%build)` (a symptom of the section's output
  above it; its copy in the `RPM build errors:` recap and mock's `Child return code was: 1` are warnings);
  its packaging checks are causes: `error: Installed (but unpackaged) file(s) found:` over the
  files, `error: File not found: x` / `File not found by glob:` in %files, `error: Failed build dependencies:`
  over its `\tx is needed by y` lines (a dependency error), `error: create archive failed on file x: cpio: ...`.
* dnf builddep (mock's root.log): `No matching package to install: 'x'`, one line per missing build
  dependency (one failure: the record spans the run), then `Not all dependencies satisfied` and `Error: Some
  packages could not be found.` (symptoms); dnf/yum's `Transaction Check Error:` over its problems (`installing
  package x needs 29MB on the / filesystem`: a full disk).
* mock: `mockbuild.exception.Error: Command failed. See logs for output.`, its closing `ERROR: Exception(x.src.rpm)
  Config(fedora-39-x86_64) 0 minutes 32 seconds` and `ERROR: Command failed:` over the command (symptoms of
  rpmbuild's output).
* patch: `1 out of 2 hunks FAILED -- saving rejects to file x.rej` (the file is the location; the
  `Hunk #1 FAILED at 81.` lines above it are its detail), git am's `Patch failed at 0041 subject`.
* debhelper and dpkg: `dh_install: pkg missing files: x` (a cause) and `missing files, aborting` (its
  verdict), `dh_x: error: cmd returned exit code N` and pybuild's `E: pybuild ...: plugin x failed with:`
  (symptoms of the command's output), any other `dh_x: error: msg` (a cause), `dpkg-shlibdeps: error:
  couldn't find library x needed by y` / `no dependency information found for x` (a dependency error),
  `dpkg-source: error: msg`; GNU make's old `debian/rules:29: recipe for target 'build' failed` (a warning:
  make's `*** [build] Error 2` under it says the same, or that the error was ignored).
* makepkg's `==> ERROR: A failure occurred in build().`, abuild's `>>> ERROR: pkg: all failed`, AUR helpers'
  `error: failed to build 'x':`, BitBake's `ERROR: Task (x.bb:do_compile) failed with exit code '1'`,
  `ERROR: x do_compile: oe_runmake failed`, `ERROR: Logfile of failure stored in: x`, emerge's `Jobs: 0 of 1
  complete, 1 failed` status line and Nix's `error: builder for '/nix/store/x.drv' failed`: symptoms.
* Portage's `* ERROR: cat/pkg-1.0::repo failed (prepare phase):` is read with its reason on the next line
  (`*   eapply_user (or default) must be called in src_prepare()!`): the reason is the cause, unless it
  only names the command that failed (`emake failed`), when the phase line is a symptom of its output.
* rpmlint's `pkg.noarch: E: non-executable-script /usr/lib/x.py` and lintian's `E: pkg source: source-is-missing
  x` (lint findings, their `W:` tags warnings); rpmlint's `1 packages and 0 specfiles checked; 1 errors, 4
  warnings.`, OBS's `(none): E: badness 10000 exceeds threshold 1000, aborting.` and `E: Lintian run failed
  (policy violation)`: symptoms.
* Copr's builder killing a build at its time limit (`!! Copr timeout => sending INT`, a timeout; its `Copr build
  error: Build failed` a symptom); Koji's `BuildError: error building package (arch x86_64), mock exited with
  status 1; see build.log for more information` and `BuildrootError: could not init mock buildroot, mock exited
  with status 30; see root.log ...` (also after koji watch-task's `-> FAILED: `): symptoms of mock's logs.
* Nix's stdenv: `do not know how to unpack source archive x`, `variable $src or $srcs should point to the source`;
  the daemon's `hash mismatch in fixed-output derivation 'x':` (Nix 2.4's `error: --- Error --- nix-daemon` header
  over it a warning), `builder for 'x.drv' failed to produce output path for output 'out'`; Buildroot's `Cannot
  execute cross-compiler 'x'`.
* rpmbuild's spec parser: `error: line 16: Dependency tokens must begin with alpha-numeric, '_' or '/': ...`;
  apk's `ERROR: unsatisfiable constraints:` (older `ERROR: unable to select packages:`) over its `  pkg (missing):`
  lines (one dependency record); old
  debhelper's `dh_install: pkg missing files (usr/lib/*/x.so.1), aborting`; makepkg's `==> ERROR: Makepkg was
  unable to build x.`, Homebrew's `Error: An exception occurred within a child process:` (over the exception) and
  emerge's `>>> Failed to emerge x, Log file:` recap: symptoms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, loc, symptom
from classifier.model import Role, Severity

_LIST_ITEM = re.compile(r"^\s+\S")  # rpmbuild's file and dependency lists: indented under their header
_LIST_MAX = 20  # list lines a record spans, at most


def _listed(following: Sequence[str]) -> list[str]:
    """The indented lines right under a header (rpmbuild's file list, its missing build dependencies)."""
    items: list[str] = []
    for line in following[:_LIST_MAX]:
        if not _LIST_ITEM.match(line):
            break
        items.append(line.strip())
    return items


def repeat(framework: str) -> Builder:
    """A line that repeats a failure reported above it (a recap's header or copy): a warning, never a cause."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), framework, "", Role.SYMPTOM, Severity.WARNING, before=2, after=2)

    return build


def rpm_list(hint: str) -> Builder:
    """rpmbuild's header over an indented list (`error: Failed build dependencies:` over `\tgit is needed by
    x`, `error: Installed (but unpackaged) file(s) found:` over the files): the record spans the list and its
    message names the first item."""

    def build(m: re.Match[str], following: Sequence[str]) -> LineMatch:
        items = _listed(following)
        head = m.group("head")
        message = f"{head}: {items[0]}" + (f" (and {len(items) - 1} more)" if len(items) > 1 else "") if items else head
        return LineMatch(message, "rpm", hint, before=2, after=max(len(items), 2), span=len(items))

    return build


def run_of(framework: str, hint: str, same: re.Pattern[str]) -> Builder:
    """One error a tool prints once per file (rpmbuild's `error: File not found: x`, dpkg-source's and
    dpkg-shlibdeps' `error:` lines): the run of such lines is one failure (the record spans it) named by its
    first, worded without `error: ` as in rpmbuild's `RPM build errors:` recap."""

    def build(m: re.Match[str], following: Sequence[str]) -> LineMatch:
        more = 0
        for line in following[:_LIST_MAX]:
            if not same.match(line.strip()):
                break
            more += 1
        message = m.group("msg").strip() + (f" (and {more} more)" if more else "")
        return LineMatch(message, framework, hint, before=2, after=max(more, 3), span=more)

    return build


_FILES = re.compile(r"^error: (?:File|Directory) not found(?: by glob)?: ")
_ARCHIVE = re.compile(r"^error: create archive failed on file ")
_SHLIBDEPS = re.compile(r"^dpkg-shlibdeps: error: (?:(?:couldn't|cannot) find library|no dependency information)")
_DPKG_SOURCE = re.compile(r"^dpkg-source: error: ")
_NO_MATCH = re.compile(r"^\s*[Nn]o matching package to install: '(?P<pkg>[^']+)'$")


def dnf_missing(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """dnf builddep's `No matching package to install: 'x'`, one line per missing build dependency: the run of
    them is one failure (the record spans it) named by its first package."""
    more = 0
    for line in following[:_LIST_MAX]:
        if not _NO_MATCH.match(line):
            break
        more += 1
    message = m.string.strip() + (f" (and {more} more)" if more else "")
    return LineMatch(message, "dnf", "dependency", before=2, after=max(more, 3), span=more)


_NEEDS_SPACE = re.compile(r"(?i)\bneeds \d+(?:\.\d+)?\s*[KMG]i?B(?: more space)? on the \S+ filesystem")


def transaction_check(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """dnf/yum's `Transaction Check Error:` with its problems indented below (`installing package x needs 29MB
    on the / filesystem`, `file /x conflicts between attempted installs of a and b`): the first is the message."""
    items = _listed(following)
    message = f"{m.string.strip()} {items[0]}" if items else m.string.strip()
    hint = "disk" if items and _NEEDS_SPACE.search(items[0]) else ""
    return LineMatch(message, "dnf", hint, before=2, after=max(len(items), 2), span=len(items))


def apk_unsatisfiable(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """apk's `ERROR: unsatisfiable constraints:` (apk 2's `ERROR: unable to select packages:`) over what it could
    not install (`  libzim-dev (missing):`, `  git (no such package):` and the `required by:` lines under it): the
    record spans them and its message names the first."""
    items = _listed(following)
    header = m.string.strip().removeprefix("ERROR: ").rstrip(":")
    message = f"{header}: {items[0].rstrip(':')}" if items else m.string.strip()
    return LineMatch(message, "apk", "dependency", before=2, after=max(len(items), 2), span=len(items))


def lint_tag(framework: str) -> Builder:
    """rpmlint's `pkg.arch: E: tag detail` and lintian's `E: pkg: tag detail`: an error tag is a finding (its tag
    the code), a `W:` tag a warning."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        text = m.string.strip()
        error = ": E: " in text or text.startswith("E: ")
        severity = Severity.ERROR if error else Severity.WARNING
        role = Role.CAUSE if error else Role.SYMPTOM
        return LineMatch(text, framework, "lint", role, severity, code=m.group("tag"), before=2, after=2)

    return build


def patch_rejects(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """patch's summary of the hunks it could not apply: the patched file is where it failed."""
    target = re.sub(r"\.rej$", "", m.group("file").strip())
    return LineMatch(m.string.strip(), "patch", "patch", location=loc(target, None), before=4, after=2)


_ONLY_COMMAND = re.compile(r"(?i)^(?:\w[\w-]*) failed\.?$|^\(no error message\)$")
_PORTAGE_GUTTER = re.compile(r"^\s*(?:\*|>>>)\s+")  # Portage's own lines: ` *   reason`, `>>> reason`


def portage_phase(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """Portage's failed phase with its reason on the next line: the reason is the cause (the record spans
    it), unless it only names the command that failed, when the phase line is a symptom of the output above."""
    reason, span = "", 0
    for index, line in enumerate(following[:2], 1):
        gutter = _PORTAGE_GUTTER.match(line)
        text = line[gutter.end() :].strip() if gutter is not None else ""
        if line.strip():
            reason, span = text, index if text else 0
            break
    header = m.string.strip()
    if not reason or _ONLY_COMMAND.match(reason):
        return LineMatch(header, "portage", "exit_code", Role.SYMPTOM, before=6, after=max(span, 2), span=span)
    return LineMatch(f"{reason} ({m.group('phase')} phase)", "portage", "packaging", before=2, after=3, span=span)


# lowered words of lines whose matchers read the lines below (rpmbuild's recap without `error: `, Portage's phase)
FOLLOWING = (
    " phase):",
    "no matching package to install",
    "transaction check error:",
    "dpkg-source: error:",
    "dpkg-shlibdeps: error:",
    "unsatisfiable constraints",
    "unable to select packages",
)

ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    # rpmbuild and mock
    ("bad exit status from", r"^error: Bad exit status from \S+ \(%?[\w-]+\)$", symptom("rpm", "exit_code")),
    # rpmbuild's recap of the errors above and mock's echo of the child's status: repeats, kept as warnings
    ("bad exit status from", r"^Bad exit status from \S+ \(%?[\w-]+\)$", repeat("rpm")),
    ("rpm build ", r"^RPM build (?:errors|warnings):$", repeat("rpm")),
    ("child return code was", r"^(?:DEBUG: )?Child return code was: [1-9]\d*$", repeat("mock")),
    (
        "command failed",
        r"^(?:mockbuild\.exception\.Error|EXCEPTION|ERROR): Command failed(?:\. See logs for output\.?|:)?$",
        symptom("mock", "exit_code"),
    ),
    (
        "exception(",
        r"^ERROR: Exception\(.+\) Config\(.+\)(?: \d+ minutes? \d+ seconds?)?$",
        symptom("mock", "exit_code"),
    ),
    ("(but unpackaged)", r"^error: (?P<head>Installed \(but unpackaged\) file\(s\) found):?$", rpm_list("packaging")),
    ("failed build dependencies", r"^error: (?P<head>Failed build dependencies):?$", rpm_list("dependency")),
    ("(but unpackaged)", r"^Installed \(but unpackaged\) file\(s\) found:?$", symptom("rpm")),
    (
        "not found",
        r"^error: (?P<msg>(?:File|Directory) not found(?: by glob)?: \S.*)$",
        run_of("rpm", "packaging", _FILES),
    ),
    ("create archive failed", r"^error: (?P<msg>create archive failed on file \S.*)$", run_of("rpm", "", _ARCHIVE)),
    # the same errors in rpmbuild's `RPM build errors:` recap, without `error: `
    ("not found", r"^(?:File|Directory) not found(?: by glob)?: \S.*$", symptom("rpm")),
    ("create archive failed", r"^create archive failed on file \S.*$", symptom("rpm")),
    # rpmbuild's spec parser: `error: line 16: Dependency tokens must begin with alpha-numeric, '_' or '/': ...`
    ("error: line ", r"^error: line \d+: \S.*$", cause("rpm", "packaging")),
    (
        "scriptlet failed",
        r"^error: %\w+\(.+\) scriptlet failed, (?:exit status|signal) \d+$",
        symptom("rpm", "exit_code"),
    ),
    # dnf builddep in mock's root.log: the missing build dependencies, then its verdicts
    ("no matching package to install", _NO_MATCH.pattern, dnf_missing),
    ("not all dependencies satisfied", r"^Not all dependencies satisfied$", symptom("dnf", "exit_code")),
    ("some packages could not be found", r"^Error: Some packages could not be found\.?$", symptom("dnf", "exit_code")),
    ("transaction check error", r"^Transaction Check Error:$", transaction_check),
    # apk (abuild's builddeps): the packages it could not install, listed under its verdict
    ("unsatisfiable constraints", r"^ERROR: unsatisfiable constraints:$", apk_unsatisfiable),
    ("unable to select packages", r"^ERROR: unable to select packages:$", apk_unsatisfiable),
    # patch and git am
    (
        "hunk",
        r"^\d+ out of \d+ hunks? FAILED -- saving rejects to file (?P<file>\S+)$",
        patch_rejects,
    ),
    ("patch failed at", r"^Patch failed at \d+ \S.*$", cause("git", "patch")),
    # debhelper, dpkg, pybuild, make's old recipe line
    ("missing files", r"^dh_\w+: (?:error: )?missing files, aborting$", symptom("debhelper", "exit_code")),
    ("missing files:", r"^dh_install: \S+ missing files: \S.*$", cause("debhelper", "packaging")),
    # debhelper < 9.20150101 on the same: `dh_install: pkg missing files (usr/lib/*/x.so.1), aborting`
    ("missing files (", r"^dh_install: \S+ missing files \(.+\), aborting$", cause("debhelper", "packaging")),
    ("returned exit code", r"^dh_\w+: (?:error: )?\S.* returned exit code \d+$", symptom("debhelper", "exit_code")),
    ("dh_", r"^dh_\w+: error: \S.*$", cause("debhelper", "packaging")),
    ("plugin", r"^E: pybuild pybuild:\d+: \w+: plugin \S+ failed with: .+$", symptom("pybuild", "exit_code")),
    (
        "dpkg-shlibdeps: error:",
        r"^dpkg-shlibdeps: error: (?P<msg>(?:(?:couldn't|cannot) find library \S+ needed by|no dependency information"
        r" found for) \S.*)$",
        run_of("dpkg", "dependency", _SHLIBDEPS),
    ),
    ("cannot continue", r"^dpkg-shlibdeps: error: cannot continue due to the error above$", symptom("dpkg")),
    ("dpkg-source: error:", r"^(?P<msg>dpkg-source: error: \S.*)$", run_of("dpkg", "packaging", _DPKG_SOURCE)),
    # GNU make < 4.2 before its `make: *** [x] Error 2` (or `[x] Error 2 (ignored)`): a repeat, a warning
    ("recipe for target", r"^(?:\S+:\d+: )?recipe for target '[^']+' failed$", repeat("make")),
    # makepkg, abuild, AUR helpers
    ("a failure occurred in", r"^ERROR: A failure occurred in \w+\(\)\.?$", symptom("makepkg", "exit_code")),
    ("was unable to build", r"^ERROR: Makepkg was unable to build \S+?\.?$", symptom("makepkg", "exit_code")),
    ("error: ", r"^>>> ERROR: \S+: \w+ failed$", symptom("abuild", "exit_code")),
    (
        "failed to build",
        r"^error: (?:failed to build '[^']*'|packages failed to build): ?.*$",
        symptom("makepkg", "exit_code"),
    ),
    ("deps not satisfied", r"^error: can't build \S+, deps not satisfied: .+$", symptom("makepkg", "exit_code")),
    # BitBake
    (
        "failed with exit code '",
        r"^(?:ERROR: )?Task \(.+\) failed with exit code '\d+'$",
        symptom("bitbake", "exit_code"),
    ),
    (
        "error: ",
        r"^(?:\| )?ERROR: (?:\S+ do_\w+: )?(?:oe_runmake failed|Function failed: .+|ExecutionError\(.+\))$",
        symptom("bitbake", "exit_code"),
    ),
    ("logfile of failure", r"^ERROR: Logfile of failure stored in: \S+$", symptom("bitbake")),
    ("failed:", r"^Summary: \d+ tasks? failed:?$", symptom("bitbake", "exit_code")),
    # Portage
    ("phase)", r"^ERROR: \S+::\S+ failed \((?P<phase>[\w ]+) phase\):?$", portage_phase),
    # emerge's recap of a failed package before its messages (`>>> Failed to emerge x, Log file:`): a repeat
    ("failed to emerge", r"^(?:>>> )?Failed to emerge \S+, Log file:$", repeat("portage")),
    ("complete,", r"^(?:>>> )?Jobs: \d+ of \d+ complete, .*\bfailed\b.*$", symptom("portage", "exit_code")),
    # rpmlint and lintian: an error tag is a finding, a warning tag a warning; their verdicts are symptoms
    (
        "exceeds threshold",
        r"^\(none\): E: badness \d+ exceeds threshold \d+, aborting\.?$",
        symptom("rpmlint", "exit_code"),
    ),
    (": e: ", r"^(?P<pkg>[\w.+~-]+?)(?::\d+)?: E: (?P<tag>[\w%().-]+)(?: \S.*)?$", lint_tag("rpmlint")),
    (": w: ", r"^(?P<pkg>[\w.+~-]+?)(?::\d+)?: W: (?P<tag>[\w%().-]+)(?: \S.*)?$", lint_tag("rpmlint")),
    (
        "specfiles checked;",
        r"^=*\s*\d+ packages? and \d+ spec ?files? checked; [1-9]\d* errors?, \d+ warnings?\b.*$",
        symptom("rpmlint", "exit_code"),
    ),
    ("lintian run failed", r"^E: Lintian run failed \([\w ]+\)$", symptom("lintian", "exit_code")),
    (
        "e: ",
        r"^E: (?P<pkg>[\w.+~-]+)(?: (?:source|binary|udeb|changes|buildinfo))?: (?P<tag>[a-z0-9][\w.+-]*)(?: \S.*)?$",
        lint_tag("lintian"),
    ),
    (
        "w: ",
        r"^W: (?P<pkg>[\w.+~-]+)(?: (?:source|binary|udeb|changes|buildinfo))?: (?P<tag>[a-z0-9][\w.+-]*)(?: \S.*)?$",
        lint_tag("lintian"),
    ),
    # Copr's builder and Koji's verdicts
    ("copr timeout", r"^!! Copr timeout => sending \w+$", cause("copr", "timeout")),
    ("copr build error", r"^Copr build error: Build failed$", symptom("copr", "exit_code")),
    (
        "mock exited with status",
        r"^(?:.*?FAILED: )?(?:BuildError|BuildrootError): .*\bmock exited with status \d+;"
        r" see (?:build|root)\.log\b.*$",
        symptom("koji", "exit_code"),
    ),
    # Nix's stdenv, Buildroot's toolchain check
    (
        "do not know how to unpack",
        r"^(?:> )?do not know how to unpack source archive \S+$",
        cause("nix", "packaging"),
    ),
    (
        "failed",
        r"^(?:error: )?(?:\d+ dependenc(?:y|ies) of derivation '[^']+' failed to build|build of '/nix/store/[^']+'"
        r" failed|builder for '/nix/store/[^']+' failed with exit code \d+;?)$",
        symptom("nix", "exit_code"),
    ),
    ("couldn't be built", r"^cannot build derivation '[^']+': \d+ dependencies couldn't be built$", symptom("nix")),
    # Nix 2.4's header over the error it reports (`error: --- Error --- nix-daemon`, the message on the next line)
    ("error: --- ", r"^error: --- \w+ --- [\w-]+$", repeat("nix")),
    # Homebrew's header over the exception its build process raised (`  Errno::ENOENT: ...` on the next line)
    (
        "exception occurred within a child process",
        r"^Error: An exception occurred within a child process:$",
        symptom("homebrew", "exit_code"),
    ),
    (
        "hash mismatch in fixed-output derivation",
        r"^(?:error: )?hash mismatch in fixed-output derivation '[^']+':?$",
        cause("nix", "packaging"),
    ),
    (
        "should point to the source",
        r"^(?:> )?variable \$src or \$srcs should point to the source$",
        cause("nix", "packaging"),
    ),
    (
        "failed to produce output path",
        r"^(?:error: )?(?:build of '[^']+'(?: on '[^']+')? failed: )?builder for '[^']+' failed to produce output path"
        r" for output '[^']+'.*$",
        cause("nix", "packaging"),
    ),
    ("cannot execute cross-compiler", r"^Cannot execute cross-compiler '[^']+'$", cause("buildroot", "configuration")),
)
