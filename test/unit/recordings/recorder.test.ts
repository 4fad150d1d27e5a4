/**
 * recordDestination on the simulator's Kafka adapter: stops at the message, byte and cancel limits,
 * writes line by line (header first), and records binary values as base64.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { recordDestination } from '../../../src/extension/core/recordings/recorder.js';
import { RecordingParser } from '../../../src/extension/core/recordings/recordingFormat.js';

async function topicWith(count: number): Promise<BrokerAdapter> {
  const adapter = createSimulatorAdapters().find((a) => a.kind === 'kafka')!;
  await adapter.connect();
  await adapter.createDestination({ kind: 'topic', name: 'rec', partitions: 1, replicationFactor: 1 });
  await adapter.publish({ destination: 'rec' }, Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: i === 0 ? new Uint8Array([0xff]) : `v${i}` })));
  return adapter;
}

const request = { broker: 'simulator-kafka' as const, destination: 'rec', partition: 0, start: { kind: 'earliest' as const }, brokerVersion: null };

describe('recordDestination', () => {
  it('records everything up to the end, header first, readable by the parser', async () => {
    const adapter = await topicWith(1200);
    const lines: string[] = [];
    const progress: number[] = [];
    const r = await recordDestination(adapter, request, { maxMessages: 10_000 }, { write: async (l) => { lines.push(l); } }, { onProgress: (n) => progress.push(n) });
    assert.deepEqual([r.messages, r.stoppedBy], [1200, 'end']);
    assert.ok(progress.length >= 3, 'progress after every page');
    const parser = new RecordingParser();
    const messages = [...parser.feed(lines.join('\n')), ...parser.end()];
    assert.equal(parser.recordingHeader?.source.destination, 'rec');
    assert.equal(messages.length, 1200);
    assert.deepEqual(messages[0]!.value, { base64: '/w==' });
    assert.deepEqual([messages[1]!.key, messages[1]!.value, messages[1]!.offset], [{ text: 'k1' }, { text: 'v1' }, '1']);
  });

  it('stops at maxMessages, at maxBytes, and when cancelled', async () => {
    const adapter = await topicWith(300);
    const sink = (): { write: (l: string) => Promise<void>; lines: string[] } => { const lines: string[] = []; return { lines, write: async (l) => { lines.push(l); } }; };
    const byCount = await recordDestination(adapter, request, { maxMessages: 42 }, sink());
    assert.deepEqual([byCount.messages, byCount.stoppedBy], [42, 'maxMessages']);
    const byBytes = await recordDestination(adapter, request, { maxMessages: 1000, maxBytes: 2000 }, sink());
    assert.equal(byBytes.stoppedBy, 'maxBytes');
    assert.ok(byBytes.bytes <= 2000 && byBytes.messages > 5, `${byBytes.messages} messages, ${byBytes.bytes} bytes`);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await recordDestination(adapter, request, { maxMessages: 1000 }, sink(), { signal: controller.signal });
    assert.deepEqual([cancelled.messages, cancelled.stoppedBy], [0, 'cancelled']);
  });
});
