/**
 * A lean decoder of Kafka record batches (message format v2). kafkajs's own decoder builds several
 * objects and 64-bit Long values per record for every record of every batch; a browser usually needs
 * a few hundred records out of batches of thousands, so this one walks past records outside the
 * wanted offset range without building anything for them. Compressed batches are inflated with the
 * codecs registered in kafkajs (gzip built in, snappy and lz4 from compression.ts).
 */
import type { FetchedBatch, FetchedRecord } from './fetchProtocol.js';
import { lookupCodecByAttributes } from './internals.js';

const HEADER_SIZE = 61;
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
const CONTROL = 0x20;

/** Reads LEB128 varints and zig-zag decodes them; numbers stay exact up to 2^53. */
class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
  ) {}

  varlong(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) break;
      factor *= 128;
    }
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  }

  bytes(): Buffer | null {
    const length = this.varlong();
    if (length < 0) return null;
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skipBytes(): void {
    const length = this.varlong();
    if (length > 0) this.pos += length;
  }
}

function decodeRecords(
  buf: Buffer,
  start: number,
  count: number,
  baseOffset: number,
  baseTimestamp: number,
  fixedTimestamp: number | undefined,
  from: number,
  to: number,
): FetchedRecord[] {
  const records: FetchedRecord[] = [];
  const c = new Cursor(buf, start);
  for (let i = 0; i < count && c.pos < buf.length; i++) {
    const length = c.varlong();
    const end = c.pos + length;
    c.pos += 1; // attributes (unused)
    const timestampDelta = c.varlong();
    const offset = baseOffset + c.varlong();
    if (offset < from || offset >= to) {
      c.pos = end;
      continue;
    }
    const key = c.bytes();
    const value = c.bytes();
    const headerCount = c.varlong();
    const headers: Record<string, Buffer | Buffer[] | null> = {};
    for (let h = 0; h < headerCount; h++) {
      const name = c.bytes()?.toString('utf8') ?? '';
      const v = c.bytes();
      const seen = headers[name];
      if (seen === undefined) headers[name] = v;
      else if (Array.isArray(seen)) seen.push(v ?? Buffer.alloc(0));
      else headers[name] = [seen ?? Buffer.alloc(0), v ?? Buffer.alloc(0)];
    }
    records.push({ offset, timestamp: fixedTimestamp ?? baseTimestamp + timestampDelta, key, value, headers });
    c.pos = end;
  }
  return records;
}

/** The result of decoding a Fetch response's record set. */
export interface DecodedRecordSet {
  readonly batches: FetchedBatch[];
  /** Set when not even one whole batch is present: the bytes the first batch needs. */
  readonly firstBatchBytes?: number;
}

/**
 * Decodes the whole batches in `buf` (a trailing partial batch, normal at the end of a Fetch, is
 * ignored). Only records with offsets in [from, to) are built; control batches yield no records but
 * keep their offset range so a reader can step over them.
 */
export async function decodeRecordSet(buf: Buffer, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<DecodedRecordSet> {
  const batches: FetchedBatch[] = [];
  let pos = 0;
  while (pos + HEADER_SIZE <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8);
    if (pos + size > buf.length) break;
    const magic = buf.readInt8(pos + 16);
    if (magic !== 2) throw new Error(`Record format v${magic} (before Kafka 0.11) is not supported by BrokerLens browsing`);
    const baseOffset = Number(buf.readBigInt64BE(pos));
    const attributes = buf.readInt16BE(pos + 21);
    const lastOffset = baseOffset + buf.readInt32BE(pos + 23);
    const baseTimestamp = Number(buf.readBigInt64BE(pos + 27));
    const maxTimestamp = Number(buf.readBigInt64BE(pos + 35));
    const count = buf.readInt32BE(pos + 57);
    let records: FetchedRecord[] = [];
    // Skip whole batches outside the range, and control batches (transaction markers), undecoded.
    if ((attributes & CONTROL) === 0 && lastOffset >= from && baseOffset < to) {
      const fixed = (attributes & LOG_APPEND_TIME) !== 0 ? maxTimestamp : undefined;
      const body = buf.subarray(pos + HEADER_SIZE, pos + size);
      if ((attributes & COMPRESSION_MASK) === 0) {
        records = decodeRecords(body, 0, count, baseOffset, baseTimestamp, fixed, from, to);
      } else {
        const codec = lookupCodecByAttributes(attributes);
        const inflated: Buffer = await codec.decompress(body);
        records = decodeRecords(inflated, 0, count, baseOffset, baseTimestamp, fixed, from, to);
      }
    }
    batches.push({ firstOffset: baseOffset, lastOffset, records });
    pos += size;
  }
  if (batches.length === 0 && buf.length >= 12) {
    const needed = 12 + buf.readInt32BE(8);
    if (needed > buf.length) return { batches, firstBatchBytes: needed };
  }
  return { batches };
}
