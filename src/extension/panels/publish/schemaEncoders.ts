/**
 * The Publish panel's schema side, free of `vscode`: the subjects and versions the form offers, and
 * the encoders `planDraft` uses for payload mode 'schema' (and a schema-encoded key). Checking a draft
 * runs on every keystroke, so compiled schemas are kept: a fixed version for the panel's life, "latest"
 * for a few seconds (a version registered meanwhile is picked up on the next check after that).
 */
import * as l10n from '@vscode/l10n';
import { isBrokerError } from '../../core/model/errors.js';
import type { DraftEncoderSlot, DraftSchemaChoice, DraftSchemas } from '../../core/publish/draft.js';
import type { SchemaCodec } from '../../core/schema/codec.js';
import { compileSchema } from '../../core/schema/compile.js';
import type { SchemaRegistryClient } from '../../core/schema/registryClient.js';
import { encodeFramed } from '../../core/schema/schemaEncoder.js';
import type { SchemaType, SubjectVersion } from '../../core/schema/types.js';

/** How long "latest" of a subject is trusted before it is asked again. */
const LATEST_TTL_MS = 5_000;
/** Compiled schemas kept per panel. */
const MAX_CACHED = 50;

/** A subject's schema, compiled. */
interface Compiled {
  readonly version: SubjectVersion;
  readonly codec: SchemaCodec;
}

/** What the form shows for a subject (or only the subject list when none is chosen yet). */
export interface SchemaChoiceInfo {
  readonly subjects: string[];
  readonly versions: number[];
  readonly schemaType?: SchemaType;
  /** The version "latest" (or the chosen one) resolves to, and its schema id. */
  readonly version?: number;
  readonly schemaId?: number;
  readonly typeName?: string;
  /** Protobuf: the message types the file defines. */
  readonly messageTypes: string[];
  /** Why the registry could not be asked, one sentence. */
  readonly problem?: string;
}

const errorText = (error: unknown): string => (isBrokerError(error) || error instanceof Error ? error.message : String(error));

/** One panel's schemas, over the connection's registry client (undefined: the connection names no registry). */
export class PublishSchemas {
  private readonly cache = new Map<string, { at: number; compiled: Promise<Compiled> }>();

  constructor(private readonly client: () => Promise<SchemaRegistryClient | undefined>) {}

  /** Subjects, and the chosen subject's versions, type and message types. Never throws. */
  async info(subject: string, version: string): Promise<SchemaChoiceInfo> {
    let subjects: string[] = [];
    try {
      const client = await this.registry();
      subjects = (await client.listSubjects()).sort((a, b) => a.localeCompare(b));
      if (subject === '') return { subjects, versions: [], messageTypes: [] };
      const versions = await client.listVersions(subject);
      const { version: v, codec } = await this.compiled({ subject, version, messageType: '' });
      return {
        subjects, versions, schemaType: v.schemaType, version: v.version, schemaId: v.id,
        ...(codec.typeName ? { typeName: codec.typeName } : {}),
        messageTypes: codec.messageTypes?.() ?? [],
      };
    } catch (error) {
      return { subjects, versions: [], messageTypes: [], problem: errorText(error) };
    }
  }

  /** The encoders of a draft's schema choices (a problem sentence in place of one that cannot be had). */
  async encoders(schemas: DraftSchemas | undefined, wantValue: boolean): Promise<{ value?: DraftEncoderSlot; key?: DraftEncoderSlot }> {
    const [value, key] = await Promise.all([
      wantValue && schemas?.value?.subject ? this.encoder(schemas.value) : undefined,
      schemas?.key?.subject ? this.encoder(schemas.key) : undefined,
    ]);
    return { ...(value ? { value } : {}), ...(key ? { key } : {}) };
  }

  private async encoder(choice: DraftSchemaChoice): Promise<DraftEncoderSlot> {
    try {
      const { version, codec } = await this.compiled(choice);
      const messageType = choice.messageType.trim() || undefined;
      // An unknown Protobuf message type is said once, on the schema row, not as a payload problem.
      if (codec.messageIndexesOf && messageType) codec.messageIndexesOf(messageType);
      const label = `${choice.subject} v${version.version}`;
      return {
        encode: (value) => {
          try {
            return encodeFramed(codec, version.id, value, messageType, label).bytes;
          } catch (error) {
            // Shown under the field while typing, where "Nothing was published" says nothing new.
            throw new Error(errorText(error).replace(/ Nothing was published\.$/, ''), { cause: error });
          }
        },
      };
    } catch (error) {
      return { problem: errorText(error) };
    }
  }

  private async registry(): Promise<SchemaRegistryClient> {
    const client = await this.client();
    if (!client) throw new Error(l10n.t('This connection has no schema registry. Use "Set Schema Registry" on the connection to add one.'));
    return client;
  }

  private compiled(choice: DraftSchemaChoice): Promise<Compiled> {
    const version = parseVersion(choice.version);
    const key = `${choice.subject}\u0000${version}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && (version !== 'latest' || now - hit.at < LATEST_TTL_MS)) return hit.compiled;
    const compiled = (async (): Promise<Compiled> => {
      const client = await this.registry();
      const found = await client.getVersion(choice.subject, version);
      try {
        return { version: found, codec: await compileSchema(found, (ref) => client.getVersion(ref.subject, ref.version)) };
      } catch (cause) {
        if (isBrokerError(cause)) throw cause;
        throw new Error(l10n.t('Version {0} of subject "{1}" could not be read as {2}: {3}.', String(found.version), choice.subject, found.schemaType, errorText(cause)), { cause });
      }
    })();
    this.cache.set(key, { at: now, compiled });
    // A failure is not kept: the next keystroke asks again (the registry may be back, the subject created).
    compiled.catch(() => this.cache.get(key)?.compiled === compiled && this.cache.delete(key));
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return compiled;
  }
}

function parseVersion(text: string): number | 'latest' {
  const t = text.trim();
  return /^\d{1,9}$/.test(t) && Number(t) > 0 ? Number(t) : 'latest';
}
