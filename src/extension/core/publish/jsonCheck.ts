/**
 * Where JSON text first goes wrong, as an offset. JSON.parse says whether text is JSON, but V8's
 * messages do not always say where (Node 20: `Unexpected token '}', "…" is not valid JSON`), and the
 * panel points at the line and column; this scanner follows RFC 8259's grammar and stops at the first
 * character that cannot continue it. It builds nothing, so it is cheap to run as the user types.
 */

/** The first error: offset (0-based) and what was expected there. */
export interface JsonError {
  readonly offset: number;
  readonly expected: string;
}

/** Undefined when `text` is one JSON value with only whitespace around it. */
export function findJsonError(text: string): JsonError | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (expected: string): JsonError => ({ offset: i, expected });
  const literal = (word: string): JsonError | undefined => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return undefined;
    }
    return fail(`"${word}"`);
  };
  const string = (): JsonError | undefined => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail('a closing quote (control characters must be escaped)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return fail('four hex digits after \\u');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return fail('an escape such as \\n, \\" or \\u0041');
        }
      } else i++;
    }
    return fail('a closing quote');
  };
  const number = (): JsonError | undefined => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') return fail('a number');
    i += m[0].length;
    return undefined;
  };
  const value = (depth: number): JsonError | undefined => {
    if (depth > 512) return fail('less nesting');
    ws();
    const c = text[i];
    switch (c) {
      case '{': {
        i++;
        ws();
        if (text[i] === '}') {
          i++;
          return undefined;
        }
        for (;;) {
          ws();
          if (text[i] !== '"') return fail('a property name in double quotes');
          const e = string();
          if (e) return e;
          ws();
          if (text[i] !== ':') return fail('":"');
          i++;
          const v = value(depth + 1);
          if (v) return v;
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            return undefined;
          }
          return fail('"," or "}"');
        }
      }
      case '[': {
        i++;
        ws();
        if (text[i] === ']') {
          i++;
          return undefined;
        }
        for (;;) {
          const v = value(depth + 1);
          if (v) return v;
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            return undefined;
          }
          return fail('"," or "]"');
        }
      }
      case '"':
        return string();
      case 't':
        return literal('true');
      case 'f':
        return literal('false');
      case 'n':
        return literal('null');
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
        return fail('a value (object, array, string, number, true, false or null)');
    }
  };
  const error = value(0);
  if (error) return error;
  ws();
  return i < text.length ? fail('the end of the text (only one JSON value is allowed)') : undefined;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
