"""Normaliser v1: the masks, in order, from specific to generic. FROZEN: never change this file's
behaviour once released (tests/fixtures/normalize/golden_v1.json guards it); add v2 beside it instead.

Decisions (see docs/fingerprints.md): quoted strings, module names, error codes (E501, TS2304) and
short versioned names (python3, boto3) are kept, they tell failures apart; temp dirs, CI workspaces
and home dirs are removed but the repository-relative path and file name are kept; hosts are kept
unless they contain a digit (instance names like ip-10-0-0-1.ec2.internal); ports, line numbers,
durations, timestamps and other numbers become placeholders.
"""

from __future__ import annotations

import re

from classifier.normalize.engine import (
    SLOT_CLASS,
    Mask,
    Normalizer,
    Scratch,
    fixed,
    numbered,
    repeated_slot,
    searches,
)

DIGITS = tuple("0123456789")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = rf"(?:{'|'.join(MONTHS)})"
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_HEX4 = r"[0-9a-fA-F]{1,4}"
_SEG = r"[^/\\\s'\"`:]+"  # one path segment
_TLD = (
    r"(?:com|net|org|edu|gov|mil|int|io|co|uk|de|cn|jp|ru|br|fr|in|au|hk|nl|se|ch|eu|us|ca|kr|tw|it|es|pl"
    r"|mx|om|ar|za|info|biz|internal|local|localdomain|lan|corp|cloud|dev|app|ai|me|sh)"
)
# Gates (engine.searches): a shape every match of a mask's pattern holds, so a text without it is skipped.
# An IPv4 address holds a digit, a dot, a digit; an IPv6 one a colon in a run of hex digits and colons that holds
# a digit (its lookahead), so a digit with only hex digits between it and a colon, on one side or the other.
IP_GATE = searches(r"\d\.\d|\d[0-9a-fA-F]*:|:[0-9a-fA-F]*\d")
_SOURCE_EXT = (
    r"(?:py|pyx|pyi|ipynb|js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte|go|rs|java|kt|kts|scala|sc|groovy|gradle"
    r"|c|h|cc|cpp|cxx|hpp|hh|hxx|m|mm|swift|cs|fs|vb|rb|erb|rake|php|pl|pm|sh|bash|zsh|ps1|lua|r|jl|dart"
    r"|ex|exs|erl|hrl|hs|ml|mli|clj|cljs|elm|nim|zig|sol|proto|sql|tf|hcl|yml|yaml|json|toml|xml|html|htm"
    r"|css|scss|sass|less|md|rst|txt|cfg|ini|mk|cmake|bzl|bazel|nix|tex|feature|robot|jsx?|tsx?)"
)


def _url(match: re.Match[str], scratch: Scratch) -> str:
    """Keep scheme, host and stable path segments; drop credentials, port, query, fragment and ids."""
    scheme, rest = match.group(1), match.group(2)
    trail = ""
    while rest and rest[-1] in ".,;:!?":  # sentence punctuation after a URL
        trail = rest[-1] + trail
        rest = rest[:-1]
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    authority, slash, path = rest.partition("/")
    host = authority.rpartition("@")[2]
    port = ""
    if not host.endswith("]") and ":" in host:
        host, port = host.rsplit(":", 1)
    if _IP_HOST.fullmatch(host):
        host = scratch.numbered("IP", host.strip("[]"))
    elif _instance_name(host):
        host = scratch.numbered("HOST", host.lower())
    out = f"{scheme}://{host}" + (":<PORT>" if port else "")
    if slash:
        out += "/" + "/".join(_url_segment(segment) for segment in path.split("/"))
    out += ("?<QUERY>" if query else "") + ("#<FRAGMENT>" if fragment else "")
    return scratch.park(out) + trail


_IP_HOST = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-fA-F:.]+\]")
_URL_ID = re.compile(r"\d+|[0-9a-fA-F]{7,}|[0-9a-fA-F-]{36}|.*\d.*\d.*\d.*")


def _url_segment(segment: str) -> str:
    """A path segment that is a number, a hex id or holds 3+ digits is an id: `<ID>`."""
    return "<ID>" if segment and _URL_ID.fullmatch(segment) else segment


def _ip(match: re.Match[str], scratch: Scratch) -> str:
    port = scratch.park(":<PORT>") if match.group("port") else ""
    address = scratch.numbered("IP", match.group("addr"))
    return (f"[{address}]" if match.group("lb") else address) + port


def _instance_name(host: str) -> bool:
    """A machine instance rather than a service: some label holds two or more digits (ip-10-0-0-1,
    fv-az123-456, runner-12); service names with one digit stay (repo1.example.org, s3, ec2, eu-west-1)."""
    return any(sum(char.isdigit() for char in label) >= 2 for label in host.split("."))


def _host(match: re.Match[str], scratch: Scratch) -> str:
    host = match.group("host")
    kept = scratch.numbered("HOST", host.lower()) if _instance_name(host) else scratch.park(host)
    return kept + (scratch.park(":<PORT>") if match.group("port") else "")


def _line_col(match: re.Match[str], scratch: Scratch) -> str:
    """`file.py:12:5`, `Foo.java:[12,5]`, `Foo.cs(12,5)` -> the same with <LINE> and <COL>."""
    line, col = scratch.park("<LINE>"), scratch.park("<COL>")
    if match.group("open"):
        body = line + ("," + col if match.group("bcol") else "")
        return f"{match.group('file')}{match.group('sep')}{match.group('open')}{body}{match.group('close')}"
    return f"{match.group('file')}:{line}" + (":" + col if match.group("col") else "")


def _line_word(match: re.Match[str], scratch: Scratch) -> str:
    token = "COL" if match.group(1).lower().startswith("col") else "LINE"
    return match.group(1) + match.group(2) + scratch.park(f"<{token}>")


def _pid(match: re.Match[str], scratch: Scratch) -> str:
    if match.group(1):
        return match.group(1) + match.group(2) + scratch.park("<PID>")
    return "[" + scratch.park("<PID>") + "]"


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _number(match: re.Match[str], scratch: Scratch) -> str:
    """A number -> <NUM>; a sign only counts after a non-word character; error codes (E501, TS2304:
    1-5 upper-case letters and 3-5 digits) and short versioned names (python3: 2+ lower-case letters and
    1-2 digits) are kept whole. (Decided here rather than in the pattern: a digit-first pattern is fast.)"""
    text, start, end, source = match.group(0), match.start(), match.end(), match.string
    if text[0] == "-" and start > 0 and source[start - 1] in _ALNUM:
        return "-" + scratch.park("<NUM>")
    if text[0] != "-" and "." not in text and _kept_word(source, start, end, len(text)):
        return text
    return scratch.park("<NUM>")


def _kept_word(source: str, start: int, end: int, digits: int) -> bool:
    if end < len(source) and (source[end] in _ALNUM or source[end] == "."):
        return False
    begin = start
    while begin > 0 and source[begin - 1] in _LETTERS:
        begin -= 1
    if begin == start or (begin > 0 and source[begin - 1] in _ALNUM):
        return False
    letters = source[begin:start]
    if letters.isupper():
        return len(letters) <= 5 and 3 <= digits <= 5
    return letters.islower() and len(letters) >= 2 and digits <= 2


MASKS: tuple[Mask, ...] = (
    Mask(
        "placeholder",
        re.compile(r"<[A-Z]{2,10}\d{0,4}>"),
        lambda m, s: s.park(m.group(0)),
        "placeholders already in the text are kept as they are (normalising twice changes nothing)",
        ("<",),
    ),
    Mask(
        "ansi",
        re.compile(r"\x1b\[[0-9;?]*[A-Za-z]"),
        lambda _m, _s: "",
        "ANSI colour and cursor codes are removed",
        ("\x1b",),
    ),
    Mask(
        "timestamp_iso",
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}\b)?)?"
            r"(?![\w-])"
        ),
        fixed("TS"),
        "ISO 8601 dates and date-times: 2026-01-02T03:04:05.678Z -> <TS>",
        ("-",),
    ),
    Mask(
        "timestamp_syslog",
        re.compile(rf"\b(?:{_DAY},? )?{_MONTH} +\d{{1,2}},?(?: \d{{4}})? \d{{1,2}}:\d{{2}}:\d{{2}}(?: \d{{4}})?\b"),
        fixed("TS"),
        "syslog and ctime stamps: Dec 10 06:55:46, Sun Dec 04 04:47:44 2005 -> <TS>",
        MONTHS,
    ),
    Mask(
        "timestamp_clock",
        re.compile(r"(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?![\w:])"),
        fixed("TIME"),
        "times of day and clock durations: 06:55:46.123 -> <TIME>",
        (":",),
    ),
    Mask(
        "timestamp_epoch",
        re.compile(r"(?<![\w.])1[5-9]\d{8}(?:\d{3}|\.\d{1,9})?(?![\w.])"),
        fixed("TS"),
        "Unix epoch seconds or milliseconds (2017-2033) -> <TS>",
        ("15", "16", "17", "18", "19"),
    ),
    Mask(
        "uuid",
        re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
        numbered("UUID"),
        "UUIDs -> <UUID1>, numbered per message",
        ("-",),
    ),
    Mask(
        "url",
        re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]{1,15})://([^\s'\"<>()\[\]{}`]+)"),
        _url,
        "URLs: scheme, host and stable path kept; port, query, fragment, credentials, id segments masked; "
        "an IP host -> <IP1>, an instance name (a label with 2+ digits) -> <HOST1>",
        ("://",),
    ),
    Mask(
        "email",
        re.compile(r"(?<![\w.+-])[\w.+-]++@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
        numbered("EMAIL"),
        "e-mail addresses -> <EMAIL1>, numbered per message",
        ("@",),
    ),
    Mask(
        "ip",
        re.compile(
            r"(?<![\w.:])(?P<lb>\[)?(?P<addr>(?:\d{1,3}\.){3}\d{1,3}"
            rf"|(?=[0-9a-fA-F:]*\d)(?:(?:{_HEX4}:){{7}}{_HEX4}|(?:{_HEX4}:){{0,6}}:(?::?{_HEX4}){{0,6}}))"
            r"(?(lb)\])(?::(?P<port>\d{1,5}))?(?![\w.]|:[0-9A-Za-z:])"
        ),
        _ip,
        "IPv4 and IPv6 addresses -> <IP1> (numbered per message), a port after one -> <PORT>",
        (".", ":"),
        gate=IP_GATE,
    ),
    Mask(
        "host",
        re.compile(
            rf"(?<![\w.@/-])(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+{_TLD})"
            r"(?::(?P<port>\d{1,5}))?(?![\w-]|\.\w)"
        ),
        _host,
        "host names: kept, unless a label holds 2+ digits (instance names) -> <HOST1>; a port -> <PORT>",
        (".",),
        gate=searches(rf"\.{_TLD}(?![\w-])"),  # a known domain ends the name (before a port or a stop)
    ),
    Mask(
        "sha",
        re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,64}\b"),
        numbered("SHA"),
        "commit SHAs and digests (7-64 lower-case hex with a digit and a letter) -> <SHA1>, numbered",
        DIGITS,
        gate=searches(r"[0-9a-f]{7}"),
    ),
    Mask(
        "hex",
        re.compile(r"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9A-F]*[A-F])(?=[0-9A-F]*\d)[0-9A-F]{8,}\b"),
        numbered("HEX"),
        "0x... addresses and upper-case hex ids -> <HEX1>, numbered per message",
        DIGITS,
        gate=searches(r"0[xX][0-9a-fA-F]|[0-9A-F]{8}"),
    ),
    Mask(
        "path_temp",
        re.compile(
            rf"/tmp/pytest-of-{_SEG}"  # noqa: S108 (a pattern, not a file we use)
            rf"/pytest-\d+/{_SEG}"
            rf"|(?:/private)?/var/folders/{_SEG}/{_SEG}/T/{_SEG}"
            rf"|(?:/private)?(?:/var)?/tmp/(?:{_SEG}(?=[/\\])|(?:tmp|pip-|npm-){_SEG})"
            rf"|/home/runner/work/_temp/{_SEG}"
            rf"|[A-Za-z]:\\Users\\{_SEG}\\AppData\\Local\\Temp\\{_SEG}|[A-Za-z]:\\a\\_temp\\{_SEG}"
        ),
        fixed("TMP"),
        "temporary directories (pytest tmp_path, tempfile, runner, macOS, Windows) -> <TMP>",
        ("tmp", "Temp", "folders", "_temp"),
    ),
    Mask(
        "path_workspace",
        re.compile(
            rf"(?:/home/runner/work|/Users/runner/work|/__w|[A-Za-z]:\\a)[/\\]{_SEG}[/\\]{_SEG}"
            rf"|/home/travis/build/{_SEG}/{_SEG}|/github/workspace|/builds/{_SEG}/{_SEG}"
            rf"|/var/lib/jenkins/workspace/{_SEG}"
        ),
        fixed("WS"),
        "CI checkout directories (Actions, container jobs, Travis, GitLab, Jenkins) -> <WS>",
        ("/home/runner", "/Users/runner", "/__w/", ":\\a\\", "/travis/", "/github/", "/builds/", "/jenkins/"),
    ),
    Mask(
        "path_home",
        re.compile(rf"/home/{_SEG}|/Users/{_SEG}|[A-Za-z]:\\Users\\{_SEG}"),
        fixed("HOME"),
        "home directories -> <HOME>",
        ("/home/", "/Users/", "\\Users\\"),
    ),
    Mask(
        "line_col",
        re.compile(
            rf"(?P<file>\.{_SOURCE_EXT})(?:"
            r"(?P<sep>:?)(?P<open>[\[(])\d+(?:, ?(?P<bcol>\d+))?(?P<close>[\])])"
            r"|:\d+(?::(?P<col>\d+))?(?![\d.]))",
            re.IGNORECASE,
        ),
        _line_col,
        "positions after a source file name: a.py:12:5, Foo.java:[12,5], Foo.cs(12,5)",
        (":", "(", "["),
        gate=searches(r"\.[a-z]+:?[(\[]?\d", re.IGNORECASE),  # the extension's letters case-fold like the pattern's
    ),
    Mask(
        "line_word",
        re.compile(r"\b(line|Line|LINE|lineno|column|col)( ?[=:#]? ?)\d+\b"),
        _line_word,
        "line and column words: line 12 -> line <LINE>, column 5 -> column <COL>",
        ("line", "Line", "LINE", "col"),
    ),
    Mask(
        "duration",
        re.compile(
            r"\d(?<![\w.]\d)\d*(?:"  # digit first, then look behind it: much faster
            r"(?:\.\d+)?(?:h|m|s|ms|us|µs|ns)(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+\b"
            r"|(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|min|mins|hrs?)\b"
            r"|(?:\.\d+)? (?:ns|ms|secs?|seconds?|mins?|minutes?|hours?|hrs?|days?"
            r"|milliseconds?|microseconds?|nanoseconds?)\b|\.\d+ s\b)"
        ),
        fixed("DUR"),
        "durations: 3.2s, 150ms, 1m30s, 0.12 seconds, 3.456 s, 5 minutes -> <DUR>",
        DIGITS,
        gate=searches(r"\d[nuµmsh]|\d [nmshd]"),  # a digit, then a unit's first letter (after a space or not)
    ),
    Mask(
        "pid",
        re.compile(r"\b(pid|PID|Pid)( ?[=:#]? ?)\d+\b|(?<=\w)\[\d+\](?=:)"),
        _pid,
        "process ids: pid 1234, pid=1234, sshd[1234]: -> <PID>",
        DIGITS,
        gate=searches(r"pid|PID|Pid|\d\]:"),
    ),
    Mask(
        "number",
        re.compile(r"-?\d+(?:\.\d+)*"),
        _number,
        "other numbers, inside words too (build42 -> build<NUM>), except error codes (E501, "
        "TS2304) and short versioned names (python3, boto3)",
        DIGITS,
    ),
    Mask(
        "whitespace", re.compile(r"[ \t]{2,}"), lambda _m, _s: " ", "runs of spaces and tabs -> one space", ("  ", "\t")
    ),
    Mask(
        "repeats",
        re.compile(rf"(?<!\S)((?>[^\s,]*{SLOT_CLASS}[^\s,]*))(?:[ ,]+\1)+(?![^\s,])|({SLOT_CLASS})(?:[ ,;]+\2)+"),
        lambda m, _s: m.group(1) or m.group(2),
        "a placeholder (or a token with one) repeated in a row -> once: blk_<NUM> blk_<NUM> -> blk_<NUM>, "
        "[<NUM>, <NUM>] -> [<NUM>]",
        placeholder=True,
        gate=repeated_slot,
    ),
)

V1 = Normalizer("v1", MASKS, "ordered masks from specific to generic; frozen")
