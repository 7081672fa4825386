#!/usr/bin/env bash
# Create .venv with the pinned requirements and the tradeclaims package; install the notebooks' kernel.
# Does nothing when requirements.txt and pyproject.toml have not changed since the last set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.tradeclaims-setup
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$wanted" > "$stamp"
fi
.venv/bin/python -c "from tradeclaims.run.kernels import ensure_kernel; ensure_kernel()"
