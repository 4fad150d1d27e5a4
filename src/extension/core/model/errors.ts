import { redactSecrets } from '../util/redact.js';

/**
 * Broker-neutral errors. Every adapter turns its library's errors into a BrokerError, so the host can
 * show one clear sentence (`userMessage`) and log the full `detail` without knowing which broker failed.
 */

/** What kind of failure happened; the UI picks actions (Retry, Edit Connection) from it. */
export type BrokerErrorCode =
  | 'unreachable'
  | 'authFailed'
  | 'tlsUntrusted'
  | 'accessRefused'
  | 'notFound'
  | 'alreadyExists'
  | 'preconditionFailed'
  | 'groupActive'
  | 'timeout'
  | 'cancelled'
  | 'invalidInput'
  | 'unsupported'
  | 'managementUnavailable'
  | 'disconnected'
  | 'unknown';

/** Options for {@link BrokerError}. */
export interface BrokerErrorOptions {
  /** Raw detail for the log: the library's message, codes, stack. Never shown as the headline. */
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * An error an adapter raises. `message` is the user-facing sentence: what failed, why, what to do.
 */
export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  readonly detail: string;

  constructor(code: BrokerErrorCode, userMessage: string, options: BrokerErrorOptions = {}) {
    // Redacted here, once, so no adapter error path can carry a password a URL or a library repeated.
    super(redactSecrets(userMessage), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrokerError';
    this.code = code;
    this.detail = redactSecrets(options.detail ?? describeCause(options.cause));
  }

  /** The sentence to show the user. */
  get userMessage(): string {
    return this.message;
  }
}

/** True for a BrokerError, also across bundle copies (checks the shape, not the prototype). */
export function isBrokerError(value: unknown): value is BrokerError {
  return value instanceof BrokerError
    || (value instanceof Error && value.name === 'BrokerError' && typeof (value as { code?: unknown }).code === 'string');
}

/** A readable one-block description of any thrown value, for the log. */
export function describeCause(cause: unknown): string {
  if (cause === undefined || cause === null) return '';
  if (cause instanceof Error) {
    const parts = [`${cause.name}: ${cause.message}`];
    const extra = cause as Error & { code?: unknown; type?: unknown; errno?: unknown };
    for (const key of ['code', 'type', 'errno'] as const) {
      if (extra[key] !== undefined) parts.push(`${key}=${String(extra[key])}`);
    }
    if (cause.stack) parts.push(cause.stack.split('\n').slice(1, 6).join('\n'));
    if (cause.cause !== undefined) parts.push(`caused by ${describeCause(cause.cause)}`);
    return parts.join('\n');
  }
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}
