/**
 * Protobuf with protobufjs. The registry stores .proto text; imports are other subjects (references) or
 * Google's well-known types, which protobufjs ships. A framed record names its message type by message
 * indexes: the position of the message among the file's top-level messages, then among nested ones.
 */
import protobuf from 'protobufjs';
import { SchemaValueError, type SchemaCodec } from './codec.js';
import { fromReadableWellKnown, readableWellKnown } from './protobufWellKnown.js';

const PARSE_OPTIONS = { keepCase: true } as const;
const TO_OBJECT = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true } as const;

/**
 * Builds a codec. `imports` maps an import path (as written in `import "..."`) to that file's text.
 */
export function protobufCodec(schema: string, imports: ReadonlyMap<string, string> = new Map()): SchemaCodec {
  const root = new protobuf.Root();
  const loaded = new Set<string>();
  const load = (source: string, path: string): protobuf.IParserResult => {
    loaded.add(path);
    const parsed = protobuf.parse(source, root, PARSE_OPTIONS);
    for (const imp of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (loaded.has(imp)) continue;
      const text = imports.get(imp);
      if (text !== undefined) {
        load(text, imp);
        continue;
      }
      const common = wellKnown(imp);
      if (common) {
        loaded.add(imp);
        if (common.nested) root.addJSON(common.nested);
        continue;
      }
      throw new Error(`the schema imports "${imp}", which is neither a schema reference nor a well-known type`);
    }
    return parsed;
  };
  load(schema, '<main>');
  root.resolveAll();

  // The main file's own top-level messages, in declaration order (what message indexes count).
  const own = protobuf.parse(schema, new protobuf.Root(), PARSE_OPTIONS);
  const ownNamespace = own.package ? own.root.lookup(own.package) : own.root;
  const prefix = own.package ? `${own.package}.` : '';
  const topLevel = messagesOf(ownNamespace).map((t) => `${prefix}${t.name}`);
  if (topLevel.length === 0) throw new Error('the schema defines no message type');

  const typeAt = (indexes: readonly number[]): protobuf.Type => {
    const [first, ...rest] = indexes;
    const topName = topLevel[first ?? 0];
    if (topName === undefined) {
      throw new RangeError(`message index ${first ?? 0} is out of range: the schema has ${topLevel.length} top-level message types`);
    }
    let type = root.lookupType(topName);
    for (const i of rest) {
      const nested = messagesOf(type);
      const next = nested[i];
      if (!next) throw new RangeError(`nested message index ${i} is out of range in ${type.fullName.slice(1)} (${nested.length} nested types)`);
      type = next;
    }
    return type;
  };

  const indexesOf = (messageType?: string): { indexes: number[]; name: string } => {
    if (!messageType) return { indexes: [0], name: topLevel[0]! };
    const wanted = messageType.startsWith('.') ? messageType.slice(1) : messageType;
    const search = (type: protobuf.Type, path: number[]): number[] | undefined => {
      const full = type.fullName.slice(1);
      if (full === wanted || full === `${prefix}${wanted}` || type.name === wanted) return path;
      const nested = messagesOf(type);
      for (let i = 0; i < nested.length; i++) {
        const found = search(nested[i]!, [...path, i]);
        if (found) return found;
      }
      return undefined;
    };
    for (let i = 0; i < topLevel.length; i++) {
      const found = search(root.lookupType(topLevel[i]!), [i]);
      if (found) return { indexes: found, name: typeAt(found).fullName.slice(1) };
    }
    throw new SchemaValueError('(message type)', `the schema has no message type "${messageType}"`);
  };

  return {
    type: 'PROTOBUF',
    typeName: topLevel[0],
    decode(bytes: Uint8Array, messageIndexes: readonly number[] = [0]): unknown {
      const type = typeAt(messageIndexes);
      return readableWellKnown(type, type.toObject(type.decode(bytes), TO_OBJECT));
    },
    encode(value: unknown, messageType?: string): Uint8Array {
      const type = typeAt(indexesOf(messageType).indexes);
      const plain = fromReadableWellKnown(type, value);
      checkMessage(type, plain, '');
      return type.encode(type.fromObject(plain as Record<string, unknown>)).finish();
    },
    messageIndexesOf: indexesOf,
    messageTypeAt: (indexes) => typeAt(indexes).fullName.slice(1),
    messageTypes: () => {
      const names: string[] = [];
      const walk = (type: protobuf.Type): void => {
        names.push(type.fullName.slice(1));
        messagesOf(type).forEach(walk);
      };
      topLevel.forEach((name) => walk(root.lookupType(name)));
      return names;
    },
  };
}

function messagesOf(ns: protobuf.ReflectionObject | null): protobuf.Type[] {
  if (!ns || !(ns instanceof protobuf.Namespace)) return [];
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

function wellKnown(path: string): protobuf.INamespace | undefined {
  // protobufjs keeps google/protobuf/*.proto as JSON under protobuf.common; the key is the file name.
  const common = protobuf.common as unknown as { get?: (file: string) => protobuf.INamespace | null };
  return common.get?.(path) ?? undefined;
}

const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * Checks a JSON value against a message type before protobufjs's lenient fromObject sees it (which
 * would drop unknown fields and coerce wrong types silently). Throws at the first field that does not fit.
 */
function checkMessage(type: protobuf.Type, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SchemaValueError(path || '(root)', `expected an object for message ${type.name}`);
  }
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.options?.json_name === key);
    const at = path ? `${path}.${key}` : key;
    if (!field) throw new SchemaValueError(at, `message ${type.name} has no field "${key}"`);
    if (v === null || v === undefined) continue;
    field.resolve();
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) throw new SchemaValueError(at, 'expected an object (map)');
      for (const [mk, mv] of Object.entries(v)) checkScalarOrMessage(field, mv, `${at}.${mk}`);
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new SchemaValueError(at, 'expected an array (repeated field)');
      v.forEach((item, i) => checkScalarOrMessage(field, item, `${at}[${i}]`));
    } else {
      checkScalarOrMessage(field, v, at);
    }
  }
}

function checkScalarOrMessage(field: protobuf.Field, v: unknown, at: string): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    checkMessage(resolved, v, at);
    return;
  }
  if (resolved instanceof protobuf.Enum) {
    const ok = (typeof v === 'string' && v in resolved.values) || (typeof v === 'number' && Object.values(resolved.values).includes(v));
    if (!ok) throw new SchemaValueError(at, `expected one of ${Object.keys(resolved.values).join(', ')}`);
    return;
  }
  const t = field.type;
  const fail = (what: string): never => {
    throw new SchemaValueError(at, `expected ${what} (${t})`);
  };
  if (t === 'string') {
    if (typeof v !== 'string') fail('text');
  } else if (t === 'bool') {
    if (typeof v !== 'boolean') fail('true or false');
  } else if (t === 'bytes') {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) fail('base64 text');
  } else if (t === 'double' || t === 'float') {
    if (typeof v !== 'number') fail('a number');
  } else if (INT_TYPES.has(t)) {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer');
  } else if (LONG_TYPES.has(t)) {
    const ok = (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
    if (!ok) fail('an integer (or its decimal text)');
  }
}
