/**
 * Types for the two amqplib 2.x modules the AMQP listener's codec uses: the generated method and
 * property definitions (lib/defs.js, produced by amqplib from the AMQP 0-9-1 spec file) and the
 * field-table codec (lib/codec.js). amqplib's package `exports` hide them, so tsconfig `paths` maps
 * `amqplib-internal/*` onto node_modules/amqplib/lib/* (tsc, tsx and esbuild all read it). Only what
 * codec.ts calls is declared; test/unit/wire/amqpCodec.test.ts pins the shapes.
 */
declare module 'amqplib-internal/defs.js' {
  /** What a generated method definition says about one method. */
  interface MethodInfo {
    readonly id: number;
    readonly classId: number;
    readonly methodId: number;
    readonly name: string;
    readonly args: readonly { readonly type: string; readonly name: string; readonly default?: unknown }[];
  }
  const defs: {
    readonly constants: Readonly<Record<string, number>>;
    readonly FRAME_OVERHEAD: number;
    /** Decodes a method's arguments (the payload after the 4-byte id), or a content header's flags and properties (id 60). */
    decode(id: number, args: Buffer): Record<string, unknown>;
    /** A whole method frame (type, channel, size, id, arguments, frame end). */
    encodeMethod(id: number, channel: number, fields: Record<string, unknown>): Buffer;
    /** A whole content header frame (class 60, weight 0, body size, flags, properties, frame end). */
    encodeProperties(id: number, channel: number, size: number, fields: Record<string, unknown>): Buffer;
    info(id: number): MethodInfo;
    readonly [methodName: string]: unknown;
  };
  export = defs;
}

declare module 'amqplib-internal/codec.js' {
  const codec: {
    /** Decodes a field table given without its 4-byte length prefix. */
    decodeFields(slice: Buffer): Record<string, unknown>;
    /** Encodes a field table with its length prefix at `offset`; returns the bytes written. */
    encodeTable(buffer: Buffer, value: Record<string, unknown>, offset: number): number;
  };
  export = codec;
}
