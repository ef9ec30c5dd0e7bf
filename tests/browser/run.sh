#!/usr/bin/env bash
# CTest's entry to the browser test (search_page.mjs): exits 77, which CTest
# reports as skipped, when Node, Chromium or puppeteer-core is missing;
# scripts/setup.sh installs all three.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
command -v node >/dev/null || missing+=("node (apt-get install nodejs npm)")
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=("chromium (apt-get install chromium)")
[ -d node_modules/puppeteer-core ] || missing+=("puppeteer-core (npm ci --prefix tests/browser)")
if ((${#missing[@]})); then
  echo "browser test skipped: missing ${missing[*]}; scripts/setup.sh installs them" >&2
  exit 77
fi
exec node search_page.mjs "$@"
