/**
 * The Confluent wire format that schema-registry serializers write in front of a record's key or value:
 * magic byte 0, the schema id as a 4-byte big-endian integer, then (Protobuf only) the message indexes
 * that name which message type of the schema file was written, then the encoded payload.
 * See Confluent's "Wire format" documentation; the Java serializers are the reference.
 */

/** The byte every Confluent-framed payload starts with. */
export const MAGIC_BYTE = 0;
/** Magic byte + 4-byte schema id. */
export const HEADER_LENGTH = 5;

/** The header of a framed payload. */
export interface WireHeader {
  readonly schemaId: number;
  /** Where the schema-specific part starts (message indexes for Protobuf, the payload otherwise). */
  readonly bodyOffset: number;
}

/**
 * Reads the magic byte and schema id, or returns undefined when the bytes are not framed. A plain JSON
 * or text payload never starts with byte 0, so this cannot mistake one for a framed record; a schema id
 * of 0 or below is not one a registry hands out, so such bytes are treated as unframed binary.
 */
export function readWireHeader(bytes: Uint8Array | null | undefined): WireHeader | undefined {
  if (!bytes || bytes.length < HEADER_LENGTH || bytes[0] !== MAGIC_BYTE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const schemaId = view.getInt32(1, false);
  if (schemaId <= 0) return undefined;
  return { schemaId, bodyOffset: HEADER_LENGTH };
}

/** Writes the 5-byte header. */
export function writeWireHeader(schemaId: number): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  return out;
}

/** Message indexes read from a Protobuf payload, and where the message itself starts. */
export interface MessageIndexes {
  readonly indexes: readonly number[];
  readonly payloadOffset: number;
}

/**
 * Reads Protobuf message indexes: a zig-zag varint count, then that many zig-zag varint indexes (the
 * path to the message type: top-level message number, then nested message numbers). A single byte 0
 * is the shorthand for [0], the first message of the file. Throws a RangeError on truncated input.
 */
export function readMessageIndexes(bytes: Uint8Array, offset: number): MessageIndexes {
  const first = readZigZagVarint(bytes, offset);
  if (first.value === 0) return { indexes: [0], payloadOffset: first.next };
  if (first.value < 0 || first.value > 100) {
    throw new RangeError(`message index count ${first.value} is not plausible`);
  }
  const indexes: number[] = [];
  let at = first.next;
  for (let i = 0; i < first.value; i++) {
    const item = readZigZagVarint(bytes, at);
    indexes.push(item.value);
    at = item.next;
  }
  return { indexes, payloadOffset: at };
}

/** Writes Protobuf message indexes ([0] as the single byte 0, as the Java serializer does). */
export function writeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0);
  const parts: number[] = [];
  writeZigZagVarint(indexes.length, parts);
  for (const index of indexes) writeZigZagVarint(index, parts);
  return Uint8Array.from(parts);
}

function readZigZagVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let raw = 0;
  let shift = 0;
  let at = offset;
  for (;;) {
    if (at >= bytes.length) throw new RangeError('the message indexes end before the payload starts');
    const byte = bytes[at++]!;
    raw += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
    if (shift > 28) throw new RangeError('a message index is longer than 32 bits');
  }
  // Zig-zag: 0 → 0, 1 → -1, 2 → 1, 3 → -2 ...
  const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  return { value, next: at };
}

function writeZigZagVarint(value: number, out: number[]): void {
  let raw = value >= 0 ? value * 2 : -value * 2 - 1;
  while (raw >= 0x80) {
    out.push((raw % 0x80) | 0x80);
    raw = Math.floor(raw / 0x80);
  }
  out.push(raw);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
