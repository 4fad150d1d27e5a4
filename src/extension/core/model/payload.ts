/**
 * Bytes as a developer wants to see them: the exact bytes, plus text, pretty JSON, hex and base64 views.
 * Binary is detected (invalid UTF-8 or control characters) so it is never shown as mangled text.
 */

/** How a payload is best shown. */
export type PayloadKind = 'empty' | 'text' | 'json' | 'binary';

/** Decoded views of one payload. `hex` and `base64` cover at most `previewLimit` bytes. */
export interface PayloadView {
  readonly kind: PayloadKind;
  /** Size of the whole payload in bytes. */
  readonly size: number;
  /** UTF-8 text, only when the bytes are valid text. */
  readonly text?: string;
  /** Pretty-printed JSON, only when the text parses as a JSON object or array. */
  readonly json?: string;
  readonly hex: string;
  readonly base64: string;
  /** True when hex/base64/text stop before the end of the payload. */
  readonly truncated: boolean;
}

const DEFAULT_PREVIEW_LIMIT = 64 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes text as UTF-8. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** True when `bytes` are valid UTF-8 with no control characters other than tab, CR and LF. */
export function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

/** Lower-case hex of the bytes, no separators. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

/** Standard base64 (RFC 4648, with padding). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Inverse of {@link toBase64}; throws on characters outside the base64 alphabet. */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * Decodes a payload into its views. Large payloads are previewed up to `previewLimit` bytes so a
 * 10 MB value never becomes a 20 MB hex string.
 */
export function decodePayload(bytes: Uint8Array | null | undefined, previewLimit = DEFAULT_PREVIEW_LIMIT): PayloadView {
  if (!bytes || bytes.length === 0) {
    return { kind: 'empty', size: 0, hex: '', base64: '', truncated: false, text: '' };
  }
  const truncated = bytes.length > previewLimit;
  const head = truncated ? bytes.subarray(0, previewLimit) : bytes;
  const hex = toHex(head);
  const base64 = toBase64(head);
  // A cut can split a multi-byte character, so test the whole payload for text when it is small
  // enough, and otherwise the preview with up to three trailing bytes dropped.
  const textBytes = truncated ? trimPartialUtf8(head) : head;
  if (!isText(textBytes)) return { kind: 'binary', size: bytes.length, hex, base64, truncated };
  const text = strictUtf8.decode(textBytes);
  if (!truncated) {
    const json = prettyJson(text);
    if (json !== undefined) return { kind: 'json', size: bytes.length, text, json, hex, base64, truncated };
  }
  return { kind: 'text', size: bytes.length, text, hex, base64, truncated };
}

function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  // Walk back over continuation bytes (10xxxxxx) to the start of the last character; drop it if incomplete.
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && (bytes[i]! & 0xc0) === 0x80 && continuation < 3) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes;
  const lead = bytes[i]!;
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return expected === continuation ? bytes : bytes.subarray(0, i);
}
