/**
 * A reader and writer of Kafka protocol messages driven by the schemas generated from Apache Kafka's
 * message specs (generated/messages.ts). One interpreter serves every API and version: which fields
 * a version has, which are nullable, which are tagged, and when the compact (flexible) encoding
 * starts all come from the spec, so no field layout is written by hand here.
 */
import { WireFormatError, WireWriter, type WireReader } from './bytes.js';

export { WireFormatError } from './bytes.js';

/** An inclusive version range [min, max]. */
export type VersionRange = readonly [number, number];

/** One field of a generated schema (short keys keep the generated file small). */
export interface FieldSpec {
  /** camelCase field name. */
  readonly n: string;
  /** Primitive type, `[]primitive`, `struct` or `[]struct`. */
  readonly t: string;
  readonly v: VersionRange | null;
  /** Nullable versions. */
  readonly nv?: VersionRange;
  /** Tagged versions and tag. */
  readonly tv?: VersionRange;
  readonly tag?: number;
  /** Default value as the spec writes it ("-1", "null", "true", "0x7fffffff"). */
  readonly d?: string;
  /** Fields of a struct. */
  readonly f?: readonly FieldSpec[];
}

/** A request or response schema. */
export interface MessageSpec {
  readonly apiKey: number;
  readonly name: string;
  readonly valid: VersionRange;
  /** First flexible version (32768 when none). */
  readonly flexible: number;
  readonly fields: readonly FieldSpec[];
}

/** A decoded message: field name to value (numbers, strings, Buffers, arrays, nested objects). */
export type Struct = Record<string, unknown>;

const inRange = (r: VersionRange | null | undefined, v: number): boolean => r != null && v >= r[0] && v <= r[1];

/** Decodes one message body of `version`. */
export function decodeMessage(spec: MessageSpec, version: number, reader: WireReader): Struct {
  return decodeFields(spec.fields, version, version >= spec.flexible, reader);
}

/** Encodes one message body of `version`. */
export function encodeMessage(spec: MessageSpec, version: number, value: Struct, writer: WireWriter): void {
  encodeFields(spec.fields, version, version >= spec.flexible, value, writer);
}

function decodeFields(fields: readonly FieldSpec[], version: number, flexible: boolean, r: WireReader): Struct {
  const out: Struct = {};
  let tagged: Map<number, FieldSpec> | undefined;
  for (const f of fields) {
    if (!inRange(f.v, version)) continue;
    if (flexible && inRange(f.tv, version)) {
      (tagged ??= new Map()).set(f.tag!, f);
      out[f.n] = defaultValue(f, version);
      continue;
    }
    out[f.n] = decodeValue(f, version, flexible, r);
  }
  if (flexible) {
    const count = r.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const f = tagged?.get(tag);
      if (!f) {
        r.skip(size);
        continue;
      }
      const sub = r.sub(size);
      out[f.n] = decodeValue(f, version, flexible, sub);
    }
  }
  return out;
}

function decodeValue(f: FieldSpec, version: number, flexible: boolean, r: WireReader): unknown {
  const nullable = inRange(f.nv, version);
  if (f.t.startsWith('[]')) {
    const n = flexible ? r.uvarint() - 1 : r.int32();
    if (n < 0) {
      if (!nullable) throw new WireFormatError(`Field ${f.n} is a null array but is not nullable in version ${version}.`);
      return null;
    }
    if (n > r.remaining) throw new WireFormatError(`Field ${f.n} claims ${n} elements in ${r.remaining} bytes.`);
    const elementType = f.t.slice(2);
    const items = new Array<unknown>(n);
    for (let i = 0; i < n; i++) items[i] = elementType === 'struct' ? decodeFields(f.f!, version, flexible, r) : decodePrimitive(elementType, false, flexible, r, f.n);
    return items;
  }
  if (f.t === 'struct') {
    if (nullable && r.int8() < 0) return null;
    return decodeFields(f.f!, version, flexible, r);
  }
  return decodePrimitive(f.t, nullable, flexible, r, f.n);
}

function decodePrimitive(type: string, nullable: boolean, flexible: boolean, r: WireReader, name: string): unknown {
  switch (type) {
    case 'bool': return r.int8() !== 0;
    case 'int8': return r.int8();
    case 'int16': return r.int16();
    case 'uint16': return r.uint16();
    case 'int32': return r.int32();
    case 'uint32': return r.uint32();
    case 'int64': return r.int64();
    case 'float64': return r.float64();
    case 'uuid': return r.bytes(16);
    case 'string': {
      const len = flexible ? r.uvarint() - 1 : r.int16();
      if (len < 0) {
        if (!nullable) throw new WireFormatError(`Field ${name} is null but is not nullable.`);
        return null;
      }
      return r.string(len);
    }
    case 'bytes':
    case 'records': {
      const len = flexible ? r.uvarint() - 1 : r.int32();
      if (len < 0) {
        if (!nullable) throw new WireFormatError(`Field ${name} is null but is not nullable.`);
        return null;
      }
      return r.bytes(len);
    }
    default: throw new WireFormatError(`Unknown field type ${type}.`);
  }
}

function encodeFields(fields: readonly FieldSpec[], version: number, flexible: boolean, value: Struct, w: WireWriter): void {
  let tagged: FieldSpec[] | undefined;
  for (const f of fields) {
    if (!inRange(f.v, version)) continue;
    if (flexible && inRange(f.tv, version)) {
      const v = value[f.n];
      if (v !== undefined && !isDefault(f, v)) (tagged ??= []).push(f);
      continue;
    }
    encodeValue(f, version, flexible, value[f.n], w);
  }
  if (flexible) {
    if (!tagged) {
      w.uvarint(0);
      return;
    }
    tagged.sort((a, b) => a.tag! - b.tag!);
    w.uvarint(tagged.length);
    for (const f of tagged) {
      const sub = new WireWriter(64);
      encodeValue(f, version, flexible, value[f.n], sub);
      const bytes = sub.finish();
      w.uvarint(f.tag!);
      w.uvarint(bytes.length);
      w.raw(bytes);
    }
  }
}

function encodeValue(f: FieldSpec, version: number, flexible: boolean, v: unknown, w: WireWriter): void {
  const value = v === undefined ? defaultValue(f, version) : v;
  const nullable = inRange(f.nv, version);
  if (f.t.startsWith('[]')) {
    if (value === null) {
      if (!nullable) throw new Error(`${f.n} must not be null in version ${version}`);
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    const items = value as readonly unknown[];
    if (flexible) w.uvarint(items.length + 1);
    else w.int32(items.length);
    const elementType = f.t.slice(2);
    for (const item of items) {
      if (elementType === 'struct') encodeFields(f.f!, version, flexible, item as Struct, w);
      else encodePrimitive(elementType, false, flexible, item, w);
    }
    return;
  }
  if (f.t === 'struct') {
    if (nullable) {
      if (value === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
    }
    encodeFields(f.f!, version, flexible, (value ?? {}) as Struct, w);
    return;
  }
  encodePrimitive(f.t, nullable, flexible, value, w);
}

function encodePrimitive(type: string, nullable: boolean, flexible: boolean, v: unknown, w: WireWriter): void {
  switch (type) {
    case 'bool': w.int8(v ? 1 : 0); return;
    case 'int8': w.int8(v as number); return;
    case 'int16': w.int16(v as number); return;
    case 'uint16': w.uint16(v as number); return;
    case 'int32': w.int32(v as number); return;
    case 'uint32': w.uint32(v as number); return;
    case 'int64': w.int64(v as number); return;
    case 'float64': w.float64(v as number); return;
    case 'uuid': w.raw(v instanceof Uint8Array && v.length === 16 ? v : ZERO_UUID); return;
    case 'string': {
      if (v === null || v === undefined) {
        if (!nullable) throw new Error('non-nullable string is null');
        if (flexible) w.uvarint(0);
        else w.int16(-1);
        return;
      }
      const bytes = Buffer.from(v as string, 'utf8');
      if (flexible) w.uvarint(bytes.length + 1);
      else w.int16(bytes.length);
      w.raw(bytes);
      return;
    }
    case 'bytes':
    case 'records': {
      if (v === null || v === undefined) {
        if (!nullable) {
          if (flexible) w.uvarint(1);
          else w.int32(0);
          return;
        }
        if (flexible) w.uvarint(0);
        else w.int32(-1);
        return;
      }
      if (Array.isArray(v)) {
        // Records assembled from several buffers (Fetch): written without copying them together.
        let total = 0;
        for (const part of v as Uint8Array[]) total += part.length;
        if (flexible) w.uvarint(total + 1);
        else w.int32(total);
        for (const part of v as Uint8Array[]) w.raw(part);
        return;
      }
      const bytes = v as Uint8Array;
      if (flexible) w.uvarint(bytes.length + 1);
      else w.int32(bytes.length);
      w.raw(bytes);
      return;
    }
    default: throw new Error(`Unknown field type ${type}.`);
  }
}

const ZERO_UUID = new Uint8Array(16);

/** The spec's default of a field (0, "", false, [], the zero UUID, or the spec's "default"). */
function defaultValue(f: FieldSpec, version: number): unknown {
  const d = f.d;
  if (d === 'null') return null;
  if (f.t.startsWith('[]')) return [];
  if (f.t === 'struct') return inRange(f.nv, version) ? null : {};
  switch (f.t) {
    case 'bool': return d === 'true';
    case 'string': return d ?? '';
    case 'bytes':
    case 'records': return inRange(f.nv, version) ? null : new Uint8Array(0);
    case 'uuid': return ZERO_UUID;
    default: return d === undefined ? 0 : Number(d);
  }
}

function isDefault(f: FieldSpec, v: unknown): boolean {
  const d = defaultValue(f, 32767);
  if (v === d) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}
