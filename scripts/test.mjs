#!/usr/bin/env node
// `npm test`: installs what is missing, then runs every layer in the order a user meets them and ends
// with one line CI reads: "N passed, N failed, N skipped".
//   node scripts/test.mjs                 all phases
//   node scripts/test.mjs unit contract   only these phases
// Phases: typecheck lint unit contract integration faults webview e2e. `faults` starts and breaks its own
// brokers (a three-broker Kafka cluster, a second RabbitMQ node; see docs/reliability.md), never the shared ones.
// Env: REQUIRE_BROKERS=1 turns an unreachable broker into failures; REQUIRE_E2E=1 does the same for
// Chromium and code-server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['typecheck', 'lint', 'unit', 'contract', 'integration', 'faults', 'webview', 'e2e'];
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((p) => !ALL.includes(p));
if (unknown.length) {
  console.error(`Unknown test phase: ${unknown.join(', ')}. Phases are: ${ALL.join(', ')}.`);
  process.exit(2);
}
const phases = requested.length ? requested : ALL;
const artifacts = path.join(root, '.artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  return res.status ?? 1;
}

function ensureInstalled() {
  if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    console.log('test: installing dependencies (npm ci)');
    if (run('npm', ['ci', '--no-fund', '--no-audit']) !== 0) process.exit(1);
  }
  const needBuild = phases.some((p) => ['webview', 'e2e'].includes(p));
  if (needBuild && run('node', ['esbuild.js']) !== 0) {
    totals.failed++;
    summary.push('build: FAILED');
  }
}

/** Test files of a layer, sorted so runs are repeatable. */
function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.test\.(ts|mjs)$/.test(entry.name)) out.push(path.relative(root, p));
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}

function checkPhase(name, steps) {
  const failed = steps.some(([cmd, args]) => run(cmd, args) !== 0);
  // Checks are not tests: a failing one counts as a failure, a passing one adds nothing to "passed".
  if (failed) totals.failed++;
  summary.push(`${name}: ${failed ? 'FAILED' : 'ok'}`);
}

function nodeTestPhase(name, dir, { concurrency } = {}) {
  const files = testFiles(dir);
  if (files.length === 0) {
    summary.push(`${name}: no tests`);
    return;
  }
  const countsFile = path.join(artifacts, `counts-${name}.json`);
  fs.rmSync(countsFile, { force: true });
  const args = [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(root, 'scripts', 'testCounter.mjs')}`, `--test-reporter-destination=${countsFile}`,
  ];
  if (concurrency) args.push(`--test-concurrency=${concurrency}`);
  console.log(`\n=== ${name} (${files.length} files) ===`);
  const status = run(process.execPath, [...args, ...files]);
  let counts = { passed: 0, failed: status === 0 ? 0 : 1, skipped: 0 };
  try {
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch {
    console.error(`${name}: the test runner wrote no counts (exit ${status}); counted as one failure.`);
  }
  if (status !== 0 && counts.failed === 0) counts.failed = 1; // a crash outside any test still fails the run
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

function e2ePhase() {
  console.log('\n=== e2e (real VS Code: code-server + Chromium) ===');
  const res = spawnSync(process.execPath, ['test/e2e/run.mjs'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: process.env });
  const out = res.stdout?.toString() ?? '';
  process.stdout.write(out);
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop();
  const skippedWhole = !m && res.status === 0 && /E2E SKIPPED/.test(out);
  // No count line: a whole-phase skip (one loud line, exit 0) or a crash, which counts as a failure.
  const counts = m ? { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) } : { passed: 0, failed: skippedWhole ? 0 : 1, skipped: skippedWhole ? 1 : 0 };
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(`e2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

ensureInstalled();
for (const phase of phases) {
  switch (phase) {
    case 'typecheck':
      console.log('\n=== typecheck ===');
      checkPhase('typecheck', [
        ['npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
        ['npx', ['tsc', '--noEmit', '-p', 'src/webview/tsconfig.json']],
      ]);
      break;
    case 'lint':
      console.log('\n=== lint ===');
      checkPhase('lint', [['npx', ['eslint', '.']]]);
      break;
    case 'unit':
      nodeTestPhase('unit', 'test/unit');
      break;
    case 'contract':
      nodeTestPhase('contract', 'test/contract', { concurrency: 1 });
      break;
    case 'integration':
      nodeTestPhase('integration', 'test/integration', { concurrency: 1 });
      break;
    case 'faults':
      nodeTestPhase('faults', 'test/faults', { concurrency: 1 });
      break;
    case 'webview':
      nodeTestPhase('webview', 'test/webview', { concurrency: 1 });
      break;
    case 'e2e':
      e2ePhase();
      break;
  }
}

console.log('\n=== summary ===');
for (const line of summary) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
