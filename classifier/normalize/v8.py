"""Normaliser v8: v7, with the date formats that still kept a month or a weekday made one timestamp.

v1-v7 mask ISO 8601, syslog and ctime stamps. Other documented formats kept their names, so one failure
printed on another day was another text: the HTTP date of RFC 9110 / RFC 1123 (`Fri, 30 Jan 2015 16:47:23
GMT`, in a test's `expected:<...>`), the Common Log Format of web servers (`[10/Oct/2000:13:55:36 -0700]`),
`16-Dec-2019 16:32:50.735` (Tomcat, Oracle) and Java's medium format with its half of the day
(`May 16, 2020 3:57:52 AM`). v8's `timestamp_text` makes each `<TS>`, and `meridiem` takes the AM/PM after a
stamp or a clock value with it. docs/fingerprints.md ("Normaliser v8") records the decision.
"""

from __future__ import annotations

import re

from classifier.normalize import v1, v7
from classifier.normalize.engine import Mask, Normalizer, Scratch, fixed

__all__ = ["MASKS", "V8"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAMES = (*_MONTHS, *(month.upper() for month in _MONTHS))  # Oracle and some Java formats write JUL
_MON = f"(?:{'|'.join(_NAMES)})"
_ZONE = r"(?: (?:GMT|UTC|[+-]\d{4}))?"
_TIMESTAMP_TEXT = re.compile(
    # Common Log Format: 10/Oct/2000:13:55:36 -0700
    rf"(?<![\w/])\d{{1,2}}/{_MON}/\d{{4}}:\d{{2}}:\d{{2}}:\d{{2}}(?: [+-]\d{{4}})?(?![\w:])"
    # HTTP / RFC 1123 date: Fri, 30 Jan 2015 16:47:23 GMT (the weekday may be left out)
    rf"|(?<![\w,])(?:{v1._DAY}, )?\d{{1,2}} {_MON} \d{{4}} \d{{2}}:\d{{2}}(?::\d{{2}})?{_ZONE}(?![\w:])"
    # 16-Dec-2019 16:32:50.735, 01-JUL-06
    rf"|(?<![\w-])\d{{1,2}}-{_MON}-\d{{2,4}}(?:[ :]\d{{2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,9}})?)?(?![\w-])"
)
_MERIDIEM = re.compile(r"([\ue000-\uf8ff]) ?(?:AM|PM|am|pm)\b")


def _meridiem(match: re.Match[str], scratch: Scratch) -> str:
    stamp = match.group(1)
    return stamp if scratch.literal(stamp) in ("<TS>", "<DUR>") else match.group(0)


_TEXT = Mask(
    "timestamp_text",
    _TIMESTAMP_TEXT,
    fixed("TS"),
    "dates that name the month: HTTP dates (Fri, 30 Jan 2015 16:47:23 GMT), Common Log Format "
    "(10/Oct/2000:13:55:36 -0700), 16-Dec-2019 16:32:50.735 -> <TS>",
    _NAMES,
)
_HALF_DAY = Mask(
    "meridiem",
    _MERIDIEM,
    _meridiem,
    "AM/PM after a timestamp or a clock value goes with it: May 16, 2020 3:57:52 AM -> <TS>",
    ("AM", "PM", "am", "pm"),
    placeholder=True,
)


def _masks() -> tuple[Mask, ...]:
    masks: list[Mask] = []
    for mask in v7.MASKS:
        if mask.name == "timestamp_iso":
            masks.append(_TEXT)
        masks.append(mask)
        if mask.name == "clock":
            masks.append(_HALF_DAY)
    return tuple(masks)


MASKS: tuple[Mask, ...] = _masks()

V8 = Normalizer("v8", MASKS, "v7, with HTTP, Common Log Format and dd-Mon-yyyy dates and AM/PM as one timestamp")
