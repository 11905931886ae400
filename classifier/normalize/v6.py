"""Normaliser v6: v5, with the path after a CI checkout written with forward slashes.

GitHub's Windows runners print a file in the checkout with either slash: MSBuild and the .NET SDK
`D:\\a\\shop\\shop\\src\\Cart.cs(12,5)`, Node, Python and CMake often `D:/a/shop/shop/src/Cart.cs`. v5 masks
the checkout root of either as `<WS>` but keeps the separators after it (`<WS>\\src\\Cart.cs` against
`<WS>/src/Cart.cs`), so one failure on two runners, or printed by two tools, was two fingerprints. v6's
`path_workspace` takes the rest of the path with the root and writes it with `/`: `<WS>/src/Cart.cs` on
every runner. Backslashes outside a checkout path (escapes, regular expressions, a Windows path that is not
a checkout) stay as they are. docs/fingerprints.md ("Normaliser v6") records the decision.
"""

from __future__ import annotations

import re

from classifier.normalize import v5
from classifier.normalize.engine import Mask, Normalizer, Scratch

__all__ = ["MASKS", "V6"]

_SEGMENT = r"[^/\\\s'\"`:;,()<>\[\]]+"  # one folder or file name (v5's)
WORKSPACE_PATH = re.compile(rf"{v5.WORKSPACE.pattern}(?P<rest>(?:[/\\]{_SEGMENT})*)")


def _root_and_path(match: re.Match[str], scratch: Scratch) -> str:
    """`<WS>` and the path after it with forward slashes (later masks still see the path)."""
    return scratch.park("<WS>") + match.group("rest").replace("\\", "/")


def _v6(mask: Mask) -> Mask:
    if mask.name != "path_workspace":
        return mask
    return Mask(
        "path_workspace",
        WORKSPACE_PATH,
        _root_and_path,
        "CI checkout directories of every CI system in classifier/workspaces.py -> <WS>, the path after it "
        "with / (v6: one path on Windows runners whatever slash a tool prints)",
        mask.needs,
    )


MASKS: tuple[Mask, ...] = tuple(_v6(mask) for mask in v5.MASKS)

V6 = Normalizer("v6", MASKS, "v5, with the path after a CI checkout written with forward slashes")
