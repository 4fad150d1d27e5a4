/**
 * JSON Schema records: the payload is UTF-8 JSON; the schema validates it (ajv; draft 2020-12 when the
 * schema says so, draft-07 otherwise, the formats of ajv-formats). Referenced schemas are added under
 * their reference names so `$ref` resolves.
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SchemaValueError, type SchemaCodec } from './codec.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds a codec; `references` maps a $ref name to that schema's text. */
export function jsonSchemaCodec(schema: string, references: ReadonlyMap<string, string> = new Map()): SchemaCodec {
  const parsed = JSON.parse(schema) as Record<string, unknown>;
  const draft2020 = typeof parsed.$schema === 'string' && parsed.$schema.includes('2020-12');
  const ajv = draft2020 ? new Ajv2020({ strict: false, allErrors: false }) : new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const [name, text] of references) ajv.addSchema(JSON.parse(text) as object, name);
  const validate = ajv.compile(parsed);
  const check = (value: unknown): void => {
    if (validate(value)) return;
    const error = validate.errors?.[0];
    const path = error?.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(root)';
    const extra = error?.params && 'additionalProperty' in error.params ? ` "${String(error.params.additionalProperty)}"` : '';
    throw new SchemaValueError(path, `${error?.message ?? 'does not match the JSON schema'}${extra}`);
  };
  return {
    type: 'JSON',
    typeName: typeof parsed.title === 'string' ? parsed.title : undefined,
    decode(bytes: Uint8Array): unknown {
      const value: unknown = JSON.parse(utf8.decode(bytes));
      check(value);
      return value;
    },
    encode(value: unknown): Uint8Array {
      check(value);
      return new TextEncoder().encode(JSON.stringify(value));
    },
  };
}
