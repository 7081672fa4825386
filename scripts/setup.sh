#!/usr/bin/env bash
# Create .venv with the pinned requirements and the tradeclaims package; install the notebooks' kernel.
# Does nothing when requirements.txt and pyproject.toml have not changed since the last set-up.
# Needs the Python that the pins need (MINIMUM below, equal to pyproject's requires-python): it takes $PYTHON, else
# the first of python3.11, python3.12, python3.13 and python3 that is new enough, and stops with one line otherwise.
# A set-up that fails removes the .venv it created, so running it again starts clean.
set -euo pipefail
cd "$(dirname "$0")/.."
MINIMUM=3.11  # every pin's Requires-Python admits 3.11.0 and up (Debian 12's own python3, 3.11.2, is tested)

version_of() {  # the X.Y.Z of a Python, or nothing when it does not run
  "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true
}

new_enough() {  # is version $1 at least MINIMUM?
  [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$MINIMUM" "$1" | sort -V | head -n1)" = "$MINIMUM" ]
}

choose_python() {
  local candidates=() found=() candidate version
  if [ -n "${PYTHON:-}" ]; then candidates=("$PYTHON"); else candidates=(python3.11 python3.12 python3.13 python3); fi
  for candidate in "${candidates[@]}"; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    version=$(version_of "$candidate")
    if new_enough "$version"; then echo "$candidate"; return 0; fi
    found+=("$candidate ${version:-(does not run)}")
  done
  local seen="none found"
  [ ${#found[@]} -gt 0 ] && seen=$(IFS=','; echo "${found[*]}" | sed 's/,/, /g')
  echo "tradeclaims needs Python $MINIMUM or newer (its pinned packages require it); found: $seen. Install one and set PYTHON=/path/to/python." >&2
  return 1
}

python=$(choose_python) || exit 2
if [ -e .venv ] && ! new_enough "$(version_of .venv/bin/python)"; then
  echo "removing .venv: its Python is missing or older than $MINIMUM" >&2
  rm -rf .venv
fi
created=false
if [ ! -x .venv/bin/python ]; then
  created=true
  trap 'status=$?; if [ "$status" -ne 0 ] && [ "$created" = true ]; then rm -rf .venv; echo "set-up failed: .venv removed, run it again once the cause is fixed" >&2; fi' EXIT
  "$python" -m venv .venv
fi
stamp=.venv/.tradeclaims-setup
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$wanted" > "$stamp"
fi
.venv/bin/python -c "from tradeclaims.run.kernels import ensure_kernel; ensure_kernel()"
created=false
