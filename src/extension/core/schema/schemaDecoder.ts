/**
 * Decodes Confluent-framed keys and values with schemas from a registry: one fetch per schema id
 * (cached, shared by concurrent callers), then synchronous decoding, so a page of records costs one
 * round trip per distinct schema and no more. Failures are a one-line reason, never a throw: the
 * record's bytes stay visible beside it.
 */
import * as l10n from '@vscode/l10n';
import { isBrokerError } from '../model/errors.js';
import type { BrokerRecord } from '../model/message.js';
import type { SchemaCodec } from './codec.js';
import { compileSchema } from './compile.js';
import type { SchemaRegistryClient } from './registryClient.js';
import type { SchemaType } from './types.js';
import { readMessageIndexes, readWireHeader } from './wireFormat.js';

/** A decoded key or value. */
export interface DecodedPayload {
  readonly status: 'decoded';
  readonly schemaId: number;
  readonly schemaType: SchemaType;
  /** A subject (and version) that holds this schema id, when the registry says. */
  readonly subject?: string;
  readonly version?: number;
  /** Protobuf: the message type; Avro: the record name. */
  readonly typeName?: string;
  /** The decoded value, JSON-able. */
  readonly value: unknown;
}

/** A framed key or value that could not be decoded. */
export interface UndecodablePayload {
  readonly status: 'failed';
  readonly schemaId: number;
  /** One sentence: why, and what to do. */
  readonly reason: string;
}

/** The outcome for one framed payload. */
export type SchemaDecodeResult = DecodedPayload | UndecodablePayload;

interface CachedSchema {
  readonly codec?: SchemaCodec;
  readonly subject?: string;
  readonly version?: number;
  readonly error?: string;
  /** Failed fetches are retried after this time (ms since epoch); compiled schemas never expire (ids are immutable). */
  readonly retryAfter?: number;
}

/** How long a failed schema fetch is remembered, so one page does not ask the registry once per record. */
const FAILURE_TTL_MS = 15_000;

/** The decoder for one registry. */
export class SchemaDecoder {
  private readonly resolved = new Map<number, CachedSchema>();
  private readonly pending = new Map<number, Promise<void>>();

  constructor(
    private readonly client: SchemaRegistryClient,
    private readonly onError: (message: string, detail: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The schema ids in the keys and values of these records. */
  static schemaIdsOf(records: readonly BrokerRecord[]): Set<number> {
    const ids = new Set<number>();
    for (const r of records) {
      const k = readWireHeader(r.key);
      if (k) ids.add(k.schemaId);
      const v = readWireHeader(r.value);
      if (v) ids.add(v.schemaId);
    }
    return ids;
  }

  /** Fetches (once) every schema these records need. Never throws. */
  async prepare(records: readonly BrokerRecord[]): Promise<void> {
    await Promise.all([...SchemaDecoder.schemaIdsOf(records)].map((id) => this.ensure(id)));
  }

  /** Fetches one schema id unless cached. Never throws. */
  ensure(id: number): Promise<void> {
    const cached = this.resolved.get(id);
    if (cached && (cached.codec || (cached.retryAfter ?? 0) > this.now())) return Promise.resolve();
    let p = this.pending.get(id);
    if (!p) {
      p = this.fetch(id).finally(() => this.pending.delete(id));
      this.pending.set(id, p);
    }
    return p;
  }

  /**
   * Decodes one payload: undefined when it is not framed (plain JSON, text, other binary); otherwise
   * the decoded value or the reason it could not be. Needs {@link prepare} (or {@link ensure}) first.
   */
  decode(bytes: Uint8Array | null | undefined): SchemaDecodeResult | undefined {
    const header = readWireHeader(bytes);
    if (!header || !bytes) return undefined;
    const schemaId = header.schemaId;
    const cached = this.resolved.get(schemaId);
    if (!cached) {
      return { status: 'failed', schemaId, reason: l10n.t('Schema id {0} has not been fetched yet.', String(schemaId)) };
    }
    if (!cached.codec) return { status: 'failed', schemaId, reason: cached.error ?? '' };
    return decodeWith(cached.codec, bytes, header.bodyOffset, schemaId, cached.subject, cached.version);
  }

  /** Fetch + decode in one call, for a single payload. */
  async decodeAsync(bytes: Uint8Array | null | undefined): Promise<SchemaDecodeResult | undefined> {
    const header = readWireHeader(bytes);
    if (header) await this.ensure(header.schemaId);
    return this.decode(bytes);
  }

  /** The compiled codec of a schema id (fetching it). Throws the registry's BrokerError. */
  async codecOf(id: number): Promise<SchemaCodec> {
    await this.ensure(id);
    const cached = this.resolved.get(id);
    if (!cached?.codec) throw new Error(cached?.error ?? `schema ${id} unavailable`);
    return cached.codec;
  }

  private async fetch(id: number): Promise<void> {
    try {
      const text = await this.client.getSchemaById(id);
      let codec: SchemaCodec;
      try {
        codec = await compileSchema(text, async (ref) => this.client.getVersion(ref.subject, ref.version));
      } catch (cause) {
        if (isBrokerError(cause)) throw cause;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new Error(l10n.t('Schema id {0} could not be read as {1}: {2}.', String(id), text.schemaType, reason));
      }
      const uses = await this.client.subjectsOfId(id);
      this.resolved.set(id, { codec, subject: uses?.[0]?.subject, version: uses?.[0]?.version });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const detail = isBrokerError(error) ? error.detail : '';
      this.onError(message, detail);
      this.resolved.set(id, { error: message, retryAfter: this.now() + FAILURE_TTL_MS });
    }
  }
}

/** Decodes with a known codec; the reason on failure names what did not fit. */
export function decodeWith(
  codec: SchemaCodec,
  bytes: Uint8Array,
  bodyOffset: number,
  schemaId: number,
  subject?: string,
  version?: number,
): SchemaDecodeResult {
  try {
    let offset = bodyOffset;
    let typeName = codec.typeName;
    let indexes: readonly number[] | undefined;
    if (codec.type === 'PROTOBUF') {
      const read = readMessageIndexes(bytes, bodyOffset);
      indexes = read.indexes;
      offset = read.payloadOffset;
      typeName = codec.messageTypeAt?.(indexes) ?? typeName;
    }
    const value = codec.decode(bytes.subarray(offset), indexes);
    return { status: 'decoded', schemaId, schemaType: codec.type, subject, version, typeName, value };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      status: 'failed',
      schemaId,
      reason: l10n.t('The bytes do not match {0} schema id {1}: {2}.', codec.type, String(schemaId), why),
    };
  }
}
