/**
 * The one redaction and log-safety helper. Every error sentence, error detail and log line passes
 * through it (BrokerError's constructor, the host's ScopedLogger and userSentence), so a password a
 * user put in a URL never reaches a notification, a webview or the output channel, whichever adapter
 * or library repeated it.
 */

/** What replaces a secret. */
export const REDACTED = '***';

// scheme://user:password@  (also user-only `scheme://user@` is kept: a user name is not a secret).
// The userinfo may hold anything but '/', whitespace and '@' itself (RFC 3986 percent-encodes '@').
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;
// password=..., "password":"...", passphrase, secret, token in query strings, JSON and key=value text.
const KEY_VALUE = /(["']?(?:password|passwd|passphrase|secret|token|sasl[_-]?password)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}]+)/gi;
// An HTTP basic-auth header value as some libraries print it.
const BASIC_AUTH = /\b(Basic\s+)[A-Za-z0-9+/=]{8,}/g;

/** Replaces `user:password@` in URLs, `password=…`-style pairs and Basic auth values with `***`. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(KEY_VALUE, (_m, key: string) => `${key}${REDACTED}`)
    .replace(BASIC_AUTH, (_m, prefix: string) => `${prefix}${REDACTED}`);
}

/** True when the URL text carries a password (or user info) before the host. */
export function hasUrlCredentials(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.username !== '' || url.password !== '';
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(text.trim());
  }
}

/** A URL without its user info, and what was in it (decoded), for moving credentials elsewhere. */
export function splitUrlCredentials(text: string): { url: string; username?: string; password?: string } {
  const url = new URL(text.trim());
  const username = safeDecode(url.username);
  const password = safeDecode(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/$/, text.trim().endsWith('/') ? '/' : ''), ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Default most characters of one interpolated value in a log line. */
export const LOG_VALUE_LIMIT = 300;

/**
 * One value made safe to interpolate in a log line: secrets redacted, control characters (newline,
 * carriage return, escape, NUL...) shown escaped so no value can forge a line or a colour, and cut
 * to `limit` characters with the total size said.
 */
export function logValue(value: unknown, limit = LOG_VALUE_LIMIT): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const total = text.length;
  // Cut before escaping so a huge value is not escaped in full; the size said is the original's.
  const head = total > limit ? text.slice(0, limit) : text;
  const safe = escapeControl(redactSecrets(head));
  return total > limit ? `${safe}… (${total} characters in all)` : safe;
}

/** Escapes C0/C1 control characters and line/paragraph separators (\n → \\n, ESC → \\u001b). */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A whole log line (message plus multi-line detail) made safe: secrets redacted, each line's control
 * characters escaped (the line breaks of a stack trace are kept), very long lines cut with their size.
 */
export function safeLogText(text: string, lineLimit = 2000): string {
  return redactSecrets(text)
    .split('\n')
    .map((line) => {
      const escaped = escapeControl(line);
      return escaped.length > lineLimit ? `${escaped.slice(0, lineLimit)}… (${escaped.length} characters in all)` : escaped;
    })
    .join('\n');
}
