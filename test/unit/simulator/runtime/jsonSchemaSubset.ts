/**
 * A tiny JSON Schema (draft-07) checker for the subset schemas/scenario.schema.json uses, so tests
 * can validate documents against the editor's schema without adding ajv. It throws on any keyword
 * it does not implement: the schema cannot grow past what this checks without the test noticing.
 */

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'definitions', 'type', 'properties', 'required', 'additionalProperties',
  'items', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'pattern', 'oneOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Problems of `value` against `schema` (empty when valid), as "path: reason". */
export function checkJsonSchema(root: Schema, value: unknown): string[] {
  const problems: string[] = [];
  const resolve = (s: Schema): Schema => {
    const ref = s['$ref'];
    if (typeof ref !== 'string') return s;
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const target = m ? (root['definitions'] as Record<string, Schema> | undefined)?.[m[1]!] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${ref}`);
    return target;
  };
  const visit = (raw: Schema, v: unknown, path: string, out: string[]): void => {
    const s = resolve(raw);
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`jsonSchemaSubset does not implement "${k}" (at ${path})`);
    const t = typeOf(v);
    if (s['type'] !== undefined) {
      const want = s['type'] as string;
      const ok = want === t || (want === 'number' && t === 'integer');
      if (!ok) {
        out.push(`${path}: expected ${want}, got ${t}`);
        return;
      }
    }
    if (s['const'] !== undefined && v !== s['const']) out.push(`${path}: must be ${JSON.stringify(s['const'])}`);
    if (Array.isArray(s['enum']) && !(s['enum'] as unknown[]).includes(v)) out.push(`${path}: not in enum`);
    if (typeof v === 'number') {
      if (typeof s['minimum'] === 'number' && v < s['minimum']) out.push(`${path}: below minimum`);
      if (typeof s['maximum'] === 'number' && v > s['maximum']) out.push(`${path}: above maximum`);
      if (typeof s['exclusiveMinimum'] === 'number' && v <= s['exclusiveMinimum']) out.push(`${path}: not above exclusiveMinimum`);
    }
    if (typeof v === 'string') {
      // JSON Schema counts code points.
      const len = [...v].length;
      if (typeof s['minLength'] === 'number' && len < s['minLength']) out.push(`${path}: too short`);
      if (typeof s['maxLength'] === 'number' && len > s['maxLength']) out.push(`${path}: too long`);
      if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(v)) out.push(`${path}: does not match pattern`);
    }
    if (t === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (s['properties'] ?? {}) as Record<string, Schema>;
      for (const r of (s['required'] ?? []) as string[]) if (!(r in obj)) out.push(`${path}.${r}: required`);
      for (const [k, val] of Object.entries(obj)) {
        if (props[k]) visit(props[k], val, `${path}.${k}`, out);
        else if (s['additionalProperties'] === false) out.push(`${path}.${k}: additional property`);
        else if (typeof s['additionalProperties'] === 'object') visit(s['additionalProperties'] as Schema, val, `${path}.${k}`, out);
      }
    }
    if (t === 'array' && s['items'] !== undefined) (v as unknown[]).forEach((item, i) => visit(s['items'] as Schema, item, `${path}[${i}]`, out));
    if (Array.isArray(s['oneOf'])) {
      const passing = (s['oneOf'] as Schema[]).filter((option) => {
        const sub: string[] = [];
        visit(option, v, path, sub);
        return sub.length === 0;
      }).length;
      if (passing !== 1) out.push(`${path}: matches ${passing} of oneOf`);
    }
  };
  visit(root, value, '$', problems);
  return problems;
}
