/**
 * On-disk sizes as Kafka's v2 record format defines them (DefaultRecord.sizeInBytes,
 * DefaultRecordBatch.RECORD_BATCH_OVERHEAD). The model uses them for segment.bytes, retention.bytes,
 * max.message.bytes and the sticky partitioner's batch accounting, so those limits bite at the same
 * record counts as on a real broker for uncompressed batches.
 */

/** Bytes of a record batch header in magic v2 (DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
export const RECORD_BATCH_OVERHEAD = 61;

/** ByteUtils.sizeOfVarint: zig-zag encoded length of a 32-bit int. */
export function sizeOfVarint(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while ((v & 0xffffff80) !== 0) {
    bytes++;
    v >>>= 7;
  }
  return bytes;
}

/** ByteUtils.sizeOfVarlong for values that fit a double exactly (timestamp deltas). */
export function sizeOfVarlong(value: number): number {
  // Zig-zag: non-negative n -> 2n, negative n -> -2n-1; then 7 bits per byte.
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (v >= 128) {
    bytes++;
    v = Math.floor(v / 128);
  }
  return bytes;
}

/** A record header as Kafka stores it: a string key and nullable bytes, duplicates allowed, in order. */
export interface KafkaHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

const encoder = new TextEncoder();

/** Size of the headers part of a record body. */
export function headersSize(headers: readonly KafkaHeader[] | undefined): number {
  if (!headers || headers.length === 0) return 1;
  let size = sizeOfVarint(headers.length);
  for (const h of headers) {
    const keyLen = utf8Length(h.key);
    size += sizeOfVarint(keyLen) + keyLen;
    size += h.value === null ? 1 : sizeOfVarint(h.value.length) + h.value.length;
  }
  return size;
}

/** DefaultRecord.sizeInBytes for key/value lengths (-1 = null) and a precomputed headers size. */
export function recordSizeInBytes(offsetDelta: number, timestampDelta: number, keyLen: number, valueLen: number, headersBytes: number): number {
  let body = 1 + sizeOfVarint(offsetDelta) + sizeOfVarlong(timestampDelta);
  body += keyLen < 0 ? 1 : sizeOfVarint(keyLen) + keyLen;
  body += valueLen < 0 ? 1 : sizeOfVarint(valueLen) + valueLen;
  body += headersBytes;
  return body + sizeOfVarint(body);
}

function utf8Length(s: string): number {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? s.length : encoder.encode(s).length;
}
