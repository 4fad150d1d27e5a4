/**
 * Browsing commits nothing, checked against the broker's whole group list (issue 14, defect 9): the
 * groups and every group's committed offsets are read before and after a browse from the earliest, a
 * browse of the latest, paging both ways, a text filter, a regex filter, an expression filter, and a
 * live tail that receives records; then no group anywhere (old or new) may have a member with the
 * adapter's client id or a committed offset on the browsed topics, and every group that changed in
 * between is listed in the failure so a real leak is told apart from another suite's work.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Admin } from 'kafkajs';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { plainAdapter, referenceAdmin, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

/** Every group with its members' client ids and its committed offsets (all topics), as one comparable map. */
async function snapshot(admin: Admin): Promise<Map<string, { clients: string[]; offsets: string[] }>> {
  const ids = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  const out = new Map<string, { clients: string[]; offsets: string[] }>();
  for (const groupId of ids) {
    const [described] = (await admin.describeGroups([groupId])).groups;
    const offsets = await admin.fetchOffsets({ groupId }).catch(() => []);
    out.set(groupId, {
      clients: (described?.members ?? []).map((m) => m.clientId).sort(),
      offsets: offsets.flatMap((t) => t.partitions.filter((p) => p.offset !== '-1').map((p) => `${t.topic}/${p.partition}@${p.offset}`)).sort(),
    });
  }
  return out;
}

describe('Kafka browse and live tail commit nothing (whole group list)', { skip: kafka.skip }, () => {
  const clientId = `brokerlens-harden-${randomUUID()}`;
  const topics = [topicName('harden-commit-a'), topicName('harden-commit-b')];
  let adapter: KafkaAdapter;
  let cleanup: () => Promise<void>;
  let ref: { admin: Admin; close: () => Promise<void> };

  before(async () => {
    kafka.assertRequired();
    cleanup = await withTopics([{ topic: topics[0]! }, { topic: topics[1]!, numPartitions: 3 }]);
    adapter = plainAdapter({ clientId });
    await adapter.connect();
    for (const t of topics) await adapter.publish({ destination: t }, Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 5}`, value: JSON.stringify({ n: i, kind: i % 2 ? 'odd' : 'even' }) })));
    ref = await referenceAdmin();
  });
  after(async () => {
    await adapter?.disconnect();
    await ref?.close();
    await cleanup?.();
  });

  it('browse, paging, filters and live tail leave no member and no commit anywhere', async () => {
    const beforeSnap = await snapshot(ref.admin);
    for (const destination of topics) {
      const first = await adapter.browse({ destination, start: { kind: 'earliest' }, limit: 7 });
      let page = first;
      for (let i = 0; i < 20 && page.next; i++) page = await adapter.browse({ destination, start: { kind: 'cursor', cursor: page.next }, limit: 7 });
      const last = await adapter.browse({ destination, start: { kind: 'latest' }, limit: 5 });
      if (last.previous) await adapter.browse({ destination, start: { kind: 'cursor', cursor: last.previous }, limit: 5 });
      await adapter.browse({ destination, start: { kind: 'earliest' }, limit: 10, filter: { kind: 'text', field: 'value', pattern: 'odd', regex: false } });
      await adapter.browse({ destination, start: { kind: 'earliest' }, limit: 10, filter: { kind: 'text', field: 'key', pattern: '^k[0-2]$', regex: true } });
      await adapter.browse({ destination, start: { kind: 'earliest' }, limit: 10, filter: { kind: 'expression', expression: 'value.n > 30 && value.kind == "even"' } });
      await adapter.browse({ destination, partition: 0, start: { kind: 'offset', offset: 3 }, limit: 10 });
    }
    // Live tail on both topics until it has seen new records.
    const seen: BrokerRecord[] = [];
    const stop = new AbortController();
    const tails = topics.map((destination) => adapter.tail!({ destination }, (r) => seen.push(...r), stop.signal).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 1500));
    for (const t of topics) await adapter.publish({ destination: t }, [{ value: 'tail-1' }, { value: 'tail-2' }]);
    for (let i = 0; i < 100 && seen.filter((r) => r.value && new TextDecoder().decode(r.value).startsWith('tail-')).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    stop.abort();
    await Promise.all(tails);
    assert.equal(seen.filter((r) => r.value && new TextDecoder().decode(r.value).startsWith('tail-')).length, 4, 'the tail saw the new records');

    const afterSnap = await snapshot(ref.admin);
    const changed = [...afterSnap.entries()].filter(([id, s]) => JSON.stringify(beforeSnap.get(id)) !== JSON.stringify(s)).map(([id]) => id);
    const ours = [...afterSnap.entries()].filter(([, s]) => s.clients.includes(clientId) || s.offsets.some((o) => topics.some((t) => o.startsWith(`${t}/`))));
    assert.deepEqual(ours.map(([id]) => id), [], `groups touched by the browse; all groups that changed meanwhile: ${changed.join(', ') || 'none'}`);
  });
});
