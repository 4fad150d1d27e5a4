/**
 * A small, safe expression language for browse filters. It is parsed into a tree and interpreted:
 * no eval, no new Function, no access to anything but the record's own fields, so an expression
 * typed into a panel cannot reach Node or the extension host.
 *
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := not ('&&' not)*
 *   not     := '!' not | compare
 *   compare := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary)?
 *   primary := number | string | true | false | null | '(' expr ')'
 *            | func '(' expr (',' expr)* ')'          func: contains startsWith endsWith matches lower length
 *            | path ('.' method '(' expr ')')?        method: contains startsWith endsWith matches
 *   path    := root ('.' name | '[' string ']' | '[' number ']')*
 *   root    := key | value | headers | partition | offset | timestamp
 *
 * `key` and `value` are UTF-8 text; `value.a.b` reads a field of the value parsed as JSON;
 * `headers.x` or `headers["x-y"]` is a header's text. A missing field is null.
 */
import { compileUserRegex, type UserRegex } from './userRegex.js';

/** What an expression can see of a record. */
export interface ExpressionScope {
  readonly key: string | null;
  readonly value: string | null;
  /** The value parsed as JSON, or undefined when it is not JSON (computed only if the expression needs it). */
  json(): unknown;
  header(name: string): string | null;
  readonly partition: number | null;
  readonly offset: number | null;
  readonly timestamp: number | null;
}

/** A parse error with the column (1-based) where it was found. */
export class ExpressionError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Value = unknown;
type Node =
  | { readonly t: 'lit'; readonly v: Value }
  | { readonly t: 'path'; readonly root: string; readonly steps: readonly (string | number)[] }
  | { readonly t: 'not'; readonly e: Node }
  | { readonly t: 'and' | 'or'; readonly a: Node; readonly b: Node }
  | { readonly t: 'cmp'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly t: 'call'; readonly fn: string; readonly args: readonly Node[] };

interface Token {
  readonly kind: 'num' | 'str' | 'id' | 'op' | 'end';
  readonly text: string;
  readonly value?: string | number;
  readonly col: number;
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;
const ROOTS = new Set(['key', 'value', 'headers', 'partition', 'offset', 'timestamp']);
const FUNCS: Readonly<Record<string, number>> = { contains: 2, startsWith: 2, endsWith: 2, matches: 2, lower: 1, length: 1 };
const METHODS = new Set(['contains', 'startsWith', 'endsWith', 'matches']);
const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.', ',', '[', ']'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const col = i + 1;
    if (c === '"' || c === "'") {
      let s = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[++j]!;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        } else {
          s += src[j];
        }
      }
      if (j >= src.length) throw new ExpressionError('unterminated string', col);
      out.push({ kind: 'str', text: src.slice(i, j + 1), value: s, col });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || out.length === 0 || out[out.length - 1]!.kind === 'op')) {
      out.push({ kind: 'num', text: num[0], value: Number(num[0]), col });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$-]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0], col });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character '${c}'`, col);
    out.push({ kind: 'op', text: op, col });
    i += op.length;
  }
  out.push({ kind: 'end', text: 'end of expression', col: src.length + 1 });
  return out;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node {
    const node = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError(`unexpected '${t.text}'`, t.col);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) throw new ExpressionError(`expected '${text}' but found '${t.text}'`, t.col);
  }

  private or(): Node {
    let a = this.and();
    while (this.isOp('||')) {
      this.next();
      a = { t: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Node {
    let a = this.not();
    while (this.isOp('&&')) {
      this.next();
      a = { t: 'and', a, b: this.not() };
    }
    return a;
  }

  private not(): Node {
    if (this.isOp('!')) {
      this.next();
      return this.nested(() => ({ t: 'not', e: this.not() }));
    }
    const a = this.primary();
    const t = this.peek();
    if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      return { t: 'cmp', op: t.text, a, b: this.primary() };
    }
    return a;
  }

  private nested(f: () => Node): Node {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('expression is nested too deeply', this.peek().col);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private primary(): Node {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str') return { t: 'lit', v: t.value };
    if (t.kind === 'op' && t.text === '(') {
      const e = this.nested(() => this.or());
      this.expect(')');
      return e;
    }
    if (t.kind !== 'id') throw new ExpressionError(`unexpected '${t.text}'`, t.col);
    if (t.text === 'true' || t.text === 'false') return { t: 'lit', v: t.text === 'true' };
    if (t.text === 'null') return { t: 'lit', v: null };
    if (t.text in FUNCS && this.isOp('(')) {
      const args = this.args();
      if (args.length !== FUNCS[t.text]) throw new ExpressionError(`${t.text}() takes ${FUNCS[t.text]} argument(s)`, t.col);
      return { t: 'call', fn: t.text, args };
    }
    if (!ROOTS.has(t.text)) throw new ExpressionError(`unknown name '${t.text}' (use key, value, headers, partition, offset, timestamp)`, t.col);
    return this.path(t.text);
  }

  private path(root: string): Node {
    const steps: (string | number)[] = [];
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'id') throw new ExpressionError(`expected a field name after '.'`, name.col);
        if (METHODS.has(name.text) && this.isOp('(')) {
          const args = this.args();
          if (args.length !== 1) throw new ExpressionError(`.${name.text}() takes 1 argument`, name.col);
          return { t: 'call', fn: name.text, args: [{ t: 'path', root, steps }, args[0]!] };
        }
        steps.push(name.text);
      } else if (this.isOp('[')) {
        this.next();
        const k = this.next();
        if (k.kind !== 'str' && k.kind !== 'num') throw new ExpressionError(`expected a string or number inside [ ]`, k.col);
        steps.push(k.value!);
        this.expect(']');
      } else {
        break;
      }
    }
    if (root === 'headers' && (steps.length !== 1 || typeof steps[0] !== 'string')) {
      throw new ExpressionError('headers needs one header name: headers.name or headers["name"]', this.peek().col);
    }
    if (['key', 'partition', 'offset', 'timestamp'].includes(root) && steps.length > 0) {
      throw new ExpressionError(`${root} has no fields`, this.peek().col);
    }
    return { t: 'path', root, steps };
  }

  private args(): Node[] {
    this.expect('(');
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.nested(() => this.or()));
      while (this.isOp(',')) {
        this.next();
        args.push(this.nested(() => this.or()));
      }
    }
    this.expect(')');
    return args;
  }
}

const hasOwn = (o: object, k: string | number): boolean => Object.prototype.hasOwnProperty.call(o, k);

function truthy(v: Value): boolean {
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== '' && !Number.isNaN(v);
}

function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function compare(op: string, a: Value, b: Value): boolean {
  a ??= null;
  b ??= null;
  if (op === '==' || op === '!=') {
    let eq: boolean;
    if (typeof a === 'number' || typeof b === 'number') {
      const x = asNumber(a);
      const y = asNumber(b);
      eq = x !== undefined && y !== undefined ? x === y : a === b;
    } else if (typeof a === 'object' && a !== null) {
      eq = JSON.stringify(a) === JSON.stringify(b);
    } else {
      eq = a === b;
    }
    return op === '==' ? eq : !eq;
  }
  let x: number | string | undefined;
  let y: number | string | undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else {
    x = asNumber(a);
    y = asNumber(b);
    if (x === undefined || y === undefined) return false;
  }
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

/** A compiled expression: evaluates to true or false for one record. */
export type CompiledExpression = (scope: ExpressionScope) => boolean;

/** Parses once; throws ExpressionError with a column for invalid input. */
export function compileExpression(source: string): CompiledExpression {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`expression is longer than ${MAX_LENGTH} characters`, MAX_LENGTH);
  if (source.trim() === '') throw new ExpressionError('expression is empty', 1);
  const tree = new Parser(tokenize(source)).parse();
  // RE2 (linear time), never RegExp: a pattern must not be able to freeze the host (see userRegex.ts).
  const regexes = new Map<string, UserRegex>();
  const regexFor = (pattern: string): UserRegex => {
    let re = regexes.get(pattern);
    if (!re) {
      try {
        re = compileUserRegex(pattern);
      } catch (e) {
        throw new ExpressionError(`invalid regular expression ${JSON.stringify(pattern.slice(0, 100))}: ${(e as Error).message}`, 1);
      }
      // A pattern read from each record would otherwise grow the cache without bound.
      if (regexes.size >= 256) regexes.clear();
      regexes.set(pattern, re);
    }
    return re;
  };
  // Regex literals are checked now, so a typo fails at compile time rather than silently matching nothing.
  const visit = (n: Node): void => {
    if (n.t === 'call') {
      const pattern = n.args[1];
      if (n.fn === 'matches' && pattern?.t === 'lit' && typeof pattern.v === 'string') regexFor(pattern.v);
      n.args.forEach(visit);
    } else if (n.t === 'not') visit(n.e);
    else if (n.t === 'and' || n.t === 'or' || n.t === 'cmp') {
      visit(n.a);
      visit(n.b);
    }
  };
  visit(tree);

  const evaluate = (n: Node, s: ExpressionScope): Value => {
    switch (n.t) {
      case 'lit': return n.v;
      case 'not': return !truthy(evaluate(n.e, s));
      case 'and': return truthy(evaluate(n.a, s)) && truthy(evaluate(n.b, s));
      case 'or': return truthy(evaluate(n.a, s)) || truthy(evaluate(n.b, s));
      case 'cmp': return compare(n.op, evaluate(n.a, s), evaluate(n.b, s));
      case 'path': return readPath(n.root, n.steps, s);
      case 'call': {
        const args = n.args.map((a) => evaluate(a, s));
        const [a, b] = args;
        switch (n.fn) {
          case 'contains':
            if (typeof a === 'string') return b !== null && b !== undefined && a.includes(String(b));
            if (Array.isArray(a)) return a.some((x) => compare('==', x, b));
            return false;
          case 'startsWith': return typeof a === 'string' && b !== null && b !== undefined && a.startsWith(String(b));
          case 'endsWith': return typeof a === 'string' && b !== null && b !== undefined && a.endsWith(String(b));
          case 'matches': return typeof a === 'string' && typeof b === 'string' && regexFor(b).test(a);
          case 'lower': return typeof a === 'string' ? a.toLowerCase() : a;
          default: return typeof a === 'string' || Array.isArray(a) ? a.length : null;
        }
      }
    }
  };
  return (scope) => truthy(evaluate(tree, scope));
}

function readPath(root: string, steps: readonly (string | number)[], s: ExpressionScope): Value {
  switch (root) {
    case 'key': return s.key;
    case 'partition': return s.partition;
    case 'offset': return s.offset;
    case 'timestamp': return s.timestamp;
    case 'headers': return s.header(steps[0] as string);
  }
  if (steps.length === 0) return s.value;
  let v: Value = s.json();
  for (const step of steps) {
    // Only own properties of parsed JSON: nothing on a prototype (constructor, __proto__) is reachable.
    if (v === null || typeof v !== 'object' || !hasOwn(v, step)) return null;
    v = (v as Record<string | number, Value>)[step];
  }
  return v ?? null;
}
