#!/usr/bin/env bash
# Fetches llama.cpp / ggml (MIT) for the ai.generate kernel: Debian 12 has no package, and the npm
# package node-llama-cpp ships the complete upstream source as a git bundle. The tarball is
# checked against a pinned sha512 (npm's integrity string) before anything is unpacked; the
# bundle is cloned into DEST (inside the build tree, never the repository).
#
#   scripts/fetch-llama.sh DEST
#
# The tarball is cached in ${XDG_CACHE_HOME:-~/.cache}/cocoon-contributor so rebuilds work offline.
set -euo pipefail

PACKAGE=node-llama-cpp
VERSION=3.22.1
INTEGRITY='sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=='

dest=${1:?usage: fetch-llama.sh DEST}
stamp="$dest/.cocoon-fetched"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$PACKAGE@$VERSION $INTEGRITY" ]; then
  exit 0
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/cocoon-contributor
mkdir -p "$cache"
tarball="$cache/$PACKAGE-$VERSION.tgz"

integrity_of() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

if [ ! -f "$tarball" ] || [ "$(integrity_of "$tarball")" != "$INTEGRITY" ]; then
  command -v npm >/dev/null || { echo "fetch-llama: npm is needed to fetch $PACKAGE (apt-get install npm), or configure with -DCOCOON_LLM=OFF" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null) \
    || { echo "fetch-llama: 'npm pack $PACKAGE@$VERSION' failed (no registry?)" >&2; exit 1; }
  got=$(integrity_of "$tmp/$PACKAGE-$VERSION.tgz")
  if [ "$got" != "$INTEGRITY" ]; then
    echo "fetch-llama: $PACKAGE-$VERSION.tgz has $got, expected $INTEGRITY; refusing it" >&2
    exit 1
  fi
  mv "$tmp/$PACKAGE-$VERSION.tgz" "$tarball"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
git -c advice.detachedHead=false clone --quiet "$work/package/llama/gitRelease.bundle" "$dest"
cp "$work/package/llama/llama.cpp.info.json" "$dest/cocoon-origin.json"
echo "$PACKAGE@$VERSION $INTEGRITY" > "$stamp"
echo "fetch-llama: llama.cpp $(sed -n 's/.*"tag": *"\([^"]*\)".*/\1/p' "$dest/cocoon-origin.json") from $PACKAGE@$VERSION in $dest"
