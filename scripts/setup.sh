#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs (when some are missing),
# then configures and builds everything into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools libicu-dev libcli11-dev doctest-dev
  nlohmann-json3-dev libfmt-dev libgumbo-dev libxml2-dev libjemalloc-dev libzstd-dev
  libxxhash-dev                    # header-only XXH3, the stable hash (common/text/stable_hash.cpp)
  libcpp-httplib-dev               # search --serve (common/serve/)
  chromium                         # the browser test of the web page (tests/browser/)
  sqlite3 libsqlite3-dev time jq   # benchmark peer and tools (bench/)
  liblucene8-java openjdk-17-jdk-headless   # Lucene, the ranking peer of bench/relevance.sh
  groff-base zsh                   # the tests check the generated man pages and zsh completions
  dpkg-dev xz-utils patch          # static_xapian.sh: Debian's build flags, the source tarball, its patches
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node and npm for the browser test: Debian's, unless a node is installed already
# (NodeSource's nodejs carries its own npm and conflicts with Debian's).
if ! command -v npm >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing nodejs npm" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# puppeteer-core, the versions pinned in tests/browser/package-lock.json.
if [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  echo "setup: installing puppeteer-core into tests/browser/node_modules" >&2
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

# A static libxapian for `search`'s start-up (optional: the shared one otherwise).
./scripts/static_xapian.sh build/xapian-static
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
