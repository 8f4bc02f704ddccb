#!/usr/bin/env bash
# Installs code-server (= the real VS Code server + web workbench) from the npm registry only,
# without its postinstall (which downloads ripgrep from GitHub). Recipe: ../shared/E2E-VSCODE.md §2.
# Usage: e2e/install-code-server.sh DEST   (e2e/run.mjs uses DEST=.e2e/cs)
set -euo pipefail
CS_VERSION=${CS_VERSION:-4.100.3}   # VS Code 1.100.3; the last code-server on npm whose engines.node is 20
DEST=${1:?usage: install-code-server.sh DEST}
RG=${RG:-$(command -v rg || true)}
[ -x "$RG" ] || { echo "install-code-server: ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }
# node-gyp must use the local Node headers (/usr/include/node), never download them
export npm_config_nodedir=${npm_config_nodedir:-/usr}
# native modules build here: no attempt to download prebuilt binaries from hosts outside the registry
export npm_config_build_from_source=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
mkdir -p "$DEST"; DEST=$(cd "$DEST" && pwd)
# The install's output (hundreds of gyp lines) goes to a log beside DEST; its tail is shown on failure.
LOG=${INSTALL_LOG:-$(dirname "$DEST")/install-code-server.log}
echo "install-code-server: installing code-server $CS_VERSION into $DEST; log in $LOG"
exec 3>&1 4>&2 >"$LOG" 2>&1
trap 'rc=$?; exec 1>&3 2>&4; if [ "$rc" != 0 ]; then echo "install-code-server: failed (exit $rc); the last lines of $LOG:" >&2; tail -n 40 "$LOG" >&2; fi' EXIT
cd "$DEST"
[ -f package.json ] || echo '{"private":true}' > package.json
# 1. code-server itself, scripts off
npm install --no-save --ignore-scripts "code-server@$CS_VERSION"
npm rebuild argon2 || true
CS="$DEST/node_modules/code-server"; VS="$CS/lib/vscode"
# 2. lib/vscode's dependencies (pinned by its npm-shrinkwrap.json), scripts off
cd "$VS"
npm install --omit=dev --ignore-scripts
# 3. Debian's rg where @vscode/ripgrep expects it; its postinstall then exits early ("bin/ folder already exists")
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg
# 4. every install script = the native builds (node-pty, @vscode/spdlog, kerberos, native-watchdog, deviceid…);
#    npm_config_yes: node-pty's postinstall runs `npx node-gyp …`, which must not prompt
npm_config_yes=true npm rebuild --foreground-scripts
# 5. the rest of code-server's postinstall.sh
ln -sfn node_modules node_modules.asar
( cd bin/remote-cli && ln -sfn code-linux.sh code-server )
( cd bin/helpers && ln -sfn browser-linux.sh browser.sh )
( cd extensions && npm install --omit=dev )   # the built-in extensions' shared typescript
# 6. fail loudly when a native module or rg is missing (a future npm may skip install scripts)
missing=0
for f in node_modules/node-pty/build/Release/pty.node \
         node_modules/@vscode/spdlog/build/Release/spdlog.node \
         node_modules/kerberos/build/Release/kerberos.node \
         node_modules/native-watchdog/build/Release/watchdog.node \
         node_modules/@vscode/deviceid/build/Release/windows.node \
         node_modules/@vscode/ripgrep/bin/rg; do
  if [ ! -e "$VS/$f" ]; then echo "install-code-server: MISSING $VS/$f" >&2; missing=1; fi
done
[ "$missing" = 0 ] || exit 1
node "$CS/out/node/entry.js" --version
exec 1>&3 2>&4
echo "install-code-server: code-server $CS_VERSION ready in $CS"
