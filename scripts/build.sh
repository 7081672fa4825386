#!/usr/bin/env bash
# Set up, then build every claim's report into reports/ (extra arguments go to `tradeclaims run`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tradeclaims run "$@"
