/**
 * Avro with avsc: decode to readable JSON (logical types as text, bytes as base64) and encode from the
 * same shape, with the first invalid field's path when a value does not fit the schema.
 */
import avro from 'avsc';
import { AVRO_LOGICAL_TYPES } from './avroLogicalTypes.js';
import { SchemaValueError, type SchemaCodec } from './codec.js';

/**
 * Builds a codec from the schema text and its referenced schemas' texts (in dependency order), whose
 * named types must be known before the schema that uses them.
 */
export function avroCodec(schema: string, references: readonly string[] = []): SchemaCodec {
  const registry: Record<string, avro.Type> = {};
  const options = { logicalTypes: AVRO_LOGICAL_TYPES, registry, wrapUnions: 'auto' as const };
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as avro.Schema, options);
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, options);
  return {
    type: 'AVRO',
    typeName: type.name ?? type.typeName,
    decode(bytes: Uint8Array): unknown {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = type.decode(buf, 0);
      } catch {
        // avsc's logical types run on the partial value of truncated input and fail obscurely.
        throw new RangeError(`the bytes are not an Avro ${type.name ?? type.typeName} (they end early or hold invalid values)`);
      }
      const { value, offset } = decoded;
      if (offset !== buf.length) {
        throw new RangeError(offset < 0
          ? 'the bytes end before the Avro value does'
          : `${buf.length - offset} bytes are left over after the Avro value`);
      }
      return readable(value);
    },
    encode(value: unknown): Uint8Array {
      const prepared = fromReadable(type, value);
      let first: { path: string; reason: string } | undefined;
      const ok = type.isValid(prepared, {
        errorHook: (path: string[], value: unknown, at: avro.Type) => {
          first ??= { path: path.length ? path.join('.') : '(root)', reason: `expects ${describeType(at)}, not ${describeValue(value)}` };
        },
      });
      if (!ok) throw new SchemaValueError(first?.path ?? '(root)', first?.reason ?? 'does not match the Avro schema');
      return new Uint8Array(type.toBuffer(prepared));
    },
  };
}

/** An Avro type as a person names it: "double", "timestamp-millis", "record it.Parcel", "null or string". */
function describeType(type: avro.Type): string {
  // avsc names logical types "logical:timestamp-millis".
  if (type instanceof avro.types.LogicalType) return type.typeName.replace(/^logical:/, '');
  if (type instanceof avro.types.UnwrappedUnionType) return type.types.map(describeType).join(' or ');
  if (type instanceof avro.types.EnumType) return `one of ${type.symbols.join(', ')}`;
  return type.name ? `${type.typeName} ${type.name}` : type.typeName;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = Buffer.isBuffer(value) ? `${value.length} bytes` : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Avro values as plain JSON: Buffers (bytes, fixed) become base64 text, records plain objects. */
function readable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(readable);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = readable(v);
    return out;
  }
  return value;
}

/**
 * The inverse of {@link readable} guided by the schema: base64 text back to Buffers for bytes and fixed
 * fields. Everything else goes through as is; avsc (and the logical types' `_toValue`) judge it.
 */
function fromReadable(type: avro.Type, value: unknown): unknown {
  if (type instanceof avro.types.LogicalType) return value;
  if (type instanceof avro.types.BytesType || type instanceof avro.types.FixedType) {
    return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  }
  if (type instanceof avro.types.RecordType) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    const fields = new Map(type.fields.map((f) => [f.name, f.type] as const));
    for (const [k, v] of Object.entries(value)) {
      const fieldType = fields.get(k);
      out[k] = fieldType ? fromReadable(fieldType, v) : v;
    }
    return out;
  }
  if (type instanceof avro.types.ArrayType) {
    return Array.isArray(value) ? value.map((v) => fromReadable(type.itemsType, v)) : value;
  }
  if (type instanceof avro.types.MapType) {
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromReadable(type.valuesType, v)]));
  }
  if (type instanceof avro.types.UnwrappedUnionType) {
    // The first branch that accepts the converted value, so ["null","bytes"] takes base64 text.
    for (const branch of type.types) {
      const candidate = fromReadable(branch, value);
      if (branch.isValid(candidate)) return candidate;
    }
  }
  return value;
}
