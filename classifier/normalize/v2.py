"""Normaliser v2: v1's specific masks, then generic ones that group server-log templates (Loghub-2.0).

v2 reuses v1's masks by name (timestamps, UUIDs, URLs, e-mails, SHAs, hex, CI paths, positions, durations,
pids) and adds generic ones: bare clock values as durations, IPs and host names as one numbered kind
(<HOSTn>), 32/64-bit hex words, absolute paths, sizes, bounded durations, quoted strings kept, `key=value`
values, the word after `for user`/`invalid user`, and any other token holding a digit. No pattern is keyed
to one system's vocabulary. docs/fingerprints.md ("Normaliser v2") lists every mask and the decisions."""

from __future__ import annotations

import re

from classifier.normalize import v1
from classifier.normalize.engine import SLOT_CLASS, Mask, Normalizer, Scratch, fixed, numbered, searches

__all__ = ["MASKS", "MASKS_BY_NAME", "V2", "v1_numbers"]

_V1 = {mask.name: mask for mask in v1.MASKS}
_SLOTS = SLOT_CLASS[1:-1]  # the private-use range, for use inside other character classes
_NUMBER = _V1["number"]
_DIGITS = tuple("0123456789")


def _v1(*names: str) -> tuple[Mask, ...]:
    return tuple(_V1[name] for name in names)


def _v1_numbers(text: str, scratch: Scratch) -> str:
    """v1's number rules on a span: plain numbers -> <NUM>, error codes and python3-like names kept."""
    return _NUMBER.pattern.sub(lambda match: _NUMBER.replace(match, scratch), text)


def _ip(match: re.Match[str], scratch: Scratch) -> str:
    """v1's IP mask, numbered in the one namespace of addresses: <HOST1>."""
    port = scratch.park(":<PORT>") if match.group("port") else ""
    address = scratch.numbered("HOST", match.group("addr"))
    return (f"[{address}]" if match.group("lb") else address) + port


def _host(match: re.Match[str], scratch: Scratch) -> str:
    """A name with a known top-level domain, or 3+ lower-case labels followed by a port (an endpoint)."""
    host = scratch.numbered("HOST", (match.group("host") or match.group("named")).lower())
    return host + (scratch.park(":<PORT>") if match.group("port") or match.group("nport") else "")


_PATH_STOP = rf"\s'\"`:;,()\[\]{{}}<>{_SLOTS}"
_SOURCE_FILE = re.compile(rf"[^/\\]+\.{v1._SOURCE_EXT}", re.IGNORECASE)


def _abs_path(match: re.Match[str], scratch: Scratch) -> str:
    """`/etc/app/main.py` -> `<DIR>/main.py` (a source or config file name is kept); others -> <PATH>."""
    path = match.group(0)
    base = path.rstrip("/").rpartition("/")[2]
    if not any(char.isalpha() for char in path):
        return path  # a lone slash, `//`, `/ 2`: not a path
    if _SOURCE_FILE.fullmatch(base) and not any(char.isdigit() for char in base):
        return scratch.park("<DIR>") + "/" + base
    return scratch.park("<PATH>")


def _quoted(match: re.Match[str], scratch: Scratch) -> str:
    """A quoted string is the subject of a failure: kept, only v1's number rules inside it."""
    return scratch.park(_v1_numbers(match.group(0), scratch))


_CODE = re.compile(r"[A-Z]{1,5}\d{3,5}")
_NAME = re.compile(r"[a-z]{2,}\d")  # python3, ssh2, eth0: a name, not a count
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_HOST_SHAPE = re.compile(r"[a-z-]*\d[a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}")  # 24-54-76-216.isp.example.at


def _token(match: re.Match[str], scratch: Scratch) -> str:
    token = match.group(0)
    trail = len(token) - len(token.rstrip(".!?"))  # sentence punctuation after a token
    if trail:
        return _token_body(token[:-trail], scratch) + token[-trail:]
    return _token_body(token, scratch)


def _token_body(token: str, scratch: Scratch) -> str:
    if not any(char.isdigit() for char in token):
        return token
    if _CODE.fullmatch(token) or _NAME.fullmatch(token) or _SOURCE_FILE.fullmatch(token):
        return _v1_numbers(token, scratch)
    if _PLAIN_NUMBER.fullmatch(token):
        return scratch.park("<NUM>")
    if _HOST_SHAPE.fullmatch(token):
        return scratch.numbered("HOST", token.lower())
    return scratch.park("<ID>")


def _key_value(match: re.Match[str], scratch: Scratch) -> str:
    if scratch.render(match.group(3))[0] in "'\"`":  # a quoted value (parked by `quoted`) is kept
        return match.group(0)
    return _value(match, scratch)


def _value(match: re.Match[str], scratch: Scratch) -> str:
    return match.group(1) + match.group(2) + scratch.park("<VAL>")


_TOKEN_CHARS = rf"[^\s,;:()\[\]{{}}<>'\"`=|/\\{_SLOTS}]"
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SIZE_UNIT = r"(?:[KMGTP]i?B|[kKMGT]B?|B|bytes?)"
_DUR_UNIT = r"(?:ns|us|µs|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?)"

MASKS: tuple[Mask, ...] = (
    *_v1("placeholder", "ansi", "timestamp_iso", "timestamp_syslog"),
    Mask(
        "clock",
        re.compile(r"(?<![\w:.])(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,9})?(?![\w:])"),
        fixed("DUR"),
        "a bare clock value (no date: an elapsed time as often as a time of day): 06:55:46.123, 00:01 -> <DUR>",
        (":",),
        gate=searches(r"\d:\d\d"),
    ),
    *_v1("timestamp_epoch", "uuid", "url", "email"),
    Mask(
        "ip",
        _V1["ip"].pattern,
        _ip,
        "IPv4 and IPv6 addresses -> <HOST1>, numbered with host names (one kind: "
        "an address), a port after one -> <PORT>",
        (".", ":"),
        gate=v1.IP_GATE,
    ),
    Mask(
        "host",
        re.compile(
            rf"(?<![\w.@/-])(?:(?P<host>(?:{_HOST_LABEL}\.)+{v1._TLD})(?::(?P<port>\d{{1,5}}))?"
            rf"|(?P<named>(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.){{2,}}(?!{v1._SOURCE_EXT}:)[a-z]{{2,24}})"
            r":(?P<nport>\d{2,5}))(?![\w/-]|\.\w)"
        ),
        _host,
        "host names (a known top-level domain, or 3+ lower-case labels before a :port) -> <HOST1>, numbered "
        "with IPs; a port after one -> <PORT>; kept when a "
        "path follows (example.com/pkg, ghcr.io/o/image: module and image names)",
        (".",),
        gate=searches(rf"\.(?:{v1._TLD}(?![\w-])|[a-z]{{2,24}}:\d\d)"),  # a known domain, or a last label and port
    ),
    Mask(
        "hex_word",
        re.compile(
            r"(?<![\w.])(?=[0-9a-fA-F]{0,15}\d)(?=[0-9a-fA-F]{0,15}[a-fA-F]|0)"
            r"(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{8})(?![\w.])"
        ),
        numbered("HEX"),
        "32- and 64-bit hex words (8 or 16 hex digits with a letter or a leading 0: 003a90fc) -> <HEX1>, numbered",
        _DIGITS,
        gate=searches(r"[0-9a-fA-F]{8}"),
    ),
    *_v1("sha", "hex", "path_temp", "path_workspace"),
    Mask(
        "path_abs",
        re.compile(rf"(?<![\w.:/~{_SLOTS}-])/[^{_PATH_STOP}]*"),
        _abs_path,
        "absolute paths (home dirs too) -> <PATH>; a source or config file keeps its name: <DIR>/main.py",
        ("/",),
    ),
    *_v1("line_col", "line_word"),
    Mask(
        "size",
        re.compile(rf"(?<![\w.])\d+(?:\.\d+)? ?{_SIZE_UNIT}(?!\w)"),
        fixed("SIZE"),
        "sizes: 5.2 KB, 512MiB, 1024 bytes -> <SIZE>",
        _DIGITS,
        gate=searches(r"\d ?[KMGTPkBb]"),  # a digit, then a unit's first letter
    ),
    Mask(
        "duration_bound",
        re.compile(rf"(?<![\w:.<>])[<>]=? ?\d+(?:\.\d+)? ?{_DUR_UNIT}\b"),
        fixed("DUR"),
        "bounded durations: <1 sec, >= 5 min -> <DUR>",
        ("<", ">"),
    ),
    *_v1("duration", "pid"),
    Mask(
        "quoted",
        re.compile(r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"|`[^`\n]{0,200}`"),
        _quoted,
        "quoted strings are kept as they are (only v1's number rules inside them)",
        ("'", '"', "`"),
    ),
    Mask(
        "key_value",
        re.compile(r"(?<![\w.-])([A-Za-z_][\w.-]{0,40})(=)(?![=\s'\"`])([^\s,;()\[\]{}'\"`]+)"),
        _key_value,
        "values of key=value pairs (unless quoted) -> key=<VAL>: user=root, uid=0",
        ("=",),
    ),
    Mask(
        "user",
        re.compile(
            r"\b((?:[Ff]or|[Ii]nvalid|[Uu]nknown|[Ii]llegal|[Nn]o such) user)( +)"
            rf"[\w.$@-]*[\w${_SLOTS}][\w.$@{_SLOTS}-]*"
        ),
        _value,
        "the word after `for user`, `invalid user`, `unknown user`, `illegal user`, `no such user` "
        "(a user name in any log) -> <VAL>",
        ("user",),
    ),
    Mask(
        "token",
        re.compile(rf"(?<!{_TOKEN_CHARS}){_TOKEN_CHARS}*\d{_TOKEN_CHARS}*"),
        _token,
        "any other token with a digit -> <ID> (a number -> <NUM>, a host-like one -> <HOST1>); kept: error "
        "codes (E501, TS2304), names with one digit (python3, eth0), source-file names",
        _DIGITS,
    ),
    *_v1("whitespace"),
    Mask(
        "restated",
        re.compile(rf"({SLOT_CLASS}) ?\(\1\)"),
        lambda m, _s: m.group(1),
        "a value restated in brackets -> once: <SIZE> (<SIZE>) -> <SIZE>",
        ("(",),
    ),
    *_v1("repeats"),
)

MASKS_BY_NAME = {mask.name: mask for mask in MASKS}
v1_numbers = _v1_numbers  # v3 applies v1's number rules to the non-identifiers of a quoted string

V2 = Normalizer("v2", MASKS, "v1's specific masks plus generic host, size, path, key=value and token masks")
