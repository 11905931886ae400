"""Point action.yml at a published image by digest (run by .github/workflows/release.yml).

    python scripts/pin_image.py ghcr.io/owner/ci-failure-classifier@sha256:<64 hex> [action.yml]

Only the `image:` line under `runs:` changes; a reference that is not `ghcr.io/...@sha256:<digest>` is refused.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REFERENCE = re.compile(r"^ghcr\.io/[a-z0-9][a-z0-9._/-]*@sha256:[0-9a-f]{64}$")
IMAGE_LINE = re.compile(r"^(  image: )(?:'[^']*'|\"[^\"]*\"|\S+)(.*)$", re.M)


def pin(text: str, reference: str) -> str:
    if not REFERENCE.match(reference):
        raise ValueError(f"not a ghcr.io image pinned by digest: {reference!r}")
    found = IMAGE_LINE.findall(text)
    if len(found) != 1:
        raise ValueError(f"expected one `image:` line under runs:, found {len(found)}")
    comment = "  # published by .github/workflows/release.yml"
    return IMAGE_LINE.sub(lambda m: f"{m.group(1)}'docker://{reference}'{comment}", text)


def main(argv: list[str]) -> int:
    if len(argv) not in {2, 3}:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[2] if len(argv) == 3 else "action.yml")
    try:
        path.write_text(pin(path.read_text(encoding="utf-8"), argv[1]), encoding="utf-8")
    except ValueError as exc:
        print(f"pin_image: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
