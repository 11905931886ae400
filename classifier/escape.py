"""The one escaping function for untrusted text printed as plain lines (stdout text reports, stderr).

File and archive-member names, job names and messages come from the inputs. Printed raw, a name holding a
newline could start a line with `::`, which a GitHub Actions runner reads as a workflow command (set an
output, add a mask, stop commands); a control character or ANSI sequence could rewrite the terminal.
`printable` shows such characters as escapes (`\\n`, `\\x1b`, `\\u2028`) and defuses a leading `::`, so one
printed value is always one inert line. Markdown (summary, PR comment) has its own neutraliser.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls, DEL, line/paragraph separators, bidi controls, lone surrogates (undecodable bytes).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_COMMAND_START = re.compile(r"^(\s*):(?=:)")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe to print: controls escaped, no line starting with `::`.

    With `keep_newlines`, line breaks stay (each line is made safe on its own); otherwise the result is one
    line.
    """
    if keep_newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return _COMMAND_START.sub(r"\1\\x3a", _UNSAFE.sub(_escape, text))
