/**
 * What Browse needs from schemas, behind one interface: fetch the schemas a page needs, decode a key or
 * value synchronously once they are cached, and show a filter the decoded record (JSON text in place of
 * the framed bytes) so text filters and expressions work on decoded fields. A registry lens and a local
 * schema-file lens implement it.
 */
import * as l10n from '@vscode/l10n';
import type { BrokerRecord } from '../model/message.js';
import type { SchemaCodec } from './codec.js';
import { decodeLocal } from './localSchema.js';
import type { SchemaRegistryClient } from './registryClient.js';
import { SchemaDecoder, type SchemaDecodeResult } from './schemaDecoder.js';
import { readWireHeader } from './wireFormat.js';

/** A key or value after the lens looked at it. */
export interface LensResult {
  readonly result: SchemaDecodeResult;
  /** 'registry' or a local file's name. */
  readonly source: string;
}

/** Schema decoding for one Browse panel. */
export interface SchemaLens {
  /** Fetches what these records need; never throws. */
  prepare(records: readonly BrokerRecord[]): Promise<void>;
  /** Fetches what a filtered scan of `topic` will likely meet, so filters see decoded values. Never throws. */
  prepareForTopic(topic: string): Promise<void>;
  decodeKey(record: BrokerRecord): LensResult | undefined;
  decodeValue(record: BrokerRecord): LensResult | undefined;
  /** The record as filters see it: decoded keys and values as JSON text. */
  view(record: BrokerRecord): BrokerRecord;
}

const encoder = new TextEncoder();

function viewOf(lens: SchemaLens, record: BrokerRecord): BrokerRecord {
  const key = lens.decodeKey(record)?.result;
  const value = lens.decodeValue(record)?.result;
  if (key?.status !== 'decoded' && value?.status !== 'decoded') return record;
  return {
    ...record,
    ...(key?.status === 'decoded' ? { key: encoder.encode(JSON.stringify(key.value)) } : {}),
    ...(value?.status === 'decoded' ? { value: encoder.encode(JSON.stringify(value.value)) } : {}),
  };
}

/** Decodes Confluent-framed records with a registry. */
export class RegistryLens implements SchemaLens {
  readonly decoder: SchemaDecoder;

  constructor(
    private readonly client: SchemaRegistryClient,
    onError?: (message: string, detail: string) => void,
  ) {
    this.decoder = new SchemaDecoder(client, onError);
  }

  prepare(records: readonly BrokerRecord[]): Promise<void> {
    return this.decoder.prepare(records);
  }

  async prepareForTopic(topic: string): Promise<void> {
    // TopicNameStrategy, the serializers' default: subjects <topic>-key and <topic>-value.
    await Promise.all([`${topic}-key`, `${topic}-value`].map(async (subject) => {
      try {
        const versions = await this.client.listVersions(subject);
        const ids = await Promise.all(versions.slice(-20).map(async (v) => (await this.client.getVersion(subject, v)).id));
        await Promise.all(ids.map((id) => this.decoder.ensure(id)));
      } catch {
        // No such subject (other naming strategies, or keys without schemas): records still decode once their ids are met.
      }
    }));
  }

  decodeKey(record: BrokerRecord): LensResult | undefined {
    const result = this.decoder.decode(record.key);
    return result && { result, source: 'registry' };
  }

  decodeValue(record: BrokerRecord): LensResult | undefined {
    const result = this.decoder.decode(record.value);
    return result && { result, source: 'registry' };
  }

  view(record: BrokerRecord): BrokerRecord {
    // Schemas first met during a scan are fetched for the next scan; this one sees the bytes.
    for (const bytes of [record.key, record.value]) {
      const header = readWireHeader(bytes);
      if (header) void this.decoder.ensure(header.schemaId);
    }
    return viewOf(this, record);
  }
}

/** Decodes a topic's values (bare or framed) with a schema file from the workspace. */
export class LocalSchemaLens implements SchemaLens {
  constructor(
    private readonly codec: SchemaCodec,
    private readonly fileName: string,
    private readonly messageType?: string,
  ) {}

  async prepare(): Promise<void> {}

  async prepareForTopic(): Promise<void> {}

  decodeKey(): LensResult | undefined {
    return undefined;
  }

  decodeValue(record: BrokerRecord): LensResult | undefined {
    if (!record.value || record.value.length === 0) return undefined;
    const result = decodeLocal(this.codec, record.value, this.messageType);
    if (result.status === 'failed' && result.schemaId === 0) {
      return { result: { ...result, reason: l10n.t('The bytes do not match the schema in {0}: {1}.', this.fileName, result.reason) }, source: this.fileName };
    }
    return { result, source: this.fileName };
  }

  view(record: BrokerRecord): BrokerRecord {
    return viewOf(this, record);
  }
}
