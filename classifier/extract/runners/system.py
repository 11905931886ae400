"""System tools and infrastructure evidence: apt, generic `ERROR:` lines, disk/OOM/network/DNS hints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from ahocorasick_rs import AhoCorasick

from classifier.alternation import Alternation
from classifier.extract.runners.base import Builder, LineMatch, exc_of, ungutter
from classifier.extract.runners.harness import passed_result
from classifier.model import Role, Severity

_APT_LOCK = re.compile(r"(?i)\block\b|is another process using it")


_APT_FETCH = re.compile(r"^E: Failed to fetch \S+\s+(?P<reason>\S.*)$")


def apt(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """apt's `E:` lines; a lock held by another process is evidence of concurrency on the machine (`lock`),
    a cause only when no later error explains the failure (gha_log's finish step demotes it); a fetch that
    failed on DNS or the network says so (`Temporary failure resolving 'host'`), and that reason is its message:
    the packages fetched from an unreachable host are one failure."""
    text = m.group(0).strip()
    hint = "lock" if _APT_LOCK.search(text) else infra_hint(text) or "dependency"  # a fetch that hit DNS: network
    fetch = _APT_FETCH.match(text) if hint in ("dns", "network", "tls") else None
    if fetch is not None:  # one reason for every package fetched from that host: the reason is the failure
        return LineMatch(fetch.group("reason"), "apt", hint, details=text, before=3, after=2)
    return LineMatch(text, "apt", hint, before=3, after=2)


def docker_daemon(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """`Error response from daemon: ...` and a registry's `manifest for x:y not found`: the image or its
    tag does not exist (`dependency`), or the pull is refused (`permission`)."""
    text = m.group(0).strip()
    lowered = text.lower()
    if "denied" in lowered or "unauthorized" in lowered:
        hint = "permission"
    elif "manifest" in lowered or "not found" in lowered or "no such image" in lowered:
        hint = "dependency"
    else:
        hint = infra_hint(text, lowered)
    return LineMatch(text, "docker", hint, before=2, after=2)


_NOISE = re.compile(
    r"^(?:-> \[Help|Re-run Maven|For more information|To see the full stack|\[Help \d|"
    r"After correcting|mvn <goals>|$|Run with --(?:stacktrace|info|debug|scan)|"
    r"Get more help at|\* Try:|\* What went wrong:?$)"
)


def generic(m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    text = m.group(0).strip()
    if len(text) < 8 or _NOISE.match(m.group("rest").strip()):
        return None
    exc, _msg = exc_of(m.group("rest"))
    reason, chain = caused_by(following)
    if reason:  # anyhow's chain (cargo, rustup): the deepest reason says what went wrong
        return LineMatch(f"{text}: {reason}", "", infra_hint(reason), exception_type=exc, after=chain + 2, span=chain)
    return LineMatch(text, "", "", exception_type=exc, span=_pip_box(m.group("rest").strip(), following))


_CAUSED_BY = "Caused by:"


def caused_by(following: Sequence[str]) -> tuple[str, int]:
    """The deepest reason of the `Caused by:` chain under an error (Rust's anyhow, as cargo and rustup print
    it: each `Caused by:` over its indented reason, or over a numbered list `  0: x`) and how many lines the
    chain spans; ("", 0) when no chain follows. A copied log may repeat the `Caused by:` line."""
    reason, span, index = "", 0, 0
    while index < len(following):
        line = following[index]
        if not line.strip():
            index += 1
            continue
        if line.strip() != _CAUSED_BY:
            break
        index += 1
        while index < len(following) and following[index].strip() in ("", _CAUSED_BY):
            index += 1
        while index < len(following) and following[index][:1] in (" ", "\t") and following[index].strip():
            reason, span = _NUMBERED.sub("", following[index].strip()), index + 1
            index += 1
    return reason, span


_NUMBERED = re.compile(r"^\d+: ")


_PIP_REFERENCE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # subprocess-exited-with-error, metadata-generation-failed


def _pip_box(rest: str, following: Sequence[str]) -> int:
    """pip (>= 22) prints an error as `error: <reference>`, `× message`, `│ more` lines (`│ exit code: 1`) and
    `╰─> context` (pip's DiagnosticPipError): the lines down to `╰─>` are this error's (its span), no records."""
    if not _PIP_REFERENCE.match(rest):
        return 0
    lines = [line.strip() for line in following]
    mark = next((index for index, line in enumerate(lines[:3]) if line.startswith("× ")), None)
    if mark is None:
        return 0
    return next((index + 1 for index in range(mark + 1, len(lines)) if lines[index].startswith("╰─")), 0)


# An HTTP 5xx status a client printed for the server it talked to (RFC 9110 section 15.6)
_HTTP_5XX = (
    r"(?i:\bHTTP(?: status)? (?:code|status|error):? 5\d\d\b|\bstatus code:? 5\d\d\b"
    r"|\b50[234] (?:Bad Gateway|Service Unavailable|Gateway Time-?out)\b)"
)
_INFRA: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (needle, hint, re.compile(pattern))
    for needle, hint, pattern in (
        ("space", "disk", r"[Nn]o space left on device|[Dd]isk quota exceeded"),
        ("enough free space", "disk", r"enough free space"),  # apt: You don't have enough free space in ...
        ("enospc", "disk", r"\bENOSPC\b"),
        ("memory", "oom", r"OutOfMemoryError|\bMemoryError\b|[Oo]ut of memory|Cannot allocate memory"),
        ("killed", "oom", r"^Killed$|\bKilled\s*$|oom-?kill"),
        ("137", "oom", r"exit code 137|exit status 137"),
        ("exceeded the maximum execution", "timeout", r"has exceeded the maximum execution time"),
        ("timed out", "timeout", r"timed out"),
        ("timeout", "timeout", r"TimeoutError|TimeoutException"),
        ("deadline exceeded", "timeout", r"[Dd]eadline exceeded"),
        # CI systems ending a silent or over-long job: Travis, CircleCI, GitLab, Azure Pipelines
        ("no output has been received", "timeout", r"No output has been received in the last"),
        ("too long with no output", "timeout", r"Too long with no output"),
        ("took longer than", "timeout", r"execution took longer than"),
        ("ran longer than", "timeout", r"ran longer than the maximum time"),
        # Azure Pipelines' free tier: `The job exceeded the maximum allowed time of 01:00:00 and was stopped.`
        ("maximum allowed time", "timeout", r"exceeded the maximum allowed time of"),
        ("timeout after", "timeout", r"\b(?:[Tt]ask|[Jj]ob|[Ss]tep|[Bb]uild) timeout after \d"),  # Taskcluster
        ("nested steps due to timeout", "timeout", r"Cancelling nested steps due to timeout"),  # Jenkins timeout step
        ("resolve host", "dns", r"Could not resolve host"),
        ("name resolution", "dns", r"Temporary failure in name resolution"),
        ("failure resolving", "dns", r"Temporary failure resolving '"),  # apt
        ("name or service not known", "dns", r"Name or service not known"),
        ("getaddrinfo", "dns", r"getaddrinfo"),
        ("enotfound", "dns", r"\bENOTFOUND\b"),
        ("no such host", "dns", r"no such host"),
        ("cert", "tls", r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|x509: certificate"),
        ("ssl", "tls", r"SSLError|SSL routines"),
        ("refused", "network", r"Connection refused|\bECONNREFUSED\b"),
        ("econnreset", "network", r"\bECONNRESET\b"),
        ("timedout", "network", r"\bE(?:SOCKET)?TIMEDOUT\b"),  # Node's socket/connect timeouts
        ("reset by peer", "network", r"Connection reset by peer"),
        ("unreachable", "network", r"Network is unreachable"),
        ("connect", "network", r"Connection timed out|Failed to connect to|Could(?: not|n't) connect to"),
        ("http connection", "network", r"Couldn't establish HTTP connection"),  # cabal
        # a server's 5xx answer printed by its client (`HTTP code: 502` of docker 1.x, `502 Bad Gateway`)
        ("http code", "network", _HTTP_5XX),
        ("http status", "network", _HTTP_5XX),
        ("status code", "network", _HTTP_5XX),
        ("bad gateway", "network", _HTTP_5XX),
        ("service unavailable", "network", _HTTP_5XX),
        ("gateway time", "network", _HTTP_5XX),
        ("rate limit", "rate_limit", r"[Rr]ate limit exceeded"),
        ("too many requests", "rate_limit", r"[Tt]oo [Mm]any [Rr]equests"),
        ("toomanyrequests", "rate_limit", r"\btoomanyrequests\b"),
        # the runner itself lost (GitHub Actions) or over its memory limit (CircleCI)
        ("lost communication", "runner_lost", r"lost communication with the server"),
        # a Kubernetes event of a container that cannot start (`Failed: Error: ImagePullBackOff`), which a test
        # framework or kubectl prints at any level; never a `kubectl get pods` status row
        ("backoff", "cluster", r"\bError: (?:ImagePullBackOff|CrashLoopBackOff)\b"),
        ("errimagepull", "cluster", r"\bError: ErrImagePull\b"),
        ("exceeded the memory limit", "oom", r"exceeded the memory limit of"),
        ("the log length has exceeded", "log_limit", r"log length has exceeded the limit"),  # Travis
        # OpenSSH could not read the key it was given (a secret pasted without its last newline, a wrong format):
        # the `Permission denied (publickey)` after it is its consequence
        ("load key", "permission", r'Load key "[^"]*": (?:error in libcrypto|invalid format|bad permissions)'),
        ("denied", "permission", r"Permission denied"),
        ("eacces", "permission", r"\bEACCES\b"),
        ("not permitted", "permission", r"Operation not permitted"),
    )
)


INFRA_NEEDLES = tuple(needle for needle, _hint, _pattern in _INFRA)
_INFRA_FINDER = AhoCorasick(list(INFRA_NEEDLES))  # every needle in one pass


_ERRORISH = re.compile(
    rf"{_HTTP_5XX}|error|fail|fatal|killed|refused|exceeded|timed out|denied|unable|cannot|could not|couldn't|"
    r"no space|enough free space|out of memory|reset by peer|not known|unreachable|verify failed|toomanyrequests|"
    r"rate limit exceeded|no output has been received|too long with no output|took longer than|ran longer than"
    r"|timeout after \d|lost communication|due to timeout|maximum allowed time",
    re.I,
)


_LOG_NOISE_RE = re.compile(r"\b(?:INFO|WARN|WARNING|DEBUG|TRACE)\b|\[(?:INFO|WARNING|DEBUG)\]")


def infra_hint(text: str, lowered: str = "") -> str:
    """The infrastructure evidence in a line: disk, oom, timeout, dns, tls, network, rate_limit, permission."""
    found = _INFRA_FINDER.find_matches_as_indexes(lowered or text.lower(), overlapping=True)
    return hint_of(text, {index for index, _start, _end in found})


def hint_of(text: str, needles: Iterable[int]) -> str:
    """`infra_hint` of a line holding these of the INFRA_NEEDLES (their indexes; the line matcher finds them in
    its own pass over the line)."""
    for index in sorted(needles):  # the needles present, in table order
        if _INFRA[index][2].search(text):
            return _INFRA[index][1]
    return ""


# A tool's pointer to its help page (Composer: `Check https://getcomposer.org/doc/... for more info on how to
# handle out of memory errors.`): advice printed under the error, never the error itself
_ADVICE = re.compile(r"^(?:Check|See|Visit|Read|Refer to) https?://\S+ for more\b", re.I)


def infra_only(text: str, lowered: str, hint: str | None = None) -> LineMatch | None:
    """A line no tool matcher knows, kept only for strong infrastructure evidence (not a pointer to help);
    `hint`: its `infra_hint`, when the caller has it."""
    hint = infra_hint(text, lowered) if hint is None else hint
    if not hint or not _ERRORISH.search(text) or _ADVICE.match(text.lstrip()):
        return None
    if hint != "cluster" and _LOG_NOISE_RE.search(text):  # a cluster event is logged at INFO by e2e frameworks
        return None
    return LineMatch(text.strip(), "", hint)


_ANSIBLE_MSG = re.compile(r'"msg": "(?P<msg>(?:[^"\\]|\\.)*)"')
YAML_KEYS = 8  # lines below `FAILED! =>` read for the result's `msg:` (`changed:`, `cmd:`, `rc:` come first)


def ansible(m: re.Match[str], following: Sequence[str]) -> LineMatch:
    """An Ansible task result that failed: `fatal: [host]: FAILED! => {"msg": "..."}` (the message is the
    result's `msg`), the older `failed: [host] => {...}` with `msg: ...` on the next line, or the YAML callback's
    `fatal: [host]: FAILED! =>` over the result's keys (`msg:` among them); a warning when
    the task's errors are ignored (`...ignoring` below it)."""
    msg = ""
    raw = m.groupdict().get("json") or ""
    try:
        result = json.loads(raw) if raw else None
        if isinstance(result, dict):
            msg = str(result.get("msg") or "")
    except ValueError:  # a result cut by the log line limit
        found = _ANSIBLE_MSG.search(raw)
        msg = found.group("msg") if found else ""
    if not msg:  # `msg: ...` on a line below (the YAML callback prints the result's keys under `FAILED! =>`)
        below = following[:3] if raw else following[:YAML_KEYS]
        msg = next((line.strip()[5:] for line in below if line.strip().startswith("msg: ")), "")
    hint = "network" if m.group("kind") == "UNREACHABLE" else infra_hint(msg)
    # `ignore_errors: true`: Ansible prints `...ignoring` under the result and the play goes on
    ignored = any(line.strip() == "...ignoring" for line in following[:2])
    return LineMatch(
        msg.strip() or m.string.strip(),
        "ansible",
        hint,
        severity=Severity.WARNING if ignored else Severity.ERROR,
        before=1,
        after=3,
    )


def package_manager(manager: str, before: int = 3) -> Builder:
    """A package that cannot be found or installed (dnf, apt, apk, pacman, pkg-config): the line names the
    package."""

    def build(m: re.Match[str], _: Sequence[str]) -> LineMatch:
        return LineMatch(m.string.strip(), manager, "dependency", before=before, after=4)

    return build


# A package that cannot be found or installed, by each manager's own wording (table.py adds them in order).
PACKAGE_ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("no match for argument", r"^(?:Error: )?No match for argument:? .+", package_manager("dnf")),
    ("unable to find a match", r"^Error: Unable to find a match: .+", package_manager("dnf")),
    ("nothing provides", r"^\s*- nothing provides .+", package_manager("dnf")),
    ("conflicting requests", r"^\s*Problem(?: \d+)?: conflicting requests.*", package_manager("dnf")),
    (
        "none of the providers can be installed",
        r"^\s*(?:Error: |Problem(?: \d+)?: |- )?package \S+ requires .+,"
        r" but none of the providers can be installed\.?$",
        package_manager("dnf"),
    ),
    ("no such package", r"^\s+\S+ \(no such package\):?$", package_manager("apk")),
    ("target not found", r"^error: target not found: .+", package_manager("pacman")),
    ("could not find gem", r"^Could not find gem '.+'.*", package_manager("bundler")),
    (
        "- ",
        r"^\s+- (?:The requested package \S+|Root composer\.json requires \S+"
        r"|\S+(?: v?\d\S*)? requires \S+ .*(?:no matching|but it|it is missing from your system)).+",
        package_manager("composer"),
    ),
    (
        "",
        r"^(?:\[!\] )?(?:None of your spec sources contain a spec satisfying the dependency|Unable to find a "
        r"specification for|CocoaPods could not find compatible versions for pod).+",
        package_manager("cocoapods"),
    ),
)


# An error word no tool matcher claimed: kept as a warning-level symptom (evidence that something failed,
# attached to a cause when there is one, never outranking a real match).
_ERROR_WORD = re.compile(
    r"\b(?:error|errors|failed|failure|failures|fatal|exception|panic|cannot|can't|could not|unable to|"
    r"not found|no such file|permission denied|refused|refusing to|timed out|undefined|aborted|not ok)\b"
    r"|(?-i:\bFAIL\b)|^\s*[✗✖❌]"
    # npm's own error tag: its message may have no error word (`Unexpected end of JSON input`); not its lines
    # of detail (indented, `errno 1`, `path x`), its boilerplate around a script's failure, nor `npm ls`'s rows
    # of tree problems (`peer dep missing: x`, `extraneous: x`), which tools print and go on from
    r"|(?-i:^npm ERR! (?!(?:errno|code|syscall|path|dest|signal|Exit status|A complete log|This is probably"
    r"|Tell the author|Make sure you|You can get|Failed at the|peer dep missing|extraneous|missing|invalid)\b"
    r"|[\w@./-]+@[\w.-]+ [\w:-]+: )[A-Za-z])",
    re.I,
)
DECORATED_START = frozenset("*=#!~->")
_NOT_ERROR = re.compile(
    r"\b(?:0|no|zero) (?:(?:tests?|checks?|cases?|files?) )?(?:errors?|failures?|failed)\b|"
    r"\b(?:errors?|failures?|failed)[:=] ?0\b|"
    r"\berr(?:or)?=\"?<nil>|\blevel=(?:info|debug|trace)\b|"  # Go's nil error, logfmt's level (Argo's executor)
    r"\b(?:0|no|zero) [a-z]+ (?:that |which )?(?:have |has )?failed\b|"  # `There were 0 items that failed to upload`
    r"\b(?:aborted|canceled|cancelled|failed) 0\b(?![.,]\d)|"  # a count: `Suites: completed 14, aborted 0`
    r"\b(?:warn(?:ing)?s?|deprecat\w*|ignor\w*|retry\w*|retrying|skipp\w*|expected to fail|xfail)\b|"
    r"\bfor more (?:information|details)\b|--explain\b|\bre-?run\b|\berror stacktraces are turned on\b|"
    r"[-_/.]error|error[-_/.]|--\w*fail|^\s*(?:\$|\+|#|>>?|//) |^\s*[=_*#~+-]{3}|"
    r"^-- (?:Looking for|Performing Test|Checking?|Could NOT find|Found|Detecting)\b|"  # CMake's probes
    r"^checking .*?\.\.\.(?: |$)|"  # autoconf's probes: `checking for GPG Error - version >= 1.17... yes`
    r"^\(node:\d+\) (?:\[\w+\] )?\w*Warning: |"  # Node warns and runs on (`UnhandledPromiseRejectionWarning`)
    r"^\s*echo [\"']",  # a recipe make prints before running it (`echo "Error: ..." ; \`): a command, not its output
    re.I,
)
MIN_WORD_LINE = 12
_ERROR_WORD_FAST = Alternation(_ERROR_WORD)  # the same verdicts, found faster
_NOT_ERROR_FAST = Alternation(_NOT_ERROR)

# A run of decoration before a line's text: `*** `, `=== `, `### `, `# `, `!!! `, `==> `, `-- `, `>>> `.
_DECORATION = re.compile(r"^\s*(?P<deco>=+>|[*=#!~]+|-{2,}|>{3,})\s*")
_PROBLEM_START = re.compile(r"(?i:error|errors|fatal|failed|failure|failures|exception|panic|abort|aborted)\b")
_CLOSING = re.compile(r"\s*[=_*#~+!-]{2,}\s*$")


def undecorated(text: str) -> str | None:
    """The text after a leading decoration run when it states a problem, else None.

    `*** ERROR: x`, `=== ERROR: x`, `### Error: x`, `!!! error x` (Portage marks every problem `!!!`),
    `==> ERROR: A failure occurred in build().` (makepkg), glibc's `*** Error in './a': free(): ... ***` and
    pytest's `!!!!! KeyboardInterrupt !!!!!` are read (without the closing decoration); separators
    (`-----`), headers closed by decoration without a colon (`==== ERRORS ====`, `** BUILD FAILED **`) and
    comments (`# error handling`: after one `#` only `WORD:` or capitals) are not.
    """
    m = _DECORATION.match(text)
    if m is None:
        return None
    rest = text[m.end() :].rstrip()
    closing = _CLOSING.search(rest)
    body = rest[: closing.start()] if closing is not None else rest
    deco = m.group("deco")
    if len(body) < 4 or (closing is not None and ":" not in body and "!" not in deco):
        return None
    if "!" in deco:  # an alarm, not a section title: pytest's `!!!!! KeyboardInterrupt !!!!!`
        return body
    word = _PROBLEM_START.match(body)
    if word is None:
        return None
    if deco == "#" and not (body[word.end() : word.end() + 1] == ":" or word.group(0).isupper()):
        return None
    return body


def error_word_line(text: str) -> LineMatch | None:
    """A line with an error word that no matcher knows, as a warning (kept as evidence for the reader)."""
    stripped = text.strip()
    if stripped[:1] in DECORATED_START:
        stripped = undecorated(stripped) or stripped  # else the separator and comment tests below decide
    if len(stripped) < MIN_WORD_LINE or not _ERROR_WORD_FAST.search(stripped) or _NOT_ERROR_FAST.search(stripped):
        return None
    if passed_result(stripped):  # a passed test named after the error it checks for
        return None
    return ungutter(LineMatch(stripped, "", "", Role.SYMPTOM, severity=Severity.WARNING, before=2, after=6))
