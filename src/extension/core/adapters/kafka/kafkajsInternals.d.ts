/**
 * Types for the few kafkajs 2.2.x internal modules BrokerLens uses to fetch records without a consumer
 * group (kafkajs's public consumer always joins one). Only what we call is declared.
 */
declare module 'kafkajs/src/protocol/decoder.js' {
  class Decoder {
    constructor(buffer: Buffer);
    offset: number;
    buffer: Buffer;
    readInt8(): number;
    readInt16(): number;
    readInt32(): number;
    readInt64(): { toString(): string };
    readString(): string;
    readBytes(length?: number): Buffer | null;
    canReadBytes(length: number): boolean;
    readArray<T>(reader: (decoder: Decoder) => T): T[];
    readArrayAsync<T>(reader: (decoder: Decoder) => Promise<T>): Promise<T[]>;
  }
  export = Decoder;
}

declare module 'kafkajs/src/protocol/requests/fetch/v11/request.js' {
  interface FetchV11Args {
    replicaId: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }
  function fetchV11(args: FetchV11Args): { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<unknown> };
  export = fetchV11;
}

declare module 'kafkajs/src/protocol/error.js' {
  export function createErrorFromCode(code: number): Error & { type: string; code: number };
}

declare module 'snappyjs' {
  export function compress(input: Uint8Array): Uint8Array;
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
}

declare module 'lz4js' {
  export function compress(input: Uint8Array, maxSize?: number): Uint8Array;
  export function decompress(input: Uint8Array, maxSize?: number): Uint8Array;
  export function compressBound(size: number): number;
  /** Compresses src[sIndex, sIndex + sLength) into dst; returns the compressed size (0: incompressible). */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
}

declare module 'lz4js/xxh32.js' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}

declare module 'kafkajs/src/protocol/message/compression/index.js' {
  /** The registered codec for a batch's attributes; throws KafkaJSNotImplemented for one kafkajs lacks. */
  export function lookupCodecByAttributes(attributes: number): { decompress(buffer: Buffer): Promise<Buffer> };
}

declare module 'kafkajs/src/protocol/recordBatch/crc32C/index.js' {
  /** CRC-32C (Castagnoli) of the bytes, unsigned. */
  function crc32C(buffer: Buffer): number;
  export = crc32C;
}
