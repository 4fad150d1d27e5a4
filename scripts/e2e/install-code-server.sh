#!/usr/bin/env bash
# Installs code-server (VS Code's web server) for the e2e harness, using only the npm registry and
# Debian's apt — no GitHub/Microsoft downloads (they are unreachable on CI machines).
#
#   scripts/e2e/install-code-server.sh        -> .cache/code-server/<version>/node_modules/.bin/code-server
#
# Idempotent: if that binary already answers `--version`, nothing is done. The install is built in a
# scratch folder and renamed into place only when complete, so an interrupted run never leaves a
# half-built tree behind that would pass the `--version` check.
#
# Why these steps (code-server's own postinstall downloads from GitHub, so it is replayed by hand):
#  * `npm install --ignore-scripts` code-server, then `npm rebuild argon2` (its node-pre-gyp prebuilt
#    download fails fast with ENOTFOUND and falls back to a source build).
#  * in lib/vscode: `npm install --omit=dev --ignore-scripts`, Debian's `rg` placed at
#    @vscode/ripgrep/bin/rg (the ripgrep postinstall sees bin/ and skips its GitHub download), then
#    `npm rebuild` for the native addons (spdlog, kerberos [needs libkrb5-dev], node-pty,
#    native-watchdog, deviceid, ...). npm_config_yes=true because node-pty's install script runs
#    `npx node-gyp ...`, which would otherwise prompt (or fail without a TTY).
#  * the symlinks postinstall.sh creates (node_modules.asar, remote-cli, browser helper) and the
#    built-in extensions' own `npm install --omit=dev`.
#
# npm 11 and dependency install scripts (checked with npm 11.19.1): npm 11 has an `allowScripts`
# policy for dependency lifecycle scripts (package.json field, or the `allow-scripts` config).
#  * default: scripts not covered by the policy still RUN, with the warning "N packages have install
#    scripts not yet covered by allowScripts" — so `npm rebuild` builds the addons like npm 10 did;
#  * with strict-allow-scripts=true (e.g. a hardened CI .npmrc) they fail with ESTRICTALLOWSCRIPTS;
#  * with ignore-scripts=true in some npmrc, `npm rebuild` prints "rebuilt dependencies
#    successfully" and builds NOTHING;
#  * `--allow-scripts=pkg` on the command line is refused for project-scoped rebuild/install
#    (EALLOWSCRIPTS).
# So every step below that exists to run scripts sets npm_config_ignore_scripts=false and
# npm_config_dangerously_allow_all_scripts=true (the documented bypass of the policy; older npm
# ignores the unknown key, so the script also works with npm 10). It only applies to code-server's
# own pinned dependency tree, never to the project's. The script then checks that the native addons
# really exist, so a silently skipped script fails the install instead of a later e2e run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CS_VERSION=${CODE_SERVER_VERSION:-4.100.3}   # newest code-server that runs on Node 20 (VS Code 1.100.3)
DEST=${CODE_SERVER_DIR:-$ROOT/.cache/code-server/$CS_VERSION}
BIN=$DEST/node_modules/.bin/code-server

# build addons against the running node's headers in /usr/include/node (the nodejs .deb ships them);
# node-gyp would otherwise download headers from nodejs.org
export npm_config_nodedir=${npm_config_nodedir:-/usr}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_progress=false

if [ -x "$BIN" ] && XDG_CONFIG_HOME="$DEST/.config" "$BIN" --version >/dev/null 2>&1; then
  echo "code-server $CS_VERSION already installed: $BIN"
  exit 0
fi

t0=$SECONDS
# run an npm command that must execute lifecycle scripts, whatever the npmrc / npm 11 policy says
run_scripts() { npm_config_ignore_scripts=false npm_config_dangerously_allow_all_scripts=true "$@"; }
log() { printf '[install-code-server %3ss] %s\n' "$((SECONDS - t0))" "$*"; }

# --- system packages: Debian ripgrep replaces @vscode/ripgrep's download; headers for native builds
need=()
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
for tool in make g++ python3; do command -v "$tool" >/dev/null || need+=(build-essential python3); done
if ((${#need[@]})); then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  [ "$(id -u)" = 0 ] || { echo "missing system packages: ${need[*]} (run as root or apt-get install them)" >&2; exit 1; }
  log "apt-get install ${need[*]}"
  # another apt/dpkg may be running (e.g. a provisioning job): wait for the lock instead of failing
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}"
fi
RG=$(command -v rg)
hdr=$npm_config_nodedir/include/node/node_version.h
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ! grep -q "define NODE_MAJOR_VERSION $node_major\b" "$hdr" 2>/dev/null; then
  echo "no Node $node_major headers at $hdr (native addons must be built against the running node;" \
       "install node from a package that ships /usr/include/node, or set npm_config_nodedir)" >&2
  exit 1
fi

# --- build in a scratch folder, rename into place at the end
WORK="$DEST.partial"
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
echo '{"name":"brokerlens-code-server-host","private":true}' > package.json

log "npm install code-server@$CS_VERSION (no scripts)"
npm install --ignore-scripts --no-save --loglevel=error "code-server@$CS_VERSION"

log "npm rebuild argon2 (source build)"
run_scripts npm rebuild --loglevel=error argon2

cd node_modules/code-server/lib/vscode
log "lib/vscode: npm install --omit=dev (no scripts)"
npm install --omit=dev --ignore-scripts --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$RG" node_modules/@vscode/ripgrep/bin/rg

log "lib/vscode: npm rebuild (native addons)"
npm_config_yes=true run_scripts npm rebuild --loglevel=error

ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
log "lib/vscode/extensions: npm install --omit=dev"
(cd extensions && run_scripts npm install --omit=dev --loglevel=error)

# --- verify that the install scripts really ran (a skipped script leaves no .node file behind)
cd "$WORK/node_modules"
missing=()
for addon in argon2 \
             code-server/lib/vscode/node_modules/@vscode/spdlog \
             code-server/lib/vscode/node_modules/node-pty \
             code-server/lib/vscode/node_modules/kerberos \
             code-server/lib/vscode/node_modules/native-watchdog; do
  [ -d "$addon" ] || continue
  find "$addon" -name '*.node' -print -quit | grep -q . || missing+=("$addon")
done
if ((${#missing[@]})); then
  echo "native addons were not built (npm skipped their install scripts?): ${missing[*]}" >&2
  exit 1
fi

cd /
rm -rf "$DEST"
mv "$WORK" "$DEST"
# any code-server call writes $XDG_CONFIG_HOME/code-server/config.yaml: keep that inside the cache
XDG_CONFIG_HOME="$DEST/.config" "$BIN" --version
log "installed code-server $CS_VERSION at $BIN ($(du -sh "$DEST" | cut -f1))"
