"""Cache keys: a claim is executed again only when something it depends on changed.

The key covers the notebook, the checked parameters, the data files the claim reads, the package's
code and the pinned requirements.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeclaims.ledger.files import sha256_bytes

PACKAGE_DIR = Path(__file__).parents[1]  # the whole package: every role's code and templates


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """One hash over every source and template file of the package."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(notebook: Path, parameters: dict[str, Any], data_hashes: dict[str, str], requirements: Path
              ) -> dict[str, str]:
    """The parts of a claim's key and, under 'key', their combined hash."""
    parts = {
        "notebook": sha256_bytes(notebook.read_bytes()),
        "parameters": sha256_bytes(json.dumps(parameters, sort_keys=True).encode()),
        "data": sha256_bytes(json.dumps(data_hashes, sort_keys=True).encode()),
        "package": package_fingerprint(),
        "requirements": sha256_bytes(requirements.read_bytes()) if requirements.exists() else "none",
    }
    parts["key"] = sha256_bytes(json.dumps(parts, sort_keys=True).encode())
    return parts
