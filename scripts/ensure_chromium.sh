#!/usr/bin/env bash
# The browser test drives Debian's chromium (never a downloaded browser), with a font for the Chinese and
# Japanese titles some sources carry (without one they show as empty boxes). Install what is missing.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || packages+=(fonts-wqy-zenhei)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
  echo "${packages[*]} not installed and this user cannot install them: the browser test will be skipped or fail" >&2
  exit 0
fi
echo "installing ${packages[*]} for the browser test" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
