#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs (when some are missing),
# then configures and builds everything into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools libicu-dev libcli11-dev doctest-dev
  nlohmann-json3-dev libfmt-dev libgumbo-dev libxml2-dev libjemalloc-dev libzstd-dev
  sqlite3 libsqlite3-dev time jq   # benchmark peer and tools (bench/)
  liblucene8-java openjdk-17-jdk-headless   # Lucene, the ranking peer of bench/relevance.sh
  groff-base zsh                   # the tests check the generated man pages and zsh completions
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

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
