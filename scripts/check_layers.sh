#!/usr/bin/env bash
# The package's shape: layers (import-linter), declared dependencies (deptry), dead code (vulture on the package
# and on the notebooks' code, with tests/vulture_whitelist.py for what it cannot see).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/lint-imports --no-cache
.venv/bin/deptry src
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
.venv/bin/python - "$scratch" <<'PY'
import json, pathlib, sys
for notebook in sorted(pathlib.Path("notebooks").glob("*.ipynb")):
    cells = json.loads(notebook.read_text())["cells"]
    code = "\n\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    (pathlib.Path(sys.argv[1]) / f"{notebook.stem}.py").write_text(code + "\n")
PY
.venv/bin/vulture src "$scratch" tests/vulture_whitelist.py --min-confidence 60
