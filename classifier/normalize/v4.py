"""Normaliser v4: v3, with the random part of a temporary file or folder name made one fixed text first.

mkdtemp/mktemp-style names end a path segment with a random run after a separator
(`package-tar-staging-3f9a2c1b`, `tmp.Xa81bEc2Q1`, Python's `tmpk8x9q2ab`). v3 masked such a name
differently with each run's random text: a hex run became `<HEX1>` and cut the path in two (`<PATH><HEX1>`),
another run left the path whole (`<PATH>`), an all-letter one stayed as it was. So one disk-full failure
printed for each temporary folder was several failures. v4 turns the run into `XXXXXX` (the template
mkdtemp(3) fills) before any other mask, so the path is masked the same way whatever the run was. A run is
random when it is 6-32 letters and digits without a word in it and with at least 4 changes between lower
case, upper case and digits (`3f9a2c1b`, `k8x9q2ab`, `Xa81bEc2Q1`; 3 when it mixes all three: `ofAoc2`;
mixed-case letters only: `GvRtNa`); names (`staging`, `RelWithDebInfo`, `Win32Release`), versions
(`v2beta1`, `20230802`) and architectures (`x86_64`, `arm64v8`) are kept. docs/fingerprints.md
("Normaliser v4") records the decision."""

from __future__ import annotations

import itertools
import re

from classifier.normalize import v3
from classifier.normalize.engine import Mask, Normalizer, Scratch

__all__ = ["MASKS", "V4", "random_run"]

MIN_CHANGES = 4  # changes of character class in a run that make it random
TEMPLATE = "XXXXXX"
_STOP = r"/\\\s'\"`:;,()\[\]{}<>"
# a path segment's random end: after `-`, `_` or `.`, or after Python's `tmp` prefix; an extension may follow
_TEMP_SEGMENT = re.compile(
    rf"(?<=[/\\])(?P<stem>[^{_STOP}]*?[-_.]|tmp)(?P<run>[A-Za-z0-9]{{6,32}})(?P<ext>\.[A-Za-z]{{1,5}})?(?=[{_STOP}]|$)"
)


def _kind(char: str) -> int:
    return 0 if char.isdigit() else 1 if char.islower() else 2


_LOWER_RUN = re.compile(r"[a-z]{4,}")


def random_run(run: str) -> bool:
    """Whether a run of letters and digits reads as random: no word in it (4+ lower-case letters in a row),
    and at least MIN_CHANGES changes of character class (3 when it mixes upper case, lower case and digits);
    without digits, mixed case with no 3 lower-case letters in a row."""
    if _LOWER_RUN.search(run):
        return False
    changes = sum(1 for left, right in itertools.pairwise(run) if _kind(left) != _kind(right))
    digits, lower, upper = (any(_kind(char) == kind for char in run) for kind in (0, 1, 2))
    if digits:
        return (lower or upper) and (changes >= MIN_CHANGES or (changes >= MIN_CHANGES - 1 and lower and upper))
    return lower and upper and changes >= MIN_CHANGES and not re.search(r"[a-z]{3}", run)


def _temp_name(match: re.Match[str], _scratch: Scratch) -> str:
    if not random_run(match.group("run")):
        return match.group(0)
    return f"{match.group('stem')}{TEMPLATE}{match.group('ext') or ''}"  # plain text: the path masks follow


MASKS: tuple[Mask, ...] = (
    Mask(
        "temp_name",
        _TEMP_SEGMENT,
        _temp_name,
        "the random end of a temporary file or folder name (mkdtemp, mktemp, tempfile) -> XXXXXX",
        ("/", "\\"),
    ),
    *v3.MASKS,
)

V4 = Normalizer("v4", MASKS, "v3, with the random end of temporary file and folder names made one text first")
