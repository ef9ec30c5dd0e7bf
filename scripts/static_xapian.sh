#!/usr/bin/env bash
# Builds a static libxapian from Debian's source of the installed
# libxapian-dev (the same version, so the same index format as xapian-tools),
# into DIR (default build/xapian-static), for `search` to link statically
# with libstdc++: loading libxapian.so and the libstdc++ it needs cost a
# one-shot query about 0.5 ms of its ~4.5 (docs/design.md, "A start without
# C++ shared libraries").
# It also applies scripts/xapian-patches/*.patch (speed only, the same index
# bytes: each patch says why); a patch that does not apply is left out, with
# a message. Nothing here is required: when the source cannot be fetched or
# built, it says so and the build links the shared libxapian. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-build/xapian-static}")
say() { echo "static_xapian: $*" >&2; }

version=$(dpkg-query -W -f='${Version}' libxapian-dev 2>/dev/null) || { say "libxapian-dev is not installed"; exit 0; }
patches=("$PWD"/scripts/xapian-patches/*.patch)
# The installed version and the patches' contents: either changing rebuilds.
stamp="$version $(cat "${patches[@]}" 2>/dev/null | sha256sum | cut -c1-16)"
if [[ -f $dir/lib/libxapian.a && $(cat "$dir/VERSION" 2>/dev/null) == "$stamp" ]]; then exit 0; fi

work="$dir.src"
rm -rf "$dir" "$work"
mkdir -p "$work/apt/lists/partial" "$work/apt/sources"
# The machine's own Debian mirrors, as deb-src lines in a private apt state,
# so that the system's sources and package lists stay as they are.
for f in /etc/apt/sources.list.d/*.sources; do
  if [[ -f $f ]]; then sed 's/^Types:.*/Types: deb-src/' "$f" && echo; fi
done >"$work/apt/sources/src.sources"
if [[ -f /etc/apt/sources.list ]]; then
  sed -n 's/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list >"$work/apt/sources/src.list"
fi
apt_private=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$work/apt/sources"
  -o Dir::State::Lists="$work/apt/lists" -o APT::Sandbox::User=root)
say "fetching xapian-core $version's source"
if ! (cd "$work" && apt-get "${apt_private[@]}" -qq update >/dev/null 2>"$work/apt.err" &&
  apt-get "${apt_private[@]}" -qq source --download-only "xapian-core=$version" >/dev/null 2>>"$work/apt.err"); then
  say "cannot fetch the source ($(grep -m 1 -E '^(W|E): ' "$work/apt.err" || tail -n 1 "$work/apt.err")):" \
    "search links the shared libxapian"
  rm -rf "$work"
  exit 0
fi
upstream=${version%-*}
upstream=${upstream#*:}
# Debian's own compiler flags (hardening included), without debug information.
cxxflags=-O2 cppflags=
if command -v dpkg-buildflags >/dev/null; then
  cxxflags=$(dpkg-buildflags --get CXXFLAGS | sed 's/\(^\| \)-g\( \|$\)/ /')
  cppflags=$(dpkg-buildflags --get CPPFLAGS)
fi
# Every step is checked here, not by `set -e`: a failure falls back to the
# shared library instead of stopping setup.sh.
build() {
  local tarball src
  tarball=$(find "$work" -maxdepth 1 -name "xapian-core_$upstream.orig.tar.*" ! -name '*.asc' | head -n 1)
  [[ -n $tarball ]] && tar -xf "$tarball" -C "$work" || return 1
  src="$work/xapian-core-$upstream"
  local patch
  for patch in "${patches[@]}"; do
    [[ -f $patch ]] || continue
    if (cd "$src" && patch -p1 --forward --quiet --dry-run <"$patch" >/dev/null 2>&1); then
      (cd "$src" && patch -p1 --forward --quiet <"$patch") || return 1
    else
      say "${patch#"$PWD"/} does not apply to xapian-core $upstream: built without it" >&3
    fi
  done
  (cd "$src" && ./configure -q --disable-shared --enable-static --disable-documentation --prefix="$dir" \
    CXXFLAGS="$cxxflags" CPPFLAGS="$cppflags" && make -j"$(nproc)" libxapian.la &&
    make install-libLTLIBRARIES install-incHEADERS install-xapianincludeHEADERS install-nodist_xapianincludeHEADERS)
}
say "building libxapian.a (about a minute on two cores)"
if ! build 3>&2 >"$work/build.log" 2>&1; then
  say "building it failed (see $work/build.log): search links the shared libxapian"
  rm -rf "$dir"
  exit 0
fi
echo "$stamp" >"$dir/VERSION"
rm -rf "$work"
