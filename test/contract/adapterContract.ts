/**
 * The BrokerAdapter contract: one list of cases, run on the simulator's two models always and on real
 * Kafka and real RabbitMQ whenever they are up (in CI always). A case here states behaviour every
 * panel relies on, whatever the broker.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BrokerAdapter } from '../../src/extension/core/model/adapter.js';
import type { BrowseRequest } from '../../src/extension/core/model/browse.js';
import type { DestinationSpec } from '../../src/extension/core/model/destination.js';
import { isBrokerError } from '../../src/extension/core/model/errors.js';
import type { OutgoingMessage, PublishTarget } from '../../src/extension/core/model/message.js';
import { decodePayload } from '../../src/extension/core/model/payload.js';

/** How one target plugs into the contract. */
export interface ContractTarget {
  /** Shown in test names, e.g. "real Kafka". */
  readonly name: string;
  /** Skip reason (broker unreachable, not under REQUIRE_BROKERS), or undefined to run. */
  readonly skip?: string | undefined;
  /** Throws when the target is required but unavailable (called in before()). */
  readonly assertAvailable?: () => void;
  readonly create: () => BrokerAdapter | Promise<BrokerAdapter>;
  /** A destination the cases can fill: a 1-partition topic, or a queue. */
  readonly spec: (name: string) => DestinationSpec;
  /** Where to publish so the message lands in that destination. */
  readonly target: (name: string) => PublishTarget;
  /** Extra browse fields the target needs (RabbitMQ classic queues: acceptRequeue). */
  readonly browseExtras?: Partial<BrowseRequest>;
  /** Real brokers report counts with a delay (management API stats); poll up to this long. */
  readonly countSettleMs?: number;
}

const text = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/**
 * Registers the contract suite for one target. Every case makes its own destination (and fills it
 * when it needs messages), so any one case can run alone (`--test-name-pattern`).
 */
export function runAdapterContract(t: ContractTarget): void {
  describe(`BrokerAdapter contract: ${t.name}`, { skip: t.skip }, () => {
    let adapter: BrokerAdapter;
    const created: string[] = [];
    const messages: OutgoingMessage[] = [
      { key: 'order-1', value: 'plain text é', headers: { trace: 't-1' } },
      { key: 'order-2', value: '{"order":2,"total":12.5}', headers: { trace: 't-2' } },
      { key: 'order-3', value: new Uint8Array([0x00, 0xff, 0x10, 0x80]), headers: { trace: 't-3' } },
    ];

    /** A new destination of this target, holding the three messages when `filled`. */
    async function destination(filled: boolean): Promise<string> {
      const name = `brokerlens.contract.${randomUUID().slice(0, 8)}`;
      await adapter.createDestination(t.spec(name));
      created.push(name);
      if (filled) {
        const report = await adapter.publish(t.target(name), messages);
        assert.equal(report.confirmed, 3, JSON.stringify(report.outcomes));
      }
      return name;
    }

    before(async () => {
      t.assertAvailable?.();
      adapter = await t.create();
      await adapter.connect();
    });

    after(async () => {
      if (!adapter) return;
      for (const name of created) await adapter.deleteDestination(name, name).catch(() => undefined);
      await adapter.disconnect();
    });

    it('connects and describes the broker', async () => {
      assert.equal(adapter.state, 'connected');
      const overview = await adapter.overview();
      assert.ok(overview.product.length > 0);
      assert.ok(overview.nodes.length >= 1);
    });

    it('creates a destination that is then listed', async () => {
      const name = await destination(false);
      const listed = await adapter.listDestinations();
      assert.ok(listed.some((d) => d.name === name), `${name} should be listed`);
    });

    it('refuses to create the same destination twice with different settings, or reports it exists', async () => {
      const name = await destination(false);
      const spec = t.spec(name);
      const other: DestinationSpec = spec.kind === 'topic' ? { ...spec, partitions: spec.partitions + 1 } : { ...spec, durable: !spec.durable };
      await assert.rejects(adapter.createDestination(other), (e: unknown) => isBrokerError(e) && ['alreadyExists', 'preconditionFailed'].includes(e.code));
    });

    it('publishes text, JSON and binary with headers, each confirmed', async () => {
      const name = await destination(false);
      const report = await adapter.publish(t.target(name), messages);
      assert.equal(report.confirmed, 3, JSON.stringify(report.outcomes));
      assert.equal(report.failed, 0);
    });

    it('browses from the earliest: same bytes, keys, headers, in order, each decoded by kind', async () => {
      const name = await destination(true);
      const page = await adapter.browse({ destination: name, start: { kind: 'earliest' }, limit: 10, ...t.browseExtras });
      assert.equal(page.records.length, 3);
      assert.deepEqual(page.records.map((r) => text(r.value)), ['plain text é', '{"order":2,"total":12.5}', text(new Uint8Array([0x00, 0xff, 0x10, 0x80]))]);
      assert.deepEqual([...page.records[2]!.value!], [0x00, 0xff, 0x10, 0x80]);
      assert.deepEqual(page.records.map((r) => decodePayload(r.value).kind), ['text', 'json', 'binary']);
      assert.deepEqual(page.records.map((r) => text(r.headers.trace as Uint8Array) ?? r.headers.trace), ['t-1', 't-2', 't-3']);
    });

    it('browsing does not consume: a second browse sees the same messages and the count is unchanged', async () => {
      const name = await destination(true);
      const first = await adapter.browse({ destination: name, start: { kind: 'earliest' }, limit: 10, ...t.browseExtras });
      const second = await adapter.browse({ destination: name, start: { kind: 'earliest' }, limit: 10, ...t.browseExtras });
      assert.deepEqual(second.records.map((r) => text(r.value)).sort(), first.records.map((r) => text(r.value)).sort());
      const listed = await eventually(
        () => adapter.listDestinations(),
        (l) => l.find((d) => d.name === name)?.messages === 3,
        t.countSettleMs ?? 0,
      );
      assert.equal(listed.find((d) => d.name === name)?.messages, 3);
    });

    it('filters while browsing and reports how many records it scanned', async () => {
      const name = await destination(true);
      const page = await adapter.browse({
        destination: name,
        start: { kind: 'earliest' },
        limit: 10,
        filter: { kind: 'text', field: 'value', pattern: 'order' },
        ...t.browseExtras,
      });
      assert.deepEqual(page.records.map((r) => text(r.value)), ['{"order":2,"total":12.5}']);
      assert.equal(page.scanned, 3);
    });

    it('says "not found" for a destination that does not exist', async () => {
      const missing = `brokerlens.contract.${randomUUID().slice(0, 8)}.missing`;
      await assert.rejects(
        adapter.browse({ destination: missing, start: { kind: 'earliest' }, limit: 1, ...t.browseExtras }),
        (e: unknown) => isBrokerError(e) && e.code === 'notFound' && e.message.includes(missing),
      );
    });

    it('never reports a message as confirmed when nothing can receive it', async () => {
      const missing = `brokerlens.contract.${randomUUID().slice(0, 8)}.missing`;
      try {
        const report = await adapter.publish(t.target(missing), [{ value: 'lost?' }]);
        assert.equal(report.confirmed, 0, JSON.stringify(report.outcomes));
      } catch (e) {
        assert.ok(isBrokerError(e) && e.code === 'notFound', String(e));
      }
    });

    it('deletes only with the typed confirmation', async () => {
      const name = await destination(true);
      await assert.rejects(adapter.deleteDestination(name, 'wrong'), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput');
      assert.ok((await adapter.listDestinations()).some((d) => d.name === name));
      await adapter.deleteDestination(name, name);
      const listed = await eventually(() => adapter.listDestinations(), (l) => !l.some((d) => d.name === name), t.countSettleMs ?? 0);
      assert.ok(!listed.some((d) => d.name === name));
    });

    it('disconnects, twice without error', async () => {
      // Its own adapter, so the other cases keep theirs whatever order they run in.
      const own = await t.create();
      await own.connect();
      await own.disconnect();
      await own.disconnect();
      assert.equal(own.state, 'disconnected');
    });
  });
}
