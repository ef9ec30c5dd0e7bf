#!/usr/bin/env bash
# search, linked with the static libxapian (scripts/static_xapian.sh), loads no
# C++ shared library: a dependency that brought libstdc++.so back would cost
# every one-shot query ~0.4 ms (docs/design.md, "A start without C++ shared
# libraries"). Then it must still answer.
set -euo pipefail
search=$1 corpus=$2 work=$3
needed=$(readelf -d "$search" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
echo "search needs: $needed"
for lib in $needed; do
  case $lib in
    libc.so.* | libm.so.* | ld-linux*.so.*) ;;
    *) echo "search loads $lib: only libc, libm and the loader were expected" >&2; exit 1 ;;
  esac
done
rm -rf "$work" && mkdir -p "$work"
"$(dirname "$search")/indexer" --corpus "$corpus" --index "$work/index" --quiet
out=$("$search" --index "$work/index" --ids "Patriot Ukraine")
[[ -n $out ]] || { echo "search found nothing for Patriot Ukraine" >&2; exit 1; }
echo "$out"
