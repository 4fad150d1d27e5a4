/**
 * Shared machinery of the fault suite: the processes it breaks (the three-broker Kafka cluster of
 * scripts/brokers/kafka-cluster.sh and a RabbitMQ node of its own from scripts/brokers/rabbitmq-faults.sh,
 * never the shared test brokers), bounded waits, and the figures table every fault adds a row to.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, '.artifacts');
/** Every row of the run, also printed as a Markdown table at the end of each file. */
export const FIGURES_FILE = path.join(ARTIFACTS, 'reliability.json');

/**
 * One fault, as docs/reliability.md tabulates it. `lost` counts confirmed messages not found
 * afterwards (must be 0); `duplicates` counts messages found more than once.
 */
export interface FaultFigures {
  readonly fault: string;
  readonly injected: number;
  readonly published: number;
  readonly confirmed: number;
  readonly found: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Milliseconds from the fault (or the broker's return) until the operation worked again. */
  readonly recoveryMs: number;
  readonly note?: string;
}

/** Appends a row to .artifacts/reliability.json (kept across the files of one run). */
export function recordFigures(row: FaultFigures): void {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let rows: FaultFigures[] = [];
  try {
    rows = JSON.parse(fs.readFileSync(FIGURES_FILE, 'utf8')) as FaultFigures[];
  } catch {
    // first row of the run
  }
  rows.push(row);
  fs.writeFileSync(FIGURES_FILE, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`figures: ${markdownRow(row)}`);
}

/** One Markdown table row: fault | injected | published | confirmed | found | lost | duplicates | recovery. */
export function markdownRow(r: FaultFigures): string {
  const secs = (r.recoveryMs / 1000).toFixed(1);
  return `| ${r.fault} | ${r.injected} | ${r.published} | ${r.confirmed} | ${r.found} | ${r.lost} | ${r.duplicates} | ${secs} s |${r.note ? ` ${r.note} |` : ''}`;
}

/** Runs a scripts/brokers script to completion, bounded; rejects with its output on failure. */
export function brokerScript(script: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'brokers', script), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${script} ${args.join(' ')} ${signal ? `was killed after ${timeoutMs} ms` : `exited ${code}`}:\n${out}`));
    });
  });
}

/** The same, synchronously: for kill -9 / SIGSTOP, which must land at an exact moment of the workload. */
export function brokerScriptNow(script: string, args: readonly string[]): string {
  const res = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'brokers', script), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 40_000 });
  if (res.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${res.status}:\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Which commands the fault suite needs; the first missing one, or undefined. */
export function missingTool(commands: readonly string[]): string | undefined {
  return commands.find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
}

/**
 * Skip reason for a fault file, or undefined. Like the broker gate: one loud line when skipping, and
 * under REQUIRE_BROKERS=1 (CI) no skip at all (the file's before() then fails on what is missing).
 */
export function faultGate(label: string, commands: readonly string[]): string | undefined {
  const missing = missingTool(commands);
  if (!missing) return undefined;
  if (process.env.REQUIRE_BROKERS === '1') return undefined;
  const reason = `${label} needs \`${missing}\` on PATH`;
  console.error(`!!! FAULT TESTS SKIPPED: ${reason}. Install it (npm run brokers:up installs what the brokers need).`);
  return reason;
}

/** A one-sentence BrokerLens error: "X failed: why; what to do." (or ". What to do.") on one line. */
export function isOneSentence(message: string): boolean {
  return !message.includes('\n') && message.length < 600 && /failed: .+[.;] .+[.)]$/.test(message);
}

/** A per-message reason in a publish report: one line, a full stop, short enough to read in a table. */
export function isClearReason(reason: string): boolean {
  return !reason.includes('\n') && reason.length > 10 && reason.length < 400 && /[.)]$/.test(reason);
}
