// Starts and stops code-server (VS Code's web server, installed by scripts/e2e/install-code-server.sh)
// for the e2e harness. Loopback only, no auth, no telemetry, no gallery, no workspace-trust dialog.
//
//   const server = await startCodeServer({ port, workspaceDir, userDataDir, extensionsDir, theme });
//   ... server.baseUrl ...
//   await server.stop();
//
// The server runs in its own process group (spawn({ detached: true }) calls setsid(2), like the
// `setsid` command), so stop() can end it together with everything it spawned (extension hosts,
// file watchers, pty hosts, language servers) with one kill(-pgid).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
export const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(REPO_ROOT, '.cache', 'code-server', CODE_SERVER_VERSION);
export const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');

/** User settings that keep the workbench quiet and offline (tried on these machines). */
export const BASE_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
  // No "Your application running on port … is available" toast over the screenshots.
  'remote.autoForwardPorts': false,
});

export const THEMES = Object.freeze({ light: 'Default Light Modern', dark: 'Default Dark Modern', hc: 'Default High Contrast' });

/** Servers started by this process and not stopped yet: killed synchronously if the process exits. */
const running = new Set();
process.on('exit', () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** First free port in [from, to] (the harness uses 8130-8139). */
export async function findFreePort(from = 8130, to = 8139) {
  for (let port = from; port <= to; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port for code-server in ${from}-${to}`);
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The environment for code-server; it is inherited by the extension host too. */
function serverEnv(scratchDir, extra) {
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}', // no marketplace requests
    XDG_CONFIG_HOME: path.join(scratchDir, 'config'), // code-server writes config.yaml there
  };
  // $PORT would override --bind-addr's port; a config file/password from the caller's env has no
  // business in a test server
  for (const k of ['PORT', 'CODE_SERVER_CONFIG', 'PASSWORD', 'HASHED_PASSWORD', 'VSCODE_PROXY_URI']) delete env[k];
  return { ...env, ...extra };
}

/**
 * VS Code resolves `--locale` to English unless a language pack for it is installed, and then every
 * extension gets its English bundle. No Bengali pack exists for VS Code itself; an empty one (no
 * translations of VS Code's own strings, which stay English) registered in the user data dir's
 * languagepacks.json is enough for the workbench to run in `locale`, so extensions load their
 * bundle for it (l10n/bundle.l10n.<locale>.json).
 */
function writeLanguagePack(userDataDir, locale) {
  const dir = path.join(userDataDir, 'e2e-language-pack');
  fs.mkdirSync(dir, { recursive: true });
  const translations = path.join(dir, 'main.i18n.json');
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    [locale]: { hash: `e2e-${locale}`, extensions: [{ extensionIdentifier: { id: `brokerlens-e2e.language-pack-${locale}` }, version: '1.0.0' }], translations: { vscode: translations }, label: locale },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * @param {object} o
 * @param {number} o.port                 127.0.0.1 port to bind (must be free)
 * @param {string} o.workspaceDir         folder opened by default
 * @param {string} o.userDataDir          VS Code user data dir (User/settings.json is written here)
 * @param {string} o.extensionsDir        extensions dir (empty: the extension under test is loaded
 *                                        from source with extensionDevelopmentPath)
 * @param {'light'|'dark'|'hc'} [o.theme] sets workbench.colorTheme (default light)
 * @param {string} [o.locale]             VS Code's display language (code-server --locale), e.g. 'bn'
 * @param {object} [o.settings]           extra user settings
 * @param {string} [o.scratchDir]         XDG_CONFIG_HOME etc. (default: <userDataDir>-home)
 * @param {string} [o.logFile]            server stdout+stderr (default: <scratchDir>/code-server.log)
 * @param {object} [o.env]                extra environment (reaches the extension host too)
 * @param {number} [o.startTimeoutMs]     how long to wait for /healthz (default 60 s)
 * @returns {Promise<{ baseUrl: string, port: number, pid: number, logFile: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({
  port,
  workspaceDir,
  userDataDir,
  extensionsDir,
  theme = 'light',
  locale,
  settings = {},
  scratchDir,
  logFile,
  env = {},
  startTimeoutMs = 60_000,
}) {
  if (!port) throw new Error('startCodeServer: port is required');
  if (!fs.existsSync(CODE_SERVER_BIN)) throw new Error(`code-server is not installed at ${CODE_SERVER_BIN} (run scripts/e2e/install-code-server.sh)`);
  if (!(theme in THEMES)) throw new Error(`startCodeServer: theme must be one of ${Object.keys(THEMES).join(', ')}`);
  if (!(await isPortFree(port))) throw new Error(`port 127.0.0.1:${port} is already in use`);

  scratchDir ??= `${userDataDir.replace(/[/\\]+$/, '')}-home`;
  logFile ??= path.join(scratchDir, 'code-server.log');
  for (const d of [workspaceDir, extensionsDir, path.join(userDataDir, 'User'), path.join(scratchDir, 'config'), path.dirname(logFile)]) {
    fs.mkdirSync(d, { recursive: true });
  }
  if (locale) writeLanguagePack(userDataDir, locale);
  const userSettings = { ...BASE_USER_SETTINGS, 'workbench.colorTheme': THEMES[theme], ...settings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2) + '\n');

  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust', // the trust dialog would block the UI
    '--disable-getting-started-override',
    ...(locale ? ['--locale', locale] : []),
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    workspaceDir,
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(CODE_SERVER_BIN, args, {
    cwd: workspaceDir,
    detached: true, // setsid(): own session + process group, pgid === child.pid
    stdio: ['ignore', out, out],
    env: serverEnv(scratchDir, env),
  });
  let exited = null;
  child.once('error', (error) => (exited = { error: error.message }));
  fs.closeSync(out);
  const pgid = child.pid;
  if (!pgid) throw new Error(`could not spawn ${CODE_SERVER_BIN}`);
  running.add(pgid);
  child.once('exit', (code, signal) => (exited = { code, signal }));
  child.unref();

  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      // SIGTERM the whole group, wait up to 10 s, then SIGKILL what is left
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        running.delete(pgid);
        return;
      }
      for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
      if (groupAlive(pgid)) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
        for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
      }
      running.delete(pgid);
    })());

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited during startup (${JSON.stringify(exited)}):\n${tail(logFile)}`);
      try {
        const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer ${baseUrl}/healthz within ${startTimeoutMs} ms:\n${tail(logFile)}`);
      await sleep(200);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, port, pid: pgid, logFile, stop };
}
