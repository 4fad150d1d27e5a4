#!/usr/bin/env node
// End-to-end tests in a real VS Code: code-server (VS Code 1.100.3 web) + headless Debian chromium.
//
//   node test/e2e/run.mjs            (the test orchestrator calls exactly this)
//
// 1. prerequisites: /usr/bin/chromium and code-server in .cache/code-server/<version>/; when missing
//    it prints one "E2E SKIPPED: …" line and exits 0, unless REQUIRE_E2E=1 (then it installs them
//    and fails if that fails);
// 2. builds dist/extension.js if missing (`node esbuild.js`) and bundles test/e2e/host/*.ts into
//    out/e2e/host/;
// 3. extension-host tests: mocha inside the real extension host, the extension loaded from source
//    (extensionDevelopmentPath = repository root);
// 4. UI tests (test/e2e/ui/*.mjs) in the light and in the dark theme, screenshots in
//    .artifacts/screenshots/<light|dark>/NN-name.png;
// 5. prints `ok - name` / `not ok - name: reason` per test and, last, `N passed, N failed`; writes
//    .artifacts/e2e-results.json. Exit code 0 when nothing failed.
//
// Knobs (environment): REQUIRE_E2E=1, E2E_VERBOSE=1 (echo extension-host and browser console),
// E2E_GREP=<regexp> (filters host test names and UI test file names), E2E_THEMES=light,dark,
// E2E_HEADED=1, E2E_KEEP=1 (keep the scratch folders in .cache/e2e/), E2E_HOST_TIMEOUT_MS,
// E2E_UI_TIMEOUT_MS. For debugging the harness itself: E2E_EXTENSION_PATH, E2E_HOST_TESTS_DIR,
// E2E_UI_TESTS_DIR (default: repository root, test/e2e/host, test/e2e/ui).
// Logs: .artifacts/e2e/ (code-server logs, extension-host console, browser console).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

import { CODE_SERVER_BIN, CODE_SERVER_DIR, CODE_SERVER_VERSION, REPO_ROOT, findFreePort, startCodeServer } from './harness/server.mjs';

const ROOT = REPO_ROOT;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const INSTALL_SCRIPT = path.join(ROOT, 'scripts', 'e2e', 'install-code-server.sh');
const ARTIFACTS = path.join(ROOT, '.artifacts');
const SHOTS_ROOT = path.join(ARTIFACTS, 'screenshots');
const LOG_DIR = path.join(ARTIFACTS, 'e2e');
const RESULTS_FILE = path.join(ARTIFACTS, 'e2e-results.json');
const HOST_OUT = path.join(ROOT, 'out', 'e2e', 'host');
const RUN_DIR = path.join(ROOT, '.cache', 'e2e', `run-${process.pid}`);

const EXTENSION_PATH = path.resolve(process.env.E2E_EXTENSION_PATH || ROOT);
let devPath = EXTENSION_PATH; // what the workbench gets as extensionDevelopmentPath (see devExtensionPath())
let devLinkDir = null;
const HOST_TESTS_DIR = path.resolve(process.env.E2E_HOST_TESTS_DIR || path.join(ROOT, 'test', 'e2e', 'host'));
const UI_TESTS_DIR = path.resolve(process.env.E2E_UI_TESTS_DIR || path.join(ROOT, 'test', 'e2e', 'ui'));
const THEMES = (process.env.E2E_THEMES || 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);
const VERBOSE = process.env.E2E_VERBOSE === '1';
const GREP = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP) : null;
const HOST_TIMEOUT_MS = Number(process.env.E2E_HOST_TIMEOUT_MS || 300_000);
const UI_TIMEOUT_MS = Number(process.env.E2E_UI_TIMEOUT_MS || 180_000);
const VIEWPORT = { width: 1400, height: 900 };

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const note = (...a) => console.log(`# [${elapsed()}]`, ...a);

// ---------------------------------------------------------------------------------------------
// results

const host = { passed: 0, failed: 0, skipped: 0, failures: [] };
const ui = { passed: 0, failed: 0, skipped: 0, failures: [] };

/** The reason on one line: the message (not the stack), whitespace collapsed, at most 300 chars. */
const ANSI_SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'); // playwright colors its messages
const stripAnsi = (text) => String(text).replace(ANSI_SGR, '');

function oneLine(reason) {
  const text = stripAnsi(reason instanceof Error ? reason.message : String(reason ?? '')).replace(/\s+/g, ' ').trim() || 'failed';
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function record(bucket, name, error, { force = false } = {}) {
  if (interrupted && !force) return; // tests torn down by SIGINT/SIGTERM are not results
  if (error === undefined) {
    bucket.passed++;
    console.log(`ok - ${name}`);
  } else {
    bucket.failed++;
    const full = stripAnsi(error instanceof Error ? error.stack || error.message : String(error));
    bucket.failures.push({ name, error: full });
    console.log(`not ok - ${name}: ${oneLine(error)}`);
  }
}

let finished = false;
function finish(extra = {}) {
  if (finished) return;
  finished = true;
  const passed = host.passed + ui.passed;
  const failed = host.failed + ui.failed;
  writeResults({ passed, failed, skipped: host.skipped + ui.skipped, failures: [...host.failures, ...ui.failures], host, ui, ...extra });
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

function writeResults(results) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const doc = { ...results, codeServer: CODE_SERVER_VERSION, durationMs: Date.now() - t0, finishedAt: new Date().toISOString() };
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(doc, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------
// cleanup: never leave code-server or chromium running

const servers = new Set();
let browser = null;

/**
 * extensionDevelopmentPath for the workbench. In extension-development mode with one development
 * extension, VS Code selects the color / file-icon / product-icon theme contributed by that
 * extension, found with isEqualOrParent(theme.location, developmentPath). code-server lives in
 * .cache/code-server/ INSIDE the repository, so every built-in theme "belongs" to the repository
 * root and the workbench switches to the first one (Light+), ignoring workbench.colorTheme. A
 * symlink outside the repository (VS Code does not resolve it) keeps the themes as configured; the
 * extension is still loaded from the repository's files.
 */
function devExtensionPath() {
  const rel = path.relative(EXTENSION_PATH, CODE_SERVER_DIR);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return EXTENSION_PATH;
  devLinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brokerlens-e2e-'));
  const link = path.join(devLinkDir, path.basename(EXTENSION_PATH));
  fs.symlinkSync(EXTENSION_PATH, link, 'dir');
  return link;
}

function removeDevLink() {
  if (devLinkDir) fs.rmSync(devLinkDir, { recursive: true, force: true }); // removes the link, not its target
  devLinkDir = null;
}
process.on('exit', removeDevLink);

async function cleanup() {
  const b = browser;
  browser = null;
  if (b) {
    const { closeBrowser } = await import('./harness/browser.mjs');
    let timer;
    await Promise.race([closeBrowser(b), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
  }
  await Promise.all([...servers].map((s) => s.stop()));
  servers.clear();
  removeDevLink();
  if (process.env.E2E_KEEP !== '1') fs.rmSync(RUN_DIR, { recursive: true, force: true });
}

let interrupted = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    if (interrupted) process.exit(code); // second signal: give up (the exit hooks still SIGKILL the groups)
    interrupted = true;
    note(`${signal}: stopping code-server and chromium`);
    cleanup()
      .catch(() => {})
      .finally(() => {
        record(host, 'e2e run', new Error(`interrupted by ${signal}`), { force: true });
        finish({ interrupted: signal });
        process.exit(code);
      });
  });
}

// ---------------------------------------------------------------------------------------------
// 1. prerequisites

function codeServerWorks() {
  if (!fs.existsSync(CODE_SERVER_BIN)) return false;
  const r = spawnSync(CODE_SERVER_BIN, ['--version'], {
    env: { ...process.env, XDG_CONFIG_HOME: path.join(CODE_SERVER_DIR, '.config') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0;
}

/** Repository-relative when inside the repository, absolute otherwise. */
function displayPath(p) {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function missingPrerequisites() {
  const why = [];
  if (!fs.existsSync(CHROMIUM)) why.push(`${CHROMIUM} not found`);
  if (!codeServerWorks()) why.push(`code-server ${CODE_SERVER_VERSION} not installed in ${displayPath(CODE_SERVER_DIR)}`);
  return why;
}

/** Runs a command with its output on our stderr (stdout stays for test lines). */
function sh(cmd, args, opts = {}) {
  note(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 2, 2], ...opts });
  if (r.error) throw r.error;
  return r.status;
}

function installPrerequisites() {
  if (!fs.existsSync(CHROMIUM)) {
    const apt = ['-o', 'DPkg::Lock::Timeout=600'];
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (sh('apt-get', [...apt, 'install', '-y', 'chromium'], { env }) !== 0) {
      sh('apt-get', [...apt, 'update'], { env });
      if (sh('apt-get', [...apt, 'install', '-y', 'chromium'], { env }) !== 0) throw new Error('apt-get install -y chromium failed');
    }
  }
  if (!codeServerWorks() && sh('bash', [INSTALL_SCRIPT]) !== 0) throw new Error(`${path.relative(ROOT, INSTALL_SCRIPT)} failed`);
  const still = missingPrerequisites();
  if (still.length) throw new Error(`still missing after install: ${still.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// 2. build

const projectRequire = createRequire(path.join(ROOT, 'package.json'));

function ensureExtensionBuilt() {
  const main = JSON.parse(fs.readFileSync(path.join(EXTENSION_PATH, 'package.json'), 'utf8')).main ?? './extension.js';
  const mainFile = path.resolve(EXTENSION_PATH, main);
  if (fs.existsSync(mainFile)) return;
  if (EXTENSION_PATH !== ROOT) throw new Error(`${mainFile} does not exist`);
  note(`${path.relative(ROOT, mainFile)} is missing: building the extension`);
  const status = sh(process.execPath, [path.join(ROOT, 'esbuild.js')]);
  if (status !== 0) throw new Error(`node esbuild.js failed (exit ${status})`);
  if (!fs.existsSync(mainFile)) throw new Error(`node esbuild.js did not produce ${path.relative(ROOT, mainFile)}`);
}

async function bundleHostTests() {
  const esbuild = projectRequire('esbuild');
  projectRequire.resolve('mocha'); // external in the bundle: required from node_modules at run time
  const entryPoints = fs
    .readdirSync(HOST_TESTS_DIR)
    .filter((f) => f === 'index.ts' || /\.test\.[cm]?[jt]s$/.test(f))
    .map((f) => path.join(HOST_TESTS_DIR, f));
  if (!entryPoints.some((f) => path.basename(f) === 'index.ts')) throw new Error(`${HOST_TESTS_DIR}/index.ts is missing`);
  fs.rmSync(HOST_OUT, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints,
    outdir: HOST_OUT,
    outbase: HOST_TESTS_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  for (const w of result.warnings) note('esbuild warning:', w.text);
  // CommonJS whatever the enclosing package.json says (the extension host require()s these files)
  fs.writeFileSync(path.join(HOST_OUT, 'package.json'), '{ "type": "commonjs" }\n');
  return entryPoints.length - 1;
}

// ---------------------------------------------------------------------------------------------
// 3. extension-host tests

async function startServer(label, theme, env = {}, locale = undefined) {
  const dir = path.join(RUN_DIR, label);
  const server = await startCodeServer({
    port: await findFreePort(8130, 8139),
    workspaceDir: path.join(RUN_DIR, 'workspace'),
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    scratchDir: path.join(dir, 'home'),
    logFile: path.join(LOG_DIR, `code-server-${label}.log`),
    theme,
    env,
    ...(locale ? { locale } : {}),
    // the workspace sits in .cache/ inside this git repository: no "open the parent repository?" toast
    settings: { 'git.openRepositoryInParentFolders': 'never' },
  });
  servers.add(server);
  note(`code-server (${label}, ${theme}) at ${server.baseUrl}, pid ${server.pid}`);
  return {
    ...server,
    stop: async () => {
      servers.delete(server);
      await server.stop();
    },
  };
}

function consoleLog(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  return (line) => fs.writeSync(fd, line.endsWith('\n') ? line : line + '\n');
}

async function runHostTests() {
  const { openWorkbench, blankPage, VIEWPORT: vp } = await import('./harness/browser.mjs');
  // the host tests read the user settings and state files to prove no secret lands there
  const server = await startServer('host', 'light', {
    ...(process.env.E2E_GREP ? { E2E_GREP: process.env.E2E_GREP } : {}),
    BROKERLENS_E2E_USER_DATA_DIR: path.join(RUN_DIR, 'host', 'user-data'),
  });
  const extLog = consoleLog(path.join(LOG_DIR, 'ext-host.log'));
  const browserLog = consoleLog(path.join(LOG_DIR, 'browser-host.log'));
  const recent = [];
  let result = null;
  let sawTest = false;
  const page = await browser.newPage({ viewport: vp });
  try {
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) {
        if (line.startsWith('E2E-HOST-TEST ')) {
          sawTest = true;
          const t = JSON.parse(line.slice('E2E-HOST-TEST '.length));
          const name = `host: ${t.name}`;
          if (t.state === 'passed') console.log(`ok - ${name}`);
          else if (t.state === 'skipped') console.log(`ok - ${name} # SKIP`);
          else console.log(`not ok - ${name}: ${oneLine(t.message ?? t.error)}`);
        } else if (line.startsWith('E2E-HOST-RESULT ')) {
          result = JSON.parse(line.slice('E2E-HOST-RESULT '.length));
        } else if (line.startsWith('!!! ')) {
          console.log(line); // a loud skip (or required-but-missing) line from a test gate
        }
      }
      extLog(`[${type}] ${text}`);
      recent.push(`[${type}] ${text}`);
      if (recent.length > 40) recent.shift();
      if (VERBOSE) console.log(`# [ext ${type}] ${text.replace(/\n/g, '\n#   ')}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => done({ code }));
    page.on('console', (m) => browserLog(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLog(`[pageerror] ${e.stack || e.message}`));
    await openWorkbench(page, {
      baseUrl: server.baseUrl,
      folder: path.join(RUN_DIR, 'workspace'),
      extensionDevelopmentPath: devPath,
      extensionTestsPath: path.join(HOST_OUT, 'index.js'),
      waitForWorkbench: false,
    });
    let timer;
    const outcome = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r({ timeout: true }), HOST_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (result) {
      host.passed += result.passed;
      host.skipped += result.skipped ?? 0;
      host.failed += result.failed;
      host.failures.push(...(result.failures ?? []).map((f) => ({ name: `host: ${f.name}`, error: f.error })));
      if (outcome.timeout) note('extension host reported its results but did not exit');
      else if (outcome.code !== 0 && result.failed === 0) record(host, 'host: extension host exit', new Error(`exit code ${outcome.code} although no test failed`));
    } else {
      const why = outcome.timeout ? `no result within ${HOST_TIMEOUT_MS} ms` : `extension host exited with code ${outcome.code} without a result`;
      if (!VERBOSE) for (const l of recent) console.log(`# [ext] ${l.replace(/\n/g, '\n#   ')}`);
      record(host, 'host: extension tests', new Error(`${why}${sawTest ? '' : ' (no test ran: did the extension or out/e2e/host/index.js fail to load?)'}; see .artifacts/e2e/ext-host.log`));
    }
  } finally {
    await blankPage(page);
    await page.close().catch(() => {});
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. UI tests

function uiTestFiles() {
  if (!fs.existsSync(UI_TESTS_DIR)) return [];
  return fs
    .readdirSync(UI_TESTS_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .filter((f) => !GREP || GREP.test(f.replace(/\.mjs$/, '')));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** The workbench must really show the requested theme (see devExtensionPath() for how it can't). */
async function expectTheme(page, theme) {
  const want = theme === 'dark' ? 'vs-dark' : theme === 'hc' ? 'hc-black' : 'vs';
  const workbench = page.locator('.monaco-workbench');
  const deadline = Date.now() + 15_000;
  let classes = '';
  while (Date.now() < deadline) {
    classes = (await workbench.getAttribute('class')) ?? '';
    if (classes.split(/\s+/).includes(want)) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`the workbench is not in the ${theme} theme (classes: ${classes})`);
}

/** Whether a UI file in another display language runs in every theme, not only the light one. */
async function fileAllThemes(file) {
  return /^export const allThemes = true;/m.test(fs.readFileSync(path.join(UI_TESTS_DIR, file), 'utf8'));
}

/** The display language a UI file asks for (`export const locale = 'bn'`), or undefined for English. */
async function fileLocale(file) {
  const text = fs.readFileSync(path.join(UI_TESTS_DIR, file), 'utf8');
  return /^export const locale = '([a-z-]+)';/m.exec(text)?.[1];
}

async function runUiTests(theme, files, locale = undefined) {
  const { openWorkbench, blankPage, VIEWPORT: vp } = await import('./harness/browser.mjs');
  // Files in another display language run on their own server (the language is fixed at start).
  if (!locale) {
    const other = [];
    for (const f of files) if (await fileLocale(f)) other.push(f);
    if (other.length > 0) {
      files = files.filter((f) => !other.includes(f));
      // Once, in the light theme, unless the file asks for every theme (`export const allThemes = true`).
      for (const f of other) if (theme === 'light' || (await fileAllThemes(f))) await runUiTests(theme, [f], await fileLocale(f));
      if (files.length === 0) return;
    }
  }
  const label = locale ? `${theme}-${locale}` : theme;
  const shotsDir = path.join(SHOTS_ROOT, label);
  fs.mkdirSync(shotsDir, { recursive: true });
  let shotNo = 0;
  const server = await startServer(`ui-${label}`, theme, {}, locale);
  const browserLog = consoleLog(path.join(LOG_DIR, `browser-ui-${label}.log`));
  try {
    for (const file of files) {
      const testName = file.replace(/\.mjs$/, '');
      const name = `ui/${label}: ${testName}`;
      const page = await browser.newPage({ viewport: vp ?? VIEWPORT, colorScheme: theme === 'hc' ? 'dark' : theme, ...(locale ? { locale } : {}) });
      page.on('console', (m) => browserLog(`[${testName}] [${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => browserLog(`[${testName}] [pageerror] ${e.stack || e.message}`));
      const started = Date.now();
      const log = (...a) => {
        const line = `# [${elapsed()}] [${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${util.format(...a)}`;
        browserLog(line);
        console.log(line);
      };
      /** Screenshot of the whole page to .artifacts/screenshots/<theme>/NN-<name>.png; returns the path. */
      const shots = async (shotName, options = {}) => {
        const file = path.join(shotsDir, `${String(++shotNo).padStart(2, '0')}-${String(shotName).replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path: file, ...options });
        return file;
      };
      try {
        const mod = await import(pathToFileURL(path.join(UI_TESTS_DIR, file)).href);
        if (typeof mod.run !== 'function') throw new Error(`${file} does not export async function run()`);
        await withTimeout(
          (async () => {
            await openWorkbench(page, { baseUrl: server.baseUrl, folder: path.join(RUN_DIR, 'workspace'), extensionDevelopmentPath: devPath });
            await expectTheme(page, theme);
            await mod.run({ page, baseUrl: server.baseUrl, shots, log, theme, workspaceDir: path.join(RUN_DIR, 'workspace') });
          })(),
          UI_TIMEOUT_MS,
          name,
        );
        record(ui, name);
      } catch (error) {
        await shots(`${testName}-failure`).catch(() => {});
        record(ui, name, error);
      } finally {
        await blankPage(page);
        await page.close().catch(() => {});
      }
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const missing = missingPrerequisites();
  if (missing.length) {
    if (process.env.REQUIRE_E2E !== '1') {
      const why = missing.join('; ');
      writeResults({ passed: 0, failed: 0, skipped: 0, failures: [], skippedReason: why });
      console.log(`E2E SKIPPED: ${why}; run scripts/e2e/install-code-server.sh and apt-get install chromium`);
      return;
    }
    note(`REQUIRE_E2E=1 and ${missing.join('; ')}: installing`);
    try {
      installPrerequisites();
    } catch (error) {
      record(host, 'e2e prerequisites', error);
      return finish();
    }
  }

  // fresh logs and screenshots for every run (stale pictures of another run mislead reviewers)
  for (const d of [LOG_DIR, SHOTS_ROOT]) fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.mkdirSync(path.join(RUN_DIR, 'workspace'), { recursive: true });
  fs.writeFileSync(path.join(RUN_DIR, 'workspace', 'README.md'), '# BrokerLens e2e workspace\n');

  try {
    ensureExtensionBuilt();
    const n = await bundleHostTests();
    note(`bundled ${n} extension-host test file(s) into ${path.relative(ROOT, HOST_OUT)}`);
  } catch (error) {
    record(host, 'e2e build', error);
    return finish();
  }

  const { launchBrowser } = await import('./harness/browser.mjs');
  try {
    devPath = devExtensionPath();
    browser = await launchBrowser();
    if (interrupted) return;
    try {
      await runHostTests();
    } catch (error) {
      if (!interrupted) record(host, 'host: extension tests', error);
    }
    const files = uiTestFiles();
    for (const theme of THEMES) {
      if (interrupted || !files.length) break;
      try {
        await runUiTests(theme, files);
      } catch (error) {
        if (!interrupted) record(ui, `ui/${theme}`, error);
      }
    }
  } finally {
    if (!interrupted) await cleanup();
  }
  if (!interrupted) finish();
}

main().catch(async (error) => {
  if (interrupted) return;
  await cleanup().catch(() => {});
  record(host, 'e2e harness', error);
  finish();
});
