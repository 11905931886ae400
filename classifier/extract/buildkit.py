"""Docker BuildKit / buildx plain-progress output (`docker build --progress=plain`), the classic builder, buildah/podman
and kaniko.

A failing step looks like::

    #12 [builder 4/7] RUN make
    #12 0.613 main.c:3:1: error: expected ';'
    #12 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2
    ------
     > [builder 4/7] RUN make:
    0.613 main.c:3:1: error: expected ';'
    ------
    Dockerfile:23
    ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2

`match_error` turns the `#N ERROR:` line into one record (stage and step, command, exit code, Dockerfile
line, the step's last output lines). When the step's last telling output line, or an earlier telling output
line of the step, is a cause the matchers read on its own (pip's `ERROR: No matching distribution found for x`,
npm's `code: 'EACCES'` above the advice it prints last), that line is the record of the error and the step's
record is its symptom, with the ERROR line's own text (each line shown once, with its own text).
Otherwise the record's message is that telling line (the command's own error; the record starts there), else
the ERROR line; the rules give it the category of that error, or of the command (details `command=...`) when
the output tells nothing. The tty progress form (`=> ERROR [stage 2/5] RUN x
1.0s`, then the recap `> [stage 2/5] RUN x:` with `0.613 output` lines) has no `#N ERROR:` line: its
progress line is a symptom, and the recap's output lines reach the tool matchers without their timing
prefix (`strip_output_prefix`).

The final line (`ERROR: failed to solve: ...`, older `failed to solve with frontend dockerfile.v0: failed
to create LLB definition: ...`, `executor failed running [...]`) is a wrapper: when it wraps a failed
process (`process "..." did not complete successfully`) or repeats a step's own `#N ERROR:` line (a metadata
or copy step: `#8 ERROR: failed to copy: ... 429`) it is a symptom of the step; otherwise it wraps a
builder error (cache key, credentials, registry, disk, a missing build-context file), and the builder error
itself, wrapper prefixes cut (`builder_error`), is the cause, with a registry's error body printed under it
(`toomanyrequests: ...`). Bare builder error lines (`failed to compute cache key: ...`, the classic builder's
`COPY failed: ...`, the daemon's `Dockerfile parse error line 7: ...`, docker 1.x's parser's `Unknown instruction:
RUNN`, the daemon's `Error response from daemon: ` relay cut) are causes too.

The lines of other builders that a RUN step exited non-zero (the classic `The command '...' returned a
non-zero code: 2`, buildah/podman's `Error: building at STEP "RUN x": while running runtime: exit status 127`,
kaniko's `error building image: error building stage: failed to execute command: waiting for process to exit:
exit status 1`) are symptoms when the step's output holds a tool's own record; otherwise buildah's and
kaniko's record is the step's last telling output line and starts there (`lead`). kaniko's other `error
building image: x` and `error checking push permissions -- ...` are the builder's own errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from classifier.extract.runners import LineMatch, infra_hint, match_line
from classifier.model import Location, Role

STEP_ERROR_RE = re.compile(r"^#(?P<n>\d+) ERROR: (?P<msg>.+)$")
# (`error: failed to build 'pkg-1.0':` is an AUR helper's verdict on a package, not BuildKit's)
SOLVE_RE = re.compile(r"^(?:ERROR|error): failed to (?:solve|build(?! '))\b.*|^failed to solve\b.*", re.I)
BUILDER_RE = re.compile(
    r"^(?:failed to compute cache key|failed to calculate checksum of ref|failed to read dockerfile"
    r"|(?:COPY|ADD) failed|failed to create LLB definition): .+"
)
# Wrapper prefixes of BuildKit's final error line, cut until the wrapped error shows.
WRAP_RE = re.compile(
    r"^(?:(?:ERROR|error): |failed to (?:solve|build)(?: with frontend [\w.]+)?: |target \S+: "
    r"|failed to create LLB definition: |ResourceExhausted: |rpc error: code = \w+ desc = "
    r"|\S+: failed to resolve source metadata for \S+: )"
)
RPC_RE = re.compile(r"rpc error: code = \w+ desc = ")  # gRPC's wrapper, anywhere in the line
STEP_FAILED_RE = re.compile(r"^(?:process \".*\" did not complete successfully|executor failed running \[)")
PROGRESS_RE = re.compile(r"^=> ERROR \[(?P<stage>[^\]]+)\] (?P<cmd>.+?)(?:\s+\d+\.\d+s)?$")
CLASSIC_RE = re.compile(r"^The command '(?P<cmd>.+)' returned a non-zero code: (?P<code>\d+)")
CLASSIC_STEP_RE = re.compile(r"^\s*(?:Step \d+(?:/\d+)? : |---> Running in )")
# buildah / podman build: `Error: building at STEP "RUN x": while running runtime: exit status 1` (older: `error
# building at STEP`, `error building at step {... Args:[x] ...}: exit status 1`, OpenShift's `error: build error:`)
BUILDAH_RE = re.compile(
    r"\bbuilding at (?:STEP|step) (?:\"(?:RUN )?(?P<cmd>.*)\"|\{.*?\bArgs:\[(?P<args>.*?)\] Flags:.*\})"
    r": (?:error )?(?:while running runtime: )?exit status (?P<code>\d+)$"
)
BUILDAH_STEP_RE = re.compile(r"^(?:\[\d+/\d+\] )?STEP \d+(?:/\d+)?: ")
# kaniko: `error building image: error building stage: failed to execute command: waiting for process to exit:
# exit status 1` wraps a RUN step's failure; any other `error building image: x` is the builder's own error
KANIKO_RE = re.compile(
    r"^(?:error building image: (?:error building stage: )?(?P<inner>.+)|error checking push permissions -- .+)$"
)
KANIKO_RUN_RE = re.compile(r"^failed to execute command: waiting for process to exit: exit status (?P<code>\d+)$")
KANIKO_CMD_RE = re.compile(r"^INFO\[\d+\] RUN (?P<cmd>.+?)\s*$")
# the daemon's parse error (`Error response from daemon: Dockerfile parse error line 7: unknown instruction: x`)
PARSE_RE = re.compile(r"\b[Dd]ockerfile parse error (?:on )?line \d+: ")
# docker 1.x's parser, under its `Step 3 : RUNN` line or from the daemon (1.13 checks the file first)
UNKNOWN_RE = re.compile(r"^(?:Error response from daemon: )?[Uu]nknown instruction: \S")
# a registry's error body BuildKit prints under its failed request (`toomanyrequests: You have reached ...`)
REGISTRY_BODY_RE = re.compile(r"^(?:toomanyrequests|denied|unauthorized|forbidden|manifest_unknown|name_unknown): ")
OUTPUT_PREFIX_RE = re.compile(r"^#(?P<n>\d+) (?:\d+\.\d+ )")
# A step output line: `#12 0.613 text` (plain progress) or `0.613 text` (the tty form's recap block).
ANY_OUTPUT_PREFIX_RE = re.compile(r"^(?:#\d+ )?\d{1,6}\.\d{1,3}(?: |$)")
DOCKERFILE_RE = re.compile(r"^(?P<file>[\w./-]*Dockerfile[\w.-]*):(?P<line>\d+)$")
EXIT_RE = re.compile(r"exit code: (?P<code>\d+)")
EXIT_ONLY_RE = re.compile(r"^exit code: \d+$")
CMD_RE = re.compile(r"process \"(?P<cmd>.*)\" did not complete|failed running \[(?P<cmd2>.*)\]")
TELLING_RE = re.compile(
    r"error|fail|fatal|not found|exception|denied|cannot|unable|no such|killed|invalid|missing|unexpected"
    r"|could not|can't|does not|did not|should not|must not|refused|timed out|exceeded",
    re.I,
)
PIP_HEADER_RE = re.compile(r"^\s*error: [a-z]+(?:-[a-z]+)+$")  # pip >= 22: `error: metadata-generation-failed`
WINDOW = 40  # lines looked at before and after the ERROR line
OUTPUT_LINES = 8  # the step's last output lines its record shows and takes its telling line from


@dataclass(frozen=True, slots=True)
class BuildkitHit:
    match: LineMatch
    context: tuple[str, ...]
    skip: int = 0  # following lines already covered (the echoed output block)


_FINAL_STARTS = ("=> ERROR [", "error building image: ", "error checking push permissions")


def is_candidate(text: str) -> bool:
    first = text[:1]  # one slice for the first-character tests (every candidate line of a log asks)
    return (
        (first == "#" and " ERROR: " in text)
        or "non-zero code" in text
        or (first in "EeFf" and SOLVE_RE.match(text) is not None)
        or text.lstrip().startswith(_FINAL_STARTS)
        or (first in "fCA" and BUILDER_RE.match(text) is not None)
        or (first in "Ee" and "building at " in text)
        or ("parse error" in text and PARSE_RE.search(text) is not None)
        or (first in "UuE" and "nknown instruction: " in text and UNKNOWN_RE.match(text) is not None)
    )


def strip_output_prefix(text: str) -> str:
    """`#12 0.613 main.c:3: error` or `0.613 main.c:3: error` -> `main.c:3: error` for the runner matchers."""
    m = ANY_OUTPUT_PREFIX_RE.match(text)
    return text[m.end() :] if m else text


def builder_error(text: str) -> str:
    """The error a final BuildKit line wraps: `ERROR: failed to solve: x: failed to resolve ...: E` -> `E`."""
    text = RPC_RE.sub("", text)
    while True:
        m = WRAP_RE.match(text)
        if m is None or m.end() >= len(text):
            return text
        text = text[m.end() :]


def match_error(text: str, before: Sequence[str], after: Sequence[str]) -> BuildkitHit | None:
    """Match a BuildKit failure line; `before`/`after` are the neighbouring cleaned lines (nearest last/first)."""
    if UNKNOWN_RE.match(text):  # the parser's own words; the daemon only relays them
        return _final_line(text.removeprefix("Error response from daemon: "), before, after)
    if SOLVE_RE.match(text) or BUILDER_RE.match(text) or PARSE_RE.search(text):
        return _final_line(text, before, after)
    kaniko = KANIKO_RE.match(text.lstrip())
    if kaniko:
        return _kaniko(text.strip(), kaniko.group("inner") or "", before, after)
    buildah = BUILDAH_RE.search(text)
    if buildah:
        command = buildah.group("cmd") or buildah.group("args") or ""
        output = _since(before, BUILDAH_STEP_RE)
        return _wrapped_step(text, command, buildah.group("code"), output, "buildah", before)
    progress = PROGRESS_RE.match(text.lstrip())
    if progress:
        step = f"[{progress.group('stage')}] {progress.group('cmd')}"
        details = f"step={step}; command={progress.group('cmd')}"
        return BuildkitHit(LineMatch(f"ERROR {step}", "buildkit", "docker_build", Role.SYMPTOM, details=details), ())
    classic = CLASSIC_RE.match(text)
    if classic:
        tail = [line for line in before[-8:] if line.strip()]
        telling = next((line for line in reversed(tail) if TELLING_RE.search(line)), text)
        if telling is not text and _reported(telling):  # the step's own error line is a record of its own
            return BuildkitHit(LineMatch(text, "docker", "docker_build", Role.SYMPTOM, code=classic.group("code")), ())
        if _told(_since(before, CLASSIC_STEP_RE)):  # a tool's own record above it in the step's output
            symptom = LineMatch(text, "docker", "docker_build", Role.SYMPTOM, code=classic.group("code"))
            return BuildkitHit(symptom, (*tail, text))
        # the record starts at the output line it takes its message from, as a BuildKit step's does
        lead = next((len(before) - i for i in reversed(range(len(before))) if before[i] == telling), 0)
        return BuildkitHit(
            LineMatch(telling.strip(), "docker", "docker_build", code=classic.group("code"), lead=lead),
            (*tail, text),
        )
    m = STEP_ERROR_RE.match(text)
    return _step_error(m, text, before, after) if m else None


def _since(before: Sequence[str], header: re.Pattern[str]) -> list[str]:
    """The step's output: the lines after its header within the WINDOW lines above, or the last 16 lines."""
    lines = before[-WINDOW:]
    start = next((i + 1 for i in reversed(range(len(lines))) if header.match(lines[i])), len(lines) - 16)
    return [line for line in lines[max(start, 0) :] if line.strip()]


def _told(lines: Sequence[str]) -> bool:
    """Whether a step output line is a tool's own record: a cause read with its tool, place or code, or a tool's
    verdict on the errors above it (Maven's `Failed to execute goal ...: There are test failures.`)."""
    return any(TELLING_RE.search(line) and _reported(line, by_tool=True) for line in lines)


def _wrapped_step(
    text: str, command: str, code: str, output: Sequence[str], tool: str, before: Sequence[str]
) -> BuildkitHit:
    """A builder's line that a RUN step exited non-zero (buildah's `building at STEP`, kaniko's `waiting for
    process to exit`): a symptom when the step's output holds a tool's own record, else the step's last telling
    output line (`/bin/sh: dnf: command not found`), where the record starts, with the command and exit status
    for the rules."""
    details = f"command={command}; exit_code={code}"
    if _told(output):
        return BuildkitHit(LineMatch(text.strip(), tool, "docker_build", Role.SYMPTOM, code=code, details=details), ())
    tail = output[-8:]
    telling = next((line for line in reversed(tail) if TELLING_RE.search(line)), "")
    lead = next((len(before) - i for i in reversed(range(len(before))) if before[i] == telling), 0) if telling else 0
    message = telling.strip() or text.strip()
    hint = infra_hint(message) or ("oom" if code == "137" else "docker_build")
    return BuildkitHit(LineMatch(message, tool, hint, code=code, details=details, lead=lead), (*tail, text))


def _kaniko(text: str, inner: str, before: Sequence[str], after: Sequence[str]) -> BuildkitHit:
    """kaniko's `error building image: ...`: a failed RUN step (its command from kaniko's `INFO[0001] RUN x`
    line) or the builder's own error, a cause (`failed to get filesystem from image: stream error`)."""
    run = KANIKO_RUN_RE.match(inner)
    if run is None:
        return _final_line(text, before, after)
    lines = before[-WINDOW:]
    start = next((i for i in reversed(range(len(lines))) if KANIKO_CMD_RE.match(lines[i].strip())), -1)
    command = KANIKO_CMD_RE.match(lines[start].strip()) if start >= 0 else None
    output = [line for line in lines[start + 1 if start >= 0 else -8 :] if line.strip()]
    return _wrapped_step(text, command.group("cmd") if command else "", run.group("code"), output, "kaniko", before)


def _reported(line: str, *, by_tool: bool = False) -> bool:
    """Whether the scanner reports this output line as an error of its own (a compiler or test line; `by_tool`: or
    any cause a tool's matcher read), or as a tool's verdict on the errors it printed above it (`critical libmamba
    UnsatisfiableError`), not a bare exit status (`make: *** [x] Error 1`, whose cause the docker record then
    points at)."""
    found = match_line(line.strip())
    if found is None:
        return False
    verdict = found.role is Role.SYMPTOM and found.tool_hint not in ("", "exit_code")
    named = found.location or found.test_id or found.code or (by_tool and found.framework)
    return verdict or (found.role is Role.CAUSE and bool(named))


def _final_line(text: str, before: Sequence[str], after: Sequence[str]) -> BuildkitHit:
    """A wrapped failed RUN step is a symptom; a wrapped builder error is the cause, wrappers cut, with the
    registry's error body printed under it (`toomanyrequests: ...`) as its context."""
    inner = builder_error(text)
    if STEP_FAILED_RE.match(inner) or _repeats_step(inner, before):
        return BuildkitHit(LineMatch(text, "buildkit", "docker_build", Role.SYMPTOM), tuple(before[-3:]))
    if EXIT_ONLY_RE.match(inner):  # the builder's bare exit status (`error: failed to solve: exit code: 2`)
        inner = text.strip()
    body = after[:1] if after and REGISTRY_BODY_RE.match(after[0].strip()) else []
    hint = infra_hint(inner) or (infra_hint(body[0]) if body else "") or "docker_build"
    return BuildkitHit(LineMatch(inner, "buildkit", hint, details="builder"), (*before[-3:], text, *body), len(body))


def _repeats_step(inner: str, before: Sequence[str]) -> bool:
    """Whether the wrapped error is a step's own `#N ERROR: msg` above (a metadata or copy step's recap)."""
    for line in before[-WINDOW:]:
        m = STEP_ERROR_RE.match(line)
        if m and len(m.group("msg")) >= 12 and m.group("msg").strip() in inner:
            return True
    return False


def _step_error(m: re.Match[str], text: str, before: Sequence[str], after: Sequence[str]) -> BuildkitHit:
    num = m.group("n")
    header, every = _step_output(num, before)
    outputs = every[-OUTPUT_LINES:]
    index = next((i for i in reversed(range(len(outputs))) if TELLING_RE.search(outputs[i])), -1)
    location, skip = _dockerfile_line(after)
    exit_code = EXIT_RE.search(text)
    code = exit_code.group("code") if exit_code else ""
    cmd = CMD_RE.search(text)
    command = (cmd.group("cmd") or cmd.group("cmd2")) if cmd else ""
    details = f"step={header or '#' + num}; command={command}; exit_code={code}"
    context = _step_context(num, header, outputs, text)
    earlier = every[: len(every) - len(outputs)]
    if (index >= 0 and _own_record(outputs[index])) or any(
        TELLING_RE.search(line) and _own_record(line) for line in (*earlier, *outputs)
    ):
        # the telling line, or an earlier output line of the step (npm's `code: 'EACCES'` above its advice), is
        # a record of its own: the step's ERROR line, with its own text, is its consequence
        own = LineMatch(
            text[len(num) + 2 :],
            "buildkit",
            "docker_build",
            Role.SYMPTOM,
            code=code,
            location=location,
            details=details,
        )
        return BuildkitHit(own, context, skip)
    telling = _explained(outputs, index)
    # Without a telling output line the ERROR line itself (it names the command) is the message, so
    # unrelated failing steps never share the fingerprint of some last progress line.
    message = telling or m.group("msg")
    # the telling line alone was read above (no cause of its own); a header joined with its reason is read anew
    found = match_line(telling.strip()) if telling and telling != outputs[index] else None
    message = found.message if found is not None and found.role is Role.CAUSE else message  # the tool's reading
    hint = infra_hint(message) or ("oom" if code == "137" else "docker_build")
    lead = _lead(before, f"#{num} ", outputs[index]) if telling else 0  # the record starts at that output line
    return BuildkitHit(
        LineMatch(message.strip(), "buildkit", hint, code=code, location=location, details=details, lead=lead),
        context,
        skip,
    )


def _lead(before: Sequence[str], prefix: str, output: str) -> int:
    """How many lines above the ERROR line step output line `output` (`#7 0.223 x`) was printed, 0 if not seen."""
    for distance, line in enumerate(reversed(before[-WINDOW:]), start=1):
        out = OUTPUT_PREFIX_RE.match(line) if line.startswith(prefix) else None
        if out and line[out.end() :] == output:
            return distance
    return 0


def _step_output(num: str, before: Sequence[str]) -> tuple[str, list[str]]:
    """Step `num`'s header (`[stage 2/5] RUN x`) and its output lines in the WINDOW lines above, without their
    `#N 0.613 ` prefix."""
    header_re = re.compile(rf"^#{num} \[(?P<stage>[^\]]+)\] (?P<cmd>.+)$")
    prefix = f"#{num} "
    header = ""
    outputs: list[str] = []
    for line in reversed(before[-WINDOW:]):
        if not line.startswith(prefix):
            continue
        hm = header_re.match(line)
        if hm:
            header = f"[{hm.group('stage')}] {hm.group('cmd')}"
            break
        out = OUTPUT_PREFIX_RE.match(line)
        if out:
            outputs.append(line[out.end() :])
    outputs.reverse()
    return header, outputs


def _step_context(num: str, header: str, outputs: Sequence[str], text: str) -> tuple[str, ...]:
    """The step's header, its last output lines and its ERROR line."""
    return tuple(line for line in (f"#{num} {header}" if header else "", *outputs, text) if line)


def _own_record(line: str) -> bool:
    """Whether the scanner reads this step output line as a cause of its own (`ERROR: No matching
    distribution found for x`), so the step's record need not repeat its text."""
    found = match_line(line.strip())
    return found is not None and found.role is Role.CAUSE


def _explained(outputs: Sequence[str], index: int) -> str:
    """The telling output line; a header ending with a colon (`go: errors parsing go.mod:`) with the output
    line under it, which says what the problem is; for a line of pip's boxed error (`× Encountered error
    while generating package metadata.`) the box's `error: <reference>` line, the wrapper pip says it is."""
    if index < 0:
        return ""
    telling = outputs[index]
    if telling.lstrip().startswith(("× ", "│ ", "╰─")):  # inside pip's boxed error: its `error: <reference>` line
        header = next((line for line in reversed(outputs[max(0, index - 4) : index]) if PIP_HEADER_RE.match(line)), "")
        return header.strip() or telling
    below = next((line.strip() for line in outputs[index + 1 :] if line.strip()), "")
    return f"{telling.rstrip()} {below}" if telling.rstrip().endswith(":") and below else telling


def _dockerfile_line(after: Sequence[str]) -> tuple[Location | None, int]:
    """The `Dockerfile:23` line after the echoed block, and how many lines the block spans."""
    for index, line in enumerate(after[:WINDOW]):
        if SOLVE_RE.match(line) or STEP_ERROR_RE.match(line):
            return None, index
        dm = DOCKERFILE_RE.match(line.strip())
        if dm:
            return Location(dm.group("file"), int(dm.group("line"))), index + 1
    return None, 0
