/**
 * Record batches (message format v2, the only one Kafka 4 accepts) as they cross the wire: decoding
 * what a producer sends (CRC-32C checked, gzip / snappy / lz4 inflated, zstd where the runtime has
 * it) and encoding what a consumer fetches (uncompressed, one batch per run of log records).
 * Layout: DefaultRecordBatch / DefaultRecord in kafka-clients.
 */
import * as zlib from 'node:zlib';
import * as lz4 from 'lz4js';
import * as snappy from 'snappyjs';
import type { KafkaHeader } from '../../simulator/kafka/recordSize.js';
import type { Segment } from '../../simulator/kafka/segment.js';
import { WireFormatError, WireReader, WireWriter } from './bytes.js';
import { crc32c } from './crc32c.js';

/** A decoded record of a produced batch. */
export interface WireRecord {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: KafkaHeader[] | undefined;
  readonly timestamp: number;
}

/** A decoded batch. */
export interface DecodedBatch {
  readonly baseOffset: number;
  readonly lastOffsetDelta: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly transactional: boolean;
  readonly control: boolean;
  readonly records: WireRecord[];
}

/** Why a produced batch is refused, as the broker's error name. */
export class BatchError extends Error {
  constructor(readonly code: 'CORRUPT_MESSAGE' | 'UNSUPPORTED_COMPRESSION_TYPE' | 'UNSUPPORTED_FOR_MESSAGE_FORMAT' | 'INVALID_RECORD', message: string) {
    super(message);
    this.name = 'BatchError';
  }
}

const BATCH_HEADER = 61;
/** A decompressed batch larger than this is refused (it would be larger than any max.message.bytes). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** zstd is in node:zlib from Node 22.15 / 23.8; Node 20 (the extension host's floor) has none. */
const zstdDecompress = (zlib as unknown as { zstdDecompressSync?: (b: Buffer, o?: object) => Buffer }).zstdDecompressSync;

/** True when this runtime can read zstd batches. */
export const ZSTD_AVAILABLE = typeof zstdDecompress === 'function';

/** Decodes every batch of a Produce partition's records. */
export function decodeBatches(records: Buffer): DecodedBatch[] {
  const out: DecodedBatch[] = [];
  let pos = 0;
  while (pos < records.length) {
    if (records.length - pos < 12) throw new BatchError('CORRUPT_MESSAGE', 'Record batch shorter than its log overhead.');
    const length = records.readInt32BE(pos + 8);
    const end = pos + 12 + length;
    if (length < BATCH_HEADER - 12 || end > records.length) throw new BatchError('CORRUPT_MESSAGE', `Record batch length ${length} does not fit the ${records.length - pos} bytes sent.`);
    out.push(decodeBatch(records.subarray(pos, end)));
    pos = end;
  }
  return out;
}

function decodeBatch(b: Buffer): DecodedBatch {
  const magic = b.readInt8(16);
  if (magic !== 2) throw new BatchError('UNSUPPORTED_FOR_MESSAGE_FORMAT', `Message format v${magic} is not accepted; Kafka 4 takes v2 record batches only.`);
  const crc = b.readUInt32BE(17);
  if (crc32c(b, 21, b.length) !== crc) throw new BatchError('CORRUPT_MESSAGE', 'Record batch CRC-32C does not match its contents.');
  const r = new WireReader(b, 21);
  const attributes = r.int16();
  const lastOffsetDelta = r.int32();
  const baseTimestamp = r.int64();
  r.int64(); // maxTimestamp
  const producerId = r.int64();
  const producerEpoch = r.int16();
  const baseSequence = r.int32();
  const count = r.int32();
  const codec = attributes & 0x07;
  let body: WireReader = r;
  if (codec !== 0) body = new WireReader(inflate(codec, b.subarray(BATCH_HEADER)));
  if (count < 0 || count > body.remaining) throw new BatchError('CORRUPT_MESSAGE', `Record count ${count} is impossible for a batch of ${b.length} bytes.`);
  const records = new Array<WireRecord>(count);
  try {
    for (let i = 0; i < count; i++) {
      const size = body.varlong();
      const rec = body.sub(size);
      rec.int8(); // attributes
      const tsDelta = rec.varlong();
      rec.varlong(); // offset delta
      const keyLen = rec.varlong();
      const key = keyLen < 0 ? null : rec.bytes(keyLen);
      const valueLen = rec.varlong();
      const value = valueLen < 0 ? null : rec.bytes(valueLen);
      const hc = rec.varlong();
      let headers: KafkaHeader[] | undefined;
      if (hc > 0) {
        if (hc > rec.remaining) throw new WireFormatError('Header count larger than the record.');
        headers = [];
        for (let h = 0; h < hc; h++) {
          const kl = rec.varlong();
          if (kl < 0) throw new WireFormatError('Null header key.');
          const hk = rec.string(kl);
          const vl = rec.varlong();
          // Copied: the engine keeps header lists by reference, and a view would pin the whole frame.
          headers.push({ key: hk, value: vl < 0 ? null : Buffer.from(rec.bytes(vl)) });
        }
      }
      records[i] = { key, value, headers, timestamp: baseTimestamp + tsDelta };
    }
  } catch (error) {
    if (error instanceof WireFormatError) throw new BatchError('CORRUPT_MESSAGE', `Malformed record in batch: ${error.message}`);
    throw error;
  }
  return {
    baseOffset: b.readBigInt64BE(0) === 0n ? 0 : Number(b.readBigInt64BE(0)),
    lastOffsetDelta,
    producerId,
    producerEpoch,
    baseSequence,
    transactional: (attributes & 0x10) !== 0,
    control: (attributes & 0x20) !== 0,
    records,
  };
}

function inflate(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case 1: return zlib.gunzipSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
      case 2: return snappyInflate(data);
      case 3: {
        // lz4js computes the bound from the frame header (content size, or blocks x block size).
        const bound = (lz4 as unknown as { decompressBound(b: Uint8Array): number }).decompressBound(data);
        if (bound > MAX_INFLATED_BYTES) throw new Error('lz4 frame too large');
        return Buffer.from(lz4.decompress(data, bound));
      }
      case 4:
        if (!zstdDecompress) throw new BatchError('UNSUPPORTED_COMPRESSION_TYPE', `zstd batches cannot be read: this Node.js ${process.version} has no zstd (it arrives in Node 22.15). Use gzip, snappy or lz4.`);
        return zstdDecompress(data, { maxOutputLength: MAX_INFLATED_BYTES });
      default: throw new BatchError('UNSUPPORTED_COMPRESSION_TYPE', `Unknown compression codec ${codec}.`);
    }
  } catch (error) {
    if (error instanceof BatchError) throw error;
    throw new BatchError('CORRUPT_MESSAGE', `Compressed batch cannot be inflated: ${(error as Error).message}`);
  }
}

// The Java client frames snappy in xerial's format (magic, then length-prefixed raw blocks);
// librdkafka and kafkajs write one raw block.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function snappyInflate(input: Buffer): Buffer {
  if (input.length < 16 || !input.subarray(0, 8).equals(XERIAL_MAGIC)) return Buffer.from(snappy.uncompress(input, MAX_INFLATED_BYTES));
  const parts: Buffer[] = [];
  let total = 0;
  let cursor = 16;
  while (cursor + 4 <= input.length) {
    const size = input.readInt32BE(cursor);
    cursor += 4;
    if (size < 0 || cursor + size > input.length) throw new Error('xerial block overruns the batch');
    const part = Buffer.from(snappy.uncompress(input.subarray(cursor, cursor + size), MAX_INFLATED_BYTES - total));
    total += part.length;
    parts.push(part);
    cursor += size;
  }
  return Buffer.concat(parts);
}

/**
 * Encodes records [from, to) of a segment as one uncompressed v2 batch into `w`. Records carry
 * their own offsets, so a batch may span compaction gaps (offset deltas are absolute - base).
 */
export function encodeSegmentBatch(w: WireWriter, seg: Segment, from: number, to: number): void {
  const start = w.pos;
  const baseOffset = seg.offsetAt(from);
  const lastOffset = seg.offsetAt(to - 1);
  let baseTs = Number.POSITIVE_INFINITY;
  let maxTs = -1;
  for (let i = from; i < to; i++) {
    const ts = seg.timestampAt(i);
    if (ts < baseTs) baseTs = ts;
    if (ts > maxTs) maxTs = ts;
  }
  w.int64(baseOffset);
  w.int32(0); // length, patched
  w.int32(0); // partition leader epoch
  w.int8(2);
  w.uint32(0); // crc, patched
  const crcFrom = w.pos;
  w.int16(0); // attributes: no compression, CreateTime
  w.int32(lastOffset - baseOffset);
  w.int64(baseTs);
  w.int64(maxTs);
  w.int64(-1); // producer id
  w.int16(-1);
  w.int32(-1);
  w.int32(to - from);
  const scratch = new WireWriter(64);
  for (let i = from; i < to; i++) {
    scratch.pos = 0;
    scratch.int8(0);
    scratch.varlong(seg.timestampAt(i) - baseTs);
    scratch.varlong(seg.offsetAt(i) - baseOffset);
    writeNullableBytes(scratch, seg.keyAt(i));
    writeNullableBytes(scratch, seg.valueAt(i));
    const headers = seg.headersAt(i);
    scratch.varint(headers?.length ?? 0);
    for (const h of headers ?? []) {
      const k = Buffer.from(h.key, 'utf8');
      scratch.varint(k.length);
      scratch.raw(k);
      writeNullableBytes(scratch, h.value);
    }
    const body = scratch.finish();
    w.varint(body.length);
    w.raw(body);
  }
  w.patchInt32(start + 8, w.pos - start - 12);
  w.patchUInt32(start + 17, crc32c(w.view(0), crcFrom, w.pos));
}

function writeNullableBytes(w: WireWriter, bytes: Uint8Array | null): void {
  if (bytes === null) {
    w.varint(-1);
    return;
  }
  w.varint(bytes.length);
  w.raw(bytes);
}
