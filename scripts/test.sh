#!/usr/bin/env bash
# Set up, then lint, check the package's layers, dependencies and dead code, and run the test suite
# (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure_chromium.sh
.venv/bin/ruff check .
bash scripts/check_layers.sh
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
