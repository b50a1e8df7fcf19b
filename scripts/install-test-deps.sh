#!/usr/bin/env bash
# Test-only dependencies that do not come from apt: hpke-js (an independent HPKE implementation
# used by the interoperability test), pinned by tests/hpke-interop/package-lock.json.
# Idempotent and quiet: reinstalls only when the lock file changed. Without Node.js or the npm
# registry the interop test skips with a message (and fails in CI, where both must work).
set -euo pipefail
cd "$(dirname "$0")/../tests/hpke-interop"
command -v npm >/dev/null || { echo "install-test-deps: npm not found; the HPKE interop test will be skipped" >&2; exit 0; }
stamp=node_modules/.lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
if npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>npm-ci.log; then
  cp package-lock.json "$stamp"
  rm -f npm-ci.log
else
  echo "install-test-deps: 'npm ci' failed (see tests/hpke-interop/npm-ci.log); the HPKE interop test will be skipped" >&2
fi
