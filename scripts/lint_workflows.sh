#!/usr/bin/env bash
# Lint the action and workflows offline: JSON schemas (check-jsonschema), Dockerfile (hadolint),
# security audit (zizmor --offline). Tools come from .venv/bin when present, else from PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

tool() {
  if [ -x ".venv/bin/$1" ]; then echo ".venv/bin/$1"; elif command -v "$1" >/dev/null; then command -v "$1"; else
    echo "lint_workflows: $1 not found (pip install -e '.[dev]')" >&2; exit 2; fi
}
CHECK=$(tool check-jsonschema)
HADOLINT=$(tool hadolint)
ZIZMOR=$(tool zizmor)

shopt -s nullglob
examples=(examples/workflows/*.yml examples/workflows/*.yaml)
workflows=(.github/workflows/*.yml .github/workflows/*.yaml "${examples[@]}")

echo "== check-jsonschema: workflows (${#workflows[@]} files)"
"$CHECK" --builtin-schema vendor.github-workflows "${workflows[@]}"
echo "== check-jsonschema: action.yml"
"$CHECK" --builtin-schema vendor.github-actions action.yml
echo "== hadolint: Dockerfile"
"$HADOLINT" Dockerfile
echo "== zizmor --offline"
"$ZIZMOR" --offline --no-progress --quiet .github/ "${examples[@]}" action.yml
echo "lint_workflows: ok"
