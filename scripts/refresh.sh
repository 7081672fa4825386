#!/usr/bin/env bash
# Refresh data/fetched/ from the publishers whose connectors need no page address (IMF IMTS, US Census).
# Never fails the build: a connector that cannot reach its publisher (no network, an outage) is skipped with
# its one-line message. Prints "fetched=<sources>" last (the sources refreshed, comma-separated, maybe none).
set -uo pipefail
cd "$(dirname "$0")/.."
fetched=()
for request in "imf --start 2023-01" "census --start 2024-01"; do
  source=${request%% *}
  # shellcheck disable=SC2086  # the request is a connector and its options, split on purpose
  if message=$(.venv/bin/tradeclaims fetch $request 2>&1); then
    echo "$message"
    fetched+=("$source")
  else
    echo "refresh from $source skipped: $(echo "$message" | tail -n 1)"
  fi
done
(IFS=,; echo "fetched=${fetched[*]}")
