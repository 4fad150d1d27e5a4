/**
 * Conversions between the Kafka model and the broker-neutral types the adapter speaks: records,
 * outgoing messages, and errors (every KafkaError becomes a BrokerError whose message says what
 * failed, why, and what to do; the Kafka code and message go to `detail` for the log).
 */
import { BrokerError } from '../../model/errors.js';
import { kafkaErrorKind } from '../../rules/kafkaErrors.js';
import type { BrokerRecord, HeaderValue, OutgoingMessage, RecordHeaders } from '../../model/message.js';
import { isKafkaError, type KafkaErrorCode } from '../../simulator/kafka/errors.js';
import type { LogSlice } from '../../simulator/kafka/log.js';
import type { ProduceRecord } from '../../simulator/kafka/produce.js';
import type { KafkaHeader } from '../../simulator/kafka/recordSize.js';

const encoder = new TextEncoder();

/** What to do about each error; its kind comes from the shared table (core/rules/kafkaErrors.ts). */
const HINTS: Readonly<Record<KafkaErrorCode, string>> = {
  UNKNOWN_TOPIC_OR_PARTITION: 'check the name, or create the topic first',
  TOPIC_ALREADY_EXISTS: 'pick another name or use the existing topic',
  INVALID_TOPIC_EXCEPTION: 'use only letters, digits, ".", "_" and "-"',
  INVALID_PARTITIONS: 'choose a larger partition count',
  INVALID_REPLICATION_FACTOR: 'choose a replication factor between 1 and the number of brokers',
  INVALID_CONFIG: 'fix the config value and try again',
  INVALID_REQUEST: 'fix the request and try again',
  INVALID_RECORD: 'give every record a key, or change cleanup.policy',
  INVALID_TIMESTAMP: 'send a timestamp within the topic\'s allowed range, or none',
  MESSAGE_TOO_LARGE: 'send a smaller message or raise max.message.bytes',
  OFFSET_OUT_OF_RANGE: 'pick an offset between the log start and the high watermark',
  NOT_ENOUGH_REPLICAS: 'lower min.insync.replicas or use acks=leader',
  NON_EMPTY_GROUP: 'stop the group\'s consumers, then try again',
  GROUP_ID_NOT_FOUND: 'check the group id',
  UNKNOWN_MEMBER_ID: 'start a new consumer',
  ILLEGAL_GENERATION: 'let the rebalance finish, then commit again',
  REBALANCE_IN_PROGRESS: 'let the rebalance finish, then try again',
  INCONSISTENT_GROUP_PROTOCOL: 'use an assignor the other members also support',
  INVALID_GROUP_ID: 'give a non-empty group id',
  INVALID_SESSION_TIMEOUT: 'choose a session timeout the broker allows',
  NO_OFFSET_FOR_PARTITION: 'set auto.offset.reset or reset the group\'s offsets',
};

function clause(message: string): string {
  const m = message.trim().replace(/\.$/, '');
  return m.length > 0 ? m[0]!.toLowerCase() + m.slice(1) : m;
}

/** Turns anything thrown by the model into a BrokerError: "<action> failed because <why>; <what to do>." */
export function toBrokerError(e: unknown, action: string): BrokerError {
  if (e instanceof BrokerError) return e;
  if (isKafkaError(e)) {
    const code = kafkaErrorKind(e.code) ?? 'unknown';
    const hint = HINTS[e.code] ?? 'see the BrokerLens log for details';
    return new BrokerError(code, `${action} failed because ${clause(e.message)}; ${hint}.`, { detail: `${e.code}: ${e.message}`, cause: e });
  }
  return new BrokerError('unknown', `${action} failed because of an unexpected error in the simulator; see the BrokerLens log for details.`, { cause: e });
}

/** Kafka headers (ordered, duplicates allowed) as a header table; a repeated name becomes a list. */
export function headersToRecord(headers: readonly KafkaHeader[] | undefined): RecordHeaders {
  const out: Record<string, HeaderValue> = {};
  if (!headers) return out;
  for (const h of headers) {
    const v = h.value === null ? null : h.value.slice();
    const prev = out[h.key];
    if (prev === undefined) out[h.key] = v;
    else out[h.key] = Array.isArray(prev) ? [...(prev as readonly HeaderValue[]), v] : [prev, v];
  }
  return out;
}

/** Header values as Kafka bytes: strings UTF-8, numbers and booleans as their text. */
export function headersFromMessage(headers: OutgoingMessage['headers']): KafkaHeader[] | undefined {
  if (!headers) return undefined;
  const out: KafkaHeader[] = [];
  for (const [key, v] of Object.entries(headers)) out.push({ key, value: v instanceof Uint8Array ? v : encoder.encode(String(v)) });
  return out.length > 0 ? out : undefined;
}

/** An outgoing message as a record to produce. */
export function toProduceRecord(m: OutgoingMessage): ProduceRecord {
  const key = m.key === undefined || m.key === null ? null : typeof m.key === 'string' ? encoder.encode(m.key) : m.key;
  const value = m.value === null ? null : typeof m.value === 'string' ? encoder.encode(m.value) : m.value;
  const headers = m.headerList
    ? m.headerList.map(([name, v]) => ({ key: name, value: typeof v === 'string' ? encoder.encode(v) : v }))
    : headersFromMessage(m.headers);
  return {
    key,
    value,
    ...(headers ? { headers } : {}),
    ...(m.partition !== undefined ? { partition: m.partition } : {}),
    ...(m.timestamp !== undefined ? { timestamp: m.timestamp } : {}),
  };
}

/** Materializes the records of a slice as BrokerRecords (bytes copied, so callers may keep them). */
export function sliceToBrokerRecords(topic: string, partition: number, slice: LogSlice, out: BrokerRecord[], toOffset = Number.POSITIVE_INFINITY): BrokerRecord[] {
  const seg = slice.segment;
  for (let i = slice.from; i < slice.to; i++) {
    const offset = seg.offsetAt(i);
    if (offset >= toOffset) break;
    const key = seg.keyAt(i);
    const value = seg.valueAt(i);
    const headers = seg.headersAt(i);
    let size = (key?.length ?? 0) + (value?.length ?? 0);
    if (headers) for (const h of headers) size += h.key.length + (h.value?.length ?? 0);
    out.push({
      id: `${partition}:${offset}`,
      destination: topic,
      partition,
      offset,
      timestamp: seg.timestampAt(i),
      key: key === null ? null : key.slice(),
      value: value === null ? null : value.slice(),
      headers: headersToRecord(headers),
      size,
    });
  }
  return out;
}
