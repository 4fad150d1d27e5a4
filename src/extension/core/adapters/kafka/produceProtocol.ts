/**
 * Produce requests built without kafkajs's per-record encoders: a record batch (message format v2)
 * is sized first and written into one buffer, which makes bulk publishing several times faster than
 * kafkajs's Producer. Compression uses the codecs registered in kafkajs; the CRC is kafkajs's CRC32C.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { crc32C, createErrorFromCode, type InternalBroker } from './internals.js';

/** One record to write. */
export interface OutgoingRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [string, Buffer])[];
  /** Milliseconds since the epoch; undefined = now. */
  readonly timestamp?: number;
}

const PRODUCE_API_KEY = 0;
const HEADER_SIZE = 61;

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Zig-zag, exact for |n| < 2^52. */
const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);

function writeVarint(buf: Buffer, pos: number, signed: number): number {
  let n = zigzag(signed);
  while (n >= 128) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

const bytesSize = (b: Buffer | null): number => (b === null ? 1 : varintSize(zigzag(b.length)) + b.length);

function writeBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, b.length);
  b.copy(buf, pos);
  return pos + b.length;
}

/** Encodes records into one record batch (base offset 0: the broker assigns offsets). */
export async function encodeRecordBatch(records: readonly OutgoingRecord[], compression: number): Promise<Buffer> {
  const now = Date.now();
  const stamps = records.map((r) => r.timestamp ?? now);
  let base = stamps[0]!;
  let max = base;
  for (const t of stamps) {
    if (t < base) base = t;
    if (t > max) max = t;
  }
  const names = records.map((r) => r.headers.map(([name]) => Buffer.from(name, 'utf8')));
  const bodySizes = records.map((r, i) => {
    let size = 1 + varintSize(zigzag(stamps[i]! - base)) + varintSize(zigzag(i)) + bytesSize(r.key) + bytesSize(r.value);
    size += varintSize(zigzag(r.headers.length));
    r.headers.forEach(([, v], h) => (size += bytesSize(names[i]![h]!) + bytesSize(v)));
    return size;
  });
  let total = 0;
  for (const s of bodySizes) total += varintSize(zigzag(s)) + s;
  let body: Buffer = Buffer.allocUnsafe(total);
  let pos = 0;
  records.forEach((r, i) => {
    pos = writeVarint(body, pos, bodySizes[i]!);
    body[pos++] = 0; // record attributes
    pos = writeVarint(body, pos, stamps[i]! - base);
    pos = writeVarint(body, pos, i);
    pos = writeBytes(body, pos, r.key);
    pos = writeBytes(body, pos, r.value);
    pos = writeVarint(body, pos, r.headers.length);
    r.headers.forEach(([, v], h) => {
      pos = writeBytes(body, pos, names[i]![h]!);
      pos = writeBytes(body, pos, v);
    });
  });
  if (compression !== CompressionTypes.None) {
    const codec = (CompressionCodecs as unknown as Record<number, () => { compress(e: { buffer: Buffer }): Promise<Buffer> }>)[compression]!();
    body = await codec.compress({ buffer: body });
  }
  const batch = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  batch.writeBigInt64BE(0n, 0); // base offset
  batch.writeInt32BE(batch.length - 12, 8); // batch length
  batch.writeInt32BE(-1, 12); // partition leader epoch
  batch.writeInt8(2, 16); // magic
  batch.writeInt16BE(compression & 0x07, 21); // attributes: codec, create time, not transactional
  batch.writeInt32BE(records.length - 1, 23); // last offset delta
  batch.writeBigInt64BE(BigInt(base), 27);
  batch.writeBigInt64BE(BigInt(max), 35);
  batch.writeBigInt64BE(-1n, 43); // producer id: none (not idempotent)
  batch.writeInt16BE(-1, 51); // producer epoch
  batch.writeInt32BE(-1, 53); // base sequence
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, HEADER_SIZE);
  batch.writeUInt32BE(crc32C(batch.subarray(21)), 17); // CRC-32C from the attributes to the end
  return batch;
}

/** The answer for the one partition sent. */
interface ProduceResponse {
  readonly errorCode: number;
  readonly baseOffset: number;
}

function decodeResponse(payload: Buffer): ProduceResponse {
  // v3: [topics: name, [partition, error_code, base_offset, log_append_time]], throttle_time_ms
  let pos = 4; // topic count (always 1 here)
  pos += 2 + payload.readInt16BE(pos); // topic name
  pos += 4; // partition count (always 1 here)
  pos += 4; // partition
  const errorCode = payload.readInt16BE(pos);
  const baseOffset = Number(payload.readBigInt64BE(pos + 2));
  return { errorCode, baseOffset };
}

/**
 * Sends one record batch to one partition on `broker` (its leader) with Produce v3 (Kafka 0.11+).
 * Resolves with the base offset, or undefined when acks is 0 (the broker does not answer then).
 */
export async function produceBatch(
  broker: InternalBroker,
  args: { topic: string; partition: number; batch: Buffer; acks: number; timeoutMs: number },
): Promise<number | undefined> {
  const topic = Buffer.from(args.topic, 'utf8');
  const payload = Buffer.allocUnsafe(2 + 2 + 4 + 4 + 2 + topic.length + 4 + 4 + 4 + args.batch.length);
  let pos = payload.writeInt16BE(-1, 0); // transactional id: null
  pos = payload.writeInt16BE(args.acks, pos);
  pos = payload.writeInt32BE(args.timeoutMs, pos);
  pos = payload.writeInt32BE(1, pos); // one topic
  pos = payload.writeInt16BE(topic.length, pos);
  pos += topic.copy(payload, pos);
  pos = payload.writeInt32BE(1, pos); // one partition
  pos = payload.writeInt32BE(args.partition, pos);
  pos = payload.writeInt32BE(args.batch.length, pos);
  args.batch.copy(payload, pos);
  const encoded = { buf: payload, buffer: payload }; // what kafkajs's Encoder#writeEncoder reads
  const result = (await broker.connectionPool.send({
    request: { apiKey: PRODUCE_API_KEY, apiVersion: 3, apiName: 'Produce', expectResponse: () => args.acks !== 0, encode: async () => encoded },
    response: { decode: async (data) => decodeResponse(data), parse: async (data) => data },
  })) as ProduceResponse | undefined;
  if (!result) return undefined;
  if (result.errorCode !== 0) throw Object.assign(createErrorFromCode(result.errorCode), { topic: args.topic, partition: args.partition });
  return result.baseOffset;
}

/** True when the broker accepts Produce v3 (Kafka 0.11 up to at least 4.x). */
export function supportsProduceV3(broker: InternalBroker): boolean {
  const v = broker.versions?.[PRODUCE_API_KEY];
  return v !== undefined && v.minVersion <= 3 && v.maxVersion >= 3;
}
