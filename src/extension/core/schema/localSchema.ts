/**
 * Local schemas: a .avsc, .proto or JSON Schema file from the workspace decodes and encodes records of
 * topics that use no registry. Such records are the bare Avro/Protobuf/JSON bytes; a record that is
 * Confluent-framed anyway is decoded past its header with the local schema.
 */
import type { SchemaCodec } from './codec.js';
import { compileWithTexts } from './compile.js';
import { decodeWith, type SchemaDecodeResult } from './schemaDecoder.js';
import type { SchemaType } from './types.js';
import { readWireHeader } from './wireFormat.js';

/** The schema type a file name implies, or undefined for files that are not schemas. */
export function schemaTypeOfFile(fileName: string): SchemaType | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.avsc')) return 'AVRO';
  if (lower.endsWith('.proto')) return 'PROTOBUF';
  if (lower.endsWith('.schema.json') || lower.endsWith('.jsonschema')) return 'JSON';
  return undefined;
}

/** A local schema file compiled; `imports` maps a .proto import path to that file's text. */
export function compileLocalSchema(type: SchemaType, text: string, imports: ReadonlyMap<string, string> = new Map()): SchemaCodec {
  return compileWithTexts(
    { schemaType: type, schema: text, references: [] },
    [...imports].map(([name, schema]) => ({ name, text: { schemaType: type, schema, references: [] } })),
  );
}

/**
 * Decodes bytes with a local schema. Bare Protobuf bytes carry no message index, so `messageType`
 * names the type (default: the file's first message).
 */
export function decodeLocal(codec: SchemaCodec, bytes: Uint8Array, messageType?: string): SchemaDecodeResult {
  const header = readWireHeader(bytes);
  if (header) return decodeWith(codec, bytes, header.bodyOffset, header.schemaId);
  if (codec.type === 'PROTOBUF') {
    const indexes = codec.messageIndexesOf!(messageType).indexes;
    try {
      const value = codec.decode(bytes, indexes);
      return { status: 'decoded', schemaId: 0, schemaType: codec.type, typeName: codec.messageTypeAt?.(indexes), value };
    } catch (error) {
      return { status: 'failed', schemaId: 0, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  try {
    return { status: 'decoded', schemaId: 0, schemaType: codec.type, typeName: codec.typeName, value: codec.decode(bytes) };
  } catch (error) {
    return { status: 'failed', schemaId: 0, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Encodes with a local schema, without framing (the topic uses no registry). */
export function encodeLocal(codec: SchemaCodec, value: unknown, messageType?: string): Uint8Array {
  return codec.encode(value, codec.type === 'PROTOBUF' ? codec.messageIndexesOf!(messageType).name : undefined);
}
