/**
 * Encoding for publish: a JSON value with a chosen subject and version becomes Confluent-framed bytes
 * (magic byte, schema id, Protobuf message indexes, payload), after validation that names the field
 * that does not fit. Registering a new version checks compatibility first and registers only when the
 * registry says it is compatible (or when the caller confirms after seeing the report).
 */
import * as l10n from '@vscode/l10n';
import { BrokerError } from '../model/errors.js';
import { SchemaValueError, type SchemaCodec } from './codec.js';
import { compileSchema } from './compile.js';
import type { SchemaRegistryClient } from './registryClient.js';
import type { CompatibilityReport, SchemaText, SubjectVersion } from './types.js';
import { concatBytes, writeMessageIndexes, writeWireHeader } from './wireFormat.js';

/** What to encode. */
export interface EncodeRequest {
  readonly subject: string;
  /** A version number or 'latest' (default). */
  readonly version?: number | 'latest';
  /** The value as JSON text or an already-parsed value. */
  readonly value: unknown;
  /** Protobuf: which message type (default: the file's first message). */
  readonly messageType?: string;
}

/** Encoded bytes and where they came from. */
export interface EncodedValue {
  readonly bytes: Uint8Array;
  readonly schemaId: number;
  readonly subject: string;
  readonly version: number;
  readonly typeName?: string;
}

/** Encodes a value with a subject's version from the registry. Throws one-sentence BrokerErrors. */
export async function encodeWithRegistry(client: SchemaRegistryClient, request: EncodeRequest): Promise<EncodedValue> {
  const version: SubjectVersion = await client.getVersion(request.subject, request.version ?? 'latest');
  let codec: SchemaCodec;
  try {
    codec = await compileSchema(version, (ref) => client.getVersion(ref.subject, ref.version));
  } catch (cause) {
    if (cause instanceof BrokerError) throw cause;
    throw new BrokerError('invalidInput', l10n.t('Version {0} of subject "{1}" could not be read as {2}: {3}.', String(version.version), request.subject, version.schemaType, errorText(cause)), { cause });
  }
  const framed = encodeFramed(codec, version.id, request.value, request.messageType, `${request.subject} v${version.version}`);
  return { ...framed, schemaId: version.id, subject: request.subject, version: version.version };
}

/**
 * Validates and encodes with a compiled codec, framing with the schema id. Throws a BrokerError whose
 * sentence names the field.
 */
export function encodeFramed(codec: SchemaCodec, schemaId: number, rawValue: unknown, messageType: string | undefined, schemaLabel: string): { bytes: Uint8Array; typeName?: string } {
  const value = parseValue(rawValue);
  try {
    if (codec.type === 'PROTOBUF') {
      const target = codec.messageIndexesOf!(messageType);
      const payload = codec.encode(value, target.name);
      return { bytes: concatBytes(writeWireHeader(schemaId), writeMessageIndexes(target.indexes), payload), typeName: target.name };
    }
    return { bytes: concatBytes(writeWireHeader(schemaId), codec.encode(value)), typeName: codec.typeName };
  } catch (error) {
    throw valueError(error, schemaLabel);
  }
}

/** Turns a codec's validation failure into the sentence a user sees; nothing is published. */
export function valueError(error: unknown, schemaLabel: string): BrokerError {
  if (error instanceof SchemaValueError) {
    return new BrokerError('invalidInput', l10n.t('The value does not fit schema {0}: field "{1}" {2}. Nothing was published.', schemaLabel, error.path, error.reason), { cause: error });
  }
  return new BrokerError('invalidInput', l10n.t('The value could not be encoded with schema {0}: {1}. Nothing was published.', schemaLabel, errorText(error)), { cause: error });
}

/** The compatibility check a user sees before registering. */
export interface RegistrationPreview {
  readonly subject: string;
  readonly compatibility: string;
  readonly report: CompatibilityReport;
}

/** Checks a new schema against a subject without registering it. */
export async function previewRegistration(client: SchemaRegistryClient, subject: string, schema: SchemaText): Promise<RegistrationPreview> {
  // Compile locally first: a syntax error is said at once, with the parser's reason.
  try {
    await compileSchema(schema, (ref) => client.getVersion(ref.subject, ref.version));
  } catch (cause) {
    if (cause instanceof BrokerError) throw cause;
    throw new BrokerError('invalidInput', l10n.t('The new {0} schema is not valid: {1}.', schema.schemaType, errorText(cause)), { cause });
  }
  const [compatibility, report] = await Promise.all([client.getCompatibility(subject), client.checkCompatibility(subject, schema)]);
  return { subject, compatibility, report };
}

/** Registers a schema version after a preview said it is compatible. Returns the schema id. */
export async function registerVersion(client: SchemaRegistryClient, subject: string, schema: SchemaText, preview: RegistrationPreview): Promise<number> {
  if (!preview.report.compatible) {
    throw new BrokerError('preconditionFailed', l10n.t('The schema is not compatible with subject "{0}" ({1}): {2}. Nothing was registered.', subject, preview.compatibility, preview.report.messages.join('; ') || l10n.t('no reason given')));
  }
  return client.register(subject, schema);
}

function parseValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new BrokerError('invalidInput', l10n.t('The value is not valid JSON: {0}. Nothing was published.', errorText(cause)), { cause });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
