#!/usr/bin/env bash
# The browser test drives Debian's chromium (never a downloaded browser). Install it when it is missing.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
  echo "chromium is not installed and this user cannot install it: the browser test will be skipped" >&2
  exit 0
fi
echo "installing chromium for the browser test" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
