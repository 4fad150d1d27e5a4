/**
 * One compiled schema: decode the schema-specific bytes (after the wire header) to readable JSON, and
 * encode a JSON value to bytes after validating it. Avro, Protobuf and JSON Schema implement it.
 */
import type { SchemaType } from './types.js';

/** A compiled schema. */
export interface SchemaCodec {
  readonly type: SchemaType;
  /** The record/message/title name, for the UI. */
  readonly typeName?: string;
  /**
   * Decodes the payload (for Protobuf: the message itself, after the message indexes) to a JSON-able
   * value. `messageIndexes` names the Protobuf message type; other formats ignore it.
   */
  decode(bytes: Uint8Array, messageIndexes?: readonly number[]): unknown;
  /** Validates and encodes; throws {@link SchemaValueError} naming the field that does not fit. */
  encode(value: unknown, messageType?: string): Uint8Array;
  /** Protobuf: the message indexes of a message type name (the file's first message by default). */
  messageIndexesOf?(messageType?: string): { indexes: number[]; name: string };
  /** Protobuf: the type name the indexes name. */
  messageTypeAt?(indexes: readonly number[]): string;
  /** Protobuf: every message type of the file (top-level and nested), full names in declaration order. */
  messageTypes?(): string[];
}

/** A value that does not fit its schema, with the path of the first field that does not. */
export class SchemaValueError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'SchemaValueError';
  }
}
