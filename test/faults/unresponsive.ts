/**
 * "A broker that accepts TCP but never answers": a black-hole server for both brokers, and a runner
 * that calls every adapter operation against a silent broker and checks each ends within its bound
 * with one clear sentence (no hang). Used by unresponsive.test.ts (black hole) and by the Kafka and
 * RabbitMQ fault files (their real brokers paused with SIGSTOP).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { isBrokerError } from '../../src/extension/core/model/errors.js';
import { isOneSentence } from './faultKit.js';

/** Accepts connections, reads and discards every byte, never writes one. */
export class BlackHole {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async start(): Promise<number> {
    this.server = net.createServer((s) => {
      this.sockets.add(s);
      s.on('data', () => undefined);
      s.on('error', () => undefined);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Connections accepted so far and still open. */
  get open(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** What one operation did against a silent broker. */
export interface SilentOutcome {
  readonly operation: string;
  readonly ms: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Runs each operation (in turn) and checks it rejects within `boundMs` with a one-sentence BrokerError.
 * An operation still running at twice the bound is reported as a hang (and left behind).
 */
export async function everyOperationEnds(
  operations: Readonly<Record<string, () => Promise<unknown>>>,
  boundMs: number,
): Promise<SilentOutcome[]> {
  const out: SilentOutcome[] = [];
  for (const [operation, run] of Object.entries(operations)) {
    const started = Date.now();
    let hang: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      run().then(
        () => ({ kind: 'resolved' as const }),
        (e: unknown) => ({ kind: 'rejected' as const, e }),
      ),
      new Promise<{ kind: 'hang' }>((r) => (hang = setTimeout(() => r({ kind: 'hang' }), boundMs * 2))),
    ]);
    clearTimeout(hang);
    const ms = Date.now() - started;
    assert.notEqual(result.kind, 'hang', `${operation}: still running after ${boundMs * 2} ms`);
    assert.equal(result.kind, 'rejected', `${operation}: succeeded against a broker that never answers`);
    const e = (result as { e: unknown }).e;
    assert.ok(isBrokerError(e), `${operation}: ${String(e)}`);
    assert.ok(isOneSentence(e.message), `${operation}: ${e.message}`);
    assert.ok(ms <= boundMs, `${operation}: took ${ms} ms, over its bound of ${boundMs} ms (${e.message})`);
    out.push({ operation, ms, code: e.code, message: e.message });
  }
  return out;
}

/** A Markdown table of the outcomes, for the log and docs/reliability.md. */
export function outcomeTable(title: string, outcomes: readonly SilentOutcome[]): string {
  return [`${title}`, '| operation | ended after | code | message |', '|---|---|---|---|', ...outcomes.map((o) => `| ${o.operation} | ${(o.ms / 1000).toFixed(1)} s | ${o.code} | ${o.message} |`)].join('\n');
}
