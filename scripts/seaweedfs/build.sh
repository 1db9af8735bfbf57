#!/usr/bin/env bash
# Build the SeaweedFS server (`weed`, Apache-2.0) from the Go module proxy into .seaweedfs/bin/weed,
# unless the cached binary already is this version (idempotent; start.sh calls it).
#
#   bash scripts/seaweedfs/build.sh
#
# `go install` refuses the module (its go.mod has a replace directive), so it is built inside a
# throwaway module that carries the same replace line. About 8 minutes on 2 busy cores; the binary
# (~230 MB) is kept in .seaweedfs/bin/ (ignored by git) with the version it was built from.
set -euo pipefail
SW_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SW_SCRIPT_DIR/../.." && pwd)"
SW_HOME="$REPO_ROOT/.seaweedfs"
SW_VERSION="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
SW_BIN="$SW_HOME/bin/weed"
SW_STAMP="$SW_HOME/bin/weed.version"

log() { printf '[seaweedfs] %s\n' "$*" >&2; }
die() { printf '[seaweedfs] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -x "$SW_BIN" ] && [ -f "$SW_STAMP" ] && [ "$(cat "$SW_STAMP")" = "$SW_VERSION" ]; then
  exit 0
fi
GO="$(command -v go || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
[ -n "$GO" ] || die "Go is needed to build SeaweedFS (a Go toolchain of 1.24 or newer)"

build="$SW_HOME/build"
mkdir -p "$build" "$SW_HOME/bin"
cd "$build"
[ -f go.mod ] || "$GO" mod init tally-seaweedfs-build >/dev/null 2>&1
grep -q 'go-bip39' go.mod || echo 'replace github.com/tyler-smith/go-bip39 => github.com/cosmos/go-bip39 v1.0.0' >>go.mod
log "building weed $SW_VERSION from the Go module proxy (several minutes; log in .seaweedfs/build/build.log)"
t0=$SECONDS
{
  GOFLAGS=-mod=mod "$GO" get "github.com/seaweedfs/seaweedfs/weed@$SW_VERSION"
  GOFLAGS=-mod=mod "$GO" build -o "$SW_BIN.tmp" github.com/seaweedfs/seaweedfs/weed
} >"$build/build.log" 2>&1 || { tail -n 30 "$build/build.log" >&2; die "build failed (see .seaweedfs/build/build.log)"; }
mv "$SW_BIN.tmp" "$SW_BIN"
printf '%s' "$SW_VERSION" >"$SW_STAMP"
log "built in $((SECONDS - t0)) s"
