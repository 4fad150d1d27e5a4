/**
 * A scenario producer that names a recording gets its messages here, before the run: the file is
 * streamed through the parser (bad input refused with the line number), keys and values kept, and
 * each message's time made relative to the first one (never going back, so a recording merged from
 * several partitions still replays in file order).
 */
import * as path from 'node:path';
import { toBase64 } from '../simulator/runtime/base64.js';
import { RECORDING_WORKLOAD_MAX } from '../simulator/scenario/schema.js';
import type { RecordedWorkloadMessage, Scenario } from '../simulator/scenario/types.js';
import { readRecording, RECORDINGS_DIR } from './recordingFiles.js';
import { isRecordingFormatError, type RecordedMessage, type RecordingHeader } from './recordingFormat.js';

const bytesOf = (p: RecordedMessage['value']): Uint8Array => (p === null ? new Uint8Array(0) : 'text' in p ? new TextEncoder().encode(p.text) : new Uint8Array(Buffer.from(p.base64, 'base64')));

/** The first `max` messages of a recording file as a workload. */
export async function loadRecordingWorkload(file: string, max: number): Promise<RecordedWorkloadMessage[]> {
  const out: RecordedWorkloadMessage[] = [];
  let first: number | undefined;
  let last = 0;
  for await (const m of readRecording(file)) {
    if (out.length >= max) break;
    first ??= m.timestamp;
    last = Math.max(last, m.timestamp - first);
    out.push({ atMs: last, key: m.key === null ? '' : 'text' in m.key ? m.key.text : m.key.base64, value: toBase64(bytesOf(m.value)) });
  }
  return out;
}

/**
 * Loads every recording the scenario's producers name, from `folder`/.brokerlens/recordings. Problems
 * come back as `producers[i].recording: reason` lines, like the scenario's other problems.
 */
export async function loadScenarioRecordings(scenario: Scenario, folder: string | undefined): Promise<{ scenario: Scenario; problems: string[] }> {
  const problems: string[] = [];
  const producers = await Promise.all(scenario.producers.map(async (p, i) => {
    if (!p.recording || p.recording.messages) return p;
    const where = `producers[${i}].recording`;
    if (!folder) {
      problems.push(`${where}: open the folder that holds ${RECORDINGS_DIR}/${p.recording.name}.ndjson`);
      return p;
    }
    const file = path.join(folder, RECORDINGS_DIR, `${p.recording.name}.ndjson`);
    try {
      const messages = await loadRecordingWorkload(file, Math.min(p.count, RECORDING_WORKLOAD_MAX));
      return { ...p, recording: { ...p.recording, messages } };
    } catch (error) {
      if (isRecordingFormatError(error)) problems.push(`${where}: ${RECORDINGS_DIR}/${p.recording.name}.ndjson ${error.message}`);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') problems.push(`${where}: no recording ${RECORDINGS_DIR}/${p.recording.name}.ndjson`);
      else throw error;
      return p;
    }
  }));
  return { scenario: { ...scenario, producers }, problems };
}

/**
 * A scenario that replays recording `name` on both simulator models: one producer sending the
 * recording (relative timing, or scaled by `speed`), one consumer, a topic and a queue named after the
 * recorded destination. Written as a file by Replay Recording… → "Into the simulator".
 */
export function recordingScenario(name: string, header: RecordingHeader, messages: number, speed: number | undefined): Scenario {
  const dest = header.source.destination.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) || 'replayed';
  const count = Math.max(1, Math.min(messages, RECORDING_WORKLOAD_MAX));
  return {
    version: 1,
    name: `Replay of ${name}`,
    description: `The ${messages} messages recorded from ${header.source.broker} ${header.source.destination} at ${header.startedAt}, replayed on both models.`,
    seed: 1,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [], queues: [{ name: dest, type: 'classic', durable: true }], bindings: [] },
      kafka: { topics: [{ name: dest, partitions: 3, replicationFactor: 3 }] },
    },
    producers: [{
      id: 'recording', target: { rabbitmq: { exchange: '', routingKey: dest }, kafka: { topic: dest } }, ratePerSec: 1, count,
      recording: { name, ...(speed !== undefined && speed !== 1 ? { timing: 'scaled' as const, speed } : { timing: 'relative' as const }) },
    }],
    consumers: [{
      id: 'consumer', source: { rabbitmq: { queue: dest }, kafka: { topic: dest, group: 'replay' } }, count: 1, prefetch: 10, processingMs: 5,
      strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' }, autoOffsetReset: 'earliest',
    }],
  };
}
