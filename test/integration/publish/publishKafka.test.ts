/**
 * The Publish panel's code path against real Kafka: the partition the preview names is the one the
 * record lands in; Send ×N with templates is counted exactly; 10,000 records exported to NDJSON and
 * imported into another topic arrive with the same keys, values, headers and timestamps.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { emptyDraft } from '../../../src/extension/core/publish/draft.js';
import { exportRecord } from '../../../src/extension/core/publish/exportFormat.js';
import { exportPages, readAll } from '../../../src/extension/core/publish/exportStream.js';
import { readNdjsonMessages } from '../../../src/extension/panels/publish/importNdjson.js';
import { PublishSession } from '../../../src/extension/panels/publish/session.js';
import { brokerGate } from '../../support/brokers.js';
import { plainAdapter, text, topicName, withTopics } from '../kafka/kafkaTestKit.js';

const gate = await brokerGate('kafka');
const history = { get: () => undefined, update: () => undefined };

async function all(adapter: KafkaAdapter, topic: string): Promise<BrokerRecord[]> {
  const out: BrokerRecord[] = [];
  for await (const page of readAll(adapter, topic)) out.push(...page);
  return out;
}

describe('Publish on real Kafka', { skip: gate.skip }, () => {
  let adapter: KafkaAdapter;
  let drop: () => Promise<void>;
  const source = topicName('publish-src');
  const copy = topicName('publish-copy');
  const streamed = topicName('publish2-stream');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brokerlens-publish-'));

  before(async () => {
    gate.assertRequired();
    drop = await withTopics([{ topic: source, numPartitions: 3 }, { topic: copy, numPartitions: 3 }, { topic: streamed, numPartitions: 3 }]);
    adapter = plainAdapter();
    await adapter.connect();
  });
  after(async () => {
    await adapter?.disconnect();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts a keyed record in the partition the preview named, and links to its offset', async () => {
    const session = new PublishSession(adapter, 'it', history);
    for (const key of ['o-1', 'o-2', 'o-3', 'customer-42']) {
      const draft = { ...emptyDraft('kafka', source), key, payload: `{"key":"${key}"}` };
      const preview = await session.preview(draft);
      assert.equal(preview.route?.kind, 'partition');
      const result = await session.send(draft, 1);
      assert.ok(result.status === 'done' && result.ok, JSON.stringify(result));
      if (result.status !== 'done' || preview.route?.kind !== 'partition') return;
      assert.equal(result.links[0]!.partition, preview.route.partition, `key ${key}`);
      assert.match(result.sentence, new RegExp(`^Published to topic ${source.replace(/\./g, '\\.')}: partition ${preview.route.partition}, offset \\d+\\.$`));
      const page = await adapter.browse({ destination: source, partition: result.links[0]!.partition!, start: { kind: 'offset', offset: result.links[0]!.offset! }, limit: 1 });
      assert.equal(new TextDecoder().decode(page.records[0]!.key!), key);
    }
  });

  it('refuses a partition the topic does not have, before sending', async () => {
    const result = await new PublishSession(adapter, 'it', history).send({ ...emptyDraft('kafka', source), partition: '9', payload: '{}' }, 1);
    assert.equal(result.status, 'invalid');
    if (result.status === 'invalid') assert.match(result.problems[0]!.message, /has no partition 9: it has 3 \(0 to 2\)/);
  });

  it('reports a payload above the broker limit in one sentence, counted as failed', async () => {
    const big = `"${'x'.repeat(1_200_000)}"`;
    const result = await new PublishSession(adapter, 'it', history).send({ ...emptyDraft('kafka', source), payload: big }, 1);
    assert.ok(result.status === 'done' && !result.ok);
    if (result.status !== 'done') return;
    assert.deepEqual([result.tally.failed, result.tally.confirmed], [1, 0]);
    assert.match(result.sentence, /^Publishing to topic .* failed: .*(too large|larger|size)/i);
    assert.equal(result.sentence.split('\n').length, 1);
  });

  it('sends 10,000 templated records with repeated headers, counted exactly, then exports and re-imports them byte for byte', async () => {
    const session = new PublishSession(adapter, 'it', history);
    const draft = {
      ...emptyDraft('kafka', source), key: 'k-{{int:1:50}}', payload: '{"n":{{seq}},"id":"{{uuid}}"}', timestamp: '2026-12-05T06:00:00Z',
      headers: [{ name: 'trace', value: 't-{{seq}}' }, { name: 'trace', value: 'second' }],
    };
    const sent = await session.send(draft, 10_000);
    assert.ok(sent.status === 'done');
    if (sent.status !== 'done') return;
    assert.deepEqual(sent.tally, { requested: 10_000, confirmed: 10_000, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false });

    const file = path.join(dir, 'export.ndjson');
    const stream = fs.createWriteStream(file);
    const written = await exportPages(readAll(adapter, source), async (chunk) => void stream.write(chunk), { format: 'ndjson', encoding: 'auto' });
    await new Promise<void>((r) => stream.end(() => r()));
    assert.equal(written.written, 10_004);

    const parsed = await readNdjsonMessages(file, 'kafka');
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    const imported = await session.sendMessages({ ...emptyDraft('kafka', copy) }, parsed.messages);
    assert.ok(imported.status === 'done' && imported.tally.confirmed === 10_004, JSON.stringify(imported.status === 'done' ? imported.tally : imported));

    const comparable = (r: BrokerRecord): string => JSON.stringify({ ...exportRecord(r), destination: '', partition: 0, offset: 0 });
    const before = (await all(adapter, source)).map(comparable).sort();
    const afterImport = (await all(adapter, copy)).map(comparable).sort();
    assert.equal(afterImport.length, 10_004);
    assert.deepEqual(afterImport, before);
    const sample = (await all(adapter, copy)).find((r) => r.headers['trace'] !== undefined)!;
    assert.ok(Array.isArray(sample.headers['trace']), 'the repeated header name arrives twice');
  });

  it('streams Send ×N over three partitions: Cancel mid-run leaves exact counts, and each partition holds its records in send order', async () => {
    const session = new PublishSession(adapter, 'it', history);
    const controller = new AbortController();
    const count = 60_000;
    const seen: number[] = [];
    const result = await session.send({ ...emptyDraft('kafka', streamed), key: 'k-{{int:1:50}}', payload: '{{seq}}' }, count, {
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done >= 20_000) controller.abort();
      },
    });
    assert.ok(result.status === 'done');
    if (result.status !== 'done') return;
    const t = result.tally;
    assert.equal(t.cancelled, true);
    assert.equal(t.confirmed + t.failed + t.returned + t.nacked + t.notSent, count);
    assert.equal(t.failed, 0, result.sentence);
    assert.ok(t.confirmed >= 20_000 && t.notSent > 0, JSON.stringify(t));
    assert.ok(seen.every((d, i) => i === 0 || d >= seen[i - 1]!), 'progress never goes back');
    const records = await all(adapter, streamed);
    // Exactly what was confirmed is in the topic, once each; nothing said "not sent" arrived.
    assert.equal(records.length, t.confirmed);
    const numbers = records.map((r) => Number(text(r.value)));
    assert.equal(new Set(numbers).size, numbers.length);
    for (const partition of [0, 1, 2]) {
      const inPartition = records.filter((r) => r.partition === partition).sort((a, b) => Number(a.offset) - Number(b.offset)).map((r) => Number(text(r.value)));
      assert.ok(inPartition.length > 0);
      assert.ok(inPartition.every((n, i) => i === 0 || n > inPartition[i - 1]!), `partition ${partition} is in send order`);
    }
  });
});
