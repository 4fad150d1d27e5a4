/**
 * Recording files on disk: the file sink and the streaming reader round-trip a recording of the
 * simulator; a bad file is refused with its line number (truncated, not NDJSON, newer version) before
 * a single message would be sent; a classic queue is recorded only when the peek was accepted, and
 * then keeps its messages.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import { recordDestination } from '../../../src/extension/core/recordings/recorder.js';
import { checkRecording, defaultRecordingName, fileSink, readRecording, RECORDING_NAME } from '../../../src/extension/core/recordings/recordingFiles.js';
import { isRecordingFormatError, type RecordingFormatError } from '../../../src/extension/core/recordings/recordingFormat.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fidrec-files-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const header = JSON.stringify({ format: 'brokerlens-recording', version: 1, source: { broker: 'kafka', destination: 't' }, brokerVersion: null, startedAt: '2026-12-05T08:00:00.000Z' });
const message = (i: number): string => JSON.stringify({ key: { text: `k${i}` }, value: { text: `v${i}` }, timestamp: i });

async function refusal(text: string): Promise<RecordingFormatError> {
  const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.ndjson`);
  await writeFile(file, text);
  const error = await checkRecording(file).then(() => undefined, (e: unknown) => e);
  assert.ok(isRecordingFormatError(error), `refused: ${String(error)}`);
  return error;
}

describe('recording files', () => {
  it('streams a simulator recording to disk and reads it back message for message', async () => {
    const adapter = createSimulatorAdapters().find((a) => a.kind === 'kafka')!;
    await adapter.connect();
    await adapter.createDestination({ kind: 'topic', name: 'files', partitions: 2, replicationFactor: 1 });
    await adapter.publish({ destination: 'files' }, Array.from({ length: 1500 }, (_, i) => ({ key: `k${i % 7}`, value: i % 2 ? `v${i}` : new Uint8Array([i % 256, 0xff]), headers: { h: `x${i}` } })));
    const file = path.join(dir, 'files.ndjson');
    const sink = fileSink(file);
    const result = await recordDestination(adapter, { broker: 'simulator-kafka', destination: 'files', start: { kind: 'earliest' }, brokerVersion: null }, { maxMessages: 5000 }, sink);
    await sink.close();
    assert.deepEqual([result.messages, result.stoppedBy], [1500, 'end']);
    const text = await readFile(file, 'utf8');
    assert.equal(text.split('\n').length, 1502, 'header, 1,500 lines, final newline');
    assert.equal(Buffer.byteLength(text) - Buffer.byteLength(text.split('\n')[0]!) - 1, result.bytes);
    const checked = await checkRecording(file);
    assert.deepEqual([checked.messages, checked.header.source.destination], [1500, 'files']);
    const values: string[] = [];
    for await (const m of readRecording(file)) values.push(m.value && 'text' in m.value ? m.value.text : `b64:${m.value?.base64 ?? ''}`);
    const published = new Set(Array.from({ length: 1500 }, (_, i) => (i % 2 ? `v${i}` : `b64:${Buffer.from([i % 256, 0xff]).toString('base64')}`)));
    assert.equal(values.length, 1500);
    assert.deepEqual(new Set(values), published);
  });

  it('refuses a truncated file, a line that is not JSON and a newer version, with the line number', async () => {
    const truncated = await refusal(`${header}\n${message(1)}\n${message(2).slice(0, 20)}`);
    assert.equal(truncated.line, 3);
    assert.match(truncated.reason, /truncated/);
    const notJson = await refusal(`${header}\n${message(1)}\nkey=v\n${message(3)}\n`);
    assert.equal(notJson.line, 3);
    assert.match(notJson.reason, /not JSON/);
    const newer = await refusal(`${header.replace('"version":1', '"version":2')}\n${message(1)}\n`);
    assert.equal(newer.line, 1);
    assert.match(newer.reason, /version 2, newer/);
    const csv = await refusal('a,b,c\n1,2,3\n');
    assert.equal(csv.line, 1);
  });

  it('records a classic queue only after the peek was accepted, and leaves its messages there', async () => {
    const rabbit = createSimulatorAdapters().find((a) => a.kind === 'rabbitmq')!;
    await rabbit.connect();
    await rabbit.createDestination({ kind: 'queue', name: 'fidrec.classic', queueType: 'classic', durable: true });
    await rabbit.publish({ destination: '', routingKey: 'fidrec.classic' }, Array.from({ length: 40 }, (_, i) => ({ key: null, value: `m${i}` })));
    const request = { broker: 'simulator-rabbitmq' as const, destination: 'fidrec.classic', start: { kind: 'earliest' as const }, brokerVersion: null };
    const lines: string[] = [];
    const sink = { write: async (l: string): Promise<void> => { lines.push(l); } };
    await assert.rejects(recordDestination(rabbit, request, { maxMessages: 100 }, sink));
    lines.length = 0;
    const result = await recordDestination(rabbit, { ...request, acceptRequeue: true }, { maxMessages: 100 }, sink);
    assert.equal(result.messages, 40);
    assert.match(lines[0]!, /"peek":"requeue"/);
    assert.equal((await rabbit.listDestinations()).find((d) => d.name === 'fidrec.classic')?.messages, 40);
  });

  it('names recordings safely', () => {
    const name = defaultRecordingName('orders/eu west', 3, new Date('2026-12-05T08:35:12Z'));
    assert.equal(name, 'orders-eu-west-p3-20261205-083512');
    assert.ok(RECORDING_NAME.test(name));
    assert.ok(!RECORDING_NAME.test('../x'));
  });
});
