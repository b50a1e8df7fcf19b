#!/usr/bin/env bash
# Test-only dependencies that do not come from apt, each pinned by its package-lock.json:
#   tests/hpke-interop  hpke-js, an independent HPKE implementation (interoperability test)
#   tests/ton-emulator  @ton/sandbox (the real TON virtual machine, behind toncenter v2 endpoints)
#                       and @ton/core/@ton/crypto/@ton/ton (reference for addresses, cells, wallets)
#   tests/openai-client the official OpenAI Node.js client (talks to cocoonctl serve)
# Idempotent and quiet: reinstalls only when a lock file changed. Without Node.js or the npm
# registry those tests skip with a message (and fail in CI, where both must work).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v npm >/dev/null || { echo "install-test-deps: npm not found; the Node.js-based tests will be skipped" >&2; exit 0; }
for dir in tests/hpke-interop tests/ton-emulator tests/openai-client; do
  cd "$root/$dir"
  stamp=node_modules/.lock-stamp
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
    continue
  fi
  if npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>npm-ci.log; then
    cp package-lock.json "$stamp"
    rm -f npm-ci.log
  else
    echo "install-test-deps: 'npm ci' failed in $dir (see $dir/npm-ci.log); its tests will be skipped" >&2
  fi
done
