"""Normaliser v7: v6, with three positions that name a host or a user in any system log made one value, and
hex byte pairs made one id.

- `syslog_header`: the host of a syslog line's header (RFC 3164 / journal short format
  `Jun 14 15:16:01 combo sshd(pam_unix)[19939]: ...`, RFC 5424 `<165>1 2003-10-11T22:14:15Z host app ...`)
  -> `<HOST1>`. v6 kept a host name without digits (`combo`, `LabSZ`), so one failure on two machines was two.
- `named_address`: an address printed with its name in brackets, either way round, the name possibly empty
  or `unknown` (ftpd `connection from 10.0.0.1 () at ...` / `(host.example.com)`, Postfix
  `connect from unknown[10.0.0.1]` / `mail.example.com[10.0.0.1]`) -> one `<HOST1>`. v6 gave `<HOST1> ()`
  for an address whose reverse lookup failed and `<HOST1> (<HOST2>)` for one that resolved.
- `auth_user`: the principal between `for` and `from <address>` (sshd `Failed password for root from
  10.0.0.1 port 22 ssh2`, ejabberd `Failed c2s PLAIN authentication for bob@example.com from 10.0.0.1`)
  -> `<VAL>`, as v2 already did after `for user`/`invalid user`. A quoted principal is kept.
- `mac`: 6-32 hex byte pairs with one separator (`00:11:22:33:44:55`, `00-1A-2B-3C-4D-5E`, a 12-byte chip id)
  -> `<MAC1>`, numbered. v6 masked each pair by its own shape (`<NUM>:<ID>:ba:...`), so every address was
  another text.

No pattern names a system or holds a word list. docs/fingerprints.md ("Normaliser v7") records the decision.
"""

from __future__ import annotations

import re

from classifier.normalize import v6
from classifier.normalize.engine import SLOT_CLASS, Mask, Normalizer, Scratch, numbered, searches

__all__ = ["MASKS", "V7"]

_SLOT = SLOT_CLASS
_HOST_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,252}"
# RFC 3164 / journal: `<TS> host tag[pid]: ` (the pid makes it a header, not `<TS> Build failed: ...`);
# RFC 5424: `<PRI>1 <TS> host app ...` (the version digit after the priority makes it one).
_SYSLOG_HEADER = re.compile(
    rf"^(?P<lead>\s*(?:<\d{{1,3}}>)?)(?P<ts>{_SLOT}) (?P<host>{_HOST_NAME})"
    rf"(?= [\w./-]{{1,48}}(?:\([^()\s]{{1,48}}\))?\[\d{{1,10}}\]: )"
    rf"|^(?P<lead5>\s*<\d{{1,3}}>1 )(?P<ts5>{_SLOT}) (?P<host5>{_HOST_NAME})(?= )"
)


def _syslog_header(match: re.Match[str], scratch: Scratch) -> str:
    lead, stamp, host = match.group("lead", "ts", "host")
    if stamp is None:
        lead, stamp, host = match.group("lead5", "ts5", "host5")
    if scratch.literal(stamp) != "<TS>":
        return match.group(0)
    return f"{lead}{stamp} {scratch.numbered('HOST', host.lower())}"


# an address and its name in brackets: `<HOST1> (<HOST2>)`, `<HOST1> ()`, `<HOST1>[<HOST2>]`, `unknown[<HOST1>]`
_NAMED_ADDRESS = re.compile(
    rf"(?P<a>{_SLOT}|(?<![\w.-])unknown)(?P<space> ?)(?P<open>[(\[])(?P<b>{_SLOT}|unknown)?(?P<close>[)\]])"
)
_BRACKETS = {"(": ")", "[": "]"}


def _named_address(match: re.Match[str], scratch: Scratch) -> str:
    first, second = match.group("a", "b")
    if _BRACKETS[match.group("open")] != match.group("close"):
        return match.group(0)
    hosts = [part for part in (first, second) if part and _is_host(part, scratch)]
    others = [part for part in (first, second) if part and part != "unknown" and not _is_host(part, scratch)]
    if not hosts or others or (second is None and match.group("open") == "["):
        return match.group(0)  # an empty `[]` says nothing about a name
    return hosts[0]


def _is_host(part: str, scratch: Scratch) -> bool:
    return scratch.literal(part).startswith("<HOST")


# `for <principal> from <address>`: who acted from where (sshd, ejabberd, FTP and mail daemons)
_AUTH_USER = re.compile(
    rf"(?<![\w-])(?P<for>[Ff]or)(?P<space> +)(?P<who>[^\s'\"`()\[\]{{}},;]+)(?= from (?P<at>{_SLOT}))"
)


def _auth_user(match: re.Match[str], scratch: Scratch) -> str:
    if not _is_host(match.group("at"), scratch):
        return match.group(0)
    if scratch.render(match.group("who"))[:1] in "'\"`":  # a quoted principal is kept
        return match.group(0)
    return match.group("for") + match.group("space") + scratch.park("<VAL>")


# 6 to 32 hex byte pairs, one separator throughout: MAC (EUI-48/64), WWN, key and certificate fingerprints
_MAC = re.compile(r"(?<![\w:.-])[0-9A-Fa-f]{2}(?P<sep>[:-])[0-9A-Fa-f]{2}(?:(?P=sep)[0-9A-Fa-f]{2}){4,30}(?![\w:.-])")

_BYTES = Mask(
    "mac",
    _MAC,
    numbered("MAC"),
    "hardware addresses and other ids written as hex byte pairs (6-32, one of `:` or `-` between them): "
    "00:11:43:e3:ba:c3, 00-1A-2B-3C-4D-5E -> <MAC1>, numbered",
    (":", "-"),
    gate=searches(r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}"),
)
_SYSLOG = Mask(
    "syslog_header",
    _SYSLOG_HEADER,
    _syslog_header,
    "the host of a syslog header (`<TS> host prog[pid]: `, RFC 5424 `<PRI>1 <TS> host `) -> <HOST1>",
    placeholder=True,
)
_NAMED = Mask(
    "named_address",
    _NAMED_ADDRESS,
    _named_address,
    "an address with its name in brackets, either way round, the name possibly empty or unknown: "
    "<HOST1> (<HOST2>), <HOST1> (), unknown[<HOST1>] -> <HOST1>",
    ("(", "["),
    gate=searches(rf"(?:{SLOT_CLASS}|unknown) ?[(\[]"),
)
_AUTH = Mask(
    "auth_user",
    _AUTH_USER,
    _auth_user,
    "the principal in `for X from <address>` (sshd, ejabberd) -> <VAL>; a quoted one is kept",
    (" from ",),
)


def _masks() -> tuple[Mask, ...]:
    masks: list[Mask] = []
    for mask in v6.MASKS:
        if mask.name == "whitespace":
            masks += [_NAMED, _AUTH]
        masks.append(mask)
        if mask.name == "timestamp_syslog":
            masks += [_SYSLOG, _BYTES]  # byte pairs before `clock` reads 00:11:43 as a time
    return tuple(masks)


MASKS: tuple[Mask, ...] = _masks()

V7 = Normalizer(
    "v7", MASKS, "v6, with a syslog header's host, an address named in brackets, `for X from <address>` and MACs"
)
