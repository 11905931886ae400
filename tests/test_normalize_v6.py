"""Normaliser v6 (the default of grouping ci@2026-12-01d): v5, with the path after a CI checkout written with
forward slashes, so a file on a Windows runner is one path whichever slash the tool printed."""

from __future__ import annotations

import pytest

from classifier.fingerprint import DEFAULT_GROUPING, GROUPING, identify
from classifier.model import ErrorRecord, SourceKind
from classifier.normalize import NORMALIZERS, normalize

# MSBuild prints the full path with backslashes (`D:\a\shop\shop\src\Cart.cs(12,5): error CS0103: ...`, the
# C# compiler's documented diagnostic format); dotnet test, Node and CMake print the same checkout with `/`.
SAME = "<WS>/src/Cart.cs(<LINE>,<COL>): error CS0103: The name 'total' does not exist in the current context"


@pytest.mark.parametrize(
    "path",
    [
        r"D:\a\shop\shop\src\Cart.cs",
        "D:/a/shop/shop/src/Cart.cs",
        r"C:\a\shop\shop\src\Cart.cs",
        "/home/runner/work/shop/shop/src/Cart.cs",
        r"D:\a\shop\shop/src\Cart.cs",  # mixed, as some tools join paths
    ],
)
def test_a_checkout_path_is_one_path_whatever_the_slash(path: str) -> None:
    message = f"{path}(12,5): error CS0103: The name 'total' does not exist in the current context"
    assert normalize(message, "v6").text == SAME


def test_one_failure_on_two_runners_is_one_fingerprint() -> None:
    message = "{}(12,5): error CS0103: The name 'total' does not exist in the current context"
    records = [
        ErrorRecord(source="win.log", kind=SourceKind.RUNNER, message=message.format(path), code="CS0103")
        for path in (r"D:\a\shop\shop\src\Cart.cs", "D:/a/shop/shop/src/Cart.cs")
    ]
    for grouping in (GROUPING["ci@2026-12-01d"], DEFAULT_GROUPING):  # v6's grouping, and the default after it
        first, second = (identify(record, grouping).fingerprint.value for record in records)
        assert first == second
    assert GROUPING["ci@2026-12-01d"].normalizer == "v6"


def test_backslashes_outside_a_checkout_path_stay() -> None:
    for text in (
        r"re.error: bad escape \d at position 3",
        r"C:\Users\runneradmin\AppData\Local\Temp\x.txt not found",
        r"expected '\n' got '\t'",
    ):
        assert normalize(text, "v6").text == normalize(text, "v5").text


def test_v6_changes_only_the_workspace_mask_of_v5() -> None:
    v5, v6 = NORMALIZERS["v5"].masks, NORMALIZERS["v6"].masks
    assert [m.name for m in v5] == [m.name for m in v6]
    assert [m for m in v5 if m.name != "path_workspace"] == [m for m in v6 if m.name != "path_workspace"]
