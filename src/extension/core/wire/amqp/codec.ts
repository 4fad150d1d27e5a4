/**
 * The AMQP 0-9-1 codec of the listener: amqplib's generated method and property definitions (its
 * lib/defs.js is generated from the AMQP 0-9-1 spec file, and encodes and decodes every method and
 * the basic content header), used in the server direction. This is the ONLY file that imports
 * amqplib internals, so an amqplib upgrade has one file to check; test/unit/wire/amqpCodec.test.ts
 * pins what is relied on (method ids, argument names, round trips).
 *
 * What is written here rather than taken from amqplib: the 7-byte frame header and frame-end octet
 * (frames.ts), the content header frame around property bytes passed through unchanged, and the
 * type hints for the header values the broker itself adds (x-death counts are `long`, as RabbitMQ
 * writes them, not the smallest integer type amqplib would guess).
 */
import defs from 'amqplib-internal/defs.js';
import codec from 'amqplib-internal/codec.js';

/** Frame types (AMQP 0-9-1 section 4.2.3, RabbitMQ's heartbeat is 8). */
export const FrameType = { METHOD: 1, HEADER: 2, BODY: 3, HEARTBEAT: 8 } as const;

/** The octet every frame ends with. */
export const FRAME_END = 0xce;

/** Frame header (type, channel, size) plus frame-end octet. */
export const FRAME_OVERHEAD = 8;

/** The smallest frame_max a peer may negotiate; also the limit before tune. */
export const FRAME_MIN_SIZE = 4096;

/** "AMQP" 0 0 9 1: what a client sends first, and what a server answers to a header it cannot speak. */
export const PROTOCOL_HEADER: Buffer = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** The class id of `basic`, the only class with content. */
export const BASIC_CLASS = 60;

function methodId(name: string): number {
  const v = defs[name];
  if (typeof v !== 'number') throw new Error(`amqplib's generated definitions have no method ${name}; the AMQP listener needs them (amqplib upgrade?)`);
  return v;
}

/** Method ids (class << 16 | method), taken from amqplib's generated definitions. */
export const Method = {
  ConnectionStart: methodId('ConnectionStart'),
  ConnectionStartOk: methodId('ConnectionStartOk'),
  ConnectionSecure: methodId('ConnectionSecure'),
  ConnectionSecureOk: methodId('ConnectionSecureOk'),
  ConnectionTune: methodId('ConnectionTune'),
  ConnectionTuneOk: methodId('ConnectionTuneOk'),
  ConnectionOpen: methodId('ConnectionOpen'),
  ConnectionOpenOk: methodId('ConnectionOpenOk'),
  ConnectionClose: methodId('ConnectionClose'),
  ConnectionCloseOk: methodId('ConnectionCloseOk'),
  ConnectionBlocked: methodId('ConnectionBlocked'),
  ConnectionUnblocked: methodId('ConnectionUnblocked'),
  ConnectionUpdateSecret: methodId('ConnectionUpdateSecret'),
  ConnectionUpdateSecretOk: methodId('ConnectionUpdateSecretOk'),
  ChannelOpen: methodId('ChannelOpen'),
  ChannelOpenOk: methodId('ChannelOpenOk'),
  ChannelFlow: methodId('ChannelFlow'),
  ChannelFlowOk: methodId('ChannelFlowOk'),
  ChannelClose: methodId('ChannelClose'),
  ChannelCloseOk: methodId('ChannelCloseOk'),
  AccessRequest: methodId('AccessRequest'),
  AccessRequestOk: methodId('AccessRequestOk'),
  ExchangeDeclare: methodId('ExchangeDeclare'),
  ExchangeDeclareOk: methodId('ExchangeDeclareOk'),
  ExchangeDelete: methodId('ExchangeDelete'),
  ExchangeDeleteOk: methodId('ExchangeDeleteOk'),
  ExchangeBind: methodId('ExchangeBind'),
  ExchangeBindOk: methodId('ExchangeBindOk'),
  ExchangeUnbind: methodId('ExchangeUnbind'),
  ExchangeUnbindOk: methodId('ExchangeUnbindOk'),
  QueueDeclare: methodId('QueueDeclare'),
  QueueDeclareOk: methodId('QueueDeclareOk'),
  QueueBind: methodId('QueueBind'),
  QueueBindOk: methodId('QueueBindOk'),
  QueuePurge: methodId('QueuePurge'),
  QueuePurgeOk: methodId('QueuePurgeOk'),
  QueueDelete: methodId('QueueDelete'),
  QueueDeleteOk: methodId('QueueDeleteOk'),
  QueueUnbind: methodId('QueueUnbind'),
  QueueUnbindOk: methodId('QueueUnbindOk'),
  BasicQos: methodId('BasicQos'),
  BasicQosOk: methodId('BasicQosOk'),
  BasicConsume: methodId('BasicConsume'),
  BasicConsumeOk: methodId('BasicConsumeOk'),
  BasicCancel: methodId('BasicCancel'),
  BasicCancelOk: methodId('BasicCancelOk'),
  BasicPublish: methodId('BasicPublish'),
  BasicReturn: methodId('BasicReturn'),
  BasicDeliver: methodId('BasicDeliver'),
  BasicGet: methodId('BasicGet'),
  BasicGetOk: methodId('BasicGetOk'),
  BasicGetEmpty: methodId('BasicGetEmpty'),
  BasicAck: methodId('BasicAck'),
  BasicReject: methodId('BasicReject'),
  BasicRecoverAsync: methodId('BasicRecoverAsync'),
  BasicRecover: methodId('BasicRecover'),
  BasicRecoverOk: methodId('BasicRecoverOk'),
  BasicNack: methodId('BasicNack'),
  TxSelect: methodId('TxSelect'),
  TxSelectOk: methodId('TxSelectOk'),
  TxCommit: methodId('TxCommit'),
  TxCommitOk: methodId('TxCommitOk'),
  TxRollback: methodId('TxRollback'),
  TxRollbackOk: methodId('TxRollbackOk'),
  ConfirmSelect: methodId('ConfirmSelect'),
  ConfirmSelectOk: methodId('ConfirmSelectOk'),
} as const;

/** A field table as amqplib decodes it (numbers, strings, booleans, Buffers, arrays, nested tables, {'!': type, value}). */
export type FieldTable = Record<string, unknown>;

/** Decoded arguments of a method; which names are present is pinned by the codec test. */
export type MethodArgs = Record<string, unknown>;

/** Splits a method id into its class and method parts (for close frames' class-id / method-id). */
export function splitMethodId(id: number): { classId: number; methodId: number } {
  return { classId: id >>> 16, methodId: id & 0xffff };
}

/** RabbitMQ's name of a method, e.g. 'basic.publish', for reply texts and logs. */
export function methodName(id: number): string {
  try {
    const name = defs.info(id).name;
    const cls = /^[A-Z][a-z]+/.exec(name)?.[0] ?? name;
    const rest = name.slice(cls.length).replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '_') + c.toLowerCase());
    return `${cls.toLowerCase()}.${rest}`;
  } catch {
    return `method ${id >>> 16}/${id & 0xffff}`;
  }
}

/** True when amqplib knows the method id. */
export function isKnownMethod(id: number): boolean {
  try {
    defs.info(id);
    return true;
  } catch {
    return false;
  }
}

/** Decodes a method's arguments; throws on a truncated or malformed payload. */
export function decodeMethod(id: number, args: Buffer): MethodArgs {
  return defs.decode(id, args);
}

/** A whole method frame. */
export function encodeMethod(id: number, channel: number, fields: MethodArgs): Buffer {
  return defs.encodeMethod(id, channel, fields);
}

/** Decodes the property flags and properties of a content header (the bytes after class, weight and body size). */
export function decodeProperties(flagsAndProperties: Buffer): MethodArgs {
  return defs.decode(BASIC_CLASS, flagsAndProperties);
}

/** A whole content header frame built from decoded-form properties. */
export function encodeHeaderFrame(channel: number, bodySize: number, properties: MethodArgs): Buffer {
  return defs.encodeProperties(BASIC_CLASS, channel, bodySize, properties);
}

/**
 * A content header frame around property bytes exactly as a publisher sent them (flags and
 * properties), so a delivery carries the publisher's header types byte for byte, as RabbitMQ does.
 */
export function rawHeaderFrame(channel: number, bodySize: number, flagsAndProperties: Uint8Array): Buffer {
  const size = 12 + flagsAndProperties.length;
  const frame = Buffer.allocUnsafe(FRAME_OVERHEAD + size);
  frame[0] = FrameType.HEADER;
  frame.writeUInt16BE(channel, 1);
  frame.writeUInt32BE(size, 3);
  frame.writeUInt16BE(BASIC_CLASS, 7);
  frame.writeUInt16BE(0, 9);
  frame.writeBigUInt64BE(BigInt(bodySize), 11);
  frame.set(flagsAndProperties, 19);
  frame[FRAME_OVERHEAD - 1 + size] = FRAME_END;
  return frame;
}

/** Decodes a field table given without its length prefix (SASL AMQPLAIN responses are sent so). */
export function decodeTable(body: Buffer): FieldTable {
  return codec.decodeFields(body);
}

/** A body frame. */
export function bodyFrame(channel: number, payload: Uint8Array, start: number, end: number): Buffer {
  const size = end - start;
  const frame = Buffer.allocUnsafe(FRAME_OVERHEAD + size);
  frame[0] = FrameType.BODY;
  frame.writeUInt16BE(channel, 1);
  frame.writeUInt32BE(size, 3);
  frame.set(payload.subarray(start, end), 7);
  frame[7 + size] = FRAME_END;
  return frame;
}

/** The heartbeat frame. */
export const HEARTBEAT_FRAME: Buffer = Buffer.from([FrameType.HEARTBEAT, 0, 0, 0, 0, 0, 0, FRAME_END]);

const LONG_KEYS = new Set(['x-delivery-count', 'x-stream-offset']);

/** amqplib's names for the numeric field-table tags, so a re-encoded value keeps its wire type. */
const NUMERIC_TAGS: Readonly<Record<string, string>> = {
  b: 'byte', B: 'unsignedbyte', s: 'short', u: 'unsignedshort', I: 'int', i: 'unsignedint', l: 'long', f: 'float', d: 'double',
};

/** Sizes of fixed-width field values by tag; the variable ones (S, x, A, F) carry a 4-byte length. */
const FIXED_SIZES: Readonly<Record<string, number>> = { t: 1, b: 1, B: 1, s: 2, u: 2, I: 4, i: 4, f: 4, l: 8, d: 8, T: 8, D: 5, V: 0 };

/** A top-level header as the publisher typed it. */
export interface TypedHeader {
  readonly tag: string;
  readonly plain: unknown;
}

/**
 * The tag of each top-level header in a publisher's encoded properties (flags, content-type,
 * content-encoding, then the headers table), with its value as amqplib decodes it. Undefined when
 * there are no headers or the bytes do not parse.
 */
export function publishedHeaderTypes(encoded: Uint8Array): Map<string, TypedHeader> | undefined {
  try {
    const buf = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const flags = buf.readUInt16BE(0);
    if (!(flags & 0x2000)) return undefined;
    let offset = 2;
    if (flags & 0x8000) offset += 1 + buf[offset]!;
    if (flags & 0x4000) offset += 1 + buf[offset]!;
    const size = buf.readUInt32BE(offset);
    const table = buf.subarray(offset + 4, offset + 4 + size);
    const plain = codec.decodeFields(table);
    const out = new Map<string, TypedHeader>();
    for (let o = 0; o < table.length;) {
      const keyLength = table[o]!;
      const key = table.toString('utf8', o + 1, o + 1 + keyLength);
      o += 1 + keyLength;
      const tag = String.fromCharCode(table[o]!);
      const fixed = FIXED_SIZES[tag];
      o += 1 + (fixed ?? 4 + table.readUInt32BE(o + 1));
      out.set(key, { tag, plain: plain[key] });
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Header values in the `{ '!': type, value }` form amqplib's encoder understands, typed as RabbitMQ
 * would deliver them: a value the publisher sent keeps the publisher's numeric type (a Java Integer
 * stays an int, not the smallest type amqplib would guess); the values the broker adds are typed as
 * RabbitMQ types them: x-delivery-count, x-stream-offset and each x-death entry's count are `long`.
 * Nested tables and arrays are left to amqplib.
 */
export function typeHeaders(headers: Readonly<Record<string, unknown>>, published?: ReadonlyMap<string, TypedHeader>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(headers)) {
    const v = headers[key];
    const original = published?.get(key);
    const numeric = original && typeof v === 'number' && v === original.plain ? NUMERIC_TAGS[original.tag] : undefined;
    if (numeric) out[key] = { '!': numeric, value: v };
    else if (LONG_KEYS.has(key) && typeof v === 'number') out[key] = { '!': 'long', value: v };
    else if (key === 'x-death' && Array.isArray(v)) out[key] = v.map(typeDeathEntry);
    else out[key] = v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
  }
  return out;
}

function typeDeathEntry(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
  const e = entry as Record<string, unknown>;
  return typeof e['count'] === 'number' ? { ...e, count: { '!': 'long', value: e['count'] } } : e;
}
