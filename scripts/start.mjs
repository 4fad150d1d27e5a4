#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and opens VS Code with BrokerLens loaded from source.
// A desktop VS Code (`code` on PATH) is used when there is one; otherwise code-server (VS Code's web
// build, from npm) is installed into .cache/ and served on 127.0.0.1, and its URL is printed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`start: \`${cmd} ${args.join(' ')}\` failed (exit ${res.status}); see the output above.`);
    process.exit(res.status ?? 1);
  }
};

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) run('npm', ['install', '--no-fund', '--no-audit']);
run(process.execPath, ['esbuild.js']);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.BROKERLENS_USE_CODE_SERVER) {
  console.log('start: opening desktop VS Code with BrokerLens loaded from source');
  spawn('code', [`--extensionDevelopmentPath=${root}`, root], { stdio: 'inherit', detached: true }).unref();
  process.exit(0);
}

const { startCodeServer, findFreePort, CODE_SERVER_BIN } = await import('../test/e2e/harness/server.mjs');
if (!fs.existsSync(CODE_SERVER_BIN)) {
  console.log('start: no desktop VS Code on PATH; installing code-server into .cache/ (a few minutes, once)');
  run('bash', ['scripts/e2e/install-code-server.sh']);
}
const home = path.join(root, '.cache', 'start');
const port = Number(process.env.BROKERLENS_PORT) || (await findFreePort(8080, 8099));
const server = await startCodeServer({
  port,
  workspaceDir: path.join(home, 'workspace'),
  userDataDir: path.join(home, 'user-data'),
  extensionsDir: path.join(home, 'extensions'),
  theme: process.env.BROKERLENS_THEME === 'light' ? 'light' : 'dark',
  // The start workspace lives inside this repository (.cache/start/workspace): without this, VS Code's
  // first screen asks whether to open the git repository found in a parent folder.
  settings: { 'git.openRepositoryInParentFolders': 'never' },
  logFile: path.join(home, 'code-server.log'),
});
const authority = new URL(server.baseUrl).host;
const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${root}`]]);
const url = `${server.baseUrl}/?folder=${encodeURIComponent(path.join(home, 'workspace'))}&payload=${encodeURIComponent(payload)}`;
console.log(`\nBrokerLens is running in VS Code (code-server) on ${os.hostname()}:\n\n  ${url}\n\nOpen it in a browser on this machine; the BrokerLens icon is in the activity bar and the Simulator connection works offline.\nPress Ctrl+C to stop.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
