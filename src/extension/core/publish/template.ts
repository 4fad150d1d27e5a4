/**
 * Message templates for Send ×N: text with placeholders that give each message its own values.
 * A template is parsed once into literal and placeholder parts, so expanding the 100,000th message
 * costs a string concatenation, not a regex scan. The set is small on purpose (docs/publish.md):
 *
 *   {{seq}}            1, 2, 3, … (the message's number in this run)
 *   {{index}}          0, 1, 2, …
 *   {{uuid}}           a random UUID (version 4)
 *   {{now}}            the time the message is built, ISO 8601 (2026-12-05T06:01:02.345Z)
 *   {{nowMs}}          the same in milliseconds since the epoch
 *   {{int:MIN:MAX}}    a random integer from MIN to MAX, both included
 *   {{pick:a|b|c}}     one of the listed values, at random
 *
 * `\{{` writes a literal `{{`. Anything else between `{{` and `}}` is an error at its position.
 */
import * as l10n from '@vscode/l10n';

/** Random numbers in [0, 1) and UUIDs; injectable so tests are repeatable. */
export interface TemplateRandom {
  next(): number;
  uuid(): string;
}

/** Math.random and crypto.randomUUID (both exist in Node 20 and in browsers). */
export const defaultRandom: TemplateRandom = {
  next: () => Math.random(),
  uuid: () => globalThis.crypto.randomUUID(),
};

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'seq' | 'index' | 'uuid' | 'now' | 'nowMs' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'pick'; readonly values: readonly string[] };

/** A parsed template. */
export interface Template {
  /** True when the template has at least one placeholder (every message may differ). */
  readonly dynamic: boolean;
  /** The text of message `index` (0-based) of the run. */
  expand(index: number, random?: TemplateRandom, now?: number): string;
}

/** A template that does not parse: what is wrong and where (0-based character offset). */
export class TemplateError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER_NAMES = ['seq', 'index', 'uuid', 'now', 'nowMs', 'int:MIN:MAX', 'pick:a|b|c'];

/** Parses `source`; throws TemplateError naming the bad placeholder and its position. */
export function parseTemplate(source: string): Template {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!source.startsWith('{{', i)) {
      literal += source[i];
      i++;
      continue;
    }
    const end = source.indexOf('}}', i + 2);
    if (end < 0) throw new TemplateError(l10n.t('The placeholder at character {0} is not closed with {1}.', i + 1, '}}'), i);
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push(parsePlaceholder(source.slice(i + 2, end).trim(), i));
    i = end + 2;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return compile(parts);
}

function parsePlaceholder(body: string, offset: number): Part {
  switch (body) {
    case 'seq':
    case 'index':
    case 'uuid':
    case 'now':
    case 'nowMs':
      return { kind: body };
  }
  const int = /^int:(-?\d{1,15}):(-?\d{1,15})$/.exec(body);
  if (int) {
    const min = Number(int[1]);
    const max = Number(int[2]);
    if (min > max) throw new TemplateError(l10n.t('In {0} at character {1} the smallest value is larger than the largest; write {2} with MIN ≤ MAX.', `{{${body}}}`, offset + 1, '{{int:MIN:MAX}}'), offset);
    return { kind: 'int', min, max };
  }
  if (body.startsWith('pick:')) {
    const values = body.slice(5).split('|');
    if (values.length === 0 || (values.length === 1 && values[0] === '')) {
      throw new TemplateError(l10n.t('{0} at character {1} lists no values; write {2}.', '{{pick:…}}', offset + 1, '{{pick:a|b|c}}'), offset);
    }
    return { kind: 'pick', values };
  }
  throw new TemplateError(
    l10n.t('Unknown placeholder {0} at character {1}; use one of {2}.', `{{${body}}}`, offset + 1, PLACEHOLDER_NAMES.map((n) => `{{${n}}}`).join(', ')),
    offset,
  );
}

function compile(parts: readonly Part[]): Template {
  const dynamic = parts.some((p) => p.kind !== 'text');
  if (!dynamic) {
    const text = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    return { dynamic, expand: () => text };
  }
  return {
    dynamic,
    expand(index, random = defaultRandom, now = Date.now()) {
      let out = '';
      for (const part of parts) {
        switch (part.kind) {
          case 'text':
            out += part.text;
            break;
          case 'seq':
            out += String(index + 1);
            break;
          case 'index':
            out += String(index);
            break;
          case 'uuid':
            out += random.uuid();
            break;
          case 'now':
            out += isoAt(now);
            break;
          case 'nowMs':
            out += String(now);
            break;
          case 'int':
            out += String(part.min + Math.floor(random.next() * (part.max - part.min + 1)));
            break;
          case 'pick':
            out += part.values[Math.min(part.values.length - 1, Math.floor(random.next() * part.values.length))];
            break;
        }
      }
      return out;
    },
  };
}

let lastIso = { ms: Number.NaN, text: '' };
/** ISO time of `ms`, formatted once per millisecond: Send ×N builds many messages within one. */
function isoAt(ms: number): string {
  if (lastIso.ms !== ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

/** A seeded generator (mulberry32) with UUIDs built from it, for repeatable tests and benchmarks. */
export function seededRandom(seed: number): TemplateRandom {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => Math.floor(next() * 16 ** n).toString(16).padStart(n, '0');
  return {
    next,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(next() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`,
  };
}
