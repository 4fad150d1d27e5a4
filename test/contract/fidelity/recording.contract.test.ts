/**
 * Recording: the same 1,000-record keyed workload is produced to a simulator topic and to a real Kafka
 * topic through their adapters, both are recorded by recordDestination (the same code, through
 * browse), and the recordings must be equal in content: header source, and per line key, value,
 * headers, partition and offset (timestamps differ by nature and are left out). Each recording is
 * read back through the streaming parser, so what is written is what a replay would read.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { recordDestination } from '../../../src/extension/core/recordings/recorder.js';
import { RecordingParser, type RecordedMessage } from '../../../src/extension/core/recordings/recordingFormat.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';

const kafka = await brokerGate('kafka');
const COUNT = 1000;

async function recordWorkload(adapter: BrokerAdapter, broker: 'kafka' | 'simulator-kafka', topic: string): Promise<{ lines: string[]; messages: RecordedMessage[]; stoppedBy: string }> {
  await adapter.connect();
  await adapter.createDestination({ kind: 'topic', name: topic, partitions: 3, replicationFactor: 1 });
  try {
    const messages = Array.from({ length: COUNT }, (_, i) => ({
      key: `customer-${i % 37}`,
      value: i % 10 === 0 ? new Uint8Array([0xff, 0xfe, i % 256]) : `{"order":${i}}`,
      headers: { trace: `t-${i}` },
    }));
    const report = await adapter.publish({ destination: topic }, messages);
    assert.equal(report.confirmed, COUNT);
    const recorded: RecordedMessage[] = [];
    const all: RecordedMessage[] = [];
    const lines: string[] = [];
    for (let partition = 0; partition < 3; partition++) {
      const parser = new RecordingParser();
      const result = await recordDestination(adapter, { broker, destination: topic, partition, start: { kind: 'earliest' }, brokerVersion: null },
        { maxMessages: 10_000 }, { write: async (line) => { lines.push(line); recorded.push(...parser.feed(`${line}\n`)); } });
      assert.equal(result.stoppedBy, 'end');
      all.push(...recorded.splice(0), ...parser.end());
    }
    return { lines, messages: all, stoppedBy: 'end' };
  } finally {
    await adapter.deleteDestination(topic, topic).catch(() => undefined);
    await adapter.disconnect();
  }
}

const content = (ms: readonly RecordedMessage[]): unknown[] => ms.map(({ timestamp: _t, ...rest }) => rest);

describe('a recording of the simulator and one of real Kafka, same workload, are equal in content', { skip: kafka.skip }, () => {
  it(`records ${COUNT} keyed records from each and compares`, { timeout: 120000 }, async () => {
    kafka.assertRequired();
    const topic = `fidelity.recording.${randomUUID().slice(0, 8)}`;
    const sim = createSimulatorAdapters().find((a) => a.kind === 'kafka')!;
    const real = new KafkaAdapter({ kind: 'kafka', id: 'fidelity', name: 'fidelity', brokers: brokerEnv.kafkaBrokers }, {});
    const fromSim = await recordWorkload(sim, 'simulator-kafka', topic);
    const fromReal = await recordWorkload(real, 'kafka', topic);
    assert.equal(fromSim.messages.length, COUNT);
    assert.ok(fromSim.messages.some((m) => m.value && 'base64' in m.value), 'binary values are recorded as base64');
    assert.deepEqual(content(fromSim.messages), content(fromReal.messages), 'same keys, values, headers, partitions and offsets');
  });
});
