"""Untrusted text (log lines, job names, file names, model answers) made inert for GitHub-flavoured Markdown.

Three shapes, and nothing else reaches the summary or the PR comment:
- `code(text)`: an inline code span whose fence is longer than any backtick run inside (CommonMark 6.1);
  mentions, HTML, links and emphasis are inert inside it.
- `block(text)`: a fenced code block (CommonMark 4.5) with a fence longer than any inside.
- `prose(text)`: plain words outside code: HTML and Markdown punctuation escaped, @mentions (users and
  `@org/team`) and autolinks (`https://`, `www.`, e-mail) broken with a zero-width space, and a leading
  `::` (a workflow command when printed to a runner's stdout) defused.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(?:[#+\-=:>]|\d)")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_SCHEME = re.compile(r"(?i)([a-z][a-z0-9+.\-]{1,20}):(?=//)")
_WWW = re.compile(r"(?i)\bwww\.")
_BACKTICKS = re.compile(r"`+")
_QUOTED = re.compile(r"`([^`]+)`")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str, limit: int) -> str:
    """Whitespace (newlines included) folded to single spaces, control characters dropped, bounded."""
    flat = " ".join(_CONTROL.sub("", text).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)].rstrip() + "…"


def prose(text: str, limit: int = 300) -> str:
    """Untrusted text rendered as plain words outside any code span."""
    flat = one_line(text, limit)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _PUNCT.sub(r"\\\1", flat)
    flat = _MENTION.sub("@" + ZWSP, flat)
    flat = _SCHEME.sub(lambda m: m.group(1) + ":" + ZWSP, flat)
    flat = _WWW.sub(lambda m: m.group(0)[:3] + ZWSP + ".", flat)
    return ZWSP + flat if _LINE_START.match(flat) else flat


def with_code(text: str, limit: int = 600) -> str:
    """Prose whose `backticked` parts stay code spans (our own messages quoting settings or file names)."""
    parts = _QUOTED.split(one_line(text, limit))
    return "".join(code(part) if index % 2 else prose(part, limit) for index, part in enumerate(parts))


def _longest_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def code(text: str, limit: int = 300) -> str:
    """Untrusted text as one inline code span (single line, bounded)."""
    flat = one_line(text, limit) or " "
    fence = "`" * (_longest_run(flat) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def block(text: str, limit_lines: int = 40, limit_chars: int = 4000, info: str = "text") -> str:
    """Untrusted text as a fenced code block; lines and characters bounded."""
    lines = [_CONTROL.sub("", line).rstrip() for line in text.splitlines()][:limit_lines]
    body = "\n".join(lines)[:limit_chars]
    fence = "`" * max(3, _longest_run(body) + 1)
    return f"{fence}{info}\n{body}\n{fence}"


def url_path(text: str) -> str:
    """A repository path for a URL: percent-encode what would end or break the link."""
    safe = []
    for char in text:
        if char.isalnum() or char in "/._-~":
            safe.append(char)
        else:
            safe.append("".join(f"%{byte:02X}" for byte in char.encode()))
    return "".join(safe)


__all__ = ["ZWSP", "block", "code", "one_line", "prose", "url_path", "with_code"]
